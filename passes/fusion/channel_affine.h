// Folding a per-output-channel affine map (y * scale + shift) into the weights and bias of the
// Conv, ConvTranspose or Gemm that produced y: the shared core of fold-bn and fold-conv-mul-add.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ir/graph.h"
#include "minnow/status.h"

namespace minnow::passes::fusion {

// Output channels of a default-domain Conv / ConvTranspose / Gemm whose weight (and bias, if any)
// are float32 constants that can absorb a per-channel affine map; nullopt otherwise.
std::optional<int64_t> FoldableChannels(const ir::Node& producer);
// Rank of the producer's output (from its constant weight): the channel axis is 1 in every case.
int64_t OutputRank(const ir::Node& producer);

// The per-channel values of constant v broadcast against an output of rank `rank` whose axis 1
// has `channels` entries: v must be a float constant whose dims are all 1 except (optionally)
// the channel axis. Returns `channels` values, or nullopt when v is not of that form.
std::optional<std::vector<float>> PerChannelConst(const ir::Value* v, int64_t channels, int64_t rank);

// Replaces `producer` by an equivalent node with rescaled weight and bias that writes `out`
// (which must have no producer) with producer(x) * scale + shift per output channel. Empty
// scale means 1, empty shift means 0. Removes `producer`; its old output is left unused.
Expected<ir::Node*> FoldAffineInto(ir::Graph& g, ir::Node* producer, const std::vector<float>& scale,
                                   const std::vector<float>& shift, ir::Value* out);

}  // namespace minnow::passes::fusion
