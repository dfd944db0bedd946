// Per-node timings of a profiled Run, their per-op-type summary and the Chrome trace format
// (chrome://tracing, Perfetto): {"traceEvents":[{"name":..,"cat":"op","ph":"X","ts":..,"dur":..}]}.
#pragma once

#include <string>
#include <vector>

#include "minnow/status.h"

namespace minnow::runtime {

struct NodeTiming {
  std::string op_type;
  std::string name;    // node name, or its label when the model leaves it unnamed
  double start_us = 0;  // since the start of the Run
  double duration_us = 0;
};

struct OpTypeTotal {
  std::string op_type;
  double total_us = 0;
  double share = 0;  // of the summed node time, 0..1
  int64_t calls = 0;
};

// Totals per op type over any number of runs' timings, largest total first.
std::vector<OpTypeTotal> SummarizeByOpType(const std::vector<NodeTiming>& timings);

// One trace: each run's nodes as complete ("X") events; runs are laid end to end, `run_starts_us`
// giving each run's offset (empty: a single run at 0). `runs` and `run_starts_us` are parallel.
std::string ChromeTraceJson(const std::vector<std::vector<NodeTiming>>& runs,
                            const std::vector<double>& run_starts_us = {});
Status WriteChromeTrace(const std::string& path, const std::vector<std::vector<NodeTiming>>& runs,
                        const std::vector<double>& run_starts_us = {});

}  // namespace minnow::runtime
