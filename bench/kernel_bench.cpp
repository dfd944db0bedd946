// GFLOP/s of the f32 GEMM and convolution kernels on model shapes: reference vs own packed kernel
// (scalar and AVX2 microkernels) vs oneDNN sgemm; depthwise direct; dense im2col vs oneDNN conv. Run: ./build/bench/minnow_kernel_bench
#include <benchmark/benchmark.h>
#include <dnnl.h>

#include <random>
#include <vector>

#include "kernels/conv.h"
#include "kernels/conv_f32.h"
#include "kernels/gemm.h"
#include "kernels/gemm_f32.h"

namespace minnow::kernels {
namespace {

std::vector<float> Random(size_t n) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

enum GemmImpl { kRef, kOwnScalar, kOwnAvx2, kOneDnn };

// Args: M, N, K, implementation. A is the constant operand (conv weights), packed outside the loop
// for the own kernels.
void BM_Gemm(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const auto impl = static_cast<GemmImpl>(state.range(3));
  const auto a = Random(m * k), b = Random(k * n);
  std::vector<float> c(m * n);
  const PackedA pa = PackGemmA(false, m, k, a.data(), k);
  for (auto _ : state) {
    switch (impl) {
      case kRef: GemmRef<float>(false, false, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n); break;
      case kOwnScalar: GemmF32PackedA(pa, false, n, 1.0f, b.data(), n, 0.0f, c.data(), n, {}, Isa::kScalar); break;
      case kOwnAvx2: GemmF32PackedA(pa, false, n, 1.0f, b.data(), n, 0.0f, c.data(), n, {}, Isa::kAvx2); break;
      case kOneDnn: dnnl_sgemm('N', 'N', m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n); break;
    }
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * m * n * k, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
  static const char* names[] = {"ref", "own_scalar", "own_avx2", "onednn"};
  state.SetLabel(names[impl]);
}

void GemmShapes(benchmark::internal::Benchmark* b) {
  // resnet18 / mobilenet / PaddleOCR convolutions as (Cout, output pixels, Cin * taps), transformer matmuls.
  const int64_t shapes[][3] = {{64, 3136, 576}, {128, 784, 1152}, {512, 49, 4608}, {64, 3136, 64},
                               {16, 64, 64},    {16, 256, 256},   {16, 256, 64},   {96, 1600, 24}};
  for (const auto& s : shapes) {
    for (int impl = kRef; impl <= kOneDnn; ++impl) b->Args({s[0], s[1], s[2], impl});
  }
}
BENCHMARK(BM_Gemm)->Apply(GemmShapes)->Unit(benchmark::kMicrosecond);

// Args: channels, image size, kernel, stride; 0 = ConvRef, 1 = ConvF32 scalar, 2 = ConvF32 AVX2.
void BM_Depthwise(benchmark::State& state) {
  const int64_t c = state.range(0), hw = state.range(1), kk = state.range(2), s = state.range(3);
  const int impl = static_cast<int>(state.range(4));
  const int64_t pad = kk / 2, out = (hw + 2 * pad - kk) / s + 1;
  const ColGeometry g{{hw, hw}, {out, out}, {kk, kk}, {s, s}, {1, 1}, {pad, pad}};
  const auto x = Random(c * hw * hw), w = Random(c * kk * kk), bias = Random(c);
  std::vector<float> y(c * out * out);
  for (auto _ : state) {
    if (impl == 0) {
      ConvRef<float>(g, 1, c, c, c, x.data(), w.data(), bias.data(), y.data());
    } else {
      ConvEpilogue ep;
      ep.bias = bias.data();
      ConvF32(g, 1, c, c, c, x.data(), w.data(), nullptr, ep, y.data(), impl == 1 ? Isa::kScalar : Isa::kAvx2);
    }
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * c * out * out * kk * kk,
                                                 benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::kIs1000);
  static const char* names[] = {"ref", "own_scalar", "own_avx2"};
  state.SetLabel(names[impl]);
}
BENCHMARK(BM_Depthwise)
    ->ArgsProduct({{96}, {56}, {3}, {1, 2}, {0, 1, 2}})
    ->ArgsProduct({{240}, {28}, {5}, {1}, {0, 1, 2}})
    ->Unit(benchmark::kMicrosecond);

// Dense convolutions (resnet18 layers). Args: in channels, out channels, image size, kernel, stride;
// 0 = ConvRef, 1 = im2col + GemmF32 (oneDNN sgemm), 2 = prepared oneDNN convolution primitive.
void BM_DenseConv(benchmark::State& state) {
  const int64_t ci = state.range(0), co = state.range(1), hw = state.range(2), kk = state.range(3),
                s = state.range(4);
  const int impl = static_cast<int>(state.range(5));
  const int64_t pad = kk / 2, out = (hw + 2 * pad - kk) / s + 1;
  const ColGeometry g{{hw, hw}, {out, out}, {kk, kk}, {s, s}, {1, 1}, {pad, pad}};
  const auto x = Random(ci * hw * hw), w = Random(co * ci * kk * kk), bias = Random(co);
  std::vector<float> y(co * out * out);
  const PreparedConv prepared = PrepareConv(g, 1, ci, co, 1, w.data(), Isa::kAvx2);
  ConvEpilogue ep;
  ep.bias = bias.data();
  for (auto _ : state) {
    if (impl == 0) {
      ConvRef<float>(g, 1, ci, co, 1, x.data(), w.data(), bias.data(), y.data());
    } else {
      ConvF32(g, 1, ci, co, 1, x.data(), w.data(), impl == 2 ? &prepared : nullptr, ep, y.data(), Isa::kAvx2);
    }
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * co * out * out * ci * kk * kk,
                                                 benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::kIs1000);
  static const char* names[] = {"ref", "im2col_sgemm", "onednn_conv"};
  state.SetLabel(names[impl]);
}
BENCHMARK(BM_DenseConv)
    ->ArgsProduct({{64}, {64}, {56}, {3}, {1}, {0, 1, 2}})
    ->ArgsProduct({{128}, {128}, {28}, {3}, {1}, {0, 1, 2}})
    ->ArgsProduct({{512}, {512}, {7}, {3}, {1}, {0, 1, 2}})
    ->ArgsProduct({{3}, {64}, {224}, {7}, {2}, {0, 1, 2}})
    ->ArgsProduct({{64}, {256}, {56}, {1}, {1}, {0, 1, 2}})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace minnow::kernels

BENCHMARK_MAIN();
