// CPU feature detection through libcpuinfo.
#include "kernels/cpu_features.h"

#include <cpuinfo.h>

#include <cstdlib>
#include <cstring>

namespace minnow::kernels {

const CpuFeatures& GetCpuFeatures() {
  static const CpuFeatures features = [] {
    CpuFeatures f;
    if (!cpuinfo_initialize()) return f;
    f.avx2 = cpuinfo_has_x86_avx2();
    f.fma = cpuinfo_has_x86_fma3();
    f.avx512f = cpuinfo_has_x86_avx512f();
    f.avx512bw = cpuinfo_has_x86_avx512bw();
    f.avx512vl = cpuinfo_has_x86_avx512vl();
    f.avx512vnni = cpuinfo_has_x86_avx512vnni();
    f.avx_vnni = false;  // libcpuinfo of Debian 12 does not report AVX-VNNI
    f.physical_cores = static_cast<int>(cpuinfo_get_cores_count());
    if (f.physical_cores < 1) f.physical_cores = 1;
    return f;
  }();
  return features;
}

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kScalar: return "scalar";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx512Vnni: return "avx512vnni";
  }
  return "scalar";
}

Isa SelectedIsa() {
  static const Isa isa = [] {
    const CpuFeatures& f = GetCpuFeatures();
    Isa best = Isa::kScalar;
    if (f.avx2 && f.fma) best = Isa::kAvx2;
    if (best == Isa::kAvx2 && f.avx512f && f.avx512bw && f.avx512vl) best = Isa::kAvx512;
    if (best == Isa::kAvx512 && f.avx512vnni) best = Isa::kAvx512Vnni;
    if (const char* cap = std::getenv("MINNOW_ISA")) {
      for (Isa candidate : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512, Isa::kAvx512Vnni}) {
        if (std::strcmp(cap, IsaName(candidate)) == 0 && candidate < best) best = candidate;
      }
    }
    return best;
  }();
  return isa;
}

}  // namespace minnow::kernels
