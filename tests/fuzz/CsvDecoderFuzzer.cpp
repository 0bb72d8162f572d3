//===- CsvDecoderFuzzer.cpp - libFuzzer target: CSV decoding --------------===//
//
// The first two bytes choose the options (delimiter, quoting, na_value) and
// the column types and defaults; the rest is split into lines, each decoded
// as a record. Any crash or sanitizer report is a finding, and every error
// must name the line it came from.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/io/csv.h"

#include <cstdio>
#include <cstdlib>

using namespace kiln::runtime::io;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  CsvOptions options;
  const char delimiters[] = {',', '\t', ';', '|', ' ', '"', 'a', '\0'};
  options.delimiter = delimiters[data[0] & 7];
  options.quoting = (data[0] & 8) != 0;
  if (data[0] & 16)
    options.naValue = "NA";
  // Up to 8 columns; two bits of type and one of "has default" each.
  std::vector<CsvColumn> columns;
  size_t count = 1 + (data[1] & 7);
  for (size_t i = 0; i < count; ++i) {
    unsigned bits = (data[1] >> 3) + static_cast<unsigned>(i) * 5;
    bool fallback = bits & 4;
    switch (bits % 5) {
    case 0:
      columns.push_back(fallback ? CsvColumn::int32(0) : CsvColumn::int32());
      break;
    case 1:
      columns.push_back(fallback ? CsvColumn::int64(int64_t(0))
                                 : CsvColumn::int64());
      break;
    case 2:
      columns.push_back(fallback ? CsvColumn::float32(0.f)
                                 : CsvColumn::float32());
      break;
    case 3:
      columns.push_back(fallback ? CsvColumn::float64(0.0)
                                 : CsvColumn::float64());
      break;
    default:
      columns.push_back(fallback ? CsvColumn::string(std::string("-"))
                                 : CsvColumn::string());
    }
  }
  std::string text(reinterpret_cast<const char *>(data + 2), size - 2);
  std::vector<CsvValue> row;
  size_t line = 1;
  for (size_t start = 0; start <= text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::string where = "fuzz.csv line " + std::to_string(line);
    Status status = decodeCsvLine(std::string_view(text).substr(start, end - start),
                                  columns, options, row, where);
    if (!status.ok() && status.message().rfind(where, 0) != 0) {
      std::fprintf(stderr, "error does not name the line: %s\n",
                   status.toString().c_str());
      std::abort();
    }
    if (status.ok() && row.size() != columns.size())
      std::abort();
    start = end + 1;
  }
  return 0;
}
