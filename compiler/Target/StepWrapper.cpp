//===- StepWrapper.cpp - the kiln step ABI entry point --------------------===//

#include "compiler/Target/StepWrapper.h"

#include "dialects/Kiln/IR/KilnDialect.h"
#include "kiln/runtime/executable.h"
#include "kiln/runtime/status.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace kiln {

namespace {

/// Builds the wrapper's body: checks the context and every pointer, then
/// calls the entry's C interface with one memref descriptor per buffer.
class WrapperBuilder {
public:
  WrapperBuilder(OpBuilder &b, Location loc)
      : b(b), loc(loc), ptr(LLVM::LLVMPointerType::get(b.getContext())),
        i64(b.getI64Type()), i32(b.getI32Type()) {}

  Value constant(Type type, int64_t value) {
    return LLVM::ConstantOp::create(b, loc, type,
                                    b.getIntegerAttr(type, value));
  }

  Value isNull(Value pointer) {
    Value null = LLVM::ZeroOp::create(b, loc, ptr);
    return LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, pointer, null);
  }

  Value either(Value a, Value b2) {
    return a ? LLVM::OrOp::create(b, loc, a, b2).getResult() : b2;
  }

  /// array[index], a buffer pointer.
  Value element(Value array, int64_t index) {
    Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, array,
                                     ArrayRef<LLVM::GEPArg>{int32_t(index)});
    return LLVM::LoadOp::create(b, loc, ptr, slot);
  }

  /// A memref descriptor {allocated, aligned, offset, sizes, strides} (on a
  /// 64-bit target an array of 3 + 2 * rank words) for a dense row-major
  /// buffer at `data`.
  Value descriptor(Value data, ArrayRef<int64_t> shape) {
    Value address = LLVM::PtrToIntOp::create(b, loc, i64, data);
    int64_t rank = shape.size();
    auto words = LLVM::LLVMArrayType::get(i64, 3 + 2 * rank);
    Value memory = LLVM::AllocaOp::create(b, loc, ptr, words, constant(i64, 1));
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 1; d > 0; --d)
      strides[d - 1] = strides[d] * shape[d];
    SmallVector<Value> fields = {address, address, constant(i64, 0)};
    for (int64_t size : shape)
      fields.push_back(constant(i64, size));
    for (int64_t stride : strides)
      fields.push_back(constant(i64, stride));
    for (auto [position, field] : llvm::enumerate(fields)) {
      Value at = LLVM::GEPOp::create(b, loc, ptr, i64, memory,
                                     ArrayRef<LLVM::GEPArg>{int32_t(position)});
      LLVM::StoreOp::create(b, loc, field, at);
    }
    return memory;
  }

  OpBuilder &b;
  Location loc;
  Type ptr, i64, i32;
};

} // namespace

