// Shape collapsing for broadcast elementwise loops.
#include "kernels/elementwise_broadcast.h"

namespace minnow::kernels {

BroadcastPlan MakeBroadcastPlan(const std::vector<int64_t>& out, const std::vector<std::vector<int64_t>>& inputs) {
  BroadcastPlan p;
  const size_t k = inputs.size();
  p.numel = 1;
  for (int64_t d : out) p.numel *= d;

  std::vector<std::vector<int64_t>> full(k);
  for (size_t j = 0; j < k; ++j) full[j] = BroadcastStrides(inputs[j], out);

  // Collapse: drop size-1 dims; merge a dim into the previous one when every operand's stride
  // for the previous dim equals (this dim's stride * this dim's size), i.e. the two dims walk
  // memory as one. Broadcast dims (stride 0) merge with each other by the same rule.
  std::vector<int64_t> dims;
  std::vector<std::vector<int64_t>> strides(k);
  for (size_t d = 0; d < out.size(); ++d) {
    if (out[d] == 1) continue;
    bool merge = !dims.empty();
    for (size_t j = 0; j < k && merge; ++j) merge = strides[j].back() == full[j][d] * out[d];
    if (merge) {
      dims.back() *= out[d];
      for (size_t j = 0; j < k; ++j) strides[j].back() = full[j][d];
    } else {
      dims.push_back(out[d]);
      for (size_t j = 0; j < k; ++j) strides[j].push_back(full[j][d]);
    }
  }

  p.inner_stride.assign(k, 0);
  p.outer_strides.assign(k, {});
  if (!dims.empty()) {
    p.inner = dims.back();
    dims.pop_back();
    for (size_t j = 0; j < k; ++j) {
      p.inner_stride[j] = strides[j].back();
      strides[j].pop_back();
    }
  }
  p.outer_dims = std::move(dims);
  p.outer_strides = std::move(strides);
  return p;
}

}  // namespace minnow::kernels
