//===- Commands.cpp - kiln-records' subcommands ---------------------------===//

#include "Commands.h"

#include "kiln/runtime/io/csv.h"
#include "kiln/runtime/io/example_parsing.h"
#include "kiln/runtime/io/idx.h"
#include "kiln/runtime/io/record_reader.h"
#include "kiln/runtime/io/record_writer.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace kiln::records {

using namespace runtime::io;

namespace {

/// A record default given on the command line, parsed by the same rules as
/// CSV data of its type: a default that is not a number is an error, never
/// a silent 0.
Status parseDefault(const std::string &text, const CsvColumn &type,
                    const std::string &typeName, const std::string &what,
                    CsvValue &out) {
  CsvOptions whole; // one field, whatever it holds
  whole.delimiter = '\0';
  whole.quoting = false;
  std::vector<CsvValue> values;
  Status status = decodeCsvLine(text, {type}, whole, values, what);
  if (!status.ok() || text.empty())
    return invalidArgument(what + ": the default '" + text +
                           "' is not a valid " + typeName);
  out = values[0];
  return Status();
}

int fail(const Status &status) {
  std::fprintf(stderr, "kiln-records: %s\n", status.message().c_str());
  return 1;
}

int fail(const std::string &message) {
  std::fprintf(stderr, "kiln-records: %s\n", message.c_str());
  return 1;
}

// The text forms below must match tests/interop/tf_records.py exactly, so
// the two sides' views of a file can be diffed.

std::string hex(const std::string &bytes) {
  if (bytes.empty())
    return "-";
  static const char digits[] = "0123456789abcdef";
  std::string text;
  for (unsigned char c : bytes) {
    text.push_back(digits[c >> 4]);
    text.push_back(digits[c & 15]);
  }
  return text;
}

std::string formatFloat(float value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", static_cast<double>(value));
  return text;
}

template <typename Values, typename Format>
std::string join(const Values &values, Format format) {
  std::string text;
  for (const auto &value : values)
    text += " " + format(value);
  return text;
}

std::string formatInt(int64_t value) { return std::to_string(value); }

std::string formatTensor(const FeatureTensor &tensor) {
  switch (tensor.dtype) {
  case FeatureType::Bytes:
    return join(tensor.bytes, hex);
  case FeatureType::Float:
    return join(tensor.floats, formatFloat);
  case FeatureType::Int64:
    return join(tensor.int64s, formatInt);
  case FeatureType::None:
    break;
  }
  return "";
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "," : "") + std::to_string(shape[i]);
  return text + "]";
}

/// Reads every record of `path`, calling `visit(index, record)`; returns
/// the exit status.
template <typename Visit>
int forEachRecord(const std::string &path, Compression compression,
                  Visit visit) {
  RecordReaderOptions options;
  options.compression = compression;
  std::unique_ptr<RecordReader> reader;
  Status status = RecordReader::open(path, options, reader);
  if (!status.ok())
    return fail(status);
  std::string record;
  for (size_t index = 0;; ++index) {
    status = reader->read(record);
    if (status.code() == StatusCode::OutOfRange)
      return 0;
    if (!status.ok())
      return fail(status);
    status = visit(index, record);
    if (!status.ok())
      return fail(status);
  }
}

Status parseType(const std::string &text, FeatureType &type) {
  if (text == "int64")
    type = FeatureType::Int64;
  else if (text == "float")
    type = FeatureType::Float;
  else if (text == "bytes" || text == "string")
    type = FeatureType::Bytes;
  else
    return invalidArgument("unknown feature type '" + text +
                           "'; expected int64, float or bytes");
  return Status();
}

