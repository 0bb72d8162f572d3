//===- Snappy.h - decompressing snappy-compressed table blocks ------------===//
//
// Private to runtime/src/checkpoint. TensorFlow's bundle writer turns table
// compression off, but checkpoints that went through other writers (the
// tensorflow/serving test models, for one) have snappy-compressed index
// blocks, and TensorFlow reads them. kiln reads them too; it never writes
// them. This is the raw snappy format (no framing): a varint uncompressed
// length, then literals and back-references.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_CHECKPOINT_SNAPPY_H
#define KILN_RUNTIME_SRC_CHECKPOINT_SNAPPY_H

#include "kiln/runtime/status_cc.h"

#include <string>
#include <string_view>

namespace kiln::runtime::checkpoint::detail {

/// Decompresses `input` into `out`; a DataLoss error saying why on
/// malformed input (never reads or writes out of bounds).
Status snappyUncompress(std::string_view input, std::string &out);

} // namespace kiln::runtime::checkpoint::detail

#endif // KILN_RUNTIME_SRC_CHECKPOINT_SNAPPY_H
