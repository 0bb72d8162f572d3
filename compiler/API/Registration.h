//===- Registration.h - dialects and passes kiln tools load -----*- C++ -*-===//
//
// Tools call these instead of MLIR's InitAll* headers: kiln only needs its
// own dialect plus the upstream dialects it lowers to, and including every
// upstream dialect would slow every build of every tool.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_REGISTRATION_H
#define KILN_COMPILER_API_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace kiln {

/// Adds the kiln dialect and the upstream dialects kiln IR is lowered
/// through (func, arith, math, tensor, linalg, bufferization, memref, scf,
/// vector, llvm, gpu, nvvm) to `registry`.
void registerAllKilnDialects(mlir::DialectRegistry &registry);

/// Registers every kiln pass and named pipeline, plus the upstream generic
/// passes (canonicalize, cse, ...) that kiln pipelines use. Idempotent.
void registerAllKilnPasses();

/// Registers every frontend (frontends/: kiln's MLIR, TensorFlow
/// GraphDefs) with the frontend registry. Idempotent.
void registerAllKilnFrontends();

/// Registers every code generation target (compiler/Target/) with the
/// target registry. Idempotent; registerAllKilnPasses calls it, since
/// pipelines and passes take targets as options.
void registerAllKilnTargets();

} // namespace kiln

#endif // KILN_COMPILER_API_REGISTRATION_H
