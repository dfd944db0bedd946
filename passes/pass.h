// The pass interface: an IR -> IR transform with a command-line name, which reports whether it
// changed the graph and counts what it did (printed with `minnow optimize -v`).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "minnow/status.h"

namespace minnow::passes {

// What one run of a pass did: named counters such as {"folded", 12}.
struct PassResult {
  bool changed = false;
  std::map<std::string, int64_t> stats;

  void Count(const std::string& what, int64_t n = 1) {
    stats[what] += n;
    if (n) changed = true;
  }
};

class Pass {
 public:
  virtual ~Pass() = default;
  // Command-line name, lower-case with dashes: "fold-bn", "dce".
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // Transforms model in place. A pattern that does not apply is not an error; an error means the
  // graph could not be transformed safely (and the model is left unchanged or still valid).
  virtual Expected<PassResult> Run(ir::Model& model) = 0;
};

}  // namespace minnow::passes
