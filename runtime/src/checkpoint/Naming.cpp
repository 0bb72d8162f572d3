//===- Naming.cpp - the file names of a checkpoint ------------------------===//

#include "kiln/runtime/checkpoint/naming.h"

#include <cstdio>

namespace kiln::runtime::checkpoint {

std::string indexFileName(const std::string &prefix) {
  return prefix + ".index";
}

std::string dataFileName(const std::string &prefix, int32_t shard,
                         int32_t numShards) {
  char suffix[64];
  std::snprintf(suffix, sizeof(suffix), ".data-%05d-of-%05d", shard, numShards);
  return prefix + suffix;
}

std::string metaFileName(const std::string &prefix) { return prefix + ".meta"; }

} // namespace kiln::runtime::checkpoint
