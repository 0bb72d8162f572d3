//===- status_cc.h - kiln's one C++ error type ----------------------------===//
//
// Every C++ part of kiln, runtime and compiler alike, reports failure as
// this small value type: a code and a message that names what is at fault
// (the file and byte offset, the node and op, the tensor, the target). At
// the C API it becomes the heap-allocated kiln_status_t (status.h) through
// `toKilnStatusCode`. The codes are a superset of kiln_status_code_t: the
// extra ones (OutOfRange for a clean end of input, Cancelled for a stopped
// queue, DataLoss for corrupt bytes, Unimplemented for something not built
// in) are what callers need to tell apart.
//
// Thread-safety: a Status is a plain value; copies are independent.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_STATUS_CC_H
#define KILN_RUNTIME_STATUS_CC_H

#include "kiln/runtime/status.h"

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace kiln {

enum class StatusCode {
  Ok,
  InvalidArgument,
  NotFound,
  FailedPrecondition,
  ResourceExhausted,
  Internal,
  OutOfRange, // the input ended where a record could end
  Cancelled,  // a queue was cancelled or a coordinator asked to stop
  DataLoss,   // bytes are corrupt or truncated
  Unimplemented,
  PermissionDenied,
  Unavailable, // a server could not be reached, or answered "try later"
};

class Status {
public:
  /// Success.
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::Ok; }
  StatusCode code() const { return code_; }
  const std::string &message() const { return message_; }

  /// "OK", or the code's name followed by the message.
  std::string toString() const;

private:
  StatusCode code_ = StatusCode::Ok;
  std::string message_;
};

/// The name of `code`, e.g. "DATA_LOSS".
const char *statusCodeName(StatusCode code);

/// The closest C API code for `code`.
kiln_status_code_t toKilnStatusCode(StatusCode code);

/// Shorthands that keep call sites on one line.
inline Status invalidArgument(std::string message) {
  return Status(StatusCode::InvalidArgument, std::move(message));
}
inline Status dataLoss(std::string message) {
  return Status(StatusCode::DataLoss, std::move(message));
}
inline Status notFound(std::string message) {
  return Status(StatusCode::NotFound, std::move(message));
}
inline Status outOfRange(std::string message) {
  return Status(StatusCode::OutOfRange, std::move(message));
}

inline Status internalError(std::string message) {
  return Status(StatusCode::Internal, std::move(message));
}

/// A value or the error that prevented it, as absl::StatusOr and
/// llvm::Expected: functions that make something return this instead of
/// taking an out-parameter and an error string.
template <typename T> class StatusOr {
public:
  StatusOr(T value) : value_(std::move(value)) {}
  /// An error; a success status carries no value and is a bug.
  StatusOr(Status status) : status_(std::move(status)) {
    assert(!status_.ok() && "StatusOr needs a value or an error");
    if (status_.ok())
      status_ = Status(StatusCode::Internal, "StatusOr without a value");
  }

  bool ok() const { return status_.ok(); }
  const Status &status() const { return status_; }

  T &value() & { return *value_; }
  const T &value() const & { return *value_; }
  T &&value() && { return std::move(*value_); }
  T &operator*() & { return *value_; }
  const T &operator*() const & { return *value_; }
  T *operator->() { return &*value_; }
  const T *operator->() const { return &*value_; }

private:
  Status status_;
  std::optional<T> value_;
};

} // namespace kiln

/// Returns from the enclosing function when `expr` is an error.
#define KILN_RETURN_IF_ERROR(expr)                                             \
  do {                                                                         \
    ::kiln::Status kilnStatus_ = (expr);                                       \
    if (!kilnStatus_.ok())                                                     \
      return kilnStatus_;                                                      \
  } while (0)

#endif // KILN_RUNTIME_STATUS_CC_H
