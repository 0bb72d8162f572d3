//===- BfcAllocator.cpp - best-fit with coalescing device memory ----------===//

#include "kiln/runtime/cuda/bfc_allocator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kiln::cuda {

namespace {

uint64_t roundUp(uint64_t bytes, uint64_t to) {
  return (std::max<uint64_t>(bytes, 1) + to - 1) / to * to;
}

std::string mib(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", bytes / 1048576.0);
  return text;
}

} // namespace

HostMemoryBackend::~HostMemoryBackend() {
  for (auto [address, bytes] : live_)
    std::free(reinterpret_cast<void *>(address));
}

StatusOr<uint64_t> HostMemoryBackend::reserve(uint64_t bytes) {
  void *memory = std::aligned_alloc(BfcAllocator::kAlignment,
                                    roundUp(bytes, BfcAllocator::kAlignment));
  if (!memory)
    return Status(StatusCode::ResourceExhausted,
                  "host memory backend: cannot reserve " +
                      std::to_string(bytes) + " bytes");
  reservations_.push_back(bytes);
  auto address = reinterpret_cast<uint64_t>(memory);
  live_[address] = bytes;
  return address;
}

void HostMemoryBackend::release(uint64_t address, uint64_t) {
  live_.erase(address);
  std::free(reinterpret_cast<void *>(address));
}

StatusOr<std::unique_ptr<BfcAllocator>>
BfcAllocator::create(MemoryBackend &backend, GpuMemoryOptions options) {
  if (!(options.memoryFraction > 0.0 && options.memoryFraction <= 1.0))
    return invalidArgument("per_process_gpu_memory_fraction must be in "
                           "(0, 1], got " +
                           std::to_string(options.memoryFraction));
  uint64_t limit = static_cast<uint64_t>(
      std::floor(options.memoryFraction * backend.totalBytes()));
  limit = limit / kAlignment * kAlignment;
  return std::unique_ptr<BfcAllocator>(
      new BfcAllocator(backend, options, limit));
}

BfcAllocator::~BfcAllocator() {
  for (auto [address, bytes] : regions_)
    backend_.release(address, bytes);
}

void BfcAllocator::insertFree(uint64_t address, const Chunk &chunk) {
  free_.insert({chunk.bytes, address});
}

void BfcAllocator::eraseFree(uint64_t address, const Chunk &chunk) {
  free_.erase({chunk.bytes, address});
}

Status BfcAllocator::grow(uint64_t bytes, const std::string &what) {
  uint64_t available = limit_ - reserved_;
  uint64_t region = bytes;
  if (!options_.allowGrowth) {
    // The whole limit at once; a later shortfall is out of memory.
    if (!regions_.empty() || available < bytes)
      region = 0;
    else
      region = available;
  } else {
    uint64_t next =
        regions_.empty() ? kFirstRegionBytes : 2 * regions_.back().second;
    region = std::min(std::max(bytes, next), available);
    if (region < bytes)
      region = 0;
  }
  if (region == 0) {
    uint64_t largest = free_.empty() ? 0 : free_.rbegin()->first;
    return Status(
        StatusCode::ResourceExhausted,
        "out of GPU memory: " + what + " asks for " + std::to_string(bytes) +
            " bytes (" + mib(bytes) + "); " + mib(inUse_) + " of the " +
            mib(limit_) + " limit are in use, the largest free block is " +
            mib(largest) +
            (options_.allowGrowth ? ""
                                  : " (allow_growth is off: the limit was "
                                    "reserved at once)"));
  }
  StatusOr<uint64_t> address = backend_.reserve(region);
  if (!address.ok())
    return Status(StatusCode::ResourceExhausted,
                  "out of GPU memory: " + what + " asks for " +
                      std::to_string(bytes) +
                      " bytes: " + address.status().message());
  Chunk chunk{region, static_cast<int>(regions_.size()), false};
  regions_.push_back({*address, region});
  reserved_ += region;
  chunks_[*address] = chunk;
  insertFree(*address, chunk);
  return Status();
}

StatusOr<uint64_t> BfcAllocator::allocate(uint64_t bytes,
                                          const std::string &what) {
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t size = roundUp(bytes, kAlignment);
  auto fit = free_.lower_bound({size, 0});
  if (fit == free_.end()) {
    KILN_RETURN_IF_ERROR(grow(size, what));
    fit = free_.lower_bound({size, 0});
  }
  uint64_t address = fit->second;
  Chunk &chunk = chunks_[address];
  eraseFree(address, chunk);
  if (chunk.bytes - size >= kAlignment) {
    Chunk rest{chunk.bytes - size, chunk.region, false};
    chunks_[address + size] = rest;
    insertFree(address + size, rest);
    chunk.bytes = size;
  }
  chunk.inUse = true;
  inUse_ += chunk.bytes;
  peakInUse_ = std::max(peakInUse_, inUse_);
  ++allocations_;
  return address;
}

Status BfcAllocator::deallocate(uint64_t address) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = chunks_.find(address);
  if (it == chunks_.end() || !it->second.inUse)
    return invalidArgument("deallocating GPU memory at " +
                           std::to_string(address) +
                           ", which this allocator did not hand out");
  it->second.inUse = false;
  inUse_ -= it->second.bytes;
  --allocations_;
  // Merge with the free neighbours of the same region.
  auto next = std::next(it);
  if (next != chunks_.end() && !next->second.inUse &&
      next->second.region == it->second.region &&
      it->first + it->second.bytes == next->first) {
    eraseFree(next->first, next->second);
    it->second.bytes += next->second.bytes;
    chunks_.erase(next);
  }
  if (it != chunks_.begin()) {
    auto previous = std::prev(it);
    if (!previous->second.inUse &&
        previous->second.region == it->second.region &&
        previous->first + previous->second.bytes == it->first) {
      eraseFree(previous->first, previous->second);
      previous->second.bytes += it->second.bytes;
      chunks_.erase(it);
      it = previous;
    }
  }
  insertFree(it->first, it->second);
  return Status();
}

BfcAllocator::Stats BfcAllocator::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Stats stats;
  stats.limit = limit_;
  stats.reserved = reserved_;
  stats.inUse = inUse_;
  stats.peakInUse = peakInUse_;
  stats.largestFree = free_.empty() ? 0 : free_.rbegin()->first;
  stats.regions = static_cast<int>(regions_.size());
  stats.allocations = allocations_;
  return stats;
}

} // namespace kiln::cuda
