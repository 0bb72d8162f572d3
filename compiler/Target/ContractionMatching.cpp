//===- ContractionMatching.cpp - a kernel's product and epilogue ----------===//

#include "compiler/Target/ContractionMatching.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace kiln {

namespace {

/// The body every contraction kiln lowers to: acc + a * b, in any operand
/// order. A tagged op is checked once more, so that a pass that rewrote
/// its body without dropping the tag cannot turn it into a wrong call.
bool isMultiplyAccumulate(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(body.front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!mul || !add || yield.getValues().front() != add.getResult())
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1),
        acc = body.getArgument(2);
  bool mulOk = (mul.getLhs() == a && mul.getRhs() == b) ||
               (mul.getLhs() == b && mul.getRhs() == a);
  bool addOk = (add.getLhs() == acc && add.getRhs() == mul.getResult()) ||
               (add.getRhs() == acc && add.getLhs() == mul.getResult());
  return mulOk && addOk;
}

/// The op computing the epilogue `kind` names: the all-parallel generic
/// that reads the product `product` (and the bias along the innermost
/// dimension) into a buffer of the product's shape. Element-wise fusion
/// made one op of the kernel's bias-add and activation; when it did not,
/// there is no such op and the epilogue keeps its loops.
std::optional<Epilogue> locateEpilogue(Operation *next, Value product,
                                       EpilogueKind kind) {
  auto productType = cast<MemRefType>(product.getType());
  unsigned rank = productType.getRank();
  auto op = dyn_cast_or_null<linalg::GenericOp>(next);
  unsigned inputs = 1 + kind.bias + kind.residual;
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != rank || op.getNumReductionLoops() != 0 ||
      op.getNumDpsInputs() != inputs)
    return std::nullopt;
  auto maps = op.getIndexingMapsArray();
  Value out = op.getDpsInits()[0];
  if (cast<MemRefType>(out.getType()).getShape() != productType.getShape() ||
      !maps.back().isIdentity())
    return std::nullopt;
  MLIRContext *ctx = op.getContext();
  AffineMap innermost =
      AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
  Epilogue epilogue{op, Value(), Value()};
  bool readsProduct = false;
  for (auto [index, input] : llvm::enumerate(op.getDpsInputs())) {
    if (input == product && maps[index].isIdentity() && !readsProduct)
      readsProduct = true;
    else if (kind.bias && maps[index] == innermost && !epilogue.bias)
      epilogue.bias = input;
    else if (kind.residual && maps[index].isIdentity() && !epilogue.residual &&
             cast<MemRefType>(input.getType()).getShape() ==
                 productType.getShape())
      epilogue.residual = input;
    else
      return std::nullopt;
  }
  if (!readsProduct || bool(epilogue.bias) != kind.bias ||
      bool(epilogue.residual) != kind.residual)
    return std::nullopt;
  return epilogue;
}

/// Does `op` set all of `buffer` to zero (linalg.fill, or the linalg.map
/// the lowering of a pad writes)?
bool zeroFills(Operation *op, Value buffer) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.getDpsInits()[0] == buffer && isZero(fill.value());
  auto map = dyn_cast<linalg::MapOp>(op);
  if (!map || map.getNumDpsInputs() != 0 || map.getInit() != buffer)
    return false;
  auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
  return yield.getNumOperands() == 1 && isZero(yield.getOperand(0));
}

} // namespace

