//===- OpConverters.cpp - TensorFlow ops -> kiln ops ----------------------===//
//
// One converter per TensorFlow op (or family). Result types come from the
// dialect's shape rules (KilnTypeInference.h), so an op TensorFlow would
// reject at graph-construction time fails here with the same rule the
// verifier applies, reported against the node.
//
//===----------------------------------------------------------------------===//

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "frontends/TFGraph/NodeConversion.h"
#include "frontends/TFGraph/TensorConversion.h"
#include "frontends/TFGraph/Translations.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>

using namespace mlir;

namespace kiln::tfgraph {
namespace {

template <typename OpT>
FailureOr<NodeOutputs> convertUnary(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  return single(OpT::create(ctx.builder, ctx.loc, ctx.input(0)));
}

/// A two-operand op with NumPy broadcasting (arithmetic, or comparisons
/// producing bool): its builder infers the result type by the dialect's
/// rule, and a broken rule is reported against the node when the importer
/// verifies the op.
template <typename OpT>
FailureOr<NodeOutputs> convertBroadcasting(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  return single(OpT::create(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1)));
}

/// AddN (tf.add_n, and how tf.gradients sums the gradients of a tensor
/// with several consumers): a chain of kiln.add over same-typed inputs.
FailureOr<NodeOutputs> convertAddN(NodeContext &ctx) {
  if (ctx.inputs.empty())
    return ctx.fail("expected at least one data input");
  if (failed(ctx.expectCountAttr("N", ctx.inputs.size())))
    return failure();
  Value sum = ctx.input(0);
  for (unsigned i = 1; i < ctx.inputs.size(); ++i) {
    Value next = ctx.input(i);
    if (next.getType() != sum.getType())
      return ctx.fail(llvm::formatv("input {0} has type {1}, input 0 {2}", i,
                                    next.getType(), sum.getType())
                          .str());
    sum = AddOp::create(ctx.builder, ctx.loc, sum.getType(), sum, next);
  }
  return single(sum);
}

FailureOr<NodeOutputs> convertIdentity(NodeContext &ctx) {
  if (ctx.inputs.empty())
    return ctx.fail("expected a data input");
  return single(ctx.input(0));
}

/// StopGradient and PreventGradient: the value, marked so kiln's autodiff
/// stops there (or, for PreventGradient, refuses to go through).
FailureOr<NodeOutputs> convertStopGradient(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  Value x = ctx.input(0);
  StringAttr message;
  if (ctx.node.op() == "PreventGradient")
    message = ctx.builder.getStringAttr(ctx.stringAttr("message", ""));
  return single(
      StopGradientOp::create(ctx.builder, ctx.loc, x.getType(), x, message));
}

FailureOr<NodeOutputs> convertNoOp(NodeContext &) { return NodeOutputs{}; }

FailureOr<NodeOutputs> convertPlaceholder(NodeContext &ctx) {
  return ctx.fail("the placeholder is not fed; name it with --feeds");
}

FailureOr<NodeOutputs> convertConst(NodeContext &ctx) {
  const tensorflow::AttrValue *value = ctx.attr("value");
  if (!value || value->value_case() != tensorflow::AttrValue::kTensor)
    return ctx.fail("missing the tensor attribute 'value'");
  auto attr = convertTensorProto(value->tensor(), ctx.builder.getContext());
  if (!attr.ok())
    return ctx.fail(attr.status().message());
  if (const auto *dtype = ctx.attr("dtype");
      dtype && dtype->type() != value->tensor().dtype())
    return ctx.fail("attribute dtype is " + dataTypeName(dtype->type()) +
                    " but the tensor holds " +
                    dataTypeName(value->tensor().dtype()));
  return single(ConstantOp::create(ctx.builder, ctx.loc, *attr));
}

FailureOr<NodeOutputs> convertMatMul(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value a = ctx.input(0), b = ctx.input(1);
  bool ta = ctx.boolAttr("transpose_a", false);
  bool tb = ctx.boolAttr("transpose_b", false);
  auto type = infer(ctx, MatMulOp::getOperationName(), [&](const InferenceDiag &d) {
    return inferMatMul(d, a.getType(), b.getType(), ta, tb);
  });
  if (failed(type))
    return failure();
  return single(MatMulOp::create(ctx.builder, ctx.loc, *type, a, b, ta, tb));
}

FailureOr<NodeOutputs> convertBiasAdd(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)) || failed(ctx.expectNHWC()))
    return failure();
  Value value = ctx.input(0), bias = ctx.input(1);
  auto type = infer(ctx, BiasAddOp::getOperationName(), [&](const InferenceDiag &d) {
    return inferBiasAdd(d, value.getType(), bias.getType());
  });
  if (failed(type))
    return failure();
  return single(BiasAddOp::create(ctx.builder, ctx.loc, *type, value, bias));
}

