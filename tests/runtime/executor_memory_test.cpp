// Memory planning in the executor, with a private registry whose ops allocate, make views, or
// make a view only for some input values (so recording and planned Runs differ).
#include <gtest/gtest.h>

#include <omp.h>

#include "runtime/executor.h"

namespace minnow::runtime {
namespace {

KernelFactory Scale(float factor) {
  return [factor](const KernelInit&) {
    return MakeKernel([factor](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
      MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.AllocateUninitialized(0, DataType::kFloat32, x->shape()));
      for (int64_t i = 0; i < x->numel(); ++i) y->data<float>()[i] = factor * x->data<float>()[i];
      return Status::Ok();
    });
  };
}

KernelRegistry TestRegistry() {
  KernelRegistry r;
  r.Register("", "Double", Scale(2));
  r.Register("", "Triple", Scale(3));
  r.Register("", "Add", [](const KernelInit&) {
    return MakeKernel([](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* a, ctx.RequiredInput(0));
      MINNOW_ASSIGN_OR_RETURN(const Tensor* b, ctx.RequiredInput(1));
      MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kFloat32, a->shape()));
      for (int64_t i = 0; i < a->numel(); ++i) y->data<float>()[i] = a->data<float>()[i] + b->data<float>()[i];
      return Status::Ok();
    });
  });
  // A view of its input, flattened.
  r.Register("", "View", [](const KernelInit&) {
    return MakeKernel([](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
      MINNOW_ASSIGN_OR_RETURN(Tensor v, x->Reshaped({x->numel()}));
      ctx.SetOutput(0, std::move(v));
      return Status::Ok();
    });
  });
  // A view when the first element is positive, otherwise a copy: data decides aliasing.
  r.Register("", "MaybeView", [](const KernelInit&) {
    return MakeKernel([](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
      if (x->numel() > 0 && x->data<float>()[0] > 0) {
        ctx.SetOutput(0, *x);
        return Status::Ok();
      }
      MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kFloat32, x->shape()));
      std::copy(x->data<float>(), x->data<float>() + x->numel(), y->data<float>());
      return Status::Ok();
    });
  });
  // Writes the calling thread's OpenMP thread count.
  r.Register("", "ThreadProbe", [](const KernelInit&) {
    return MakeKernel([](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kFloat32, {1}));
      y->data<float>()[0] = static_cast<float>(omp_get_max_threads());
      return Status::Ok();
    });
  });
  return r;
}

// x -> op0 -> a -> op1 -> b;  x -> Triple -> c;  y = Add(b, c). Node 2 may reuse a's memory
// only if b is not a view of a.
ir::Model DiamondModel(const std::string& op0, const std::string& op1, bool b_is_output = false) {
  ir::Model m;
  m.opset_imports[""] = 13;
  ir::Graph& g = *m.graph;
  ir::Value* x = *g.AddValue("x");
  x->set_dtype(DataType::kFloat32);
  x->set_shape(std::vector<ir::Dim>{ir::Dim::Symbolic("N")});
  ir::Value* a = *g.AddValue("a");
  ir::Value* b = *g.AddValue("b");
  ir::Value* c = *g.AddValue("c");
  ir::Value* y = *g.AddValue("y");
  g.AddInput(x);
  (void)g.AddNode(op0, "", "n0", {x}, {a});
  (void)g.AddNode(op1, "", "n1", {a}, {b});
  (void)g.AddNode("Triple", "", "n2", {x}, {c});
  (void)g.AddNode("Add", "", "n3", {b, c}, {y});
  g.AddOutput(y);
  if (b_is_output) g.AddOutput(b);
  return m;
}

Tensor Ramp(int64_t n, float start) {
  Tensor t(DataType::kFloat32, {n});
  for (int64_t i = 0; i < n; ++i) t.data<float>()[i] = start + static_cast<float>(i);
  return t;
}

void ExpectScaled(const Tensor& y, const Tensor& x, float factor) {
  ASSERT_EQ(y.numel(), x.numel());
  for (int64_t i = 0; i < x.numel(); ++i) ASSERT_EQ(y.data<float>()[i], factor * x.data<float>()[i]) << "at " << i;
}

TEST(ExecutorMemory, ViewExtendsLifetimeOfItsBuffer) {
  ir::Model m = DiamondModel("Double", "View");
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  for (int run = 0; run < 3; ++run) {
    const Tensor x = Ramp(1000, 1.0f + static_cast<float>(run));
    RunStats stats;
    auto out = (*ex)->Run({{"x", x}}, {}, ExecOptions{}, &stats);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(stats.memory_planned, run > 0);
    ExpectScaled((*out)[0].tensor, x, 5.0f);  // 2x + 3x; 6x if c had overwritten a
    // a and c live together; y is a graph output and stays off the arena.
    EXPECT_GE(stats.arena_bytes, 2 * 4000u);
    EXPECT_EQ(stats.heap_fallbacks, 0u);
  }
}

