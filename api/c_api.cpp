// The C API (include/minnow/minnow_c.h) over minnow::Session. Every entry point catches all
// exceptions, so nothing C++ escapes into C callers.
#include "minnow/minnow_c.h"

#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "minnow/minnow.h"

struct minnow_status {
  minnow_status_code code;
  std::string message;
};

struct minnow_session {
  std::unique_ptr<minnow::Session> session;
};

namespace {

// Returned when even the error status cannot be allocated, so the call still reports failure.
minnow_status g_out_of_memory{MINNOW_OUT_OF_RANGE, "out of memory"};

minnow_status* MakeStatus(minnow_status_code code, std::string message) noexcept {
  try {
    return new minnow_status{code, std::move(message)};
  } catch (...) {
    return &g_out_of_memory;
  }
}

minnow_status* FromStatus(const minnow::Status& s) {
  if (s.ok()) return nullptr;
  return MakeStatus(static_cast<minnow_status_code>(s.code()), s.ToString());
}

// Runs `fn` (returning minnow_status*), converting any exception into a status.
template <typename Fn>
minnow_status* Guard(Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return MakeStatus(MINNOW_OUT_OF_RANGE, "out of memory");
  } catch (const std::exception& e) {
    return MakeStatus(MINNOW_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return MakeStatus(MINNOW_INTERNAL, "internal error: unknown exception");
  }
}

const minnow::TensorInfo* Info(const minnow_session* s, size_t index, bool input) {
  if (!s || !s->session) return nullptr;
  const auto& list = input ? s->session->inputs() : s->session->outputs();
  return index < list.size() ? &list[index] : nullptr;
}

int64_t Rank(const minnow::TensorInfo* info) {
  if (!info || !info->has_shape) return -1;
  return static_cast<int64_t>(info->shape.size());
}
int64_t Dim(const minnow::TensorInfo* info, size_t axis) {
  if (!info || !info->has_shape || axis >= info->shape.size()) return -1;
  return info->shape[axis];
}
const char* DimName(const minnow::TensorInfo* info, size_t axis) {
  if (!info || !info->has_shape || axis >= info->dim_names.size()) return nullptr;
  return info->dim_names[axis].c_str();
}

minnow_status* Load(minnow::Expected<std::unique_ptr<minnow::Session>> loaded, minnow_session** out) {
  if (!loaded.ok()) return FromStatus(loaded.status());
  auto* s = new minnow_session{std::move(loaded).value()};
  *out = s;
  return nullptr;
}

// Copies one output into C-owned memory.
void ExportTensor(const minnow::NamedTensor& src, minnow_tensor* dst) {
  char* name = new char[src.name.size() + 1];
  std::memcpy(name, src.name.c_str(), src.name.size() + 1);
  dst->name = name;
  dst->dtype = static_cast<int32_t>(src.tensor.dtype());
  dst->rank = src.tensor.shape().size();
  int64_t* dims = new int64_t[dst->rank == 0 ? 1 : dst->rank];
  for (size_t i = 0; i < dst->rank; ++i) dims[i] = src.tensor.shape()[i];
  dst->dims = dims;
  const size_t n = src.tensor.nbytes();
  auto* data = new unsigned char[n == 0 ? 1 : n];
  if (n) std::memcpy(data, src.tensor.raw_data(), n);
  dst->data = data;
  dst->nbytes = n;
}

void FreeTensorContents(minnow_tensor* t) {
  delete[] t->name;
  delete[] t->dims;
  delete[] static_cast<const unsigned char*>(t->data);
}

}  // namespace