/// "NAME:TYPE[:D1xD2][=V1,V2]" into a FixedLenFeature.
Status parseDense(const std::string &arg, FixedLenFeature &out) {
  std::string text = arg, fallback;
  size_t equals = text.find('=');
  bool hasDefault = equals != std::string::npos;
  if (hasDefault) {
    fallback = text.substr(equals + 1);
    text.resize(equals);
  }
  size_t colon = text.find(':');
  if (colon == std::string::npos)
    return invalidArgument("--dense expects NAME:TYPE[:D1xD2][=V], got '" +
                           arg + "'");
  out.key = text.substr(0, colon);
  std::string rest = text.substr(colon + 1), shape;
  size_t second = rest.find(':');
  if (second != std::string::npos) {
    shape = rest.substr(second + 1);
    rest.resize(second);
  }
  KILN_IO_RETURN_IF_ERROR(parseType(rest, out.dtype));
  out.shape.clear();
  for (size_t at = 0; at < shape.size();) {
    size_t end = shape.find('x', at);
    if (end == std::string::npos)
      end = shape.size();
    out.shape.push_back(std::strtoll(shape.substr(at, end - at).c_str(),
                                     nullptr, 10));
    at = end + 1;
  }
  if (!hasDefault)
    return Status();
  Feature feature;
  feature.type = out.dtype;
  for (size_t at = 0; at <= fallback.size();) {
    size_t end = fallback.find(',', at);
    if (end == std::string::npos)
      end = fallback.size();
    std::string value = fallback.substr(at, end - at);
    if (out.dtype == FeatureType::Bytes) {
      feature.bytesList.push_back(value);
    } else {
      bool isInt = out.dtype == FeatureType::Int64;
      CsvValue parsed;
      KILN_IO_RETURN_IF_ERROR(parseDefault(
          value, isInt ? CsvColumn::int64() : CsvColumn::float32(),
          isInt ? "int64" : "float", "--dense " + out.key, parsed));
      if (isInt)
        feature.int64List.push_back(std::get<int64_t>(parsed));
      else
        feature.floatList.push_back(std::get<float>(parsed));
    }
    at = end + 1;
  }
  out.defaultValue = feature;
  return Status();
}

} // namespace

int dumpExamples(const std::string &path, Compression compression) {
  return forEachRecord(path, compression, [&](size_t index,
                                              const std::string &record) {
    Example example;
    KILN_IO_RETURN_IF_ERROR(decodeExample(
        record, example, path + " record " + std::to_string(index)));
    std::printf("record %zu\n", index);
    for (const auto &[name, feature] : example.features) {
      std::string values;
      if (feature.type == FeatureType::Bytes)
        values = join(feature.bytesList, hex);
      else if (feature.type == FeatureType::Float)
        values = join(feature.floatList, formatFloat);
      else if (feature.type == FeatureType::Int64)
        values = join(feature.int64List, formatInt);
      std::printf("  %s %s:%s\n", name.c_str(), featureTypeName(feature.type),
                  values.c_str());
    }
    return Status();
  });
}

int parseExamples(const std::string &path, Compression compression,
                  const std::vector<std::string> &specArgs) {
  ParseSpec spec;
  for (size_t i = 0; i < specArgs.size(); i += 2) {
    if (i + 1 >= specArgs.size())
      return fail("'" + specArgs[i] + "' needs a value");
    if (specArgs[i] == "--dense") {
      FixedLenFeature feature;
      Status status = parseDense(specArgs[i + 1], feature);
      if (!status.ok())
        return fail(status);
      spec.dense.push_back(feature);
    } else if (specArgs[i] == "--sparse") {
      const std::string &arg = specArgs[i + 1];
      size_t colon = arg.find(':');
      VarLenFeature feature;
      Status status =
          colon == std::string::npos
              ? invalidArgument("--sparse expects NAME:TYPE, got '" + arg + "'")
              : parseType(arg.substr(colon + 1), feature.dtype);
      if (!status.ok())
        return fail(status);
      feature.key = arg.substr(0, colon);
      spec.sparse.push_back(feature);
    } else {
      return fail("unknown spec flag '" + specArgs[i] + "'");
    }
  }
  Status valid = validateParseSpec(spec);
  if (!valid.ok())
    return fail(valid);
  return forEachRecord(path, compression, [&](size_t index,
                                              const std::string &record) {
    ParsedFeatures parsed;
    KILN_IO_RETURN_IF_ERROR(parseSingleExample(
        record, spec, parsed, path + " record " + std::to_string(index)));
    std::printf("record %zu\n", index);
    for (const auto &[name, tensor] : parsed.dense)
      std::printf("  dense %s %s %s:%s\n", name.c_str(),
                  featureTypeName(tensor.dtype),
                  formatShape(tensor.shape).c_str(),
                  formatTensor(tensor).c_str());
    for (const auto &[name, tensor] : parsed.sparse)
      std::printf("  sparse %s %s indices:%s values:%s dense_shape:%s\n",
                  name.c_str(), featureTypeName(tensor.values.dtype),
                  join(tensor.indices, formatInt).c_str(),
                  formatTensor(tensor.values).c_str(),
                  join(tensor.denseShape, formatInt).c_str());
    return Status();
  });
}

