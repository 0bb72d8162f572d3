//===- Dataset.h - Fashion-MNIST as float images and int64 labels -*- C++ -*-===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_DATASET_H
#define KILN_EXAMPLES_FASHION_MNIST_DATASET_H

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace kiln::examples {

/// Images scaled to [0, 1] (row-major, 784 floats each) and their labels.
struct Dataset {
  std::vector<float> images;
  std::vector<int64_t> labels;
  int64_t size() const { return static_cast<int64_t>(labels.size()); }
};

/// Reads `<dir>/<prefix>-images-idx3-ubyte[.gz]` and the labels file.
bool loadFashionMnist(const std::string &dir, const std::string &prefix,
                      Dataset &out, std::string &error);

/// Copies examples order[first, first + count) into a batch.
void gatherBatch(const Dataset &data, const std::vector<int64_t> &order,
                 int64_t first, int64_t count, std::vector<float> &images,
                 std::vector<int64_t> &labels);

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_DATASET_H
