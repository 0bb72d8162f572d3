//===- GpuLoops.cpp - the loops a GPU kernel's linalg ops become ----------===//

#include "compiler/Target/CUDA/GpuLoops.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace kiln {
namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The loop's sizes split by iterator kind, in loop order.
struct IterationSpace {
  SmallVector<int64_t> sizes;
  SmallVector<unsigned> parallel, reduction;

  int64_t product(ArrayRef<unsigned> dims) const {
    int64_t n = 1;
    for (unsigned d : dims)
      n *= sizes[d];
    return n;
  }
};

/// Sets `indices[dims[i]]` from `linear`, the last of `dims` varying
/// fastest; dimensions of size 1 are 0.
void delinearize(OpBuilder &b, Location loc, Value linear,
                 ArrayRef<unsigned> dims, ArrayRef<int64_t> sizes,
                 SmallVectorImpl<Value> &indices) {
  int64_t stride = 1;
  for (unsigned d : llvm::reverse(dims)) {
    if (sizes[d] == 1) {
      indices[d] = indexConstant(b, loc, 0);
      continue;
    }
    Value index = linear;
    if (stride != 1)
      index =
          arith::DivUIOp::create(b, loc, index, indexConstant(b, loc, stride));
    stride *= sizes[d];
    if (d != dims.front())
      index = arith::RemUIOp::create(b, loc, index,
                                     indexConstant(b, loc, sizes[d]));
    indices[d] = index;
  }
}

SmallVector<Value> applyMap(OpBuilder &b, Location loc, AffineMap map,
                            ArrayRef<Value> indices) {
  SmallVector<Value> result;
  for (AffineExpr expr : map.getResults()) {
    if (auto dim = dyn_cast<AffineDimExpr>(expr))
      result.push_back(indices[dim.getPosition()]);
    else
      result.push_back(
          affine::expandAffineExpr(b, loc, expr, indices, ValueRange{}));
  }
  return result;
}

/// The buffer a view was taken of.
Value viewRoot(Value buffer) {
  while (auto view = buffer.getDefiningOp<ViewLikeOpInterface>())
    buffer = view.getViewSource();
  return buffer;
}

/// `buffer` taken at the insertion point when it is (a view of) a constant
/// global: inside a launch, the global becomes part of the GPU module and
/// lives in device memory, where a host global's address would not do.
Value atInsertionPoint(OpBuilder &b, Value buffer) {
  SmallVector<Operation *> chain;
  Value root = buffer;
  while (auto view = root.getDefiningOp<ViewLikeOpInterface>()) {
    chain.push_back(view);
    root = view.getViewSource();
  }
  auto global = root.getDefiningOp<memref::GetGlobalOp>();
  if (!global)
    return buffer;
  chain.push_back(global);
  IRMapping mapping;
  for (Operation *op : llvm::reverse(chain)) {
    // A reshape's shape operand is read on the host side of its lowering
    // too: take it along only when it is itself a global.
    for (Value operand : op->getOperands())
      if (auto shape = operand.getDefiningOp<memref::GetGlobalOp>();
          shape && !mapping.contains(operand))
        mapping.map(operand, b.clone(*shape)->getResult(0));
    b.clone(*op, mapping);
  }
  return mapping.lookup(buffer);
}

/// The value of `operand` at iteration `indices`: a load from a buffer at
/// its indexing map, or the scalar itself.
Value operandAt(OpBuilder &b, Location loc, linalg::GenericOp op,
                OpOperand &operand, ArrayRef<Value> indices) {
  Value value = operand.get();
  if (!isa<MemRefType>(value.getType()))
    return value;
  return memref::LoadOp::create(
      b, loc, atInsertionPoint(b, value),
      applyMap(b, loc, op.getMatchingIndexingMap(&operand), indices));
}

