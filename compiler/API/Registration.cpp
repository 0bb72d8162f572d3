//===- Registration.cpp - dialects and passes kiln tools load -------------===//

#include "compiler/API/Registration.h"

#include "compiler/Conversion/Passes.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/CUDA/CudaTarget.h"
#include "compiler/Target/CUDA/Passes.h"
#include "compiler/Target/X86/Passes.h"
#include "compiler/Target/X86/X86Target.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "frontends/MLIR/MlirFrontend.h"
#include "frontends/ONNX/OnnxImporter.h"
#include "frontends/TFGraph/GraphDefImporter.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

void kiln::registerAllKilnDialects(mlir::DialectRegistry &registry) {
  registry.insert<kiln::KilnDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::math::MathDialect,
                  mlir::tensor::TensorDialect, mlir::linalg::LinalgDialect,
                  mlir::bufferization::BufferizationDialect,
                  mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                  mlir::vector::VectorDialect, mlir::LLVM::LLVMDialect,
                  mlir::gpu::GPUDialect, mlir::NVVM::NVVMDialect,
                  mlir::cf::ControlFlowDialect>();
  // One-shot bufferization of the dialects the lowering produces.
  mlir::arith::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  mlir::linalg::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::scf::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::tensor::registerBufferizableOpInterfaceExternalModels(registry);
  // Lets buffer-results-to-out-params replace a result's allocation by the
  // caller's buffer instead of copying into it.
  mlir::memref::registerAllocationOpInterfaceExternalModels(registry);
  // LLVM dialect -> LLVM IR, for the JIT and object emission.
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  // Parallel loops of generated code are OpenMP worksharing loops.
  mlir::registerOpenMPDialectTranslation(registry);
  // GPU kernels: gpu.module -> NVVM -> PTX. convert-gpu-to-nvvm lowers
  // the ops inside kernels through these dialects' LLVM interfaces.
  mlir::arith::registerConvertArithToLLVMInterface(registry);
  mlir::cf::registerConvertControlFlowToLLVMInterface(registry);
  mlir::index::registerConvertIndexToLLVMInterface(registry);
  mlir::registerConvertMathToLLVMInterface(registry);
  mlir::registerConvertMemRefToLLVMInterface(registry);
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  mlir::registerGPUDialectTranslation(registry);
  // Kernel binaries embedded in the host object, loaded at start-up.
  mlir::gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
  mlir::registerNVVMDialectTranslation(registry);
}

void kiln::registerAllKilnFrontends() {
  static bool registered = [] {
    kiln::registerMlirFrontend();
    kiln::tfgraph::registerGraphDefFrontend();
    kiln::onnximport::registerOnnxFrontend();
    return true;
  }();
  (void)registered;
}

void kiln::registerAllKilnTargets() {
  static bool registered = [] {
    kiln::registerX86Target();
    kiln::registerCudaTarget();
    return true;
  }();
  (void)registered;
}

void kiln::registerAllKilnPasses() {
  registerAllKilnTargets();
  static bool registered = [] {
    mlir::registerTransformsPasses();
    kiln::registerKilnPasses();
    kiln::registerKilnX86Passes();
    kiln::registerKilnCudaPasses();
    kiln::registerCudaPipelines();
    kiln::registerKilnConversionPasses();
    kiln::registerKilnPipelines();
    return true;
  }();
  (void)registered;
}
