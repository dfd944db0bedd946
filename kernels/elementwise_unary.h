// Per-element functors for unary math and activations. Each declares kAccepts<T> (the element
// types it computes on; f16/bf16 are widened to f32 by the caller) and kTypes (for errors).
#pragma once

#include <cmath>
#include <limits>

#include "kernels/elementwise_cast.h"
#include "kernels/elementwise_types.h"

namespace minnow::kernels {

#define MINNOW_FLOAT_UNARY(Name, expr)                        \
  struct Name {                                               \
    template <typename T>                                     \
    static constexpr bool kAccepts = kIsFloat<T>;             \
    static constexpr const char* kTypes = "a float type";     \
    template <typename T>                                     \
    T operator()(T x) const { return expr; }                  \
  };

MINNOW_FLOAT_UNARY(SqrtFn, std::sqrt(x))
MINNOW_FLOAT_UNARY(ExpFn, std::exp(x))
MINNOW_FLOAT_UNARY(LogFn, std::log(x))
MINNOW_FLOAT_UNARY(ReciprocalFn, T(1) / x)
MINNOW_FLOAT_UNARY(FloorFn, std::floor(x))
MINNOW_FLOAT_UNARY(CeilFn, std::ceil(x))
MINNOW_FLOAT_UNARY(RoundFn, std::nearbyint(x))  // default rounding mode: half to even
MINNOW_FLOAT_UNARY(ErfFn, std::erf(x))
MINNOW_FLOAT_UNARY(SinFn, std::sin(x))
MINNOW_FLOAT_UNARY(CosFn, std::cos(x))
MINNOW_FLOAT_UNARY(TanFn, std::tan(x))
MINNOW_FLOAT_UNARY(AsinFn, std::asin(x))
MINNOW_FLOAT_UNARY(AcosFn, std::acos(x))
MINNOW_FLOAT_UNARY(AtanFn, std::atan(x))
MINNOW_FLOAT_UNARY(SinhFn, std::sinh(x))
MINNOW_FLOAT_UNARY(CoshFn, std::cosh(x))
MINNOW_FLOAT_UNARY(AsinhFn, std::asinh(x))
MINNOW_FLOAT_UNARY(AcoshFn, std::acosh(x))
MINNOW_FLOAT_UNARY(AtanhFn, std::atanh(x))
MINNOW_FLOAT_UNARY(TanhFn, std::tanh(x))
// Split at 0 so exp never overflows.
MINNOW_FLOAT_UNARY(SigmoidFn, x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x)))
// log(1 + e^x) without overflow for large x.
MINNOW_FLOAT_UNARY(SoftplusFn, x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)))
MINNOW_FLOAT_UNARY(SoftsignFn, x / (T(1) + std::fabs(x)))

#undef MINNOW_FLOAT_UNARY

struct NegFn {
  template <typename T>
  static constexpr bool kAccepts = kIsSignedNumeric<T>;
  static constexpr const char* kTypes = "a float or signed integer type";
  template <typename T>
  T operator()(T x) const {
    if constexpr (kIsInt<T>) return WrapNeg(x);
    else return -x;
  }
};

struct AbsFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T x) const {
    if constexpr (kIsFloat<T>) return std::fabs(x);
    else if constexpr (std::is_signed_v<T>) return x < 0 ? WrapNeg(x) : x;
    else return x;
  }
};

struct SignFn {
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T x) const {
    if constexpr (kIsFloat<T>) {
      if (std::isnan(x)) return x;
    }
    return static_cast<T>((x > T(0)) - (x < T(0)));
  }
};

struct ReluFn {
  template <typename T>
  static constexpr bool kAccepts = kIsSignedNumeric<T>;
  static constexpr const char* kTypes = "a float or signed integer type";
  template <typename T>
  T operator()(T x) const { return x < T(0) ? T(0) : x; }
};

struct LeakyReluFn {
  float alpha;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const { return x < T(0) ? static_cast<T>(alpha) * x : x; }
};

struct EluFn {
  float alpha;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const { return x < T(0) ? static_cast<T>(alpha) * std::expm1(x) : x; }
};

struct CeluFn {
  float alpha;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const {
    const T a = static_cast<T>(alpha);
    return x < T(0) ? a * std::expm1(x / a) : x;
  }
};

struct SeluFn {
  float alpha, gamma;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const {
    return static_cast<T>(gamma) * (x > T(0) ? x : static_cast<T>(alpha) * std::expm1(x));
  }
};

// max(0, min(1, v)) written with comparisons so NaN propagates (fmin/fmax would drop it).
template <typename T>
T ClampUnit(T v) {
  return v < T(0) ? T(0) : (v > T(1) ? T(1) : v);
}

struct HardSigmoidFn {
  float alpha, beta;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const { return ClampUnit(static_cast<T>(alpha) * x + static_cast<T>(beta)); }
};

struct HardSwishFn {
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const { return x * ClampUnit(x / T(6) + T(0.5)); }
};

struct ThresholdedReluFn {
  float alpha;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const { return x > static_cast<T>(alpha) ? x : T(0); }
};

struct ShrinkFn {
  float bias, lambd;
  template <typename T>
  static constexpr bool kAccepts = kIsNumeric<T>;
  static constexpr const char* kTypes = "a numeric type";
  template <typename T>
  T operator()(T x) const {
    // Computed in double so integer inputs compare against the float thresholds exactly.
    const double v = static_cast<double>(x);
    if (v < -lambd) return ConvertValue<T>(v + bias);
    if (v > lambd) return ConvertValue<T>(v - bias);
    return T(0);
  }
};

struct NotFn {
  template <typename T>
  static constexpr bool kAccepts = kIsBool<T>;
  static constexpr const char* kTypes = "bool";
  Bool8 operator()(Bool8 x) const { return MakeBool8(!x.value()); }
};

struct IsNaNFn {
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  Bool8 operator()(T x) const { return MakeBool8(std::isnan(x)); }
};

struct IsInfFn {
  bool detect_negative, detect_positive;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  Bool8 operator()(T x) const {
    return MakeBool8(std::isinf(x) && (x > 0 ? detect_positive : detect_negative));
  }
};

// x / divisor (Mean divides the sum of its inputs by their count).
struct DivideByFn {
  double divisor;
  template <typename T>
  static constexpr bool kAccepts = kIsFloat<T>;
  static constexpr const char* kTypes = "a float type";
  template <typename T>
  T operator()(T x) const { return static_cast<T>(x / divisor); }
};

// Clamp to [lo, hi]; when lo > hi every element becomes hi (as min(max(x, lo), hi)). NaN stays.
template <typename T>
struct ClampFn {
  T lo, hi;
  T operator()(T x) const {
    const T t = x < lo ? lo : x;
    return t > hi ? hi : t;
  }
};

}  // namespace minnow::kernels
