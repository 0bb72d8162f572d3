//===- main.cpp - kiln-records: TFRecord files of tf.train.Example --------===//

#include "Commands.h"
#include "tools/OutOfMemory.h"
#include "tools/ToolConventions.h"

#include <cstdio>
#include <cstring>

using namespace kiln;
using runtime::io::Compression;

static const char kUsage[] =
    "usage: kiln-records [--compression GZIP|ZLIB] COMMAND ARGS\n"
    "  dump FILE                      print each record as an Example\n"
    "  parse FILE SPEC...             parse with --dense "
    "NAME:TYPE[:D1xD2][=V]\n"
    "                                 and --sparse NAME:TYPE; print tensors\n"
    "  decode-csv FILE [OPTION] COL.. decode CSV lines; COL is TYPE[=DEFAULT]\n"
    "                                 (int32 int64 float double string);\n"
    "                                 --delimiter C --no-quotes --na-value S\n"
    "                                 --header N\n"
    "  write-sample FILE              write the interop sample Examples\n"
    "  from-idx IMAGES LABELS FILE    MNIST IDX files to label/img_raw "
    "Examples\n"
    "  --help, --version\n";

int main(int argc, char **argv) {
  kiln::tools::installOutOfMemoryHandler("kiln-records");
  kiln::tools::handleHelpAndVersion(argc, argv, "kiln-records", kUsage);
  std::vector<std::string> args(argv + 1, argv + argc);
  Compression compression = Compression::None;
  if (args.size() >= 2 && args[0] == "--compression") {
    runtime::io::Status status =
        runtime::io::parseCompression(args[1], compression);
    if (!status.ok())
      return tools::usageError("kiln-records", status.message());
    args.erase(args.begin(), args.begin() + 2);
  }
  std::string command = args.empty() ? "" : args[0];
  if (command == "dump" && args.size() == 2)
    return records::dumpExamples(args[1], compression);
  if (command == "parse" && args.size() >= 2)
    return records::parseExamples(
        args[1], compression, std::vector<std::string>(args.begin() + 2,
                                                       args.end()));
  if (command == "decode-csv" && args.size() >= 2)
    return records::decodeCsv(
        args[1], compression, std::vector<std::string>(args.begin() + 2,
                                                       args.end()));
  if (command == "write-sample" && args.size() == 2)
    return records::writeSample(args[1], compression);
  if (command == "from-idx" && args.size() == 4)
    return records::convertIdx(args[1], args[2], args[3], compression);
  return tools::commandError("kiln-records", command, kUsage);
}
