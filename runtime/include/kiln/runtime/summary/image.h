//===- image.h - image summaries from a batch -----------------------------===//
//
// Like tf.compat.v1.summary.image: up to `maxImages` images of an NHWC batch
// (channels 1 gray, 3 RGB, 4 RGBA) become PNG-encoded Summary.Image values.
// Tags follow TensorFlow: "<tag>/image" when maxImages is 1, otherwise
// "<tag>/image/0", "<tag>/image/1", ...
//
// uint8 pixels are written as they are. Float images are scaled one image at
// a time with TensorFlow's ImageSummary arithmetic (float, truncating),
// checked against pixels TF 2.21 produced: when no value is negative,
// v * 255 / max; otherwise 128 + v * 127 / max(-min, max), so 0.0 becomes
// 128. A pixel with any NaN or infinite channel is painted red (TF's default
// bad_color; 255 for gray) and does not count towards min and max.
//
// Thread-safety: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_IMAGE_H
#define KILN_RUNTIME_SUMMARY_IMAGE_H

#include "kiln/runtime/summary/summary.h"

#include <cstdint>

namespace kiln::runtime::summary {

/// The shape of an NHWC batch.
struct ImageBatchShape {
  int64_t batch = 0, height = 0, width = 0, channels = 0;
};

/// Appends up to `maxImages` image values for the batch at `pixels` to
/// `out`. A bad shape (channels not 1, 3 or 4; a dimension < 1 other than an
/// empty batch; maxImages < 1) is InvalidArgument naming `tag`.
Status addImageValues(const std::string &tag, const uint8_t *pixels,
                      const ImageBatchShape &shape, int maxImages,
                      Summary &out);
Status addImageValues(const std::string &tag, const float *pixels,
                      const ImageBatchShape &shape, int maxImages,
                      Summary &out);

/// Scales one float image (`count` values) to bytes as described above.
void floatImageToBytes(const float *values, size_t count, int channels,
                       uint8_t *out);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_IMAGE_H
