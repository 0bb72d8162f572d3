//===- Output.h - printing fetched tensors ----------------------*- C++ -*-===//
#ifndef KILN_TOOLS_KILN_RUN_OUTPUT_H
#define KILN_TOOLS_KILN_RUN_OUTPUT_H

#include "kiln/runtime/npy.h"

#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace kiln {
/// Prints "NAME: f32[2,3] [[...], [...]]", all elements up to 1000 (then an
/// ellipsis), floats with 7 significant digits.
void printTensor(llvm::raw_ostream &os, const std::string &name,
                 const runtime::HostTensor &tensor);
} // namespace kiln

#endif // KILN_TOOLS_KILN_RUN_OUTPUT_H
