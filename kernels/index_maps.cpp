// Builders of per-dimension offset tables (see index_maps.h).
#include "kernels/index_maps.h"

#include "kernels/index_map_copy.h"

namespace minnow::kernels {

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d) strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

std::vector<int64_t> StepMap(int64_t start, int64_t step, int64_t count, int64_t stride) {
  std::vector<int64_t> map(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) map[i] = (start + i * step) * stride;
  return map;
}

std::vector<int64_t> TileMap(int64_t in_len, int64_t repeats, int64_t stride) {
  std::vector<int64_t> map(static_cast<size_t>(in_len * repeats));
  for (size_t i = 0; i < map.size(); ++i) map[i] = static_cast<int64_t>(i) % in_len * stride;
  return map;
}

namespace {

// Source index for position p (relative to the input's first element) of a padded dimension.
int64_t PadSource(int64_t p, int64_t n, PadMode mode) {
  if (p >= 0 && p < n) return p;
  switch (mode) {
    case PadMode::kConstant: return -1;
    case PadMode::kEdge: return p < 0 ? 0 : n - 1;
    case PadMode::kWrap: return ((p % n) + n) % n;
    case PadMode::kReflect: {
      if (n == 1) return 0;
      // Reflection without repeating the edge has period 2(n-1): 0 1 .. n-1 n-2 .. 1 0 1 ...
      const int64_t period = 2 * (n - 1);
      int64_t q = ((p % period) + period) % period;
      return q < n ? q : period - q;
    }
  }
  return -1;
}

}  // namespace

std::vector<int64_t> PadMap(int64_t in_len, int64_t before, int64_t after, PadMode mode, int64_t stride) {
  const int64_t out_len = in_len + before + after;
  std::vector<int64_t> map(static_cast<size_t>(out_len > 0 ? out_len : 0));
  for (int64_t i = 0; i < out_len; ++i) {
    const int64_t src = PadSource(i - before, in_len, mode);
    map[i] = src < 0 ? kFillOffset : src * stride;
  }
  return map;
}

std::vector<std::vector<int64_t>> TransposeMaps(const std::vector<int64_t>& in_shape, const std::vector<int64_t>& perm) {
  const std::vector<int64_t> strides = RowMajorStrides(in_shape);
  std::vector<std::vector<int64_t>> maps(perm.size());
  for (size_t d = 0; d < perm.size(); ++d) maps[d] = StepMap(0, 1, in_shape[perm[d]], strides[perm[d]]);
  return maps;
}

}  // namespace minnow::kernels
