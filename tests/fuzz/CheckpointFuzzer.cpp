//===- CheckpointFuzzer.cpp - libFuzzer target: TF V2 checkpoints --------===//
//
// Checkpoints are an index (an SSTable of BundleEntry protos) and data
// shards, served from memory under fuzzmem://.
//   Even first byte: a two-byte length splits the rest into the index and
//   the data file of a one-shard checkpoint, taken as they are (the seeds
//   are real checkpoints TensorFlow wrote).
//   Odd first byte: the next bytes choose up to four tensors (name, dtype,
//   shape, elements) that BundleWriter saves; unchanged, every tensor must
//   read back bit for bit; with the "corrupt" bit, one byte of the index
//   or the data is flipped first and reading must report it or give the
//   tensors back, never crash.
// Every tensor the index lists is then read; errors must name the
// checkpoint.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "MemoryFileSystem.h"

#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/bundle_writer.h"

using namespace kiln;
using namespace kiln::runtime;
using namespace kiln::runtime::checkpoint;

namespace {

const std::string kPrefix = "fuzzmem://model.ckpt-1";
const std::string kIndex = "model.ckpt-1.index";
const std::string kData = "model.ckpt-1.data-00000-of-00001";

std::vector<NamedTensor> chooseTensors(fuzz::FuzzedInput &input) {
  const DType kTypes[] = {DType::F32, DType::F64, DType::F16,
                          DType::I8,  DType::I16, DType::I32,
                          DType::I64, DType::U8,  DType::Bool};
  std::vector<NamedTensor> tensors;
  for (unsigned count = input.below(5), i = 0; i < count; ++i) {
    NamedTensor named;
    named.name =
        "layer" + std::to_string(input.below(8)) + "/w" + std::to_string(i);
    named.tensor.dtype = kTypes[input.below(std::size(kTypes))];
    for (unsigned rank = input.below(4), d = 0; d < rank; ++d)
      named.tensor.shape.push_back(input.below(5));
    named.tensor.data.resize(size_t(named.tensor.elementCount()) *
                             dtypeSize(named.tensor.dtype));
    for (uint8_t &byte : named.tensor.data)
      byte = input.byte();
    if (named.tensor.dtype == DType::Bool)
      for (uint8_t &byte : named.tensor.data)
        byte &= 1;
    tensors.push_back(std::move(named));
  }
  return tensors;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::FuzzedInput input(data, size);
  fuzz::MemoryFileSystem &files = fuzz::MemoryFileSystem::instance();
  files.files.clear();
  uint8_t mode = input.byte();
  bool structured = mode & 1, corrupt = mode & 2;

  std::vector<NamedTensor> written;
  if (structured) {
    written = chooseTensors(input);
    // Names must be unique; a repeated one is the writer's to refuse.
    Status status = writeCheckpoint(kPrefix, written);
    if (!status.ok()) {
      fuzz::expectNamed(status, "model.ckpt-1");
      return 0;
    }
    if (corrupt) {
      std::string &file = files.files[input.flag() ? kIndex : kData];
      if (!file.empty())
        file[input.u16() % file.size()] ^= 1 << input.below(8);
    }
  } else {
    size_t indexSize = input.u16();
    files.files[kIndex] = std::string(input.take(indexSize));
    files.files[kData] = std::string(input.rest());
  }

  std::unique_ptr<BundleReader> reader;
  Status status = BundleReader::open(kPrefix, reader);
  fuzz::expectNamed(status, "model.ckpt-1");
  if (!status.ok()) {
    if (structured && !corrupt)
      fuzz::finding("a checkpoint kiln wrote does not open", status);
    return 0;
  }
  size_t readBack = 0;
  for (const TensorInfo &info : reader->tensors()) {
    HostTensor tensor;
    if (info.hasDType) {
      status = reader->read(info.name, tensor);
    } else {
      std::vector<std::string> strings;
      status = reader->readStrings(info.name, strings);
    }
    fuzz::expectNamed(status, "model.ckpt-1");
    if (!structured || corrupt)
      continue;
    if (!status.ok())
      fuzz::finding("a tensor kiln wrote does not read back", status);
    for (const NamedTensor &named : written)
      if (named.name == info.name) {
        if (named.tensor.dtype != tensor.dtype ||
            named.tensor.shape != tensor.shape ||
            named.tensor.data != tensor.data)
          fuzz::finding("a tensor changed in a checkpoint round trip");
        ++readBack;
      }
  }
  if (structured && !corrupt && readBack != written.size())
    fuzz::finding("the index does not list every tensor written");
  return 0;
}
