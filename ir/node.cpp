// Node accessors and attribute getters.
#include "ir/node.h"

#include <algorithm>

namespace minnow::ir {

std::string Node::Label() const {
  if (!name_.empty()) return op_type_ + " '" + name_ + "'";
  return op_type_ + " #" + std::to_string(index_);
}

void Node::ReplaceInput(size_t i, Value* v) {
  Value* old = inputs_[i];
  if (old == v) return;
  if (old) {
    auto it = std::find(old->users_.begin(), old->users_.end(), this);
    if (it != old->users_.end()) old->users_.erase(it);
  }
  inputs_[i] = v;
  if (v) v->users_.push_back(this);
}

const Attribute* Node::FindAttribute(const std::string& name) const {
  auto it = attributes_.find(name);
  return it == attributes_.end() ? nullptr : &it->second;
}

int64_t Node::GetInt(const std::string& name, int64_t def) const {
  const Attribute* a = FindAttribute(name);
  return a && a->is_int() ? a->i() : def;
}

float Node::GetFloat(const std::string& name, float def) const {
  const Attribute* a = FindAttribute(name);
  if (a && a->is_float()) return a->f();
  if (a && a->is_int()) return static_cast<float>(a->i());
  return def;
}

std::string Node::GetString(const std::string& name, const std::string& def) const {
  const Attribute* a = FindAttribute(name);
  return a && a->is_string() ? a->s() : def;
}

std::vector<int64_t> Node::GetInts(const std::string& name, const std::vector<int64_t>& def) const {
  const Attribute* a = FindAttribute(name);
  return a && a->is_ints() ? a->ints() : def;
}

std::vector<float> Node::GetFloats(const std::string& name, const std::vector<float>& def) const {
  const Attribute* a = FindAttribute(name);
  return a && a->is_floats() ? a->floats() : def;
}

}  // namespace minnow::ir