LogicalResult addStepWrapper(ModuleOp module, StringRef entry, StringRef symbol,
                             ArrayRef<TensorSignature> inputs,
                             ArrayRef<TensorSignature> outputs,
                             int64_t arenaBytes, ArrayRef<ArenaSlot> slots,
                             const StepRuntimeHooks &hooks) {
  std::string cInterface = ("_mlir_ciface_" + entry).str();
  auto callee = module.lookupSymbol<LLVM::LLVMFuncOp>(cInterface);
  if (!callee)
    return module.emitError("no C interface '")
           << cInterface
           << "' to wrap; was the entry "
              "marked llvm.emit_c_interface?";
  // Every input and variable, every output, and the arena's slots; then
  // the error record when the entry has run-time checks
  // (kiln-lower-runtime-checks appended it).
  size_t buffers = inputs.size() + outputs.size() + slots.size();
  if (callee.getNumArguments() != buffers &&
      callee.getNumArguments() != buffers + 1)
    return module.emitError("'")
           << cInterface << "' takes " << callee.getNumArguments()
           << " buffers, " << buffers << " expected";
  bool hasChecks = callee.getNumArguments() == buffers + 1;

  MLIRContext *ctx = module.getContext();
  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module.getBody());
  WrapperBuilder w(b, module.getLoc());
  Location loc = w.loc;
  auto fnType =
      LLVM::LLVMFunctionType::get(w.i32, {w.ptr, w.ptr, w.ptr, w.ptr});
  auto wrapper = LLVM::LLVMFuncOp::create(b, loc, symbol, fnType);
  Block *checkArrays = wrapper.addEntryBlock(b);
  Value context = checkArrays->getArgument(0);
  Value inputArray = checkArrays->getArgument(1);
  Value variableArray = checkArrays->getArgument(2);
  Value outputArray = checkArrays->getArgument(3);
  Block *checkContext = b.createBlock(&wrapper.getBody());
  Block *call = b.createBlock(&wrapper.getBody());
  Block *invalid = b.createBlock(&wrapper.getBody());
  b.setInsertionPointToStart(invalid);
  LLVM::ReturnOp::create(b, loc,
                         w.constant(w.i32, KILN_STATUS_INVALID_ARGUMENT));

  // The context and the pointer arrays the step reads from.
  size_t numVariables = llvm::count_if(
      inputs, [](const TensorSignature &input) { return input.variable; });
  b.setInsertionPointToStart(checkArrays);
  Value bad = w.isNull(context);
  if (inputs.size() > numVariables)
    bad = w.either(bad, w.isNull(inputArray));
  if (numVariables)
    bad = w.either(bad, w.isNull(variableArray));
  if (!outputs.empty())
    bad = w.either(bad, w.isNull(outputArray));
  LLVM::CondBrOp::create(b, loc, bad, invalid, checkContext);

  // The context's version and arena, and every buffer pointer.
  b.setInsertionPointToStart(checkContext);
  auto contextType = LLVM::LLVMStructType::getLiteral(
      ctx, {w.i32, w.ptr, w.i64, w.ptr, w.i32, w.ptr}); // kiln_step_context_t
  auto field = [&](int32_t index, Type type) -> Value {
    Value at = LLVM::GEPOp::create(b, loc, w.ptr, contextType, context,
                                   ArrayRef<LLVM::GEPArg>{0, index});
    return LLVM::LoadOp::create(b, loc, type, at);
  };
  Value version = field(0, w.i32);
  bad = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, version,
                             w.constant(w.i32, KILN_STEP_ABI_VERSION));
  Value arena = field(1, w.ptr);
  Value maxThreads = field(4, w.i32);
  bad = w.either(bad, LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt,
                                           maxThreads, w.constant(w.i32, 0)));
  if (arenaBytes > 0) {
    Value given = field(2, w.i64);
    bad = w.either(bad, w.isNull(arena));
    bad = w.either(bad,
                   LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ult, given,
                                        w.constant(w.i64, arenaBytes)));
    Value address = LLVM::PtrToIntOp::create(b, loc, w.i64, arena);
    Value misalignment = LLVM::AndOp::create(
        b, loc, address, w.constant(w.i64, kArenaAlignment - 1));
    bad =
        w.either(bad, LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne,
                                           misalignment, w.constant(w.i64, 0)));
  }
  SmallVector<Value> data;
  int64_t nextInput = 0, nextVariable = 0;
  auto load = [&](Value array, int64_t index, const TensorSignature &tensor) {
    Value pointer = w.element(array, index);
    // An empty tensor has no bytes to point to.
    int64_t elements = 1;
    for (int64_t dim : tensor.shape)
      elements *= dim;
    if (elements > 0)
      bad = w.either(bad, w.isNull(pointer));
    data.push_back(pointer);
  };
  for (const TensorSignature &input : inputs)
    load(input.variable ? variableArray : inputArray,
         input.variable ? nextVariable++ : nextInput++, input);
  for (auto [index, output] : llvm::enumerate(outputs))
    load(outputArray, index, output);
  LLVM::CondBrOp::create(b, loc, bad, invalid, call);

  // The buffers pass to an internal function as distinct no-alias
  // pointers, which is what the ABI promises: once LLVM inlines it, every
  // access carries that fact and loops over different buffers vectorize
  // without overlap checks.
  b.setInsertionPointToStart(call);
  SmallVector<Value> pointers(data.begin(), data.end());
  for (const ArenaSlot &slot : slots) {
    Value offset = w.constant(w.i64, slot.offset);
    pointers.push_back(LLVM::GEPOp::create(b, loc, w.ptr, b.getI8Type(), arena,
                                           ArrayRef<LLVM::GEPArg>{offset}));
  }
  // kiln_step_error_t on the stack: a failed check sets its format.
  auto errorType = LLVM::LLVMArrayType::get(w.i64, kErrorRecordWords);
  Value errorRecord;
  if (hasChecks) {
    errorRecord =
        LLVM::AllocaOp::create(b, loc, w.ptr, errorType, w.constant(w.i64, 1));
    LLVM::StoreOp::create(b, loc, LLVM::ZeroOp::create(b, loc, w.ptr),
                          errorRecord);
    pointers.push_back(errorRecord);
  }
  SmallVector<Type> pointerTypes(pointers.size(), w.ptr);
  b.setInsertionPoint(wrapper);
  auto bufferFunc = LLVM::LLVMFuncOp::create(
      b, loc, (symbol + "_buffers").str(),
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), pointerTypes));
  for (unsigned i = 0; i < pointers.size(); ++i)
    bufferFunc.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(),
                          b.getUnitAttr());
  Block *body = bufferFunc.addEntryBlock(b);
  b.setInsertionPointToStart(body);
  SmallVector<Value> descriptors;
  for (auto [index, input] : llvm::enumerate(inputs))
    descriptors.push_back(w.descriptor(body->getArgument(index), input.shape));
  for (auto [index, output] : llvm::enumerate(outputs))
    descriptors.push_back(
        w.descriptor(body->getArgument(inputs.size() + index), output.shape));
  for (auto [index, slot] : llvm::enumerate(slots))
    descriptors.push_back(
        w.descriptor(body->getArgument(inputs.size() + outputs.size() + index),
                     {slot.bytes}));
  if (hasChecks)
    descriptors.push_back(body->getArgument(buffers));
  LLVM::CallOp::create(b, loc, callee, descriptors);
  LLVM::ReturnOp::create(b, loc, ValueRange{});
  b.setInsertionPointToEnd(call);
  // A runtime function the entry calls, declared once.
  auto declare = [&](StringRef name, LLVM::LLVMFunctionType type) {
    if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
      return existing;
    OpBuilder top = OpBuilder::atBlockEnd(module.getBody());
    return LLVM::LLVMFuncOp::create(top, loc, name, type);
  };
  LLVM::LLVMFuncOp limitThreads;
  Value previousLimit;
  if (!hooks.threadLimitFunction.empty()) {
    limitThreads = declare(hooks.threadLimitFunction,
                           LLVM::LLVMFunctionType::get(w.i32, {w.i32}));
    previousLimit =
        LLVM::CallOp::create(b, loc, limitThreads, ValueRange{maxThreads})
            .getResult();
  }
  LLVM::CallOp::create(b, loc, bufferFunc, pointers);
  if (limitThreads)
    LLVM::CallOp::create(b, loc, limitThreads, ValueRange{previousLimit});
  Value status = w.constant(w.i32, KILN_STATUS_OK);
  if (!hooks.statusFunction.empty())
    status =
        LLVM::CallOp::create(b, loc,
                             declare(hooks.statusFunction,
                                     LLVM::LLVMFunctionType::get(w.i32, {})),
                             ValueRange{})
            .getResult();
  if (!hasChecks) {
    LLVM::ReturnOp::create(b, loc, status);
  } else {
    // A device's failure (no GPU, a refused launch) wins: the values a
    // check read from the device are then meaningless. Otherwise a failed
    // check wins over the hook's status; the caller gets its record when
    // it asked for one (`error`, read only now that the context is known
    // to be this ABI's).
    Block *readRecord = b.createBlock(&wrapper.getBody());
    Block *failedCheck = b.createBlock(&wrapper.getBody());
    Block *copyRecord = b.createBlock(&wrapper.getBody());
    Block *done = b.createBlock(&wrapper.getBody());
    b.setInsertionPointToStart(done);
    LLVM::ReturnOp::create(b, loc, status);
    b.setInsertionPointToEnd(call);
    Value deviceOk =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, status,
                             w.constant(w.i32, KILN_STATUS_OK));
    LLVM::CondBrOp::create(b, loc, deviceOk, readRecord, done);
    b.setInsertionPointToStart(readRecord);
    Value format = LLVM::LoadOp::create(b, loc, w.ptr, errorRecord);
    LLVM::CondBrOp::create(b, loc, w.isNull(format), done, failedCheck);
    b.setInsertionPointToStart(failedCheck);
    Value callerRecord = field(5, w.ptr);
    Value failed = w.constant(w.i32, KILN_STATUS_INVALID_ARGUMENT);
    Block *returnFailed = b.createBlock(&wrapper.getBody());
    LLVM::ReturnOp::create(b, loc, failed);
    b.setInsertionPointToEnd(failedCheck);
    LLVM::CondBrOp::create(b, loc, w.isNull(callerRecord), returnFailed,
                           copyRecord);
    b.setInsertionPointToStart(copyRecord);
    Value record = LLVM::LoadOp::create(b, loc, errorType, errorRecord);
    LLVM::StoreOp::create(b, loc, record, callerRecord);
    LLVM::BrOp::create(b, loc, returnFailed);
  }

  // Only the wrapper is the object's interface: everything else becomes
  // internal, so two steps link into one program without clashing (the
  // importer names every entry "main") and LLVM may inline freely.
  for (auto func : module.getOps<LLVM::LLVMFuncOp>())
    if (func != wrapper && !func.isExternal())
      func.setLinkage(LLVM::Linkage::Internal);
  return success();
}

} // namespace kiln
