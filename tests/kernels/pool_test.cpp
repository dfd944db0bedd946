// MaxPoolRef / AveragePoolRef against naive loops over every kernel tap, for random N-d geometry
// with strides, dilations, asymmetric padding and windows that hang past the padded input.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

#include "kernels/pool.h"

namespace minnow::kernels {
namespace {

int64_t Prod(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t d : v) p *= d;
  return p;
}

std::vector<int64_t> Unravel(int64_t i, const std::vector<int64_t>& dims) {
  std::vector<int64_t> pos(dims.size());
  for (int64_t d = static_cast<int64_t>(dims.size()) - 1; d >= 0; --d) {
    pos[d] = i % dims[d];
    i /= dims[d];
  }
  return pos;
}

struct Naive {
  std::vector<float> max, avg, avg_pad;
  std::vector<int64_t> argmax;
};

Naive NaivePool(const PoolGeometry& g, int64_t planes, const std::vector<float>& x) {
  const size_t nd = g.input.size();
  const int64_t isz = Prod(g.input), osz = Prod(g.output), ksz = Prod(g.kernel);
  Naive r;
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t o = 0; o < osz; ++o) {
      const auto op = Unravel(o, g.output);
      float best = -std::numeric_limits<float>::infinity();
      int64_t best_i = -1, inside = 0, in_padded = 0;
      double sum = 0;
      for (int64_t t = 0; t < ksz; ++t) {
        const auto tp = Unravel(t, g.kernel);
        bool ok = true, ok_pad = true;
        int64_t off = 0;
        for (size_t d = 0; d < nd; ++d) {
          const int64_t ix = op[d] * g.strides[d] + tp[d] * g.dilations[d] - g.pads_begin[d];
          ok &= ix >= 0 && ix < g.input[d];
          ok_pad &= ix >= -g.pads_begin[d] && ix < g.input[d] + g.pads_end[d];
          off = off * g.input[d] + ix;
        }
        in_padded += ok_pad;
        if (!ok) continue;
        ++inside;
        const float v = x[p * isz + off];
        sum += v;
        if (best_i < 0 || v > best) {
          best = v;
          best_i = p * isz + off;
        }
      }
      r.max.push_back(best);
      r.argmax.push_back(best_i);
      r.avg.push_back(inside ? static_cast<float>(sum / inside) : 0.0f);
      r.avg_pad.push_back(in_padded ? static_cast<float>(sum / in_padded) : 0.0f);
    }
  return r;
}

TEST(PoolRef, MatchesNaivePooling) {
  std::mt19937 rng(5);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int iter = 0; iter < 150; ++iter) {
    const size_t nd = 1 + iter % 3;
    PoolGeometry g;
    for (size_t d = 0; d < nd; ++d) {
      const int64_t k = pick(1, 3), dil = pick(1, 2), s = pick(1, 3), pb = pick(0, k - 1), pe = pick(0, k - 1);
      const int64_t eff = (k - 1) * dil + 1;
      const int64_t in = pick(std::max<int64_t>(1, eff - pb - pe), 7);
      g.input.push_back(in);
      g.kernel.push_back(k);
      g.dilations.push_back(dil);
      g.strides.push_back(s);
      g.pads_begin.push_back(pb);
      g.pads_end.push_back(pe);
      // ceil-mode style: sometimes one extra window that overhangs the padded end.
      g.output.push_back((in + pb + pe - eff + (iter % 2 ? s - 1 : 0)) / s + 1);
    }
    const int64_t planes = pick(1, 3);
    std::vector<float> x(planes * Prod(g.input));
    for (auto& v : x) v = dist(rng);
    const Naive want = NaivePool(g, planes, x);
    const int64_t n = planes * Prod(g.output);
    std::vector<float> y(n), avg(n), avg_pad(n);
    std::vector<int64_t> idx(n);
    MaxPoolRef<float>(g, planes, x.data(), y.data(), idx.data(), false);
    AveragePoolRef<float>(g, planes, x.data(), avg.data(), false);
    AveragePoolRef<float>(g, planes, x.data(), avg_pad.data(), true);
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(y[i], want.max[i]) << "iter " << iter << " at " << i;
      ASSERT_EQ(idx[i], want.argmax[i]) << "iter " << iter << " at " << i;
      ASSERT_NEAR(avg[i], want.avg[i], 1e-5) << "iter " << iter << " at " << i;
      ASSERT_NEAR(avg_pad[i], want.avg_pad[i], 1e-5) << "iter " << iter << " at " << i;
    }
  }
}

TEST(PoolRef, GlobalPools) {
  const std::vector<float> x = {1, 5, 3, -2, -8, -1};
  std::vector<float> mx(2), avg(2);
  GlobalMaxPoolRef<float>(2, 3, x.data(), mx.data());
  GlobalAveragePoolRef<float>(2, 3, x.data(), avg.data());
  EXPECT_EQ(mx, (std::vector<float>{5, -1}));
  EXPECT_FLOAT_EQ(avg[0], 3.0f);
  EXPECT_FLOAT_EQ(avg[1], -11.0f / 3);
}

}  // namespace
}  // namespace minnow::kernels
