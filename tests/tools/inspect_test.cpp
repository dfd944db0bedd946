// Tests of `minnow inspect`: histogram, parameter count, MACs via shape inference, JSON, errors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "runtime/kernel_registry.h"
#include "tests/tools/test_models.h"
#include "tools/commands.h"
#include "tools/inspect_command.h"

namespace minnow::tools {
namespace {

// x[N,3,8,8] -> Conv(4 filters 3x3, pad 1) -> Relu -> Flatten -> MatMul [256,10] -> y[N,10]
onnx::ModelProto SmallCnn() {
  onnx::ModelProto m = testing::NewModel();
  auto* g = m.mutable_graph();
  testing::SetTensorType(g->add_input(), "x", onnx::TensorProto::FLOAT, {0, 3, 8, 8});
  testing::SetTensorType(g->add_output(), "y", onnx::TensorProto::FLOAT, {0, 10});
  testing::AddFloatInitializer(g, "w", {4, 3, 3, 3}, 0.1f);
  testing::AddFloatInitializer(g, "fc", {256, 10}, 0.01f);
  auto* conv = g->add_node();
  conv->set_op_type("Conv");
  conv->set_name("conv1");
  conv->add_input("x");
  conv->add_input("w");
  conv->add_output("c");
  auto* pads = conv->add_attribute();
  pads->set_name("pads");
  pads->set_type(onnx::AttributeProto::INTS);
  for (int i = 0; i < 4; ++i) pads->add_ints(1);
  auto* relu = g->add_node();
  relu->set_op_type("Relu");
  relu->add_input("c");
  relu->add_output("r");
  auto* flat = g->add_node();
  flat->set_op_type("Flatten");
  flat->add_input("r");
  flat->add_output("f");
  auto* mm = g->add_node();
  mm->set_op_type("MatMul");
  mm->add_input("f");
  mm->add_input("fc");
  mm->add_output("y");
  return m;
}

struct Result {
  int code;
  std::string out, err;
};

Result Inspect(InspectOptions opt) {
  std::ostringstream out, err;
  int code = RunInspect(opt, out, err);
  return {code, out.str(), err.str()};
}

TEST(InspectCommand, ReportsHistogramParametersAndMacs) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  const auto model = testing::SaveModel(SmallCnn(), dir / "cnn.onnx");
  auto r = Inspect({model.string(), {}, false, (dir / "facts.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("x: f32[N x 3 x 8 x 8]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("y: f32[N x 10]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("minnow-test 0.1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ai.onnx=13"), std::string::npos) << r.out;
  // 4*3*3*3 + 256*10 parameters; N defaults to 1: Conv 4*8*8 outputs * 27 + MatMul 10 * 256.
  EXPECT_NE(r.out.find("parameters: 2668 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MACs: 9472 "), std::string::npos) << r.out;

  std::ifstream f(dir / "facts.json");
  nlohmann::json j = nlohmann::json::parse(f);
  EXPECT_EQ(j["macs"], 9472);
  EXPECT_EQ(j["macs_by_op"]["Conv"], 6912);
  EXPECT_EQ(j["macs_by_op"]["MatMul"], 2560);
  EXPECT_EQ(j["macs_unknown_nodes"], 0);
  EXPECT_EQ(j["parameters"], 2668);
  EXPECT_EQ(j["parameter_bytes"], 2668 * 4);
  EXPECT_EQ(j["num_initializers"], 2);
  EXPECT_EQ(j["num_nodes"], 4);
  EXPECT_EQ(j["ops"].size(), 4u);
  EXPECT_EQ(j["inputs"][0]["shape"][0], "N");
  EXPECT_EQ(j["inputs"][0]["shape"][1], 3);
  EXPECT_EQ(j["opsets"]["ai.onnx"], 13);
  EXPECT_EQ(j["file_size"], std::filesystem::file_size(model));
}

TEST(InspectCommand, MacsFollowGivenShapes) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  const auto model = testing::SaveModel(SmallCnn(), dir / "cnn.onnx");
  auto r = Inspect({model.string(), {"x=3x3x8x8"}, true, (dir / "facts.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("MACs: 28416 "), std::string::npos) << r.out;  // 3 * 9472
  EXPECT_NE(r.out.find("Conv(x, w)"), std::string::npos) << "--ir prints the graph: " << r.out;
  std::ifstream f(dir / "facts.json");
  nlohmann::json j = nlohmann::json::parse(f);
  EXPECT_EQ(j["input_shapes"]["x"], (std::vector<int64_t>{3, 3, 8, 8}));
}

TEST(InspectCommand, HistogramIsSortedByCount) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  onnx::ModelProto m = testing::NewModel();
  auto* g = m.mutable_graph();
  testing::SetTensorType(g->add_input(), "x", onnx::TensorProto::FLOAT, {2});
  std::string prev = "x";
  const char* ops[] = {"Relu", "Neg", "Relu", "Abs", "Relu", "Neg"};
  for (int i = 0; i < 6; ++i) {
    auto* n = g->add_node();
    n->set_op_type(ops[i]);
    n->add_input(prev);
    prev = "v" + std::to_string(i);
    n->add_output(prev);
  }
  testing::SetTensorType(g->add_output(), prev, onnx::TensorProto::FLOAT, {2});
  auto r = Inspect({testing::SaveModel(m, dir / "m.onnx").string(), {}, false, ""});
  ASSERT_EQ(r.code, 0) << r.err;
  const size_t relu = r.out.find("Relu  3"), neg = r.out.find("Neg   2"), abs = r.out.find("Abs   1");
  ASSERT_NE(relu, std::string::npos) << r.out;
  ASSERT_NE(neg, std::string::npos) << r.out;
  ASSERT_NE(abs, std::string::npos) << r.out;
  EXPECT_LT(relu, neg);
  EXPECT_LT(neg, abs);
  EXPECT_NE(r.out.find("MACs: 0 "), std::string::npos) << r.out;
}

TEST(InspectCommand, CountsConvMacsOfConformanceModel) {
  const std::filesystem::path model =
      "/usr/share/libonnx-testdata/data/node/test_conv_with_strides_padding/model.onnx";
  if (!std::filesystem::exists(model)) GTEST_SKIP() << "libonnx-testdata is not installed";
  auto r = Inspect({model.string(), {}, false, ""});
  ASSERT_EQ(r.code, 0) << r.err;
  // y is 1x1x4x3, each output sums a 1x3x3 window.
  EXPECT_NE(r.out.find("MACs: 108 "), std::string::npos) << r.out;
}

// PaddleOCR keeps all its weights in Constant nodes; they count as parameters.
TEST(InspectCommand, CountsConstantNodeWeightsOfPaddleOcr) {
  const std::filesystem::path model = std::filesystem::path(MINNOW_SOURCE_DIR) / "models/ch_ppocr_mobile_v2.0_cls_infer.onnx";
  auto r = Inspect({model.string(), {"x=1x3x48x192"}, false, ""});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("parameters: 133665 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in 250 constant tensors"), std::string::npos) << r.out;
}

// Reshape to Cast(constant): ONNX shape inference cannot follow the Cast, so the MatMul's shapes
// come from running the model (or, while an operator is missing, the node is reported uncounted).
TEST(InspectCommand, FallsBackToRunningTheModelForShapes) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  onnx::ModelProto m = testing::NewModel();
  auto* g = m.mutable_graph();
  testing::SetTensorType(g->add_input(), "x", onnx::TensorProto::FLOAT, {6});
  g->add_output()->set_name("y");
  testing::AddFloatInitializer(g, "sf", {2}, 0.0f)->mutable_float_data()->Set(0, 2.0f);
  g->mutable_initializer(0)->mutable_float_data()->Set(1, 3.0f);
  testing::AddFloatInitializer(g, "w", {3, 4}, 1.0f);
  auto add = [&](const char* op, std::vector<std::string> in, const std::string& out) {
    auto* n = g->add_node();
    n->set_op_type(op);
    for (const auto& i : in) n->add_input(i);
    n->add_output(out);
    return n;
  };
  auto* cast = add("Cast", {"sf"}, "si");
  auto* to = cast->add_attribute();
  to->set_name("to");
  to->set_type(onnx::AttributeProto::INT);
  to->set_i(onnx::TensorProto::INT64);
  add("Reshape", {"x", "si"}, "r");
  add("MatMul", {"r", "w"}, "y");
  auto r = Inspect({testing::SaveModel(m, dir / "m.onnx").string(), {}, false, (dir / "f.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream f(dir / "f.json");
  nlohmann::json j = nlohmann::json::parse(f);
  const auto& reg = runtime::KernelRegistry::BuiltIn();
  if (reg.Has("", "Cast") && reg.Has("", "Reshape") && reg.Has("", "MatMul")) {
    EXPECT_EQ(j["macs"], 2 * 4 * 3) << r.out;
    EXPECT_EQ(j["macs_unknown_nodes"], 0);
    EXPECT_EQ(j["shapes_from_run"], true);
  } else {
    EXPECT_EQ(j["macs"], 0) << r.out;
    EXPECT_EQ(j["macs_unknown_nodes"], 1);
    EXPECT_NE(j["shape_probe_error"].get<std::string>().find("not supported"), std::string::npos) << r.out;
  }
}

TEST(InspectCommand, ErrorsAreOneLine) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  const auto model = testing::SaveModel(SmallCnn(), dir / "cnn.onnx");
  const std::vector<std::pair<InspectOptions, std::string>> cases = {
      {{(dir / "missing.onnx").string(), {}, false, ""}, "missing.onnx"},
      {{model.string(), {"nope=1x3x8x8"}, false, ""}, "nope"},
      {{model.string(), {"x=1x3x8"}, false, ""}, "rank"},
      {{model.string(), {"x=1x4x8x8"}, false, ""}, "dimension 1"},
      {{model.string(), {"x=1xbx8x8"}, false, ""}, "bad shape"},
      {{model.string(), {}, false, (dir / "no/such/dir/f.json").string()}, "f.json"},
  };
  for (const auto& [opt, keyword] : cases) {
    SetExitCode(0);
    auto r = Inspect(opt);
    EXPECT_EQ(r.code, 1) << keyword;
    EXPECT_EQ(ExitCode(), 1) << keyword;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(keyword), std::string::npos) << r.err;
  }
  SetExitCode(0);
}

}  // namespace
}  // namespace minnow::tools
