// Runs the real-model fixtures (tests/models/fixtures/<model>/test_data_set_<k>) through
// minnow::Session and compares with the outputs ONNX Runtime produced for the same inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "importer/tensor_proto.h"
#include "minnow/minnow.h"

namespace minnow {
namespace {

namespace fs = std::filesystem;

// PASS when max|minnow - ort| <= kRelTolerance * max|ort|, per output.
constexpr double kRelTolerance = 1e-4;

fs::path FixtureRoot() { return fs::path(MINNOW_SOURCE_DIR) / "tests" / "models" / "fixtures"; }

struct FixtureCase {
  std::string model;     // folder under FixtureRoot(), holding model.onnx
  std::string data_set;  // test_data_set_<k>
};

// Readable parameter in gtest failure messages (instead of a byte dump).
void PrintTo(const FixtureCase& c, std::ostream* os) { *os << c.model << "/" << c.data_set; }

// Numeric suffix of "input_12.pb" / "test_data_set_3", for a natural sort (10 after 9).
int Index(const fs::path& p) {
  const std::string stem = p.stem().string();
  const size_t pos = stem.find_last_of('_');
  try {
    return pos == std::string::npos ? -1 : std::stoi(stem.substr(pos + 1));
  } catch (...) {
    return -1;
  }
}

std::vector<fs::path> Entries(const fs::path& dir, const std::string& prefix, bool dirs) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory() == dirs && e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
    return Index(a) != Index(b) ? Index(a) < Index(b) : a < b;
  });
  return out;
}

std::vector<FixtureCase> ListCases() {
  std::vector<FixtureCase> cases;
  std::vector<fs::path> models;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(FixtureRoot(), ec)) {
    if (e.is_directory() && fs::exists(e.path() / "model.onnx")) models.push_back(e.path());
  }
  std::sort(models.begin(), models.end());
  for (const auto& m : models) {
    for (const auto& ds : Entries(m, "test_data_set_", /*dirs=*/true)) {
      cases.push_back({m.filename().string(), ds.filename().string()});
    }
  }
  return cases;
}

std::string CaseName(const ::testing::TestParamInfo<FixtureCase>& info) {
  std::string name = info.param.model + "_set" + std::to_string(Index(info.param.data_set));
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::vector<NamedTensor> ReadTensors(const fs::path& dir, const std::string& prefix) {
  std::vector<NamedTensor> out;
  for (const auto& f : Entries(dir, prefix, /*dirs=*/false)) {
    if (f.extension() != ".pb") continue;
    std::string name;
    auto t = importer::ReadTensorProtoFile(f, &name);
    EXPECT_TRUE(t.ok()) << f << ": " << t.status().ToString();
    if (t.ok()) out.push_back({name, std::move(t).value()});
  }
  return out;
}

class ModelFixture : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(ModelFixture, MatchesOnnxRuntime) {
  const fs::path model_dir = FixtureRoot() / GetParam().model;
  const fs::path data_dir = model_dir / GetParam().data_set;
  auto session = Session::LoadFile((model_dir / "model.onnx").string());
  ASSERT_TRUE(session.ok()) << session.status().ToString();

  const std::vector<NamedTensor> inputs = ReadTensors(data_dir, "input_");
  const std::vector<NamedTensor> expected = ReadTensors(data_dir, "output_");
  ASSERT_FALSE(inputs.empty());
  ASSERT_FALSE(expected.empty());
  std::vector<std::string> output_names;
  for (const auto& e : expected) output_names.push_back(e.name);

  auto outputs = (*session)->Run(inputs, output_names);
  ASSERT_TRUE(outputs.ok()) << outputs.status().ToString();
  ASSERT_EQ(outputs->size(), expected.size());

  for (size_t i = 0; i < expected.size(); ++i) {
    const Tensor& want = expected[i].tensor;
    const Tensor& got = (*outputs)[i].tensor;
    SCOPED_TRACE("output '" + expected[i].name + "'");
    ASSERT_EQ(got.dtype(), want.dtype());
    ASSERT_EQ(ShapeToString(got.shape()), ShapeToString(want.shape()));
    double max_ref = 0, max_diff = 0;
    int64_t worst = 0;
    for (int64_t j = 0; j < want.numel(); ++j) {
      const double w = want.GetAsDouble(j);
      const double g = got.GetAsDouble(j);
      max_ref = std::max(max_ref, std::abs(w));
      // A NaN in minnow's output must fail: `!(diff <= max_diff)` catches it.
      const double diff = std::abs(g - w);
      if (!(diff <= max_diff)) {
        max_diff = std::isnan(diff) ? INFINITY : diff;
        worst = j;
      }
    }
    ASSERT_GT(max_ref, 0.0) << "reference output is all zeros: the fixture checks nothing";
    EXPECT_LE(max_diff, kRelTolerance * max_ref)
        << "max abs diff " << max_diff << " (ratio " << max_diff / max_ref << ") at element " << worst
        << ": minnow " << got.GetAsDouble(worst) << ", onnxruntime " << want.GetAsDouble(worst);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ModelFixture, ::testing::ValuesIn(ListCases()), CaseName);

// Guards against the parameterized suite silently running nothing (missing or moved fixtures).
TEST(ModelFixtures, AreAllPresent) {
  const std::vector<FixtureCase> cases = ListCases();
  for (const char* model : {"mobilenet_v2_tiny", "transformer_encoder", "mlp_layernorm_opset17", "mlp_layernorm_opset13"}) {
    const auto n = std::count_if(cases.begin(), cases.end(), [&](const FixtureCase& c) { return c.model == model; });
    EXPECT_GE(n, 2) << model << ": expected two data sets under " << FixtureRoot() / model;
  }
}

}  // namespace
}  // namespace minnow
