// `minnow inspect MODEL [--shape NAME=1x3x224x224 ...] [--ir] [--json FILE]`: prints a model's
// interface, metadata, operator histogram, parameter count and MACs.
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "ir/printer.h"
#include "tools/cli_util.h"
#include "tools/commands.h"
#include "tools/inspect_command.h"
#include "tools/model_info.h"

namespace minnow::tools {

namespace {

// "f32[batch x 3 x 224 x 224]"; unknown dims print as '?'.
std::string InterfaceString(const TensorInfo& t) {
  std::string s = DataTypeName(t.dtype);
  if (!t.has_shape) return s + "[?]";
  s += "[";
  for (size_t i = 0; i < t.shape.size(); ++i) {
    if (i) s += " x ";
    if (t.shape[i] >= 0) s += std::to_string(t.shape[i]);
    else s += t.dim_names[i].empty() ? "?" : t.dim_names[i];
  }
  return s + "]";
}

nlohmann::json InterfaceJson(const TensorInfo& t) {
  nlohmann::json j;
  j["name"] = t.name;
  j["dtype"] = DataTypeName(t.dtype);
  if (t.has_shape) {
    nlohmann::json dims = nlohmann::json::array();
    for (size_t i = 0; i < t.shape.size(); ++i) {
      if (t.shape[i] >= 0) dims.push_back(t.shape[i]);
      else if (!t.dim_names[i].empty()) dims.push_back(t.dim_names[i]);
      else dims.push_back(nullptr);
    }
    j["shape"] = dims;
  } else {
    j["shape"] = nullptr;
  }
  return j;
}

void PrintText(const ModelInfo& info, std::ostream& out) {
  out << "model: " << info.path << " (" << HumanBytes(static_cast<double>(info.file_size)) << ")\n";
  out << "ir_version: " << info.ir_version << "\n";
  out << "producer: " << (info.producer_name.empty() ? "(none)" : info.producer_name)
      << (info.producer_version.empty() ? "" : " " + info.producer_version) << "\n";
  out << "opsets:";
  for (const auto& [domain, version] : info.opsets) out << " " << (domain.empty() ? "ai.onnx" : domain) << "=" << version;
  out << "\ninputs:\n";
  for (const auto& t : info.inputs) out << "  " << t.name << ": " << InterfaceString(t) << "\n";
  out << "outputs:\n";
  for (const auto& t : info.outputs) out << "  " << t.name << ": " << InterfaceString(t) << "\n";
  out << "parameters: " << info.parameters << " (" << HumanCount(static_cast<double>(info.parameters)) << ", "
      << HumanBytes(static_cast<double>(info.parameter_bytes)) << ") in " << info.num_initializers
      << " constant tensors\n";
  out << "operators: " << info.num_nodes << " nodes\n";
  size_t width = 0;
  for (const auto& [op, n] : info.op_histogram) width = std::max(width, op.size());
  for (const auto& [op, n] : info.op_histogram) {
    out << "  " << op << std::string(width - op.size() + 2, ' ') << n << "\n";
  }
  out << "MACs: " << info.macs << " (" << HumanCount(static_cast<double>(info.macs)) << ")";
  if (!info.input_shapes.empty()) {
    out << " for";
    for (const auto& [name, shape] : info.input_shapes) out << " " << name << "=" << ShapeToString(shape);
  }
  out << "\n";
  for (const auto& [op, m] : info.macs_by_op) out << "  " << op << "  " << m << "\n";
  if (info.macs_unknown_nodes) {
    out << "  (" << info.macs_unknown_nodes << " nodes not counted: shapes unknown)\n";
  }
  if (info.shapes_from_run) out << "  (some shapes measured by running the model once on random inputs)\n";
  if (info.macs_unknown_nodes && !info.shape_probe_error.empty()) {
    std::string msg = info.shape_probe_error;
    for (char& c : msg) c = (c == '\n') ? ' ' : c;
    out << "  (running the model to measure shapes failed: " << msg << ")\n";
  }
  if (!info.shape_inference_error.empty()) {
    std::string msg = info.shape_inference_error;
    for (char& c : msg) c = (c == '\n') ? ' ' : c;
    out << "warning: ONNX shape inference failed: " << msg << "\n";
  }
}

}  // namespace

nlohmann::json ModelInfoJson(const ModelInfo& info) {
  nlohmann::json j;
  j["path"] = info.path;
  j["file_size"] = info.file_size;
  j["ir_version"] = info.ir_version;
  j["producer_name"] = info.producer_name;
  j["producer_version"] = info.producer_version;
  nlohmann::json opsets = nlohmann::json::object();
  for (const auto& [domain, version] : info.opsets) opsets[domain.empty() ? "ai.onnx" : domain] = version;
  j["opsets"] = opsets;
  j["inputs"] = nlohmann::json::array();
  for (const auto& t : info.inputs) j["inputs"].push_back(InterfaceJson(t));
  j["outputs"] = nlohmann::json::array();
  for (const auto& t : info.outputs) j["outputs"].push_back(InterfaceJson(t));
  j["num_nodes"] = info.num_nodes;
  j["ops"] = nlohmann::json::array();
  for (const auto& [op, n] : info.op_histogram) j["ops"].push_back({{"op", op}, {"count", n}});
  j["num_initializers"] = info.num_initializers;
  j["parameters"] = info.parameters;
  j["parameter_bytes"] = info.parameter_bytes;
  nlohmann::json shapes = nlohmann::json::object();
  for (const auto& [name, shape] : info.input_shapes) shapes[name] = shape;
  j["input_shapes"] = shapes;
  j["macs"] = info.macs;
  j["macs_by_op"] = info.macs_by_op;
  j["macs_unknown_nodes"] = info.macs_unknown_nodes;
  j["shapes_from_run"] = info.shapes_from_run;
  if (!info.shape_probe_error.empty()) j["shape_probe_error"] = info.shape_probe_error;
  if (!info.shape_inference_error.empty()) j["shape_inference_error"] = info.shape_inference_error;
  return j;
}

int RunInspect(const InspectOptions& opt, std::ostream& out, std::ostream& err) {
  auto fail = [&](const Status& st) {
    ReportError(err, st);
    return 1;
  };
  try {
    auto shapes = ParseShapeOptions(opt.shapes);
    if (!shapes.ok()) return fail(shapes.status());
    auto info = AnalyzeModel(opt.model, *shapes);
    if (!info.ok()) return fail(info.status());
    PrintText(*info, out);
    if (opt.print_ir) out << "\n" << ir::PrintModel(info->model);
    if (!opt.json_path.empty()) {
      std::ofstream f(opt.json_path);
      if (!f) return fail(IoError("cannot write JSON file " + opt.json_path));
      f << ModelInfoJson(*info).dump(2) << "\n";
      f.close();
      if (!f) return fail(IoError("failed writing JSON file " + opt.json_path));
    }
    return 0;
  } catch (const std::bad_alloc&) {
    return fail(OutOfRange("out of memory while inspecting " + opt.model));
  } catch (const std::exception& e) {
    return fail(Internal(std::string("unexpected exception: ") + e.what()));
  }
}

void AddInspectCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("inspect", "Print a model's inputs, outputs, operators, parameters and MACs");
  auto opt = std::make_shared<InspectOptions>();
  cmd->add_option("model", opt->model, "ONNX model file")->required();
  cmd->add_option("--shape", opt->shapes, "Input shape NAME=1x3x224x224 for the MAC count (repeatable)");
  cmd->add_flag("--ir", opt->print_ir, "Also print the graph in minnow's IR text form");
  cmd->add_option("--json", opt->json_path, "Also write the facts as JSON to this file");
  cmd->callback([opt] { SetExitCode(RunInspect(*opt, std::cout, std::cerr)); });
}

}  // namespace minnow::tools
