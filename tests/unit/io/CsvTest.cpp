//===- CsvTest.cpp - tf.io.decode_csv-style line decoding -----------------===//

#include "IoTestUtil.h"

#include "kiln/runtime/io/csv.h"
#include "kiln/runtime/io/file_system.h"

#include <cmath>

using namespace kiln::runtime::io;
using namespace kiln::runtime::io::testing;

namespace {

std::vector<CsvColumn> allTypes() {
  return {CsvColumn::int32(-1), CsvColumn::int64(int64_t(-2)),
          CsvColumn::float32(0.5f), CsvColumn::float64(0.25),
          CsvColumn::string(std::string("none"))};
}

TEST(Csv, DecodesEveryType) {
  std::vector<CsvValue> row;
  KILN_ASSERT_OK(decodeCsvLine("7,-9000000000,1.5,2e-3,hello", allTypes(), {},
                               row));
  EXPECT_EQ(std::get<int32_t>(row[0]), 7);
  EXPECT_EQ(std::get<int64_t>(row[1]), -9000000000LL);
  EXPECT_EQ(std::get<float>(row[2]), 1.5f);
  EXPECT_EQ(std::get<double>(row[3]), 2e-3);
  EXPECT_EQ(std::get<std::string>(row[4]), "hello");
}

TEST(Csv, EmptyFieldsTakeDefaults) {
  std::vector<CsvValue> row;
  KILN_ASSERT_OK(decodeCsvLine(",,,,", allTypes(), {}, row));
  EXPECT_EQ(std::get<int32_t>(row[0]), -1);
  EXPECT_EQ(std::get<int64_t>(row[1]), -2);
  EXPECT_EQ(std::get<float>(row[2]), 0.5f);
  EXPECT_EQ(std::get<double>(row[3]), 0.25);
  EXPECT_EQ(std::get<std::string>(row[4]), "none");
  // A quoted empty string is empty too, and na_value counts as missing.
  CsvOptions options;
  options.naValue = "NA";
  KILN_ASSERT_OK(decodeCsvLine("NA,1,NA,\"\",\"\"", allTypes(), options, row));
  EXPECT_EQ(std::get<int32_t>(row[0]), -1);
  EXPECT_EQ(std::get<float>(row[2]), 0.5f);
  EXPECT_EQ(std::get<std::string>(row[4]), "none");
}

TEST(Csv, RequiredColumnThatIsEmptyIsAnError) {
  std::vector<CsvColumn> columns = {CsvColumn::int32(),
                                    CsvColumn::string()};
  std::vector<CsvValue> row;
  KILN_EXPECT_ERROR(decodeCsvLine(",x", columns, {}, row, "data.csv line 4"),
                    StatusCode::InvalidArgument,
                    "data.csv line 4: column 0 (int32) is empty and has no "
                    "default");
  KILN_EXPECT_ERROR(decodeCsvLine("3,", columns, {}, row, "data.csv line 5"),
                    StatusCode::InvalidArgument,
                    "data.csv line 5: column 1 (string) is empty");
}

TEST(Csv, QuotesFollowRfc4180) {
  std::vector<CsvColumn> columns(2, CsvColumn::string());
  columns.push_back(CsvColumn::string(std::string("d")));
  std::vector<CsvValue> row;
  KILN_ASSERT_OK(decodeCsvLine("\"a,b\",\"say \"\"hi\"\"\",\"\"", columns,
                               {}, row));
  EXPECT_EQ(std::get<std::string>(row[0]), "a,b");
  EXPECT_EQ(std::get<std::string>(row[1]), "say \"hi\"");
  EXPECT_EQ(std::get<std::string>(row[2]), "d"); // "" is empty: the default
  KILN_ASSERT_OK(decodeCsvLine("\"a\rb\",x,y", columns, {}, row));
  EXPECT_EQ(std::get<std::string>(row[0]), "a\rb");
  KILN_EXPECT_ERROR(decodeCsvLine("a,plain\"quote,c", columns, {}, row, "q"),
                    StatusCode::InvalidArgument,
                    "q: unquoted field 1 has a quote at character 8");
  KILN_EXPECT_ERROR(decodeCsvLine("a, \"b\",c", columns, {}, row, "q"),
                    StatusCode::InvalidArgument, "unquoted field 1 has a quote");
  KILN_EXPECT_ERROR(decodeCsvLine("a\rb,c,d", columns, {}, row, "q"),
                    StatusCode::InvalidArgument,
                    "q: unquoted field 0 has a line break at character 2");
  KILN_EXPECT_ERROR(decodeCsvLine("\"open,b,c", columns, {}, row, "f line 1"),
                    StatusCode::InvalidArgument,
                    "f line 1: field 0 opens a quote at character 1 that is "
                    "never closed");
  KILN_EXPECT_ERROR(decodeCsvLine("a,\"b\"x,c", columns, {}, row, "f line 2"),
                    StatusCode::InvalidArgument,
                    "f line 2: field 1 has text after its closing quote");
  // With quoting off, quotes are ordinary characters.
  CsvOptions raw;
  raw.quoting = false;
  KILN_ASSERT_OK(decodeCsvLine("\"a,b\",c", columns, raw, row));
  EXPECT_EQ(std::get<std::string>(row[0]), "\"a");
}

TEST(Csv, DelimiterOptionAndFieldCounts) {
  std::vector<CsvColumn> columns = {CsvColumn::int64(), CsvColumn::float32()};
  CsvOptions tabs;
  tabs.delimiter = '\t';
  std::vector<CsvValue> row;
  KILN_ASSERT_OK(decodeCsvLine("12\t 3.5 ", columns, tabs, row));
  EXPECT_EQ(std::get<int64_t>(row[0]), 12);
  EXPECT_EQ(std::get<float>(row[1]), 3.5f);
  KILN_EXPECT_ERROR(decodeCsvLine("1", columns, {}, row, "x.csv line 9"),
                    StatusCode::InvalidArgument,
                    "x.csv line 9: expected 2 fields, found 1");
  KILN_EXPECT_ERROR(decodeCsvLine("1,2,3", columns, {}, row, "x.csv line 9"),
                    StatusCode::InvalidArgument, "expected 2 fields, found 3");
  // A trailing delimiter makes an empty last field.
  KILN_EXPECT_ERROR(decodeCsvLine("1,2,", columns, {}, row, "x"),
                    StatusCode::InvalidArgument, "found 3");
  // An empty line has no fields, even for one column with a default (TF).
  std::vector<CsvColumn> one = {CsvColumn::int32(5)};
  KILN_EXPECT_ERROR(decodeCsvLine("", one, {}, row, "e.csv line 1"),
                    StatusCode::InvalidArgument,
                    "e.csv line 1: expected 1 fields, found 0");
  KILN_ASSERT_OK(decodeCsvLine(",", {CsvColumn::int32(5), CsvColumn::int32(6)},
                               {}, row));
  EXPECT_EQ(std::get<int32_t>(row[1]), 6);
}

TEST(Csv, BadNumbersNameColumnAndText) {
  std::vector<CsvValue> row;
  std::vector<CsvColumn> columns = {CsvColumn::int32()};
  for (const char *text : {"abc", "1.5", "2147483648", "12x", "0x10", " "}) {
    Status status = decodeCsvLine(text, columns, {}, row, "n.csv line 2");
    EXPECT_EQ(status.code(), StatusCode::InvalidArgument) << text;
    EXPECT_NE(status.message().find("n.csv line 2: column 0"),
              std::string::npos)
        << status.message();
  }
  KILN_ASSERT_OK(decodeCsvLine("-2147483648", columns, {}, row));
  EXPECT_EQ(std::get<int32_t>(row[0]), INT32_MIN);
  std::vector<CsvColumn> reals = {CsvColumn::float32(), CsvColumn::float64()};
  KILN_EXPECT_ERROR(decodeCsvLine("1.0,1e", reals, {}, row, "r"),
                    StatusCode::InvalidArgument,
                    "r: column 1: '1e' is not a valid double");
  KILN_ASSERT_OK(decodeCsvLine("nan,-inf", reals, {}, row));
  EXPECT_TRUE(std::isnan(std::get<float>(row[0])));
  EXPECT_TRUE(std::isinf(std::get<double>(row[1])));
}

TEST(Csv, DefaultOfTheWrongTypeIsRefused) {
  std::vector<CsvColumn> columns = {{CsvType::Int32, CsvValue(1.5)}};
  std::vector<CsvValue> row;
  KILN_EXPECT_ERROR(decodeCsvLine("", columns, {}, row, "spec"),
                    StatusCode::InvalidArgument,
                    "column 0 is int32 but its default has another type");
}

TEST(CsvReader, NamesFileAndLineAndHandlesHeadersCrlfGzip) {
  std::string path = tempPath("data.csv");
  writeBytes(path, "id,score\r\n1,0.5\r\n2,\r\nbad,1\n3,2");
  std::vector<CsvColumn> columns = {CsvColumn::int64(),
                                    CsvColumn::float32(-1.0f)};
  CsvReaderOptions options;
  options.headerLines = 1;
  std::unique_ptr<CsvReader> reader;
  KILN_ASSERT_OK(CsvReader::open(path, columns, options, reader));
  std::vector<CsvValue> row;
  KILN_ASSERT_OK(reader->read(row));
  EXPECT_EQ(std::get<int64_t>(row[0]), 1);
  KILN_ASSERT_OK(reader->read(row));
  EXPECT_EQ(std::get<float>(row[1]), -1.0f);
  KILN_EXPECT_ERROR(reader->read(row), StatusCode::InvalidArgument,
                    path + " line 4: column 0: 'bad' is not a valid int64");
  KILN_ASSERT_OK(reader->read(row)); // the last line has no newline
  EXPECT_EQ(std::get<float>(row[1]), 2.0f);
  KILN_EXPECT_ERROR(reader->read(row), StatusCode::OutOfRange, path);

  // The same through GZIP.
  std::string gz = tempPath("data.csv.gz");
  {
    std::unique_ptr<OutputStream> file;
    KILN_ASSERT_OK(openForWrite(gz, file));
    auto stream = makeCompressingStream(std::move(file), Compression::Gzip);
    KILN_ASSERT_OK(stream->append("7,1\n8,2\n"));
    KILN_ASSERT_OK(stream->close());
  }
  options.headerLines = 0;
  options.compression = Compression::Gzip;
  KILN_ASSERT_OK(CsvReader::open(gz, columns, options, reader));
  KILN_ASSERT_OK(reader->read(row));
  KILN_ASSERT_OK(reader->read(row));
  EXPECT_EQ(std::get<int64_t>(row[0]), 8);
  KILN_EXPECT_ERROR(reader->read(row), StatusCode::OutOfRange, gz);
}

TEST(LineReader, DropsEveryCarriageReturnAsTensorFlowDoes) {
  std::string path = tempPath("cr.txt");
  writeBytes(path, "a\rb\r\n\r\nlast\r");
  std::unique_ptr<LineReader> lines;
  KILN_ASSERT_OK(LineReader::open(path, Compression::None, lines));
  std::string line;
  for (const char *expected : {"ab", "", "last"}) {
    KILN_ASSERT_OK(lines->readLine(line));
    EXPECT_EQ(line, expected);
  }
  EXPECT_EQ(lines->lineNumber(), 3u);
  KILN_EXPECT_ERROR(lines->readLine(line), StatusCode::OutOfRange,
                    path + ": end of file after line 3");
}

TEST(CsvReader, LongLinesCrossBufferBoundaries) {
  std::string path = tempPath("long.csv");
  std::string text;
  for (int line = 0; line < 3; ++line)
    text += std::string(200000, char('a' + line)) + "\n";
  writeBytes(path, text);
  std::unique_ptr<CsvReader> reader;
  KILN_ASSERT_OK(
      CsvReader::open(path, {CsvColumn::string()}, {}, reader));
  std::vector<CsvValue> row;
  for (int line = 0; line < 3; ++line) {
    KILN_ASSERT_OK(reader->read(row));
    EXPECT_EQ(std::get<std::string>(row[0]),
              std::string(200000, char('a' + line)));
  }
}

} // namespace
