//===- Commands.h - the subcommands of kiln-checkpoint --------------------===//
//
// Each returns the process exit status: 0 on success, 1 on an error (printed
// to stderr with the file and tensor it is about).
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_KILN_CHECKPOINT_COMMANDS_H
#define KILN_TOOLS_KILN_CHECKPOINT_COMMANDS_H

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::checkpoint_tool {

/// One line per tensor: name, TensorFlow dtype, shape.
int listTensors(const std::string &prefix);
/// One line per tensor (all, or those named): name, dtype, shape, values.
int dumpTensors(const std::string &prefix, const std::vector<std::string> &names);
/// Writes the sample checkpoint the interop tests compare with TensorFlow's.
int writeSample(const std::string &prefix);
/// Saves the sample once per step through a CheckpointManager.
int saveSteps(const std::string &directory, int maxToKeep,
              const std::vector<int64_t> &steps);
/// Writes `<prefix>.meta` wrapping the serialized GraphDef in `graphFile`.
int writeMeta(const std::string &prefix, const std::string &graphFile);
/// Prints the newest checkpoint of `directory`.
int printLatest(const std::string &directory);

} // namespace kiln::checkpoint_tool

#endif // KILN_TOOLS_KILN_CHECKPOINT_COMMANDS_H
