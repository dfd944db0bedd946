// fuse-layernorm: ReduceMean, Sub, Pow(2), ReduceMean, Add(eps), Sqrt, Div[, Mul(gamma), Add(beta)]
// over the last axis becomes one LayerNormalization. Models at opset >= 17 get the ONNX op; older
// ones get com.microsoft LayerNormalization (same attributes and inputs, as in ONNX Runtime's contrib
// ops), so the result is a valid model for its declared opset; minnow runs both with one kernel.
#include "passes/fusion/fusion_passes.h"
#include "passes/fusion/fusion_utils.h"
#include "passes/fusion/simple_pass.h"

namespace minnow::passes::fusion {
namespace {

// True when reduce is a keepdims ReduceMean of `x` over its last axis only.
bool ReducesLastAxis(const ir::Node* reduce, const ir::Value* x) {
  if (!IsOp(reduce, "ReduceMean") || reduce->input(0) != x || reduce->GetInt("keepdims", 1) != 1) return false;
  std::vector<int64_t> axes = reduce->GetInts("axes");
  if (reduce->input(1)) {  // opset 18: axes as an input
    const Tensor* t = ConstValue(reduce->input(1));
    if (!t || t->dtype() != DataType::kInt64) return false;
    axes.assign(t->data<int64_t>(), t->data<int64_t>() + t->numel());
  }
  if (axes.size() != 1) return false;
  if (axes[0] == -1) return true;
  const auto* s = ShapeOf(x);
  return s && axes[0] == static_cast<int64_t>(s->size()) - 1;
}

// A constant broadcasting only along the last axis, as `d` floats (d = its size, or `want` if known).
std::optional<std::vector<float>> LastAxisConst(const ir::Value* v, int64_t want) {
  auto t = FloatConst(v);
  if (!t || t->rank() == 0) return std::nullopt;
  for (int64_t i = 0; i + 1 < t->rank(); ++i) {
    if (t->dim(i) != 1) return std::nullopt;
  }
  const int64_t d = t->dim(t->rank() - 1);
  if (want > 0 && d != want && d != 1) return std::nullopt;
  if (want <= 0 && d == 1) return std::nullopt;  // a scalar needs the axis size to expand to
  const int64_t n = want > 0 ? want : d;
  std::vector<float> out(n);
  for (int64_t i = 0; i < n; ++i) out[i] = t->data<float>()[d == 1 ? 0 : i];
  return out;
}

Expected<bool> TryFuse(ir::Model& m, ir::Node* mean) {
  ir::Graph& g = *m.graph;
  if (!IsOp(mean, "ReduceMean") || !mean->input(0)) return false;
  ir::Value* x = mean->input(0);
  if (!ReducesLastAxis(mean, x) || x->dtype() == DataType::kFloat16) return false;
  ir::Node* sub = SoleUser(g, mean->output(0));
  if (!IsOp(sub, "Sub") || sub->input(0) != x || sub->input(1) != mean->output(0)) return false;
  ir::Value* d = sub->output(0);
  if (IsGraphOutput(g, d)) return false;
  ir::Node* sq = nullptr;
  ir::Node* div = nullptr;
  for (ir::Node* u : d->users()) {
    if (IsOp(u, "Pow") && u->input(0) == d && ConstNear(u->input(1), 2.0f, 1e-6f)) {
      sq = u;
    } else if (IsOp(u, "Mul") && u->input(0) == d && u->input(1) == d) {
      sq = u;
    } else if (IsOp(u, "Div") && u->input(0) == d && u->input(1) != d) {
      div = u;
    } else {
      return false;  // d is read elsewhere too
    }
  }
  if (!sq || !div) return false;
  ir::Node* var = SoleUser(g, sq->output(0));
  if (!var || !ReducesLastAxis(var, sq->output(0))) return false;
  ir::Node* add_eps = SoleUser(g, var->output(0));
  auto eps = add_eps ? ScalarConst(OtherInput(add_eps, var->output(0))) : std::nullopt;
  if (!IsOp(add_eps, "Add") || !eps) return false;
  ir::Node* sqrt = SoleUser(g, add_eps->output(0));
  if (!IsOp(sqrt, "Sqrt") || SoleUser(g, sqrt->output(0)) != div || div->input(1) != sqrt->output(0)) return false;
  std::vector<ir::Node*> nodes = {mean, sub, sq, var, add_eps, sqrt, div};

  const auto* xs = ShapeOf(x);
  int64_t width = xs && !xs->empty() && xs->back().is_known() ? xs->back().size : -1;
  ir::Value* out = div->output(0);
  std::optional<std::vector<float>> gamma, beta;
  ir::Node* mul = SoleUser(g, out);
  if (IsOp(mul, "Mul") && (gamma = LastAxisConst(OtherInput(mul, out), width))) {
    nodes.push_back(mul);
    out = mul->output(0);
    width = static_cast<int64_t>(gamma->size());
    ir::Node* add = SoleUser(g, out);
    if (IsOp(add, "Add") && (beta = LastAxisConst(OtherInput(add, out), width))) {
      nodes.push_back(add);
      out = add->output(0);
    }
  }
  if (width <= 0) return false;  // LayerNormalization needs a scale of the axis' size
  if (!gamma) gamma = std::vector<float>(width, 1.0f);
  if (!beta) beta = std::vector<float>(width, 0.0f);
  const std::string name = mean->name();
  const std::string base = name.empty() ? "LayerNorm" : name;
  MINNOW_ASSIGN_OR_RETURN(ir::Value * gv,
                          AddInitializer(g, base + "_scale", Tensor::FromVector(DataType::kFloat32, {width}, *gamma)));
  MINNOW_ASSIGN_OR_RETURN(ir::Value * bv,
                          AddInitializer(g, base + "_bias", Tensor::FromVector(DataType::kFloat32, {width}, *beta)));
  RemoveNodes(g, nodes);
  const bool onnx_op = m.onnx_opset() >= 17;
  MINNOW_ASSIGN_OR_RETURN(ir::Node * ln, g.AddNode("LayerNormalization", onnx_op ? "" : kMsDomain, name,
                                                   {x, gv, bv}, {out}));
  ln->SetAttribute("axis", ir::Attribute(ir::Attribute::Storage(int64_t{-1})));
  ln->SetAttribute("epsilon", ir::Attribute(ir::Attribute::Storage(*eps)));
  if (!onnx_op) EnsureOpset(m, kMsDomain, 1);
  return true;
}

}  // namespace

std::unique_ptr<Pass> MakeFuseLayerNormPass() {
  return std::make_unique<FunctionPass>(
      "fuse-layernorm", "Replace the last-axis mean/variance normalization subgraph with LayerNormalization",
      [](ir::Model& m, PassResult& r) {
        return RewriteToFixedPoint(*m.graph, [&](ir::Node* n) -> Expected<bool> {
          MINNOW_ASSIGN_OR_RETURN(bool done, TryFuse(m, n));
          if (done) r.Count("fused");
          return done;
        });
      });
}

}  // namespace minnow::passes::fusion
