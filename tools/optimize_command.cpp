// `minnow optimize IN.onnx -o OUT.onnx [--passes a,b,c] [--shape NAME=DIMS ...] [-v]`: imports a
// model, runs IR passes over it (by default the registry's default pipeline) and writes the result.
#include "tools/optimize_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "importer/onnx_exporter.h"
#include "importer/onnx_importer.h"
#include "importer/tensor_proto.h"
#include "passes/infer_shapes.h"
#include "passes/pass_manager.h"
#include "tools/cli_util.h"
#include "tools/commands.h"

namespace minnow::tools {

namespace {

namespace fs = std::filesystem;

void ListPasses(std::ostream& out) {
  const auto& registry = passes::PassRegistry::BuiltIn();
  const auto pipeline = registry.DefaultPipeline();
  size_t width = 0;
  for (const auto& name : registry.Names()) width = std::max(width, name.size());
  for (const auto& name : registry.Names()) {
    const bool in_default = std::find(pipeline.begin(), pipeline.end(), name) != pipeline.end();
    out << "  " << name << std::string(width - name.size() + 2, ' ') << registry.Create(name)->description()
        << (in_default ? "" : " (not in the default pipeline)") << "\n";
  }
  out << "default pipeline:";
  for (size_t i = 0; i < pipeline.size(); ++i) out << (i ? "," : " ") << pipeline[i];
  out << "\n";
}

// "a,b,c" options (CLI11 may also hand them over already split) -> pass names.
std::vector<std::string> SplitNames(const std::vector<std::string>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs) {
    size_t pos = 0;
    while (pos <= spec.size()) {
      const size_t comma = std::min(spec.find(',', pos), spec.size());
      if (comma > pos) names.push_back(spec.substr(pos, comma - pos));
      pos = comma + 1;
    }
  }
  return names;
}

struct GraphSize {
  size_t nodes = 0;
  size_t initializers = 0;
  int64_t initializer_bytes = 0;
};

GraphSize Measure(const ir::Graph& graph) {
  GraphSize s;
  s.nodes = graph.nodes().size();
  for (const ir::Value* v : graph.Initializers()) {
    ++s.initializers;
    s.initializer_bytes += static_cast<int64_t>(v->initializer().nbytes());
  }
  return s;
}

std::string FormatSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", s * 1e3);
  return buf;
}

Status Optimize(const OptimizeOptions& opt, std::ostream& out) {
  if (opt.input.empty()) return InvalidArgument("no input model given");
  if (opt.output.empty()) return InvalidArgument("no output file given (-o OUT.onnx)");
  const fs::path in = opt.input, dest = opt.output;
  // Checked before the (possibly slow) import and passes, so the mistake is reported at once.
  if (importer::IsSameFile(in, dest)) {
    return InvalidArgument("the output " + dest.string() + " is the input file; choose another output path");
  }
  std::vector<std::string> names = SplitNames(opt.passes);
  if (opt.passes.empty()) names = passes::PassRegistry::BuiltIn().DefaultPipeline();
  for (const auto& name : names) {
    if (!passes::PassRegistry::BuiltIn().Create(name)) {
      return InvalidArgument("unknown pass '" + name + "' (see minnow optimize --list-passes)");
    }
  }
  MINNOW_ASSIGN_OR_RETURN(auto shapes, ParseShapeOptions(opt.shapes));

  MINNOW_ASSIGN_OR_RETURN(onnx::ModelProto proto, importer::ReadModelProto(in));
  const fs::path dir = in.parent_path().empty() ? fs::path(".") : in.parent_path();
  auto model = importer::ImportOnnxModel(proto, dir);
  if (!model.ok()) return model.status().WithContext(in.string());
  MINNOW_RETURN_IF_ERROR(passes::FixInputShapes(*model, shapes));

  const GraphSize before = Measure(*model->graph);
  MINNOW_ASSIGN_OR_RETURN(auto reports, passes::RunPasses(*model, names));
  const GraphSize after = Measure(*model->graph);

  if (opt.verbose) {
    for (const auto& r : reports) {
      out << "  " << r.pass << ": ";
      bool any = false;
      for (const auto& [what, n] : r.result.stats) {
        if (!n) continue;
        out << (any ? ", " : "") << what << " " << n;
        any = true;
      }
      out << (any ? "" : "no change") << " (" << FormatSeconds(r.seconds) << ")\n";
    }
  }
  importer::ExportOptions options;
  options.protected_paths = importer::ModelFiles(in, proto, dir);
  MINNOW_RETURN_IF_ERROR(importer::ExportOnnxFile(*model, dest, options));
  out << "nodes " << before.nodes << " -> " << after.nodes << ", initializers " << before.initializers << " -> "
      << after.initializers << " (" << HumanBytes(static_cast<double>(before.initializer_bytes)) << " -> "
      << HumanBytes(static_cast<double>(after.initializer_bytes)) << "); wrote " << dest.string() << "\n";
  return Status::Ok();
}

}  // namespace

int RunOptimize(const OptimizeOptions& options, std::ostream& out, std::ostream& err) {
  if (options.list_passes) {
    ListPasses(out);
    return 0;
  }
  Status st = Optimize(options, out);
  if (!st.ok()) {
    ReportError(err, st);
    return 1;
  }
  return 0;
}

void AddOptimizeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("optimize", "Run graph optimization passes over a model and write the result");
  auto opt = std::make_shared<OptimizeOptions>();
  cmd->add_option("input", opt->input, "Model to read (.onnx)");
  cmd->add_option("-o,--output", opt->output, "File to write (.onnx); never the input file");
  cmd->add_option("--passes", opt->passes, "Comma-separated passes to run, in order (default: the default pipeline)")
      ->delimiter(',');
  cmd->add_option("--shape", opt->shapes,
                  "Fix an input's dims, NAME=1x3x224x224 (repeatable); the result only accepts that shape");
  cmd->add_flag("-v,--verbose", opt->verbose, "Print what each pass did");
  cmd->add_flag("--list-passes", opt->list_passes, "List the available passes and exit");
  cmd->callback([opt] { SetExitCode(RunOptimize(*opt, std::cout, std::cerr)); });
}

}  // namespace minnow::tools
