//===- StepMemory.cpp - per-thread reuse of a step's blocks ---------------===//
//
// Every block carries its size in a 64-byte header, so a free knows which
// size it returns. The cache is a short list per thread: steps allocate a
// handful of arena blocks, the same sizes every call.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/step_memory.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

constexpr size_t kHeaderBytes = 64;
constexpr size_t kMaxCachedBlocks = 32;
constexpr size_t kMaxCachedBytes = size_t(512) << 20;

struct Block {
  size_t size;
  void *base;
};

class ThreadCache {
public:
  ~ThreadCache() {
    for (Block &block : blocks_)
      std::free(block.base);
  }

  void *take(size_t size) {
    for (size_t i = 0; i < blocks_.size(); ++i) {
      if (blocks_[i].size != size)
        continue;
      void *base = blocks_[i].base;
      bytes_ -= size;
      blocks_[i] = blocks_.back();
      blocks_.pop_back();
      return base;
    }
    return nullptr;
  }

  /// False when the block does not fit; the caller frees it.
  bool keep(size_t size, void *base) {
    if (blocks_.size() >= kMaxCachedBlocks || bytes_ + size > kMaxCachedBytes)
      return false;
    blocks_.push_back({size, base});
    bytes_ += size;
    return true;
  }

private:
  std::vector<Block> blocks_;
  size_t bytes_ = 0;
};

ThreadCache &cache() {
  thread_local ThreadCache threadCache;
  return threadCache;
}

} // namespace

extern "C" void *kiln_step_malloc(size_t size) {
  void *base = cache().take(size);
  if (!base) {
    size_t total = (size + kHeaderBytes + kHeaderBytes - 1) / kHeaderBytes * kHeaderBytes;
    base = std::aligned_alloc(kHeaderBytes, total);
    if (!base)
      return nullptr;
  }
  *static_cast<size_t *>(base) = size;
  return static_cast<char *>(base) + kHeaderBytes;
}

extern "C" void kiln_step_free(void *pointer) {
  if (!pointer)
    return;
  void *base = static_cast<char *>(pointer) - kHeaderBytes;
  size_t size = *static_cast<size_t *>(base);
  if (!cache().keep(size, base))
    std::free(base);
}
