// oneDNN convolution wrapper: primitive and reordered weights built once, activations reordered
// between the plain layout and the primitive's blocked layout on every run.
#include "kernels/conv_onednn.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <vector>

namespace minnow::kernels {
namespace {

using dnnl::memory;

dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

// Plain row-major layout tag for a tensor of `rank` dims.
memory::format_tag PlainTag(size_t rank) {
  switch (rank) {
    case 1: return memory::format_tag::a;
    case 2: return memory::format_tag::ab;
    case 3: return memory::format_tag::abc;
    case 4: return memory::format_tag::abcd;
    case 5: return memory::format_tag::abcde;
    case 6: return memory::format_tag::abcdef;
    default: return memory::format_tag::undef;
  }
}

}  // namespace

struct OneDnnConv::Impl {
  ColGeometry g;
  int64_t batch = 0, in_channels = 0, out_channels = 0, groups = 0;
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward prim;
  memory::desc src_plain, dst_plain, bias_md;
  memory weights;  // in the primitive's layout
  bool src_reorder = false, dst_reorder = false;
  dnnl::reorder to_src, from_dst;
};

OneDnnConv::OneDnnConv(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OneDnnConv::~OneDnnConv() = default;

std::unique_ptr<OneDnnConv> OneDnnConv::Create(const ColGeometry& g, int64_t batch, int64_t in_channels,
                                               int64_t out_channels, int64_t groups, const float* w) {
  const size_t nd = g.image.size();
  if (nd < 1 || nd > 3) return nullptr;
  auto impl = std::make_unique<Impl>();
  impl->g = g;
  impl->batch = batch;
  impl->in_channels = in_channels;
  impl->out_channels = out_channels;
  impl->groups = groups;
  memory::dims src_dims = {batch, in_channels}, dst_dims = {batch, out_channels}, w_dims;
  if (groups > 1) w_dims = {groups, out_channels / groups, in_channels / groups};
  else w_dims = {out_channels, in_channels};
  memory::dims strides, dilations, pad_l, pad_r;
  for (size_t d = 0; d < nd; ++d) {
    src_dims.push_back(g.image[d]);
    dst_dims.push_back(g.cols[d]);
    w_dims.push_back(g.kernel[d]);
    strides.push_back(g.strides[d]);
    dilations.push_back(g.dilations[d] - 1);  // oneDNN counts the holes, ONNX the step
    pad_l.push_back(g.pads_begin[d]);
    // Right padding that makes oneDNN's floor-divided output size equal g.cols (never negative).
    const int64_t eff = (g.kernel[d] - 1) * g.dilations[d] + 1;
    pad_r.push_back(std::max<int64_t>(0, (g.cols[d] - 1) * g.strides[d] + eff - g.image[d] - g.pads_begin[d]));
  }
  const auto f32 = memory::data_type::f32;
  try {
    impl->src_plain = memory::desc(src_dims, f32, PlainTag(src_dims.size()));
    impl->dst_plain = memory::desc(dst_dims, f32, PlainTag(dst_dims.size()));
    impl->bias_md = memory::desc({out_channels}, f32, memory::format_tag::a);
    const memory::desc w_plain(w_dims, f32, PlainTag(w_dims.size()));
    const memory::desc src_any(src_dims, f32, memory::format_tag::any);
    const memory::desc dst_any(dst_dims, f32, memory::format_tag::any);
    const memory::desc w_any(w_dims, f32, memory::format_tag::any);
    dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                         src_any, w_any, impl->bias_md, dst_any, strides, dilations, pad_l, pad_r);
    impl->pd = dnnl::convolution_forward::primitive_desc(desc, Engine());
    impl->prim = dnnl::convolution_forward(impl->pd);
    dnnl::stream stream(Engine());
    memory w_user(w_plain, Engine(), const_cast<float*>(w));
    impl->weights = memory(impl->pd.weights_desc(), Engine());
    dnnl::reorder(w_user, impl->weights).execute(stream, w_user, impl->weights);
    stream.wait();
    impl->src_reorder = impl->pd.src_desc() != impl->src_plain;
    impl->dst_reorder = impl->pd.dst_desc() != impl->dst_plain;
    if (impl->src_reorder) impl->to_src = dnnl::reorder(dnnl::reorder::primitive_desc(Engine(), impl->src_plain,
                                                                                    Engine(), impl->pd.src_desc()));
    if (impl->dst_reorder) impl->from_dst = dnnl::reorder(dnnl::reorder::primitive_desc(Engine(), impl->pd.dst_desc(),
                                                                                      Engine(), impl->dst_plain));
  } catch (const dnnl::error&) {
    return nullptr;
  }
  return std::unique_ptr<OneDnnConv>(new OneDnnConv(std::move(impl)));
}

bool OneDnnConv::Matches(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels,
                         int64_t groups) const {
  const Impl& m = *impl_;
  return m.batch == batch && m.in_channels == in_channels && m.out_channels == out_channels && m.groups == groups &&
         m.g.image == g.image && m.g.cols == g.cols && m.g.kernel == g.kernel && m.g.strides == g.strides &&
         m.g.dilations == g.dilations && m.g.pads_begin == g.pads_begin;
}

bool OneDnnConv::Run(const float* x, const float* bias, float* y) const {
  const Impl& m = *impl_;
  // Blocked copies of the activations live in per-thread buffers reused across runs (no page faults).
  thread_local std::vector<float> src_buf, dst_buf;
  try {
    dnnl::stream stream(Engine());
    memory src(m.src_plain, Engine(), const_cast<float*>(x));
    memory dst(m.dst_plain, Engine(), y);
    if (m.src_reorder) {
      src_buf.resize(m.pd.src_desc().get_size() / sizeof(float) + 1);
      memory blocked(m.pd.src_desc(), Engine(), src_buf.data());
      m.to_src.execute(stream, src, blocked);
      src = blocked;
    }
    memory out = dst;
    if (m.dst_reorder) {
      dst_buf.resize(m.pd.dst_desc().get_size() / sizeof(float) + 1);
      out = memory(m.pd.dst_desc(), Engine(), dst_buf.data());
    }
    std::vector<float> zeros;
    if (!bias) zeros.assign(static_cast<size_t>(m.out_channels), 0.0f);
    memory b(m.bias_md, Engine(), const_cast<float*>(bias ? bias : zeros.data()));
    m.prim.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, m.weights}, {DNNL_ARG_BIAS, b}, {DNNL_ARG_DST, out}});
    if (m.dst_reorder) m.from_dst.execute(stream, out, dst);
    stream.wait();
  } catch (const dnnl::error&) {
    return false;
  }
  return true;
}

}  // namespace minnow::kernels
