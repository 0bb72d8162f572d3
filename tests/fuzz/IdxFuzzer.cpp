//===- IdxFuzzer.cpp - libFuzzer target: IDX (MNIST) decoding ------------===//
//
// Odd first byte: the next bytes pick a type and a shape, and the rest is
// the elements; encodeIdx writes that tensor and decodeIdx must give it
// back unchanged. Even: the rest is an IDX file as it is; decoding must
// give a tensor whose bytes match its shape, or an error naming the file.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "kiln/runtime/io/idx.h"

using namespace kiln;
using namespace kiln::runtime;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::FuzzedInput input(data, size);
  const char kName[] = "fuzz-idx1-ubyte";
  if (input.byte() & 1) {
    const DType kTypes[] = {DType::U8,  DType::I8,  DType::I16,
                            DType::I32, DType::F32, DType::F64};
    HostTensor tensor;
    tensor.dtype = kTypes[input.below(std::size(kTypes))];
    for (unsigned rank = input.below(4), i = 0; i < rank; ++i)
      tensor.shape.push_back(input.below(6));
    tensor.data.resize(size_t(tensor.elementCount()) * dtypeSize(tensor.dtype));
    std::string_view elements = input.take(tensor.data.size());
    std::copy(elements.begin(), elements.end(), tensor.data.begin());
    std::string file;
    Status status = io::encodeIdx(tensor, file);
    if (!status.ok())
      fuzz::finding("encodeIdx refused a tensor of a supported type", status);
    HostTensor decoded;
    status = io::decodeIdx(file, decoded, kName);
    if (!status.ok())
      fuzz::finding("an encoded tensor did not decode", status);
    if (decoded.dtype != tensor.dtype || decoded.shape != tensor.shape ||
        decoded.data != tensor.data)
      fuzz::finding("a tensor changed in an IDX round trip");
    return 0;
  }
  HostTensor tensor;
  Status status = io::decodeIdx(input.rest(), tensor, kName);
  fuzz::expectNamed(status, kName);
  if (status.ok() && tensor.data.size() != size_t(tensor.elementCount()) *
                                               dtypeSize(tensor.dtype))
    fuzz::finding("decoded bytes do not match the shape");
  return 0;
}
