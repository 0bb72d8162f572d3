//===- FineTuning.h - train a model imported for inference ------*- C++ -*-===//
//
// A model exported for inference (ONNX: weights as initializers, no loss,
// no optimizer) is fine-tuned by importing its weights as trainable
// variables (ImportOptions::weightsAsVariables) and turning its step into
// a training step: a loss over one of its outputs and a fed target,
// kiln's autodiff, and a gradient-descent update of every weight.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_FINETUNING_H
#define KILN_COMPILER_API_FINETUNING_H

#include "compiler/API/VariableStore.h"
#include "kiln/runtime/status_cc.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace kiln {

struct FineTuneSpec {
  enum class Loss {
    /// Mean softmax cross-entropy of logits [N, C] against int64 class
    /// labels [N].
    SoftmaxCrossEntropy,
    /// Mean squared difference of the output and float targets of its
    /// shape.
    MeanSquaredError,
  };
  Loss loss = Loss::SoftmaxCrossEntropy;
  /// The model output the loss reads.
  std::string output;
  /// The feed that holds the labels or targets.
  std::string labels = "labels";
  double learningRate = 0.01;

  /// Parses "KIND:OUTPUT[:LABELS]", KIND `cross-entropy` or `mse`.
  static StatusOr<FineTuneSpec> parse(const std::string &text);
};

/// Turns the entry function of `module`, whose results are named
/// `resultNames` (one of them `spec.output`), into one gradient-descent
/// step: the loss reads the output and a new argument fed as
/// `spec.labels`, and learningRate * dloss/dw is subtracted from every
/// trainable variable w. The step returns `fetches` in order: "loss" (its
/// value before the update) or any of `resultNames`; none means the loss.
/// An error when the output's shape does not suit the loss, a fetch is
/// unknown or nothing is trainable.
Status addTrainingStep(mlir::ModuleOp module, const FineTuneSpec &spec,
                       const std::vector<std::string> &resultNames,
                       const std::vector<std::string> &fetches);

/// Assigns every variable's kiln.initial_value into `variables`, except
/// those it already holds (restored from a checkpoint).
Status seedInitialValues(mlir::ModuleOp module, VariableStore &variables);

} // namespace kiln

#endif // KILN_COMPILER_API_FINETUNING_H