namespace {

/// "TYPE" or "TYPE=DEFAULT" into a column.
Status parseCsvColumn(const std::string &arg, CsvColumn &column) {
  size_t equals = arg.find('=');
  std::string type = arg.substr(0, equals);
  std::optional<std::string> fallback;
  if (equals != std::string::npos)
    fallback = arg.substr(equals + 1);
  if (type == "int32")
    column = CsvColumn::int32();
  else if (type == "int64")
    column = CsvColumn::int64();
  else if (type == "float")
    column = CsvColumn::float32();
  else if (type == "double")
    column = CsvColumn::float64();
  else if (type == "string")
    column = CsvColumn::string();
  else
    return invalidArgument("unknown CSV column type '" + type +
                           "'; expected int32, int64, float, double or "
                           "string");
  if (!fallback)
    return Status();
  if (type == "string") {
    column.defaultValue = *fallback;
    return Status();
  }
  CsvValue parsed;
  KILN_IO_RETURN_IF_ERROR(
      parseDefault(*fallback, column, type, "column " + arg, parsed));
  column.defaultValue = parsed;
  return Status();
}

std::string formatCsvValue(const CsvValue &value) {
  char text[40];
  switch (value.index()) {
  case 0:
    return std::to_string(std::get<int32_t>(value));
  case 1:
    return std::to_string(std::get<int64_t>(value));
  case 2:
    return formatFloat(std::get<float>(value));
  case 3:
    std::snprintf(text, sizeof(text), "%.17g", std::get<double>(value));
    return text;
  default:
    return hex(std::get<std::string>(value));
  }
}

} // namespace

int decodeCsv(const std::string &path, Compression compression,
              const std::vector<std::string> &args) {
  CsvReaderOptions options;
  options.compression = compression;
  std::vector<CsvColumn> columns;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    bool hasValue = i + 1 < args.size();
    if (arg == "--no-quotes") {
      options.csv.quoting = false;
    } else if (arg == "--delimiter" && hasValue) {
      // "\t" spelled out, so a tab survives shells and lit RUN lines.
      std::string value = args[++i] == "\\t" ? "\t" : args[i];
      if (value.size() != 1)
        return fail("--delimiter takes one character, got '" + value + "'");
      options.csv.delimiter = value[0];
    } else if (arg == "--na-value" && hasValue) {
      options.csv.naValue = args[++i];
    } else if (arg == "--header" && hasValue) {
      options.headerLines = std::strtoull(args[++i].c_str(), nullptr, 10);
    } else {
      CsvColumn column;
      Status status = parseCsvColumn(arg, column);
      if (!status.ok())
        return fail(status);
      columns.push_back(column);
    }
  }
  // Line by line rather than through CsvReader, so a bad line is printed
  // and the rest still decode (the interop test compares every line).
  std::unique_ptr<LineReader> lines;
  Status status = LineReader::open(path, compression, lines);
  if (!status.ok())
    return fail(status);
  std::string line;
  std::vector<CsvValue> row;
  uint64_t failedLines = 0;
  while ((status = lines->readLine(line)).ok()) {
    uint64_t number = lines->lineNumber();
    if (number <= options.headerLines)
      continue;
    status = decodeCsvLine(line, columns, options.csv, row,
                           path + " line " + std::to_string(number));
    if (!status.ok()) {
      std::printf("line %" PRIu64 ": error: %s\n", number,
                  status.message().c_str());
      ++failedLines;
      continue;
    }
    std::printf("line %" PRIu64 ":%s\n", number,
                join(row, formatCsvValue).c_str());
  }
  if (status.code() != StatusCode::OutOfRange)
    return fail(status);
  // Every line is printed, the bad ones with their error; the exit code
  // says whether there were any.
  std::fflush(stdout); // the lines first, then the verdict
  if (failedLines != 0)
    return fail(std::to_string(failedLines) + " line(s) of " + path +
                " could not be decoded");
  return 0;
}

