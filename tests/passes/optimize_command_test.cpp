// Tests of `minnow optimize`: the written model, -v counters, --passes, --shape, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "importer/onnx_importer.h"
#include "tests/tools/test_models.h"
#include "tools/optimize_command.h"

namespace minnow::tools {
namespace {

struct Result {
  int code;
  std::string out, err;
};

Result Optimize(const OptimizeOptions& opt) {
  std::ostringstream out, err;
  const int code = RunOptimize(opt, out, err);
  return {code, out.str(), err.str()};
}

void ExpectOneLineError(const Result& r, const std::string& keyword) {
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(keyword), std::string::npos) << r.err;
}

// y = Relu(Identity(x)) + (c + c): the Identity goes, c + c folds.
onnx::ModelProto SmallModel() {
  onnx::ModelProto m = testing::NewModel();
  auto* g = m.mutable_graph();
  testing::SetTensorType(g->add_input(), "x", onnx::TensorProto::FLOAT, {0, 2}, "batch");
  testing::SetTensorType(g->add_output(), "y", onnx::TensorProto::FLOAT, {0, 2}, "batch");
  testing::AddFloatInitializer(g, "c", {2}, 1.5f);
  auto node = [&](const std::string& op, std::vector<std::string> in, const std::string& out) {
    auto* n = g->add_node();
    n->set_op_type(op);
    n->set_name(out + "_node");
    for (auto& i : in) n->add_input(i);
    n->add_output(out);
  };
  node("Identity", {"x"}, "xi");
  node("Relu", {"xi"}, "r");
  node("Add", {"c", "c"}, "cc");
  node("Add", {"r", "cc"}, "y");
  return m;
}

TEST(OptimizeCommand, WritesTheOptimizedModelAndReportsEachPass) {
  testing::ScratchFolder scratch;
  const auto in = testing::SaveModel(SmallModel(), scratch.path() / "in.onnx");
  OptimizeOptions opt;
  opt.input = in.string();
  opt.output = (scratch.path() / "out.onnx").string();
  opt.verbose = true;
  auto r = Optimize(opt);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("fold-constants: bytes-folded 8, folded 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("remove-identity: identity 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cse: no change"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nodes 4 -> 2"), std::string::npos) << r.out;
  auto model = importer::ImportOnnxFile(opt.output);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ASSERT_EQ(model->graph->nodes().size(), 2u);
  EXPECT_EQ(model->graph->nodes()[0]->input(0)->name(), "x");
  EXPECT_EQ(model->graph->outputs()[0]->name(), "y");
  // The batch stays dynamic without --shape.
  EXPECT_FALSE((*model->graph->inputs()[0]->shape())[0].is_known());
}

TEST(OptimizeCommand, ChosenPassesAndFixedShapes) {
  testing::ScratchFolder scratch;
  const auto in = testing::SaveModel(SmallModel(), scratch.path() / "in.onnx");
  OptimizeOptions opt;
  opt.input = in.string();
  opt.output = (scratch.path() / "out.onnx").string();
  opt.passes = {"remove-identity,dce"};
  opt.shapes = {"x=4x2"};
  auto r = Optimize(opt);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("nodes 4 -> 3"), std::string::npos) << r.out;
  auto model = importer::ImportOnnxFile(opt.output);
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->graph->inputs()[0]->TypeString(), "x: f32[4x2]");
}

TEST(OptimizeCommand, ListsPasses) {
  OptimizeOptions opt;
  opt.list_passes = true;
  auto r = Optimize(opt);
  EXPECT_EQ(r.code, 0);
  for (const char* name : {"infer-shapes", "fold-shapes", "fold-constants", "remove-identity", "cse", "dce"}) {
    EXPECT_NE(r.out.find(std::string("  ") + name + " "), std::string::npos) << name << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("default pipeline: infer-shapes,fold-shapes"), std::string::npos) << r.out;
}

TEST(OptimizeCommand, ErrorsAreOneLine) {
  testing::ScratchFolder scratch;
  const auto in = testing::SaveModel(SmallModel(), scratch.path() / "in.onnx");
  OptimizeOptions opt;
  opt.input = in.string();
  opt.output = in.string();
  ExpectOneLineError(Optimize(opt), "is the input file");
  opt.output = (scratch.path() / "out.onnx").string();
  opt.passes = {"fold-everything"};
  ExpectOneLineError(Optimize(opt), "unknown pass 'fold-everything'");
  opt.passes = {};
  opt.shapes = {"y=1x2"};
  ExpectOneLineError(Optimize(opt), "no input named 'y'");
  opt.shapes = {"x=1x3"};
  ExpectOneLineError(Optimize(opt), "dimension 1 is 2");
  opt.shapes = {};
  opt.input = (scratch.path() / "missing.onnx").string();
  ExpectOneLineError(Optimize(opt), "missing.onnx");
  EXPECT_FALSE(std::filesystem::exists(scratch.path() / "out.onnx"));
  opt.input = "";
  ExpectOneLineError(Optimize(opt), "no input model");
}

}  // namespace
}  // namespace minnow::tools