FailureOr<NodeOutputs> convertSparseXent(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value features = ctx.input(0), labels = ctx.input(1);
  SmallVector<Type> types;
  if (failed(checked(ctx, SparseSoftmaxCrossEntropyWithLogitsOp::getOperationName(),
                     [&](const InferenceDiag &d) {
                       return inferSparseSoftmaxCrossEntropy(
                           d, features.getType(), labels.getType(), types);
                     })))
    return failure();
  auto op = SparseSoftmaxCrossEntropyWithLogitsOp::create(
      ctx.builder, ctx.loc, types[0], types[1], features, labels);
  return NodeOutputs{InputRef{op.getLoss(), "", nullptr},
                     InputRef{op.getBackprop(), "", nullptr}};
}

template <typename OpT>
FailureOr<NodeOutputs> convertReduce(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto axes = ctx.constantInts(1);
  if (failed(axes))
    return failure();
  bool keepDims = ctx.boolAttr("keep_dims", false);
  Value input = ctx.input(0);
  // TensorFlow reduces over no axes as the identity (gradients of
  // broadcasts write Sum over BroadcastGradientArgs' indices, often empty).
  if (axes->empty())
    return single(input);
  auto type = infer(ctx, OpT::getOperationName(), [&](const InferenceDiag &d) {
    return inferReduce(d, input.getType(), *axes, keepDims);
  });
  if (failed(type))
    return failure();
  Value result = OpT::create(ctx.builder, ctx.loc, *type, input,
                             ctx.builder.getDenseI64ArrayAttr(*axes), keepDims);
  // tf.gradients computes element counts as Prod(Shape(x)): with the
  // feeds' shapes known that is a constant, and later nodes take it as a
  // compile-time shape.
  if constexpr (std::is_same_v<OpT, ReduceProdOp>)
    if (DenseElementsAttr folded = evaluateConstant(result)) {
      result.getDefiningOp()->erase();
      return single(ConstantOp::create(ctx.builder, ctx.loc, folded));
    }
  return single(result);
}

FailureOr<NodeOutputs> convertArgMax(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto axis = ctx.constantInts(1);
  if (failed(axis))
    return failure();
  if (axis->size() != 1)
    return ctx.fail("expected a scalar dimension");
  FailureOr<Type> indexType =
      ctx.typeAttr("output_type", ctx.builder.getI64Type());
  if (failed(indexType))
    return failure();
  Value input = ctx.input(0);
  auto type =
      infer(ctx, ArgMaxOp::getOperationName(), [&](const InferenceDiag &d) {
        return inferArgMax(d, input.getType(), (*axis)[0], *indexType);
      });
  if (failed(type))
    return failure();
  return single(ArgMaxOp::create(ctx.builder, ctx.loc, *type, input, (*axis)[0]));
}

FailureOr<NodeOutputs> convertInTopK(NodeContext &ctx) {
  bool isV2 = ctx.node.op() == "InTopKV2";
  if (failed(ctx.expectInputs(isV2 ? 3 : 2)))
    return failure();
  int64_t k = ctx.intAttr("k", 1);
  if (isV2) {
    auto values = ctx.constantInts(2);
    if (failed(values))
      return failure();
    if (values->size() != 1)
      return ctx.fail("expected a scalar k");
    k = (*values)[0];
  }
  Value predictions = ctx.input(0), targets = ctx.input(1);
  auto type = infer(ctx, InTopKOp::getOperationName(), [&](const InferenceDiag &d) {
    return inferInTopK(d, predictions.getType(), targets.getType(), k);
  });
  if (failed(type))
    return failure();
  return single(InTopKOp::create(ctx.builder, ctx.loc, *type, predictions,
                                 targets, k));
}