TEST(ExecutorMemory, UnforeseenViewIsCopiedOut) {
  ir::Model m = DiamondModel("Double", "MaybeView");
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  // Recorded with a copy (negative first element), then run where MaybeView returns a view.
  for (float start : {-5.0f, 1.0f, 2.0f, -3.0f, 4.0f}) {
    const Tensor x = Ramp(1000, start);
    RunStats stats;
    auto out = (*ex)->Run({{"x", x}}, {}, ExecOptions{}, &stats);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ExpectScaled((*out)[0].tensor, x, 5.0f);
    if (start > 0) {
      EXPECT_GT(stats.heap_fallbacks, 0u);
    }
  }
}

TEST(ExecutorMemory, OutputsNeverAliasTheArena) {
  ir::Model m = DiamondModel("Double", "View", /*b_is_output=*/true);
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  std::vector<std::vector<NamedTensor>> kept;
  std::vector<Tensor> xs;
  for (int run = 0; run < 4; ++run) {
    xs.push_back(Ramp(257, static_cast<float>(10 * run)));
    auto out = (*ex)->Run({{"x", xs.back()}});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    kept.push_back(std::move(out).value());
  }
  // Later Runs reused the arena; the outputs kept from earlier Runs must be unchanged.
  for (size_t run = 0; run < kept.size(); ++run) {
    ExpectScaled(kept[run][0].tensor, xs[run], 5.0f);
    ExpectScaled(kept[run][1].tensor, xs[run], 2.0f);
  }
}

TEST(ExecutorMemory, ReplansWhenShapesChange) {
  ir::Model m = DiamondModel("Double", "View");
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok());
  for (int64_t n : {100, 100, 3000, 3000, 100, 7}) {
    const Tensor x = Ramp(n, 0.5f);
    RunStats stats;
    auto out = (*ex)->Run({{"x", x}}, {}, ExecOptions{}, &stats);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ExpectScaled((*out)[0].tensor, x, 5.0f);
    EXPECT_GE(stats.arena_bytes, 2 * static_cast<size_t>(n) * 4);
    EXPECT_EQ(stats.heap_fallbacks, 0u);
  }
}

TEST(ExecutorMemory, PlanningOffAllocatesSeparately) {
  ir::Model m = DiamondModel("Double", "View");
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok());
  ExecOptions opt;
  opt.plan_memory = false;
  for (int run = 0; run < 2; ++run) {
    RunStats stats;
    const Tensor x = Ramp(64, 1.0f);
    auto out = (*ex)->Run({{"x", x}}, {}, opt, &stats);
    ASSERT_TRUE(out.ok());
    ExpectScaled((*out)[0].tensor, x, 5.0f);
    EXPECT_FALSE(stats.memory_planned);
    EXPECT_EQ(stats.arena_bytes, 0u);
  }
}

TEST(ExecutorMemory, ProfileRecordsEveryNode) {
  ir::Model m = DiamondModel("Double", "View");
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok());
  ExecOptions opt;
  opt.profile = true;
  RunStats stats;
  ASSERT_TRUE((*ex)->Run({{"x", Ramp(10, 0)}}, {}, opt, &stats).ok());
  ASSERT_EQ(stats.nodes.size(), 4u);
  EXPECT_EQ(stats.nodes[0].op_type, "Double");
  EXPECT_EQ(stats.nodes[3].name, "n3");
  for (size_t i = 1; i < stats.nodes.size(); ++i) EXPECT_GE(stats.nodes[i].start_us, stats.nodes[i - 1].start_us);
  RunStats quiet;
  ASSERT_TRUE((*ex)->Run({{"x", Ramp(10, 0)}}, {}, ExecOptions{}, &quiet).ok());
  EXPECT_TRUE(quiet.nodes.empty());
}

ir::Model ProbeModel() {
  ir::Model m;
  m.opset_imports[""] = 13;
  ir::Graph& g = *m.graph;
  ir::Value* y = *g.AddValue("y");
  (void)g.AddNode("ThreadProbe", "", "probe", {}, {y});
  g.AddOutput(y);
  return m;
}

TEST(ExecutorThreads, ThreadCountAppliesToTheRunOnly) {
  ir::Model m = ProbeModel();
  KernelRegistry r = TestRegistry();
  auto ex = Executor::Create(m, r);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  const int before = omp_get_max_threads();
  for (int n : {1, 2, 3}) {
    ExecOptions opt;
    opt.num_threads = n;
    auto out = (*ex)->Run({}, {}, opt, nullptr);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ((*out)[0].tensor.data<float>()[0], static_cast<float>(n));
    EXPECT_EQ(omp_get_max_threads(), before);  // restored for the caller
  }
  auto out = (*ex)->Run({});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)[0].tensor.data<float>()[0], static_cast<float>(before));
}

}  // namespace
}  // namespace minnow::runtime
