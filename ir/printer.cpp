// Graph text printer.
#include "ir/printer.h"

#include <sstream>

namespace minnow::ir {

std::string PrintGraph(const Graph& graph) {
  std::ostringstream os;
  os << "graph " << (graph.name().empty() ? "main" : graph.name()) << " (";
  for (size_t i = 0; i < graph.inputs().size(); ++i) os << (i ? ", " : "") << graph.inputs()[i]->TypeString();
  os << ") -> (";
  for (size_t i = 0; i < graph.outputs().size(); ++i) os << (i ? ", " : "") << graph.outputs()[i]->TypeString();
  os << ") {\n";
  for (const Value* v : graph.Initializers()) os << "  init " << v->TypeString() << "\n";
  for (const auto& n : graph.nodes()) {
    os << "  ";
    for (size_t i = 0; i < n->num_outputs(); ++i) {
      os << (i ? ", " : "") << "%" << (n->output(i) ? n->output(i)->name() : "");
    }
    os << " = " << (n->domain().empty() ? "" : n->domain() + ".") << n->op_type() << "(";
    for (size_t i = 0; i < n->num_inputs(); ++i) {
      os << (i ? ", " : "") << (n->input(i) ? n->input(i)->name() : "<none>");
    }
    os << ")";
    if (!n->attributes().empty()) {
      os << " {";
      bool first = true;
      for (const auto& [name, attr] : n->attributes()) {
        os << (first ? "" : ", ") << name << "=" << attr.ToString();
        first = false;
      }
      os << "}";
    }
    if (!n->name().empty()) os << "  # " << n->name();
    os << "\n";
  }
  os << "}\n";
  return os.str();
}

std::string PrintModel(const Model& model) {
  std::ostringstream os;
  os << "model ir_version=" << model.ir_version << " opsets={";
  bool first = true;
  for (const auto& [domain, version] : model.opset_imports) {
    os << (first ? "" : ", ") << (domain.empty() ? "ai.onnx" : domain) << ":" << version;
    first = false;
  }
  os << "} producer=\"" << model.producer_name << "\"\n";
  os << PrintGraph(*model.graph);
  return os.str();
}

}  // namespace minnow::ir
