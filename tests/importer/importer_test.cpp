// Importer tests: Constant folding into initializers, value checks, external data confinement.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "importer/onnx_importer.h"
#include "importer/tensor_proto.h"

namespace minnow::importer {
namespace {

namespace fs = std::filesystem;

onnx::ModelProto TinyModel() {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(13);
  auto* g = m.mutable_graph();
  g->set_name("tiny");
  auto* in = g->add_input();
  in->set_name("x");
  in->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  in->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_param("N");
  in->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(2);
  auto* c = g->add_node();
  c->set_op_type("Constant");
  c->add_output("c");
  auto* attr = c->add_attribute();
  attr->set_name("value");
  attr->set_type(onnx::AttributeProto::TENSOR);
  attr->mutable_t()->set_data_type(onnx::TensorProto::FLOAT);
  attr->mutable_t()->add_dims(2);
  attr->mutable_t()->add_float_data(1.0f);
  attr->mutable_t()->add_float_data(2.0f);
  auto* add = g->add_node();
  add->set_op_type("Add");
  add->set_name("add");
  add->add_input("x");
  add->add_input("c");
  add->add_output("y");
  g->add_output()->set_name("y");
  return m;
}

TEST(Importer, ConstantBecomesInitializer) {
  auto model = ImportOnnxModel(TinyModel());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const ir::Graph& g = *model->graph;
  ASSERT_EQ(g.nodes().size(), 1u);
  EXPECT_EQ(g.nodes()[0]->op_type(), "Add");
  const ir::Value* c = g.FindValue("c");
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->is_initializer());
  EXPECT_EQ(c->initializer().data<float>()[1], 2.0f);
  const auto& dims = *g.inputs()[0]->shape();
  EXPECT_EQ(dims[0].symbol, "N");
  EXPECT_EQ(dims[1].size, 2);
}

TEST(Importer, MissingValueIsNamed) {
  auto m = TinyModel();
  m.mutable_graph()->mutable_node(1)->set_input(1, "nowhere");
  auto model = ImportOnnxModel(m);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("'nowhere'"), std::string::npos) << model.status().message();
  EXPECT_NE(model.status().message().find("Add 'add'"), std::string::npos) << model.status().message();
}

TEST(Importer, ShortInitializerDataRejected) {
  onnx::TensorProto t;
  t.set_name("w");
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(4);
  t.set_raw_data(std::string(12, '\0'));
  auto r = TensorFromProto(t);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'w'"), std::string::npos);
  t.clear_raw_data();
  t.add_float_data(1.0f);
  EXPECT_FALSE(TensorFromProto(t).ok());
  t.set_dims(0, -4);
  EXPECT_FALSE(TensorFromProto(t).ok());
}

class ExternalData : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("minnow_extdata_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "model");
    std::ofstream(root_ / "model" / "w.bin", std::ios::binary).write("\0\0\x80\x3f\0\0\0\x40", 8);
    std::ofstream(root_ / "secret.bin", std::ios::binary).write("\0\0\x80\x3f\0\0\0\x40", 8);
    fs::create_symlink(root_ / "secret.bin", root_ / "model" / "link.bin");
  }
  void TearDown() override { fs::remove_all(root_); }

  Expected<Tensor> Load(const std::string& location, const std::string& offset = "0") {
    onnx::TensorProto t;
    t.set_name("w");
    t.set_data_type(onnx::TensorProto::FLOAT);
    t.add_dims(2);
    t.set_data_location(onnx::TensorProto::EXTERNAL);
    auto* kv = t.add_external_data();
    kv->set_key("location");
    kv->set_value(location);
    kv = t.add_external_data();
    kv->set_key("offset");
    kv->set_value(offset);
    return TensorFromProto(t, TensorLoadOptions{root_ / "model"});
  }
  fs::path root_;
};

TEST_F(ExternalData, LoadsInsideFolder) {
  auto t = Load("w.bin");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->data<float>()[0], 1.0f);
  EXPECT_EQ(t->data<float>()[1], 2.0f);
}

TEST_F(ExternalData, RefusesEscapes) {
  EXPECT_FALSE(Load("../secret.bin").ok());
  EXPECT_FALSE(Load((root_ / "secret.bin").string()).ok());
  auto link = Load("link.bin");
  ASSERT_FALSE(link.ok());
  EXPECT_NE(link.status().message().find("outside"), std::string::npos) << link.status().message();
  EXPECT_FALSE(Load("w.bin", "4").ok());   // 4 bytes left, 8 needed
  EXPECT_FALSE(Load("w.bin", "-1").ok());
  EXPECT_FALSE(Load("w.bin", "x").ok());
  EXPECT_FALSE(Load("missing.bin").ok());
}

TEST_F(ExternalData, TrailingSlashModelDir) {
  auto p = ResolveExternalDataPath(root_.string() + "/model/", "w.bin");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
}

}  // namespace
}  // namespace minnow::importer
