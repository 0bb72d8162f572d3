//===- MlpTrainingReference.h - the seed MLP's SGD steps in float64 -*- C++
//-*-===//
//
// tests/Target/CUDA/aot-train.mlir's step (784-200-200-10, relu, mean
// sparse softmax cross-entropy, SGD with rate 0.1) written out in float64,
// with deterministic starting weights and batches, for the tests that run
// that step: on a GPU ahead of time (cuda/CudaStepTest.cpp) and through
// sessions on the CPU and the emulated GPU (TrainingTest.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_MLPTRAININGREFERENCE_H
#define KILN_TESTS_UNIT_MLPTRAININGREFERENCE_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace kiln::reference {

struct MlpTraining {
  static constexpr int kBatch = 100, kInputs = 784, kHidden = 200,
                       kClasses = 10;
  static constexpr double kRate = 0.1;
  /// The variables in the step's order: w1, b1, w2, b2, w3, b3.
  static const std::vector<std::string> &names() {
    static const std::vector<std::string> list = {"w1", "b1", "w2",
                                                  "b2", "w3", "b3"};
    return list;
  }
  /// Shapes and element counts, in names() order.
  static std::vector<int64_t> shape(int variable) {
    static const std::vector<int64_t> shapes[] = {
        {kInputs, kHidden}, {kHidden},           {kHidden, kHidden},
        {kHidden},          {kHidden, kClasses}, {kClasses}};
    return shapes[variable];
  }
  static std::vector<size_t> sizes() {
    std::vector<size_t> counts;
    for (int v = 0; v < 6; ++v) {
      size_t count = 1;
      for (int64_t dim : shape(v))
        count *= size_t(dim);
      counts.push_back(count);
    }
    return counts;
  }

  /// Glorot-scaled weights from a fixed wave, zero biases.
  static std::vector<std::vector<float>> initialWeights() {
    std::vector<std::vector<float>> weights;
    std::vector<size_t> counts = sizes();
    const int fanIn[] = {kInputs, 0, kHidden, 0, kHidden, 0};
    for (int v = 0; v < 6; ++v) {
      std::vector<float> values(counts[v], 0.0f);
      if (fanIn[v])
        for (size_t i = 0; i < values.size(); ++i)
          values[i] = float(std::sin(0.7 * double(i) + v) /
                            std::sqrt(double(fanIn[v])));
      weights.push_back(std::move(values));
    }
    return weights;
  }

  /// Batch `step`: example i is of class (i + step) % 10; its pixels f
  /// with f % 10 of that class are bright, the others dim, all waved.
  static void batch(int step, std::vector<float> &x,
                    std::vector<int32_t> &labels) {
    x.assign(size_t(kBatch) * kInputs, 0.0f);
    labels.assign(kBatch, 0);
    for (int i = 0; i < kBatch; ++i) {
      int label = (i + step) % kClasses;
      labels[i] = label;
      for (int f = 0; f < kInputs; ++f)
        x[size_t(i) * kInputs + f] =
            float((f % kClasses == label ? 0.9 : 0.1) *
                  (0.75 + 0.25 * std::sin(0.1 * i + 0.37 * f + step)));
    }
  }

  /// One step on `weights` (updated in place, in float64); returns the
  /// mean loss before the update.
  static double step(std::vector<std::vector<double>> &weights,
                     const std::vector<float> &x,
                     const std::vector<int32_t> &labels) {
    const int B = kBatch, I = kInputs, H = kHidden, C = kClasses;
    auto &w1 = weights[0], &b1 = weights[1], &w2 = weights[2], &b2 = weights[3],
         &w3 = weights[4], &b3 = weights[5];
    std::vector<double> h1(B * H), h2(B * H), logits(B * C);
    auto dense = [](const std::vector<double> &in, int rows, int inner,
                    const std::vector<double> &w, const std::vector<double> &b,
                    int outs, bool relu, std::vector<double> &out) {
      for (int r = 0; r < rows; ++r)
        for (int o = 0; o < outs; ++o) {
          double sum = b[o];
          for (int k = 0; k < inner; ++k)
            sum += in[size_t(r) * inner + k] * w[size_t(k) * outs + o];
          out[size_t(r) * outs + o] = relu ? std::max(sum, 0.0) : sum;
        }
    };
    std::vector<double> input(x.begin(), x.end());
    dense(input, B, I, w1, b1, H, true, h1);
    dense(h1, B, H, w2, b2, H, true, h2);
    dense(h2, B, H, w3, b3, C, false, logits);
    double loss = 0;
    std::vector<double> dlogits(B * C);
    for (int r = 0; r < B; ++r) {
      double top = *std::max_element(&logits[r * C], &logits[r * C] + C);
      double sum = 0;
      for (int c = 0; c < C; ++c)
        sum += std::exp(logits[r * C + c] - top);
      loss += std::log(sum) + top - logits[r * C + labels[r]];
      for (int c = 0; c < C; ++c)
        dlogits[r * C + c] =
            (std::exp(logits[r * C + c] - top) / sum - (c == labels[r])) / B;
    }
    // Back through a dense layer: the weight and bias gradients, and the
    // input's (masked by the input's relu when it had one).
    auto back = [](const std::vector<double> &in, int rows, int inner,
                   const std::vector<double> &w, int outs,
                   const std::vector<double> &dout, std::vector<double> &dw,
                   std::vector<double> &db, std::vector<double> *din) {
      dw.assign(size_t(inner) * outs, 0.0);
      db.assign(outs, 0.0);
      for (int r = 0; r < rows; ++r)
        for (int o = 0; o < outs; ++o) {
          double g = dout[size_t(r) * outs + o];
          db[o] += g;
          for (int k = 0; k < inner; ++k)
            dw[size_t(k) * outs + o] += in[size_t(r) * inner + k] * g;
        }
      if (!din)
        return;
      din->assign(size_t(rows) * inner, 0.0);
      for (int r = 0; r < rows; ++r)
        for (int k = 0; k < inner; ++k) {
          if (in[size_t(r) * inner + k] <= 0.0)
            continue;
          double sum = 0;
          for (int o = 0; o < outs; ++o)
            sum += dout[size_t(r) * outs + o] * w[size_t(k) * outs + o];
          (*din)[size_t(r) * inner + k] = sum;
        }
    };
    std::vector<double> dw3, db3, dh2, dw2, db2, dh1, dw1, db1;
    back(h2, B, H, w3, C, dlogits, dw3, db3, &dh2);
    back(h1, B, H, w2, H, dh2, dw2, db2, &dh1);
    back(input, B, I, w1, H, dh1, dw1, db1, nullptr);
    const std::vector<double> *gradients[] = {&dw1, &db1, &dw2,
                                              &db2, &dw3, &db3};
    for (int v = 0; v < 6; ++v)
      for (size_t i = 0; i < weights[v].size(); ++i)
        weights[v][i] -= kRate * (*gradients[v])[i];
    return loss / B;
  }
};

} // namespace kiln::reference

#endif // KILN_TESTS_UNIT_MLPTRAININGREFERENCE_H
