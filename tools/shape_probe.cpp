// Shape probing by execution: every node output is made a graph output so that the executor
// keeps it and returns it.
#include "tools/shape_probe.h"

#include <set>

#include "importer/onnx_importer.h"
#include "runtime/executor.h"
#include "tools/run_inputs.h"

namespace minnow::tools {

Expected<std::map<std::string, Shape>> ProbeShapes(const std::filesystem::path& path,
                                                   const std::map<std::string, Shape>& input_shapes) {
  MINNOW_ASSIGN_OR_RETURN(ir::Model model, importer::ImportOnnxFile(path));
  ir::Graph& graph = *model.graph;
  std::set<const ir::Value*> outputs(graph.outputs().begin(), graph.outputs().end());
  for (const auto& node : graph.nodes()) {
    for (ir::Value* v : node->outputs()) {
      if (v && !outputs.count(v)) {
        graph.AddOutput(v);
        outputs.insert(v);
      }
    }
  }
  MINNOW_ASSIGN_OR_RETURN(auto executor, runtime::Executor::Create(model));
  std::vector<NamedTensor> inputs;
  uint64_t seed = 0;
  for (const ir::Value* v : graph.inputs()) {
    auto it = input_shapes.find(v->name());
    if (it == input_shapes.end()) return InvalidArgument("no shape for input '" + v->name() + "'");
    TensorInfo info;
    info.name = v->name();
    info.dtype = v->dtype();
    MINNOW_ASSIGN_OR_RETURN(Tensor t, RandomInput(info, &it->second, seed++));
    inputs.push_back({v->name(), std::move(t)});
  }
  MINNOW_ASSIGN_OR_RETURN(auto results, executor->Run(inputs));
  std::map<std::string, Shape> shapes;
  for (const auto& r : results) shapes[r.name] = r.tensor.shape();
  return shapes;
}

}  // namespace minnow::tools
