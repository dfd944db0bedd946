// Pad (constant/reflect/edge/wrap, negative pads crop) and Tile, both as index-map copies.
#include <limits>

#include "kernels/dispatch.h"
#include "kernels/index_map_copy.h"
#include "kernels/index_maps.h"
#include "kernels/scalar_cast.h"
#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

using kernels::PadMode;

struct PadAttrs {
  PadMode mode = PadMode::kConstant;
  std::string mode_name = "constant";
  // Before opset 11 pads and the constant were attributes.
  std::optional<std::vector<int64_t>> pads;
  double value = 0.0;
};

Expected<std::unique_ptr<OpKernel>> MakePad(const KernelInit& init) {
  const ir::Node& node = init.node;
  PadAttrs attrs;
  const std::string mode = node.GetString("mode", "constant");
  attrs.mode_name = mode;
  if (mode == "constant") attrs.mode = PadMode::kConstant;
  else if (mode == "reflect") attrs.mode = PadMode::kReflect;
  else if (mode == "edge") attrs.mode = PadMode::kEdge;
  else if (mode == "wrap") attrs.mode = PadMode::kWrap;
  else return InvalidModel(node.Label() + ": unknown mode '" + mode + "'");
  if (init.opset < 11) {
    const char* name = init.opset < 2 ? "paddings" : "pads";
    if (!node.HasAttribute(name)) return InvalidModel(node.Label() + ": missing attribute '" + name + "'");
    attrs.pads = node.GetInts(name);
    attrs.value = node.GetFloat("value", 0.0f);
  }
  return MakeKernel([attrs](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    const int64_t r = x->rank();
    std::vector<int64_t> pads;
    std::vector<int64_t> axes;
    const Tensor* constant = nullptr;
    if (attrs.pads) {
      pads = *attrs.pads;
      for (int64_t d = 0; d < r; ++d) axes.push_back(d);
    } else {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* p, ctx.RequiredInput(1));
      MINNOW_ASSIGN_OR_RETURN(pads, ReadInt64s(*p, node, "pads"));
      constant = ctx.input(2);
      if (constant && constant->numel() == 0) constant = nullptr;  // an empty tensor means "use 0"
      MINNOW_ASSIGN_OR_RETURN(auto axes_in, OptionalInt64Input(ctx, 3, "axes"));
      if (axes_in) {
        MINNOW_ASSIGN_OR_RETURN(axes, NormalizeAxes(*axes_in, r, node));
      } else {
        for (int64_t d = 0; d < r; ++d) axes.push_back(d);
      }
    }
    const int64_t n = static_cast<int64_t>(axes.size());
    if (static_cast<int64_t>(pads.size()) != 2 * n) {
      return InvalidModel(node.Label() + ": expected " + std::to_string(2 * n) + " pads, got " +
                          std::to_string(pads.size()));
    }
    if (constant) {
      if (constant->dtype() != x->dtype()) {
        return InvalidModel(node.Label() + ": constant_value has type " + DataTypeName(constant->dtype()) +
                            ", data has " + DataTypeName(x->dtype()));
      }
      MINNOW_RETURN_IF_ERROR(CheckSingleElement(*constant, node, "constant_value"));
    }
    std::vector<int64_t> before(static_cast<size_t>(r), 0), after(static_cast<size_t>(r), 0);
    for (int64_t i = 0; i < n; ++i) {
      before[axes[i]] = pads[i];
      after[axes[i]] = pads[i + n];
    }
    const Shape& in = x->shape();
    Shape out(in.size());
    const int64_t kLimit = int64_t{1} << 40;  // pads beyond this cannot describe a buffer minnow allocates
    for (int64_t d = 0; d < r; ++d) {
      if (before[d] > kLimit || before[d] < -kLimit || after[d] > kLimit || after[d] < -kLimit) {
        return OutOfRange(node.Label() + ": pad of axis " + std::to_string(d) + " is too large");
      }
      out[d] = in[d] + before[d] + after[d];
      if (out[d] < 0) {
        return InvalidArgument(node.Label() + ": pads crop axis " + std::to_string(d) + " of size " +
                               std::to_string(in[d]) + " below zero");
      }
      const bool grows = before[d] > 0 || after[d] > 0;
      if (grows && attrs.mode != PadMode::kConstant && in[d] == 0) {
        return InvalidArgument(node.Label() + ": cannot pad an empty axis in " + attrs.mode_name + " mode");
      }
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), out));
    if (y->numel() == 0) return Status::Ok();  // also avoids building maps for huge padded-but-empty dims
    const std::vector<int64_t> strides = kernels::RowMajorStrides(in);
    std::vector<std::vector<int64_t>> maps(in.size());
    for (int64_t d = 0; d < r; ++d) maps[d] = kernels::PadMap(in[d], before[d], after[d], attrs.mode, strides[d]);
    const bool ok = kernels::DispatchAny(x->dtype(), [&]<typename T>() {
      const T fill = constant ? *constant->data<T>() : kernels::FromDouble<T>(attrs.value);
      kernels::IndexMapCopy<T>(x->data<T>(), y->data<T>(), maps, fill);
    });
    if (!ok) return UnsupportedType(node, 0, x->dtype(), "a numeric or bool type");
    return Status::Ok();
  });
}

Expected<std::unique_ptr<OpKernel>> MakeTile(const KernelInit& init) {
  if (init.opset < 6) return Unsupported(init.node.Label() + ": Tile before opset 6 is not supported");
  return MakeKernel([](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(const Tensor* rep_t, ctx.RequiredInput(1));
    MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> repeats, ReadInt64s(*rep_t, node, "repeats"));
    if (static_cast<int64_t>(repeats.size()) != x->rank()) {
      return InvalidModel(node.Label() + ": repeats has " + std::to_string(repeats.size()) +
                          " entries for an input of rank " + std::to_string(x->rank()));
    }
    const Shape& in = x->shape();
    Shape out(in.size());
    for (size_t d = 0; d < in.size(); ++d) {
      if (repeats[d] < 0) return InvalidModel(node.Label() + ": negative repeat " + std::to_string(repeats[d]));
      if (in[d] > 0 && repeats[d] > std::numeric_limits<int64_t>::max() / in[d]) {
        return OutOfRange(node.Label() + ": tiled shape is too large");
      }
      out[d] = in[d] * repeats[d];
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), out));
    if (y->numel() == 0) return Status::Ok();
    const std::vector<int64_t> strides = kernels::RowMajorStrides(in);
    std::vector<std::vector<int64_t>> maps(in.size());
    for (size_t d = 0; d < in.size(); ++d) maps[d] = kernels::TileMap(in[d], repeats[d], strides[d]);
    const bool ok = kernels::DispatchAny(x->dtype(), [&]<typename T>() {
      kernels::IndexMapCopy<T>(x->data<T>(), y->data<T>(), maps, T{});
    });
    if (!ok) return UnsupportedType(node, 0, x->dtype(), "a numeric or bool type");
    return Status::Ok();
  });
}

}  // namespace

void RegisterPadTileOps(KernelRegistry& registry) {
  registry.Register("", "Pad", MakePad);
  registry.Register("", "Tile", MakeTile);
}

}  // namespace minnow::runtime
