//===- StepWrapper.cpp - the kiln step ABI entry point --------------------===//

#include "compiler/Target/StepWrapper.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace kiln {

LogicalResult addStepWrapper(ModuleOp module, StringRef entry, StringRef symbol,
                             ArrayRef<TensorSignature> inputs,
                             ArrayRef<TensorSignature> outputs) {
  std::string cInterface = ("_mlir_ciface_" + entry).str();
  auto callee = module.lookupSymbol<LLVM::LLVMFuncOp>(cInterface);
  if (!callee)
    return module.emitError("no C interface '") << cInterface
                                                << "' to wrap; was the entry "
                                                   "marked llvm.emit_c_interface?";
  size_t buffers = inputs.size() + outputs.size();
  if (callee.getNumArguments() != buffers)
    return module.emitError("'") << cInterface << "' takes "
                                 << callee.getNumArguments() << " buffers, "
                                 << buffers << " expected";

  MLIRContext *ctx = module.getContext();
  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module.getBody());
  Location loc = module.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = b.getI64Type();
  auto fnType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                            {ptr, ptr});
  auto wrapper = LLVM::LLVMFuncOp::create(b, loc, symbol, fnType);
  Block *body = wrapper.addEntryBlock(b);
  b.setInsertionPointToStart(body);

  auto constant = [&](int64_t value) {
    return LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(value));
  };
  SmallVector<Value> descriptors;
  auto describe = [&](Value array, int64_t index, const std::vector<int64_t> &shape) {
    // data = array[index]
    Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, array,
                                     ArrayRef<LLVM::GEPArg>{int32_t(index)});
    Value data = LLVM::LoadOp::create(b, loc, ptr, slot);
    Value address = LLVM::PtrToIntOp::create(b, loc, i64, data);
    // The descriptor {allocated, aligned, offset, sizes, strides} is, on a
    // 64-bit target, an array of 3 + 2 * rank words.
    int64_t rank = shape.size();
    auto words = LLVM::LLVMArrayType::get(i64, 3 + 2 * rank);
    Value descriptor = LLVM::AllocaOp::create(b, loc, ptr, words, constant(1));
    std::vector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 1; d > 0; --d)
      strides[d - 1] = strides[d] * shape[d];
    SmallVector<Value> fields = {address, address, constant(0)};
    for (int64_t size : shape)
      fields.push_back(constant(size));
    for (int64_t stride : strides)
      fields.push_back(constant(stride));
    for (auto [position, field] : llvm::enumerate(fields)) {
      Value at = LLVM::GEPOp::create(b, loc, ptr, i64, descriptor,
                                     ArrayRef<LLVM::GEPArg>{int32_t(position)});
      LLVM::StoreOp::create(b, loc, field, at);
    }
    descriptors.push_back(descriptor);
  };
  for (auto [i, input] : llvm::enumerate(inputs))
    describe(body->getArgument(0), i, input.shape);
  for (auto [i, output] : llvm::enumerate(outputs))
    describe(body->getArgument(1), i, output.shape);
  LLVM::CallOp::create(b, loc, callee, descriptors);
  LLVM::ReturnOp::create(b, loc, ValueRange{});

  // Only the wrapper is the object's interface: everything else becomes
  // internal, so two steps link into one program without clashing (the
  // importer names every entry "main") and LLVM may inline freely.
  for (auto func : module.getOps<LLVM::LLVMFuncOp>())
    if (func != wrapper && !func.isExternal())
      func.setLinkage(LLVM::Linkage::Internal);
  return success();
}

} // namespace kiln
