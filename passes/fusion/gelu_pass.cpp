// fuse-gelu: the exact (erf) GELU subgraph 0.5 * x * (1 + erf(x / sqrt(2))), in the operand orders
// exporters produce, becomes one com.microsoft Gelu node.
#include "passes/fusion/fusion_passes.h"
#include "passes/fusion/fusion_utils.h"
#include "passes/fusion/simple_pass.h"

namespace minnow::passes::fusion {
namespace {

// The node computing `v * c` or `v / (1/c)` for a scalar constant factor c ~ `factor`, where v is the
// other operand; returns v in *v_out.
bool IsScale(const ir::Node* n, float factor, ir::Value** v_out) {
  if (IsOp(n, "Mul") && n->num_inputs() == 2) {
    for (int s = 0; s < 2; ++s) {
      if (ConstNear(n->input(1 - s), factor)) {
        *v_out = n->input(s);
        return true;
      }
    }
  }
  if (IsOp(n, "Div") && n->num_inputs() == 2 && ConstNear(n->input(1), 1.0f / factor)) {
    *v_out = n->input(0);
    return true;
  }
  return false;
}

Expected<bool> TryFuse(ir::Model& m, ir::Node* erf) {
  ir::Graph& g = *m.graph;
  if (!IsOp(erf, "Erf")) return false;
  ir::Value* x = nullptr;
  ir::Node* scaled = erf->input(0) ? erf->input(0)->producer() : nullptr;
  if (!scaled || !IsScale(scaled, 0.70710678f, &x) || !x || SoleUser(g, erf->input(0)) != erf) return false;
  ir::Node* add = SoleUser(g, erf->output(0));
  if (!IsOp(add, "Add") || !ConstNear(OtherInput(add, erf->output(0)), 1.0f)) return false;
  ir::Node* mul = SoleUser(g, add->output(0));
  ir::Value* other = OtherInput(mul, add->output(0));
  if (!IsOp(mul, "Mul") || !other) return false;
  std::vector<ir::Node*> nodes = {scaled, erf, add, mul};
  ir::Node* last = nullptr;
  ir::Value* v = nullptr;
  ir::Node* op = other->producer();
  if (other == x) {
    // (x * (1 + erf)) * 0.5
    last = SoleUser(g, mul->output(0));
    if (!last || !IsScale(last, 0.5f, &v) || v != mul->output(0)) return false;
    nodes.push_back(last);
  } else if (op && IsScale(op, 0.5f, &v) && v == x && SoleUser(g, other) == mul) {
    // (x * 0.5) * (1 + erf)
    last = mul;
    nodes.push_back(op);
  } else if (ConstNear(other, 0.5f)) {
    // x * ((1 + erf) * 0.5)
    last = SoleUser(g, mul->output(0));
    if (!IsOp(last, "Mul") || OtherInput(last, mul->output(0)) != x) return false;
    nodes.push_back(last);
  } else {
    return false;
  }
  ir::Value* out = last->output(0);
  const std::string name = erf->name();
  RemoveNodes(g, nodes);
  MINNOW_RETURN_IF_ERROR(g.AddNode("Gelu", kMsDomain, name, {x}, {out}).status());
  EnsureOpset(m, kMsDomain, 1);
  return true;
}

}  // namespace

std::unique_ptr<Pass> MakeFuseGeluPass() {
  return std::make_unique<FunctionPass>(
      "fuse-gelu", "Replace the erf GELU subgraph with com.microsoft Gelu", [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          MINNOW_ASSIGN_OR_RETURN(bool done, TryFuse(m, n));
          if (done) r.Count("fused");
          return done;
        });
      });
}

}  // namespace minnow::passes::fusion
