// Shape information for the IR: fixing graph input dims (`minnow optimize --shape`) and the
// infer-shapes pass, which runs ONNX shape inference on the exported model and copies the
// inferred types and dims back onto the IR values.
#pragma once

#include <map>
#include <string>

#include "passes/pass.h"
#include "minnow/tensor.h"

namespace minnow::passes {

// Gives the named graph inputs fixed dims. Fails naming an unknown input, a rank that differs
// from the model's, or a dim that contradicts a known one. The model then only accepts inputs of
// exactly these shapes.
Status FixInputShapes(ir::Model& model, const std::map<std::string, Shape>& shapes);

class InferShapesPass final : public Pass {
 public:
  // Inference reruns while it learns Reshape ranks it could not infer itself (about twice per
  // layer of a dynamic-shape transformer); this bounds it.
  static constexpr int kMaxRounds = 64;

  std::string name() const override { return "infer-shapes"; }
  std::string description() const override {
    return "run ONNX shape inference and record the inferred types and shapes on the IR values";
  }
  // Never fails because inference does: the graph is unchanged and "inference-failed" is counted.
  Expected<PassResult> Run(ir::Model& model) override;
};

}  // namespace minnow::passes
