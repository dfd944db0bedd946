// Session: the public API over importer + runtime executor.
#include <exception>
#include <new>

#include "importer/onnx_importer.h"
#include "minnow/minnow.h"
#include "runtime/executor.h"

namespace minnow {

struct Session::Impl {
  ir::Model model;
  std::unique_ptr<runtime::Executor> executor;
  std::vector<TensorInfo> inputs;
  std::vector<TensorInfo> outputs;
};

namespace {

TensorInfo DescribeValue(const ir::Value& v) {
  TensorInfo info;
  info.name = v.name();
  info.dtype = v.dtype();
  if (v.shape()) {
    info.has_shape = true;
    for (const auto& d : *v.shape()) {
      info.shape.push_back(d.is_known() ? d.size : -1);
      info.dim_names.push_back(d.symbol);
    }
  }
  return info;
}

Expected<std::unique_ptr<Session::Impl>> BuildSession(Expected<ir::Model> model) {
  if (!model.ok()) return model.status();
  auto impl = std::make_unique<Session::Impl>();
  impl->model = std::move(model).value();
  auto ex = runtime::Executor::Create(impl->model);
  if (!ex.ok()) return ex.status();
  impl->executor = std::move(ex).value();
  for (const ir::Value* v : impl->model.graph->inputs()) impl->inputs.push_back(DescribeValue(*v));
  for (const ir::Value* v : impl->model.graph->outputs()) impl->outputs.push_back(DescribeValue(*v));
  return std::move(impl);
}

}  // namespace

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

Expected<std::unique_ptr<Session>> Session::LoadFile(const std::string& path, const SessionOptions& options) {
  try {
    auto impl = BuildSession(importer::ImportOnnxFile(path));
    if (!impl.ok()) return impl.status();
    return std::unique_ptr<Session>(new Session(std::move(impl).value()));
  } catch (const std::bad_alloc&) {
    return OutOfRange("out of memory while loading " + path);
  }
}

Expected<std::unique_ptr<Session>> Session::LoadBytes(const void* data, size_t size, const SessionOptions& options) {
  try {
    auto impl = BuildSession(importer::ImportOnnxBytes(data, size));
    if (!impl.ok()) return impl.status();
    return std::unique_ptr<Session>(new Session(std::move(impl).value()));
  } catch (const std::bad_alloc&) {
    return OutOfRange("out of memory while loading model");
  }
}

const std::vector<TensorInfo>& Session::inputs() const { return impl_->inputs; }
const std::vector<TensorInfo>& Session::outputs() const { return impl_->outputs; }

Expected<std::vector<NamedTensor>> Session::Run(const std::vector<NamedTensor>& inputs,
                                                     const std::vector<std::string>& output_names) const {
  try {
    return impl_->executor->Run(inputs, output_names);
  } catch (const std::bad_alloc&) {
    return OutOfRange("out of memory while running the model");
  }
}

}  // namespace minnow
