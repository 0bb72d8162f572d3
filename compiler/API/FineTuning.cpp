//===- FineTuning.cpp - train a model imported for inference --------------===//

#include "compiler/API/FineTuning.h"

#include "compiler/API/ModelRunner.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace kiln {

StatusOr<FineTuneSpec> FineTuneSpec::parse(const std::string &text) {
  FineTuneSpec spec;
  size_t first = text.find(':');
  if (first == std::string::npos || first + 1 == text.size())
    return invalidArgument("expected KIND:OUTPUT[:LABELS], got '" + text + "'");
  std::string kind = text.substr(0, first);
  if (kind == "cross-entropy")
    spec.loss = Loss::SoftmaxCrossEntropy;
  else if (kind == "mse")
    spec.loss = Loss::MeanSquaredError;
  else
    return invalidArgument("unknown loss '" + kind +
                           "' (expected cross-entropy or mse)");
  std::string rest = text.substr(first + 1);
  size_t second = rest.find(':');
  spec.output = rest.substr(0, second);
  if (second != std::string::npos)
    spec.labels = rest.substr(second + 1);
  if (spec.output.empty() || spec.labels.empty())
    return invalidArgument("expected KIND:OUTPUT[:LABELS], got '" + text + "'");
  return spec;
}

namespace {

/// The mean over every element of `x`.
Value meanOfAll(OpBuilder &b, Location loc, Value x) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < rank; ++d)
    axes.push_back(d);
  return ReduceMeanOp::create(b, loc, x, axes);
}

template <typename T>
void copyElements(DenseElementsAttr value, runtime::DType dtype,
                  runtime::HostTensor &tensor) {
  tensor.dtype = dtype;
  tensor.data.resize(value.getNumElements() * sizeof(T));
  llvm::copy(value.getValues<T>(), tensor.as<T>());
}

} // namespace

Status addTrainingStep(ModuleOp module, const FineTuneSpec &spec,
                       const std::vector<std::string> &resultNames,
                       const std::vector<std::string> &fetches) {
  auto func = module.lookupSymbol<func::FuncOp>(entryFunctionName(module));
  if (!func || func.isExternal())
    return invalidArgument("the model has no step function to train");
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  if (resultNames.size() != ret.getNumOperands())
    return internalError(
        "the step has " + std::to_string(ret.getNumOperands()) +
        " results but " + std::to_string(resultNames.size()) + " names");
  auto resultNamed = [&](const std::string &name) -> Value {
    auto it = llvm::find(resultNames, name);
    return it == resultNames.end()
               ? Value()
               : ret.getOperand(std::distance(resultNames.begin(), it));
  };
  Value output = resultNamed(spec.output);
  if (!output)
    return invalidArgument("the loss reads '" + spec.output +
                           "', which is not among the model's results");
  for (const std::string &fetch : fetches)
    if (fetch != "loss" && !resultNamed(fetch))
      return invalidArgument("fetch '" + fetch +
                             "' is neither \"loss\" nor a model result");
  auto outputType = cast<RankedTensorType>(output.getType());
  if (!isa<FloatType>(outputType.getElementType()))
    return invalidArgument("output '" + spec.output +
                           "' is not a float tensor; it cannot be trained");

  // The labels: [N] class indices for cross-entropy, the output's type for
  // a squared error.
  OpBuilder b(ret);
  Location loc = ret.getLoc();
  Type labelsType = outputType;
  if (spec.loss == FineTuneSpec::Loss::SoftmaxCrossEntropy) {
    if (outputType.getRank() != 2)
      return invalidArgument("cross-entropy reads logits [N, C]; output '" +
                             spec.output + "' has rank " +
                             std::to_string(outputType.getRank()));
    labelsType =
        RankedTensorType::get({outputType.getDimSize(0)}, b.getI64Type());
  }
  unsigned labelsArg = func.getNumArguments();
  if (failed(func.insertArgument(labelsArg, labelsType, {}, loc)))
    return internalError("could not add the labels argument");
  setFeedName(func, labelsArg, spec.labels);
  Value labels = func.getArgument(labelsArg);

  Value loss;
  if (spec.loss == FineTuneSpec::Loss::SoftmaxCrossEntropy) {
    auto perExample = RankedTensorType::get({outputType.getDimSize(0)},
                                            outputType.getElementType());
    auto xent = SparseSoftmaxCrossEntropyWithLogitsOp::create(
        b, loc, perExample, outputType, output, labels);
    loss = meanOfAll(b, loc, xent.getLoss());
  } else {
    loss = meanOfAll(
        b, loc,
        SquareOp::create(b, loc, SubOp::create(b, loc, output, labels)));
  }

  // Every read of a trainable variable, grouped by variable.
  llvm::MapVector<StringRef, SmallVector<Value>> reads;
  func.walk([&](ReadVariableOp read) {
    auto variable =
        module.lookupSymbol<VariableOp>(read.getVariableAttr().getValue());
    if (variable && variable.getTrainable() &&
        isa<FloatType>(getElementTypeOrSelf(variable.getType())))
      reads[variable.getSymName()].push_back(read.getValue());
  });
  if (reads.empty())
    return invalidArgument("the model has no trainable weights (import it "
                           "with its weights as variables)");
  SmallVector<Value> xs;
  SmallVector<Type> types;
  for (auto &[name, values] : reads)
    for (Value value : values) {
      xs.push_back(value);
      types.push_back(value.getType());
    }
  auto gradients = GradientsOp::create(b, loc, types, loss, xs);
  unsigned next = 0;
  for (auto &[name, values] : reads) {
    Value gradient = gradients.getResult(next++);
    for (size_t i = 1; i < values.size(); ++i)
      gradient = AddOp::create(b, loc, gradient, gradients.getResult(next++));
    auto rate = RankedTensorType::get({}, getElementTypeOrSelf(gradient));
    Value step = MulOp::create(
        b, loc, gradient,
        ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(rate, FloatAttr::get(rate.getElementType(),
                                                        -spec.learningRate))));
    AssignAddVariableOp::create(b, loc, name, step);
  }

  SmallVector<Value> results;
  for (const std::string &fetch : fetches)
    results.push_back(fetch == "loss" ? loss : resultNamed(fetch));
  if (fetches.empty())
    results.push_back(loss);
  func::ReturnOp::create(b, loc, results);
  ret.erase();
  func.setFunctionType(b.getFunctionType(func.getArgumentTypes(),
                                         ValueRange(results).getTypes()));
  return Status();
}

Status seedInitialValues(ModuleOp module, VariableStore &variables) {
  for (auto variable : module.getOps<VariableOp>()) {
    auto value =
        variable->getAttrOfType<DenseElementsAttr>(kInitialValueAttrName);
    if (!value || variables.find(variable.getSymName().str()))
      continue;
    runtime::HostTensor tensor;
    llvm::append_range(tensor.shape, value.getType().getShape());
    Type element = value.getElementType();
    if (element.isF32()) {
      copyElements<float>(value, runtime::DType::F32, tensor);
    } else if (element.isF64()) {
      copyElements<double>(value, runtime::DType::F64, tensor);
    } else {
      return invalidArgument("variable '" + variable.getSymName().str() +
                             "': initial values of this element type are "
                             "not supported (float32 and float64 are)");
    }
    KILN_RETURN_IF_ERROR(
        variables.assign(variable.getSymName().str(), std::move(tensor)));
  }
  return Status();
}

} // namespace kiln
