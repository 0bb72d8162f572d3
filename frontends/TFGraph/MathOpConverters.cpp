//===- MathOpConverters.cpp - TF math, logic and reductions ---------------===//
//
// Rounding, trigonometry and the special functions (Floor, Ceil, Round,
// Sign, Sin, Cos, Erf, Log1p, Expm1), the division families (FloorDiv,
// FloorMod, Mod/TruncateMod, DivNoNan), logic on bools, and the reductions the
// core table lacks (Min, All, Any, ArgMin, Cumsum, Cumprod, TopK), each a kiln
// op or a formula over kiln ops.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using kiln::frontend::OpEmitter;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {
namespace {

bool isFloatValue(Value x) {
  return isa<FloatType>(typeOf(x).getElementType());
}

template <typename OpT> FailureOr<NodeOutputs> unary(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  return single(OpT::create(ctx.builder, ctx.loc, ctx.input(0)));
}

/// A unary formula of OpEmitter on a float input.
template <Value (OpEmitter::*formula)(Value) const>
FailureOr<NodeOutputs> floatFormula(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  Value x = ctx.input(0);
  if (!isFloatValue(x))
    return ctx.fail("expected a float input, got " +
                    llvm::formatv("{0}", x.getType()).str());
  return single((ctx.*formula)(x));
}

/// A binary formula of OpEmitter (NumPy broadcasting).
template <Value (OpEmitter::*formula)(Value, Value) const>
FailureOr<NodeOutputs> binaryFormula(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value x = ctx.input(0), y = ctx.input(1);
  if (typeOf(x).getElementType() != typeOf(y).getElementType())
    return ctx.fail("x and y differ in element type");
  if (failed(
          checked(ctx, AddOp::getOperationName(), [&](const InferenceDiag &d) {
            return inferBinaryElementwise(d, x.getType(), y.getType());
          })))
    return failure();
  return single((ctx.*formula)(x, y));
}

FailureOr<NodeOutputs> convertLogicalNot(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  if (!typeOf(ctx.input(0)).getElementType().isInteger(1))
    return ctx.fail("expected a bool input");
  return single(ctx.logicalNot(ctx.input(0)));
}

template <Value (OpEmitter::*formula)(Value, Value) const>
FailureOr<NodeOutputs> logicalBinary(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  for (unsigned i = 0; i < 2; ++i)
    if (!typeOf(ctx.input(i)).getElementType().isInteger(1))
      return ctx.fail("input " + Twine(i) + " is not bool");
  return binaryFormula<formula>(ctx);
}

/// The axes input of a reduction, normalized; empty reduces nothing.
FailureOr<SmallVector<int64_t>> reductionAxes(NodeContext &ctx, int64_t rank) {
  auto axes = ctx.constantInts(1, "reduction_indices");
  if (failed(axes))
    return failure();
  SmallVector<int64_t> normalized;
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = ctx.axis(a, rank, "reduction index");
    if (failed(axis))
      return failure();
    normalized.push_back(*axis);
  }
  return normalized;
}

/// Min = -max(-x); Any = max(x as i32) > 0; All = !any(!x).
enum class Reduction { Min, Any, All };

template <Reduction kind>
FailureOr<NodeOutputs> convertReduction(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  FailureOr<SmallVector<int64_t>> axes = reductionAxes(ctx, type.getRank());
  if (failed(axes))
    return failure();
  if (axes->empty())
    return single(x);
  bool keepDims = ctx.boolAttr("keep_dims", false);
  auto reduceMax = [&](Value v) {
    return Value(ReduceMaxOp::create(ctx.builder, ctx.loc, v, *axes, keepDims));
  };
  if (kind == Reduction::Min) {
    if (type.getElementType().isUnsignedInteger() ||
        type.getElementType().isInteger(1))
      return ctx.fail("Min of unsigned or bool tensors is not supported");
    return single(
        NegOp::create(ctx.builder, ctx.loc,
                      reduceMax(NegOp::create(ctx.builder, ctx.loc, x))));
  }
  if (!type.getElementType().isInteger(1))
    return ctx.fail("expected a bool input");
  Value input = kind == Reduction::All ? ctx.logicalNot(x) : x;
  Value asInt = CastOp::create(ctx.builder, ctx.loc,
                               type.clone(ctx.builder.getI32Type()), input);
  Value maximum = reduceMax(asInt);
  Value any = GreaterOp::create(ctx.builder, ctx.loc, maximum,
                                ctx.scalar(maximum, 0.0));
  return single(kind == Reduction::All ? ctx.logicalNot(any) : any);
}

/// ArgMin = argmax(-x): the first of equal minima, as TensorFlow.
FailureOr<NodeOutputs> convertArgMin(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getElementType().isUnsignedInteger())
    return ctx.fail("ArgMin of unsigned tensors is not supported");
  FailureOr<int64_t> axis = ctx.axisInput(1, type.getRank(), "dimension");
  if (failed(axis))
    return failure();
  FailureOr<Type> indexType =
      ctx.typeAttr("output_type", ctx.builder.getI64Type());
  if (failed(indexType))
    return failure();
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + *axis);
  return single(ArgMaxOp::create(
      ctx.builder, ctx.loc, RankedTensorType::get(shape, *indexType),
      NegOp::create(ctx.builder, ctx.loc, x), *axis));
}

