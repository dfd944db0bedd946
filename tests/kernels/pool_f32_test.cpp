// MaxPool2dF32 against MaxPoolRef: kernel sizes, strides, dilation, asymmetric padding, odd sizes,
// NaN-prefilled outputs, each ISA; non-2-D geometries are declined.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/pool.h"
#include "kernels/pool_f32.h"

namespace minnow::kernels {
namespace {

PoolGeometry Make(std::vector<int64_t> in, std::vector<int64_t> k, std::vector<int64_t> s, std::vector<int64_t> d,
                  std::vector<int64_t> pb, std::vector<int64_t> pe) {
  PoolGeometry g{in, {}, k, s, d, pb, pe};
  for (size_t i = 0; i < in.size(); ++i) {
    g.output.push_back((in[i] + pb[i] + pe[i] - ((k[i] - 1) * d[i] + 1)) / s[i] + 1);
  }
  return g;
}

TEST(MaxPool2dF32, MatchesReference) {
  const PoolGeometry cases[] = {
      Make({112, 112}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {1, 1}), Make({9, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}),
      Make({8, 8}, {2, 2}, {2, 2}, {1, 1}, {0, 0}, {0, 0}),     Make({10, 11}, {3, 2}, {2, 3}, {2, 1}, {0, 1}, {2, 0}),
      Make({5, 6}, {5, 5}, {1, 1}, {1, 1}, {2, 2}, {2, 2}),     Make({3, 3}, {3, 3}, {3, 3}, {1, 1}, {0, 2}, {2, 0}),
  };
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-3.0f, 3.0f);
  std::vector<Isa> isas = {Isa::kScalar};
  if (GetCpuFeatures().avx2) isas.push_back(Isa::kAvx2);
  for (Isa isa : isas) {
    for (const PoolGeometry& g : cases) {
      const int64_t planes = 3, in = g.input[0] * g.input[1], out = g.output[0] * g.output[1];
      std::vector<float> x(planes * in), want(planes * out), got(planes * out, NAN);
      for (auto& v : x) v = dist(rng);
      MaxPoolRef<float>(g, planes, x.data(), want.data(), nullptr, false);
      ASSERT_TRUE(MaxPool2dF32(g, planes, x.data(), got.data(), isa));
      EXPECT_EQ(got, want) << IsaName(isa) << " input " << g.input[0] << "x" << g.input[1];
    }
  }
}

TEST(MaxPool2dF32, DeclinesOtherRanks) {
  const PoolGeometry g = Make({9}, {3}, {1}, {1}, {1}, {1});
  std::vector<float> x(9, 1.0f), y(9, 0.0f);
  EXPECT_FALSE(MaxPool2dF32(g, 1, x.data(), y.data()));
  EXPECT_EQ(y, std::vector<float>(9, 0.0f));
}

}  // namespace
}  // namespace minnow::kernels
