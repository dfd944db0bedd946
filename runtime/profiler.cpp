// Profile summaries and the Chrome trace writer.
#include "runtime/profiler.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

namespace minnow::runtime {

namespace {

void AppendJsonString(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through
        }
    }
  }
  out += '"';
}

std::string FormatMicros(double us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", us);
  return buf;
}

}  // namespace

std::vector<OpTypeTotal> SummarizeByOpType(const std::vector<NodeTiming>& timings) {
  std::map<std::string, OpTypeTotal> by_type;
  double sum = 0;
  for (const auto& t : timings) {
    OpTypeTotal& total = by_type[t.op_type];
    total.op_type = t.op_type;
    total.total_us += t.duration_us;
    total.calls += 1;
    sum += t.duration_us;
  }
  std::vector<OpTypeTotal> out;
  for (auto& [_, total] : by_type) {
    total.share = sum > 0 ? total.total_us / sum : 0;
    out.push_back(total);
  }
  std::stable_sort(out.begin(), out.end(), [](const OpTypeTotal& a, const OpTypeTotal& b) { return a.total_us > b.total_us; });
  return out;
}

std::string ChromeTraceJson(const std::vector<std::vector<NodeTiming>>& runs, const std::vector<double>& run_starts_us) {
  std::string out = "{\"traceEvents\":[";
  bool first = true;
  for (size_t r = 0; r < runs.size(); ++r) {
    const double base = r < run_starts_us.size() ? run_starts_us[r] : 0.0;
    for (const auto& t : runs[r]) {
      if (!first) out += ",";
      first = false;
      out += "\n{\"name\":";
      AppendJsonString(out, t.name);
      out += ",\"cat\":\"op\",\"ph\":\"X\",\"ts\":" + FormatMicros(base + t.start_us) +
             ",\"dur\":" + FormatMicros(t.duration_us) + ",\"pid\":1,\"tid\":1,\"args\":{\"op_type\":";
      AppendJsonString(out, t.op_type);
      out += ",\"run\":" + std::to_string(r) + "}}";
    }
  }
  out += "\n],\"displayTimeUnit\":\"ms\"}\n";
  return out;
}

Status WriteChromeTrace(const std::string& path, const std::vector<std::vector<NodeTiming>>& runs,
                        const std::vector<double>& run_starts_us) {
  std::ofstream f(path, std::ios::binary);
  if (!f) return IoError("cannot write trace file " + path);
  f << ChromeTraceJson(runs, run_starts_us);
  f.close();
  if (!f) return IoError("error writing trace file " + path);
  return Status::Ok();
}

}  // namespace minnow::runtime
