// Per-element functors for binary arithmetic, comparison and logic. Each declares kAccepts<T>
// (both operands have type T; f16/bf16 are widened to f32 by the caller) and kTypes.
#pragma once

#include <cmath>
#include <limits>

#include "kernels/elementwise_types.h"

namespace minnow::kernels {

struct AddFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (kIsInt<T>) return WrapAdd(a, b);
    else return a + b;
  }
};

struct SubFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (kIsInt<T>) return WrapSub(a, b);
    else return a - b;
  }
};

struct MulFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (kIsInt<T>) return WrapMul(a, b);
    else return a * b;
  }
};

// Integer division truncates toward zero. Division by zero gives 0 and MIN / -1 wraps to MIN
// (both trap in hardware; a model must not be able to crash the process).
struct DivFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (kIsInt<T>) {
      if (b == 0) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return WrapNeg(a);
      }
      return static_cast<T>(a / b);
    } else {
      return a / b;
    }
  }
};

// fmod = true: C fmod / %, the result has the dividend's sign. fmod = false: Python-style
// modulo, the result has the divisor's sign. x mod 0 is 0 for integers.
struct ModFn {
  bool fmod;
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    T r;
    if constexpr (kIsInt<T>) {
      if (b == 0) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return T(0);
      }
      r = static_cast<T>(a % b);
    } else {
      r = std::fmod(a, b);
    }
    if constexpr (std::is_signed_v<T>) {
      if (!fmod && r != T(0) && ((r < T(0)) != (b < T(0)))) r = static_cast<T>(r + b);
    }
    return r;
  }
};

// Same-type power. Integers use exact repeated squaring (wrapping); a negative exponent gives
// 0 unless the base is 1 or -1, as integer 1 / base^n would.
struct PowFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (kIsFloat<T>) {
      return std::pow(a, b);
    } else {
      if constexpr (std::is_signed_v<T>) {
        if (b < 0) {
          if (a == 1) return T(1);
          if (a == T(-1)) return (b % 2 == 0) ? T(1) : T(-1);
          return T(0);
        }
      }
      T result = 1, base = a;
      for (auto e = b; e != 0; e /= 2) {
        if (e % 2 != 0) result = WrapMul(result, base);
        base = WrapMul(base, base);
      }
      return result;
    }
  }
};

// Unsigned integers only; shifting by the bit width or more gives 0.
struct BitShiftFn {
  bool left;
  template <typename T>
  static constexpr bool kAccepts = kIsInt<T> && std::is_unsigned_v<T>;
  static constexpr const char* kTypes = "an unsigned integer type";
  template <typename T>
  T operator()(T a, T b) const {
    if (b >= sizeof(T) * 8) return T(0);
    const WrapType<T> w = a;
    return static_cast<T>(left ? (w << b) : (w >> b));
  }
};

// NaN propagates, as in numpy.maximum / minimum.
struct MaxFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (kIsFloat<T>) {
      if (std::isnan(a)) return a;
      if (std::isnan(b)) return b;
    }
    return a < b ? b : a;
  }
};

struct MinFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (kIsFloat<T>) {
      if (std::isnan(a)) return a;
      if (std::isnan(b)) return b;
    }
    return b < a ? b : a;
  }
};

// PRelu: x where x >= 0, slope * x elsewhere.
struct PReluFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T x, T slope) const {
    if constexpr (kIsInt<T>) return x < T(0) ? WrapMul(x, slope) : x;
    else return x < T(0) ? slope * x : x;
  }
};

#define MINNOW_COMPARE(Name, op)                                  \
  struct Name {                                                   \
    template <typename T>                                         \
    static constexpr bool kAccepts = kIsNumeric<T>;               \
    static constexpr const char* kTypes = "a numeric type";       \
    template <typename T>                                         \
    Bool8 operator()(T a, T b) const { return MakeBool8(a op b); } \
  };

MINNOW_COMPARE(LessFn, <)
MINNOW_COMPARE(LessOrEqualFn, <=)
MINNOW_COMPARE(GreaterFn, >)
MINNOW_COMPARE(GreaterOrEqualFn, >=)

#undef MINNOW_COMPARE

struct EqualFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T> || kIsBool<T>;
  static constexpr const char* kTypes = "a numeric type or bool";
  template <typename T>
  Bool8 operator()(T a, T b) const {
    if constexpr (kIsBool<T>) return MakeBool8(a.value() == b.value());
    else return MakeBool8(a == b);
  }
};

#define MINNOW_LOGIC(Name, expr)                              \
  struct Name {                                               \
    template <typename T>                                     \
    static constexpr bool kAccepts = kIsBool<T>;              \
    static constexpr const char* kTypes = "bool";             \
    Bool8 operator()(Bool8 a, Bool8 b) const {                \
      const bool x = a.value(), y = b.value();                \
      return MakeBool8(expr);                                 \
    }                                                         \
  };

MINNOW_LOGIC(AndFn, x && y)
MINNOW_LOGIC(OrFn, x || y)
MINNOW_LOGIC(XorFn, x != y)

#undef MINNOW_LOGIC

}  // namespace minnow::kernels
