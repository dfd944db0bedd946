// Tests of `minnow run`: input files, random inputs, output files and their names, errors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "importer/tensor_proto.h"
#include "tests/tools/test_models.h"
#include "tools/cli_util.h"
#include "tools/npy.h"
#include "tools/run_command.h"

namespace minnow::tools {
namespace {

// No nodes: the input passes straight through, and an initializer is a second output. Needs no
// kernels, so it tests the command itself.
onnx::ModelProto PassThrough(const std::string& in_name, const std::string& const_name) {
  onnx::ModelProto m = testing::NewModel();
  auto* g = m.mutable_graph();
  testing::SetTensorType(g->add_input(), in_name, onnx::TensorProto::FLOAT, {0, 3}, "batch");
  testing::SetTensorType(g->add_output(), in_name, onnx::TensorProto::FLOAT, {0, 3}, "batch");
  testing::AddFloatInitializer(g, const_name, {2}, 4.5f);
  testing::SetTensorType(g->add_output(), const_name, onnx::TensorProto::FLOAT, {2});
  return m;
}

struct Result {
  int code;
  std::string out, err;
};

Result RunCli(const RunOptions& opt) {
  std::ostringstream out, err;
  int code = RunRun(opt, out, err);
  return {code, out.str(), err.str()};
}

void ExpectOneLineError(const Result& r, const std::string& keyword) {
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(keyword), std::string::npos) << r.err;
}

TEST(RunCommand, ReadsNpyAndWritesSanitizedOutputs) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  const auto model = testing::SaveModel(PassThrough("in put", "w/0"), dir / "m.onnx");
  Tensor x = Tensor::FromVector<float>(DataType::kFloat32, {2, 3}, {1, -2, 3, 4, 5, 6});
  ASSERT_TRUE(WriteNpyFile(dir / "x.npy", x).ok());
  RunOptions opt;
  opt.model = model.string();
  opt.inputs = {"in put=" + (dir / "x.npy").string()};
  opt.output_dir = (dir / "out/nested").string();  // created on demand
  auto r = RunCli(opt);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("in put: f32[2x3] min -2 max 6 mean 2.83333"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("w/0: f32[2] min 4.5 max 4.5 mean 4.5"), std::string::npos) << r.out;
  auto y = ReadNpyFile(dir / "out/nested/in_put.npy");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y->shape(), x.shape());
  EXPECT_EQ(0, std::memcmp(y->raw_data(), x.raw_data(), x.nbytes()));
  auto w = ReadNpyFile(dir / "out/nested/w_0.npy");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->data<float>()[1], 4.5f);
}

TEST(RunCommand, ReadsTensorProtoInputs) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  const auto model = testing::SaveModel(PassThrough("x", "c"), dir / "m.onnx");
  onnx::TensorProto proto;
  importer::TensorToProto(Tensor::FromVector<float>(DataType::kFloat32, {1, 3}, {7, 8, 9}), &proto);
  std::ofstream(dir / "input_0.pb", std::ios::binary) << proto.SerializeAsString();
  RunOptions opt;
  opt.model = model.string();
  opt.inputs = {"x=" + (dir / "input_0.pb").string()};
  auto r = RunCli(opt);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("x: f32[1x3] min 7 max 9 mean 8"), std::string::npos) << r.out;
}

TEST(RunCommand, RandomInputsNeedSymbolicDimsAndAreSeeded) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  const auto model = testing::SaveModel(PassThrough("x", "c"), dir / "m.onnx");
  RunOptions opt;
  opt.model = model.string();
  opt.random_inputs = true;
  ExpectOneLineError(RunCli(opt), "input 'x' dimension 0 ('batch')");

  opt.shapes = {"x=4x3"};
  opt.seed = 5;
  opt.output_dir = (dir / "a").string();
  auto r = RunCli(opt);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("x: f32[4x3]"), std::string::npos) << r.out;
  opt.output_dir = (dir / "b").string();
  ASSERT_EQ(RunCli(opt).code, 0);
  opt.seed = 6;
  opt.output_dir = (dir / "c").string();
  ASSERT_EQ(RunCli(opt).code, 0);
  auto a = ReadNpyFile(dir / "a/x.npy"), b = ReadNpyFile(dir / "b/x.npy"), c = ReadNpyFile(dir / "c/x.npy");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(0, std::memcmp(a->raw_data(), b->raw_data(), a->nbytes())) << "same seed, same inputs";
  EXPECT_NE(0, std::memcmp(a->raw_data(), c->raw_data(), a->nbytes())) << "other seed, other inputs";
  for (float v : a->values<float>()) {
    EXPECT_GE(v, 0.0f);
    EXPECT_LT(v, 1.0f);
  }
}

