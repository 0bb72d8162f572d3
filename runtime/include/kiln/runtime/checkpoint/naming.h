//===- naming.h - the file names of a checkpoint --------------------------===//
//
// A V2 checkpoint is named by its prefix ("dir/model.ckpt-100"); its files
// are `<prefix>.index`, `<prefix>.data-%05d-of-%05d` (shard, shard count) and,
// from a TF1 Saver, `<prefix>.meta` (FACTS.md section 2.1).
//
// Thread-safe: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_NAMING_H
#define KILN_RUNTIME_CHECKPOINT_NAMING_H

#include <cstdint>
#include <string>

namespace kiln::runtime::checkpoint {

std::string indexFileName(const std::string &prefix);
/// "<prefix>.data-00000-of-00001" for shard 0 of 1.
std::string dataFileName(const std::string &prefix, int32_t shard,
                         int32_t numShards);
std::string metaFileName(const std::string &prefix);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_NAMING_H
