// Executor tests with a private registry, so they do not depend on the built-in operators.
#include <gtest/gtest.h>

#include "runtime/executor.h"

namespace minnow::runtime {
namespace {

// "Double" doubles any f32 tensor, whatever its shape.
KernelRegistry TestRegistry() {
  KernelRegistry r;
  r.Register("", "Double", [](const KernelInit&) {
    return MakeKernel([](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
      MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kFloat32, x->shape()));
      for (int64_t i = 0; i < x->numel(); ++i) y->data<float>()[i] = 2 * x->data<float>()[i];
      return Status::Ok();
    });
  });
  return r;
}

ir::Model ChainModel() {
  ir::Model m;
  m.opset_imports[""] = 13;
  ir::Graph& g = *m.graph;
  ir::Value* x = *g.AddValue("x");
  x->set_dtype(DataType::kFloat32);
  x->set_shape(std::vector<ir::Dim>{ir::Dim::Symbolic("N"), ir::Dim::Known(2)});
  ir::Value* a = *g.AddValue("a");
  ir::Value* y = *g.AddValue("y");
  g.AddInput(x);
  (void)g.AddNode("Double", "", "d1", {x}, {a});
  (void)g.AddNode("Double", "", "d2", {a}, {y});
  g.AddOutput(y);
  return m;
}

TEST(Executor, RunsWithChangingBatch) {
  ir::Model m = ChainModel();
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  for (int64_t n : {1, 3, 5}) {
    Tensor x(DataType::kFloat32, {n, 2});
    for (int64_t i = 0; i < x.numel(); ++i) x.data<float>()[i] = static_cast<float>(i);
    auto out = (*ex)->Run({{"x", x}});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ((*out)[0].tensor.shape(), (Shape{n, 2}));
    EXPECT_EQ((*out)[0].tensor.data<float>()[x.numel() - 1], 4.0f * static_cast<float>(x.numel() - 1));
    EXPECT_EQ(x.data<float>()[1], 1.0f);  // the caller's input is untouched
  }
}

TEST(Executor, RejectsBadInputs) {
  ir::Model m = ChainModel();
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok());
  EXPECT_FALSE((*ex)->Run({}).ok());  // missing input
  auto wrong_dim = (*ex)->Run({{"x", Tensor(DataType::kFloat32, {1, 3})}});
  ASSERT_FALSE(wrong_dim.ok());
  EXPECT_NE(wrong_dim.status().message().find("dimension 1 must be 2"), std::string::npos);
  EXPECT_FALSE((*ex)->Run({{"x", Tensor(DataType::kInt64, {1, 2})}}).ok());
  EXPECT_FALSE((*ex)->Run({{"x", Tensor(DataType::kFloat32, {2})}}).ok());
  EXPECT_FALSE((*ex)->Run({{"z", Tensor(DataType::kFloat32, {1, 2})}}).ok());
  EXPECT_FALSE((*ex)->Run({{"x", Tensor(DataType::kFloat32, {1, 2})}}, {"nope"}).ok());
}

TEST(Executor, UnsupportedOpIsNamed) {
  ir::Model m = ChainModel();
  KernelRegistry empty;
  auto ex = Executor::Create(m, empty);
  ASSERT_FALSE(ex.ok());
  EXPECT_EQ(ex.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(ex.status().message().find("Double 'd1'"), std::string::npos) << ex.status().message();
}

}  // namespace
}  // namespace minnow::runtime