/// Cumsum/Cumprod(x, axis; exclusive, reverse).
template <bool product>
FailureOr<NodeOutputs> convertCumulative(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value x = ctx.input(0);
  FailureOr<int64_t> axis = ctx.axisInput(1, typeOf(x).getRank());
  if (failed(axis))
    return failure();
  FailureOr<Value> scanned =
      ctx.cumulative(x, *axis, product, ctx.boolAttr("exclusive", false),
                     ctx.boolAttr("reverse", false));
  if (failed(scanned))
    return failure();
  return single(*scanned);
}

/// TopKV2(input, k) and TopK(input; k): values and indices of the k
/// largest elements of each innermost row, sorted whatever `sorted` says
/// (TensorFlow leaves the order unspecified then).
FailureOr<NodeOutputs> convertTopK(NodeContext &ctx) {
  bool kIsInput = ctx.node.op() == "TopKV2";
  if (failed(ctx.expectInputs(kIsInput ? 2 : 1)))
    return failure();
  Value x = ctx.input(0);
  int64_t rank = typeOf(x).getRank();
  if (rank < 1)
    return ctx.fail("input must have rank 1 or more");
  int64_t k = ctx.intAttr("k", -1);
  if (kIsInput) {
    FailureOr<int64_t> given = ctx.constantInt(1, "k");
    if (failed(given))
      return failure();
    k = *given;
  }
  FailureOr<Type> indexType =
      ctx.typeAttr("index_type", ctx.builder.getI32Type());
  if (failed(indexType))
    return failure();
  FailureOr<std::pair<Value, Value>> top =
      ctx.topK(x, rank - 1, k, /*largest=*/true, *indexType);
  if (failed(top))
    return failure();
  return several({top->first, top->second});
}

/// BatchMatMul/V2/V3(x, y; adj_x, adj_y): the last two dimensions are the
/// matrices (transposed first when adjoint; float, int32 or int64), the others
/// batch dimensions broadcast as NumPy does (V2 and V3; V1 needs equal
/// ones, which broadcast trivially).
FailureOr<NodeOutputs> convertBatchMatMul(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value x = ctx.input(0), y = ctx.input(1);
  int64_t xRank = typeOf(x).getRank(), yRank = typeOf(y).getRank();
  if (xRank < 2 || yRank < 2)
    return ctx.fail("x and y must have rank 2 or more, got " + Twine(xRank) +
                    " and " + Twine(yRank));
  Type element = typeOf(x).getElementType();
  if (element != typeOf(y).getElementType() ||
      !(isa<FloatType>(element) || element.isInteger(32) ||
        element.isInteger(64)))
    return ctx.fail("x and y must be float, int32 or int64 tensors of one "
                    "element type");
  auto adjoint = [&](Value v, StringRef attr) {
    if (!ctx.boolAttr(attr, false))
      return v;
    int64_t rank = typeOf(v).getRank();
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[rank - 1], perm[rank - 2]);
    return ctx.transpose(v, perm);
  };
  x = adjoint(x, "adj_x");
  y = adjoint(y, "adj_y");
  int64_t k = typeOf(x).getShape().back();
  int64_t ky = typeOf(y).getDimSize(typeOf(y).getRank() - 2);
  if (!ShapedType::isDynamic(k) && !ShapedType::isDynamic(ky) && k != ky)
    return ctx.fail("x has " + Twine(k) + " columns but y " + Twine(ky) +
                    " rows");
  return single(ctx.numpyMatMul(x, y));
}

} // namespace

const llvm::StringMap<Converter> &mathConverters() {
  static const llvm::StringMap<Converter> table = {
      {"Floor", unary<FloorOp>},
      {"Ceil", unary<CeilOp>},
      {"Round", unary<RoundOp>},
      {"Rint", unary<RoundOp>},
      {"Sign", unary<SignOp>},
      {"Sin", unary<SinOp>},
      {"Cos", unary<CosOp>},
      {"Erf", floatFormula<&OpEmitter::erf>},
      {"Log1p", floatFormula<&OpEmitter::log1p>},
      {"Expm1", floatFormula<&OpEmitter::expm1>},
      {"FloorDiv", binaryFormula<&OpEmitter::floorDiv>},
      {"DivNoNan", binaryFormula<&OpEmitter::divNoNan>},
      {"FloorMod", binaryFormula<&OpEmitter::floorMod>},
      {"Mod", binaryFormula<&OpEmitter::truncMod>},
      {"TruncateMod", binaryFormula<&OpEmitter::truncMod>},
      {"LogicalAnd", logicalBinary<&OpEmitter::logicalAnd>},
      {"LogicalOr", logicalBinary<&OpEmitter::logicalOr>},
      {"LogicalNot", convertLogicalNot},
      {"Min", convertReduction<Reduction::Min>},
      {"Any", convertReduction<Reduction::Any>},
      {"All", convertReduction<Reduction::All>},
      {"ArgMin", convertArgMin},
      {"Cumsum", convertCumulative<false>},
      {"Cumprod", convertCumulative<true>},
      {"TopKV2", convertTopK},
      {"TopK", convertTopK},
      {"BatchMatMul", convertBatchMatMul},
      {"BatchMatMulV2", convertBatchMatMul},
      {"BatchMatMulV3", convertBatchMatMul},
  };
  return table;
}

} // namespace kiln::tfgraph
