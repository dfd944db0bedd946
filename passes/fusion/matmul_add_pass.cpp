// fuse-matmul-add: MatMul of 2-D operands followed by Add of a per-column constant -> Gemm with bias.
#include "passes/fusion/channel_affine.h"
#include "passes/fusion/fusion_passes.h"
#include "passes/fusion/fusion_utils.h"
#include "passes/fusion/simple_pass.h"

namespace minnow::passes::fusion {
namespace {

// Columns of the 2-D B operand, or -1 when B is not known to be 2-D with a known last dim.
int64_t Columns2D(const ir::Value* b) {
  const auto* s = ShapeOf(b);
  if (!s || s->size() != 2 || !(*s)[1].is_known()) return -1;
  return (*s)[1].size;
}

Expected<bool> TryFuse(ir::Graph& g, ir::Node* add) {
  if (!IsOp(add, "Add") || add->num_inputs() != 2) return false;
  for (int slot = 0; slot < 2; ++slot) {
    ir::Value* y = add->input(slot);
    ir::Node* mm = ProducerIs(y, "MatMul");
    if (!mm || SoleUser(g, y) != add) continue;
    // Gemm needs both operands 2-D: a 1-D or batched MatMul keeps its own op.
    const auto* sa = ShapeOf(mm->input(0));
    const int64_t n = Columns2D(mm->input(1));
    if (!sa || sa->size() != 2 || n < 1) continue;
    if (mm->input(0)->dtype() != DataType::kFloat32) continue;
    auto bias = PerChannelConst(add->input(1 - slot), n, 2);
    if (!bias) continue;
    ir::Value* out = add->output(0);
    const std::string base = mm->name().empty() ? "MatMul" : mm->name();
    MINNOW_ASSIGN_OR_RETURN(ir::Value * c,
                            AddInitializer(g, base + "_bias", Tensor::FromVector(DataType::kFloat32, {n}, *bias)));
    std::vector<ir::Value*> inputs = {mm->input(0), mm->input(1), c};
    RemoveNodes(g, {add});
    MINNOW_RETURN_IF_ERROR(AddNodeLike(g, *mm, "Gemm", "", inputs, {out}).status());
    RemoveNodes(g, {mm});
    return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<Pass> MakeFuseMatMulAddPass() {
  return std::make_unique<FunctionPass>(
      "fuse-matmul-add", "Turn 2-D MatMul + Add of a per-column constant into Gemm", [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          MINNOW_ASSIGN_OR_RETURN(bool done, TryFuse(*m.graph, n));
          if (done) r.Count("fused");
          return done;
        });
      });
}

}  // namespace minnow::passes::fusion