/// The one tagged contraction in `kernel`'s body, when its buffers are
/// what the kernel library takes (static f32 or f64 memrefs of one type).
std::optional<Contraction> findContraction(func::FuncOp kernel) {
  SmallVector<linalg::GenericOp> tagged;
  for (auto op : kernel.getBody().getOps<linalg::GenericOp>())
    if (getContraction(op))
      tagged.push_back(op);
  if (tagged.size() != 1)
    return std::nullopt;
  linalg::GenericOp op = tagged.front();
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || !isMultiplyAccumulate(op))
    return std::nullopt;
  auto out = dyn_cast<MemRefType>(op.getDpsInits()[0].getType());
  if (!out || !out.hasStaticShape() ||
      !isa<Float32Type, Float64Type>(out.getElementType()))
    return std::nullopt;
  SmallVector<MemRefType> inputs;
  for (Value input : op.getDpsInputs()) {
    auto type = dyn_cast<MemRefType>(input.getType());
    if (!type || !type.hasStaticShape() ||
        type.getElementType() != out.getElementType())
      return std::nullopt;
    inputs.push_back(type);
  }
  ContractionAttr what = getContraction(op);
  unsigned rank = what.getKind() == ContractionKind::MatMul ? 2 : 4;
  if (out.getRank() != rank || inputs[0].getRank() != rank ||
      inputs[1].getRank() != rank)
    return std::nullopt;
  // Multiply-adds per output element: K; kh * kw * c; n * oh * ow.
  int64_t perElement = 0;
  switch (what.getKind()) {
  case ContractionKind::MatMul:
    perElement = inputs[0].getDimSize(1);
    break;
  case ContractionKind::Conv2D:
  case ContractionKind::Conv2DBackpropFilter:
    perElement = inputs[1].getDimSize(0) * inputs[1].getDimSize(1) *
                 inputs[1].getDimSize(2);
    break;
  }
  return Contraction{op, what, out.getNumElements() * perElement};
}

std::optional<EpilogueKind> epilogueKind(StringRef kernelKind,
                                         ContractionAttr what) {
  StringRef rest = kernelKind;
  if (!rest.consume_front(stringifyContractionKind(what.getKind())))
    return std::nullopt;
  if (what.getKind() == ContractionKind::Conv2DBackpropFilter)
    return rest.empty() ? std::optional(EpilogueKind{}) : std::nullopt;
  EpilogueKind epilogue;
  epilogue.bias = rest.consume_front("_bias");
  epilogue.residual = epilogue.bias &&
                      what.getKind() == ContractionKind::Conv2D &&
                      rest.consume_front("_add");
  epilogue.relu = rest.consume_front("_relu");
  return rest.empty() ? std::optional(epilogue) : std::nullopt;
}

bool isZero(Value value) { return matchPattern(value, m_AnyZeroFloat()); }

/// What the kernel's (single) call passes for `value` when it is an
/// argument of the kernel; `value` itself otherwise.
Value atCall(Value value, func::CallOp call) {
  auto arg = dyn_cast<BlockArgument>(value);
  if (!call || !arg || !arg.getOwner()->isEntryBlock())
    return value;
  auto kernel = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
  if (!kernel || kernel.getSymName() != call.getCallee())
    return value;
  return call.getOperand(arg.getArgNumber());
}

/// The allocation, global or step argument a kernel's buffer is a view
/// of, seen from the kernel's call.
Value rootBuffer(Value buffer, func::CallOp call) {
  auto root = [](Value value) {
    while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
      value = view.getViewSource();
    return value;
  };
  return root(atCall(root(buffer), call));
}

std::optional<PaddedInput> findPaddedInput(Value input, Operation *conv) {
  PaddedInput padded;
  padded.alloc = input.getDefiningOp<memref::AllocOp>();
  if (!padded.alloc || padded.alloc->getBlock() != conv->getBlock())
    return std::nullopt;
  memref::SubViewOp interior;
  for (Operation *user : padded.alloc->getUsers()) {
    if (user == conv || isa<memref::DeallocOp>(user))
      continue;
    if (!padded.fill && zeroFills(user, input))
      padded.fill = user;
    else if (auto view = dyn_cast<memref::SubViewOp>(user); view && !interior)
      interior = view;
    else
      return std::nullopt;
  }
  if (!padded.fill || !interior || !interior->hasOneUse())
    return std::nullopt;
  padded.copy = dyn_cast<memref::CopyOp>(*interior->user_begin());
  if (!padded.copy || padded.copy.getTarget() != interior.getResult())
    return std::nullopt;
  // The interior starts at (0, top, left, 0), unit strides, and is the
  // whole source.
  auto sourceType = dyn_cast<MemRefType>(padded.copy.getSource().getType());
  ArrayRef<int64_t> offsets = interior.getStaticOffsets();
  if (!sourceType || !sourceType.hasStaticShape() ||
      interior.getStaticSizes() != sourceType.getShape() ||
      llvm::any_of(interior.getStaticStrides(),
                   [](int64_t stride) { return stride != 1; }) ||
      offsets.size() != 4 || offsets[0] != 0 || offsets[3] != 0 ||
      ShapedType::isDynamic(offsets[1]) || ShapedType::isDynamic(offsets[2]))
    return std::nullopt;
  // Zeros, then the copy, then the convolution, and nothing in between
  // writes the source (the product's zeros are filled there).
  if (padded.fill->getBlock() != conv->getBlock() ||
      padded.copy->getBlock() != conv->getBlock() ||
      !padded.fill->isBeforeInBlock(padded.copy) ||
      !padded.copy->isBeforeInBlock(conv))
    return std::nullopt;
  padded.source = padded.copy.getSource();
  for (Operation *op = padded.copy->getNextNode(); op != conv;
       op = op->getNextNode()) {
    auto fill = dyn_cast<linalg::FillOp>(op);
    bool fillsOther = fill && rootBuffer(fill.getDpsInits()[0], {}) !=
                                  rootBuffer(padded.source, {});
    if (!isMemoryEffectFree(op) && !isa<memref::AllocOp>(op) && !fillsOther)
      return std::nullopt;
  }
  padded.top = offsets[1];
  padded.left = offsets[2];
  return padded;
}

