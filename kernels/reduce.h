// Reductions over an arbitrary set of axes (ReduceSum/Mean/Max/Min/Prod/L1/L2/SumSquare/LogSum/
// LogSumExp) and ArgMax/ArgMin along one axis, for f32, f64 and the integer types.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "kernels/scalar_cast.h"

namespace minnow::kernels {

enum class ReduceOp { kSum, kMean, kMax, kMin, kProd, kL1, kL2, kSumSquare, kLogSum, kLogSumExp };

// Flat input offsets of every output element (kept axes) and of the elements reduced into it:
// output o reduces in[output_offsets[o] + reduced_offsets[r] + k] for every r and k < inner_run.
// inner_run covers the innermost reduced axes when they are contiguous in memory, so reducing
// trailing axes (the common case) needs no per-element offset table.
struct ReducePlan {
  std::vector<int64_t> output_offsets;
  std::vector<int64_t> reduced_offsets;
  int64_t inner_run = 1;
  int64_t count() const { return static_cast<int64_t>(reduced_offsets.size()) * inner_run; }
};
// reduce[d] says whether axis d of `shape` is reduced.
ReducePlan MakeReducePlan(const std::vector<int64_t>& shape, const std::vector<bool>& reduce);

template <typename T>
void Reduce(const T* in, T* out, const ReducePlan& plan, ReduceOp op) {
  // Sums accumulate in double for floating types and in uint64 otherwise: integer overflow then
  // wraps like the narrower integer types (two's complement) instead of being undefined behaviour.
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, uint64_t>;
  const int64_t count = plan.count();
  for (size_t o = 0; o < plan.output_offsets.size(); ++o) {
    const T* base = in + plan.output_offsets[o];
    // Calls fn(value) for every element reduced into output o.
    auto for_each = [&](auto&& fn) {
      for (int64_t r : plan.reduced_offsets) {
        const T* p = base + r;
        for (int64_t k = 0; k < plan.inner_run; ++k) fn(p[k]);
      }
    };
    switch (op) {
      case ReduceOp::kSum:
      case ReduceOp::kMean:
      case ReduceOp::kSumSquare:
      case ReduceOp::kProd: {
        Acc acc = op == ReduceOp::kProd ? Acc{1} : Acc{0};
        if (op == ReduceOp::kProd) for_each([&](T x) { acc *= static_cast<Acc>(x); });
        else if (op == ReduceOp::kSumSquare) for_each([&](T x) { acc += static_cast<Acc>(x) * static_cast<Acc>(x); });
        else for_each([&](T x) { acc += static_cast<Acc>(x); });
        if (op == ReduceOp::kMean) {
          if constexpr (std::is_floating_point_v<T>) {
            acc = count > 0 ? acc / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
          } else if constexpr (std::is_signed_v<T>) {
            if (count > 0) acc = static_cast<Acc>(static_cast<int64_t>(acc) / count);
          } else {
            if (count > 0) acc /= static_cast<Acc>(count);
          }
        }
        out[o] = static_cast<T>(acc);
        break;
      }
      case ReduceOp::kMax:
      case ReduceOp::kMin: {
        const bool is_max = op == ReduceOp::kMax;
        T acc;
        if constexpr (std::is_floating_point_v<T>) {
          acc = is_max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
        } else {
          acc = is_max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
        }
        bool nan = false;
        for_each([&](T v) {
          if (v != v) nan = true;  // NaN propagates, as in numpy
          else if (is_max ? v > acc : v < acc) acc = v;
        });
        if constexpr (std::is_floating_point_v<T>) {
          if (nan) acc = std::numeric_limits<T>::quiet_NaN();
        }
        out[o] = acc;
        break;
      }
      case ReduceOp::kL1:
      case ReduceOp::kL2:
      case ReduceOp::kLogSum: {
        double acc = 0.0;
        for_each([&](T x) {
          const double v = static_cast<double>(x);
          acc += op == ReduceOp::kL1 ? std::fabs(v) : op == ReduceOp::kL2 ? v * v : v;
        });
        if (op == ReduceOp::kL2) acc = std::sqrt(acc);
        if (op == ReduceOp::kLogSum) acc = std::log(acc);
        out[o] = FromDouble<T>(acc);
        break;
      }
      case ReduceOp::kLogSumExp: {
        // log(sum(exp(x))) computed as max + log(sum(exp(x - max))) so large inputs do not overflow.
        double mx = -std::numeric_limits<double>::infinity();
        for_each([&](T x) { mx = std::fmax(mx, static_cast<double>(x)); });
        double acc = 0.0;
        if (std::isinf(mx)) {
          out[o] = FromDouble<T>(mx);
          break;
        }
        for_each([&](T x) { acc += std::exp(static_cast<double>(x) - mx); });
        out[o] = FromDouble<T>(mx + std::log(acc));
        break;
      }
    }
  }
}

// in is [outer, axis_len, inner] with axis_len >= 1; out[o, i] is the index along the axis of the
// first (or, with select_last, the last) maximum or minimum.
template <typename T>
void ArgReduce(const T* in, int64_t* out, int64_t outer, int64_t axis_len, int64_t inner, bool is_max,
               bool select_last) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const T* p = in + o * axis_len * inner + i;
      T best = p[0];
      int64_t best_k = 0;
      for (int64_t k = 1; k < axis_len; ++k) {
        const T v = p[k * inner];
        const bool better = is_max ? (select_last ? v >= best : v > best) : (select_last ? v <= best : v < best);
        if (better) {
          best = v;
          best_k = k;
        }
      }
      out[o * inner + i] = best_k;
    }
  }
}

}  // namespace minnow::kernels
