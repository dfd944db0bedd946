// Axis permutations: Transpose, and DepthToSpace/SpaceToDepth expressed as reshape + transpose.
#include <limits>

#include "kernels/dispatch.h"
#include "kernels/index_map_copy.h"
#include "kernels/index_maps.h"
#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

// Writes `x` viewed as `view_shape` (same element count) and permuted by `perm` into y.
Status PermuteInto(const ir::Node& node, const Tensor& x, const Shape& view_shape, const std::vector<int64_t>& perm,
                   Tensor& y) {
  if (y.numel() == 0) return Status::Ok();  // empty tensors may have huge other dims: build no maps
  const auto maps = kernels::TransposeMaps(view_shape, perm);
  const bool ok = kernels::DispatchAny(x.dtype(), [&]<typename T>() {
    kernels::IndexMapCopy<T>(x.data<T>(), y.data<T>(), maps, T{});
  });
  if (!ok) return UnsupportedType(node, 0, x.dtype(), "a numeric or bool type");
  return Status::Ok();
}

Expected<std::unique_ptr<OpKernel>> MakeTranspose(const KernelInit& init) {
  std::optional<std::vector<int64_t>> perm_attr;
  if (init.node.HasAttribute("perm")) perm_attr = init.node.GetInts("perm");
  return MakeKernel([perm_attr](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    const int64_t r = x->rank();
    std::vector<int64_t> perm;
    if (perm_attr) {
      perm = *perm_attr;
      std::vector<bool> seen(static_cast<size_t>(r), false);
      bool valid = static_cast<int64_t>(perm.size()) == r;
      for (size_t i = 0; valid && i < perm.size(); ++i) {
        valid = perm[i] >= 0 && perm[i] < r && !seen[perm[i]];
        if (valid) seen[perm[i]] = true;
      }
      if (!valid) {
        return InvalidModel(node.Label() + ": perm is not a permutation of the " + std::to_string(r) +
                            " input axes");
      }
    } else {
      for (int64_t d = r - 1; d >= 0; --d) perm.push_back(d);  // default: reverse the axes
    }
    Shape out(perm.size());
    for (size_t d = 0; d < perm.size(); ++d) out[d] = x->dim(perm[d]);
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), out));
    return PermuteInto(node, *x, x->shape(), perm, *y);
  });
}

// DepthToSpace (to_space) and SpaceToDepth on NCHW tensors.
Expected<std::unique_ptr<OpKernel>> MakeBlockRearrange(const KernelInit& init, bool to_space) {
  const ir::Node& node = init.node;
  const int64_t b = node.GetInt("blocksize", 0);
  if (b <= 0 || b > (int64_t{1} << 20)) return InvalidModel(node.Label() + ": blocksize must be positive");
  const std::string mode = node.GetString("mode", "DCR");
  if (to_space && mode != "DCR" && mode != "CRD") {
    return InvalidModel(node.Label() + ": mode must be DCR or CRD, got '" + mode + "'");
  }
  const bool crd = mode == "CRD";
  return MakeKernel([b, to_space, crd](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    if (x->rank() != 4) return InvalidArgument(node.Label() + ": input must be 4-D, got " + ShapeToString(x->shape()));
    const int64_t n = x->dim(0), c = x->dim(1), h = x->dim(2), w = x->dim(3);
    // Tensors with a zero dim may have other huge dims: keep dim * blocksize^2 representable.
    const int64_t limit = std::numeric_limits<int64_t>::max() / (b * b);
    if (c > limit || h > limit || w > limit) return InvalidArgument(node.Label() + ": input is too large");
    Shape view, out;
    std::vector<int64_t> perm;
    if (to_space) {
      if (c % (b * b) != 0) {
        return InvalidArgument(node.Label() + ": channels " + std::to_string(c) + " are not divisible by blocksize^2");
      }
      const int64_t oc = c / (b * b);
      if (crd) {
        view = {n, oc, b, b, h, w};
        perm = {0, 1, 4, 2, 5, 3};
      } else {
        view = {n, b, b, oc, h, w};
        perm = {0, 3, 4, 1, 5, 2};
      }
      out = {n, oc, h * b, w * b};
    } else {
      if (h % b != 0 || w % b != 0) {
        return InvalidArgument(node.Label() + ": spatial size " + std::to_string(h) + "x" + std::to_string(w) +
                               " is not divisible by blocksize " + std::to_string(b));
      }
      view = {n, c, h / b, b, w / b, b};
      perm = {0, 3, 5, 1, 2, 4};
      out = {n, c * b * b, h / b, w / b};
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), out));
    return PermuteInto(node, *x, view, perm, *y);
  });
}

}  // namespace

void RegisterTransposeOps(KernelRegistry& registry) {
  registry.Register("", "Transpose", MakeTranspose);
  registry.Register("", "DepthToSpace", [](const KernelInit& init) { return MakeBlockRearrange(init, true); });
  registry.Register("", "SpaceToDepth", [](const KernelInit& init) { return MakeBlockRearrange(init, false); });
}

}  // namespace minnow::runtime
