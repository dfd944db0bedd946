// `minnow bench MODEL [--threads N] [--warmup N] [--iterations N | --duration SEC]
// [--shape NAME=DIMS ...] [--input NAME=FILE ...] [--json FILE] [--profile] [--trace FILE]`:
// latency percentiles, throughput and peak memory of one model on seeded random inputs.
#include "tools/bench_command.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "minnow/minnow.h"
#include "runtime/process_memory.h"
#include "runtime/profiler.h"
#include "runtime/thread_settings.h"
#include "tools/cli_util.h"
#include "tools/commands.h"
#include "tools/run_inputs.h"

namespace minnow::tools {

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Nearest-rank percentile of sorted samples.
double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

Expected<std::vector<NamedTensor>> BenchInputs(const Session& session, const BenchOptions& opt) {
  MINNOW_ASSIGN_OR_RETURN(auto shapes, ParseShapeOptions(opt.shapes));
  MINNOW_ASSIGN_OR_RETURN(auto files, ParseNamedOptions(opt.inputs, "--input"));
  for (const auto* given : {&shapes}) {
    for (const auto& [name, _] : *given) {
      bool found = false;
      for (const auto& in : session.inputs()) found |= in.name == name;
      if (!found) return InvalidArgument("--shape names '" + name + "', which is not an input of the model");
    }
  }
  std::vector<NamedTensor> inputs;
  for (size_t i = 0; i < session.inputs().size(); ++i) {
    const TensorInfo& info = session.inputs()[i];
    if (auto it = files.find(info.name); it != files.end()) {
      auto t = ReadInputFile(it->second);
      if (!t.ok()) return t.status().WithContext("input '" + info.name + "'");
      inputs.push_back({info.name, std::move(t).value()});
      files.erase(it);
      continue;
    }
    auto sit = shapes.find(info.name);
    MINNOW_ASSIGN_OR_RETURN(Tensor t, RandomInput(info, sit == shapes.end() ? nullptr : &sit->second, opt.seed + i));
    inputs.push_back({info.name, std::move(t)});
  }
  if (!files.empty()) {
    return InvalidArgument("--input names '" + files.begin()->first + "', which is not an input of the model");
  }
  return inputs;
}

Status Bench(const BenchOptions& opt, std::ostream& out) {
  if (opt.threads < 0) return InvalidArgument("--threads must be >= 0");
  if (opt.warmup < 0 || opt.iterations < 0 || opt.duration_s < 0) {
    return InvalidArgument("--warmup, --iterations and --duration must not be negative");
  }
  SessionOptions so;
  so.num_threads = opt.threads;
  so.profile = opt.profile || !opt.trace_path.empty();
  so.plan_memory = opt.plan_memory;
  so.optimize = opt.optimize;
  if (opt.optimize) {
    MINNOW_ASSIGN_OR_RETURN(auto shapes, ParseShapeOptions(opt.shapes));
    so.input_shapes.insert(shapes.begin(), shapes.end());
  }

  const auto load_start = Clock::now();
  MINNOW_ASSIGN_OR_RETURN(auto session, Session::LoadFile(opt.model, so));
  const double create_ms = MsSince(load_start);
  MINNOW_ASSIGN_OR_RETURN(auto inputs, BenchInputs(*session, opt));

  RunStats stats;
  const auto first_start = Clock::now();
  MINNOW_ASSIGN_OR_RETURN(auto first_outputs, session->Run(inputs, {}, &stats));
  const double first_ms = MsSince(first_start);
  first_outputs.clear();
  for (int i = 0; i < opt.warmup; ++i) MINNOW_RETURN_IF_ERROR(session->Run(inputs, {}, &stats).status());

  const double duration_s = opt.iterations == 0 && opt.duration_s == 0 ? 3.0 : opt.duration_s;
  std::vector<double> latencies;
  std::vector<RunStats> profiled;
  const auto bench_start = Clock::now();
  while (true) {
    if (opt.iterations > 0 && static_cast<int>(latencies.size()) >= opt.iterations) break;
    if (opt.iterations == 0 && !latencies.empty() && MsSince(bench_start) >= duration_s * 1000.0) break;
    const auto t0 = Clock::now();
    auto result = session->Run(inputs, {}, &stats);
    latencies.push_back(MsSince(t0));
    MINNOW_RETURN_IF_ERROR(result.status());
    if (so.profile) profiled.push_back(std::move(stats));
  }
  const double wall_ms = MsSince(bench_start);
  const RunStats last = session->last_run_stats();

  std::vector<double> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  double sum = 0;
  for (double l : latencies) sum += l;
  const double mean = sum / static_cast<double>(latencies.size());
  const double p50 = Percentile(sorted, 0.5), p90 = Percentile(sorted, 0.9), p99 = Percentile(sorted, 0.99);
  const double throughput = static_cast<double>(latencies.size()) / (wall_ms / 1000.0);
  const int threads = opt.threads > 0 ? opt.threads : runtime::AvailableCores();

  out << "model: " << opt.model << "\n";
  out << "inputs:";
  for (const auto& in : inputs) out << " " << in.name << "=" << DataTypeName(in.tensor.dtype()) << "[" << ShapeToString(in.tensor.shape()) << "]";
  out << "\n";
  out << "threads: " << threads << (opt.threads == 0 ? " (all cores)" : "") << "\n";
  out << "session creation: " << Fixed(create_ms, 2) << " ms\n";
  out << "first run: " << Fixed(first_ms, 2) << " ms\n";
  out << "iterations: " << latencies.size() << " (after " << opt.warmup << " warmup)\n";
  out << "latency (ms): p50 " << Fixed(p50, 3) << "  p90 " << Fixed(p90, 3) << "  p99 " << Fixed(p99, 3)
      << "  mean " << Fixed(mean, 3) << "  min " << Fixed(sorted.front(), 3) << "  max " << Fixed(sorted.back(), 3) << "\n";
  out << "throughput: " << Fixed(throughput, 2) << " runs/s\n";
  out << "memory: arena " << HumanBytes(static_cast<double>(last.arena_bytes))
      << (last.memory_planned ? "" : " (not planned)") << ", weights " << HumanBytes(static_cast<double>(last.weights_bytes))
      << ", peak RSS " << HumanBytes(static_cast<double>(runtime::PeakRssBytes())) << "\n";

  nlohmann::json j;
  j["model"] = opt.model;
  j["threads"] = threads;
  j["session_creation_ms"] = create_ms;
  j["first_run_ms"] = first_ms;
  j["warmup"] = opt.warmup;
  j["iterations"] = latencies.size();
  j["latency_ms"] = {{"p50", p50}, {"p90", p90}, {"p99", p99}, {"mean", mean}, {"min", sorted.front()}, {"max", sorted.back()}};
  j["throughput_per_s"] = throughput;
  j["memory"] = {{"arena_bytes", last.arena_bytes},
                 {"memory_planned", last.memory_planned},
                 {"weights_bytes", last.weights_bytes},
                 {"peak_rss_bytes", runtime::PeakRssBytes()}};

  if (so.profile) {
    std::vector<runtime::NodeTiming> all;
    for (const auto& r : profiled) {
      for (const auto& n : r.nodes) all.push_back({n.op_type, n.name, n.start_us, n.duration_us});
    }
    const double runs = static_cast<double>(std::max<size_t>(profiled.size(), 1));
    out << "\nper op type (per run):\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %-28s %12s %8s %8s\n", "op type", "time (ms)", "share", "calls");
    out << line;
    nlohmann::json ops = nlohmann::json::array();
    for (const auto& t : runtime::SummarizeByOpType(all)) {
      std::snprintf(line, sizeof line, "  %-28s %12.3f %7.1f%% %8.0f\n", t.op_type.c_str(), t.total_us / 1000.0 / runs,
                    100.0 * t.share, static_cast<double>(t.calls) / runs);
      out << line;
      ops.push_back({{"op_type", t.op_type}, {"ms_per_run", t.total_us / 1000.0 / runs}, {"share", t.share},
                     {"calls_per_run", static_cast<double>(t.calls) / runs}});
    }
    j["profile"] = ops;
  }
  if (!opt.trace_path.empty()) {
    MINNOW_RETURN_IF_ERROR(WriteChromeTrace(opt.trace_path, profiled));
    out << "trace: " << opt.trace_path << "\n";
  }
  if (!opt.json_path.empty()) {
    std::ofstream f(opt.json_path);
    if (!f) return IoError("cannot write " + opt.json_path);
    f << j.dump(2) << "\n";
    if (!f) return IoError("error writing " + opt.json_path);
  }
  return Status::Ok();
}

}  // namespace

