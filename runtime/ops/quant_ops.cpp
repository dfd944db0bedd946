// Registration of the quant operator family (factories in quant_linear_ops.cpp,
// quant_matmul_ops.cpp and quant_conv_ops.cpp).
#include "runtime/ops/quant_factories.h"
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterQuantKernels(KernelRegistry& registry) {
  registry.Register("", "QuantizeLinear", quant::CreateQuantizeLinear);
  registry.Register("", "DequantizeLinear", quant::CreateDequantizeLinear);
  registry.Register("", "DynamicQuantizeLinear", quant::CreateDynamicQuantizeLinear);
  registry.Register("", "MatMulInteger", quant::CreateMatMulInteger);
  registry.Register("", "QLinearMatMul", quant::CreateQLinearMatMul);
  registry.Register("", "ConvInteger", quant::CreateConvInteger);
  registry.Register("", "QLinearConv", quant::CreateQLinearConv);
}

}  // namespace minnow::runtime
