// The memory plan on every ONNX backend node test minnow runs: the second Run (served from the
// arena recorded by the first) must give bitwise the same outputs as the first (heap) Run.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "importer/tensor_proto.h"
#include "minnow/minnow.h"

namespace minnow {
namespace {

namespace fs = std::filesystem;

bool SameBits(const std::vector<NamedTensor>& a, const std::vector<NamedTensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const Tensor& x = a[i].tensor;
    const Tensor& y = b[i].tensor;
    if (x.dtype() != y.dtype() || x.shape() != y.shape()) return false;
    if (x.nbytes() && std::memcmp(x.raw_data(), y.raw_data(), x.nbytes()) != 0) return false;
  }
  return true;
}

TEST(ExecutorMemoryConformance, PlannedRunsMatchFirstRunOnNodeTests) {
  const fs::path root = "/usr/share/libonnx-testdata/data/node";
  if (!fs::is_directory(root)) GTEST_SKIP() << root << " is not installed";
  int checked = 0, planned = 0;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root)) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    const fs::path data = dir / "test_data_set_0";
    if (!fs::exists(dir / "model.onnx") || !fs::is_directory(data)) continue;
    SessionOptions opt;
    opt.num_threads = 1;
    auto session = Session::LoadFile((dir / "model.onnx").string(), opt);
    if (!session.ok()) continue;  // unsupported ops: the conformance run covers those
    std::vector<NamedTensor> inputs;
    bool readable = true;
    for (size_t i = 0; i < (*session)->inputs().size(); ++i) {
      auto t = importer::ReadTensorProtoFile(data / ("input_" + std::to_string(i) + ".pb"));
      if (!t.ok()) {
        readable = false;
        break;
      }
      inputs.push_back({(*session)->inputs()[i].name, std::move(t).value()});
    }
    if (!readable) continue;
    auto first = (*session)->Run(inputs);
    if (!first.ok()) continue;
    // Random ops (RandomNormal, Bernoulli, ...) differ between Runs anyway: leave them out.
    SessionOptions plain = opt;
    plain.plan_memory = false;
    auto reference = Session::LoadFile((dir / "model.onnx").string(), plain);
    ASSERT_TRUE(reference.ok());
    auto again = (*reference)->Run(inputs);
    if (!again.ok() || !SameBits(*first, *again)) continue;
    for (int run = 0; run < 2; ++run) {
      RunStats stats;
      auto out = (*session)->Run(inputs, {}, &stats);
      ASSERT_TRUE(out.ok()) << dir.filename() << ": " << out.status().ToString();
      EXPECT_TRUE(SameBits(*first, *out)) << dir.filename() << " run " << run;
      planned += stats.memory_planned;
    }
    ++checked;
  }
  EXPECT_GT(checked, 300);
  EXPECT_EQ(planned, 2 * checked);
}

}  // namespace
}  // namespace minnow