extern "C" {

minnow_status_code minnow_status_get_code(const minnow_status* status) { return status ? status->code : MINNOW_OK; }
const char* minnow_status_message(const minnow_status* status) { return status ? status->message.c_str() : ""; }
void minnow_status_free(minnow_status* status) {
  if (status != &g_out_of_memory) delete status;
}

size_t minnow_dtype_size(int32_t dtype) { return minnow::DataTypeSize(static_cast<minnow::DataType>(dtype)); }
const char* minnow_dtype_name(int32_t dtype) { return minnow::DataTypeName(static_cast<minnow::DataType>(dtype)); }

minnow_status* minnow_session_load_file(const char* path, minnow_session** out) {
  return Guard([&]() -> minnow_status* {
    if (!out) return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_load_file: out is NULL");
    *out = nullptr;
    if (!path) return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_load_file: path is NULL");
    return Load(minnow::Session::LoadFile(path), out);
  });
}

minnow_status* minnow_session_load_bytes(const void* data, size_t size, minnow_session** out) {
  return Guard([&]() -> minnow_status* {
    if (!out) return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_load_bytes: out is NULL");
    *out = nullptr;
    if (!data && size) return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_load_bytes: data is NULL");
    return Load(minnow::Session::LoadBytes(data, size), out);
  });
}

void minnow_session_free(minnow_session* session) { delete session; }

size_t minnow_session_input_count(const minnow_session* s) {
  return s && s->session ? s->session->inputs().size() : 0;
}
const char* minnow_session_input_name(const minnow_session* s, size_t i) {
  const auto* info = Info(s, i, true);
  return info ? info->name.c_str() : nullptr;
}
int32_t minnow_session_input_dtype(const minnow_session* s, size_t i) {
  const auto* info = Info(s, i, true);
  return info ? static_cast<int32_t>(info->dtype) : MINNOW_UNDEFINED;
}
int64_t minnow_session_input_rank(const minnow_session* s, size_t i) { return Rank(Info(s, i, true)); }
int64_t minnow_session_input_dim(const minnow_session* s, size_t i, size_t axis) { return Dim(Info(s, i, true), axis); }
const char* minnow_session_input_dim_name(const minnow_session* s, size_t i, size_t axis) {
  return DimName(Info(s, i, true), axis);
}

size_t minnow_session_output_count(const minnow_session* s) {
  return s && s->session ? s->session->outputs().size() : 0;
}
const char* minnow_session_output_name(const minnow_session* s, size_t i) {
  const auto* info = Info(s, i, false);
  return info ? info->name.c_str() : nullptr;
}
int32_t minnow_session_output_dtype(const minnow_session* s, size_t i) {
  const auto* info = Info(s, i, false);
  return info ? static_cast<int32_t>(info->dtype) : MINNOW_UNDEFINED;
}
int64_t minnow_session_output_rank(const minnow_session* s, size_t i) { return Rank(Info(s, i, false)); }
int64_t minnow_session_output_dim(const minnow_session* s, size_t i, size_t axis) { return Dim(Info(s, i, false), axis); }
const char* minnow_session_output_dim_name(const minnow_session* s, size_t i, size_t axis) {
  return DimName(Info(s, i, false), axis);
}

minnow_status* minnow_session_run(const minnow_session* session, const minnow_tensor* inputs, size_t num_inputs,
                                  const char* const* output_names, size_t num_output_names, minnow_tensor** outputs,
                                  size_t* num_outputs) {
  return Guard([&]() -> minnow_status* {
    if (!outputs || !num_outputs) return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_run: outputs is NULL");
    *outputs = nullptr;
    *num_outputs = 0;
    if (!session || !session->session) return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_run: session is NULL");
    if (num_inputs && !inputs) return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_run: inputs is NULL");
    if (num_output_names && !output_names) {
      return MakeStatus(MINNOW_INVALID_ARGUMENT, "minnow_session_run: output_names is NULL");
    }
    std::vector<minnow::NamedTensor> in;
    for (size_t i = 0; i < num_inputs; ++i) {
      const minnow_tensor& t = inputs[i];
      const std::string label = "input #" + std::to_string(i) + (t.name ? " '" + std::string(t.name) + "'" : "");
      if (!t.name) return MakeStatus(MINNOW_INVALID_ARGUMENT, label + " has no name");
      if (t.rank && !t.dims) return MakeStatus(MINNOW_INVALID_ARGUMENT, label + " has rank > 0 but dims is NULL");
      if (t.nbytes && !t.data) return MakeStatus(MINNOW_INVALID_ARGUMENT, label + " has nbytes > 0 but data is NULL");
      if (t.rank > 64) return MakeStatus(MINNOW_INVALID_ARGUMENT, label + " has rank above 64");
      minnow::Shape shape(t.dims, t.dims + t.rank);
      auto tensor = minnow::Tensor::FromBytes(static_cast<minnow::DataType>(t.dtype), shape, t.data, t.nbytes);
      if (!tensor.ok()) return FromStatus(tensor.status().WithContext(label));
      in.push_back({t.name, std::move(tensor).value()});
    }
    std::vector<std::string> names;
    for (size_t i = 0; i < num_output_names; ++i) {
      if (!output_names[i]) return MakeStatus(MINNOW_INVALID_ARGUMENT, "output name #" + std::to_string(i) + " is NULL");
      names.emplace_back(output_names[i]);
    }
    auto result = session->session->Run(in, names);
    if (!result.ok()) return FromStatus(result.status());
    const size_t n = result->size();
    auto* out = new minnow_tensor[n == 0 ? 1 : n]();
    size_t done = 0;
    try {
      for (; done < n; ++done) ExportTensor((*result)[done], &out[done]);
    } catch (...) {
      for (size_t i = 0; i < n; ++i) FreeTensorContents(&out[i]);  // zeroed entries free nothing
      delete[] out;
      throw;
    }
    *outputs = out;
    *num_outputs = n;
    return nullptr;
  });
}

void minnow_tensors_free(minnow_tensor* tensors, size_t count) {
  if (!tensors) return;
  for (size_t i = 0; i < count; ++i) FreeTensorContents(&tensors[i]);
  delete[] tensors;
}

}  // extern "C"
