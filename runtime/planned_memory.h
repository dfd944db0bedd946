// The executor's side of memory planning: a recorder that watches an unplanned Run (what each node
// allocates, which outputs are views of which buffers) and turns it into an ArenaPlan, and the
// allocator that serves a planned Run's outputs from slices of one arena.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "ir/graph.h"
#include "runtime/kernel.h"
#include "runtime/memory_plan.h"

namespace minnow::runtime {

// Last-reader index of values that must outlive the Run (graph outputs).
constexpr int kNeverReleased = std::numeric_limits<int>::max();

struct ArenaSlot {
  size_t offset = 0;
  size_t bytes = 0;  // 0: not planned
};

struct ArenaPlan {
  std::vector<int64_t> key;                  // the input dtypes and shapes it was recorded for
  std::vector<std::vector<ArenaSlot>> slots;  // [node][output]: where Allocate places that output
  // [value id]: the arena range the value may point into (its own slot, or the slot of the buffer
  // it is a view of). A value found elsewhere in the arena is copied out rather than trusted.
  std::vector<ArenaSlot> value_range;
  MemoryPlan layout;

  // An arena of layout.arena_bytes for one Run: a pooled one when free, else a new one.
  std::shared_ptr<std::byte> Acquire();
  // Returns an arena to the pool, unless some tensor still points into it.
  void Release(std::shared_ptr<std::byte> arena);

 private:
  std::mutex mu_;
  std::vector<std::shared_ptr<std::byte>> pool_;
};

class PlanRecorder final : public OutputAllocator {
 public:
  explicit PlanRecorder(const ir::Graph& graph);
  void BeginNode(size_t n) { node_ = n; }
  // Heap memory, as without a plan; the pointer and size are remembered.
  Tensor AllocateOutput(size_t output, DataType dtype, const Shape& shape) override;
  // After node n ran: records which outputs own their allocation and which alias an input's buffer.
  void EndNode(size_t n, const std::vector<const Tensor*>& inputs, const std::vector<Tensor>& outputs);
  // Lifetimes from `last_reader` (per value id), extended over views; buffers aliased by a value
  // that is never released (a graph output) stay on the heap.
  std::shared_ptr<ArenaPlan> Build(const std::vector<int>& last_reader, std::vector<int64_t> key) const;

 private:
  const ir::Graph& graph_;
  size_t node_ = 0;
  std::vector<std::vector<std::pair<const void*, size_t>>> allocated_;  // [node][output]
  std::vector<int32_t> root_;      // [value id]: value owning the buffer it lives in, -1 if not planned
  std::vector<size_t> bytes_;      // [value id]: bytes it allocated, when it is its own root
  std::vector<std::pair<int, int>> producer_;  // [value id]: (node index, output index)
};

class ArenaAllocator final : public OutputAllocator {
 public:
  ArenaAllocator(const ArenaPlan& plan, std::shared_ptr<std::byte> arena) : plan_(plan), arena_(std::move(arena)) {}
  void BeginNode(size_t n) { node_ = n; }
  Tensor AllocateOutput(size_t output, DataType dtype, const Shape& shape) override;
  // Copies out (to the heap) outputs of `node` that point into the arena outside the range planned
  // for them, which happens only when a view did not behave as during recording.
  void CheckOutputs(const ir::Node& node, std::vector<Tensor>& outputs);
  bool InArena(const Tensor& t) const;
  size_t fallbacks() const { return fallbacks_; }
  std::shared_ptr<std::byte> TakeArena() { return std::move(arena_); }

 private:
  const ArenaPlan& plan_;
  std::shared_ptr<std::byte> arena_;
  size_t node_ = 0;
  size_t fallbacks_ = 0;
};

}  // namespace minnow::runtime