/// Maps the used input block arguments of `op` to their values at
/// `indices`.
void mapInputs(OpBuilder &b, Location loc, linalg::GenericOp op,
               ArrayRef<Value> indices, IRMapping &mapping) {
  for (OpOperand *input : op.getDpsInputOperands()) {
    BlockArgument arg = op.getMatchingBlockArgument(input);
    if (!arg.use_empty())
      mapping.map(arg, operandAt(b, loc, op, *input, indices));
  }
}

/// Clones the body of `op` for iteration `indices` (block arguments
/// already in `mapping`), leaving out `skip`; returns the yielded values.
SmallVector<Value> cloneBody(OpBuilder &b, linalg::GenericOp op,
                             ArrayRef<Value> indices, IRMapping &mapping,
                             Operation *skip = nullptr) {
  Block *body = op.getBody();
  for (Operation &inner : body->without_terminator()) {
    if (&inner == skip)
      continue;
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      mapping.map(index.getResult(), indices[index.getDim()]);
      continue;
    }
    b.clone(inner, mapping);
  }
  SmallVector<Value> yielded;
  for (Value value : body->getTerminator()->getOperands())
    yielded.push_back(mapping.lookupOrDefault(value));
  return yielded;
}

void storeResults(OpBuilder &b, Location loc, linalg::GenericOp op,
                  ValueRange values, ArrayRef<Value> indices) {
  for (auto [init, value] : llvm::zip(op.getDpsInitsMutable(), values))
    memref::StoreOp::create(
        b, loc, value, init.get(),
        applyMap(b, loc, op.getMatchingIndexingMap(&init), indices));
}

/// One parallel loop over the elements of the dimensions `dims`, flattened
/// with the last varying fastest (consecutive iterations touch consecutive
/// elements), with `indices` set at its start. Split into blocks of
/// threads, it fills every block whatever the shape: an NHWC tensor with
/// few channels does not become blocks of a few threads.
scf::ParallelOp parallelOver(OpBuilder &b, Location loc,
                             const IterationSpace &space,
                             ArrayRef<unsigned> dims,
                             SmallVectorImpl<Value> &indices) {
  auto loop = scf::ParallelOp::create(
      b, loc, ValueRange{indexConstant(b, loc, 0)},
      ValueRange{indexConstant(b, loc, space.product(dims))},
      ValueRange{indexConstant(b, loc, 1)});
  b.setInsertionPointToStart(loop.getBody());
  delinearize(b, loc, loop.getInductionVars().front(), dims, space.sizes,
              indices);
  return loop;
}

/// Every element of an all-parallel op.
scf::ParallelOp emitElementwise(OpBuilder &b, linalg::GenericOp op,
                                const IterationSpace &space) {
  Location loc = op.getLoc();
  SmallVector<Value> indices(space.sizes.size());
  scf::ParallelOp loop = parallelOver(b, loc, space, space.parallel, indices);
  IRMapping mapping;
  mapInputs(b, loc, op, indices, mapping);
  for (OpOperand &init : op.getDpsInitsMutable()) {
    BlockArgument arg = op.getMatchingBlockArgument(&init);
    if (!arg.use_empty())
      mapping.map(arg, operandAt(b, loc, op, init, indices));
  }
  storeResults(b, loc, op, cloneBody(b, op, indices, mapping), indices);
  return loop;
}

