// Reduction planning (see reduce.h).
#include "kernels/reduce.h"

#include "kernels/index_maps.h"

namespace minnow::kernels {

namespace {

// All sums of one entry per dimension of `maps`, in row-major order of the dimensions.
std::vector<int64_t> OffsetProduct(const std::vector<std::vector<int64_t>>& maps) {
  std::vector<int64_t> out{0};
  for (const auto& m : maps) {
    std::vector<int64_t> next;
    next.reserve(out.size() * m.size());
    for (int64_t base : out) {
      for (int64_t v : m) next.push_back(base + v);
    }
    out = std::move(next);
  }
  return out;
}

}  // namespace

ReducePlan MakeReducePlan(const std::vector<int64_t>& shape, const std::vector<bool>& reduce) {
  const std::vector<int64_t> strides = RowMajorStrides(shape);
  ReducePlan plan;
  // Trailing reduced axes are one contiguous run of memory.
  size_t inner_begin = shape.size();
  while (inner_begin > 0 && reduce[inner_begin - 1]) plan.inner_run *= shape[--inner_begin];
  std::vector<std::vector<int64_t>> kept, reduced;
  for (size_t d = 0; d < inner_begin; ++d) {
    (reduce[d] ? reduced : kept).push_back(StepMap(0, 1, shape[d], strides[d]));
  }
  plan.output_offsets = OffsetProduct(kept);
  plan.reduced_offsets = OffsetProduct(reduced);
  return plan;
}

}  // namespace minnow::kernels
