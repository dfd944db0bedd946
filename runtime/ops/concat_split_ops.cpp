// Concat and Split: joining and cutting tensors along one axis, as byte-level row copies.
#include <algorithm>

#include "kernels/block_copy.h"
#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

const std::byte* Bytes(const Tensor& t) { return static_cast<const std::byte*>(t.raw_data()); }
std::byte* Bytes(Tensor& t) { return static_cast<std::byte*>(t.raw_data()); }

Expected<std::unique_ptr<OpKernel>> MakeConcat(const KernelInit& init) {
  if (init.opset >= 4 && !init.node.HasAttribute("axis")) {
    return InvalidModel(init.node.Label() + ": missing attribute 'axis'");
  }
  const int64_t axis_attr = init.node.GetInt("axis", 1);  // Concat-1 defaulted to 1
  return MakeKernel([axis_attr](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    if (ctx.num_inputs() == 0) return InvalidModel(node.Label() + ": needs at least one input");
    std::vector<const Tensor*> ins;
    for (size_t i = 0; i < ctx.num_inputs(); ++i) {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* t, ctx.RequiredInput(i));
      ins.push_back(t);
    }
    const Tensor& first = *ins[0];
    if (first.rank() == 0) return InvalidModel(node.Label() + ": cannot concatenate scalars");
    MINNOW_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axis_attr, first.rank(), node));
    Shape out_shape = first.shape();
    out_shape[axis] = 0;
    for (size_t i = 0; i < ins.size(); ++i) {
      const Tensor& t = *ins[i];
      if (t.dtype() != first.dtype()) {
        return InvalidModel(node.Label() + ": input " + std::to_string(i) + " has type " + DataTypeName(t.dtype()) +
                            ", input 0 has " + DataTypeName(first.dtype()));
      }
      bool match = t.rank() == first.rank();
      for (int64_t d = 0; match && d < t.rank(); ++d) match = d == axis || t.dim(d) == first.dim(d);
      if (!match) {
        return InvalidArgument(node.Label() + ": input " + std::to_string(i) + " has shape " +
                               ShapeToString(t.shape()) + ", incompatible with input 0 " +
                               ShapeToString(first.shape()) + " along axis " + std::to_string(axis));
      }
      if (__builtin_add_overflow(out_shape[axis], t.dim(axis), &out_shape[axis])) {
        return OutOfRange(node.Label() + ": concatenated axis is too large");
      }
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, first.dtype(), out_shape));
    if (y->numel() == 0) return Status::Ok();
    const int64_t esize = static_cast<int64_t>(DataTypeSize(first.dtype()));
    const int64_t outer = DimProduct(out_shape, 0, axis);
    const int64_t inner_bytes = DimProduct(out_shape, axis + 1, out_shape.size()) * esize;
    const int64_t out_pitch = out_shape[axis] * inner_bytes;
    int64_t offset = 0;
    for (const Tensor* t : ins) {
      const int64_t row = t->dim(axis) * inner_bytes;
      kernels::CopyRows(Bytes(*t), row, Bytes(*y) + offset, out_pitch, outer, row);
      offset += row;
    }
    return Status::Ok();
  });
}

// Split sizes come from input 1 (Split-1 and opset >= 13), the 'split' attribute (opset 2-12), or
// an even division into the number of outputs (num_outputs, opset 18, allows a smaller last part).
Expected<std::unique_ptr<OpKernel>> MakeSplit(const KernelInit& init) {
  const int64_t axis_attr = init.node.GetInt("axis", 0);
  std::optional<std::vector<int64_t>> attr_split;
  if (init.opset < 13 && init.node.HasAttribute("split")) attr_split = init.node.GetInts("split");
  const bool uneven_ok = init.node.HasAttribute("num_outputs");
  if (uneven_ok && init.node.GetInt("num_outputs", 0) != static_cast<int64_t>(init.node.num_outputs())) {
    return InvalidModel(init.node.Label() + ": num_outputs does not match the number of outputs");
  }
  return MakeKernel([axis_attr, attr_split, uneven_ok](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    if (x->rank() == 0) return InvalidModel(node.Label() + ": cannot split a scalar");
    MINNOW_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axis_attr, x->rank(), node));
    const int64_t dim = x->dim(axis);
    const int64_t n_out = static_cast<int64_t>(ctx.num_outputs());
    if (n_out == 0) return InvalidModel(node.Label() + ": has no outputs");
    std::vector<int64_t> sizes;
    MINNOW_ASSIGN_OR_RETURN(auto split_input, OptionalInt64Input(ctx, 1, "split"));
    if (split_input && !split_input->empty()) {
      sizes = *split_input;
    } else if (attr_split) {
      sizes = *attr_split;
    } else {
      const int64_t part = uneven_ok ? (dim + n_out - 1) / n_out : dim / n_out;
      if (!uneven_ok && dim % n_out != 0) {
        return InvalidArgument(node.Label() + ": axis " + std::to_string(axis) + " of size " + std::to_string(dim) +
                               " cannot be split into " + std::to_string(n_out) + " equal parts");
      }
      for (int64_t i = 0; i < n_out; ++i) sizes.push_back(std::clamp<int64_t>(dim - i * part, 0, part));
    }
    if (static_cast<int64_t>(sizes.size()) != n_out) {
      return InvalidModel(node.Label() + ": " + std::to_string(sizes.size()) + " split sizes for " +
                          std::to_string(n_out) + " outputs");
    }
    int64_t total = 0;
    for (int64_t s : sizes) {
      if (s < 0 || s > dim - total) {
        return InvalidArgument(node.Label() + ": split sizes do not fit axis " + std::to_string(axis) + " of size " +
                               std::to_string(dim));
      }
      total += s;
    }
    if (total != dim) {
      return InvalidArgument(node.Label() + ": split sizes add up to " + std::to_string(total) + ", but axis " +
                             std::to_string(axis) + " has size " + std::to_string(dim));
    }
    const int64_t esize = static_cast<int64_t>(DataTypeSize(x->dtype()));
    const int64_t outer = DimProduct(x->shape(), 0, axis);
    const int64_t inner_bytes = DimProduct(x->shape(), axis + 1, x->shape().size()) * esize;
    const int64_t in_pitch = dim * inner_bytes;
    int64_t offset = 0;
    for (int64_t i = 0; i < n_out; ++i) {
      Shape shape = x->shape();
      shape[axis] = sizes[i];
      MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(i, x->dtype(), shape));
      if (y->numel() == 0) continue;
      const int64_t row = sizes[i] * inner_bytes;
      kernels::CopyRows(Bytes(*x) + offset, in_pitch, Bytes(*y), row, outer, row);
      offset += row;
    }
    return Status::Ok();
  });
}

}  // namespace

void RegisterConcatSplitOps(KernelRegistry& registry) {
  registry.Register("", "Concat", MakeConcat);
  registry.Register("", "Split", MakeSplit);
}

}  // namespace minnow::runtime
