//===- png.h - PNG encoding and decoding through libpng -------------------===//
//
// Image summaries carry PNG bytes, as TensorFlow's do: TensorBoard shows them
// as they are. 8-bit pixels only, rows packed (stride = width * channels).
// Channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
//
// Thread-safety: pure functions (libpng keeps no global state here).
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_PNG_H
#define KILN_RUNTIME_SUMMARY_PNG_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::summary {

using io::Status;

/// Encodes `height` x `width` pixels of `channels` bytes each.
Status encodePng(const uint8_t *pixels, int height, int width, int channels,
                 std::string &out);

struct DecodedPng {
  int height = 0, width = 0, channels = 0;
  std::vector<uint8_t> pixels; // height * width * channels, rows packed
};

/// Decodes PNG bytes to 8-bit pixels in the file's own channel layout
/// (palettes become RGB or RGBA, 16-bit samples become 8-bit). A damaged file
/// is a DataLoss error carrying libpng's message.
Status decodePng(std::string_view bytes, DecodedPng &out);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_PNG_H
