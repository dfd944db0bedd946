// Process-wide memory figures for benchmarks and run statistics.
#pragma once

#include <cstdint>

namespace minnow::runtime {

// Peak resident set size of this process so far, in bytes (getrusage); 0 where unavailable.
int64_t PeakRssBytes();
// Current resident set size in bytes (/proc/self/statm); 0 where unavailable.
int64_t CurrentRssBytes();

}  // namespace minnow::runtime
