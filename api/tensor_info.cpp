// IR value -> public TensorInfo.
#include "api/tensor_info.h"

namespace minnow::api {

TensorInfo DescribeValue(const ir::Value& v) {
  TensorInfo info;
  info.name = v.name();
  info.dtype = v.dtype();
  if (v.shape()) {
    info.has_shape = true;
    for (const auto& d : *v.shape()) {
      info.shape.push_back(d.is_known() ? d.size : -1);
      info.dim_names.push_back(d.symbol);
    }
  }
  return info;
}

}  // namespace minnow::api
