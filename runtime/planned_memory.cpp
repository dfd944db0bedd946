// Recording a Run's allocations into an arena plan, and serving a planned Run from the arena.
#include "runtime/planned_memory.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace minnow::runtime {

namespace {

uintptr_t Addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

bool RangesOverlap(const Tensor& a, const Tensor& b) {
  if (a.empty() || b.empty() || a.nbytes() == 0 || b.nbytes() == 0) return false;
  const uintptr_t a0 = Addr(a.raw_data()), b0 = Addr(b.raw_data());
  return a0 < b0 + b.nbytes() && b0 < a0 + a.nbytes();
}

}  // namespace

std::shared_ptr<std::byte> ArenaPlan::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pool_.empty()) {
      auto arena = std::move(pool_.back());
      pool_.pop_back();
      return arena;
    }
  }
  const size_t bytes = std::max<size_t>(layout.arena_bytes, kArenaAlignment);
  void* p = std::aligned_alloc(kArenaAlignment, bytes);
  if (!p) return nullptr;
  return std::shared_ptr<std::byte>(static_cast<std::byte*>(p), [](std::byte* q) { std::free(q); });
}

void ArenaPlan::Release(std::shared_ptr<std::byte> arena) {
  // Only a pooled arena nobody else references may be handed to the next Run.
  if (!arena || arena.use_count() != 1) return;
  std::lock_guard<std::mutex> lock(mu_);
  constexpr size_t kMaxPooled = 16;  // more concurrent Runs than this allocate their own
  if (pool_.size() < kMaxPooled) pool_.push_back(std::move(arena));
}

PlanRecorder::PlanRecorder(const ir::Graph& graph)
    : graph_(graph),
      allocated_(graph.nodes().size()),
      root_(graph.num_value_ids(), -1),
      bytes_(graph.num_value_ids(), 0),
      producer_(graph.num_value_ids(), {-1, -1}) {
  for (size_t n = 0; n < graph.nodes().size(); ++n) allocated_[n].assign(graph.nodes()[n]->num_outputs(), {nullptr, 0});
}

Tensor PlanRecorder::AllocateOutput(size_t output, DataType dtype, const Shape& shape) {
  auto t = Tensor::Create(dtype, shape);
  if (!t.ok()) return Tensor();  // the context reports the error when it retries
  if (output < allocated_[node_].size()) allocated_[node_][output] = {t->raw_data(), t->nbytes()};
  return std::move(t).value();
}

void PlanRecorder::EndNode(size_t n, const std::vector<const Tensor*>& inputs, const std::vector<Tensor>& outputs) {
  const ir::Node& node = *graph_.nodes()[n];
  for (size_t o = 0; o < outputs.size() && o < node.num_outputs(); ++o) {
    const ir::Value* v = node.output(o);
    if (!v) continue;
    const Tensor& t = outputs[o];
    producer_[v->id()] = {static_cast<int>(n), static_cast<int>(o)};
    if (t.empty() || t.nbytes() == 0) continue;
    const auto& [ptr, bytes] = allocated_[n][o];
    if (ptr == t.raw_data() && bytes >= t.nbytes()) {
      root_[v->id()] = v->id();  // owns the buffer Allocate gave it
      bytes_[v->id()] = bytes;
      continue;
    }
    // A view: it lives in the buffer of the input (or earlier output) it overlaps.
    for (size_t i = 0; i < inputs.size() && i < node.num_inputs(); ++i) {
      if (inputs[i] && node.input(i) && RangesOverlap(t, *inputs[i])) {
        root_[v->id()] = root_[node.input(i)->id()];
        break;
      }
    }
    for (size_t p = 0; p < o && root_[v->id()] < 0; ++p) {
      if (node.output(p) && RangesOverlap(t, outputs[p])) root_[v->id()] = root_[node.output(p)->id()];
    }
  }
}

std::shared_ptr<ArenaPlan> PlanRecorder::Build(const std::vector<int>& last_reader, std::vector<int64_t> key) const {
  const size_t num_values = root_.size();
  std::vector<int> end(num_values, -1);
  std::vector<bool> escapes(num_values, false);
  for (size_t v = 0; v < num_values; ++v) {
    const int32_t r = root_[v];
    if (r < 0) continue;
    const int reader = v < last_reader.size() ? last_reader[v] : kNeverReleased;
    if (reader == kNeverReleased) escapes[r] = true;
    end[r] = std::max({end[r], reader, producer_[r].first});
  }
  std::vector<BufferLifetime> buffers;
  std::vector<int32_t> owners;
  for (size_t v = 0; v < num_values; ++v) {
    if (root_[v] != static_cast<int32_t>(v) || escapes[v] || bytes_[v] == 0) continue;
    buffers.push_back({bytes_[v], producer_[v].first, end[v]});
    owners.push_back(static_cast<int32_t>(v));
  }

  auto plan = std::make_shared<ArenaPlan>();
  plan->key = std::move(key);
  plan->layout = PlanMemory(buffers);
  plan->slots.resize(allocated_.size());
  for (size_t n = 0; n < allocated_.size(); ++n) plan->slots[n].resize(allocated_[n].size());
  plan->value_range.resize(num_values);
  std::vector<ArenaSlot> slot_of(num_values);
  for (size_t b = 0; b < buffers.size(); ++b) {
    const int32_t v = owners[b];
    const ArenaSlot slot{plan->layout.offsets[b], buffers[b].bytes};
    slot_of[v] = slot;
    plan->slots[producer_[v].first][producer_[v].second] = slot;
  }
  for (size_t v = 0; v < num_values; ++v) {
    if (root_[v] >= 0) plan->value_range[v] = slot_of[root_[v]];
  }
  return plan;
}

Tensor ArenaAllocator::AllocateOutput(size_t output, DataType dtype, const Shape& shape) {
  if (node_ >= plan_.slots.size() || output >= plan_.slots[node_].size()) return Tensor();
  const ArenaSlot& slot = plan_.slots[node_][output];
  if (slot.bytes == 0) return Tensor();
  auto numel = CheckedNumElements(shape);
  if (!numel.ok() || !IsSupportedDataType(dtype)) return Tensor();
  // Shapes that depend on data can outgrow what the recording Run saw: those go to the heap.
  if (*numel > static_cast<int64_t>(slot.bytes / DataTypeSize(dtype))) {
    ++fallbacks_;
    return Tensor();
  }
  auto t = Tensor::Wrap(dtype, shape, arena_, slot.offset);
  return t.ok() ? std::move(t).value() : Tensor();
}

bool ArenaAllocator::InArena(const Tensor& t) const {
  if (t.empty() || !arena_) return false;
  const uintptr_t p = Addr(t.raw_data()), a = Addr(arena_.get());
  return p >= a && p < a + std::max<size_t>(plan_.layout.arena_bytes, 1);
}

void ArenaAllocator::CheckOutputs(const ir::Node& node, std::vector<Tensor>& outputs) {
  for (size_t o = 0; o < outputs.size() && o < node.num_outputs(); ++o) {
    const ir::Value* v = node.output(o);
    Tensor& t = outputs[o];
    if (!v || t.empty() || t.nbytes() == 0 || !InArena(t)) continue;
    const ArenaSlot& range = plan_.value_range[v->id()];
    const uintptr_t begin = Addr(arena_.get()) + range.offset;
    const uintptr_t p = Addr(t.raw_data());
    if (range.bytes == 0 || p < begin || p + t.nbytes() > begin + range.bytes) {
      t = t.Clone();
      ++fallbacks_;
    }
  }
}

}  // namespace minnow::runtime
