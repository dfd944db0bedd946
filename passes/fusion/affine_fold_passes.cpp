// fold-bn, fold-conv-mul-add and fuse-bias-add: per-channel affine ops after Conv / ConvTranspose /
// Gemm folded into that op's constant weight and bias.
#include <cmath>

#include "passes/fusion/channel_affine.h"
#include "passes/fusion/fusion_passes.h"
#include "passes/fusion/fusion_utils.h"
#include "passes/fusion/simple_pass.h"

namespace minnow::passes::fusion {
namespace {

// The node producing x when x's only reader is `user` and that node can absorb a channel affine map.
ir::Node* FoldableProducer(const ir::Graph& g, const ir::Value* x, const ir::Node* user) {
  if (!x || SoleUser(g, x) != user || !x->producer()) return nullptr;
  return FoldableChannels(*x->producer()) ? x->producer() : nullptr;
}

Expected<bool> TryFoldBn(ir::Graph& g, ir::Node* bn) {
  if (!IsOp(bn, "BatchNormalization") || bn->GetInt("training_mode", 0) != 0) return false;
  if (bn->GetInt("spatial", 1) == 0) return false;  // opset < 9 per-element statistics
  for (size_t i = 1; i < bn->num_outputs(); ++i) {
    const ir::Value* extra = bn->output(i);
    if (extra && (!extra->users().empty() || IsGraphOutput(g, extra))) return false;
  }
  ir::Node* p = FoldableProducer(g, bn->input(0), bn);
  if (!p) return false;
  const int64_t C = *FoldableChannels(*p);
  std::optional<Tensor> params[4];
  for (int i = 0; i < 4; ++i) {
    params[i] = FloatConst(bn->input(i + 1));
    if (!params[i] || params[i]->numel() != C || params[i]->rank() != 1) return false;
  }
  const double eps = bn->GetFloat("epsilon", 1e-5f);
  std::vector<float> scale(C), shift(C);
  for (int64_t c = 0; c < C; ++c) {
    const double gamma = params[0]->data<float>()[c], beta = params[1]->data<float>()[c];
    const double mean = params[2]->data<float>()[c], var = params[3]->data<float>()[c];
    const double s = gamma / std::sqrt(var + eps);
    scale[c] = static_cast<float>(s);
    shift[c] = static_cast<float>(beta - mean * s);
  }
  ir::Value* out = bn->output(0);
  RemoveNodes(g, {bn});
  MINNOW_RETURN_IF_ERROR(FoldAffineInto(g, p, scale, shift, out).status());
  return true;
}

// Mul / Div / Add / Sub of a per-channel constant after a foldable producer (Sub and Div only with
// the producer on the left). With only_add, just Add (bias fusion).
Expected<bool> TryFoldMulAdd(ir::Graph& g, ir::Node* n, bool only_add) {
  const bool is_add = IsOp(n, "Add"), is_mul = IsOp(n, "Mul"), is_sub = IsOp(n, "Sub"), is_div = IsOp(n, "Div");
  if (!(is_add || (!only_add && (is_mul || is_sub || is_div))) || n->num_inputs() != 2) return false;
  for (int slot = 0; slot < 2; ++slot) {
    if (slot == 1 && (is_sub || is_div)) break;
    ir::Node* p = FoldableProducer(g, n->input(slot), n);
    if (!p) continue;
    const int64_t C = *FoldableChannels(*p);
    auto values = PerChannelConst(n->input(1 - slot), C, OutputRank(*p));
    if (!values) continue;
    std::vector<float> scale, shift;
    if (is_mul) scale = *values;
    if (is_add) shift = *values;
    if (is_sub) {
      for (float v : *values) shift.push_back(-v);
    }
    if (is_div) {
      for (float v : *values) {
        if (v == 0.0f || !std::isfinite(v)) return false;
        scale.push_back(1.0f / v);
      }
    }
    ir::Value* out = n->output(0);
    RemoveNodes(g, {n});
    MINNOW_RETURN_IF_ERROR(FoldAffineInto(g, p, scale, shift, out).status());
    return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<Pass> MakeFoldBnPass() {
  return std::make_unique<FunctionPass>(
      "fold-bn", "Fold inference BatchNormalization into the Conv / ConvTranspose / Gemm before it",
      [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          MINNOW_ASSIGN_OR_RETURN(bool done, TryFoldBn(*m.graph, n));
          if (done) r.Count("folded");
          return done;
        });
      });
}

std::unique_ptr<Pass> MakeFoldConvMulAddPass() {
  return std::make_unique<FunctionPass>(
      "fold-conv-mul-add",
      "Fold Mul/Div/Add/Sub by per-channel constants (and BatchNormalization) after Conv / ConvTranspose / Gemm into "
      "its weights",
      [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          const std::string op = n->op_type();
          MINNOW_ASSIGN_OR_RETURN(bool done, TryFoldMulAdd(*m.graph, n, false));
          if (done) r.Count(op == "Mul" || op == "Div" ? "scales folded" : "shifts folded");
          // A BatchNormalization behind a folded Mul/Add only now follows the conv directly.
          if (!done) {
            MINNOW_ASSIGN_OR_RETURN(done, TryFoldBn(*m.graph, n));
            if (done) r.Count("batchnorms folded");
          }
          return done;
        });
      });
}

std::unique_ptr<Pass> MakeFuseBiasAddPass() {
  return std::make_unique<FunctionPass>(
      "fuse-bias-add", "Fold Add of a per-channel constant after Conv / ConvTranspose / Gemm into the bias",
      [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          MINNOW_ASSIGN_OR_RETURN(bool done, TryFoldMulAdd(*m.graph, n, true));
          if (done) r.Count("fused");
          return done;
        });
      });
}

}  // namespace minnow::passes::fusion
