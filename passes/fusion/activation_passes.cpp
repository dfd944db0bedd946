// fuse-residual and fuse-activation: Conv / Gemm followed by a residual Add and an activation become
// one com.microsoft FusedConv / FusedGemm (ONNX Runtime's contrib-op convention) whose kernel applies
// the epilogue in place on the output.
#include <cmath>
#include <limits>

#include "passes/fusion/fusion_passes.h"
#include "passes/fusion/fusion_utils.h"
#include "passes/fusion/simple_pass.h"

namespace minnow::passes::fusion {
namespace {

using ir::Attribute;

bool IsFused(const ir::Node* n, const char* op) { return n && n->domain() == kMsDomain && n->op_type() == op; }

// Conv or Gemm (plain, or already fused without an activation) that can take an activation epilogue.
bool AcceptsActivation(const ir::Node* p) {
  if (!p || p->num_outputs() != 1) return false;
  if (IsOp(p, "Conv") || IsOp(p, "Gemm")) return true;
  return (IsFused(p, "FusedConv") || IsFused(p, "FusedGemm")) && p->GetString("activation", "").empty();
}

struct Activation {
  std::string name;
  std::vector<float> params;
};

// The activation computed by `act` from x, or nullopt. `extra` receives the other node of a
// two-node form (the Sigmoid / HardSigmoid of x * Sigmoid(x)).
std::optional<Activation> MatchActivation(const ir::Graph& g, const ir::Node* act, const ir::Value* x,
                                          int64_t opset, ir::Node** extra) {
  *extra = nullptr;
  if (!act->domain().empty() || act->num_outputs() != 1) return std::nullopt;
  const std::string& op = act->op_type();
  if (act->input(0) == x && act->num_inputs() == 1) {
    if (op == "Relu" || op == "Sigmoid" || op == "Tanh" || op == "HardSwish") return Activation{op, {}};
    if (op == "LeakyRelu") return Activation{op, {act->GetFloat("alpha", 0.01f)}};
    if (op == "HardSigmoid") return Activation{op, {act->GetFloat("alpha", 0.2f), act->GetFloat("beta", 0.5f)}};
  }
  if (op == "Clip" && act->input(0) == x) {
    float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
    if (opset < 11) {
      lo = act->GetFloat("min", -std::numeric_limits<float>::max());
      hi = act->GetFloat("max", std::numeric_limits<float>::max());
    } else {
      for (size_t i = 1; i < 3; ++i) {
        if (!act->input(i)) continue;
        auto v = ScalarConst(act->input(i));
        if (!v) return std::nullopt;
        (i == 1 ? lo : hi) = *v;
      }
    }
    return Activation{"Clip", {lo, hi}};
  }
  // x * Sigmoid(x) (SiLU) and x * HardSigmoid(x) with HardSwish's constants.
  if (op == "Mul" && act->num_inputs() == 2 && x->users().size() == 2) {
    for (int slot = 0; slot < 2; ++slot) {
      if (act->input(slot) != x) continue;
      ir::Value* gate = act->input(1 - slot);
      ir::Node* gn = gate ? gate->producer() : nullptr;
      if (!gn || gn->input(0) != x || SoleUser(g, gate) != act) continue;
      if (IsOp(gn, "Sigmoid")) {
        *extra = gn;
        return Activation{"SiLU", {}};
      }
      if (IsOp(gn, "HardSigmoid") && NearlyEqual(gn->GetFloat("alpha", 0.2f), 1.0f / 6) &&
          NearlyEqual(gn->GetFloat("beta", 0.5f), 0.5f)) {
        *extra = gn;
        return Activation{"HardSwish", {}};
      }
    }
  }
  return std::nullopt;
}

// Clip(v, 0, 6) at either opset convention.
bool IsRelu6(const ir::Node* n, int64_t opset) {
  if (!IsOp(n, "Clip")) return false;
  if (opset < 11) return n->GetFloat("min", -1) == 0.0f && n->GetFloat("max", -1) == 6.0f;
  return ConstNear(n->input(1), 0.0f, 0.0f) && ConstNear(n->input(2), 6.0f, 0.0f);
}

// Clip(Add(x, 3), 0, 6) read only by `user`; returns x, and the Add and Clip in *nodes.
ir::Value* Relu6Shifted(const ir::Graph& g, const ir::Value* v, const ir::Node* user, int64_t opset,
                        std::vector<ir::Node*>* nodes) {
  ir::Node* clip = v ? v->producer() : nullptr;
  if (!IsRelu6(clip, opset) || SoleUser(g, v) != user) return nullptr;
  ir::Node* add = clip->input(0)->producer();
  if (!IsOp(add, "Add") || SoleUser(g, clip->input(0)) != clip) return nullptr;
  for (int s = 0; s < 2; ++s) {
    if (ConstNear(add->input(1 - s), 3.0f)) {
      nodes->insert(nodes->end(), {add, clip});
      return add->input(s);
    }
  }
  return nullptr;
}

// HardSwish written as x * relu6(x + 3) / 6 (PaddlePaddle's export), anchored at its last node:
// Div(Mul(x, r), 6) / Mul(Mul(x, r), 1/6), or Mul(x, Div(r, 6)) / Mul(x, Mul(r, 1/6)).
// Returns x and every other node of the pattern in *nodes.
ir::Value* MatchHardSwishRelu6(const ir::Graph& g, const ir::Node* act, int64_t opset, std::vector<ir::Node*>* nodes) {
  // v / 6 or v * (1/6): returns v.
  const auto over6 = [](const ir::Node* n) -> ir::Value* {
    if (IsOp(n, "Div") && n->num_inputs() == 2 && ConstNear(n->input(1), 6.0f)) return n->input(0);
    if (IsOp(n, "Mul") && n->num_inputs() == 2) {
      for (int s = 0; s < 2; ++s) {
        if (ConstNear(n->input(1 - s), 1.0f / 6)) return n->input(s);
      }
    }
    return nullptr;
  };
  // (x * r) / 6
  if (ir::Value* m = over6(act)) {
    ir::Node* mul = m->producer();
    if (IsOp(mul, "Mul") && mul->num_inputs() == 2 && SoleUser(g, m) == act) {
      for (int s = 0; s < 2; ++s) {
        std::vector<ir::Node*> found = {mul};
        ir::Value* x = Relu6Shifted(g, mul->input(1 - s), mul, opset, &found);
        if (x && x == mul->input(s)) {
          *nodes = found;
          return x;
        }
      }
    }
  }
  // x * (r / 6)
  if (IsOp(act, "Mul") && act->num_inputs() == 2) {
    for (int s = 0; s < 2; ++s) {
      ir::Value* d = act->input(1 - s);
      ir::Node* dn = d ? d->producer() : nullptr;
      ir::Value* r = dn ? over6(dn) : nullptr;
      if (!r || SoleUser(g, d) != act) continue;
      std::vector<ir::Node*> found = {dn};
      ir::Value* x = Relu6Shifted(g, r, dn, opset, &found);
      if (x && x == act->input(s)) {
        *nodes = found;
        return x;
      }
    }
  }
  return nullptr;
}

// Attributes of the fused op: FusedConv keeps `activation_params`, FusedGemm ORT's
// activation_alpha / activation_beta.
void SetActivation(ir::Node* n, const Activation& a) {
  n->SetAttribute("activation", Attribute(Attribute::Storage(a.name)));
  if (a.params.empty()) return;
  if (n->op_type() == "FusedConv") {
    n->SetAttribute("activation_params", Attribute(Attribute::Storage(a.params)));
  } else {
    n->SetAttribute("activation_alpha", Attribute(Attribute::Storage(a.params[0])));
    if (a.params.size() > 1) n->SetAttribute("activation_beta", Attribute(Attribute::Storage(a.params[1])));
  }
}

// A FusedConv / FusedGemm replacing p (plain or fused) that writes `out`, with residual z (Conv only).
Expected<ir::Node*> MakeFused(ir::Graph& g, ir::Node* p, ir::Value* z, ir::Value* out) {
  const bool conv = p->op_type() == "Conv" || p->op_type() == "FusedConv";
  std::vector<ir::Value*> inputs = {p->input(0), p->input(1), p->input(2)};
  if (conv) inputs.push_back(z ? z : p->input(3));
  while (!inputs.empty() && !inputs.back()) inputs.pop_back();
  MINNOW_ASSIGN_OR_RETURN(ir::Node * n, AddNodeLike(g, *p, conv ? "FusedConv" : "FusedGemm", kMsDomain, inputs, {out}));
  RemoveNodes(g, {p});
  return n;
}

Status Rewrite(ir::Model& m, ir::Node* act, const std::vector<ir::Node*>& extra, ir::Node* p, const Activation& a);

Expected<bool> TryFuseActivation(ir::Model& m, ir::Node* act, PassResult& r) {
  ir::Graph& g = *m.graph;
  std::vector<ir::Node*> hs_nodes;
  if (ir::Value* x = MatchHardSwishRelu6(g, act, m.onnx_opset(), &hs_nodes)) {
    ir::Node* p = x->producer();
    // x feeds the Add and the Mul of the pattern and nothing else.
    if (AcceptsActivation(p) && !IsGraphOutput(g, x) && x->users().size() == 2 &&
        x->dtype() != DataType::kFloat16) {
      MINNOW_RETURN_IF_ERROR(Rewrite(m, act, hs_nodes, p, Activation{"HardSwish", {}}));
      r.Count("HardSwish");
      return true;
    }
  }
  // x is the first input, or either factor of a Mul (x * Sigmoid(x) in both orders).
  for (size_t slot = 0; slot < (IsOp(act, "Mul") ? 2u : 1u); ++slot) {
    ir::Value* x = act->input(slot);
    ir::Node* p = x ? x->producer() : nullptr;
    if (!AcceptsActivation(p) || IsGraphOutput(g, x) || x->dtype() == DataType::kFloat16) continue;
    ir::Node* extra = nullptr;
    auto a = MatchActivation(g, act, x, m.onnx_opset(), &extra);
    // Every reader of x must be part of the activation.
    if (!a || x->users().size() != (extra ? 2u : 1u)) continue;
    std::vector<ir::Node*> extras;
    if (extra) extras.push_back(extra);
    MINNOW_RETURN_IF_ERROR(Rewrite(m, act, extras, p, *a));
    r.Count(a->name);
    return true;
  }
  return false;
}

Status Rewrite(ir::Model& m, ir::Node* act, const std::vector<ir::Node*>& extra, ir::Node* p, const Activation& a) {
  ir::Graph& g = *m.graph;
  ir::Value* out = act->output(0);
  std::vector<ir::Node*> remove = {act};
  remove.insert(remove.end(), extra.begin(), extra.end());
  RemoveNodes(g, remove);
  MINNOW_ASSIGN_OR_RETURN(ir::Node * n, MakeFused(g, p, nullptr, out));
  SetActivation(n, a);
  EnsureOpset(m, kMsDomain, 1);
  return Status::Ok();
}

Expected<bool> TryFuseResidual(ir::Model& m, ir::Node* add) {
  ir::Graph& g = *m.graph;
  if (!IsOp(add, "Add") || add->num_inputs() != 2) return false;
  for (int slot = 0; slot < 2; ++slot) {
    ir::Value* y = add->input(slot);
    ir::Value* z = add->input(1 - slot);
    ir::Node* p = y ? y->producer() : nullptr;
    const bool conv = IsOp(p, "Conv") || (IsFused(p, "FusedConv") && !p->input(3) &&
                                           p->GetString("activation", "").empty());
    if (!conv || SoleUser(g, y) != add || z == y || y->dtype() != DataType::kFloat32) continue;
    // ORT adds Z without broadcasting: both shapes must be known to be equal.
    if (!SameShape(y, z) || z->dtype() != DataType::kFloat32) continue;
    ir::Value* out = add->output(0);
    RemoveNodes(g, {add});
    MINNOW_RETURN_IF_ERROR(MakeFused(g, p, z, out).status());
    EnsureOpset(m, kMsDomain, 1);
    return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<Pass> MakeFuseResidualPass() {
  return std::make_unique<FunctionPass>(
      "fuse-residual", "Fuse Add(conv_out, z) of equal shapes into FusedConv's residual input Z",
      [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          MINNOW_ASSIGN_OR_RETURN(bool done, TryFuseResidual(m, n));
          if (done) r.Count("fused");
          return done;
        });
      });
}

std::unique_ptr<Pass> MakeFuseActivationPass() {
  return std::make_unique<FunctionPass>(
      "fuse-activation",
      "Fuse Relu, Clip, LeakyRelu, Sigmoid, Tanh, HardSigmoid, HardSwish and SiLU after Conv / Gemm into "
      "FusedConv / FusedGemm",
      [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) { return TryFuseActivation(m, n, r); });
      });
}

}  // namespace minnow::passes::fusion
