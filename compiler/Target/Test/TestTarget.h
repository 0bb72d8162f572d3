//===- TestTarget.h - a second device for placement tests --------*- C++ -*-===//
//
// `test-gpu` stands in for a GPU in kiln-opt's lit tests until the CUDA
// target exists: it serves TensorFlow's `GPU` devices (one per host), has
// kernels for element-wise ops only (one result, every operand of the
// result's type) and a memory space of its own, and generates no code.
// Only kiln-opt registers it; drivers never see it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_TEST_TESTTARGET_H
#define KILN_COMPILER_TARGET_TEST_TESTTARGET_H

namespace kiln {

/// Registers `test-gpu` with the target registry.
void registerTestTargets();

} // namespace kiln

#endif // KILN_COMPILER_TARGET_TEST_TESTTARGET_H
