// fold-shapes: Shape and Size of values whose dims are known become initializers, as do Gather
// and Slice picking only known dims out of a Shape, so fold-constants can then collapse the
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape chains of exported models. Dims come from the
// IR values (the model's value_info, infer-shapes, inputs fixed with --shape). Each fold can make
// more shapes inferable, so the pass repeats fold / fold-constants / infer-shapes rounds until
// no shape folds any more.
#pragma once

#include "passes/pass.h"

namespace minnow::passes {

class FoldShapesPass final : public Pass {
 public:
  // Bounds the work on pathological graphs; real models settle in about one round per layer.
  static constexpr int kMaxRounds = 64;

  std::string name() const override { return "fold-shapes"; }
  std::string description() const override {
    return "replace Shape/Size (and Gather/Slice of a Shape) by constants where the dims are known, "
           "folding constants and re-inferring shapes until nothing more folds";
  }
  Expected<PassResult> Run(ir::Model& model) override;
};

}  // namespace minnow::passes
