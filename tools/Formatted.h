//===- Formatted.h - printf into a std::string of any length ----*- C++ -*-===//
//
// Header-only and free of LLVM, for the tools and the example programs.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_FORMATTED_H
#define KILN_TOOLS_FORMATTED_H

#include <cstdarg>
#include <cstdio>
#include <string>

namespace kiln::tools {

/// printf's `pattern` of the arguments, however long the result (a fixed
/// buffer once cut the trainer's --help short).
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
inline std::string
formatted(const char *pattern, ...) {
  va_list args, counting;
  va_start(args, pattern);
  va_copy(counting, args);
  int length = std::vsnprintf(nullptr, 0, pattern, counting);
  va_end(counting);
  std::string text(length > 0 ? static_cast<size_t>(length) : 0, '\0');
  std::vsnprintf(text.data(), text.size() + 1, pattern, args);
  va_end(args);
  return text;
}

} // namespace kiln::tools

#endif // KILN_TOOLS_FORMATTED_H