TEST(RunCommand, RefusesCollidingOutputNames) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  onnx::ModelProto m = testing::NewModel();
  auto* g = m.mutable_graph();
  testing::AddFloatInitializer(g, "a/b", {1}, 1.0f);
  testing::AddFloatInitializer(g, "a:b", {1}, 2.0f);
  testing::SetTensorType(g->add_output(), "a/b", onnx::TensorProto::FLOAT, {1});
  testing::SetTensorType(g->add_output(), "a:b", onnx::TensorProto::FLOAT, {1});
  RunOptions opt;
  opt.model = testing::SaveModel(m, dir / "m.onnx").string();
  opt.output_dir = (dir / "out").string();
  ExpectOneLineError(RunCli(opt), "'a/b' and 'a:b' would both be written to a_b.npy");
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "nothing is written when names collide";
}

TEST(RunCommand, ErrorsAreOneLineAndNameTheProblem) {
  testing::ScratchFolder scratch;
  const auto& dir = scratch.path();
  const auto model = testing::SaveModel(PassThrough("x", "c"), dir / "m.onnx");
  std::ofstream(dir / "garbage.npy") << "\x93NUMPY\x01\x00\xff\xff{'descr'";
  std::ofstream(dir / "blocker") << "a file where the output folder should go";
  ASSERT_TRUE(WriteNpyFile(dir / "wrong_rank.npy", Tensor(DataType::kFloat32, {3})).ok());
  struct Case {
    RunOptions opt;
    std::string keyword;
  };
  const std::string m = model.string();
  const std::vector<Case> cases = {
      {{(dir / "none.onnx").string(), {}, {}, true, 0, ""}, "none.onnx"},
      {{m, {}, {}, false, 0, ""}, "input 'x' was not given"},
      {{m, {"x=" + (dir / "missing.npy").string()}, {}, false, 0, ""}, "missing.npy"},
      {{m, {"x=" + (dir / "garbage.npy").string()}, {}, false, 0, ""}, "garbage.npy"},
      {{m, {"x=" + (dir / "wrong_rank.npy").string()}, {}, false, 0, ""}, "rank"},
      {{m, {"y=" + (dir / "wrong_rank.npy").string()}, {}, false, 0, ""}, "'y'"},
      {{m, {"noequals"}, {}, false, 0, ""}, "NAME=VALUE"},
      {{m, {}, {"x=2x3x4"}, true, 0, ""}, "rank"},
      {{m, {}, {"x=2x3"}, true, 0, (dir / "blocker/out").string()}, "blocker"},
  };
  for (const auto& c : cases) ExpectOneLineError(RunCli(c.opt), c.keyword);
}

TEST(CliUtil, ParsesShapesAndSanitizesNames) {
  EXPECT_EQ(*ParseShape("1x3x224x224"), (Shape{1, 3, 224, 224}));
  EXPECT_EQ(*ParseShape("2,5"), (Shape{2, 5}));
  EXPECT_EQ(*ParseShape("scalar"), Shape{});
  EXPECT_EQ(*ParseShape("0"), Shape{0});
  for (const char* bad : {"x", "1x", "-1x3", "1xx3", "1.5", "99999999999999999999", "4294967296x4294967296x4"}) {
    EXPECT_FALSE(ParseShape(bad).ok()) << bad;
  }
  EXPECT_EQ(SanitizeFileName("conv1/Relu:0 out.y-Z"), "conv1_Relu_0_out.y-Z");
  auto named = ParseNamedOptions({"a=b=1x2"}, "--shape");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->at("a=b"), "1x2");
  EXPECT_FALSE(ParseNamedOptions({"a=1", "a=2"}, "--shape").ok());
}

}  // namespace
}  // namespace minnow::tools
