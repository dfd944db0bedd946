// Status and Expected<T>: how every fallible minnow function reports errors, as values.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace minnow {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller passed something wrong (shape, name, option)
  kInvalidModel,     // the model file or graph is malformed
  kUnsupported,      // valid, but minnow does not implement it
  kNotFound,         // a file, input or value that should exist does not
  kIoError,          // reading or writing a file failed
  kOutOfRange,       // a size or index beyond what can be represented or allocated
  kInternal,         // a bug in minnow
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid model: node 'conv1' reads missing value 'x'"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status InvalidModel(std::string m) { return {StatusCode::kInvalidModel, std::move(m)}; }
inline Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// A value or the Status explaining why there is none (std::expected is C++23).
template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Expected(Status status) : v_(std::move(status)) {  // NOLINT
    if (std::get<Status>(v_).ok()) v_ = Status(StatusCode::kInternal, "Expected built from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace minnow

#define MINNOW_CONCAT_INNER(a, b) a##b
#define MINNOW_CONCAT(a, b) MINNOW_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function if `expr` is not ok.
#define MINNOW_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::minnow::Status minnow_status_ = (expr);        \
    if (!minnow_status_.ok()) return minnow_status_; \
  } while (0)

// `lhs = value of expr`, or return its Status. lhs may declare a variable: `auto x`.
#define MINNOW_ASSIGN_OR_RETURN(lhs, expr) \
  MINNOW_ASSIGN_OR_RETURN_IMPL(MINNOW_CONCAT(minnow_expected_, __LINE__), lhs, expr)
#define MINNOW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