int writeSample(const std::string &path, Compression compression) {
  RecordWriterOptions options;
  options.compression = compression;
  std::unique_ptr<RecordWriter> writer;
  Status status = RecordWriter::open(path, options, writer);
  for (int64_t i = 0; status.ok() && i < 5; ++i) {
    Example example;
    example.features["label"] = Feature::int64s({i});
    example.features["ids"] = Feature::int64s(
        {-1, 0, std::numeric_limits<int64_t>::max(),
         std::numeric_limits<int64_t>::min(), i * 1000});
    example.features["weights"] = Feature::floats(
        {0.5f, -1.25f, 3.4028235e38f, 1e-45f,
         std::numeric_limits<float>::infinity(), static_cast<float>(i)});
    std::string raw;
    for (int b = 0; b < 16; ++b)
      raw.push_back(static_cast<char>(i * 16 + b));
    example.features["img_raw"] = Feature::bytes({raw});
    example.features["tokens"] = Feature::bytes(
        {"", "a", std::string("\0b", 2), "\xc3\xa9"});
    example.features["empty"] = Feature::floats({});
    example.features["unset"] = Feature();
    if (i % 2 == 1)
      example.features["optional"] = Feature::int64s({i});
    status = writer->write(encodeExample(example));
  }
  if (status.ok())
    status = writer->close();
  return status.ok() ? 0 : fail(status);
}

int convertIdx(const std::string &images, const std::string &labels,
               const std::string &path, Compression compression) {
  runtime::HostTensor imageTensor, labelTensor;
  Status status = readIdxImages(images, imageTensor);
  if (status.ok())
    status = readIdxLabels(labels, labelTensor);
  if (!status.ok())
    return fail(status);
  int64_t count = imageTensor.shape[0];
  if (labelTensor.shape[0] != count)
    return fail(labels + " holds " + std::to_string(labelTensor.shape[0]) +
                " labels but " + images + " holds " + std::to_string(count) +
                " images");
  size_t pixels = static_cast<size_t>(imageTensor.shape[1] *
                                      imageTensor.shape[2]);
  RecordWriterOptions options;
  options.compression = compression;
  std::unique_ptr<RecordWriter> writer;
  status = RecordWriter::open(path, options, writer);
  for (int64_t i = 0; status.ok() && i < count; ++i) {
    Example example;
    example.features["label"] =
        Feature::int64s({labelTensor.data[static_cast<size_t>(i)]});
    const char *first =
        reinterpret_cast<const char *>(imageTensor.data.data()) + i * pixels;
    example.features["img_raw"] = Feature::bytes({std::string(first, pixels)});
    status = writer->write(encodeExample(example));
  }
  if (status.ok())
    status = writer->close();
  if (!status.ok())
    return fail(status);
  std::printf("wrote %" PRId64 " examples to %s\n", count, path.c_str());
  return 0;
}

} // namespace kiln::records
