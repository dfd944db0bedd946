// Builds the public TensorInfo (name, dtype, dims with -1 and symbol names) of an IR value.
#pragma once

#include "ir/value.h"
#include "minnow/minnow.h"

namespace minnow::api {

TensorInfo DescribeValue(const ir::Value& v);

}  // namespace minnow::api
