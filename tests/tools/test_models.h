// Small ONNX models built in code for the CLI tests, and a scratch folder per test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <onnx/onnx_pb.h>

namespace minnow::tools::testing {

// A fresh empty folder under the system temp dir, named after the running test, removed when
// the object goes out of scope.
class ScratchFolder {
 public:
  ScratchFolder() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // The pid keeps concurrent runs (e.g. build/ and build-asan/) apart.
    path_ = std::filesystem::temp_directory_path() / (std::string("minnow_tools_") + info->test_suite_name() + "_" +
                                                      info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// dims: positive numbers are fixed, 0 stands for the symbolic dim `symbol`.
inline void SetTensorType(onnx::ValueInfoProto* vi, const std::string& name, int elem_type,
                          const std::vector<int64_t>& dims, const std::string& symbol = "N") {
  vi->set_name(name);
  auto* tt = vi->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(elem_type);
  auto* shape = tt->mutable_shape();
  for (int64_t d : dims) {
    if (d > 0) shape->add_dim()->set_dim_value(d);
    else shape->add_dim()->set_dim_param(symbol);
  }
}

inline onnx::TensorProto* AddFloatInitializer(onnx::GraphProto* g, const std::string& name,
                                              const std::vector<int64_t>& dims, float value) {
  auto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::FLOAT);
  int64_t n = 1;
  for (int64_t d : dims) {
    t->add_dims(d);
    n *= d;
  }
  for (int64_t i = 0; i < n; ++i) t->add_float_data(value);
  return t;
}

inline onnx::ModelProto NewModel(int opset = 13) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("minnow-test");
  m.set_producer_version("0.1");
  auto* op = m.add_opset_import();
  op->set_domain("");
  op->set_version(opset);
  m.mutable_graph()->set_name("test");
  return m;
}

inline std::filesystem::path SaveModel(const onnx::ModelProto& m, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  m.SerializeToOstream(&out);
  return path;
}

}  // namespace minnow::tools::testing
