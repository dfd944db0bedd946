// Cast (target type from the `to` attribute: an enum since opset 6, a type name before) and
// CastLike (target type of the second input). String conversions are not supported.
#include <map>

#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {
namespace {

Expected<DataType> CastTarget(const ir::Node& node) {
  const ir::Attribute* to = node.FindAttribute("to");
  if (!to) return InvalidModel(node.Label() + ": missing attribute 'to'");
  DataType dtype = DataType::kUndefined;
  if (to->is_int()) {
    dtype = static_cast<DataType>(to->i());
  } else if (to->is_string()) {  // Cast-1: "FLOAT", "INT64", ...
    static const std::map<std::string, DataType> kNames = {
        {"FLOAT", DataType::kFloat32},  {"UINT8", DataType::kUInt8},    {"INT8", DataType::kInt8},
        {"UINT16", DataType::kUInt16},  {"INT16", DataType::kInt16},    {"INT32", DataType::kInt32},
        {"INT64", DataType::kInt64},    {"STRING", DataType::kString},  {"BOOL", DataType::kBool},
        {"FLOAT16", DataType::kFloat16}, {"DOUBLE", DataType::kFloat64}, {"UINT32", DataType::kUInt32},
        {"UINT64", DataType::kUInt64},  {"BFLOAT16", DataType::kBFloat16}};
    auto it = kNames.find(to->s());
    if (it == kNames.end()) return InvalidModel(node.Label() + ": unknown type '" + to->s() + "' in 'to'");
    dtype = it->second;
  } else {
    return InvalidModel(node.Label() + ": attribute 'to' must be an int");
  }
  if (dtype == DataType::kString) return Unsupported(node.Label() + ": casting to string is not supported");
  if (!IsSupportedDataType(dtype)) {
    return InvalidModel(node.Label() + ": 'to' is not a valid type (" + std::to_string(static_cast<int>(dtype)) + ")");
  }
  return dtype;
}

}  // namespace

void RegisterCastKernels(KernelRegistry& r) {
  r.Register("", "Cast", [](const KernelInit& init) -> Expected<std::unique_ptr<OpKernel>> {
    MINNOW_ASSIGN_OR_RETURN(const DataType to, CastTarget(init.node));
    return MakeKernel([to](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
      if (x->dtype() == to) {
        ctx.SetOutput(0, *x);  // no conversion: share the buffer
        return Status::Ok();
      }
      MINNOW_ASSIGN_OR_RETURN(Tensor y, CastTensor(*x, to, ctx.node()));
      ctx.SetOutput(0, std::move(y));
      return Status::Ok();
    });
  });
  r.Register("", "CastLike", [](const KernelInit&) {
    return MakeKernel([](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
      MINNOW_ASSIGN_OR_RETURN(const Tensor* like, ctx.RequiredInput(1));
      if (x->dtype() == like->dtype()) {
        ctx.SetOutput(0, *x);
        return Status::Ok();
      }
      MINNOW_ASSIGN_OR_RETURN(Tensor y, CastTensor(*x, like->dtype(), ctx.node()));
      ctx.SetOutput(0, std::move(y));
      return Status::Ok();
    });
  });
}

}  // namespace minnow::runtime::elementwise