/// A thread per result, looping over the reduced dimensions in order.
scf::ParallelOp emitThreadPerResult(OpBuilder &b, linalg::GenericOp op,
                                    const IterationSpace &space) {
  Location loc = op.getLoc();
  SmallVector<Value> indices(space.sizes.size());
  scf::ParallelOp loop = parallelOver(b, loc, space, space.parallel, indices);
  for (unsigned d : space.reduction)
    indices[d] = indexConstant(b, loc, 0);
  SmallVector<Value> initial;
  for (OpOperand &init : op.getDpsInitsMutable())
    initial.push_back(operandAt(b, loc, op, init, indices));
  auto reduce = scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0),
      indexConstant(b, loc, space.product(space.reduction)),
      indexConstant(b, loc, 1), initial,
      [&](OpBuilder &nb, Location l, Value r, ValueRange accumulators) {
        SmallVector<Value> at(indices);
        delinearize(nb, l, r, space.reduction, space.sizes, at);
        IRMapping mapping;
        mapInputs(nb, l, op, at, mapping);
        for (auto [init, accumulator] :
             llvm::zip(op.getDpsInitsMutable(), accumulators))
          mapping.map(op.getMatchingBlockArgument(&init), accumulator);
        scf::YieldOp::create(nb, l, cloneBody(nb, op, at, mapping));
      });
  storeResults(b, loc, op, reduce.getResults(), indices);
  return loop;
}

/// The op of a reduction's body that folds the element into the
/// accumulator, when it is a single associative and commutative op whose
/// other operand does not involve the accumulator.
Operation *matchCombiner(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1)
    return nullptr;
  BlockArgument accumulator =
      op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  Value yielded = op.getBody()->getTerminator()->getOperand(0);
  Operation *combiner = yielded.getDefiningOp();
  if (!combiner || combiner->getBlock() != op.getBody() ||
      !accumulator.hasOneUse() || combiner->getNumOperands() != 2 ||
      !llvm::is_contained(combiner->getOperands(), Value(accumulator)) ||
      combiner->getOperand(0) == combiner->getOperand(1))
    return nullptr;
  if (!isa<arith::AddFOp, arith::AddIOp, arith::MulFOp, arith::MulIOp,
           arith::MaximumFOp, arith::MinimumFOp, arith::MaxNumFOp,
           arith::MinNumFOp, arith::MaxSIOp, arith::MinSIOp, arith::MaxUIOp,
           arith::MinUIOp, arith::AndIOp, arith::OrIOp, arith::XOrIOp>(
          combiner))
    return nullptr;
  return combiner;
}

/// Whether consecutive threads striding `op`'s innermost loop read
/// consecutive elements: the innermost loop is reduced and is the first
/// input's innermost dimension.
bool reducesRows(linalg::GenericOp op, const IterationSpace &space) {
  unsigned last = space.sizes.size() - 1;
  if (space.reduction.empty() || space.reduction.back() != last ||
      space.product(space.reduction) < 2)
    return false;
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (!isa<MemRefType>(input->get().getType()))
      continue;
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() == 0)
      return false;
    auto innermost = dyn_cast<AffineDimExpr>(map.getResults().back());
    return innermost && innermost.getPosition() == last;
  }
  return false;
}

