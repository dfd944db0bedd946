// ConvRef / ConvTransposeRef against direct (naive) loops for random shapes, groups, strides,
// dilations and padding in 1-D, 2-D and 3-D.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/conv.h"

namespace minnow::kernels {
namespace {

int64_t Prod(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t d : v) p *= d;
  return p;
}

// Unravels flat index i of `dims` (row-major).
std::vector<int64_t> Unravel(int64_t i, const std::vector<int64_t>& dims) {
  std::vector<int64_t> pos(dims.size());
  for (int64_t d = static_cast<int64_t>(dims.size()) - 1; d >= 0; --d) {
    pos[d] = i % dims[d];
    i /= dims[d];
  }
  return pos;
}

// Direct convolution: y[n, m, o] = b[m] + sum_{c in group, t} x[n, c, o*s + t*d - p] * w[m, c', t].
std::vector<float> NaiveConv(const ColGeometry& g, int64_t batch, int64_t cin, int64_t cout, int64_t groups,
                             const std::vector<float>& x, const std::vector<float>& w, const std::vector<float>& b) {
  const int64_t cin_g = cin / groups, cout_g = cout / groups;
  const int64_t isz = Prod(g.image), osz = Prod(g.cols), ksz = Prod(g.kernel);
  const size_t nd = g.image.size();
  std::vector<float> y(batch * cout * osz);
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t m = 0; m < cout; ++m)
      for (int64_t o = 0; o < osz; ++o) {
        const auto op = Unravel(o, g.cols);
        double acc = b.empty() ? 0.0 : b[m];
        for (int64_t c = 0; c < cin_g; ++c)
          for (int64_t t = 0; t < ksz; ++t) {
            const auto tp = Unravel(t, g.kernel);
            int64_t off = 0;
            bool inside = true;
            for (size_t d = 0; d < nd; ++d) {
              const int64_t ix = op[d] * g.strides[d] + tp[d] * g.dilations[d] - g.pads_begin[d];
              inside &= ix >= 0 && ix < g.image[d];
              off = off * g.image[d] + ix;
            }
            if (!inside) continue;
            const int64_t ci = (m / cout_g) * cin_g + c;
            acc += static_cast<double>(x[(n * cin + ci) * isz + off]) * w[(m * cin_g + c) * ksz + t];
          }
        y[(n * cout + m) * osz + o] = static_cast<float>(acc);
      }
  return y;
}

// Direct transposed convolution: scatter x[n, c, i] * w[c, m', t] to y[n, m, i*s + t*d - p].
std::vector<float> NaiveConvTranspose(const ColGeometry& g, int64_t batch, int64_t cin, int64_t cout, int64_t groups,
                                      const std::vector<float>& x, const std::vector<float>& w,
                                      const std::vector<float>& b) {
  const int64_t cin_g = cin / groups, cout_g = cout / groups;
  const int64_t ysz = Prod(g.image), xsz = Prod(g.cols), ksz = Prod(g.kernel);
  const size_t nd = g.image.size();
  std::vector<double> y(batch * cout * ysz, 0.0);
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t m = 0; m < cout; ++m)
      for (int64_t i = 0; i < ysz; ++i) y[(n * cout + m) * ysz + i] = b.empty() ? 0.0 : b[m];
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < cin; ++c)
      for (int64_t i = 0; i < xsz; ++i) {
        const auto ip = Unravel(i, g.cols);
        for (int64_t mg = 0; mg < cout_g; ++mg)
          for (int64_t t = 0; t < ksz; ++t) {
            const auto tp = Unravel(t, g.kernel);
            int64_t off = 0;
            bool inside = true;
            for (size_t d = 0; d < nd; ++d) {
              const int64_t oy = ip[d] * g.strides[d] + tp[d] * g.dilations[d] - g.pads_begin[d];
              inside &= oy >= 0 && oy < g.image[d];
              off = off * g.image[d] + oy;
            }
            if (!inside) continue;
            const int64_t m = (c / cin_g) * cout_g + mg;
            y[(n * cout + m) * ysz + off] +=
                static_cast<double>(x[(n * cin + c) * xsz + i]) * w[(c * cout_g + mg) * ksz + t];
          }
      }
  return std::vector<float>(y.begin(), y.end());
}

struct RandomConv {
  ColGeometry g;
  int64_t batch, cin, cout, groups;
};

