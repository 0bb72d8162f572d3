//===- Encode.cpp - print one summary's bytes, to compare with TensorFlow -===//

#include "Commands.h"
#include "tools/ToolConventions.h"

#include "kiln/runtime/summary/histogram.h"
#include "kiln/runtime/summary/scalar.h"

#include <cstdio>
#include <cstdlib>

namespace kiln::summaries {

using namespace runtime::summary;
using runtime::io::Status;

int encodeSummaryCommand(const std::string &kind, const std::string &tag,
                         const std::vector<std::string> &values) {
  std::vector<float> numbers;
  for (const std::string &text : values) {
    char *end = nullptr;
    numbers.push_back(std::strtof(text.c_str(), &end));
    if (text.empty() || *end) {
      return kiln::tools::usageError("kiln-summaries",
                                     "'" + text + "' is not a number");
    }
  }
  Summary summary;
  if (kind == "scalar" && numbers.size() == 1) {
    summary = scalarSummary(tag, numbers[0]);
  } else if (kind == "histogram") {
    Histogram histogram;
    Status status = histogram.add(numbers.data(), numbers.size(), tag);
    if (!status.ok()) {
      std::fprintf(stderr, "kiln-summaries: %s\n", status.message().c_str());
      return 1;
    }
    summary.values.push_back(histogramValue(tag, histogram));
  } else {
    return kiln::tools::usageError(
        "kiln-summaries", "encode scalar TAG V | encode histogram TAG V...");
  }
  for (unsigned char byte : encodeSummary(summary))
    std::printf("%02x", byte);
  std::printf("\n");
  return 0;
}

} // namespace kiln::summaries
