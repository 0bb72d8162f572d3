//===- Translations.h - GraphDef translations for kiln-translate -*- C++ -*-===//
#ifndef KILN_FRONTENDS_TFGRAPH_TRANSLATIONS_H
#define KILN_FRONTENDS_TFGRAPH_TRANSLATIONS_H

#include "llvm/Support/raw_ostream.h"

namespace kiln::tfgraph {
/// Registers --import-graphdef (with --feeds/--fetches) and
/// --export-graphdef (with --text) for mlir-translate style drivers. Call
/// before parsing the command line.
void registerTFGraphTranslations();

/// Prints every TF op the GraphDef importer converts, one Markdown list
/// item each, saying whether kiln's autodiff trains through it (the
/// README's table).
void printTFOpTable(llvm::raw_ostream &os);
} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_TRANSLATIONS_H
