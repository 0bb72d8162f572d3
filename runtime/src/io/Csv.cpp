//===- Csv.cpp - CSV lines into typed columns -----------------------------===//

#include "kiln/runtime/io/csv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace kiln::runtime::io {

const char *csvTypeName(CsvType type) {
  switch (type) {
  case CsvType::Int32:
    return "int32";
  case CsvType::Int64:
    return "int64";
  case CsvType::Float:
    return "float";
  case CsvType::Double:
    return "double";
  case CsvType::String:
    return "string";
  }
  return "string";
}

CsvColumn CsvColumn::int32(std::optional<int32_t> fallback) {
  return {CsvType::Int32, fallback ? std::optional<CsvValue>(*fallback)
                                   : std::nullopt};
}
CsvColumn CsvColumn::int64(std::optional<int64_t> fallback) {
  return {CsvType::Int64, fallback ? std::optional<CsvValue>(*fallback)
                                   : std::nullopt};
}
CsvColumn CsvColumn::float32(std::optional<float> fallback) {
  return {CsvType::Float, fallback ? std::optional<CsvValue>(*fallback)
                                   : std::nullopt};
}
CsvColumn CsvColumn::float64(std::optional<double> fallback) {
  return {CsvType::Double, fallback ? std::optional<CsvValue>(*fallback)
                                    : std::nullopt};
}
CsvColumn CsvColumn::string(std::optional<std::string> fallback) {
  return {CsvType::String, fallback ? std::optional<CsvValue>(std::move(*fallback))
                                    : std::nullopt};
}

namespace {

/// A field as split from the line, before typing.
struct RawField {
  std::string text;
  bool quoted = false;
};

Status splitFields(std::string_view line, const CsvOptions &options,
                   std::vector<RawField> &fields, const std::string &where) {
  fields.clear();
  // As in TF, an empty line is a record of no fields (not one empty field).
  if (line.empty())
    return Status();
  size_t i = 0;
  for (;;) {
    RawField field;
    if (options.quoting && i < line.size() && line[i] == '"') {
      field.quoted = true;
      size_t open = i++;
      for (;;) {
        if (i >= line.size())
          return invalidArgument(where + ": field " +
                                 std::to_string(fields.size()) +
                                 " opens a quote at character " +
                                 std::to_string(open + 1) +
                                 " that is never closed");
        if (line[i] != '"') {
          field.text.push_back(line[i++]);
          continue;
        }
        if (i + 1 < line.size() && line[i + 1] == '"') { // "" is one quote
          field.text.push_back('"');
          i += 2;
          continue;
        }
        ++i; // the closing quote
        break;
      }
      if (i < line.size() && line[i] != options.delimiter)
        return invalidArgument(
            where + ": field " + std::to_string(fields.size()) +
            " has text after its closing quote at character " +
            std::to_string(i + 1) + "; a quote inside a quoted field is "
                                    "written as \"\"");
    } else {
      size_t end = line.find(options.delimiter, i);
      if (end == std::string_view::npos)
        end = line.size();
      field.text.assign(line.substr(i, end - i));
      // RFC 4180 and TF: a quote may only open a field, and a line break
      // only sits inside quotes.
      size_t stray = field.text.find_first_of(options.quoting ? "\"\r\n"
                                                              : "\r\n");
      if (stray != std::string::npos)
        return invalidArgument(
            where + ": unquoted field " + std::to_string(fields.size()) +
            " has a " + (field.text[stray] == '"' ? "quote" : "line break") +
            " at character " + std::to_string(i + stray + 1) +
            "; quote the field (a quote inside one is written \"\")");
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size())
      return Status();
    ++i; // the delimiter; a line ending in one has an empty last field
    if (i == line.size()) {
      fields.push_back(RawField());
      return Status();
    }
  }
}

/// Strips the spaces and tabs TF's number parsing tolerates around digits.
std::string_view trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return {};
  size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool parseInteger(std::string_view text, int64_t low, int64_t high,
                  int64_t &value) {
  std::string digits(trim(text));
  if (digits.empty())
    return false;
  errno = 0;
  char *end = nullptr;
  long long parsed = std::strtoll(digits.c_str(), &end, 10);
  if (errno != 0 || end != digits.c_str() + digits.size() || parsed < low ||
      parsed > high)
    return false;
  value = parsed;
  return true;
}

bool parseReal(std::string_view text, double &value) {
  std::string digits(trim(text));
  if (digits.empty())
    return false;
  char *end = nullptr;
  value = std::strtod(digits.c_str(), &end);
  // Overflow gives ±HUGE_VAL with ERANGE; TF's parser also yields ±inf
  // there, so only a partial parse is an error.
  return end == digits.c_str() + digits.size();
}

Status typeField(const RawField &field, const CsvColumn &column, size_t index,
                 const CsvOptions &options, CsvValue &out,
                 const std::string &where) {
  bool missing = field.text.empty() ||
                 (!options.naValue.empty() && field.text == options.naValue);
  if (missing) {
    if (!column.defaultValue)
      return invalidArgument(where + ": column " + std::to_string(index) +
                             " (" + csvTypeName(column.type) +
                             ") is empty and has no default");
    out = *column.defaultValue;
    return Status();
  }
  auto invalid = [&]() {
    return invalidArgument(where + ": column " + std::to_string(index) +
                           ": '" + field.text + "' is not a valid " +
                           csvTypeName(column.type));
  };
  switch (column.type) {
  case CsvType::Int32: {
    int64_t value;
    if (!parseInteger(field.text, std::numeric_limits<int32_t>::min(),
                      std::numeric_limits<int32_t>::max(), value))
      return invalid();
    out = static_cast<int32_t>(value);
    return Status();
  }
  case CsvType::Int64: {
    int64_t value;
    if (!parseInteger(field.text, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max(), value))
      return invalid();
    out = value;
    return Status();
  }
  case CsvType::Float: {
    double value;
    if (!parseReal(field.text, value))
      return invalid();
    out = static_cast<float>(value);
    return Status();
  }
  case CsvType::Double: {
    double value;
    if (!parseReal(field.text, value))
      return invalid();
    out = value;
    return Status();
  }
  case CsvType::String:
    out = field.text;
    return Status();
  }
  return invalid();
}

} // namespace

