// PlanMemory: buffers alive at the same time never overlap; dead buffers' memory is reused.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>

#include "minnow/tensor.h"
#include "runtime/memory_plan.h"

namespace minnow::runtime {
namespace {

bool LifetimesOverlap(const BufferLifetime& a, const BufferLifetime& b) { return a.first <= b.last && b.first <= a.last; }

void ExpectValid(const std::vector<BufferLifetime>& bufs, const MemoryPlan& plan) {
  ASSERT_EQ(plan.offsets.size(), bufs.size());
  for (size_t i = 0; i < bufs.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % kArenaAlignment, 0u);
    EXPECT_LE(plan.offsets[i] + bufs[i].bytes, plan.arena_bytes);
    for (size_t j = i + 1; j < bufs.size(); ++j) {
      if (!LifetimesOverlap(bufs[i], bufs[j]) || bufs[i].bytes == 0 || bufs[j].bytes == 0) continue;
      const bool apart = plan.offsets[i] + bufs[i].bytes <= plan.offsets[j] || plan.offsets[j] + bufs[j].bytes <= plan.offsets[i];
      EXPECT_TRUE(apart) << "buffers " << i << " and " << j << " overlap";
    }
  }
  EXPECT_GE(plan.arena_bytes, plan.lower_bound_bytes);
  EXPECT_LE(plan.arena_bytes, plan.total_bytes);
}

TEST(MemoryPlan, ChainReusesDeadBuffers) {
  // a -> b -> c -> d: each buffer is read by the next step only, so two slots suffice.
  std::vector<BufferLifetime> bufs = {{1000, 0, 1}, {1000, 1, 2}, {1000, 2, 3}, {1000, 3, 4}};
  MemoryPlan plan = PlanMemory(bufs);
  ExpectValid(bufs, plan);
  EXPECT_EQ(plan.arena_bytes, 2 * 1024u);
  EXPECT_EQ(plan.total_bytes, 4 * 1024u);
  EXPECT_EQ(plan.offsets[0], plan.offsets[2]);
}

TEST(MemoryPlan, SmallBufferFillsGap) {
  // A long-lived big buffer, and two small ones that can share the space of a dead medium one.
  std::vector<BufferLifetime> bufs = {{4096, 0, 10}, {2048, 0, 2}, {1024, 3, 5}, {1024, 6, 8}};
  MemoryPlan plan = PlanMemory(bufs);
  ExpectValid(bufs, plan);
  EXPECT_EQ(plan.arena_bytes, 4096u + 2048u);
}

TEST(MemoryPlan, RandomLifetimesNeverCollide) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<BufferLifetime> bufs;
    const int n = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      const int first = static_cast<int>(rng() % 40);
      bufs.push_back({static_cast<size_t>(rng() % 5000), first, first + static_cast<int>(rng() % 10)});
    }
    ExpectValid(bufs, PlanMemory(bufs));
  }
}

TEST(MemoryPlan, Empty) {
  MemoryPlan plan = PlanMemory({});
  EXPECT_EQ(plan.arena_bytes, 0u);
  EXPECT_TRUE(plan.offsets.empty());
}

}  // namespace
}  // namespace minnow::runtime

namespace minnow {
namespace {

TEST(TensorWrap, SharesOwnerAndOffset) {
  std::weak_ptr<std::byte> watch;
  Tensor t;
  {
    std::shared_ptr<std::byte> block(new std::byte[256], [](std::byte* p) { delete[] p; });
    watch = block;
    auto wrapped = Tensor::Wrap(DataType::kFloat32, {2, 4}, block, 64);
    ASSERT_TRUE(wrapped.ok()) << wrapped.status().ToString();
    t = std::move(wrapped).value();
    EXPECT_EQ(static_cast<const void*>(t.raw_data()), static_cast<const void*>(block.get() + 64));
    t.data<float>()[7] = 3.5f;
    float back = 0;
    std::memcpy(&back, block.get() + 64 + 7 * sizeof(float), sizeof back);
    EXPECT_EQ(back, 3.5f);
  }
  EXPECT_FALSE(watch.expired());  // the tensor keeps the whole block alive
  EXPECT_EQ(t.nbytes(), 32u);
  t = Tensor();
  EXPECT_TRUE(watch.expired());
  EXPECT_FALSE(Tensor::Wrap(DataType::kFloat32, {2}, nullptr, 0).ok());
  EXPECT_FALSE(Tensor::Wrap(DataType::kFloat32, {-1}, std::shared_ptr<std::byte>(new std::byte[4], [](std::byte* p) { delete[] p; }), 0).ok());
}

}  // namespace
}  // namespace minnow
