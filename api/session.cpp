// Session: the public API over importer + runtime executor.
#include <exception>
#include <mutex>
#include <new>

#include "api/tensor_info.h"
#include "importer/onnx_importer.h"
#include "minnow/minnow.h"
#include "passes/infer_shapes.h"
#include "passes/pass_manager.h"
#include "runtime/executor.h"
#include "runtime/process_memory.h"
#include "runtime/profiler.h"

namespace minnow {

struct Session::Impl {
  ir::Model model;
  std::unique_ptr<runtime::Executor> executor;
  std::vector<TensorInfo> inputs;
  std::vector<TensorInfo> outputs;
  SessionOptions options;
  mutable std::mutex stats_mu;
  mutable RunStats last_stats;
};

namespace {

Expected<std::unique_ptr<Session::Impl>> BuildSession(Expected<ir::Model> model, const SessionOptions& options) {
  if (!model.ok()) return model.status();
  if (options.num_threads < 0) return InvalidArgument("num_threads must be >= 0, got " + std::to_string(options.num_threads));
  auto impl = std::make_unique<Session::Impl>();
  impl->options = options;
  impl->model = std::move(model).value();
  if (!options.input_shapes.empty() && !options.optimize) {
    return InvalidArgument("SessionOptions::input_shapes needs optimize = true");
  }
  if (options.optimize) {
    std::map<std::string, Shape> shapes(options.input_shapes.begin(), options.input_shapes.end());
    MINNOW_RETURN_IF_ERROR(passes::FixInputShapes(impl->model, shapes));
    auto reports = passes::RunPasses(impl->model, passes::PassRegistry::BuiltIn().DefaultPipeline());
    if (!reports.ok()) return reports.status().WithContext("optimizing the model");
  }
  auto ex = runtime::Executor::Create(impl->model);
  if (!ex.ok()) return ex.status();
  impl->executor = std::move(ex).value();
  for (const ir::Value* v : impl->model.graph->inputs()) impl->inputs.push_back(api::DescribeValue(*v));
  for (const ir::Value* v : impl->model.graph->outputs()) impl->outputs.push_back(api::DescribeValue(*v));
  return impl;
}

}  // namespace

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

Expected<std::unique_ptr<Session>> Session::LoadFile(const std::string& path, const SessionOptions& options) {
  try {
    auto impl = BuildSession(importer::ImportOnnxFile(path), options);
    if (!impl.ok()) return impl.status();
    return std::unique_ptr<Session>(new Session(std::move(impl).value()));
  } catch (const std::bad_alloc&) {
    return OutOfRange("out of memory while loading " + path);
  }
}

Expected<std::unique_ptr<Session>> Session::LoadBytes(const void* data, size_t size, const SessionOptions& options) {
  try {
    auto impl = BuildSession(importer::ImportOnnxBytes(data, size), options);
    if (!impl.ok()) return impl.status();
    return std::unique_ptr<Session>(new Session(std::move(impl).value()));
  } catch (const std::bad_alloc&) {
    return OutOfRange("out of memory while loading model");
  }
}

const std::vector<TensorInfo>& Session::inputs() const { return impl_->inputs; }
const std::vector<TensorInfo>& Session::outputs() const { return impl_->outputs; }

const SessionOptions& Session::options() const { return impl_->options; }

Expected<std::vector<NamedTensor>> Session::Run(const std::vector<NamedTensor>& inputs,
                                                     const std::vector<std::string>& output_names) const {
  return Run(inputs, output_names, nullptr);
}

Expected<std::vector<NamedTensor>> Session::Run(const std::vector<NamedTensor>& inputs,
                                                const std::vector<std::string>& output_names, RunStats* stats) const {
  runtime::ExecOptions exec;
  exec.num_threads = impl_->options.num_threads;
  exec.profile = impl_->options.profile;
  exec.plan_memory = impl_->options.plan_memory;
  runtime::RunStats rs;
  Expected<std::vector<NamedTensor>> result = OutOfRange("out of memory while running the model");
  try {
    result = impl_->executor->Run(inputs, output_names, exec, &rs);
  } catch (const std::bad_alloc&) {
    return OutOfRange("out of memory while running the model");
  }
  if (!result.ok()) return result;
  RunStats out;
  out.total_ms = rs.total_us / 1000.0;
  out.memory_planned = rs.memory_planned;
  out.arena_bytes = static_cast<int64_t>(rs.arena_bytes);
  out.weights_bytes = static_cast<int64_t>(impl_->executor->weights_bytes());
  out.peak_rss_bytes = runtime::PeakRssBytes();
  out.nodes.reserve(rs.nodes.size());
  for (auto& n : rs.nodes) out.nodes.push_back({std::move(n.op_type), std::move(n.name), n.start_us, n.duration_us});
  {
    std::lock_guard<std::mutex> lock(impl_->stats_mu);
    impl_->last_stats = out;
  }
  if (stats) *stats = std::move(out);
  return result;
}

RunStats Session::last_run_stats() const {
  std::lock_guard<std::mutex> lock(impl_->stats_mu);
  return impl_->last_stats;
}

Status WriteChromeTrace(const std::string& path, const std::vector<RunStats>& runs) {
  std::vector<std::vector<runtime::NodeTiming>> timings;
  std::vector<double> starts;
  double offset = 0;
  for (const auto& r : runs) {
    std::vector<runtime::NodeTiming> run;
    for (const auto& n : r.nodes) run.push_back({n.op_type, n.name, n.start_us, n.duration_us});
    timings.push_back(std::move(run));
    starts.push_back(offset);
    offset += r.total_ms * 1000.0 + 10.0;  // a small gap keeps Runs apart in the viewer
  }
  return runtime::WriteChromeTrace(path, timings, starts);
}

}  // namespace minnow
