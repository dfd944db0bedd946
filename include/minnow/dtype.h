// Element types of tensors. Values match ONNX's TensorProto.DataType so conversion is a cast.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace minnow {

enum class DataType : int32_t {
  kUndefined = 0,
  kFloat32 = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,  // recognised so errors can name it; not supported by kernels
  kBool = 9,
  kFloat16 = 10,
  kFloat64 = 11,
  kUInt32 = 12,
  kUInt64 = 13,
  kBFloat16 = 16,
};

// Bytes per element; 0 for kUndefined and kString.
size_t DataTypeSize(DataType t);
// Short lower-case name: "f32", "i64", "bool", ...
const char* DataTypeName(DataType t);
// True for the types minnow tensors can hold (everything but undefined and string).
bool IsSupportedDataType(DataType t);
bool IsFloatingPoint(DataType t);
// Parses a name produced by DataTypeName (also accepts "float32", "int64", ...).
bool ParseDataType(const std::string& name, DataType* out);

// IEEE half and bfloat16 conversion.
float HalfToFloat(uint16_t h);
uint16_t FloatToHalf(float f);
float BFloat16ToFloat(uint16_t b);
uint16_t FloatToBFloat16(float f);

}  // namespace minnow
