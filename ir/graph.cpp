// Graph construction and editing.
#include "ir/graph.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace minnow::ir {

std::string Value::TypeString() const {
  std::string s = name_ + ": " + DataTypeName(dtype_);
  if (!shape_) return s + "[?]";
  s += "[";
  for (size_t i = 0; i < shape_->size(); ++i) {
    if (i) s += "x";
    s += (*shape_)[i].ToString();
  }
  return s + "]";
}

Expected<Value*> Graph::AddValue(const std::string& name) {
  if (by_name_.count(name)) return InvalidModel("value '" + name + "' is defined more than once");
  auto v = std::make_unique<Value>();
  v->name_ = name;
  v->id_ = static_cast<int32_t>(values_.size());
  Value* raw = v.get();
  values_.push_back(std::move(v));
  if (!name.empty()) by_name_[name] = raw;
  return raw;
}

Value* Graph::FindValue(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

Expected<Node*> Graph::AddNode(std::string op_type, std::string domain, std::string name, std::vector<Value*> inputs,
                               std::vector<Value*> outputs) {
  auto n = std::make_unique<Node>();
  n->op_type_ = std::move(op_type);
  n->domain_ = (domain == "ai.onnx") ? std::string() : std::move(domain);
  n->name_ = std::move(name);
  n->index_ = next_node_index_++;
  for (Value* out : outputs) {
    if (out && out->producer_) {
      return InvalidModel("value '" + out->name() + "' is produced by both " + out->producer_->Label() + " and " +
                          n->Label());
    }
    if (out && out->is_initializer()) {
      return InvalidModel(n->Label() + " writes initializer '" + out->name() + "'");
    }
  }
  for (Value* out : outputs) {
    if (out) out->producer_ = n.get();
  }
  n->inputs_ = std::move(inputs);
  n->outputs_ = std::move(outputs);
  for (Value* in : n->inputs_) {
    if (in) in->users_.push_back(n.get());
  }
  nodes_.push_back(std::move(n));
  return nodes_.back().get();
}

void Graph::RemoveNode(Node* node) {
  for (size_t i = 0; i < node->inputs_.size(); ++i) node->ReplaceInput(i, nullptr);
  for (Value* out : node->outputs_) {
    if (out && out->producer_ == node) out->producer_ = nullptr;
  }
  auto it = std::find_if(nodes_.begin(), nodes_.end(), [&](const auto& p) { return p.get() == node; });
  if (it != nodes_.end()) nodes_.erase(it);
}

Status Graph::TopologicalSort() {
  // Depth-first from each node in the current order, emitting a node's producers just before it:
  // an already ordered graph keeps its order, and a node appended by a rewrite lands right before
  // its first reader (level-by-level ordering would interleave distant branches and keep more
  // tensors alive at once).
  enum State : uint8_t { kNew, kOpen, kDone };
  std::unordered_map<const Node*, State> state;
  for (const auto& n : nodes_) state[n.get()] = kNew;
  std::vector<Node*> order;
  order.reserve(nodes_.size());
  std::vector<std::pair<Node*, size_t>> stack;  // node, next input to visit
  for (const auto& root : nodes_) {
    if (state[root.get()] != kNew) continue;
    state[root.get()] = kOpen;
    stack.push_back({root.get(), 0});
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < node->inputs_.size()) {
        Value* in = node->inputs_[next++];
        Node* p = in ? in->producer_ : nullptr;
        auto it = p ? state.find(p) : state.end();
        if (it == state.end() || it->second == kDone) continue;
        if (it->second == kOpen) return InvalidModel("graph has a cycle through " + p->Label());
        it->second = kOpen;
        stack.push_back({p, 0});
      } else {
        state[node] = kDone;
        order.push_back(node);
        stack.pop_back();
      }
    }
  }
  std::unordered_map<const Node*, size_t> position;
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::sort(nodes_.begin(), nodes_.end(),
            [&](const std::unique_ptr<Node>& a, const std::unique_ptr<Node>& b) { return position[a.get()] < position[b.get()]; });
  return Status::Ok();
}

void Graph::ReplaceAllUses(Value* from, Value* to) {
  std::vector<Node*> users = from->users_;
  for (Node* user : users) {
    for (size_t i = 0; i < user->inputs_.size(); ++i) {
      if (user->inputs_[i] == from) user->ReplaceInput(i, to);
    }
  }
  for (auto& out : outputs_) {
    if (out == from) out = to;
  }
}

void Graph::RemoveUnusedValues() {
  std::set<Value*> keep(inputs_.begin(), inputs_.end());
  keep.insert(outputs_.begin(), outputs_.end());
  for (auto& v : values_) {
    if (!v) continue;
    if (keep.count(v.get()) || v->producer_ || !v->users_.empty()) continue;
    by_name_.erase(v->name_);
    v.reset();
  }
}

std::vector<Value*> Graph::Initializers() const {
  std::vector<Value*> out;
  for (const auto& v : values_) {
    if (v && v->is_initializer()) out.push_back(v.get());
  }
  return out;
}

std::string Graph::UniqueName(const std::string& base) {
  std::string name = base;
  while (by_name_.count(name)) name = base + "_" + std::to_string(++unique_counter_);
  return name;
}

}  // namespace minnow::ir
