// CPU features detected once at start-up (libcpuinfo), used to pick SIMD kernel variants.
#pragma once

#include <string>

namespace minnow::kernels {

enum class Isa { kScalar = 0, kAvx2 = 1, kAvx512 = 2, kAvx512Vnni = 3 };

struct CpuFeatures {
  bool avx2 = false;
  bool fma = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512vl = false;
  bool avx512vnni = false;
  bool avx_vnni = false;
  int physical_cores = 1;
};

// Detected features (cached). The environment variable MINNOW_ISA=scalar|avx2|avx512|avx512vnni
// caps what kernels may use, so tests can exercise every path on one machine.
const CpuFeatures& GetCpuFeatures();
// Best ISA allowed by both the CPU and MINNOW_ISA.
Isa SelectedIsa();
const char* IsaName(Isa isa);

}  // namespace minnow::kernels
