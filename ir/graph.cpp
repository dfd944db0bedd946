// Graph construction and editing.
#include "ir/graph.h"

#include <algorithm>
#include <set>

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
  // Kahn's algorithm, keeping the original order among ready nodes so results are deterministic.
  std::map<const Node*, size_t> pending;
  for (const auto& n : nodes_) {
    size_t deps = 0;
    for (Value* in : n->inputs_) {
      if (in && in->producer_) ++deps;
    }
    pending[n.get()] = deps;
  }
  std::vector<std::unique_ptr<Node>> sorted;
  sorted.reserve(nodes_.size());
  std::vector<std::unique_ptr<Node>> remaining = std::move(nodes_);
  nodes_.clear();
  bool progress = true;
  while (!remaining.empty() && progress) {
    progress = false;
    std::vector<std::unique_ptr<Node>> next;
    for (auto& n : remaining) {
      if (pending[n.get()] == 0) {
        for (Value* out : n->outputs_) {
          if (!out) continue;
          for (Node* user : out->users_) {
            // a node may read the same value in several slots; each slot counted once above
            --pending[user];
          }
        }
        sorted.push_back(std::move(n));
        progress = true;
      } else {
        next.push_back(std::move(n));
      }
    }
    remaining = std::move(next);
  }
  if (!remaining.empty()) {
    std::string label = remaining.front()->Label();
    for (auto& n : remaining) sorted.push_back(std::move(n));
    nodes_ = std::move(sorted);
    return InvalidModel("graph has a cycle through " + label);
  }
  nodes_ = std::move(sorted);
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
