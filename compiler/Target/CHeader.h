//===- CHeader.h - the self-describing C header of an AOT step --*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_CHEADER_H
#define KILN_COMPILER_TARGET_CHEADER_H

#include "compiler/Target/StepSignature.h"

#include <string>

namespace kiln {

/// The text of NAME.h: it includes only kiln/runtime/executable.h (and
/// refuses another step ABI version), declares NAME_run with the step ABI's
/// signature and a `kiln_step_info_t NAME_info()` describing every input,
/// variable (the `arguments` marked variable) and output (name, dtype,
/// shape, bytes, device) and the arena, plus NAME_NUM_* counts and
/// per-buffer and arena byte-size macros for static allocation.
std::string generateCHeader(const std::string &name,
                            const std::vector<TensorSignature> &arguments,
                            const std::vector<TensorSignature> &outputs,
                            int64_t arenaBytes, int64_t arenaAlignment);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_CHEADER_H
