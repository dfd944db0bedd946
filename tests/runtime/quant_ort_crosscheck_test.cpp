// Bit-exact comparison of the quantized operators with ONNX Runtime: runs the models in
// tests/runtime/quant_ort_cases (expected outputs produced by ORT; see README.md there).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "importer/onnx_importer.h"
#include "importer/tensor_proto.h"
#include "runtime/executor.h"

namespace minnow::runtime {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> SortedPb(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(QuantCrossCheck, MatchesOnnxRuntimeExactly) {
  const fs::path root = fs::path(MINNOW_SOURCE_DIR) / "tests/runtime/quant_ort_cases";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    auto model = importer::ImportOnnxFile(entry.path() / "model.onnx");
    ASSERT_TRUE(model.ok()) << name << ": " << model.status().ToString();
    auto ex = Executor::Create(*model);
    ASSERT_TRUE(ex.ok()) << name << ": " << ex.status().ToString();
    const fs::path data = entry.path() / "test_data_set_0";
    std::vector<NamedTensor> feeds;
    for (const auto& p : SortedPb(data, "input_")) {
      std::string input_name;
      auto t = importer::ReadTensorProtoFile(p, &input_name);
      ASSERT_TRUE(t.ok()) << t.status().ToString();
      feeds.push_back({input_name, *t});
    }
    auto out = (*ex)->Run(feeds);
    ASSERT_TRUE(out.ok()) << name << ": " << out.status().ToString();
    const auto expected = SortedPb(data, "output_");
    ASSERT_EQ(expected.size(), out->size()) << name;
    for (size_t i = 0; i < expected.size(); ++i) {
      auto want = importer::ReadTensorProtoFile(expected[i]);
      ASSERT_TRUE(want.ok()) << want.status().ToString();
      const Tensor& got = (*out)[i].tensor;
      ASSERT_EQ(got.dtype(), want->dtype()) << name << " output " << i;
      ASSERT_EQ(got.shape(), want->shape()) << name << " output " << i;
      EXPECT_EQ(std::memcmp(got.raw_data(), want->raw_data(), got.nbytes()), 0) << name << " output " << i;
    }
    ++cases;
  }
  EXPECT_EQ(cases, 7);
}

}  // namespace
}  // namespace minnow::runtime
