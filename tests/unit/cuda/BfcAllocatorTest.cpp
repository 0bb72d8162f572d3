//===- BfcAllocatorTest.cpp - device allocator bookkeeping on host memory -===//
//
// The allocator's growth, limit, splitting and merging, and its
// out-of-memory errors, on a host-memory backend posing as a 64 MiB GPU:
// the same code a GPU session runs, with no GPU.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/bfc_allocator.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

namespace kiln::cuda {
namespace {

constexpr uint64_t kMiB = 1 << 20;

std::unique_ptr<BfcAllocator>
makeAllocator(MemoryBackend &backend, bool allowGrowth, double fraction = 1.0) {
  auto allocator = BfcAllocator::create(backend, {allowGrowth, fraction});
  EXPECT_TRUE(allocator.ok()) << allocator.status().message();
  return allocator.ok() ? std::move(*allocator) : nullptr;
}

uint64_t allocate(BfcAllocator &allocator, uint64_t bytes) {
  StatusOr<uint64_t> address = allocator.allocate(bytes, "test");
  EXPECT_TRUE(address.ok()) << address.status().message();
  return address.ok() ? *address : 0;
}

TEST(BfcAllocator, WithoutGrowthReservesTheWholeLimitOnce) {
  HostMemoryBackend backend(64 * kMiB);
  auto allocator = makeAllocator(backend, /*allowGrowth=*/false);
  uint64_t a = allocate(*allocator, 1000);
  uint64_t b = allocate(*allocator, 5 * kMiB);
  EXPECT_EQ(backend.reservations(), (std::vector<uint64_t>{64 * kMiB}));
  EXPECT_EQ(a % BfcAllocator::kAlignment, 0u);
  EXPECT_EQ(b, a + 1024); // 1000 rounded up to the alignment, right after
  BfcAllocator::Stats stats = allocator->stats();
  EXPECT_EQ(stats.reserved, 64 * kMiB);
  EXPECT_EQ(stats.inUse, 1024 + 5 * kMiB);
  EXPECT_EQ(stats.allocations, 2);
}

TEST(BfcAllocator, GrowthReservesDoublingRegionsUpToTheLimit) {
  HostMemoryBackend backend(64 * kMiB);
  auto allocator = makeAllocator(backend, /*allowGrowth=*/true, 0.25);
  EXPECT_EQ(allocator->stats().limit, 16 * kMiB);
  allocate(*allocator, 1 * kMiB); // region of 2 MiB
  allocate(*allocator, 1 * kMiB); // fits in it
  allocate(*allocator, 3 * kMiB); // region of 4 MiB
  allocate(*allocator, 6 * kMiB); // region of 8 MiB
  EXPECT_EQ(backend.reservations(),
            (std::vector<uint64_t>{2 * kMiB, 4 * kMiB, 8 * kMiB}));
  // The 8 MiB region's last 2 MiB take this one: no new region.
  allocate(*allocator, 2 * kMiB);
  EXPECT_EQ(allocator->stats().regions, 3);
  // Nothing free fits 1.5 MiB (1 MiB is left in the 4 MiB region), and
  // 2 MiB are left under the limit: a region of that size, not 16 MiB.
  allocate(*allocator, 3 * kMiB / 2);
  EXPECT_EQ(backend.reservations().back(), 2 * kMiB);
  EXPECT_EQ(allocator->stats().reserved, 16 * kMiB);
  EXPECT_EQ(allocator->stats().regions, 4);
}

TEST(BfcAllocator, OutOfMemoryNamesWhatAskedAndTheBytes) {
  HostMemoryBackend backend(64 * kMiB);
  auto allocator = makeAllocator(backend, /*allowGrowth=*/true, 0.125);
  allocate(*allocator, 6 * kMiB);
  StatusOr<uint64_t> big = allocator->allocate(4 * kMiB, "step 'train' arena");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::ResourceExhausted);
  const std::string &message = big.status().message();
  EXPECT_NE(message.find("out of GPU memory: step 'train' arena asks for "
                         "4194304 bytes"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("of the 8.0 MiB limit"), std::string::npos) << message;
  // Nothing changed: what fits still fits.
  allocate(*allocator, 2 * kMiB);

  HostMemoryBackend whole(64 * kMiB);
  auto fixed = makeAllocator(whole, /*allowGrowth=*/false, 0.125);
  allocate(*fixed, 7 * kMiB);
  StatusOr<uint64_t> more = fixed->allocate(2 * kMiB, "variable 'w'");
  ASSERT_FALSE(more.ok());
  EXPECT_NE(more.status().message().find("allow_growth is off"),
            std::string::npos)
      << more.status().message();
}

TEST(BfcAllocator, FreedNeighboursMergeAndBestFitAvoidsSplittingBigBlocks) {
  HostMemoryBackend backend(4 * kMiB);
  auto allocator = makeAllocator(backend, /*allowGrowth=*/false);
  uint64_t a = allocate(*allocator, 1 * kMiB);
  uint64_t b = allocate(*allocator, 1 * kMiB);
  uint64_t c = allocate(*allocator, 1 * kMiB);
  uint64_t d = allocate(*allocator, 1 * kMiB);
  KILN_ASSERT_OK(allocator->deallocate(a));
  KILN_ASSERT_OK(allocator->deallocate(c));
  // Fragmented: 2 MiB free, in two pieces.
  EXPECT_EQ(allocator->stats().largestFree, 1 * kMiB);
  EXPECT_FALSE(allocator->allocate(2 * kMiB, "test").ok());
  KILN_ASSERT_OK(allocator->deallocate(b));
  // a, b and c merged into one 3 MiB block.
  EXPECT_EQ(allocator->stats().largestFree, 3 * kMiB);
  uint64_t e = allocate(*allocator, 3 * kMiB);
  EXPECT_EQ(e, a);
  KILN_ASSERT_OK(allocator->deallocate(e));
  KILN_ASSERT_OK(allocator->deallocate(d));
  EXPECT_EQ(allocator->stats().largestFree, 4 * kMiB);
  EXPECT_EQ(allocator->stats().inUse, 0u);
  EXPECT_EQ(allocator->stats().peakInUse, 4 * kMiB);

  // With a 1 MiB and a 2 MiB hole, a 1 MiB request takes the 1 MiB one.
  uint64_t p = allocate(*allocator, 1 * kMiB);
  uint64_t q = allocate(*allocator, 1 * kMiB);
  uint64_t r = allocate(*allocator, 2 * kMiB);
  KILN_ASSERT_OK(allocator->deallocate(p));
  KILN_ASSERT_OK(allocator->deallocate(r));
  EXPECT_EQ(allocate(*allocator, 1 * kMiB), p);
  (void)q;
}

TEST(BfcAllocator, RegionsNeverMerge) {
  HostMemoryBackend backend(64 * kMiB);
  auto allocator = makeAllocator(backend, /*allowGrowth=*/true);
  uint64_t a = allocate(*allocator, 2 * kMiB); // fills the first region
  uint64_t b = allocate(*allocator, 4 * kMiB); // fills the second
  KILN_ASSERT_OK(allocator->deallocate(a));
  KILN_ASSERT_OK(allocator->deallocate(b));
  EXPECT_EQ(allocator->stats().largestFree, 4 * kMiB);
  EXPECT_EQ(allocator->stats().regions, 2);
}

TEST(BfcAllocator, RefusesBadOptionsAndForeignAddresses) {
  HostMemoryBackend backend(64 * kMiB);
  for (double fraction : {0.0, -0.5, 1.5}) {
    auto allocator = BfcAllocator::create(backend, {true, fraction});
    EXPECT_FALSE(allocator.ok()) << fraction;
    EXPECT_NE(errorOf(allocator.status()).find("memory_fraction"),
              std::string::npos);
  }
  auto allocator = makeAllocator(backend, /*allowGrowth=*/true);
  uint64_t a = allocate(*allocator, 4096);
  EXPECT_NE(errorOf(allocator->deallocate(a + 256)).find("did not hand out"),
            std::string::npos);
  KILN_EXPECT_OK(allocator->deallocate(a));
  EXPECT_FALSE(allocator->deallocate(a).ok()); // twice
  // Zero bytes still get a distinct, aligned chunk.
  uint64_t x = allocate(*allocator, 0), y = allocate(*allocator, 0);
  EXPECT_NE(x, y);
  EXPECT_EQ(y - x, BfcAllocator::kAlignment);
}

} // namespace
} // namespace kiln::cuda
