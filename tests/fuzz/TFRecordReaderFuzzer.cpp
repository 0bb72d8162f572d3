//===- TFRecordReaderFuzzer.cpp - libFuzzer target: the TFRecord reader ---===//
//
// The first byte picks the compression (none, GZIP, ZLIB) so the inflate
// layer is fuzzed too; the rest is the file. Every record is read until the
// reader stops; any crash, leak or sanitizer report is a finding. Errors must
// name the stream, which is checked.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/io/record_reader.h"

#include <cstdio>
#include <cstdlib>

using namespace kiln::runtime::io;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const Compression kinds[] = {Compression::None, Compression::Gzip,
                               Compression::Zlib};
  RecordReaderOptions options;
  options.compression = kinds[data[0] % 3];
  // A small limit keeps a fuzzed length from costing real memory.
  options.maxRecordBytes = 1 << 20;
  RecordReader reader(
      makeMemoryInputStream(std::string(reinterpret_cast<const char *>(data + 1),
                                        size - 1),
                            "fuzz.tfrecord"),
      options);
  std::string record;
  for (;;) {
    Status status = reader.read(record);
    if (status.ok())
      continue;
    if (status.message().find("fuzz.tfrecord") == std::string::npos) {
      std::fprintf(stderr, "error does not name the file: %s\n",
                   status.toString().c_str());
      std::abort();
    }
    break;
  }
  return 0;
}
