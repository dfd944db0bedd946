/* minnow's C API: load an ONNX model, inspect its inputs and outputs, run it. No C++ exception
 * crosses this boundary; every fallible call returns a minnow_status* that is NULL on success.
 *
 *   minnow_session* s;
 *   minnow_status* st = minnow_session_load_file("model.onnx", &s);
 *   if (st) { fprintf(stderr, "%s\n", minnow_status_message(st)); minnow_status_free(st); return 1; }
 *   minnow_tensor in = {"x", MINNOW_FLOAT32, 2, dims, data, sizeof data};
 *   minnow_tensor* outs; size_t n;
 *   st = minnow_session_run(s, &in, 1, NULL, 0, &outs, &n);
 *   ...
 *   minnow_tensors_free(outs, n);
 *   minnow_session_free(s);
 */
#ifndef MINNOW_MINNOW_C_H_
#define MINNOW_MINNOW_C_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element types; the values are ONNX's TensorProto.DataType. */
typedef enum minnow_dtype {
  MINNOW_UNDEFINED = 0,
  MINNOW_FLOAT32 = 1,
  MINNOW_UINT8 = 2,
  MINNOW_INT8 = 3,
  MINNOW_UINT16 = 4,
  MINNOW_INT16 = 5,
  MINNOW_INT32 = 6,
  MINNOW_INT64 = 7,
  MINNOW_BOOL = 9,
  MINNOW_FLOAT16 = 10,
  MINNOW_FLOAT64 = 11,
  MINNOW_UINT32 = 12,
  MINNOW_UINT64 = 13,
  MINNOW_BFLOAT16 = 16
} minnow_dtype;

/* Same meanings as minnow::StatusCode. */
typedef enum minnow_status_code {
  MINNOW_OK = 0,
  MINNOW_INVALID_ARGUMENT = 1,
  MINNOW_INVALID_MODEL = 2,
  MINNOW_UNSUPPORTED = 3,
  MINNOW_NOT_FOUND = 4,
  MINNOW_IO_ERROR = 5,
  MINNOW_OUT_OF_RANGE = 6,
  MINNOW_INTERNAL = 7
} minnow_status_code;

typedef struct minnow_status minnow_status;
typedef struct minnow_session minnow_session;

/* A named dense tensor in C order. For inputs the caller owns every pointer and `data` must hold
 * exactly `nbytes` = element count * element size bytes (the library copies it). Outputs are
 * allocated by the library and released with minnow_tensors_free. */
typedef struct minnow_tensor {
  const char* name;
  int32_t dtype; /* a minnow_dtype */
  size_t rank;
  const int64_t* dims; /* rank entries; may be NULL when rank is 0 */
  const void* data;
  size_t nbytes;
} minnow_tensor;

/* Status: NULL means success. Code and message of NULL are MINNOW_OK and "". */
minnow_status_code minnow_status_get_code(const minnow_status* status);
const char* minnow_status_message(const minnow_status* status);
void minnow_status_free(minnow_status* status);

/* Bytes per element (0 for unknown types) and a short name ("f32", "i64", ...). */
size_t minnow_dtype_size(int32_t dtype);
const char* minnow_dtype_name(int32_t dtype);

/* Loading. On success *out receives a session to free with minnow_session_free; on failure *out
 * is set to NULL. load_bytes rejects models with external data. */
minnow_status* minnow_session_load_file(const char* path, minnow_session** out);
minnow_status* minnow_session_load_bytes(const void* data, size_t size, minnow_session** out);
void minnow_session_free(minnow_session* session);

/* Model interface. Indices out of range give NULL / MINNOW_UNDEFINED / -1. Rank is -1 when the
 * model gives no shape; a dim is -1 when unknown or symbolic, and dim_name then gives its symbol
 * ("" when anonymous or known). Returned strings live as long as the session. */
size_t minnow_session_input_count(const minnow_session* session);
const char* minnow_session_input_name(const minnow_session* session, size_t index);
int32_t minnow_session_input_dtype(const minnow_session* session, size_t index);
int64_t minnow_session_input_rank(const minnow_session* session, size_t index);
int64_t minnow_session_input_dim(const minnow_session* session, size_t index, size_t axis);
const char* minnow_session_input_dim_name(const minnow_session* session, size_t index, size_t axis);

size_t minnow_session_output_count(const minnow_session* session);
const char* minnow_session_output_name(const minnow_session* session, size_t index);
int32_t minnow_session_output_dtype(const minnow_session* session, size_t index);
int64_t minnow_session_output_rank(const minnow_session* session, size_t index);
int64_t minnow_session_output_dim(const minnow_session* session, size_t index, size_t axis);
const char* minnow_session_output_dim_name(const minnow_session* session, size_t index, size_t axis);

/* Runs the model on `inputs` (every model input, by name). Computes the outputs named in
 * `output_names` (all outputs, in model order, when num_output_names is 0) and stores a
 * library-allocated array of them in *outputs and its length in *num_outputs. Safe to call from
 * several threads on one session. */
minnow_status* minnow_session_run(const minnow_session* session, const minnow_tensor* inputs, size_t num_inputs,
                                  const char* const* output_names, size_t num_output_names,
                                  minnow_tensor** outputs, size_t* num_outputs);
/* Frees an output array from minnow_session_run (names, dims and data included). NULL is fine. */
void minnow_tensors_free(minnow_tensor* tensors, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* MINNOW_MINNOW_C_H_ */
