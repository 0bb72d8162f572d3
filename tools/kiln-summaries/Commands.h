//===- Commands.h - kiln-summaries subcommands ----------------------------===//
//
// Each returns the process exit status and prints its own errors, prefixed
// "kiln-summaries: ".
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_KILN_SUMMARIES_COMMANDS_H
#define KILN_TOOLS_KILN_SUMMARIES_COMMANDS_H

#include <string>
#include <vector>

namespace kiln::summaries {

/// Writes a demo run into `logDir`: a scoped graph, `steps` steps of loss and
/// accuracy scalars, weight/bias histograms every 10 steps, gray and RGB
/// images at the first and last step.
int writeDemo(const std::string &logDir, int steps);

/// Prints every event of an event file, or of all event files in a log
/// directory, grouped as TensorBoard groups them: graph, then per kind each
/// tag (sorted) with its events in file order. tests/interop/tb_events.py
/// prints the same text from TensorBoard's loader.
int dumpEvents(const std::string &path);

/// Prints the serialized Summary (hex) of a "scalar" with one value or a
/// "histogram" of the given float32 values, for byte comparisons with
/// tf.compat.v1.summary.
int encodeSummaryCommand(const std::string &kind, const std::string &tag,
                         const std::vector<std::string> &values);

} // namespace kiln::summaries

#endif // KILN_TOOLS_KILN_SUMMARIES_COMMANDS_H
