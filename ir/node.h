// Node: one operator application, reading input values and writing output values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ir/attribute.h"
#include "ir/value.h"

namespace minnow::ir {

class Graph;

class Node {
 public:
  const std::string& op_type() const { return op_type_; }
  // "" is the default ONNX domain ("ai.onnx").
  const std::string& domain() const { return domain_; }
  const std::string& name() const { return name_; }
  void set_name(std::string n) { name_ = std::move(n); }
  // Printable identity for error messages: "Conv 'conv1'" or "Conv #12".
  std::string Label() const;

  // Inputs may contain nullptr for omitted optional inputs ("" in ONNX).
  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  Value* input(size_t i) const { return i < inputs_.size() ? inputs_[i] : nullptr; }
  Value* output(size_t i) const { return i < outputs_.size() ? outputs_[i] : nullptr; }
  size_t num_inputs() const { return inputs_.size(); }
  size_t num_outputs() const { return outputs_.size(); }
  // Replaces input slot i, keeping users() lists consistent.
  void ReplaceInput(size_t i, Value* v);

  const std::map<std::string, Attribute>& attributes() const { return attributes_; }
  bool HasAttribute(const std::string& name) const { return attributes_.count(name) != 0; }
  const Attribute* FindAttribute(const std::string& name) const;
  void SetAttribute(const std::string& name, Attribute a) { attributes_[name] = std::move(a); }
  void RemoveAttribute(const std::string& name) { attributes_.erase(name); }

  // Typed getters with defaults; a present attribute of the wrong kind falls back to the default
  // (the verifier reports kind mismatches).
  int64_t GetInt(const std::string& name, int64_t def) const;
  float GetFloat(const std::string& name, float def) const;
  std::string GetString(const std::string& name, const std::string& def) const;
  std::vector<int64_t> GetInts(const std::string& name, const std::vector<int64_t>& def = {}) const;
  std::vector<float> GetFloats(const std::string& name, const std::vector<float>& def = {}) const;

 private:
  friend class Graph;
  std::string op_type_;
  std::string domain_;
  std::string name_;
  int32_t index_ = -1;  // creation order, for stable labels
  std::vector<Value*> inputs_;
  std::vector<Value*> outputs_;
  std::map<std::string, Attribute> attributes_;
};

}  // namespace minnow::ir
