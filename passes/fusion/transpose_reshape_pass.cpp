// fold-transpose-reshape: consecutive Transposes composed into one (dropped when the result is the
// identity), identity Transposes removed, and Reshape of a Reshape reading the first one's input.
#include "passes/fusion/fusion_passes.h"
#include "passes/fusion/fusion_utils.h"
#include "passes/fusion/simple_pass.h"

namespace minnow::passes::fusion {
namespace {

bool IsIdentityPerm(const std::vector<int64_t>& p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != static_cast<int64_t>(i)) return false;
  }
  return true;
}

// Bypasses `n` (whose output equals its input 0) unless its output is a graph output.
bool Bypass(ir::Graph& g, ir::Node* n) {
  if (IsGraphOutput(g, n->output(0))) return false;
  g.ReplaceAllUses(n->output(0), n->input(0));
  RemoveNodes(g, {n});
  return true;
}

// Removes the first node of a collapsed pair when nothing else reads its output.
void DropIfUnused(ir::Graph& g, ir::Node* n) {
  if (n->output(0)->users().empty() && !IsGraphOutput(g, n->output(0))) RemoveNodes(g, {n});
}

Expected<bool> TryTranspose(ir::Graph& g, ir::Node* t2, PassResult& r) {
  if (!IsOp(t2, "Transpose") || !t2->input(0)) return false;
  const std::vector<int64_t> p2 = t2->GetInts("perm");
  if (p2.empty()) return false;  // default reversal needs the rank
  if (IsIdentityPerm(p2)) {
    if (!Bypass(g, t2)) return false;
    r.Count("identity transposes removed");
    return true;
  }
  ir::Node* t1 = ProducerIs(t2->input(0), "Transpose");
  if (!t1 || !t1->input(0)) return false;
  const std::vector<int64_t> p1 = t1->GetInts("perm");
  if (p1.size() != p2.size()) return false;
  // t2(t1(x)) has dim j = t1 dim p2[j] = x dim p1[p2[j]].
  std::vector<int64_t> p(p2.size());
  for (size_t j = 0; j < p2.size(); ++j) {
    if (p2[j] < 0 || p2[j] >= static_cast<int64_t>(p1.size())) return false;
    p[j] = p1[p2[j]];
  }
  ir::Value* x = t1->input(0);
  ir::Value* out = t2->output(0);
  if (IsIdentityPerm(p) && !IsGraphOutput(g, out)) {
    g.ReplaceAllUses(out, x);
    RemoveNodes(g, {t2});
  } else {
    RemoveNodes(g, {t2});
    MINNOW_ASSIGN_OR_RETURN(ir::Node * n, AddNodeLike(g, *t1, "Transpose", "", {x}, {out}));
    n->SetAttribute("perm", ir::Attribute(ir::Attribute::Storage(p)));
  }
  DropIfUnused(g, t1);
  r.Count("transposes composed");
  return true;
}

Expected<bool> TryReshape(ir::Graph& g, ir::Node* r2, PassResult& r) {
  if (!IsOp(r2, "Reshape") || r2->num_inputs() != 2) return false;
  ir::Node* r1 = ProducerIs(r2->input(0), "Reshape");
  if (!r1 || !r1->input(0)) return false;
  // A 0 in r2's shape copies a dim of r1's output, which r1's input need not have.
  const Tensor* shape = ConstValue(r2->input(1));
  if (!shape || shape->dtype() != DataType::kInt64) return false;
  if (r2->GetInt("allowzero", 0) == 0) {
    for (int64_t i = 0; i < shape->numel(); ++i) {
      if (shape->data<int64_t>()[i] == 0) return false;
    }
  }
  r2->ReplaceInput(0, r1->input(0));
  DropIfUnused(g, r1);
  r.Count("reshapes collapsed");
  return true;
}

}  // namespace

std::unique_ptr<Pass> MakeFoldTransposeReshapePass() {
  return std::make_unique<FunctionPass>(
      "fold-transpose-reshape", "Compose consecutive Transposes, drop identity ones, collapse Reshape chains",
      [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          MINNOW_ASSIGN_OR_RETURN(bool done, TryTranspose(*m.graph, n, r));
          if (done) return true;
          return TryReshape(*m.graph, n, r);
        });
      });
}

}  // namespace minnow::passes::fusion
