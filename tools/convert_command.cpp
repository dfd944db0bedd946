// `minnow convert IN.onnx -o OUT.onnx`: imports a model into the IR and writes it back as ONNX
// (external data inlined, Constant nodes as initializers, value_info for typed values). Neither the
// input model nor its external-data files are ever overwritten.
#include <iostream>

#include "importer/onnx_exporter.h"
#include "importer/onnx_importer.h"
#include "importer/tensor_proto.h"
#include "tools/commands.h"

namespace minnow::tools {

namespace {

namespace fs = std::filesystem;

Status Convert(const fs::path& in, const fs::path& out) {
  // Checked before the (possibly slow) import too, so the mistake is reported at once.
  if (importer::IsSameFile(in, out)) {
    return InvalidArgument("the output " + out.string() + " is the input file; choose another output path");
  }
  MINNOW_ASSIGN_OR_RETURN(onnx::ModelProto proto, importer::ReadModelProto(in));
  const fs::path dir = in.parent_path().empty() ? fs::path(".") : in.parent_path();
  auto model = importer::ImportOnnxModel(proto, dir);
  if (!model.ok()) return model.status().WithContext(in.string());
  importer::ExportOptions options;
  options.protected_paths = importer::ModelFiles(in, proto, dir);
  return importer::ExportOnnxFile(*model, out, options);
}

}  // namespace

void AddConvertCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("convert", "Import an ONNX model and write it back as ONNX (round trip through the IR)");
  auto input = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  cmd->add_option("input", *input, "Model to read (.onnx)")->required();
  cmd->add_option("-o,--output", *output, "File to write (.onnx); never the input file")->required();
  cmd->callback([input, output] {
    Status st = Convert(*input, *output);
    if (!st.ok()) {
      std::cerr << "error: " << st.ToString() << "\n";
      SetExitCode(1);
      return;
    }
    SetExitCode(0);
  });
}

}  // namespace minnow::tools
