// Graph-matching and rewriting helpers shared by the fusion passes.
#include "passes/fusion/fusion_utils.h"

#include <algorithm>
#include <cmath>

namespace minnow::passes::fusion {

bool IsOp(const ir::Node* n, const char* op_type) { return n && n->domain().empty() && n->op_type() == op_type; }

bool IsGraphOutput(const ir::Graph& g, const ir::Value* v) {
  return std::find(g.outputs().begin(), g.outputs().end(), v) != g.outputs().end();
}

ir::Node* SoleUser(const ir::Graph& g, const ir::Value* v) {
  if (!v || v->users().size() != 1 || IsGraphOutput(g, v)) return nullptr;
  return v->users()[0];
}

ir::Node* ProducerIs(const ir::Value* v, const char* op_type) {
  return v && IsOp(v->producer(), op_type) ? v->producer() : nullptr;
}

const Tensor* ConstValue(const ir::Value* v) {
  if (!v) return nullptr;
  if (v->is_initializer()) return &v->initializer();
  const ir::Node* p = v->producer();
  if (IsOp(p, "Constant")) {
    const ir::Attribute* a = p->FindAttribute("value");
    if (a && a->is_tensor()) return &a->t();
  }
  return nullptr;
}

std::optional<Tensor> FloatConst(const ir::Value* v) {
  const Tensor* t = ConstValue(v);
  if (!t) return std::nullopt;
  if (t->dtype() == DataType::kFloat32) return *t;
  if (t->dtype() != DataType::kFloat64 && t->dtype() != DataType::kFloat16) return std::nullopt;
  Tensor out(DataType::kFloat32, t->shape());
  for (int64_t i = 0; i < t->numel(); ++i) out.data<float>()[i] = static_cast<float>(t->GetAsDouble(i));
  return out;
}

std::optional<float> ScalarConst(const ir::Value* v) {
  auto t = FloatConst(v);
  if (!t || t->numel() != 1) return std::nullopt;
  return t->data<float>()[0];
}

bool NearlyEqual(float a, float b, float rel) { return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)); }

ir::Value* OtherInput(const ir::Node* n, const ir::Value* v) {
  if (!n || n->num_inputs() != 2) return nullptr;
  if (n->input(0) == v) return n->input(1);
  if (n->input(1) == v) return n->input(0);
  return nullptr;
}

bool ConstNear(const ir::Value* v, float want, float rel) {
  auto c = ScalarConst(v);
  return c && NearlyEqual(*c, want, rel);
}

Expected<ir::Value*> AddInitializer(ir::Graph& g, const std::string& base, Tensor t) {
  MINNOW_ASSIGN_OR_RETURN(ir::Value * v, g.AddValue(g.UniqueName(base)));
  v->set_initializer(std::move(t));
  return v;
}

Expected<ir::Node*> AddNodeLike(ir::Graph& g, const ir::Node& like, const std::string& op_type,
                                const std::string& domain, std::vector<ir::Value*> inputs,
                                std::vector<ir::Value*> outputs) {
  MINNOW_ASSIGN_OR_RETURN(ir::Node * n, g.AddNode(op_type, domain, like.name(), std::move(inputs), std::move(outputs)));
  for (const auto& [k, a] : like.attributes()) n->SetAttribute(k, a);
  return n;
}

void EnsureOpset(ir::Model& m, const std::string& domain, int64_t version) {
  if (!m.opset_imports.count(domain)) m.opset_imports[domain] = version;
}

const std::vector<ir::Dim>* ShapeOf(const ir::Value* v) { return v && v->shape() ? &*v->shape() : nullptr; }

bool SameShape(const ir::Value* a, const ir::Value* b) {
  const auto* sa = ShapeOf(a);
  const auto* sb = ShapeOf(b);
  if (!sa || !sb || sa->size() != sb->size()) return false;
  for (size_t i = 0; i < sa->size(); ++i) {
    const ir::Dim &x = (*sa)[i], &y = (*sb)[i];
    if (x.is_known() || y.is_known()) {
      if (x.size != y.size) return false;
    } else if (x.symbol.empty() || x.symbol != y.symbol) {
      return false;
    }
  }
  return true;
}

void RemoveNodes(ir::Graph& g, const std::vector<ir::Node*>& nodes) {
  std::vector<ir::Value*> inputs;
  for (ir::Node* n : nodes) {
    for (ir::Value* v : n->inputs()) {
      if (v) inputs.push_back(v);
    }
  }
  for (ir::Node* n : nodes) g.RemoveNode(n);
  for (ir::Value* v : inputs) {
    ir::Node* p = v->producer();
    if (IsOp(p, "Constant") && v->users().empty() && !IsGraphOutput(g, v)) g.RemoveNode(p);
  }
}

Status RewriteToFixedPoint(ir::Graph& g, const std::function<Expected<bool>(ir::Node*)>& fn) {
  bool again = true;
  while (again) {
    again = false;
    // Restart after each rewrite: it may remove nodes anywhere, so indices and pointers go stale.
    for (size_t i = 0; i < g.nodes().size(); ++i) {
      MINNOW_ASSIGN_OR_RETURN(bool rewrote, fn(g.nodes()[i].get()));
      if (rewrote) {
        again = true;
        break;
      }
    }
  }
  MINNOW_RETURN_IF_ERROR(g.TopologicalSort());
  g.RemoveUnusedValues();
  return Status::Ok();
}

}  // namespace minnow::passes::fusion
