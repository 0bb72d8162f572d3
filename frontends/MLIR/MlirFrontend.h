//===- MlirFrontend.h - kiln IR in MLIR's text form as a model ---*- C++ -*-===//
//
// A `.mlir` file holding kiln IR is a model as it is: its function "main"
// (or its only function) is the step, its arguments (named by kiln.feed)
// the feeds and its results the fetches. Import options do not apply:
// the function is used as written, and feeds are matched to its
// arguments when the step is specialized.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_MLIR_MLIRFRONTEND_H
#define KILN_FRONTENDS_MLIR_MLIRFRONTEND_H

namespace kiln {

/// Registers the `kiln-mlir` frontend.
void registerMlirFrontend();

} // namespace kiln

#endif // KILN_FRONTENDS_MLIR_MLIRFRONTEND_H
