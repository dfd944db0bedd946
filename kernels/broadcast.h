// Index arithmetic for numpy-style broadcasting over flat buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace minnow::kernels {

// Element strides of a row-major tensor of shape `in` read as if it had shape `out`
// (right-aligned; broadcast dimensions get stride 0). out.size() >= in.size().
inline std::vector<int64_t> BroadcastStrides(const std::vector<int64_t>& in, const std::vector<int64_t>& out) {
  std::vector<int64_t> strides(out.size(), 0);
  int64_t stride = 1;
  for (int64_t i = static_cast<int64_t>(in.size()) - 1; i >= 0; --i) {
    const size_t o = out.size() - in.size() + static_cast<size_t>(i);
    strides[o] = (in[i] == 1) ? 0 : stride;
    stride *= in[i];
  }
  return strides;
}

// Walks the output of shape `out` in row-major order, tracking each input's flat offset.
// Usage: for (BroadcastIterator it(out, {sa, sb}); !it.done(); it.next()) y[it.index()] = a[it.offset(0)] + b[it.offset(1)];
class BroadcastIterator {
 public:
  BroadcastIterator(std::vector<int64_t> out, std::vector<std::vector<int64_t>> strides)
      : out_(std::move(out)), strides_(std::move(strides)), pos_(out_.size(), 0), offsets_(strides_.size(), 0) {
    total_ = 1;
    for (int64_t d : out_) total_ *= d;
  }
  bool done() const { return index_ >= total_; }
  int64_t index() const { return index_; }
  int64_t offset(size_t input) const { return offsets_[input]; }
  void next() {
    ++index_;
    for (int64_t d = static_cast<int64_t>(out_.size()) - 1; d >= 0; --d) {
      if (++pos_[d] < out_[d]) {
        for (size_t k = 0; k < offsets_.size(); ++k) offsets_[k] += strides_[k][d];
        return;
      }
      for (size_t k = 0; k < offsets_.size(); ++k) offsets_[k] -= strides_[k][d] * (out_[d] - 1);
      pos_[d] = 0;
    }
  }

 private:
  std::vector<int64_t> out_;
  std::vector<std::vector<int64_t>> strides_;
  std::vector<int64_t> pos_;
  std::vector<int64_t> offsets_;
  int64_t index_ = 0;
  int64_t total_ = 0;
};

}  // namespace minnow::kernels