/// A block per result: thread t folds elements t, t + T, ... of the
/// flattened reduced dimensions, then the block combines the partials.
void emitBlockReduction(OpBuilder &b, linalg::GenericOp op,
                        const IterationSpace &space, Operation *combiner,
                        int64_t blockSize, bool hostEmulation) {
  Location loc = op.getLoc();
  BlockArgument accumulator =
      op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  Value element = combiner->getOperand(0) == accumulator
                      ? combiner->getOperand(1)
                      : combiner->getOperand(0);
  Type type = combiner->getResult(0).getType();
  auto combine = [&](OpBuilder &nb, Value x, Value acc) {
    IRMapping mapping;
    mapping.map(element, x);
    mapping.map(accumulator, acc);
    return nb.clone(*combiner, mapping)->getResult(0);
  };

  int64_t length = space.product(space.reduction);
  int64_t results = space.product(space.parallel);
  // Every thread has an element, so no identity value is needed; whole
  // warps where the row is long enough.
  int64_t threads = std::min(blockSize, length);
  if (threads >= 32)
    threads -= threads % 32;
  Value threadCount = indexConstant(b, loc, threads);

  // The partial of thread `t` of the block reducing the result at
  // `indices` (reduced dimensions unset).
  auto partial = [&](OpBuilder &nb, Value t, ArrayRef<Value> indices) {
    auto elementAt = [&](OpBuilder &eb, Value r) {
      SmallVector<Value> at(indices);
      delinearize(eb, loc, r, space.reduction, space.sizes, at);
      IRMapping mapping;
      mapInputs(eb, loc, op, at, mapping);
      cloneBody(eb, op, at, mapping, combiner);
      return mapping.lookupOrDefault(element);
    };
    Value first = elementAt(nb, t);
    Value next = arith::AddIOp::create(nb, loc, t, threadCount);
    auto strided = scf::ForOp::create(
        nb, loc, next, indexConstant(nb, loc, length), threadCount,
        ValueRange{first},
        [&](OpBuilder &fb, Location, Value r, ValueRange acc) {
          scf::YieldOp::create(fb, loc,
                               combine(fb, elementAt(fb, r), acc.front()));
        });
    return strided.getResult(0);
  };
  auto finish = [&](OpBuilder &nb, Value total, ArrayRef<Value> indices) {
    SmallVector<Value> at(indices);
    for (unsigned d : space.reduction)
      at[d] = indexConstant(nb, loc, 0);
    OpOperand *init = op.getDpsInitOperand(0);
    Value old = operandAt(nb, loc, op, *init, at);
    storeResults(nb, loc, op, combine(nb, total, old), at);
  };

  SmallVector<Value> indices(space.sizes.size());
  if (hostEmulation) {
    // The partials live outside the loops: a buffer allocated in a
    // parallel loop's body would keep it from lowering to CPU threads.
    Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1);
    auto partials = memref::AllocOp::create(
        b, loc, MemRefType::get({results, threads}, type));
    auto grid = scf::ParallelOp::create(
        b, loc, ValueRange{zero}, ValueRange{indexConstant(b, loc, results)},
        ValueRange{one});
    OpBuilder::InsertionGuard afterGrid(b);
    b.setInsertionPointToStart(grid.getBody());
    Value o = grid.getInductionVars().front();
    delinearize(b, loc, o, space.parallel, space.sizes, indices);
    auto block = scf::ParallelOp::create(
        b, loc, ValueRange{zero}, ValueRange{threadCount}, ValueRange{one});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(block.getBody());
      Value t = block.getInductionVars().front();
      memref::StoreOp::create(b, loc, partial(b, t, indices), partials,
                              ValueRange{o, t});
    }
    Value first = memref::LoadOp::create(b, loc, partials, ValueRange{o, zero});
    auto fold = scf::ForOp::create(
        b, loc, one, threadCount, one, ValueRange{first},
        [&](OpBuilder &fb, Location, Value t, ValueRange acc) {
          Value value =
              memref::LoadOp::create(fb, loc, partials, ValueRange{o, t});
          scf::YieldOp::create(fb, loc, combine(fb, value, acc.front()));
        });
    finish(b, fold.getResult(0), indices);
    b.setInsertionPointAfter(grid);
    memref::DeallocOp::create(b, loc, partials);
    return;
  }

  Value one = indexConstant(b, loc, 1);
  auto launch = gpu::LaunchOp::create(b, loc, indexConstant(b, loc, results),
                                      one, one, threadCount, one, one);
  b.setInsertionPointToStart(&launch.getBody().front());
  delinearize(b, loc, launch.getBlockIds().x, space.parallel, space.sizes,
              indices);
  Value t = launch.getThreadIds().x;
  // Warp shuffles move 32-bit lanes: narrower values (booleans, i8, f16)
  // travel widened to i32 and are combined in their own type.
  unsigned bits = type.getIntOrFloatBitWidth();
  Type lane = bits < 32 ? b.getI32Type() : type;
  Type narrowBits = b.getIntegerType(bits);
  auto widen = [&](OpBuilder &nb, Value value) -> Value {
    if (lane == type)
      return value;
    if (type != narrowBits)
      value = arith::BitcastOp::create(nb, loc, narrowBits, value);
    return arith::ExtUIOp::create(nb, loc, lane, value);
  };
  auto narrow = [&](OpBuilder &nb, Value value) -> Value {
    if (lane == type)
      return value;
    value = arith::TruncIOp::create(nb, loc, narrowBits, value);
    return type == narrowBits ? value
                              : arith::BitcastOp::create(nb, loc, type, value);
  };
  auto total = gpu::AllReduceOp::create(
      b, loc, widen(b, partial(b, t, indices)), gpu::AllReduceOperationAttr(),
      /*uniform=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    Block *region =
        b.createBlock(&total.getBody(), {}, {lane, lane}, {loc, loc});
    gpu::YieldOp::create(b, loc,
                         widen(b, combine(b, narrow(b, region->getArgument(0)),
                                          narrow(b, region->getArgument(1)))));
  }
  Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, t,
                                      indexConstant(b, loc, 0));
  auto lead = scf::IfOp::create(b, loc, first, /*withElseRegion=*/false);
  b.setInsertionPointToStart(lead.thenBlock());
  finish(b, narrow(b, total.getResult()), indices);
  b.setInsertionPointToEnd(&launch.getBody().front());
  gpu::TerminatorOp::create(b, loc);
}

} // namespace