// A random valid geometry: `cols` is derived from image/kernel/strides/dilations/pads (conv rule).
RandomConv MakeRandom(std::mt19937& rng, size_t nd, bool depthwise) {
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  RandomConv r;
  r.groups = depthwise ? pick(2, 5) : pick(1, 3);
  r.batch = pick(1, 2);
  r.cin = r.groups * (depthwise ? 1 : pick(1, 3));
  r.cout = r.groups * pick(1, 3);
  for (size_t d = 0; d < nd; ++d) {
    const int64_t k = pick(1, 3), dil = pick(1, 2), s = pick(1, 3);
    const int64_t pb = pick(0, 2), pe = pick(0, 2);
    const int64_t eff = (k - 1) * dil + 1;
    const int64_t in = pick(std::max<int64_t>(1, eff - pb - pe), nd == 3 ? 6 : 11);
    r.g.image.push_back(in);
    r.g.kernel.push_back(k);
    r.g.dilations.push_back(dil);
    r.g.strides.push_back(s);
    r.g.pads_begin.push_back(pb);
    r.g.cols.push_back((in + pb + pe - eff) / s + 1);
  }
  return r;
}

std::vector<float> RandomVector(std::mt19937& rng, int64_t n) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

void ExpectClose(const std::vector<float>& got, const std::vector<float>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-4) << what << " at " << i;
}

std::string Describe(const RandomConv& r) {
  std::string s = "batch=" + std::to_string(r.batch) + " cin=" + std::to_string(r.cin) +
                  " cout=" + std::to_string(r.cout) + " groups=" + std::to_string(r.groups);
  for (size_t d = 0; d < r.g.image.size(); ++d) {
    s += " [in=" + std::to_string(r.g.image[d]) + " k=" + std::to_string(r.g.kernel[d]) +
         " s=" + std::to_string(r.g.strides[d]) + " d=" + std::to_string(r.g.dilations[d]) +
         " p=" + std::to_string(r.g.pads_begin[d]) + " out=" + std::to_string(r.g.cols[d]) + "]";
  }
  return s;
}

TEST(ConvRef, MatchesNaiveConvolution) {
  std::mt19937 rng(7);
  for (int iter = 0; iter < 120; ++iter) {
    const size_t nd = 1 + iter % 3;
    const RandomConv r = MakeRandom(rng, nd, iter % 5 == 0);
    const auto x = RandomVector(rng, r.batch * r.cin * r.g.ImageSize());
    const auto w = RandomVector(rng, r.cout * (r.cin / r.groups) * r.g.KernelSize());
    const auto b = iter % 2 ? RandomVector(rng, r.cout) : std::vector<float>{};
    std::vector<float> y(r.batch * r.cout * r.g.ColSize(), 99.0f);
    ConvRef<float>(r.g, r.batch, r.cin, r.cout, r.groups, x.data(), w.data(), b.empty() ? nullptr : b.data(),
                   y.data());
    ExpectClose(y, NaiveConv(r.g, r.batch, r.cin, r.cout, r.groups, x, w, b), Describe(r));
  }
}

TEST(ConvRef, PointwiseKernelSkipsIm2Col) {
  ColGeometry g{{3, 4}, {3, 4}, {1, 1}, {1, 1}, {1, 1}, {0, 0}};
  std::mt19937 rng(3);
  const auto x = RandomVector(rng, 2 * 4 * 12), w = RandomVector(rng, 6 * 4), b = RandomVector(rng, 6);
  std::vector<float> y(2 * 6 * 12);
  ConvRef<float>(g, 2, 4, 6, 1, x.data(), w.data(), b.data(), y.data());
  ExpectClose(y, NaiveConv(g, 2, 4, 6, 1, x, w, b), "pointwise");
}

TEST(ConvTransposeRef, MatchesNaiveTransposedConvolution) {
  std::mt19937 rng(11);
  for (int iter = 0; iter < 90; ++iter) {
    const size_t nd = 1 + iter % 3;
    // Swap roles: the conv's image is the transposed conv's output and its columns are the input.
    RandomConv r = MakeRandom(rng, nd, iter % 4 == 0);
    std::swap(r.cin, r.cout);
    const auto x = RandomVector(rng, r.batch * r.cin * r.g.ColSize());
    const auto w = RandomVector(rng, r.cin * (r.cout / r.groups) * r.g.KernelSize());
    const auto b = iter % 2 ? RandomVector(rng, r.cout) : std::vector<float>{};
    std::vector<float> y(r.batch * r.cout * r.g.ImageSize(), 99.0f);
    ConvTransposeRef<float>(r.g, r.batch, r.cin, r.cout, r.groups, x.data(), w.data(), b.empty() ? nullptr : b.data(),
                            y.data());
    ExpectClose(y, NaiveConvTranspose(r.g, r.batch, r.cin, r.cout, r.groups, x, w, b), Describe(r));
  }
}

}  // namespace
}  // namespace minnow::kernels
