//===- Image.cpp - image summaries from NHWC batches ----------------------===//

#include "kiln/runtime/summary/image.h"

#include "kiln/runtime/summary/png.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiln::runtime::summary {

namespace {

Status checkShape(const std::string &tag, const ImageBatchShape &shape,
                  int maxImages) {
  auto text = [&] {
    return "[" + std::to_string(shape.batch) + ", " +
           std::to_string(shape.height) + ", " + std::to_string(shape.width) +
           ", " + std::to_string(shape.channels) + "]";
  };
  if (maxImages < 1)
    return io::invalidArgument(tag + ": image summary needs max images >= 1, got " +
                               std::to_string(maxImages));
  if (shape.channels != 1 && shape.channels != 3 && shape.channels != 4)
    return io::invalidArgument(tag + ": image batch " + text() +
                               " must have 1, 3 or 4 channels (NHWC)");
  if (shape.batch < 0 || shape.height < 1 || shape.width < 1)
    return io::invalidArgument(tag + ": image batch " + text() +
                               " has an empty or negative dimension");
  // libpng takes 32-bit sizes; TensorFlow refuses the same images.
  constexpr int64_t kMaxSide = std::numeric_limits<int32_t>::max();
  if (shape.height > kMaxSide || shape.width > kMaxSide ||
      shape.height * shape.width > kMaxSide / shape.channels)
    return io::invalidArgument(tag + ": image batch " + text() +
                               " has images too large to encode");
  return Status();
}

/// TensorFlow's naming: one image is "<tag>/image", several are numbered.
std::string imageTag(const std::string &tag, int maxImages, int64_t index) {
  if (maxImages == 1)
    return tag + "/image";
  return tag + "/image/" + std::to_string(index);
}

Status appendImage(const std::string &tag, const uint8_t *pixels,
                   const ImageBatchShape &shape, Summary &out) {
  SummaryValue value;
  value.tag = tag;
  value.kind = SummaryValue::Kind::Image;
  value.image.height = static_cast<int32_t>(shape.height);
  value.image.width = static_cast<int32_t>(shape.width);
  value.image.colorspace = static_cast<int32_t>(shape.channels);
  Status status = encodePng(pixels, static_cast<int>(shape.height),
                            static_cast<int>(shape.width),
                            static_cast<int>(shape.channels),
                            value.image.encodedImage);
  if (!status.ok())
    return Status(status.code(), tag + ": " + status.message());
  out.values.push_back(std::move(value));
  return Status();
}

template <typename Pixel, typename Convert>
Status addImages(const std::string &tag, const Pixel *pixels,
                 const ImageBatchShape &shape, int maxImages, Summary &out,
                 Convert convert) {
  KILN_IO_RETURN_IF_ERROR(checkShape(tag, shape, maxImages));
  size_t perImage = static_cast<size_t>(shape.height * shape.width *
                                        shape.channels);
  int64_t count = std::min<int64_t>(shape.batch, maxImages);
  std::vector<uint8_t> bytes(perImage);
  for (int64_t i = 0; i < count; ++i) {
    convert(pixels + i * perImage, perImage, bytes.data());
    KILN_IO_RETURN_IF_ERROR(appendImage(imageTag(tag, maxImages, i),
                                        bytes.data(), shape, out));
  }
  return Status();
}

} // namespace

void floatImageToBytes(const float *values, size_t count, int channels,
                       uint8_t *out) {
  // Bad pixels (any channel NaN or infinite) are red, TF's bad_color.
  static const uint8_t kBadColor[4] = {255, 0, 0, 255};
  size_t pixels = count / static_cast<size_t>(channels);
  auto pixelIsFinite = [&](size_t p) {
    for (int c = 0; c < channels; ++c)
      if (!std::isfinite(values[p * channels + c]))
        return false;
    return true;
  };
  float lo = 0, hi = 0;
  bool any = false;
  for (size_t p = 0; p < pixels; ++p) {
    if (!pixelIsFinite(p))
      continue;
    for (int c = 0; c < channels; ++c) {
      float v = values[p * channels + c];
      lo = any ? std::min(lo, v) : v;
      hi = any ? std::max(hi, v) : v;
      any = true;
    }
  }
  // TensorFlow's ImageSummary arithmetic, in float and truncating, so
  // pixels match TF's byte for byte (ImageTest checks TF-made goldens).
  float scale = 0, offset = 0;
  if (lo >= 0) {
    scale = hi > 0 ? 255.0f / hi : 0.0f;
  } else {
    offset = 128.0f;
    scale = 127.0f / std::max(-lo, hi);
  }
  for (size_t p = 0; p < pixels; ++p) {
    bool finite = pixelIsFinite(p);
    for (int c = 0; c < channels; ++c) {
      size_t i = p * channels + c;
      if (!finite) {
        out[i] = kBadColor[c];
        continue;
      }
      float scaled = values[i] * scale + offset;
      out[i] = static_cast<uint8_t>(std::clamp(scaled, 0.0f, 255.0f));
    }
  }
}

Status addImageValues(const std::string &tag, const uint8_t *pixels,
                      const ImageBatchShape &shape, int maxImages,
                      Summary &out) {
  return addImages(tag, pixels, shape, maxImages, out,
                   [](const uint8_t *in, size_t count, uint8_t *to) {
                     std::copy(in, in + count, to);
                   });
}

Status addImageValues(const std::string &tag, const float *pixels,
                      const ImageBatchShape &shape, int maxImages,
                      Summary &out) {
  int channels = static_cast<int>(shape.channels);
  return addImages(tag, pixels, shape, maxImages, out,
                   [channels](const float *in, size_t count, uint8_t *to) {
                     floatImageToBytes(in, count, channels, to);
                   });
}

} // namespace kiln::runtime::summary
