// Graph executor: input checks, the node loop, liveness, memory-plan selection and profiling.
#include "runtime/executor.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "ir/verifier.h"
#include "runtime/planned_memory.h"
#include "runtime/thread_settings.h"

namespace minnow::runtime {

namespace {

using Clock = std::chrono::steady_clock;

double MicrosBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

// Plans kept per executor: one per distinct set of input shapes, least recently used dropped first.
constexpr size_t kMaxPlans = 8;

}  // namespace

Executor::~Executor() = default;

Expected<std::unique_ptr<Executor>> Executor::Create(const ir::Model& model, const KernelRegistry& registry) {
  const ir::Graph& graph = *model.graph;
  MINNOW_RETURN_IF_ERROR(ir::Verify(graph));
  std::unique_ptr<Executor> ex(new Executor(graph));
  for (const auto& node : graph.nodes()) {
    const KernelFactory* factory = registry.Find(node->domain(), node->op_type());
    if (!factory) {
      std::string op = node->domain().empty() ? node->op_type() : node->domain() + "." + node->op_type();
      return Unsupported("operator " + op + " (node " + node->Label() + ") is not supported");
    }
    auto it = model.opset_imports.find(node->domain());
    const int64_t opset = it == model.opset_imports.end() ? model.onnx_opset() : it->second;
    KernelInit init{*node, opset};
    auto kernel = (*factory)(init);
    if (!kernel.ok()) return kernel.status();
    ex->kernels_.push_back(std::move(kernel).value());
  }

  // Liveness: the last node reading each value frees it, unless it is a graph output or initializer.
  std::set<const ir::Value*> keep(graph.outputs().begin(), graph.outputs().end());
  ex->last_reader_.assign(graph.num_value_ids(), -1);
  for (size_t n = 0; n < graph.nodes().size(); ++n) {
    for (const ir::Value* in : graph.nodes()[n]->inputs()) {
      if (in) ex->last_reader_[in->id()] = static_cast<int>(n);
    }
  }
  ex->release_after_.resize(graph.nodes().size());
  for (const auto& v : graph.values()) {
    if (!v) continue;
    if (v->is_initializer()) ex->weights_bytes_ += v->initializer().nbytes();
    if (keep.count(v.get()) || v->is_initializer()) {
      ex->last_reader_[v->id()] = kNeverReleased;
      continue;
    }
    if (ex->last_reader_[v->id()] >= 0) ex->release_after_[ex->last_reader_[v->id()]].push_back(v->id());
  }
  return ex;
}

Status Executor::CheckInput(const ir::Value& value, const Tensor& t) const {
  if (t.dtype() != value.dtype() && value.dtype() != DataType::kUndefined) {
    return InvalidArgument("input '" + value.name() + "' must have type " + DataTypeName(value.dtype()) + ", got " +
                           DataTypeName(t.dtype()));
  }
  if (!value.shape()) return Status::Ok();
  const auto& dims = *value.shape();
  if (static_cast<size_t>(t.rank()) != dims.size()) {
    return InvalidArgument("input '" + value.name() + "' must have rank " + std::to_string(dims.size()) +
                           " (shape " + value.TypeString() + "), got shape " + ShapeToString(t.shape()));
  }
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i].is_known() && dims[i].size != t.dim(static_cast<int64_t>(i))) {
      return InvalidArgument("input '" + value.name() + "' dimension " + std::to_string(i) + " must be " +
                             std::to_string(dims[i].size) + ", got shape " + ShapeToString(t.shape()));
    }
  }
  return Status::Ok();
}

std::shared_ptr<ArenaPlan> Executor::FindPlan(const std::vector<int64_t>& key) const {
  std::lock_guard<std::mutex> lock(plans_mu_);
  for (size_t i = 0; i < plans_.size(); ++i) {
    if (plans_[i]->key != key) continue;
    auto plan = plans_[i];
    plans_.erase(plans_.begin() + static_cast<std::ptrdiff_t>(i));
    plans_.push_back(plan);
    return plan;
  }
  return nullptr;
}

void Executor::StorePlan(std::shared_ptr<ArenaPlan> plan) const {
  std::lock_guard<std::mutex> lock(plans_mu_);
  for (const auto& p : plans_) {
    if (p->key == plan->key) return;  // another thread recorded the same shapes first
  }
  if (plans_.size() >= kMaxPlans) plans_.erase(plans_.begin());
  plans_.push_back(std::move(plan));
}

