// ONNX backend test runner.
#include "tools/onnx_test_runner.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "importer/onnx_importer.h"
#include "importer/tensor_proto.h"
#include "minnow/minnow.h"
#include "runtime/kernel_registry.h"

namespace minnow::tools {

namespace fs = std::filesystem;

std::map<std::string, std::string> ReadSkipList(const fs::path& path) {
  std::map<std::string, std::string> skips;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string name;
    ls >> name;
    std::string reason;
    std::getline(ls, reason);
    reason.erase(0, reason.find_first_not_of(" \t"));
    if (!name.empty()) skips[name] = reason.empty() ? "listed in skip list" : reason;
  }
  return skips;
}

namespace {

// Numbered files like input_0.pb, input_1.pb, ... in numeric order.
std::vector<fs::path> NumberedFiles(const fs::path& dir, const std::string& prefix) {
  std::vector<std::pair<int, fs::path>> found;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && e.path().extension() == ".pb") {
      found.push_back({std::atoi(name.c_str() + prefix.size()), e.path()});
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& [_, p] : found) out.push_back(p);
  return out;
}

// Empty string when equal within tolerance, else a description of the first mismatch.
std::string Compare(const Tensor& got, const Tensor& want, const OnnxTestOptions& opt) {
  if (got.dtype() != want.dtype()) {
    return std::string("type ") + DataTypeName(got.dtype()) + ", expected " + DataTypeName(want.dtype());
  }
  if (got.shape() != want.shape()) return "shape " + ShapeToString(got.shape()) + ", expected " + ShapeToString(want.shape());
  const bool exact = !IsFloatingPoint(want.dtype());
  int64_t mismatches = 0;
  std::string first;
  for (int64_t i = 0; i < want.numel(); ++i) {
    const double g = got.GetAsDouble(i);
    const double w = want.GetAsDouble(i);
    bool ok;
    if (exact) ok = got.GetAsInt64(i) == want.GetAsInt64(i) && g == w;
    else if (std::isnan(w)) ok = std::isnan(g);
    else if (std::isinf(w)) ok = g == w;
    else ok = std::fabs(g - w) <= opt.atol + opt.rtol * std::fabs(w);
    if (!ok) {
      if (mismatches++ == 0) {
        std::ostringstream os;
        os << "element " << i << " is " << g << ", expected " << w;
        first = os.str();
      }
    }
  }
  if (mismatches) return first + " (" + std::to_string(mismatches) + " of " + std::to_string(want.numel()) + " differ)";
  return "";
}

enum class Outcome { kPassed, kFailed, kSkipped };

// ONNX's generator stores bfloat16 test data as uint16 tensors (numpy has no bfloat16); read
// such a tensor as the bfloat16 bits it holds when the model expects bfloat16.
Tensor BFloat16FromUInt16Data(Tensor t, DataType expected) {
  if (t.dtype() != DataType::kUInt16 || expected != DataType::kBFloat16) return t;
  auto bf = Tensor::FromBytes(DataType::kBFloat16, t.shape(), t.raw_data(), t.nbytes());
  return bf.ok() ? std::move(bf).value() : t;
}