FailureOr<NodeOutputs> convertSelect(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  Value condition = ctx.input(0), onTrue = ctx.input(1), onFalse = ctx.input(2);
  auto conditionType = cast<RankedTensorType>(condition.getType());
  auto valueType = cast<RankedTensorType>(onTrue.getType());
  // TF1 Select with a vector condition picks whole rows: align the vector
  // with the outermost dimension so that broadcasting does the same.
  if (ctx.node.op() == "Select" && conditionType.getRank() == 1 &&
      valueType.getRank() > 1) {
    SmallVector<int64_t> shape(valueType.getRank(), 1);
    shape[0] = conditionType.getDimSize(0);
    condition = ReshapeOp::create(
        ctx.builder, ctx.loc,
        RankedTensorType::get(shape, conditionType.getElementType()), condition);
  }
  auto type = infer(ctx, SelectOp::getOperationName(), [&](const InferenceDiag &d) {
    return inferSelect(d, condition.getType(), onTrue.getType(), onFalse.getType());
  });
  if (failed(type))
    return failure();
  return single(SelectOp::create(ctx.builder, ctx.loc, *type, condition, onTrue,
                                 onFalse));
}

FailureOr<NodeOutputs> convertCast(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  auto element = ctx.typeAttr("DstT");
  if (failed(element))
    return failure();
  Value input = ctx.input(0);
  auto type = RankedTensorType::get(
      cast<RankedTensorType>(input.getType()).getShape(), *element);
  return single(CastOp::create(ctx.builder, ctx.loc, type, input));
}

FailureOr<NodeOutputs> convertReshape(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto shape = ctx.constantInts(1);
  if (failed(shape))
    return failure();
  Value input = ctx.input(0);
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> dims;
  int64_t known = 1, inferredDims = 0;
  for (int64_t d : *shape) {
    if (d == -1) {
      ++inferredDims;
      dims.push_back(ShapedType::kDynamic);
    } else if (d < 0) {
      return ctx.fail("invalid dimension " + Twine(d) + " in the new shape");
    } else {
      known *= d;
      dims.push_back(d);
    }
  }
  if (inferredDims > 1)
    return ctx.fail("more than one -1 in the new shape");
  // Resolve -1 from the element count whenever the input is static.
  if (inferredDims == 1 && inputType.hasStaticShape() && known > 0 &&
      inputType.getNumElements() % known != 0)
    return ctx.fail("cannot reshape " + Twine(inputType.getNumElements()) +
                    " elements into a shape with " + Twine(known) +
                    " elements per -1");
  auto type = refineReshapeResult(
      inputType, RankedTensorType::get(dims, inputType.getElementType()));
  if (failed(checked(ctx, ReshapeOp::getOperationName(),
                     [&](const InferenceDiag &d) {
                       return verifyReshape(d, inputType, type);
                     })))
    return failure();
  return single(ReshapeOp::create(ctx.builder, ctx.loc, type, input));
}

FailureOr<NodeOutputs> convertTranspose(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto perm = ctx.constantInts(1);
  if (failed(perm))
    return failure();
  Value input = ctx.input(0);
  auto type = infer(ctx, TransposeOp::getOperationName(), [&](const InferenceDiag &d) {
    return inferTranspose(d, input.getType(), *perm);
  });
  if (failed(type))
    return failure();
  return single(TransposeOp::create(ctx.builder, ctx.loc, *type, input,
                                    ctx.builder.getDenseI64ArrayAttr(*perm)));
}

