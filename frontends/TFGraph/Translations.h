//===- Translations.h - GraphDef translations for kiln-translate -*- C++ -*-===//
#ifndef KILN_FRONTENDS_TFGRAPH_TRANSLATIONS_H
#define KILN_FRONTENDS_TFGRAPH_TRANSLATIONS_H

namespace kiln::tfgraph {
/// Registers --import-graphdef (with --feeds/--fetches) and
/// --export-graphdef (with --text) for mlir-translate style drivers. Call
/// before parsing the command line.
void registerTFGraphTranslations();
} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_TRANSLATIONS_H
