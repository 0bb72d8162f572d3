//===- ToolConventions.h - what every kiln tool does alike ------*- C++ -*-===//
//
// The command-line convention of every program in build/bin: `--help` (or
// `-h`) prints usage on stdout and exits 0; `--version` prints kiln's
// version and the LLVM it was built with and exits 0; an unknown option, a
// missing argument or a bad value is one line on stderr (then a hint to
// try --help) and exit code 1. Header-only and free of LLVM, so the
// runtime's tools share it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_TOOLCONVENTIONS_H
#define KILN_TOOLS_TOOLCONVENTIONS_H

#include "tools/Version.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace kiln::tools {

/// The exit code of every usage error.
constexpr int kUsageError = 1;

/// "kiln-run (kiln 0.2.0, LLVM 22.1.8)".
inline std::string versionLine(const char *tool) {
  return std::string(tool) + " (kiln " KILN_VERSION ", LLVM " KILN_LLVM_VERSION
                             ")";
}

/// Handles `--help`/`-h` and `--version` anywhere in argv: prints and exits 0.
inline void handleHelpAndVersion(int argc, char **argv, const char *tool,
                                 const char *usage) {
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--"))
      return;
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::fputs(usage, stdout);
      std::exit(0);
    }
    if (!std::strcmp(argv[i], "--version")) {
      std::printf("%s\n", versionLine(tool).c_str());
      std::exit(0);
    }
  }
}

/// Reports a usage error and returns kUsageError.
inline int usageError(const char *tool, const std::string &message) {
  std::fprintf(stderr, "%s: %s (try '%s --help')\n", tool, message.c_str(),
               tool);
  return kUsageError;
}

/// For a program that takes no arguments: handles --help and --version;
/// any other argument is a usage error (returned; 0 when there is none).
inline int expectNoArguments(int argc, char **argv, const char *tool,
                             const char *usage) {
  handleHelpAndVersion(argc, argv, tool, usage);
  if (argc > 1)
    return usageError(tool,
                      std::string("unexpected argument '") + argv[1] + "'");
  return 0;
}

/// For tools that take no options: the usage error for the first
/// argument that looks like one, or 0 when there is none.
inline int rejectOptions(int argc, char **argv, const char *tool) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] == '-' && argv[i][1] != 0)
      return usageError(tool, std::string("unknown option ") + argv[i]);
  return 0;
}

/// The usage error of a COMMAND-style tool that matched no command form.
inline int commandError(const char *tool, const std::string &command,
                        const char *usage) {
  if (command.empty())
    return usageError(tool, "no COMMAND given");
  // Commands are listed as "\n  NAME " in the usage text.
  if (std::strstr(usage, ("\n  " + command + " ").c_str()))
    return usageError(tool, "wrong arguments for '" + command + "'");
  return usageError(tool, "unknown command '" + command + "'");
}

} // namespace kiln::tools

#endif // KILN_TOOLS_TOOLCONVENTIONS_H
