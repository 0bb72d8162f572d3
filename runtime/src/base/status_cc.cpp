//===- status_cc.cpp - kiln's one C++ error type --------------------------===//

#include "kiln/runtime/status_cc.h"

namespace kiln {

const char *statusCodeName(StatusCode code) {
  switch (code) {
  case StatusCode::Ok:
    return "OK";
  case StatusCode::InvalidArgument:
    return "INVALID_ARGUMENT";
  case StatusCode::NotFound:
    return "NOT_FOUND";
  case StatusCode::FailedPrecondition:
    return "FAILED_PRECONDITION";
  case StatusCode::ResourceExhausted:
    return "RESOURCE_EXHAUSTED";
  case StatusCode::Internal:
    return "INTERNAL";
  case StatusCode::OutOfRange:
    return "OUT_OF_RANGE";
  case StatusCode::Cancelled:
    return "CANCELLED";
  case StatusCode::DataLoss:
    return "DATA_LOSS";
  case StatusCode::Unimplemented:
    return "UNIMPLEMENTED";
  case StatusCode::PermissionDenied:
    return "PERMISSION_DENIED";
  case StatusCode::Unavailable:
    return "UNAVAILABLE";
  }
  return "UNKNOWN";
}

std::string Status::toString() const {
  if (ok())
    return "OK";
  return std::string(statusCodeName(code_)) + ": " + message_;
}

kiln_status_code_t toKilnStatusCode(StatusCode code) {
  switch (code) {
  case StatusCode::Ok:
    return KILN_STATUS_OK;
  case StatusCode::InvalidArgument:
  case StatusCode::DataLoss:
    return KILN_STATUS_INVALID_ARGUMENT;
  case StatusCode::NotFound:
    return KILN_STATUS_NOT_FOUND;
  case StatusCode::FailedPrecondition:
  case StatusCode::OutOfRange:
  case StatusCode::Cancelled:
  case StatusCode::Unimplemented:
  case StatusCode::PermissionDenied:
  case StatusCode::Unavailable:
    return KILN_STATUS_FAILED_PRECONDITION;
  case StatusCode::ResourceExhausted:
    return KILN_STATUS_RESOURCE_EXHAUSTED;
  case StatusCode::Internal:
    return KILN_STATUS_INTERNAL;
  }
  return KILN_STATUS_INTERNAL;
}

} // namespace kiln
