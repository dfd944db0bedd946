// End-to-end model latency: loads a model, feeds random inputs of the given shapes, runs it once to
// warm up and then --runs times, printing the median and best wall time of Session::Run.
//   minnow_model_bench MODEL NAME=1x3x224x224 [NAME=...] [--runs 10]
// Threads follow OMP_NUM_THREADS. Process CPU time is printed too: on a shared, loaded machine it
// is the better estimate of single-thread cost than wall time.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "minnow/minnow.h"

namespace {

minnow::Shape ParseShape(const std::string& text) {
  minnow::Shape shape;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t x = text.find('x', pos);
    shape.push_back(std::stoll(text.substr(pos, x == std::string::npos ? std::string::npos : x - pos)));
    if (x == std::string::npos) break;
    pos = x + 1;
  }
  return shape;
}

// CPU time of the whole process (all threads) in milliseconds.
double CpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s MODEL NAME=SHAPE... [--runs N]\n", argv[0]);
    return 1;
  }
  int runs = 10;
  std::vector<minnow::NamedTensor> inputs;
  std::mt19937 rng(0);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
      continue;
    }
    const size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "bad input spec '%s' (want NAME=1x3x224x224)\n", arg.c_str());
      return 1;
    }
    minnow::Tensor t(minnow::DataType::kFloat32, ParseShape(arg.substr(eq + 1)));
    for (int64_t j = 0; j < t.numel(); ++j) t.data<float>()[j] = dist(rng);
    inputs.push_back({arg.substr(0, eq), std::move(t)});
  }
  auto session = minnow::Session::LoadFile(argv[1]);
  if (!session.ok()) {
    std::fprintf(stderr, "%s\n", session.status().ToString().c_str());
    return 1;
  }
  std::vector<double> ms, cpu_ms;
  for (int r = 0; r <= runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = CpuMs();
    auto out = (*session)->Run(inputs);
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!out.ok()) {
      std::fprintf(stderr, "%s\n", out.status().ToString().c_str());
      return 1;
    }
    if (r > 0) {  // run 0 warms caches and one-time packing
      ms.push_back(elapsed);
      cpu_ms.push_back(CpuMs() - c0);
    }
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu_ms.begin(), cpu_ms.end());
  std::printf("%s: wall median %.2f ms, best %.2f ms; CPU median %.2f ms, best %.2f ms over %d runs\n", argv[1],
              ms[ms.size() / 2], ms.front(), cpu_ms[cpu_ms.size() / 2], cpu_ms.front(), runs);
  return 0;
}
