// cse: merge duplicate initializers and duplicate nodes.
#include "passes/cleanup/cse.h"

#include <cstring>
#include <functional>
#include <map>
#include <string_view>
#include <unordered_map>

#include "passes/cleanup/fold_constants.h"
#include "passes/cleanup/graph_edit.h"

namespace minnow::passes {

namespace {

bool SameTensor(const Tensor& a, const Tensor& b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         (a.nbytes() == 0 || std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()) == 0);
}

size_t HashTensor(const Tensor& t) {
  size_t h = std::hash<std::string_view>{}(
      std::string_view(static_cast<const char*>(t.raw_data()), t.raw_data() ? t.nbytes() : 0));
  for (int64_t d : t.shape()) h = h * 31 + std::hash<int64_t>{}(d);
  return h * 31 + static_cast<size_t>(t.dtype());
}

// Exact equality: floats compare by bits, so 0.0 and -0.0 differ and NaN equals itself.
bool SameAttribute(const ir::Attribute& a, const ir::Attribute& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ir::Attribute::Kind::kFloat: {
      const float x = a.f(), y = b.f();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case ir::Attribute::Kind::kFloats:
      return a.floats().size() == b.floats().size() &&
             (a.floats().empty() ||
              std::memcmp(a.floats().data(), b.floats().data(), a.floats().size() * sizeof(float)) == 0);
    case ir::Attribute::Kind::kTensor:
      return SameTensor(a.t(), b.t());
    case ir::Attribute::Kind::kInt:
      return a.i() == b.i();
    case ir::Attribute::Kind::kString:
      return a.s() == b.s();
    case ir::Attribute::Kind::kInts:
      return a.ints() == b.ints();
    case ir::Attribute::Kind::kStrings:
      return a.strings() == b.strings();
  }
  return false;
}

bool SameComputation(const ir::Node& a, const ir::Node& b) {
  if (a.op_type() != b.op_type() || a.domain() != b.domain() || a.inputs() != b.inputs() ||
      a.num_outputs() != b.num_outputs() || a.attributes().size() != b.attributes().size()) {
    return false;
  }
  auto ia = a.attributes().begin();
  for (auto ib = b.attributes().begin(); ib != b.attributes().end(); ++ia, ++ib) {
    if (ia->first != ib->first || !SameAttribute(ia->second, ib->second)) return false;
  }
  // An output slot one node omits and the other uses cannot be shared.
  for (size_t o = 0; o < a.num_outputs(); ++o) {
    if ((a.output(o) == nullptr) != (b.output(o) == nullptr)) return false;
  }
  return true;
}

// Bucket key; SameComputation decides.
std::string NodeKey(const ir::Node& n) {
  std::string key = n.domain() + "|" + n.op_type() + "|" + std::to_string(n.num_outputs());
  for (const ir::Value* in : n.inputs()) key += "|" + std::to_string(in ? in->id() : -1);
  for (const auto& [name, _] : n.attributes()) key += "|" + name;
  return key;
}

// Initializers with equal contents: readers of later copies read the first one.
int64_t MergeInitializers(ir::Graph& graph) {
  std::unordered_map<size_t, std::vector<ir::Value*>> seen;
  int64_t merged = 0;
  for (ir::Value* v : graph.Initializers()) {
    // Graph inputs may be overridden by the caller and outputs are named interface values.
    if (!IsConstant(graph, v) || IsGraphOutput(graph, v)) continue;
    auto& bucket = seen[HashTensor(v->initializer())];
    ir::Value* same = nullptr;
    for (ir::Value* u : bucket) {
      if (SameTensor(u->initializer(), v->initializer())) same = u;
    }
    if (!same) {
      bucket.push_back(v);
      continue;
    }
    if (v->users().empty()) continue;
    ReplaceNodeUses(v, same);
    ++merged;
  }
  return merged;
}

}  // namespace

Expected<PassResult> CsePass::Run(ir::Model& model) {
  ir::Graph& graph = *model.graph;
  PassResult result;
  result.Count("initializers", MergeInitializers(graph));

  std::unordered_map<std::string, std::vector<ir::Node*>> seen;
  std::vector<ir::Node*> nodes;
  for (const auto& n : graph.nodes()) nodes.push_back(n.get());
  // Topological order: once a node is merged its readers see the surviving value, so their
  // keys match too and whole duplicated chains collapse in one sweep.
  for (ir::Node* node : nodes) {
    if (IsNondeterministic(graph, *node)) continue;
    auto& bucket = seen[NodeKey(*node)];
    ir::Node* first = nullptr;
    for (ir::Node* f : bucket) {
      if (SameComputation(*f, *node)) first = f;
    }
    bool names_output = false;
    for (const ir::Value* out : node->outputs()) names_output |= out && IsGraphOutput(graph, out);
    if (!first || names_output) {
      // A node writing a graph output keeps it (its name is the interface); it can still be
      // the survivor others merge into.
      if (!first) bucket.push_back(node);
      continue;
    }
    for (size_t o = 0; o < node->num_outputs(); ++o) {
      if (node->output(o)) ReplaceNodeUses(node->output(o), first->output(o));
    }
    graph.RemoveNode(node);
    result.Count("nodes");
  }
  if (result.changed) graph.RemoveUnusedValues();
  return result;
}

}  // namespace minnow::passes
