// Folding a per-output-channel affine map into Conv / ConvTranspose / Gemm weights and bias.
#include "passes/fusion/channel_affine.h"

#include "passes/fusion/fusion_utils.h"

namespace minnow::passes::fusion {
namespace {

const Tensor* F32Const(const ir::Value* v) {
  const Tensor* t = ConstValue(v);
  return t && t->dtype() == DataType::kFloat32 ? t : nullptr;
}

// Bias of the producer as `channels` floats (zeros when absent), or nullopt if it is not a
// constant broadcastable per channel.
std::optional<std::vector<float>> CurrentBias(const ir::Node& p, int64_t channels) {
  const ir::Value* b = p.input(2);
  if (!b) return std::vector<float>(channels, 0.0f);
  const Tensor* t = F32Const(b);
  if (!t) return std::nullopt;
  if (p.op_type() == "Gemm") {
    // C broadcasts to [M, N]; only a per-column (or scalar) C is a per-channel bias.
    const bool per_col = t->numel() == 1 || (t->rank() == 1 && t->dim(0) == channels) ||
                         (t->rank() == 2 && t->dim(0) == 1 && t->dim(1) == channels);
    if (!per_col) return std::nullopt;
    const float beta = p.GetFloat("beta", 1.0f);
    std::vector<float> out(channels);
    for (int64_t c = 0; c < channels; ++c) out[c] = beta * t->data<float>()[t->numel() == 1 ? 0 : c];
    return out;
  }
  if (t->rank() != 1 || t->dim(0) != channels) return std::nullopt;
  return std::vector<float>(t->data<float>(), t->data<float>() + channels);
}

}  // namespace

std::optional<int64_t> FoldableChannels(const ir::Node& p) {
  if (!p.domain().empty() || p.num_outputs() != 1) return std::nullopt;
  const Tensor* w = F32Const(p.input(1));
  if (!w || !p.input(0)) return std::nullopt;
  int64_t channels = -1;
  if (p.op_type() == "Conv") {
    if (w->rank() < 3) return std::nullopt;
    channels = w->dim(0);
  } else if (p.op_type() == "ConvTranspose") {
    if (w->rank() < 3) return std::nullopt;
    const int64_t group = p.GetInt("group", 1);
    if (group < 1 || w->dim(0) % group != 0) return std::nullopt;
    channels = w->dim(1) * group;
  } else if (p.op_type() == "Gemm") {
    if (w->rank() != 2) return std::nullopt;
    channels = p.GetInt("transB", 0) ? w->dim(0) : w->dim(1);
  } else {
    return std::nullopt;
  }
  if (channels < 1 || !CurrentBias(p, channels)) return std::nullopt;
  return channels;
}

int64_t OutputRank(const ir::Node& p) { return p.op_type() == "Gemm" ? 2 : ConstValue(p.input(1))->rank(); }

std::optional<std::vector<float>> PerChannelConst(const ir::Value* v, int64_t channels, int64_t rank) {
  auto t = FloatConst(v);
  if (!t || t->rank() > rank) return std::nullopt;
  bool per_channel = false;
  for (int64_t i = 0; i < t->rank(); ++i) {
    const int64_t axis = rank - t->rank() + i;  // numpy broadcasting aligns trailing dims
    if (t->dim(i) == 1) continue;
    if (axis != 1 || t->dim(i) != channels) return std::nullopt;
    per_channel = true;
  }
  std::vector<float> out(channels);
  for (int64_t c = 0; c < channels; ++c) out[c] = t->data<float>()[per_channel ? c : 0];
  return out;
}

Expected<ir::Node*> FoldAffineInto(ir::Graph& g, ir::Node* p, const std::vector<float>& scale,
                                   const std::vector<float>& shift, ir::Value* out) {
  const auto channels = FoldableChannels(*p);
  if (!channels) return Internal(p->Label() + ": cannot absorb a per-channel affine map");
  const int64_t C = *channels;
  const Tensor& w = *ConstValue(p->input(1));
  std::vector<float> bias = *CurrentBias(*p, C);
  Tensor nw = w.Clone();
  if (!scale.empty()) {
    float* d = nw.data<float>();
    if (p->op_type() == "Conv") {
      const int64_t per = w.numel() / C;
      for (int64_t o = 0; o < C; ++o) {
        for (int64_t i = 0; i < per; ++i) d[o * per + i] *= scale[o];
      }
    } else if (p->op_type() == "ConvTranspose") {
      // W is [Cin, Cout/group, taps...]; input channel ci of group ci / cin_g feeds outputs grp * cout_g + j.
      const int64_t group = p->GetInt("group", 1);
      const int64_t cin = w.dim(0), cout_g = w.dim(1), cin_g = cin / group;
      const int64_t taps = w.numel() / (cin * cout_g);
      for (int64_t ci = 0; ci < cin; ++ci) {
        for (int64_t j = 0; j < cout_g; ++j) {
          const float s = scale[(ci / cin_g) * cout_g + j];
          float* row = d + (ci * cout_g + j) * taps;
          for (int64_t t = 0; t < taps; ++t) row[t] *= s;
        }
      }
    } else {  // Gemm: output column n comes from column n of B, or row n when transB
      const bool tb = p->GetInt("transB", 0) != 0;
      for (int64_t r = 0; r < w.dim(0); ++r) {
        for (int64_t c = 0; c < w.dim(1); ++c) d[r * w.dim(1) + c] *= scale[tb ? r : c];
      }
    }
    for (int64_t o = 0; o < C; ++o) bias[o] *= scale[o];
  }
  if (!shift.empty()) {
    for (int64_t o = 0; o < C; ++o) bias[o] += shift[o];
  }
  const std::string base = p->name().empty() ? p->op_type() : p->name();
  MINNOW_ASSIGN_OR_RETURN(ir::Value * w_value, AddInitializer(g, base + "_folded_w", std::move(nw)));
  MINNOW_ASSIGN_OR_RETURN(ir::Value * b_value,
                          AddInitializer(g, base + "_folded_b", Tensor::FromVector(DataType::kFloat32, {C}, bias)));
  std::vector<ir::Value*> inputs = {p->input(0), w_value, b_value};
  MINNOW_ASSIGN_OR_RETURN(ir::Node * n, AddNodeLike(g, *p, p->op_type(), "", inputs, {out}));
  if (p->op_type() == "Gemm") n->SetAttribute("beta", ir::Attribute(ir::Attribute::Storage(1.0f)));
  RemoveNodes(g, {p});
  return n;
}

}  // namespace minnow::passes::fusion
