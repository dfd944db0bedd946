// Shared CLI helpers.
#include "tools/cli_util.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

#include "tools/commands.h"

namespace minnow::tools {

Expected<Shape> ParseShape(const std::string& text) {
  Shape shape;
  if (text.empty() || text == "scalar") return shape;
  size_t pos = 0;
  while (true) {
    const size_t end = text.find_first_of("x,", pos);
    const std::string part = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos || part.size() > 18) {
      return InvalidArgument("bad shape '" + text + "': dimensions must be non-negative integers separated by 'x'");
    }
    shape.push_back(std::stoll(part));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  MINNOW_RETURN_IF_ERROR(CheckedNumElements(shape).status());
  return shape;
}

Expected<std::map<std::string, std::string>> ParseNamedOptions(const std::vector<std::string>& specs,
                                                               const std::string& option_name) {
  std::map<std::string, std::string> out;
  for (const auto& spec : specs) {
    const size_t eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument(option_name + " '" + spec + "' must have the form NAME=VALUE");
    }
    const std::string name = spec.substr(0, eq);
    if (out.count(name)) return InvalidArgument(option_name + " names '" + name + "' more than once");
    out[name] = spec.substr(eq + 1);
  }
  return out;
}

Expected<std::map<std::string, Shape>> ParseShapeOptions(const std::vector<std::string>& specs) {
  MINNOW_ASSIGN_OR_RETURN(auto named, ParseNamedOptions(specs, "--shape"));
  std::map<std::string, Shape> out;
  for (const auto& [name, text] : named) {
    auto shape = ParseShape(text);
    if (!shape.ok()) return shape.status().WithContext("--shape " + name);
    out[name] = *shape;
  }
  return out;
}

int RunGuarded(const std::function<Status()>& body, const std::string& activity, std::ostream& err) {
  Status st;
  try {
    st = body();
  } catch (const std::bad_alloc&) {
    st = OutOfRange("out of memory while " + activity);
  } catch (const std::exception& e) {
    st = Internal(std::string("unexpected exception: ") + e.what());
  }
  if (st.ok()) return 0;
  ReportError(err, st);
  return 1;
}

void ReportError(std::ostream& err, const Status& status) {
  std::string msg = status.ToString();
  for (char& c : msg) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  err << "error: " << msg << std::endl;
  SetExitCode(1);
}

std::string TensorStats(const Tensor& t) {
  if (t.numel() == 0) return "empty";
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  double sum = 0;
  int64_t nans = 0;
  for (int64_t i = 0; i < t.numel(); ++i) {
    const double v = t.GetAsDouble(i);
    if (std::isnan(v)) {
      ++nans;
      continue;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  char buf[160];
  if (nans == t.numel()) return "all " + std::to_string(nans) + " values are NaN";
  std::snprintf(buf, sizeof buf, "min %.6g max %.6g mean %.6g", lo, hi, sum / static_cast<double>(t.numel() - nans));
  std::string s = buf;
  if (nans) s += " (" + std::to_string(nans) + " NaN)";
  return s;
}

std::string SanitizeFileName(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) c = '_';
  }
  return out;
}

namespace {
std::string Scaled(double n, double base, const char* const* units, int count) {
  int u = 0;
  while (std::fabs(n) >= base && u + 1 < count) {
    n /= base;
    ++u;
  }
  char buf[64];
  if (u == 0) std::snprintf(buf, sizeof buf, "%.0f%s%s", n, units[0][0] ? " " : "", units[0]);
  else std::snprintf(buf, sizeof buf, "%.2f %s", n, units[u]);
  return buf;
}
}  // namespace

std::string HumanCount(double n) {
  static const char* const kUnits[] = {"", "K", "M", "G", "T", "P"};
  return Scaled(n, 1000.0, kUnits, 6);
}

std::string HumanBytes(double n) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  return Scaled(n, 1024.0, kUnits, 5);
}

}  // namespace minnow::tools
