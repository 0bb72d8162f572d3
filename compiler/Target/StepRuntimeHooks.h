//===- StepRuntimeHooks.h - runtime calls around a step's body --*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_STEPRUNTIMEHOOKS_H
#define KILN_COMPILER_TARGET_STEPRUNTIMEHOOKS_H

#include <string>

namespace kiln {

/// C functions of the target's runtime a step's entry calls around its
/// body (Target::stepRuntimeHooks); empty names are not called.
struct StepRuntimeHooks {
  /// `int32_t f(int32_t)`: called with the context's max_threads before
  /// the body and with what it returned after.
  std::string threadLimitFunction;
  /// `int32_t f(void)`: called after the body; its kiln_status_code_t is
  /// what the step returns (work a device refused, a GPU missing).
  std::string statusFunction;
};

} // namespace kiln

#endif // KILN_COMPILER_TARGET_STEPRUNTIMEHOOKS_H
