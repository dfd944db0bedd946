// Attribute text form.
#include "ir/attribute.h"

#include <fmt/format.h>

namespace minnow::ir {

const char* AttributeKindName(Attribute::Kind kind) {
  switch (kind) {
    case Attribute::Kind::kInt: return "int";
    case Attribute::Kind::kFloat: return "float";
    case Attribute::Kind::kString: return "string";
    case Attribute::Kind::kTensor: return "tensor";
    case Attribute::Kind::kInts: return "ints";
    case Attribute::Kind::kFloats: return "floats";
    case Attribute::Kind::kStrings: return "strings";
  }
  return "?";
}

std::string Attribute::ToString() const {
  switch (kind()) {
    case Kind::kInt: return std::to_string(i());
    case Kind::kFloat: return fmt::format("{}", f());
    case Kind::kString: return fmt::format("\"{}\"", s());
    case Kind::kTensor: return fmt::format("tensor<{} {}>", DataTypeName(t().dtype()), ShapeToString(t().shape()));
    case Kind::kInts: return fmt::format("[{}]", fmt::join(ints(), ", "));
    case Kind::kFloats: return fmt::format("[{}]", fmt::join(floats(), ", "));
    case Kind::kStrings: {
      std::string out = "[";
      for (size_t k = 0; k < strings().size(); ++k) out += (k ? ", \"" : "\"") + strings()[k] + "\"";
      return out + "]";
    }
  }
  return "?";
}

}  // namespace minnow::ir