Outcome RunOne(const fs::path& dir, const OnnxTestOptions& opt, std::string* reason) {
  const std::string test_name = dir.filename().string();
  if (auto it = opt.skips.find(test_name); it != opt.skips.end()) {
    *reason = it->second;
    return Outcome::kSkipped;
  }
  auto proto = importer::ReadModelProto(dir / "model.onnx");
  if (!proto.ok()) {
    *reason = proto.status().ToString();
    return Outcome::kFailed;
  }
  // Tests using operators minnow does not implement are skipped, not failed.
  const auto& registry = runtime::KernelRegistry::BuiltIn();
  for (const auto& node : proto->graph().node()) {
    if (node.op_type() == "Constant" && node.domain().empty()) continue;
    if (!registry.Has(node.domain(), node.op_type())) {
      *reason = "unsupported operator " + (node.domain().empty() ? "" : node.domain() + ".") + node.op_type();
      return Outcome::kSkipped;
    }
  }
  auto session = Session::LoadFile((dir / "model.onnx").string());
  if (!session.ok()) {
    *reason = session.status().ToString();
    return Outcome::kFailed;
  }
  std::vector<fs::path> sets;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_directory() && e.path().filename().string().rfind("test_data_set_", 0) == 0) sets.push_back(e.path());
  }
  std::sort(sets.begin(), sets.end());
  if (sets.empty()) {
    *reason = "no test_data_set_* folders";
    return Outcome::kFailed;
  }
  const auto& model_inputs = (*session)->inputs();
  const auto& model_outputs = (*session)->outputs();
  for (const auto& set : sets) {
    std::vector<NamedTensor> inputs;
    auto input_files = NumberedFiles(set, "input_");
    for (size_t i = 0; i < input_files.size(); ++i) {
      std::string name;
      auto t = importer::ReadTensorProtoFile(input_files[i], &name);
      if (!t.ok()) {
        *reason = t.status().ToString();
        return Outcome::kFailed;
      }
      if (name.empty() && i < model_inputs.size()) name = model_inputs[i].name;
      DataType declared = DataType::kUndefined;
      for (const auto& info : model_inputs) {
        if (info.name == name) declared = info.dtype;
      }
      inputs.push_back({name, BFloat16FromUInt16Data(std::move(t).value(), declared)});
    }
    auto outputs = (*session)->Run(inputs);
    if (!outputs.ok()) {
      *reason = set.filename().string() + ": " + outputs.status().ToString();
      return Outcome::kFailed;
    }
    auto output_files = NumberedFiles(set, "output_");
    for (size_t i = 0; i < output_files.size(); ++i) {
      std::string name;
      auto want = importer::ReadTensorProtoFile(output_files[i], &name);
      if (!want.ok()) {
        *reason = want.status().ToString();
        return Outcome::kFailed;
      }
      const Tensor* got = nullptr;
      for (const auto& o : *outputs) {
        if (o.name == name) got = &o.tensor;
      }
      if (!got && i < outputs->size()) got = &(*outputs)[i].tensor;
      if (!got) {
        *reason = set.filename().string() + ": missing output " + std::to_string(i);
        return Outcome::kFailed;
      }
      std::string diff = Compare(*got, BFloat16FromUInt16Data(*want, got->dtype()), opt);
      if (!diff.empty()) {
        *reason = set.filename().string() + " output '" + (i < model_outputs.size() ? model_outputs[i].name : name) +
                  "': " + diff;
        return Outcome::kFailed;
      }
    }
  }
  return Outcome::kPassed;
}

}  // namespace

OnnxTestSummary RunOnnxTests(const std::vector<fs::path>& paths, const OnnxTestOptions& opt) {
  std::vector<fs::path> tests;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::exists(p / "model.onnx", ec)) {
      tests.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      std::vector<fs::path> sub;
      for (const auto& e : fs::directory_iterator(p)) {
        if (fs::exists(e.path() / "model.onnx")) sub.push_back(e.path());
      }
      std::sort(sub.begin(), sub.end());
      tests.insert(tests.end(), sub.begin(), sub.end());
    } else {
      std::cout << "FAIL " << p.string() << ": not a test folder (no model.onnx)\n";
    }
  }
  OnnxTestSummary summary;
  for (const auto& dir : tests) {
    std::string reason;
    Outcome outcome = RunOne(dir, opt, &reason);
    const std::string name = dir.filename().string();
    switch (outcome) {
      case Outcome::kPassed:
        ++summary.passed;
        if (opt.verbose) std::cout << "PASS " << name << "\n";
        break;
      case Outcome::kFailed:
        ++summary.failed;
        std::cout << "FAIL " << name << ": " << reason << "\n";
        break;
      case Outcome::kSkipped:
        ++summary.skipped;
        if (opt.verbose) std::cout << "SKIP " << name << ": " << reason << "\n";
        break;
    }
  }
  std::cout << summary.passed << " passed, " << summary.failed << " failed, " << summary.skipped << " skipped"
            << std::endl;
  return summary;
}

}  // namespace minnow::tools
