//===- StepMemoryTest.cpp - kiln_step_malloc / kiln_step_free -------------===//

#include "kiln/runtime/step_memory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

namespace {

bool aligned64(const void *pointer) {
  return reinterpret_cast<std::uintptr_t>(pointer) % 64 == 0;
}

TEST(StepMemory, BlocksAreAlignedAndWritable) {
  for (size_t size : {size_t(1), size_t(63), size_t(64), size_t(4096), size_t(3) << 20}) {
    void *block = kiln_step_malloc(size);
    ASSERT_NE(block, nullptr);
    EXPECT_TRUE(aligned64(block)) << size;
    std::memset(block, 0xab, size);
    kiln_step_free(block);
  }
  kiln_step_free(nullptr);
}

TEST(StepMemory, AFreedBlockComesBackForTheSameSize) {
  void *first = kiln_step_malloc(1 << 20);
  kiln_step_free(first);
  void *other = kiln_step_malloc((1 << 20) + 64); // another size: a new block
  void *again = kiln_step_malloc(1 << 20);
  EXPECT_EQ(again, first);
  EXPECT_NE(other, first);
  kiln_step_free(again);
  kiln_step_free(other);
}

TEST(StepMemory, LiveBlocksNeverShare) {
  void *a = kiln_step_malloc(256);
  void *b = kiln_step_malloc(256);
  EXPECT_NE(a, b);
  std::memset(a, 1, 256);
  std::memset(b, 2, 256);
  EXPECT_EQ(static_cast<unsigned char *>(a)[255], 1);
  kiln_step_free(a);
  kiln_step_free(b);
}

TEST(StepMemory, ThreadsKeepTheirOwnBlocks) {
  void *mine = kiln_step_malloc(8192);
  kiln_step_free(mine);
  void *theirs = nullptr;
  // Another thread cannot take this thread's cached block; its own block
  // is freed when it exits.
  std::thread([&] {
    theirs = kiln_step_malloc(8192);
    std::memset(theirs, 3, 8192);
    kiln_step_free(theirs);
  }).join();
  EXPECT_NE(theirs, mine);
  void *back = kiln_step_malloc(8192);
  EXPECT_EQ(back, mine);
  kiln_step_free(back);
}

TEST(StepMemory, BlocksBeyondTheCacheAreReleased) {
  // More blocks than a thread keeps: the surplus is freed, not lost.
  std::vector<void *> blocks;
  for (int i = 0; i < 100; ++i)
    blocks.push_back(kiln_step_malloc(1024));
  for (void *block : blocks)
    kiln_step_free(block);
  void *block = kiln_step_malloc(1024);
  EXPECT_NE(block, nullptr);
  kiln_step_free(block);
}

} // namespace
