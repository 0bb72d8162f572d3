//===- NpyFuzzer.cpp - libFuzzer target: .npy decoding -------------------===//
//
// The first byte picks a mode: even, the rest is a whole .npy file; odd,
// the next bytes choose a version, dtype text, order and shape that are
// written as a header in NumPy's syntax (so the dictionary parsing and the
// size checks are reached without guessing the magic), followed by the
// rest as data. A decoded tensor must hold exactly its shape's bytes;
// errors must name the file.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "kiln/runtime/npy.h"

using namespace kiln;
using namespace kiln::runtime;

namespace {

std::string structuredFile(fuzz::FuzzedInput &input) {
  static const char *const kDescrs[] = {"'<f4'", "'<f8'", "'<f2'", "'|i1'",
                                        "'<i2'", "'<i4'", "'<i8'", "'|u1'",
                                        "'|b1'", "'>f4'", "'<c8'", "'|O'"};
  static const char *const kDims[] = {"0",
                                      "1",
                                      "2",
                                      "3",
                                      "7",
                                      "-1",
                                      "65536",
                                      "4294967296",
                                      "281474976710656",
                                      "9223372036854775807",
                                      "",
                                      " ",
                                      "x"};
  unsigned version = 1 + input.below(3);
  std::string header = "{'descr': ";
  header += kDescrs[input.below(std::size(kDescrs))];
  header += ", 'fortran_order': ";
  header += input.flag() ? "False" : "True";
  header += ", 'shape': (";
  for (unsigned rank = input.below(6), i = 0; i < rank; ++i)
    header += std::string(kDims[input.below(std::size(kDims))]) + ", ";
  header += "), }";
  if (input.flag())
    header.erase(input.below(header.size()), input.below(8));
  header += '\n';

  std::string file = "\x93NUMPY";
  file += char(version);
  file += '\0';
  size_t length = header.size();
  for (int i = 0; i < (version == 1 ? 2 : 4); ++i)
    file += char(length >> (8 * i));
  return file + header + std::string(input.rest());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::FuzzedInput input(data, size);
  std::string file =
      input.byte() & 1 ? structuredFile(input) : std::string(input.rest());
  HostTensor tensor;
  Status status = decodeNpy(file, "fuzz.npy", tensor);
  fuzz::expectNamed(status, "fuzz.npy");
  if (status.ok() && tensor.data.size() != size_t(tensor.elementCount()) *
                                               dtypeSize(tensor.dtype))
    fuzz::finding("decoded bytes do not match the shape");
  return 0;
}
