//===- csv.h - CSV lines into typed columns, like tf.io.decode_csv --------===//
//
// Each column has a type (int32, int64, float, double, string) and, as TF's
// record_defaults, either a default value or none. A field that is empty (or
// equals `naValue`) takes its column's default; with no default it is an
// error. Fields are split on a one-character delimiter; with quoting on
// (the default) a field may be wrapped in double quotes, inside which the
// delimiter is literal and a doubled quote "" is one quote (RFC 4180); a
// quote elsewhere in a field is an error, as in TF. Records are single
// lines, as TF's TextLineDataset reads them; an empty line is a record of
// no fields.
//
// Every error names where the line came from ("train.csv line 12") and the
// column.
//
// Thread-safety: decodeCsvLine is a pure function; a CsvReader is used by
// one thread at a time.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_CSV_H
#define KILN_RUNTIME_IO_CSV_H

#include "kiln/runtime/io/compression.h"
#include "kiln/runtime/io/line_reader.h"

#include <optional>
#include <variant>
#include <vector>

namespace kiln::runtime::io {

enum class CsvType { Int32, Int64, Float, Double, String };

/// "int32", "int64", "float", "double", "string".
const char *csvTypeName(CsvType type);

/// One decoded field; the alternative matches the column's CsvType, in
/// enum order.
using CsvValue = std::variant<int32_t, int64_t, float, double, std::string>;

struct CsvColumn {
  CsvType type = CsvType::String;
  /// The record_default; nullopt makes the column required. Must hold the
  /// alternative `type` selects.
  std::optional<CsvValue> defaultValue;

  static CsvColumn int32(std::optional<int32_t> fallback = std::nullopt);
  static CsvColumn int64(std::optional<int64_t> fallback = std::nullopt);
  static CsvColumn float32(std::optional<float> fallback = std::nullopt);
  static CsvColumn float64(std::optional<double> fallback = std::nullopt);
  static CsvColumn string(std::optional<std::string> fallback = std::nullopt);
};

struct CsvOptions {
  char delimiter = ',';
  /// Treat double quotes as RFC 4180 quoting (TF's use_quote_delim).
  bool quoting = true;
  /// A field equal to this (besides the empty field) takes the default.
  std::string naValue;
};

/// Decodes one line (without its newline) into one value per column.
/// `where` names the line in errors, e.g. "train.csv line 3".
Status decodeCsvLine(std::string_view line,
                     const std::vector<CsvColumn> &columns,
                     const CsvOptions &options, std::vector<CsvValue> &out,
                     const std::string &where = "CSV record");

struct CsvReaderOptions {
  CsvOptions csv;
  /// Lines to skip before the first record (a header).
  uint64_t headerLines = 0;
  /// Skip lines that are empty (TF's TextLineDataset does not; off).
  bool skipEmptyLines = false;
  Compression compression = Compression::None;
};

/// Reads a CSV file a record at a time; errors name the file and line.
class CsvReader {
public:
  static Status open(const std::string &path,
                     std::vector<CsvColumn> columns,
                     const CsvReaderOptions &options,
                     std::unique_ptr<CsvReader> &out);

  /// The next record; OutOfRange at the end of the file.
  Status read(std::vector<CsvValue> &record);

private:
  CsvReader(std::unique_ptr<LineReader> lines, std::vector<CsvColumn> columns,
            const CsvReaderOptions &options)
      : lines_(std::move(lines)), columns_(std::move(columns)),
        options_(options) {}

  std::unique_ptr<LineReader> lines_;
  std::vector<CsvColumn> columns_;
  CsvReaderOptions options_;
  std::string line_;
};

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_CSV_H