FailureOr<NodeOutputs> convertConcat(NodeContext &ctx) {
  if (ctx.inputs.size() < 2)
    return ctx.fail("expected at least one value and an axis");
  bool isV2 = ctx.node.op() == "ConcatV2";
  unsigned axisIndex = isV2 ? ctx.inputs.size() - 1 : 0;
  if (failed(ctx.expectCountAttr("N", ctx.inputs.size() - 1)))
    return failure();
  auto axis = ctx.constantInts(axisIndex);
  if (failed(axis))
    return failure();
  if (axis->size() != 1)
    return ctx.fail("expected a scalar axis");
  SmallVector<Value> values;
  for (unsigned i = 0; i < ctx.inputs.size(); ++i)
    if (i != axisIndex)
      values.push_back(ctx.input(i));
  auto type = infer(ctx, ConcatOp::getOperationName(), [&](const InferenceDiag &d) {
    return inferConcat(d, ValueRange(values).getTypes(), (*axis)[0]);
  });
  if (failed(type))
    return failure();
  return single(ConcatOp::create(ctx.builder, ctx.loc, *type, values, (*axis)[0]));
}

/// A static shape from a constant shape input, for generators and Fill.
FailureOr<SmallVector<int64_t>> staticShapeInput(NodeContext &ctx, unsigned i) {
  auto dims = ctx.constantInts(i);
  if (failed(dims))
    return failure();
  for (int64_t d : *dims)
    if (d < 0)
      return ctx.fail("expected a non-negative shape, got a dimension " + Twine(d));
  return dims;
}

template <typename OpT>
FailureOr<NodeOutputs> convertRandom(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  auto shape = staticShapeInput(ctx, 0);
  auto element = ctx.typeAttr("dtype");
  if (failed(shape) || failed(element))
    return failure();
  auto type = RankedTensorType::get(*shape, *element);
  auto op = OpT::create(ctx.builder, ctx.loc, TypeRange{type}, ValueRange{},
                        ArrayRef<NamedAttribute>{});
  op.setSeed(ctx.intAttr("seed", 0));
  op.setSeed2(ctx.intAttr("seed2", 0));
  return single(op);
}

FailureOr<NodeOutputs> convertFill(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto shape = staticShapeInput(ctx, 0);
  if (failed(shape))
    return failure();
  DenseElementsAttr value;
  if (!ctx.inputs[1].value || !matchPattern(ctx.inputs[1].value, m_Constant(&value)) ||
      value.getNumElements() != 1)
    return ctx.fail("the fill value must be a constant scalar");
  auto type = RankedTensorType::get(*shape, value.getElementType());
  return single(ConstantOp::create(ctx.builder, ctx.loc,
                                   DenseElementsAttr::get(type, value.getValues<Attribute>()[0])));
}

template <int Value>
FailureOr<NodeOutputs> convertFilledLike(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  auto type = ctx.inputType(0);
  if (failed(type))
    return failure();
  if (!type->hasStaticShape())
    return ctx.fail("needs a static input shape, got " + Twine(type->getRank()) +
                    "-d with unknown dimensions");
  return single(ctx.splat(*type, Value));
}

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

/// Declares the variable (once) and returns a reference to it.
FailureOr<NodeOutputs> declareVariable(NodeContext &ctx, StringRef symbol) {
  auto element = ctx.typeAttr("dtype");
  if (failed(element))
    return failure();
  const tensorflow::AttrValue *shapeAttr = ctx.attr("shape");
  if (!shapeAttr)
    return ctx.fail("missing the 'shape' attribute");
  auto dims = tfgraph::convertShape(shapeAttr->shape());
  if (failed(dims) || llvm::any_of(*dims, ShapedType::isDynamic))
    return ctx.fail("variables need a fully known shape");
  auto type = RankedTensorType::get(*dims, *element);
  if (auto existing = ctx.module.lookupSymbol<VariableOp>(symbol)) {
    if (existing.getType() != type)
      return ctx.fail("redeclares variable '" + symbol + "' with another type");
  } else {
    OpBuilder::InsertionGuard guard(ctx.builder);
    ctx.builder.setInsertionPoint(&ctx.module.getBody()->front());
    // A GraphDef does not say which variables are trainable (that lives in
    // the MetaGraphDef's collections), so none are marked here.
    auto variable =
        VariableOp::create(ctx.builder, ctx.loc, symbol, type, /*trainable=*/false);
    if (!ctx.node.device().empty())
      variable->setAttr(kDeviceAttrName, ctx.builder.getStringAttr(ctx.node.device()));
  }
  return NodeOutputs{InputRef{Value(), symbol.str(), type}};
}