Expected<std::vector<NamedTensor>> Executor::Run(const std::vector<NamedTensor>& inputs,
                                                 const std::vector<std::string>& output_names,
                                                 const ExecOptions& options, RunStats* stats) const {
  const Clock::time_point run_start = Clock::now();
  ScopedThreadCount threads(options.num_threads);
  std::vector<Tensor> values(graph_.num_value_ids());
  std::vector<bool> ready(graph_.num_value_ids(), false);
  for (const ir::Value* v : graph_.Initializers()) {
    values[v->id()] = v->initializer();
    ready[v->id()] = true;
  }
  for (const auto& in : inputs) {
    const ir::Value* v = graph_.FindValue(in.name);
    bool is_input = false;
    for (const ir::Value* gi : graph_.inputs()) is_input |= (gi == v);
    if (!v || !is_input) return InvalidArgument("the model has no input named '" + in.name + "'");
    MINNOW_RETURN_IF_ERROR(CheckInput(*v, in.tensor));
    values[v->id()] = in.tensor;
    ready[v->id()] = true;
  }
  std::vector<int64_t> key;
  for (const ir::Value* gi : graph_.inputs()) {
    if (!ready[gi->id()]) return InvalidArgument("input '" + gi->name() + "' was not given");
    const Tensor& t = values[gi->id()];
    key.push_back(static_cast<int64_t>(t.dtype()));
    key.push_back(t.rank());
    key.insert(key.end(), t.shape().begin(), t.shape().end());
  }

  // A known plan serves this Run from an arena; otherwise this Run records one.
  std::shared_ptr<ArenaPlan> plan = options.plan_memory ? FindPlan(key) : nullptr;
  std::unique_ptr<ArenaAllocator> arena;
  std::unique_ptr<PlanRecorder> recorder;
  if (plan) {
    if (auto block = plan->Acquire()) arena = std::make_unique<ArenaAllocator>(*plan, std::move(block));
  } else if (options.plan_memory) {
    recorder = std::make_unique<PlanRecorder>(graph_);
  }
  OutputAllocator* allocator = arena ? static_cast<OutputAllocator*>(arena.get()) : recorder.get();

  RunStats local_stats;
  const auto& nodes = graph_.nodes();
  if (options.profile) local_stats.nodes.reserve(nodes.size());
  for (size_t n = 0; n < nodes.size(); ++n) {
    const ir::Node& node = *nodes[n];
    std::vector<const Tensor*> in_ptrs(node.num_inputs(), nullptr);
    for (size_t i = 0; i < node.num_inputs(); ++i) {
      if (const ir::Value* v = node.input(i)) in_ptrs[i] = &values[v->id()];
    }
    std::vector<Tensor> outs(node.num_outputs());
    if (arena) arena->BeginNode(n);
    if (recorder) recorder->BeginNode(n);
    KernelContext ctx(node, in_ptrs, &outs);
    ctx.set_allocator(allocator);
    const Clock::time_point node_start = options.profile ? Clock::now() : Clock::time_point();
    Status st = kernels_[n]->Compute(ctx);
    if (options.profile) {
      const Clock::time_point node_end = Clock::now();
      local_stats.nodes.push_back({node.op_type(), node.name().empty() ? node.Label() : node.name(),
                                   MicrosBetween(run_start, node_start), MicrosBetween(node_start, node_end)});
    }
    if (!st.ok()) {
      // Kernel messages usually start with the node label already; add it only when missing.
      if (st.message().find(node.Label()) == std::string::npos) st = st.WithContext(node.Label());
      return st;
    }
    if (recorder) recorder->EndNode(n, in_ptrs, outs);
    if (arena) arena->CheckOutputs(node, outs);
    for (size_t o = 0; o < node.num_outputs(); ++o) {
      const ir::Value* v = node.output(o);
      if (!v) continue;
      if (outs[o].empty()) return Internal(node.Label() + " did not produce output '" + v->name() + "'");
      values[v->id()] = std::move(outs[o]);
    }
    for (int32_t id : release_after_[n]) values[id] = Tensor();
  }

  std::vector<NamedTensor> result;
  if (output_names.empty()) {
    for (const ir::Value* v : graph_.outputs()) result.push_back({v->name(), values[v->id()]});
  } else {
    for (const auto& name : output_names) {
      const ir::Value* found = nullptr;
      for (const ir::Value* v : graph_.outputs()) {
        if (v->name() == name) found = v;
      }
      if (!found) return InvalidArgument("the model has no output named '" + name + "'");
      result.push_back({name, values[found->id()]});
    }
  }

  if (arena) {
    // Graph outputs are never planned, but a view could still reach into the arena: copy it out,
    // since the arena goes to the next Run.
    for (auto& r : result) {
      if (arena->InArena(r.tensor)) r.tensor = r.tensor.Clone();
    }
    values.clear();
    local_stats.memory_planned = true;
    local_stats.heap_fallbacks = arena->fallbacks();
    plan->Release(arena->TakeArena());
  }
  if (recorder) {
    values.clear();
    plan = recorder->Build(last_reader_, std::move(key));
    StorePlan(plan);
  }
  if (plan) {
    local_stats.arena_bytes = plan->layout.arena_bytes;
    local_stats.plan_lower_bound_bytes = plan->layout.lower_bound_bytes;
    local_stats.plan_total_bytes = plan->layout.total_bytes;
  }
  local_stats.total_us = MicrosBetween(run_start, Clock::now());
  if (stats) *stats = std::move(local_stats);
  return result;
}

}  // namespace minnow::runtime
