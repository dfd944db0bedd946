// Element type names, sizes and half-precision conversion.
#include "minnow/dtype.h"

#include <cstring>
#include <map>

namespace minnow {

size_t DataTypeSize(DataType t) {
  switch (t) {
    case DataType::kFloat32: return 4;
    case DataType::kUInt8: return 1;
    case DataType::kInt8: return 1;
    case DataType::kUInt16: return 2;
    case DataType::kInt16: return 2;
    case DataType::kInt32: return 4;
    case DataType::kInt64: return 8;
    case DataType::kBool: return 1;
    case DataType::kFloat16: return 2;
    case DataType::kFloat64: return 8;
    case DataType::kUInt32: return 4;
    case DataType::kUInt64: return 8;
    case DataType::kBFloat16: return 2;
    case DataType::kString:
    case DataType::kUndefined: return 0;
  }
  return 0;
}

const char* DataTypeName(DataType t) {
  switch (t) {
    case DataType::kFloat32: return "f32";
    case DataType::kUInt8: return "u8";
    case DataType::kInt8: return "i8";
    case DataType::kUInt16: return "u16";
    case DataType::kInt16: return "i16";
    case DataType::kInt32: return "i32";
    case DataType::kInt64: return "i64";
    case DataType::kBool: return "bool";
    case DataType::kFloat16: return "f16";
    case DataType::kFloat64: return "f64";
    case DataType::kUInt32: return "u32";
    case DataType::kUInt64: return "u64";
    case DataType::kBFloat16: return "bf16";
    case DataType::kString: return "string";
    case DataType::kUndefined: return "undefined";
  }
  return "undefined";
}

bool IsSupportedDataType(DataType t) { return DataTypeSize(t) != 0; }

bool IsFloatingPoint(DataType t) {
  return t == DataType::kFloat32 || t == DataType::kFloat64 || t == DataType::kFloat16 ||
         t == DataType::kBFloat16;
}

bool ParseDataType(const std::string& name, DataType* out) {
  static const std::map<std::string, DataType> kNames = {
      {"f32", DataType::kFloat32},  {"float32", DataType::kFloat32}, {"float", DataType::kFloat32},
      {"u8", DataType::kUInt8},     {"uint8", DataType::kUInt8},     {"i8", DataType::kInt8},
      {"int8", DataType::kInt8},    {"u16", DataType::kUInt16},      {"uint16", DataType::kUInt16},
      {"i16", DataType::kInt16},    {"int16", DataType::kInt16},     {"i32", DataType::kInt32},
      {"int32", DataType::kInt32},  {"i64", DataType::kInt64},       {"int64", DataType::kInt64},
      {"bool", DataType::kBool},    {"f16", DataType::kFloat16},     {"float16", DataType::kFloat16},
      {"f64", DataType::kFloat64},  {"float64", DataType::kFloat64}, {"double", DataType::kFloat64},
      {"u32", DataType::kUInt32},   {"uint32", DataType::kUInt32},   {"u64", DataType::kUInt64},
      {"uint64", DataType::kUInt64}, {"bf16", DataType::kBFloat16},  {"bfloat16", DataType::kBFloat16},
  };
  auto it = kNames.find(name);
  if (it == kNames.end()) return false;
  *out = it->second;
  return true;
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      exp = 127 - 15 + 1;
      while ((mant & 0x400u) == 0) {
        mant <<= 1;
        --exp;
      }
      mant &= 0x3ffu;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t FloatToHalf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t abs = x & 0x7fffffffu;
  if (abs >= 0x7f800000u) {  // inf or nan
    return static_cast<uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
  }
  if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // overflow -> inf
  if (abs < 0x38800000u) {  // subnormal or zero in half
    if (abs < 0x33000000u) return static_cast<uint16_t>(sign);
    const uint32_t exp = abs >> 23;
    uint32_t mant = (abs & 0x7fffffu) | 0x800000u;
    const uint32_t full_shift = 126 - exp;  // mantissa bits that fall below half precision
    const uint32_t rem = mant & ((1u << full_shift) - 1);
    const uint32_t halfway = 1u << (full_shift - 1);
    uint32_t half_mant = mant >> full_shift;
    if (rem > halfway || (rem == halfway && (half_mant & 1))) ++half_mant;
    return static_cast<uint16_t>(sign | half_mant);
  }
  // normal: rebias exponent, round mantissa to nearest even
  uint32_t h = ((abs - 0x38000000u) >> 13);
  const uint32_t rem = abs & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1))) ++h;
  return static_cast<uint16_t>(sign | h);
}

float BFloat16ToFloat(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t FloatToBFloat16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet nan
  const uint32_t rounding = 0x7fffu + ((x >> 16) & 1u);
  return static_cast<uint16_t>((x + rounding) >> 16);
}

}  // namespace minnow
