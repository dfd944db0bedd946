// Helpers shared by the `minnow` subcommands: NAME=SHAPE options, error lines, tensor summaries.
#pragma once

#include <functional>

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::tools {

// Parses "1x3x224x224" (also "1,3,224,224"; "scalar" or "" is rank 0).
Expected<Shape> ParseShape(const std::string& text);
// Parses repeated "NAME=VALUE" options; the last '=' splits, so names may contain '='.
Expected<std::map<std::string, std::string>> ParseNamedOptions(const std::vector<std::string>& specs,
                                                               const std::string& option_name);
// Parses repeated "--shape NAME=1x3x224x224" options into name -> shape.
Expected<std::map<std::string, Shape>> ParseShapeOptions(const std::vector<std::string>& specs);

// Prints "error: <message>" as a single line on `err` and sets the process exit status to 1.
void ReportError(std::ostream& err, const Status& status);
// Runs a command's body, turning out-of-memory and stray exceptions into errors about `activity`
// ("running model.onnx"), reports any error as one "error:" line and returns the exit status.
int RunGuarded(const std::function<Status()>& body, const std::string& activity, std::ostream& err);

// "min -0.5 max 3.25 mean 0.731" (plus a count of NaNs when there are any); "empty" for no elements.
std::string TensorStats(const Tensor& t);

// Replaces every character outside [A-Za-z0-9._-] with '_' (for output file names).
std::string SanitizeFileName(const std::string& name);

// "1.23 G", "456 K": counts with SI suffixes; bytes use binary units ("1.5 MiB").
std::string HumanCount(double n);
std::string HumanBytes(double n);

}  // namespace minnow::tools
