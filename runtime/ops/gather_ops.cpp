// Gather: selects slices along one axis by (possibly negative) indices, validated against the axis.
#include "kernels/block_copy.h"
#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

Expected<std::unique_ptr<OpKernel>> MakeGather(const KernelInit& init) {
  const int64_t axis_attr = init.node.GetInt("axis", 0);
  return MakeKernel([axis_attr](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* data, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(const Tensor* idx_t, ctx.RequiredInput(1));
    if (data->rank() == 0) return InvalidModel(node.Label() + ": data must have rank >= 1");
    MINNOW_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axis_attr, data->rank(), node));
    MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> indices, ReadInt64s(*idx_t, node, "indices"));
    const int64_t axis_len = data->dim(axis);
    for (int64_t& i : indices) {
      if (i < -axis_len || i >= axis_len) {
        return InvalidArgument(node.Label() + ": index " + std::to_string(i) + " is out of range for axis " +
                               std::to_string(axis) + " of size " + std::to_string(axis_len));
      }
      if (i < 0) i += axis_len;
    }
    const Shape& in = data->shape();
    Shape out(in.begin(), in.begin() + axis);
    out.insert(out.end(), idx_t->shape().begin(), idx_t->shape().end());
    out.insert(out.end(), in.begin() + axis + 1, in.end());
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, data->dtype(), out));
    if (y->numel() == 0) return Status::Ok();
    const int64_t inner_bytes =
        DimProduct(in, axis + 1, in.size()) * static_cast<int64_t>(DataTypeSize(data->dtype()));
    kernels::GatherBlocks(static_cast<const std::byte*>(data->raw_data()), static_cast<std::byte*>(y->raw_data()),
                          DimProduct(in, 0, axis), axis_len, inner_bytes, indices.data(),
                          static_cast<int64_t>(indices.size()));
    return Status::Ok();
  });
}

}  // namespace

void RegisterGatherOps(KernelRegistry& registry) { registry.Register("", "Gather", MakeGather); }

}  // namespace minnow::runtime
