//===- CompilerToolSetup.h - what the LLVM-based tools do first -*- C++ -*-===//
//
// kiln-opt, kiln-translate, kiln-run and kiln-compile parse their command
// lines with llvm::cl, which links in every LLVM backend's options and
// answers --version with LLVM's version. This puts them under kiln's
// convention (ToolConventions.h): --version names kiln and the LLVM it was
// built with, and --help lists the tool's own options, the LLVM ones only
// under --help-hidden (they still parse, e.g. --x86-asm-syntax=intel).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_COMPILERTOOLSETUP_H
#define KILN_TOOLS_COMPILERTOOLSETUP_H

#include "tools/OneLineErrors.h"
#include "tools/ToolConventions.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::tools {

/// Call first thing in main.
inline void setUpCompilerTool(const char *tool) {
  static const char *name = tool;
  installOneLineErrorHandlers(tool);
  llvm::cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << versionLine(name) << "\n"; });
}

/// For tools that define no options of their own before main (kiln-opt,
/// kiln-translate: theirs are registered when their driver runs; kiln-run
/// and kiln-compile use cl::HideUnrelatedOptions instead): hides every
/// option registered so far, which came from the libraries, except --help
/// and --version.
inline void hideLibraryOptions() {
  for (auto &entry : llvm::cl::getRegisteredOptions()) {
    llvm::StringRef option = entry.first;
    if (option != "help" && option != "help-list" && option != "version" &&
        entry.second->getOptionHiddenFlag() == llvm::cl::NotHidden)
      entry.second->setHiddenFlag(llvm::cl::Hidden);
  }
}

} // namespace kiln::tools

#endif // KILN_TOOLS_COMPILERTOOLSETUP_H
