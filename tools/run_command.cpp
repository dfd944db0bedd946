// `minnow run MODEL --input NAME=FILE.npy ... [--random-inputs --shape NAME=DIMS --seed N]
// [--output-dir DIR]`: runs a model once and saves each output as DIR/<name>.npy.
#include "tools/run_command.h"

#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "minnow/minnow.h"
#include "tools/cli_util.h"
#include "tools/commands.h"
#include "tools/npy.h"
#include "tools/run_inputs.h"

namespace minnow::tools {

namespace fs = std::filesystem;

namespace {

Expected<std::vector<NamedTensor>> GatherInputs(const Session& session, const RunOptions& opt) {
  MINNOW_ASSIGN_OR_RETURN(auto files, ParseNamedOptions(opt.inputs, "--input"));
  MINNOW_ASSIGN_OR_RETURN(auto shapes, ParseShapeOptions(opt.shapes));
  auto is_input = [&](const std::string& name) {
    for (const auto& in : session.inputs()) {
      if (in.name == name) return true;
    }
    return false;
  };
  for (const auto& [name, _] : files) {
    if (!is_input(name)) return InvalidArgument("--input names '" + name + "', which is not an input of the model");
  }
  for (const auto& [name, _] : shapes) {
    if (!is_input(name)) return InvalidArgument("--shape names '" + name + "', which is not an input of the model");
  }
  std::vector<NamedTensor> inputs;
  for (size_t i = 0; i < session.inputs().size(); ++i) {
    const TensorInfo& info = session.inputs()[i];
    if (auto it = files.find(info.name); it != files.end()) {
      auto t = ReadInputFile(it->second);
      if (!t.ok()) return t.status().WithContext("input '" + info.name + "'");
      inputs.push_back({info.name, std::move(t).value()});
    } else if (opt.random_inputs) {
      auto sit = shapes.find(info.name);
      MINNOW_ASSIGN_OR_RETURN(Tensor t, RandomInput(info, sit == shapes.end() ? nullptr : &sit->second, opt.seed + i));
      inputs.push_back({info.name, std::move(t)});
    } else {
      return InvalidArgument("input '" + info.name + "' was not given; use --input " + info.name +
                             "=FILE.npy or --random-inputs");
    }
  }
  return inputs;
}

// Output file per output, refusing names that collide once sanitized.
Expected<std::vector<fs::path>> OutputPaths(const std::vector<NamedTensor>& outputs, const fs::path& dir) {
  std::map<std::string, std::string> taken;  // file name -> output name
  std::vector<fs::path> paths;
  for (const auto& o : outputs) {
    const std::string file = SanitizeFileName(o.name) + ".npy";
    if (auto it = taken.find(file); it != taken.end()) {
      return InvalidArgument("outputs '" + it->second + "' and '" + o.name + "' would both be written to " + file);
    }
    taken[file] = o.name;
    paths.push_back(dir / file);
  }
  return paths;
}

Status Run(const RunOptions& opt, std::ostream& out) {
  if (opt.threads < 0) return InvalidArgument("--threads must be >= 0");
  SessionOptions session_options;
  session_options.num_threads = opt.threads;
  MINNOW_ASSIGN_OR_RETURN(auto session, Session::LoadFile(opt.model, session_options));
  MINNOW_ASSIGN_OR_RETURN(auto inputs, GatherInputs(*session, opt));
  MINNOW_ASSIGN_OR_RETURN(auto outputs, session->Run(inputs));
  std::vector<fs::path> paths;
  if (!opt.output_dir.empty()) {
    // Check names and the folder before writing anything, so a failure leaves no partial set.
    MINNOW_ASSIGN_OR_RETURN(paths, OutputPaths(outputs, opt.output_dir));
    std::error_code ec;
    fs::create_directories(opt.output_dir, ec);
    if (ec || !fs::is_directory(opt.output_dir)) {
      return IoError("cannot create output folder " + opt.output_dir + (ec ? ": " + ec.message() : ""));
    }
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& t = outputs[i].tensor;
    out << outputs[i].name << ": " << DataTypeName(t.dtype()) << "[" << ShapeToString(t.shape()) << "] "
        << TensorStats(t);
    if (!paths.empty()) {
      MINNOW_RETURN_IF_ERROR(WriteNpyFile(paths[i], t).WithContext("output '" + outputs[i].name + "'"));
      out << " -> " << paths[i].string();
    }
    out << "\n";
  }
  return Status::Ok();
}

}  // namespace

int RunRun(const RunOptions& opt, std::ostream& out, std::ostream& err) {
  return RunGuarded([&] { return Run(opt, out); }, "running " + opt.model, err);
}

void AddRunCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Run a model once on inputs from files or random inputs");
  auto opt = std::make_shared<RunOptions>();
  cmd->add_option("model", opt->model, "ONNX model file")->required();
  cmd->add_option("--input", opt->inputs, "Input NAME=FILE (.npy or TensorProto .pb; repeatable)");
  cmd->add_flag("--random-inputs", opt->random_inputs, "Generate inputs not given with --input");
  cmd->add_option("--shape", opt->shapes, "Shape NAME=1x3x224x224 for a random input (repeatable)");
  cmd->add_option("--seed", opt->seed, "Seed for --random-inputs")->capture_default_str();
  cmd->add_option("--output-dir", opt->output_dir, "Write each output to DIR/<name>.npy");
  cmd->add_option("--threads", opt->threads, "Intra-op threads (0: all cores)")->capture_default_str();
  cmd->callback([opt] { SetExitCode(RunRun(*opt, std::cout, std::cerr)); });
}

}  // namespace minnow::tools
