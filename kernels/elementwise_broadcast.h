// Elementwise loops over numpy-broadcast operands. Shapes are collapsed first (adjacent
// dimensions that every operand reads contiguously, or not at all, are merged), so the common
// cases -- equal shapes, a scalar operand, a per-channel bias -- run as tight inner loops.
#pragma once

#include <cstddef>  // before broadcast.h, which uses size_t without including it
#include <cstdint>
#include <vector>

#include "kernels/broadcast.h"

namespace minnow::kernels {

struct BroadcastPlan {
  int64_t numel = 0;                               // output elements
  std::vector<int64_t> outer_dims;                 // collapsed dims except the innermost
  std::vector<std::vector<int64_t>> outer_strides; // per operand, element strides for outer_dims
  int64_t inner = 1;                               // innermost collapsed dim
  std::vector<int64_t> inner_stride;               // per operand: 1 (contiguous) or 0 (broadcast)
};

// Plan for reading operands of shapes `inputs` as shape `out`. Precondition: every input
// broadcasts to `out` (the caller validated it with a shape check).
BroadcastPlan MakeBroadcastPlan(const std::vector<int64_t>& out, const std::vector<std::vector<int64_t>>& inputs);

template <typename X, typename Y, typename Fn>
void UnaryMap(const X* x, Y* y, int64_t n, const Fn& fn) {
  for (int64_t i = 0; i < n; ++i) y[i] = fn(x[i]);
}

// y = x broadcast to the plan's output shape (Expand).
template <typename T>
void BroadcastCopy(const T* x, T* y, const BroadcastPlan& p) {
  if (p.numel == 0) return;
  const int64_t n = p.inner;
  for (BroadcastIterator it(p.outer_dims, p.outer_strides); !it.done(); it.next()) {
    const T* px = x + it.offset(0);
    T* py = y + it.index() * n;
    if (p.inner_stride[0]) {
      for (int64_t i = 0; i < n; ++i) py[i] = px[i];
    } else {
      for (int64_t i = 0; i < n; ++i) py[i] = *px;
    }
  }
}

// y = fn(a, b) with a, b broadcast (plan operands: 0 = a, 1 = b).
template <typename A, typename B, typename Y, typename Fn>
void BroadcastBinary(const A* a, const B* b, Y* y, const BroadcastPlan& p, const Fn& fn) {
  if (p.numel == 0) return;
  const int64_t n = p.inner;
  const bool step_a = p.inner_stride[0] != 0;
  const bool step_b = p.inner_stride[1] != 0;
  for (BroadcastIterator it(p.outer_dims, p.outer_strides); !it.done(); it.next()) {
    const A* pa = a + it.offset(0);
    const B* pb = b + it.offset(1);
    Y* py = y + it.index() * n;
    if (step_a && step_b) {
      for (int64_t i = 0; i < n; ++i) py[i] = fn(pa[i], pb[i]);
    } else if (step_a) {
      const B vb = *pb;
      for (int64_t i = 0; i < n; ++i) py[i] = fn(pa[i], vb);
    } else if (step_b) {
      const A va = *pa;
      for (int64_t i = 0; i < n; ++i) py[i] = fn(va, pb[i]);
    } else {
      const Y v = fn(*pa, *pb);
      for (int64_t i = 0; i < n; ++i) py[i] = v;
    }
  }
}

// y = fn(a, b, c) with all three broadcast (Where).
template <typename A, typename B, typename C, typename Y, typename Fn>
void BroadcastTernary(const A* a, const B* b, const C* c, Y* y, const BroadcastPlan& p, const Fn& fn) {
  if (p.numel == 0) return;
  const int64_t n = p.inner;
  const int64_t sa = p.inner_stride[0], sb = p.inner_stride[1], sc = p.inner_stride[2];
  for (BroadcastIterator it(p.outer_dims, p.outer_strides); !it.done(); it.next()) {
    const A* pa = a + it.offset(0);
    const B* pb = b + it.offset(1);
    const C* pc = c + it.offset(2);
    Y* py = y + it.index() * n;
    for (int64_t i = 0; i < n; ++i) py[i] = fn(pa[i * sa], pb[i * sb], pc[i * sc]);
  }
}

}  // namespace minnow::kernels
