//===- status.h - errors from the runtime's input/output layer ------------===//
//
// The I/O layer reports errors with kiln's one C++ status type
// (kiln/runtime/status_cc.h); these names keep its call sites short.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_STATUS_H
#define KILN_RUNTIME_IO_STATUS_H

#include "kiln/runtime/status_cc.h"

namespace kiln::runtime::io {

using ::kiln::dataLoss;
using ::kiln::invalidArgument;
using ::kiln::notFound;
using ::kiln::outOfRange;
using ::kiln::Status;
using ::kiln::StatusCode;
using ::kiln::statusCodeName;
using ::kiln::toKilnStatusCode;

} // namespace kiln::runtime::io

#define KILN_IO_RETURN_IF_ERROR(expr) KILN_RETURN_IF_ERROR(expr)

#endif // KILN_RUNTIME_IO_STATUS_H
