//===- TFRecordReaderFuzzer.cpp - libFuzzer target: the TFRecord reader ---===//
//
// The first byte picks a mode:
//   bits 0-1  compression (none, GZIP, ZLIB; 3 = none);
//   bit 2     "framed": the rest is split on 0xff bytes into records that
//             are framed with correct CRCs (and compressed) by the writer -
//             a fuzzer could never guess the CRCs, so this is how it reaches
//             the code past them; they must read back unchanged;
//   bit 3     with "framed": flip the byte at the position the next two
//             bytes give, after compression - the reader must then report
//             an error or return records, never crash.
// Otherwise the rest is the file's bytes as they are. Errors must name the
// stream. Any crash, leak, sanitizer report or failed check is a finding.
//
//===----------------------------------------------------------------------===//

#include "MemoryFileSystem.h"

#include "kiln/runtime/io/record_reader.h"
#include "kiln/runtime/io/record_writer.h"

#include <cstdio>
#include <cstdlib>

using namespace kiln::runtime::io;

namespace {

const char kName[] = "fuzz.tfrecord";

[[noreturn]] void finding(const char *what, const Status &status) {
  std::fprintf(stderr, "%s: %s\n", what, status.toString().c_str());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const Compression kinds[] = {Compression::None, Compression::Gzip,
                               Compression::Zlib, Compression::None};
  uint8_t mode = data[0];
  Compression compression = kinds[mode & 3];
  bool framed = mode & 4, corrupt = (mode & 8) && size >= 3;
  std::string rest(reinterpret_cast<const char *>(data + 1), size - 1);
  size_t flipAt = 0;
  if (corrupt) {
    flipAt = static_cast<uint8_t>(rest[0]) | static_cast<uint8_t>(rest[1]) << 8;
    rest.erase(0, 2);
  }

  std::vector<std::string> written;
  std::string file = rest;
  if (framed) {
    for (size_t start = 0; start <= rest.size();) {
      size_t end = rest.find('\xff', start);
      if (end == std::string::npos)
        end = rest.size();
      written.push_back(rest.substr(start, end - start));
      start = end + 1;
    }
    file.clear();
    RecordWriterOptions options;
    options.compression = compression;
    RecordWriter writer(
        std::make_unique<kiln::fuzz::StringOutputStream>(file, kName), options);
    for (const std::string &record : written) {
      Status status = writer.write(record);
      if (!status.ok())
        finding("write failed", status);
    }
    Status status = writer.close();
    if (!status.ok())
      finding("close failed", status);
    if (corrupt && !file.empty())
      file[flipAt % file.size()] ^= 0x5a;
  }

  RecordReaderOptions options;
  options.compression = compression;
  // A small limit keeps a fuzzed length from costing real memory.
  options.maxRecordBytes = 1 << 20;
  RecordReader reader(makeMemoryInputStream(file, kName), options);
  std::vector<std::string> read;
  std::string record;
  Status status;
  while ((status = reader.read(record)).ok())
    read.push_back(record);
  if (status.message().find(kName) == std::string::npos)
    finding("error does not name the file", status);
  if (framed && !corrupt) {
    if (status.code() != StatusCode::OutOfRange)
      finding("a well-framed file did not read back", status);
    if (read != written)
      finding("records changed in a round trip", status);
  }
  return 0;
}
