// Helpers shared by the tensor (data movement) and reduction operator files, and the
// registration functions of the files that make up those families.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/kernel.h"
#include "runtime/kernel_registry.h"

namespace minnow::runtime {

// Normalises axes against `rank`, rejecting out-of-range and repeated entries.
Expected<std::vector<int64_t>> NormalizeAxes(const std::vector<int64_t>& axes, int64_t rank, const ir::Node& node);
// Input i read as int64 values (int32 or int64 tensor), or nullopt when the input is omitted.
Expected<std::optional<std::vector<int64_t>>> OptionalInt64Input(const KernelContext& ctx, size_t i, const char* what);
// Product of shape[begin, end), saturating at INT64_MAX: a partial product can only overflow for
// empty tensors (a zero dim elsewhere), which callers handle before using it.
int64_t DimProduct(const Shape& shape, size_t begin, size_t end);
// Error unless `t` has exactly one element (a scalar or a 1-element tensor).
Status CheckSingleElement(const Tensor& t, const ir::Node& node, const char* what);

// 16-bit floats (f16, bf16) are computed in f32 by reductions and interpolation: these convert
// a tensor to f32 and write f32 values back into a tensor of the original 16-bit type.
bool Is16BitFloat(DataType t);
Tensor ToFloat32(const Tensor& t);
void StoreFloat32As(const Tensor& f32, Tensor& dst);

// Registration, one function per source file.
void RegisterShapeOps(KernelRegistry& registry);          // Reshape Flatten Squeeze Unsqueeze Identity Shape Size
void RegisterConstantOps(KernelRegistry& registry);       // Constant ConstantOfShape Range
void RegisterConcatSplitOps(KernelRegistry& registry);    // Concat Split
void RegisterSliceOps(KernelRegistry& registry);          // Slice
void RegisterGatherOps(KernelRegistry& registry);         // Gather
void RegisterTransposeOps(KernelRegistry& registry);      // Transpose DepthToSpace SpaceToDepth
void RegisterPadTileOps(KernelRegistry& registry);        // Pad Tile
void RegisterResizeOps(KernelRegistry& registry);         // Resize Upsample

}  // namespace minnow::runtime
