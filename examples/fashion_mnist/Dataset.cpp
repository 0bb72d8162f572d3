//===- Dataset.cpp - Fashion-MNIST as float images and int64 labels -------===//

#include "Dataset.h"

#include "kiln/runtime/io/idx.h"

#include <algorithm>
#include <cstring>
#include <fstream>

namespace kiln::examples {

namespace {

std::string existing(const std::string &path) {
  if (std::ifstream(path).good())
    return path;
  return path + ".gz";
}

} // namespace

bool loadFashionMnist(const std::string &dir, const std::string &prefix,
                      Dataset &out, std::string &error) {
  runtime::HostTensor images, labels;
  runtime::io::Status status =
      runtime::io::readIdxImages(existing(dir + "/" + prefix + "-images-idx3-ubyte"), images);
  if (status.ok())
    status = runtime::io::readIdxLabels(
        existing(dir + "/" + prefix + "-labels-idx1-ubyte"), labels);
  if (!status.ok()) {
    error = status.message();
    return false;
  }
  if (images.shape.size() != 3 || images.shape[1] * images.shape[2] != 784 ||
      labels.shape[0] != images.shape[0]) {
    error = dir + ": " + prefix + " images are not 28x28 or do not match the labels";
    return false;
  }
  int64_t count = labels.shape[0];
  out.images.resize(count * 784);
  out.labels.resize(count);
  const uint8_t *pixels = images.as<uint8_t>();
  for (int64_t i = 0; i < count * 784; ++i)
    out.images[i] = pixels[i] / 255.0f;
  for (int64_t i = 0; i < count; ++i)
    out.labels[i] = labels.as<uint8_t>()[i];
  return true;
}

void gatherBatch(const Dataset &data, const std::vector<int64_t> &order,
                 int64_t first, int64_t count, std::vector<float> &images,
                 std::vector<int64_t> &labels) {
  images.resize(count * 784);
  labels.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    int64_t example = order[first + i];
    std::memcpy(&images[i * 784], &data.images[example * 784], 784 * sizeof(float));
    labels[i] = data.labels[example];
  }
}

} // namespace kiln::examples
