//===- Commands.h - kiln-records' subcommands -----------------------------===//
//
// Each returns the process exit status; errors are printed to stderr,
// prefixed "kiln-records: ".
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_KILN_RECORDS_COMMANDS_H
#define KILN_TOOLS_KILN_RECORDS_COMMANDS_H

#include "kiln/runtime/io/compression.h"

#include <string>
#include <vector>

namespace kiln::records {

/// Prints every record of `path` as an Example, one feature per line, keys
/// sorted, floats as %.9g and bytes as hex (the format
/// tests/interop/tf_records.py prints for TensorFlow's view of a file).
int dumpExamples(const std::string &path, runtime::io::Compression compression);

/// Parses every record with a spec given as "--dense NAME:TYPE[:D1xD2][=V]"
/// and "--sparse NAME:TYPE" arguments and prints the tensors.
int parseExamples(const std::string &path,
                  runtime::io::Compression compression,
                  const std::vector<std::string> &specArgs);

/// Decodes every line of a CSV file with columns given as TYPE or
/// TYPE=DEFAULT (int32, int64, float, double, string) and the options
/// --delimiter C, --no-quotes, --na-value S, --header N; prints
/// "line N: values" or "line N: error: message" for each.
int decodeCsv(const std::string &path, runtime::io::Compression compression,
              const std::vector<std::string> &args);

/// Writes the interop sample: Examples with every feature type and edge
/// values, the same ones tf_records.py write-sample makes.
int writeSample(const std::string &path, runtime::io::Compression compression);

/// Converts MNIST-style IDX image and label files into Examples in the
/// seed's layout: "label" int64 and "img_raw" (the raw uint8 pixels).
int convertIdx(const std::string &images, const std::string &labels,
               const std::string &path, runtime::io::Compression compression);

} // namespace kiln::records

#endif // KILN_TOOLS_KILN_RECORDS_COMMANDS_H
