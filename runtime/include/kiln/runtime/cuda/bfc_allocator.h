//===- bfc_allocator.h - best-fit with coalescing device memory -*- C++ -*-===//
//
// The device allocator kiln's GPU sessions take step arenas, variables and
// feeds from, with TensorFlow's GPU memory options. Memory comes from a
// MemoryBackend in large regions (cuMemAlloc on a GPU; host memory in the
// tests, which exercise the bookkeeping without one) and is handed out in
// chunks: the smallest free chunk that fits is split, and a freed chunk
// merges with free neighbours of its region, so steps of different shapes
// reuse memory without going back to the driver.
//
//   allow_growth = false  reserves the whole limit at the first allocation
//                         (TensorFlow's default);
//   allow_growth = true   reserves regions as needed, each at least twice
//                         the previous one, never above the limit;
//   memory_fraction       the limit: that fraction of the device's memory.
//
// Running out is an error naming what asked, the bytes it asked for and
// the state of the limit, never a crash.
//
// Thread-safety: every member function may be called from any thread.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_BFC_ALLOCATOR_H
#define KILN_RUNTIME_CUDA_BFC_ALLOCATOR_H

#include "kiln/runtime/cuda/gpu_options.h"
#include "kiln/runtime/status_cc.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kiln::cuda {

/// Where regions come from: device memory, or host memory in tests.
class MemoryBackend {
public:
  virtual ~MemoryBackend() = default;
  /// The device's memory in bytes (what memory_fraction is a fraction of).
  virtual uint64_t totalBytes() const = 0;
  /// A region of `bytes` bytes, 256-byte aligned, or an error.
  virtual StatusOr<uint64_t> reserve(uint64_t bytes) = 0;
  virtual void release(uint64_t address, uint64_t bytes) = 0;
};

/// Host memory posing as a device of `totalBytes` bytes.
class HostMemoryBackend final : public MemoryBackend {
public:
  explicit HostMemoryBackend(uint64_t totalBytes) : total_(totalBytes) {}
  ~HostMemoryBackend() override;
  uint64_t totalBytes() const override { return total_; }
  StatusOr<uint64_t> reserve(uint64_t bytes) override;
  void release(uint64_t address, uint64_t bytes) override;
  /// Every reserve() so far, in bytes, in order.
  const std::vector<uint64_t> &reservations() const { return reservations_; }

private:
  uint64_t total_;
  std::vector<uint64_t> reservations_;
  std::map<uint64_t, uint64_t> live_;
};

class BfcAllocator {
public:
  /// Every chunk is a multiple of this, and so aligned to it.
  static constexpr uint64_t kAlignment = 256;
  /// The first region reserved under allow_growth.
  static constexpr uint64_t kFirstRegionBytes = 2 << 20;

  /// Fails on a memory fraction outside (0, 1].
  static StatusOr<std::unique_ptr<BfcAllocator>>
  create(MemoryBackend &backend, GpuMemoryOptions options);
  ~BfcAllocator();

  /// `bytes` (rounded up to kAlignment; 0 counts as kAlignment) for
  /// `what` (a step, a variable), which error messages name.
  StatusOr<uint64_t> allocate(uint64_t bytes, const std::string &what);
  /// Returns a chunk; an address allocate() did not return is an error.
  Status deallocate(uint64_t address);

  struct Stats {
    uint64_t limit = 0;    // bytes the options allow
    uint64_t reserved = 0; // bytes taken from the backend
    uint64_t inUse = 0;    // bytes in allocated chunks
    uint64_t peakInUse = 0;
    uint64_t largestFree = 0; // the largest chunk an allocation could get
    int regions = 0;
    int allocations = 0;
  };
  Stats stats() const;

private:
  BfcAllocator(MemoryBackend &backend, GpuMemoryOptions options, uint64_t limit)
      : backend_(backend), options_(options), limit_(limit) {}

  struct Chunk {
    uint64_t bytes = 0;
    int region = 0;
    bool inUse = false;
  };
  /// Reserves a region that can hold `bytes`, within the limit.
  Status grow(uint64_t bytes, const std::string &what);
  void insertFree(uint64_t address, const Chunk &chunk);
  void eraseFree(uint64_t address, const Chunk &chunk);

  MemoryBackend &backend_;
  GpuMemoryOptions options_;
  uint64_t limit_;
  mutable std::mutex mutex_;
  std::map<uint64_t, Chunk> chunks_;                   // by address
  std::set<std::pair<uint64_t, uint64_t>> free_;       // (bytes, address)
  std::vector<std::pair<uint64_t, uint64_t>> regions_; // (address, bytes)
  uint64_t reserved_ = 0, inUse_ = 0, peakInUse_ = 0;
  int allocations_ = 0;
};

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_BFC_ALLOCATOR_H