FailureOr<GpuLoops> emitGpuLoops(linalg::GenericOp op, int64_t blockSize,
                                 bool hostEmulation) {
  IterationSpace space;
  space.sizes = op.getStaticLoopRanges();
  for (auto [d, iterator] : llvm::enumerate(op.getIteratorTypesArray())) {
    if (ShapedType::isDynamic(space.sizes[d]))
      return op.emitOpError("has a dynamic size, which a GPU kernel cannot "
                            "take: the lowering gives every loop static "
                            "bounds");
    (iterator == utils::IteratorType::reduction ? space.reduction
                                                : space.parallel)
        .push_back(d);
  }
  for (OpOperand &init : op.getDpsInitsMutable())
    if (viewRoot(init.get()).getDefiningOp<memref::GetGlobalOp>())
      return op.emitOpError("writes a constant global, which a GPU kernel "
                            "reads from its own copy");

  OpBuilder b(op);
  GpuLoops loops;
  // No iteration writes anything.
  if (space.product(space.parallel) == 0) {
    op.erase();
    return loops;
  }
  if (space.reduction.empty()) {
    loops.perElement = emitElementwise(b, op, space);
  } else if (Operation *combiner = matchCombiner(op);
             combiner && reducesRows(op, space)) {
    emitBlockReduction(b, op, space, combiner, blockSize, hostEmulation);
  } else {
    loops.perElement = emitThreadPerResult(b, op, space);
  }
  op.erase();
  return loops;
}

FailureOr<GpuLoops> emitGpuCopy(memref::CopyOp copy) {
  auto source = cast<MemRefType>(copy.getSource().getType());
  auto target = cast<MemRefType>(copy.getTarget().getType());
  if (source.getShape() != target.getShape() || !source.hasStaticShape())
    return copy.emitOpError("copies between buffers of different or "
                            "dynamic shapes, which a GPU kernel cannot");
  OpBuilder b(copy);
  Location loc = copy.getLoc();
  GpuLoops loops;
  if (source.getNumElements() != 0) {
    IterationSpace space;
    space.sizes.assign(source.getShape().begin(), source.getShape().end());
    for (unsigned d = 0; d < space.sizes.size(); ++d)
      space.parallel.push_back(d);
    SmallVector<Value> indices(space.sizes.size());
    loops.perElement = parallelOver(b, loc, space, space.parallel, indices);
    Value value = memref::LoadOp::create(
        b, loc, atInsertionPoint(b, copy.getSource()), indices);
    memref::StoreOp::create(b, loc, value, copy.getTarget(), indices);
  }
  copy.erase();
  return loops;
}

} // namespace kiln
