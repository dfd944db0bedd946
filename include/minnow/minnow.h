// minnow's public C++ API: load an ONNX model, inspect its inputs and outputs, run it.
//
//   auto session = minnow::Session::LoadFile("model.onnx");
//   if (!session.ok()) { std::cerr << session.status().ToString() << "\n"; return 1; }
//   auto outputs = (*session)->Run({{"x", input_tensor}});
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "minnow/dtype.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow {

// Static description of a model input or output. Unknown dims are -1; named (symbolic) dims
// keep their name in `dim_names` ("" for known or anonymous dims).
struct TensorInfo {
  std::string name;
  DataType dtype = DataType::kUndefined;
  bool has_shape = false;
  std::vector<int64_t> shape;
  std::vector<std::string> dim_names;
};

struct SessionOptions {
  // Intra-op threads; 0 means all cores.
  int num_threads = 0;
};

class Session {
 public:
  // Loads a model file; external data files are read from the model's folder.
  static Expected<std::unique_ptr<Session>> LoadFile(const std::string& path, const SessionOptions& options = {});
  // Loads a serialized model from memory (external data is not allowed).
  static Expected<std::unique_ptr<Session>> LoadBytes(const void* data, size_t size,
                                                      const SessionOptions& options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::vector<TensorInfo>& inputs() const;
  const std::vector<TensorInfo>& outputs() const;

  // Runs the model. Every input must be given. Returns the outputs named in `output_names`
  // (all outputs, in model order, when empty). May be called from several threads at once.
  Expected<std::vector<NamedTensor>> Run(const std::vector<NamedTensor>& inputs,
                                              const std::vector<std::string>& output_names = {}) const;

 // Opaque implementation (public only so the library's own helpers can name it).
  struct Impl;

 private:
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace minnow