FailureOr<NodeOutputs> convertVariableV2(NodeContext &ctx) {
  return declareVariable(ctx, ctx.node.name());
}

FailureOr<NodeOutputs> convertVarHandle(NodeContext &ctx) {
  std::string shared = ctx.stringAttr("shared_name", "");
  return declareVariable(ctx, shared.empty() ? ctx.node.name() : shared);
}

FailureOr<InputRef> variableInput(NodeContext &ctx) {
  if (ctx.inputs.empty() || ctx.inputs[0].variable.empty())
    return ctx.fail("input 0 must be a variable (VariableV2 or VarHandleOp)");
  return ctx.inputs[0];
}

template <bool isAdd, bool returnsRef>
FailureOr<NodeOutputs> convertAssign(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto variable = variableInput(ctx);
  if (failed(variable))
    return failure();
  Value value = ctx.input(1);
  if (value.getType() != variable->variableType)
    return ctx.fail("assigns a value of type " + llvm::formatv("{0}", value.getType()).str() +
                    " to variable '" + variable->variable + "' of type " +
                    llvm::formatv("{0}", variable->variableType).str());
  auto symbol = FlatSymbolRefAttr::get(ctx.builder.getContext(), variable->variable);
  if (isAdd)
    AssignAddVariableOp::create(ctx.builder, ctx.loc, symbol, value);
  else
    AssignVariableOp::create(ctx.builder, ctx.loc, symbol, value);
  // TF1 Assign/AssignAdd output the (updated) ref; resource ops output none.
  if (returnsRef)
    return NodeOutputs{*variable};
  return NodeOutputs{};
}

const llvm::StringMap<Converter> &converters() {
  static const llvm::StringMap<Converter> table = {
      {"Const", convertConst},
      {"Placeholder", convertPlaceholder},
      {"PlaceholderWithDefault", convertIdentity},
      {"Identity", convertIdentity},
      {"StopGradient", convertStopGradient},
      {"Snapshot", convertIdentity},
      {"PreventGradient", convertStopGradient},
      {"ReadVariableOp", convertIdentity},
      {"NoOp", convertNoOp},
      {"MatMul", convertMatMul},
      {"BiasAdd", convertBiasAdd},
      {"Add", convertBroadcasting<AddOp>},
      {"AddV2", convertBroadcasting<AddOp>},
      {"AddN", convertAddN},
      {"Sub", convertBroadcasting<SubOp>},
      {"Mul", convertBroadcasting<MulOp>},
      {"RealDiv", convertBroadcasting<DivOp>},
      {"Div", convertBroadcasting<DivOp>},
      {"Maximum", convertBroadcasting<MaximumOp>},
      {"Minimum", convertBroadcasting<MinimumOp>},
      {"Pow", convertBroadcasting<PowOp>},
      {"Relu", convertUnary<ReluOp>},
      {"Sigmoid", convertUnary<SigmoidOp>},
      {"Tanh", convertUnary<TanhOp>},
      {"Exp", convertUnary<ExpOp>},
      {"Log", convertUnary<LogOp>},
      {"Neg", convertUnary<NegOp>},
      {"Abs", convertUnary<AbsOp>},
      {"Sqrt", convertUnary<SqrtOp>},
      {"Rsqrt", convertUnary<RsqrtOp>},
      {"Square", convertUnary<SquareOp>},
      {"Softmax", convertUnary<SoftmaxOp>},
      {"LogSoftmax", convertUnary<LogSoftmaxOp>},
      {"SparseSoftmaxCrossEntropyWithLogits", convertSparseXent},
      {"Mean", convertReduce<ReduceMeanOp>},
      {"Sum", convertReduce<ReduceSumOp>},
      {"Max", convertReduce<ReduceMaxOp>},
      {"Prod", convertReduce<ReduceProdOp>},
      {"ArgMax", convertArgMax},
      {"Equal", convertBroadcasting<EqualOp>},
      {"Less", convertBroadcasting<LessOp>},
      {"Greater", convertBroadcasting<GreaterOp>},
      {"Select", convertSelect},
      {"SelectV2", convertSelect},
      {"Cast", convertCast},
      {"Reshape", convertReshape},
      {"Transpose", convertTranspose},
      {"ConcatV2", convertConcat},
      {"Concat", convertConcat},
      {"InTopK", convertInTopK},
      {"InTopKV2", convertInTopK},
      {"RandomStandardNormal", convertRandom<RandomNormalOp>},
      {"TruncatedNormal", convertRandom<TruncatedNormalOp>},
      {"RandomUniform", convertRandom<RandomUniformOp>},
      {"Fill", convertFill},
      {"ZerosLike", convertFilledLike<0>},
      {"OnesLike", convertFilledLike<1>},
      {"VariableV2", convertVariableV2},
      {"Variable", convertVariableV2},
      {"VarHandleOp", convertVarHandle},
      {"Assign", convertAssign<false, true>},
      {"AssignAdd", convertAssign<true, true>},
      {"AssignVariableOp", convertAssign<false, false>},
      {"AssignAddVariableOp", convertAssign<true, false>},
  };
  return table;
}

