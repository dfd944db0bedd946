// The cleanup passes on real models: after every pass of the default pipeline the model must
// compute the same outputs as the original on the same seeded inputs, with dynamic input dims
// and with inputs fixed as `minnow optimize --shape` does; the optimized model must also survive
// an ONNX export and re-import.
#include <filesystem>
#include <ostream>

#include "importer/onnx_exporter.h"
#include "importer/onnx_importer.h"
#include "passes/infer_shapes.h"
#include "tests/passes/pass_test_util.h"

namespace minnow::passes {
namespace {

using namespace testing;
namespace fs = std::filesystem;

struct ModelCase {
  std::string path;    // relative to the source tree
  std::string input;   // the model's only input
  Shape shape;         // concrete shape to run it with
  bool fixed;          // fix the input to `shape` before the passes
};

void PrintTo(const ModelCase& c, std::ostream* os) { *os << c.path << (c.fixed ? " (fixed shape)" : ""); }

std::vector<ModelCase> Cases() {
  const std::vector<ModelCase> models = {
      {"models/ch_ppocr_mobile_v2.0_cls_infer.onnx", "x", {1, 3, 48, 192}, false},
      {"tests/models/fixtures/transformer_encoder/model.onnx", "x", {2, 5, 64}, false},
      {"tests/models/fixtures/mobilenet_v2_tiny/model.onnx", "input", {1, 3, 96, 96}, false},
      {"tests/models/fixtures/mlp_layernorm_opset13/model.onnx", "x", {3, 32}, false},
      {"tests/models/fixtures/mlp_layernorm_opset17/model.onnx", "x", {3, 32}, false},
  };
  std::vector<ModelCase> cases;
  for (const auto& m : models) {
    cases.push_back(m);
    cases.push_back(m);
    cases.back().fixed = true;
  }
  return cases;
}

class CleanupOnModels : public ::testing::TestWithParam<ModelCase> {};

TEST_P(CleanupOnModels, EveryPassKeepsTheOutputs) {
  const ModelCase& c = GetParam();
  auto model = importer::ImportOnnxFile(fs::path(MINNOW_SOURCE_DIR) / c.path);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const std::map<std::string, Shape> shapes = {{c.input, c.shape}};
  const auto feeds = SeededInputs(*model->graph, shapes, 42);
  auto reference = RunModel(*model, feeds);
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  if (c.fixed) {
    ASSERT_TRUE(FixInputShapes(*model, shapes).ok());
  }

  const size_t nodes_before = model->graph->nodes().size();
  for (const auto& pass : PassRegistry::BuiltIn().DefaultPipeline()) {
    auto reports = RunPasses(*model, {pass});  // verifies the graph after the pass
    ASSERT_TRUE(reports.ok()) << reports.status().ToString();
    auto outputs = RunModel(*model, feeds);
    ASSERT_TRUE(outputs.ok()) << "after " << pass << ": " << outputs.status().ToString();
    ExpectSameOutputs(*reference, *outputs, "after " + pass);
  }
  const size_t nodes_after = model->graph->nodes().size();
  EXPECT_LE(nodes_after, nodes_before);
  std::cout << "[ nodes    ] " << c.path << (c.fixed ? " fixed: " : ": ") << nodes_before << " -> " << nodes_after
            << "\n";

  auto proto = importer::ExportOnnxModel(*model);
  ASSERT_TRUE(proto.ok()) << proto.status().ToString();
  const std::string bytes = proto->SerializeAsString();
  auto reimported = importer::ImportOnnxBytes(bytes.data(), bytes.size());
  ASSERT_TRUE(reimported.ok()) << reimported.status().ToString();
  EXPECT_EQ(reimported->graph->nodes().size(), nodes_after);
  auto outputs = RunModel(*reimported, feeds);
  ASSERT_TRUE(outputs.ok()) << outputs.status().ToString();
  ExpectSameOutputs(*reference, *outputs, "after export and re-import");
}

INSTANTIATE_TEST_SUITE_P(Models, CleanupOnModels, ::testing::ValuesIn(Cases()));

// The pipeline must actually remove the exporters' shape arithmetic, not merely keep results.
// Only the cleanup passes: the fusion passes create com.microsoft ops that ONNX's shape inference
// cannot see through, so a second infer-shapes after them learns less.
TEST(CleanupOnModels, RemovesShapeArithmetic) {
  const std::vector<std::string> cleanup = {"infer-shapes", "fold-shapes", "fold-constants",
                                            "remove-identity", "cse", "dce"};
  auto transformer =
      importer::ImportOnnxFile(fs::path(MINNOW_SOURCE_DIR) / "tests/models/fixtures/transformer_encoder/model.onnx");
  ASSERT_TRUE(transformer.ok());
  const int shapes_before = CountOps(*transformer->graph, "Shape");
  const int divs_before = CountOps(*transformer->graph, "Div");
  ASSERT_TRUE(RunPasses(*transformer, cleanup).ok());
  // Batch and sequence stay dynamic, but the model width is known: the head-size and
  // projection-split arithmetic of the first layer folds (ONNX 1.12 inference loses the shapes
  // after its first Reshape with a dynamic target, so later layers keep theirs).
  EXPECT_LT(CountOps(*transformer->graph, "Shape"), shapes_before);
  EXPECT_LT(CountOps(*transformer->graph, "Div"), divs_before);
  ASSERT_TRUE(FixInputShapes(*transformer, {{"x", {2, 5, 64}}}).ok());
  ASSERT_TRUE(RunPasses(*transformer, cleanup).ok());
  EXPECT_EQ(CountOps(*transformer->graph, "Shape"), 0);
  EXPECT_EQ(CountOps(*transformer->graph, "Gather"), 0);
  EXPECT_EQ(CountOps(*transformer->graph, "Concat"), 0);

  auto cls = importer::ImportOnnxFile(fs::path(MINNOW_SOURCE_DIR) / "models/ch_ppocr_mobile_v2.0_cls_infer.onnx");
  ASSERT_TRUE(cls.ok());
  ASSERT_TRUE(FixInputShapes(*cls, {{"x", {1, 3, 48, 192}}}).ok());
  ASSERT_TRUE(RunPasses(*cls, PassRegistry::BuiltIn().DefaultPipeline()).ok());
  EXPECT_EQ(CountOps(*cls->graph, "Shape"), 0);
  EXPECT_EQ(CountOps(*cls->graph, "Concat"), 0);
}

}  // namespace
}  // namespace minnow::passes