void erasePaddedInput(PaddedInput padded) {
  Operation *interior = padded.copy.getTarget().getDefiningOp();
  padded.copy.erase();
  interior->erase();
  padded.fill->erase();
  for (Operation *user : llvm::make_early_inc_range(padded.alloc->getUsers()))
    user->erase(); // its deallocations
  padded.alloc.erase();
}

std::optional<ContractionSite>
matchContractionSite(const Contraction &contraction, EpilogueKind kind,
                     func::CallOp call) {
  linalg::GenericOp op = contraction.op;
  Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
  Value product = op.getDpsInits()[0];
  ContractionSite site;
  // The product must start from zero, written by a fill earlier in the
  // block; no other op may touch it but its epilogue and deallocation.
  for (Operation *user : product.getUsers()) {
    if (auto candidate = dyn_cast<linalg::FillOp>(user);
        candidate && candidate->getBlock() == op->getBlock() &&
        candidate->isBeforeInBlock(op) && isZero(candidate.value()))
      site.fill = candidate;
  }
  if (!site.fill)
    return std::nullopt;
  // Constants and the allocation of the epilogue's output may sit
  // between the product and its epilogue.
  Operation *next = op->getNextNode();
  while (next && next->getNumRegions() == 0 &&
         (isMemoryEffectFree(next) || isa<memref::AllocOp>(next)))
    next = next->getNextNode();
  std::optional<Epilogue> &epilogue = site.epilogue;
  if (kind.any())
    epilogue = locateEpilogue(next, product, kind);
  if (epilogue) {
    // The fused call writes the epilogue's output while it still reads
    // A, B and the bias, so none of them may share its bytes; the
    // residual is read where the output will be written, so it may be
    // the output itself, but no other view of its bytes.
    Value outBuffer = epilogue->op.getDpsInits()[0];
    Value out = rootBuffer(outBuffer, call);
    for (Value read : {a, b, epilogue->bias})
      if (read && rootBuffer(read, call) == out)
        epilogue.reset();
    if (epilogue && epilogue->residual &&
        rootBuffer(epilogue->residual, call) == out &&
        atCall(epilogue->residual, call) != atCall(outBuffer, call))
      epilogue.reset();
  }
  // Something else reading the bare product keeps it, and the epilogue
  // then runs as its own loop.
  if (epilogue && llvm::any_of(product.getUsers(), [&](Operation *user) {
        return user != site.fill && user != op && user != epilogue->op &&
               !isa<memref::DeallocOp>(user);
      }))
    epilogue.reset();
  site.out = epilogue ? epilogue->op.getDpsInits()[0] : product;
  return site;
}

void eraseContractionSite(Contraction contraction, ContractionSite site) {
  Value product = contraction.op.getDpsInits()[0];
  if (site.epilogue)
    site.epilogue->op.erase();
  contraction.op.erase();
  site.fill.erase();
  // A product the fused call made unnecessary is not allocated at all.
  if (auto alloc = product.getDefiningOp<memref::AllocOp>();
      alloc && llvm::all_of(alloc->getUsers(), [](Operation *user) {
        return isa<memref::DeallocOp>(user);
      })) {
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      user->erase();
    alloc.erase();
  }
}

} // namespace kiln
