// Tests of the C API: loading, interface queries, running, output ownership and error statuses.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "minnow/minnow_c.h"
#include "runtime/kernel_registry.h"

namespace {

// x: f32[batch, 3] passes straight through (no kernels needed); k: i64[2] is a constant output.
std::string PassThroughModel() {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(13);
  auto* g = m.mutable_graph();
  auto typed = [](onnx::ValueInfoProto* vi, const std::string& name, int elem, bool symbolic) {
    vi->set_name(name);
    auto* tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elem);
    if (symbolic) {
      tt->mutable_shape()->add_dim()->set_dim_param("batch");
      tt->mutable_shape()->add_dim()->set_dim_value(3);
    } else {
      tt->mutable_shape()->add_dim()->set_dim_value(2);
    }
  };
  typed(g->add_input(), "x", onnx::TensorProto::FLOAT, true);
  typed(g->add_output(), "x", onnx::TensorProto::FLOAT, true);
  auto* k = g->add_initializer();
  k->set_name("k");
  k->set_data_type(onnx::TensorProto::INT64);
  k->add_dims(2);
  k->add_int64_data(11);
  k->add_int64_data(-4);
  typed(g->add_output(), "k", onnx::TensorProto::INT64, false);
  return m.SerializeAsString();
}

// Takes ownership of a status and returns its code and message.
std::pair<minnow_status_code, std::string> Consume(minnow_status* st) {
  std::pair<minnow_status_code, std::string> r{minnow_status_get_code(st), minnow_status_message(st)};
  minnow_status_free(st);
  return r;
}

TEST(CApi, DescribesInputsAndOutputs) {
  const std::string bytes = PassThroughModel();
  minnow_session* s = nullptr;
  ASSERT_EQ(minnow_session_load_bytes(bytes.data(), bytes.size(), &s), nullptr);
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(minnow_session_input_count(s), 1u);
  EXPECT_STREQ(minnow_session_input_name(s, 0), "x");
  EXPECT_EQ(minnow_session_input_dtype(s, 0), MINNOW_FLOAT32);
  EXPECT_EQ(minnow_session_input_rank(s, 0), 2);
  EXPECT_EQ(minnow_session_input_dim(s, 0, 0), -1);
  EXPECT_STREQ(minnow_session_input_dim_name(s, 0, 0), "batch");
  EXPECT_EQ(minnow_session_input_dim(s, 0, 1), 3);
  EXPECT_EQ(minnow_session_input_dim(s, 0, 2), -1);  // axis out of range
  EXPECT_EQ(minnow_session_input_name(s, 1), nullptr);
  EXPECT_EQ(minnow_session_input_dtype(s, 1), MINNOW_UNDEFINED);
  ASSERT_EQ(minnow_session_output_count(s), 2u);
  EXPECT_STREQ(minnow_session_output_name(s, 1), "k");
  EXPECT_EQ(minnow_session_output_dtype(s, 1), MINNOW_INT64);
  EXPECT_EQ(minnow_session_output_rank(s, 1), 1);
  EXPECT_EQ(minnow_session_output_dim(s, 1, 0), 2);
  EXPECT_STREQ(minnow_dtype_name(MINNOW_INT64), "i64");
  EXPECT_EQ(minnow_dtype_size(MINNOW_FLOAT16), 2u);
  minnow_session_free(s);
  minnow_session_free(nullptr);
}

TEST(CApi, RunsAndReturnsOwnedOutputs) {
  const std::string bytes = PassThroughModel();
  minnow_session* s = nullptr;
  ASSERT_EQ(minnow_session_load_bytes(bytes.data(), bytes.size(), &s), nullptr);
  const float data[6] = {1, 2, 3, 4, 5, 6};
  const int64_t dims[2] = {2, 3};
  minnow_tensor in{"x", MINNOW_FLOAT32, 2, dims, data, sizeof data};
  minnow_tensor* outs = nullptr;
  size_t n = 0;
  ASSERT_EQ(minnow_session_run(s, &in, 1, nullptr, 0, &outs, &n), nullptr);
  ASSERT_EQ(n, 2u);
  EXPECT_STREQ(outs[0].name, "x");
  EXPECT_EQ(outs[0].dtype, MINNOW_FLOAT32);
  ASSERT_EQ(outs[0].rank, 2u);
  EXPECT_EQ(outs[0].dims[0], 2);
  EXPECT_EQ(outs[0].dims[1], 3);
  ASSERT_EQ(outs[0].nbytes, sizeof data);
  EXPECT_NE(outs[0].data, static_cast<const void*>(data)) << "outputs are copies owned by the library";
  EXPECT_EQ(0, std::memcmp(outs[0].data, data, sizeof data));
  EXPECT_EQ(static_cast<const int64_t*>(outs[1].data)[1], -4);
  minnow_tensors_free(outs, n);

  // Selecting outputs by name.
  const char* names[] = {"k"};
  ASSERT_EQ(minnow_session_run(s, &in, 1, names, 1, &outs, &n), nullptr);
  ASSERT_EQ(n, 1u);
  EXPECT_STREQ(outs[0].name, "k");
  minnow_tensors_free(outs, n);
  minnow_tensors_free(nullptr, 0);
  minnow_session_free(s);
}