/// Erases `op` and the ops feeding it once nothing uses them, stopping at
/// `keep` (the node's inputs, which later nodes may still read).
void eraseDeadFormula(Operation *op,
                      const llvm::SmallPtrSetImpl<Operation *> &keep) {
  SmallVector<Operation *> worklist = {op};
  llvm::SmallPtrSet<Operation *, 8> erased;
  while (!worklist.empty()) {
    Operation *next = worklist.pop_back_val();
    // An op feeding another twice is listed twice: look before touching.
    if (!next || erased.contains(next) || keep.contains(next) ||
        !next->use_empty())
      continue;
    erased.insert(next);
    SmallVector<Operation *> producers;
    for (Value operand : next->getOperands())
      producers.push_back(operand.getDefiningOp());
    next->erase();
    llvm::append_range(worklist, producers);
  }
}

/// Every converter table; an op is in exactly one of them.
llvm::ArrayRef<const llvm::StringMap<Converter> *> allTables() {
  static const llvm::StringMap<Converter> *const tables[] = {
      &converters(),
      &trainingConverters(),
      &gradientHelperConverters(),
      &windowConverters(),
      &compositeConverters(),
      &shapeConverters(),
      &mathConverters(),
      &nnConverters(),
      &indexingConverters(),
      &optimizerConverters(),
      &activationGradConverters()};
  return tables;
}

/// Ops kiln imports whose outputs carry no gradient, and why.
const llvm::StringMap<const char *> &noGradient() {
  static const llvm::StringMap<const char *> table = [] {
    llvm::StringMap<const char *> reasons;
    for (const char *op : {"Equal", "NotEqual", "Less", "LessEqual", "Greater",
                           "GreaterEqual", "LogicalAnd", "LogicalOr",
                           "LogicalNot", "Any", "All", "InTopK", "InTopKV2"})
      reasons[op] = "bool result";
    for (const char *op :
         {"ArgMax", "ArgMin", "Shape", "ShapeN", "Size", "Rank", "Range",
          "BroadcastGradientArgs", "ConcatOffset", "DynamicStitch", "ListDiff",
          "InvertPermutation", "Unique"})
      reasons[op] = "integer result or compile-time constant";
    for (const char *op : {"Floor", "Ceil", "Round", "Rint", "Sign"})
      reasons[op] = "piecewise constant: zero gradient";
    for (const char *op :
         {"RandomStandardNormal", "TruncatedNormal", "RandomUniform"})
      reasons[op] = "random";
    for (const char *op :
         {"Const", "ZerosLike", "OnesLike", "Placeholder", "NoOp", "Assert"})
      reasons[op] = "constant, feed or no value";
    return reasons;
  }();
  return table;
}

} // namespace

