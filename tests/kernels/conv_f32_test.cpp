// ConvF32 (depthwise direct, pointwise and im2col GEMM paths, each ISA) against ConvRef plus a plain
// epilogue: odd sizes, strides, dilations, asymmetric padding, groups, NaN-prefilled outputs.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/conv.h"
#include "kernels/conv_f32.h"

namespace minnow::kernels {
namespace {

std::vector<Isa> TestedIsas() {
  std::vector<Isa> isas = {Isa::kScalar};
  if (GetCpuFeatures().avx2 && GetCpuFeatures().fma) isas.push_back(Isa::kAvx2);
  return isas;
}

struct Case {
  std::vector<int64_t> image, kernel, strides, dilations, pads_begin, pads_end;
  int64_t batch, in_channels, out_channels, groups;
};

ColGeometry MakeGeometry(const Case& c) {
  ColGeometry g{c.image, {}, c.kernel, c.strides, c.dilations, c.pads_begin};
  for (size_t d = 0; d < c.image.size(); ++d) {
    const int64_t eff = (c.kernel[d] - 1) * c.dilations[d] + 1;
    g.cols.push_back((c.image[d] + c.pads_begin[d] + c.pads_end[d] - eff) / c.strides[d] + 1);
  }
  return g;
}

void Check(const Case& c, Activation act, float alpha, float beta, bool residual, bool prepack, Isa isa) {
  const ColGeometry g = MakeGeometry(c);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(c.batch * c.in_channels * g.ImageSize());
  std::vector<float> w(c.out_channels * (c.in_channels / c.groups) * g.KernelSize()), bias(c.out_channels);
  const size_t y_size = static_cast<size_t>(c.batch * c.out_channels * g.ColSize());
  std::vector<float> res(y_size);
  for (auto* v : {&x, &w, &bias, &res}) {
    for (auto& e : *v) e = dist(rng);
  }
  std::vector<float> want(y_size), got(y_size, NAN);
  ConvRef<float>(g, c.batch, c.in_channels, c.out_channels, c.groups, x.data(), w.data(), bias.data(), want.data());
  for (size_t i = 0; i < y_size; ++i) {
    if (residual) want[i] += res[i];
    ApplyActivation(act, alpha, beta, &want[i], 1);
  }
  ConvEpilogue ep;
  ep.bias = bias.data();
  ep.residual = residual ? res.data() : nullptr;
  ep.act = act;
  ep.alpha = alpha;
  ep.beta = beta;
  PreparedConv packed;
  if (prepack) packed = PrepareConv(g, c.batch, c.in_channels, c.out_channels, c.groups, w.data(), isa);
  ConvF32(g, c.batch, c.in_channels, c.out_channels, c.groups, x.data(), w.data(), prepack ? &packed : nullptr, ep,
          got.data(), isa);
  const float tol = 1e-5f * static_cast<float>(w.size() / c.out_channels + 4);
  for (size_t i = 0; i < y_size; ++i) {
    ASSERT_NEAR(got[i], want[i], tol) << "element " << i << " isa=" << IsaName(isa) << " groups=" << c.groups
                                      << " kernel=" << c.kernel[0] << " stride=" << c.strides[0];
  }
}

const Case kCases[] = {
    // Depthwise 3x3 / 5x5, stride 1 and 2, odd and tiny images, asymmetric padding, dilation.
    {{9, 11}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, 2, 5, 5, 5},
    {{10, 7}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {1, 1}, 1, 8, 8, 8},
    {{13, 12}, {5, 5}, {1, 1}, {1, 1}, {2, 2}, {2, 2}, 1, 3, 3, 3},
    {{13, 12}, {5, 5}, {2, 2}, {1, 1}, {2, 2}, {2, 2}, 1, 4, 4, 4},
    {{3, 2}, {3, 3}, {1, 2}, {1, 1}, {0, 1}, {2, 1}, 1, 2, 2, 2},
    {{12, 12}, {3, 3}, {1, 1}, {2, 2}, {2, 2}, {2, 2}, 1, 3, 3, 3},
    {{8, 9}, {3, 2}, {3, 1}, {1, 1}, {1, 0}, {0, 1}, 1, 6, 6, 6},
    // Dense 3x3, pointwise 1x1, strided 1x1, grouped, channel multiplier (not depthwise-direct).
    {{9, 10}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, 2, 3, 7, 1},
    {{15, 14}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {0, 0}, 1, 4, 17, 1},
    {{6, 7}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}, 2, 19, 13, 1},
    {{6, 7}, {1, 1}, {2, 2}, {1, 1}, {0, 0}, {0, 0}, 1, 8, 5, 1},
    {{7, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, 1, 6, 4, 2},
    {{7, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, 1, 3, 6, 3},
    // 1-D and 3-D.
    {{20}, {4}, {3}, {1}, {2}, {1}, 2, 3, 5, 1},
    {{5, 4, 6}, {3, 1, 2}, {1, 2, 1}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}, 1, 2, 3, 1},
};

TEST(ConvF32, MatchesReferenceEveryPathAndIsa) {
  for (Isa isa : TestedIsas()) {
    for (const Case& c : kCases) {
      Check(c, Activation::kNone, 0, 0, false, false, isa);
      Check(c, Activation::kRelu, 0, 0, true, true, isa);
    }
  }
}

TEST(ConvF32, FusedActivations) {
  const Case dw = kCases[0], dense = kCases[7];
  for (Isa isa : TestedIsas()) {
    for (const Case& c : {dw, dense}) {
      Check(c, Activation::kClip, 0.0f, 0.5f, false, false, isa);
      Check(c, Activation::kHardSwish, 0, 0, true, false, isa);
      Check(c, Activation::kSigmoid, 0, 0, false, true, isa);
      Check(c, Activation::kLeakyRelu, 0.2f, 0, true, true, isa);
    }
  }
}

TEST(ConvF32, DepthwiseDetection) {
  const ColGeometry g = MakeGeometry(kCases[0]);
  EXPECT_TRUE(IsDepthwise2d(g, 5, 5, 5));
  EXPECT_FALSE(IsDepthwise2d(g, 5, 10, 5));  // channel multiplier: im2col path
  EXPECT_FALSE(IsDepthwise2d(g, 1, 1, 1));   // a single dense channel
  EXPECT_FALSE(IsDepthwise2d(MakeGeometry(kCases[13]), 3, 3, 3));  // 1-D
}

TEST(ConvTransposeF32, MatchesReference) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  // (input 5x4 -> output 10x9 with kernel 3x3, stride 2, pads 1/0) in 2 groups, and a 1-D case.
  const struct {
    ColGeometry g;
    int64_t in_channels, out_channels, groups;
  } cases[] = {{{{10, 9}, {5, 4}, {3, 3}, {2, 2}, {1, 1}, {1, 0}}, 4, 6, 2},
               {{{11}, {5}, {3}, {2}, {1}, {0}}, 3, 2, 1}};
  for (Isa isa : TestedIsas()) {
    for (const auto& c : cases) {
      const int64_t batch = 2;
      std::vector<float> x(batch * c.in_channels * c.g.ColSize());
      std::vector<float> w(c.in_channels * (c.out_channels / c.groups) * c.g.KernelSize()), bias(c.out_channels);
      for (auto* v : {&x, &w, &bias}) {
        for (auto& e : *v) e = dist(rng);
      }
      const size_t y_size = static_cast<size_t>(batch * c.out_channels * c.g.ImageSize());
      std::vector<float> want(y_size), got(y_size, NAN);
      ConvTransposeRef<float>(c.g, batch, c.in_channels, c.out_channels, c.groups, x.data(), w.data(), bias.data(),
                              want.data());
      ConvTransposeF32(c.g, batch, c.in_channels, c.out_channels, c.groups, x.data(), w.data(), bias.data(),
                       got.data(), isa);
      for (size_t i = 0; i < y_size; ++i) ASSERT_NEAR(got[i], want[i], 1e-4f) << i << " " << IsaName(isa);
    }
  }
}

// On AVX2 machines dense and depthwise convolutions are prepared as oneDNN primitives, so the
// prepared cases above run them (and the unprepared ones the direct and GEMM kernels).
TEST(ConvF32, PreparesOneDnnForDenseConvolutionsOnAvx2) {
  if (!(GetCpuFeatures().avx2 && GetCpuFeatures().fma)) GTEST_SKIP() << "no AVX2";
  const Case& c = kCases[7];
  const ColGeometry g = MakeGeometry(c);
  std::vector<float> w(c.out_channels * c.in_channels * g.KernelSize(), 0.5f);
  const PreparedConv p = PrepareConv(g, c.batch, c.in_channels, c.out_channels, c.groups, w.data(), Isa::kAvx2);
  ASSERT_NE(p.onednn, nullptr);
  EXPECT_TRUE(p.onednn->Matches(g, c.batch, c.in_channels, c.out_channels, c.groups));
  EXPECT_FALSE(p.onednn->Matches(g, c.batch + 1, c.in_channels, c.out_channels, c.groups));
  const PreparedConv scalar = PrepareConv(g, c.batch, c.in_channels, c.out_channels, c.groups, w.data(), Isa::kScalar);
  EXPECT_EQ(scalar.onednn, nullptr);
  EXPECT_EQ(scalar.groups.size(), 1u);
  const Case& dw = kCases[0];
  const ColGeometry gd = MakeGeometry(dw);
  std::vector<float> wd(dw.out_channels * g.KernelSize(), 0.5f);
  EXPECT_NE(PrepareConv(gd, dw.batch, dw.in_channels, dw.out_channels, dw.groups, wd.data(), Isa::kAvx2).onednn,
            nullptr);
  const PreparedConv dw_scalar =
      PrepareConv(gd, dw.batch, dw.in_channels, dw.out_channels, dw.groups, wd.data(), Isa::kScalar);
  EXPECT_EQ(dw_scalar.onednn, nullptr);
  EXPECT_TRUE(dw_scalar.groups.empty());
}

}  // namespace
}  // namespace minnow::kernels
