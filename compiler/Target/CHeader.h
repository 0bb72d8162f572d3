//===- CHeader.h - the self-describing C header of an AOT step --*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_CHEADER_H
#define KILN_COMPILER_TARGET_CHEADER_H

#include "compiler/Target/StepSignature.h"

#include <string>

namespace kiln {

/// The text of NAME.h: it includes only kiln/runtime/executable.h and
/// declares `void NAME_run(const void *const *, void *const *)`, a
/// `kiln_step_info_t NAME_info()` describing every argument and result
/// (name, dtype, shape, bytes), and NAME_NUM_INPUTS / NAME_NUM_OUTPUTS
/// and per-buffer byte-size macros for static allocation.
/// `arenaBytes` is the step's planned working memory, which the step
/// allocates itself on each call (NAME_ARENA_BYTES, for information).
std::string generateCHeader(const std::string &name,
                            const std::vector<TensorSignature> &inputs,
                            const std::vector<TensorSignature> &outputs,
                            int64_t arenaBytes);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_CHEADER_H