void printTFOpTable(llvm::raw_ostream &os) {
  std::map<std::string, std::string> rows;
  auto note = [&](const llvm::StringMap<Converter> *table, StringRef op) {
    if (op == "StopGradient")
      return std::string("no gradient flows through it, in kiln's autodiff "
                         "as in TensorFlow's");
    if (op == "PreventGradient")
      return std::string("a gradient through it is an error with its "
                         "message, as in TensorFlow");
    if (op == "KilnAllReduce")
      return std::string("mean over data-parallel ranks (a split point of "
                         "the session's step; the identity in one process)");
    if (op.starts_with("Assign"))
      return std::string("variable update");
    if (op.starts_with("Var") || op == "Variable")
      return std::string("variable (what training updates)");
    if (table == &optimizerConverters())
      return std::string(op.contains("Sparse")
                             ? "optimizer update of the rows indices name"
                             : "optimizer update");
    if (table == &trainingConverters())
      return std::string(op.starts_with("Kiln") ? "tf.gradients"
                                                : "variable update");
    // ReluGrad, MaxPoolGradV2, FusedBatchNormGradV3, ...BackpropFilter.
    StringRef unversioned = op.rtrim("0123456789");
    if (unversioned.ends_with("Grad") || unversioned.ends_with("GradV") ||
        op.ends_with("BackpropFilter"))
      return std::string("backward op of TF-written training graphs");
    if (auto it = noGradient().find(op); it != noGradient().end())
      return std::string("no gradient (") + it->second + ")";
    return std::string("trains (kiln differentiates it)");
  };
  for (const llvm::StringMap<Converter> *table : allTables())
    for (const auto &entry : *table) {
      bool inserted =
          rows.emplace(entry.getKey().str(), note(table, entry.getKey()))
              .second;
      // Two tables converting one op would make the later one win
      // silently.
      if (!inserted)
        llvm::report_fatal_error("op " + entry.getKey() +
                                 " is in two converter tables");
    }
  for (const auto &[op, text] : rows)
    os << "- `" << op << "`: " << text << "\n";
}

bool isKnownOp(llvm::StringRef op) {
  return llvm::any_of(allTables(), [&](const llvm::StringMap<Converter> *t) {
    return t->count(op) != 0;
  });
}

FailureOr<NodeOutputs> convertNode(NodeContext &ctx) {
  Converter converter = nullptr;
  for (const llvm::StringMap<Converter> *table : allTables())
    if (auto it = table->find(ctx.node.op()); it != table->end())
      converter = it->second;
  if (!converter)
    return ctx.fail("unknown op '" + ctx.node.op() + "': kiln has no "
                    "conversion for it");
  FailureOr<NodeOutputs> outputs = converter(ctx);
  if (failed(outputs))
    return failure();
  // Shape arithmetic on constants (FloorMod, FloorDiv, casts...) becomes a
  // constant at once, however many kiln ops its formula took, so that the
  // next node can read it as an attribute-like input.
  bool constantInputs = llvm::all_of(ctx.inputs, [](const InputRef &input) {
    return input.value && matchPattern(input.value, m_Constant());
  });
  if (!constantInputs || ctx.inputs.empty())
    return outputs;
  llvm::SmallPtrSet<Operation *, 4> inputOps;
  for (const InputRef &input : ctx.inputs)
    inputOps.insert(input.value.getDefiningOp());
  for (InputRef &output : *outputs) {
    if (!output.value || matchPattern(output.value, m_Constant()))
      continue;
    DenseElementsAttr folded = evaluateConstant(output.value, /*maxDepth=*/64);
    if (!folded)
      continue;
    Operation *formula = output.value.getDefiningOp();
    output.value = ConstantOp::create(ctx.builder, ctx.loc, folded);
    eraseDeadFormula(formula, inputOps);
  }
  return outputs;
}

} // namespace kiln::tfgraph