Status decodeCsvLine(std::string_view line,
                     const std::vector<CsvColumn> &columns,
                     const CsvOptions &options, std::vector<CsvValue> &out,
                     const std::string &where) {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].defaultValue &&
        columns[i].defaultValue->index() != static_cast<size_t>(columns[i].type))
      return invalidArgument(where + ": column " + std::to_string(i) +
                             " is " + csvTypeName(columns[i].type) +
                             " but its default has another type");
  if (options.quoting && options.delimiter == '"')
    return invalidArgument(where + ": the delimiter cannot be '\"' while "
                                   "quoting is on");
  std::vector<RawField> fields;
  KILN_IO_RETURN_IF_ERROR(splitFields(line, options, fields, where));
  if (fields.size() != columns.size())
    return invalidArgument(where + ": expected " +
                           std::to_string(columns.size()) + " fields, found " +
                           std::to_string(fields.size()));
  out.resize(columns.size());
  for (size_t i = 0; i < columns.size(); ++i)
    KILN_IO_RETURN_IF_ERROR(
        typeField(fields[i], columns[i], i, options, out[i], where));
  return Status();
}

Status CsvReader::open(const std::string &path, std::vector<CsvColumn> columns,
                       const CsvReaderOptions &options,
                       std::unique_ptr<CsvReader> &out) {
  std::unique_ptr<LineReader> lines;
  KILN_IO_RETURN_IF_ERROR(LineReader::open(path, options.compression, lines));
  out.reset(new CsvReader(std::move(lines), std::move(columns), options));
  return Status();
}

Status CsvReader::read(std::vector<CsvValue> &record) {
  for (;;) {
    KILN_IO_RETURN_IF_ERROR(lines_->readLine(line_));
    if (lines_->lineNumber() <= options_.headerLines)
      continue;
    if (options_.skipEmptyLines && line_.empty())
      continue;
    return decodeCsvLine(line_, columns_, options_.csv, record,
                         lines_->name() + " line " +
                             std::to_string(lines_->lineNumber()));
  }
}

} // namespace kiln::runtime::io