int RunBench(const BenchOptions& opt, std::ostream& out, std::ostream& err) {
  return RunGuarded([&] { return Bench(opt, out); }, "benchmarking " + opt.model, err);
}

void AddBenchCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "Measure a model's latency, throughput and memory on random inputs");
  auto opt = std::make_shared<BenchOptions>();
  cmd->add_option("model", opt->model, "ONNX model file")->required();
  cmd->add_option("--threads", opt->threads, "Intra-op threads (0: all cores)")->capture_default_str();
  cmd->add_option("--warmup", opt->warmup, "Untimed runs after the first")->capture_default_str();
  auto* iters = cmd->add_option("--iterations", opt->iterations, "Timed runs (default: run for 3 s)");
  cmd->add_option("--duration", opt->duration_s, "Seconds of timed runs")->excludes(iters);
  cmd->add_option("--shape", opt->shapes, "Shape NAME=1x3x224x224 for an input with free dims (repeatable)");
  cmd->add_option("--input", opt->inputs, "Input NAME=FILE (.npy or .pb) instead of random data (repeatable)");
  cmd->add_option("--seed", opt->seed, "Seed for the random inputs")->capture_default_str();
  cmd->add_option("--json", opt->json_path, "Also write the results as JSON");
  cmd->add_flag("--profile", opt->profile, "Time every node and print a per-op-type table");
  cmd->add_option("--trace", opt->trace_path, "Write a Chrome trace of the timed runs (implies --profile)");
  cmd->add_flag("!--no-memory-plan", opt->plan_memory, "Allocate every intermediate separately");
  cmd->add_flag("--optimize", opt->optimize,
                "Optimize the graph at load (default pass pipeline, --shape dims fixed), as ONNX Runtime does");
  cmd->callback([opt] { SetExitCode(RunBench(*opt, std::cout, std::cerr)); });
}

}  // namespace minnow::tools
