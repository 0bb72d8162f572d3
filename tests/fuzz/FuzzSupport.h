//===- FuzzSupport.h - what kiln's fuzz targets share -----------*- C++ -*-===//
//
// `finding` stops the run on a broken invariant (libFuzzer saves the input
// as a crash); `FuzzedInput` hands out the fuzzer's bytes as the small
// choices a structured target makes (a dtype, a dimension, a flag), and
// zeros once they run out, so every input decodes to something.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_FUZZ_FUZZSUPPORT_H
#define KILN_TESTS_FUZZ_FUZZSUPPORT_H

#include "kiln/runtime/status_cc.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace kiln::fuzz {

[[noreturn]] inline void finding(const char *what, const Status &status) {
  std::fprintf(stderr, "finding: %s: %s\n", what, status.toString().c_str());
  std::abort();
}

[[noreturn]] inline void finding(const char *what) {
  std::fprintf(stderr, "finding: %s\n", what);
  std::abort();
}

/// A failed status must name what it was reading.
inline void expectNamed(const Status &status, std::string_view name) {
  if (!status.ok() && status.message().find(name) == std::string::npos)
    finding("the error does not name the input", status);
}

class FuzzedInput {
public:
  FuzzedInput(const uint8_t *data, size_t size)
      : bytes_(reinterpret_cast<const char *>(data), size) {}

  bool empty() const { return bytes_.empty(); }
  uint8_t byte() {
    if (bytes_.empty())
      return 0;
    uint8_t value = static_cast<uint8_t>(bytes_[0]);
    bytes_.remove_prefix(1);
    return value;
  }
  /// A value in [0, bound).
  unsigned below(unsigned bound) { return bound ? byte() % bound : 0; }
  bool flag() { return byte() & 1; }
  uint16_t u16() { return uint16_t(byte() | byte() << 8); }
  /// Up to `size` bytes.
  std::string_view take(size_t size) {
    std::string_view taken = bytes_.substr(0, size);
    bytes_.remove_prefix(taken.size());
    return taken;
  }
  std::string_view rest() {
    std::string_view all = bytes_;
    bytes_ = {};
    return all;
  }

private:
  std::string_view bytes_;
};

} // namespace kiln::fuzz

#endif // KILN_TESTS_FUZZ_FUZZSUPPORT_H