TEST(CApi, ReportsErrorsAsStatuses) {
  minnow_session* s = reinterpret_cast<minnow_session*>(0x1);
  auto missing = Consume(minnow_session_load_file("/no/such/model.onnx", &s));
  EXPECT_EQ(missing.first, MINNOW_NOT_FOUND);
  EXPECT_NE(missing.second.find("/no/such/model.onnx"), std::string::npos) << missing.second;
  EXPECT_EQ(s, nullptr) << "out is cleared on failure";
  const char garbage[] = "\x08\x01\x12\xff\xff\xff\xff\x0f";
  EXPECT_EQ(Consume(minnow_session_load_bytes(garbage, sizeof garbage - 1, &s)).first, MINNOW_INVALID_MODEL);
  EXPECT_EQ(Consume(minnow_session_load_bytes(nullptr, 0, &s)).first, MINNOW_INVALID_MODEL);
  EXPECT_EQ(Consume(minnow_session_load_file(nullptr, &s)).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(Consume(minnow_session_load_file("x.onnx", nullptr)).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(minnow_status_get_code(nullptr), MINNOW_OK);
  EXPECT_STREQ(minnow_status_message(nullptr), "");

  const std::string bytes = PassThroughModel();
  ASSERT_EQ(minnow_session_load_bytes(bytes.data(), bytes.size(), &s), nullptr);
  const float data[6] = {};
  const int64_t dims[2] = {2, 3};
  minnow_tensor* outs = nullptr;
  size_t n = 7;
  auto run = [&](const minnow_tensor& in) { return Consume(minnow_session_run(s, &in, 1, nullptr, 0, &outs, &n)); };
  auto short_data = run({"x", MINNOW_FLOAT32, 2, dims, data, sizeof data - 4});
  EXPECT_EQ(short_data.first, MINNOW_INVALID_ARGUMENT);
  EXPECT_NE(short_data.second.find("'x'"), std::string::npos) << short_data.second;
  EXPECT_EQ(outs, nullptr);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(run({"x", MINNOW_INT32, 2, dims, data, 24}).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(run({"y", MINNOW_FLOAT32, 2, dims, data, sizeof data}).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(run({nullptr, MINNOW_FLOAT32, 2, dims, data, sizeof data}).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(run({"x", MINNOW_FLOAT32, 2, nullptr, data, sizeof data}).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(run({"x", 99, 2, dims, data, sizeof data}).first, MINNOW_UNSUPPORTED);
  const int64_t huge[2] = {int64_t{1} << 40, int64_t{1} << 40};
  EXPECT_NE(run({"x", MINNOW_FLOAT32, 2, huge, data, sizeof data}).first, MINNOW_OK);
  EXPECT_EQ(Consume(minnow_session_run(s, nullptr, 0, nullptr, 0, &outs, &n)).first, MINNOW_INVALID_ARGUMENT);
  const char* bad_names[] = {"nope"};
  minnow_tensor ok{"x", MINNOW_FLOAT32, 2, dims, data, sizeof data};
  EXPECT_EQ(Consume(minnow_session_run(s, &ok, 1, bad_names, 1, &outs, &n)).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(Consume(minnow_session_run(nullptr, &ok, 1, nullptr, 0, &outs, &n)).first, MINNOW_INVALID_ARGUMENT);
  EXPECT_EQ(Consume(minnow_session_run(s, &ok, 1, nullptr, 0, nullptr, &n)).first, MINNOW_INVALID_ARGUMENT);
  minnow_session_free(s);
}

TEST(CApi, RunsAConformanceModel) {
  const std::filesystem::path model = "/usr/share/libonnx-testdata/data/node/test_relu/model.onnx";
  if (!std::filesystem::exists(model)) GTEST_SKIP() << "libonnx-testdata is not installed";
  if (!minnow::runtime::KernelRegistry::BuiltIn().Has("", "Relu")) GTEST_SKIP() << "Relu is not implemented yet";
  minnow_session* s = nullptr;
  minnow_status* st = minnow_session_load_file(model.c_str(), &s);
  ASSERT_EQ(st, nullptr) << minnow_status_message(st);
  std::vector<float> x(60);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) - 30.0f;
  const int64_t dims[3] = {3, 4, 5};
  minnow_tensor in{minnow_session_input_name(s, 0), MINNOW_FLOAT32, 3, dims, x.data(), x.size() * sizeof(float)};
  minnow_tensor* outs = nullptr;
  size_t n = 0;
  st = minnow_session_run(s, &in, 1, nullptr, 0, &outs, &n);
  ASSERT_EQ(st, nullptr) << minnow_status_message(st);
  ASSERT_EQ(n, 1u);
  const auto* y = static_cast<const float*>(outs[0].data);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], std::max(x[i], 0.0f));
  minnow_tensors_free(outs, n);
  minnow_session_free(s);
}

}  // namespace
