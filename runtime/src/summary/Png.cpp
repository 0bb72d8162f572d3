//===- Png.cpp - PNG through libpng's simplified API ----------------------===//
//
// libpng's png_image API reports errors through a message buffer instead of
// longjmp, so no setjmp crosses C++ frames here.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/summary/png.h"

#include <png.h>

#include <cstring>

namespace kiln::runtime::summary {

namespace {

png_uint_32 formatForChannels(int channels) {
  switch (channels) {
  case 1:
    return PNG_FORMAT_GRAY;
  case 2:
    return PNG_FORMAT_GA;
  case 3:
    return PNG_FORMAT_RGB;
  default:
    return PNG_FORMAT_RGBA;
  }
}

} // namespace

Status encodePng(const uint8_t *pixels, int height, int width, int channels,
                 std::string &out) {
  if (channels < 1 || channels > 4 || height < 1 || width < 1)
    return io::invalidArgument(
        "cannot encode a PNG of " + std::to_string(height) + "x" +
        std::to_string(width) + " pixels with " + std::to_string(channels) +
        " channels");
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = formatForChannels(channels);
  png_alloc_size_t size = PNG_IMAGE_PNG_SIZE_MAX(image);
  out.resize(size);
  if (!png_image_write_to_memory(&image, out.data(), &size,
                                 /*convert_to_8bit=*/0, pixels,
                                 /*row_stride=*/0, /*colormap=*/nullptr)) {
    std::string message = image.message;
    png_image_free(&image);
    return Status(io::StatusCode::Internal, "PNG encoding failed: " + message);
  }
  out.resize(size);
  return Status();
}

Status decodePng(std::string_view bytes, DecodedPng &out) {
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
    return io::dataLoss(std::string("not a readable PNG: ") + image.message);
  // Keep the file's channels, but always 8-bit: clearing LINEAR asks libpng
  // to reduce 16-bit samples, and a colormap is expanded to its colors.
  image.format &= ~static_cast<png_uint_32>(PNG_FORMAT_FLAG_LINEAR |
                                            PNG_FORMAT_FLAG_COLORMAP);
  out.height = static_cast<int>(image.height);
  out.width = static_cast<int>(image.width);
  out.channels = static_cast<int>(PNG_IMAGE_PIXEL_CHANNELS(image.format));
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, /*background=*/nullptr, out.pixels.data(),
                             /*row_stride=*/0, /*colormap=*/nullptr)) {
    std::string message = image.message;
    png_image_free(&image);
    return io::dataLoss("PNG decoding failed: " + message);
  }
  return Status();
}

} // namespace kiln::runtime::summary
