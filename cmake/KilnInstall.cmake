# `cmake --install build --prefix P` puts kiln in P: the tools in bin/, the
# runtime and compiler libraries in lib/, their headers in include/, and a
# CMake package (lib/cmake/Kiln) whose find_package(Kiln) gives the
# imported targets Kiln::Runtime (the runtime core and CPU kernels an
# ahead-of-time step links), Kiln::Compiler (the JIT session and
# kiln-compile as libraries, on Debian's libMLIR/libLLVM 22) and the
# executable Kiln::kiln-compile, Kiln::Cuda (the CUDA layer a cuda step
# links: the driver and cuBLASLt loaded at run time), and where MPI was
# found Kiln::Mpi (the MPI
# communicator of kiln/runtime/parallel/mpi.h, for a Session's
# SessionOptions::communicator). tests/install/ builds a project against it.
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(KILN_INSTALLED_TOOLS kiln-opt kiln-translate kiln-run kiln-compile kiln-records
                         kiln-summaries kiln-checkpoint kiln-seed-graphs kiln-fashion-mnist)
install(TARGETS ${KILN_INSTALLED_TOOLS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Installed, the tools still find Debian's libMLIR/libLLVM where they were
# built against them.
set_target_properties(${KILN_INSTALLED_TOOLS} PROPERTIES INSTALL_RPATH "${LLVM_LIBRARY_DIR}")

# Link order: each library before the ones it uses.
set(KILN_RUNTIME_ARCHIVES KilnRuntimeCuda KilnRuntime KilnCpuKernels)
set(KILN_COMPILER_ARCHIVES
  KilnJit KilnGraphAPI KilnRegistration KilnOnnx KilnOnnxProto KilnPipelines
  KilnConversionKilnToLinalg KilnTargetCUDA KilnMlirFrontend KilnTargetX86
  KilnTransforms KilnTarget KilnTFGraph KilnFrontend KilnFrontendEmit
  KilnDialect KilnTFProtos KilnRuntimeCheckpoint KilnRuntimeSummary
  KilnRuntimeIO)
install(TARGETS ${KILN_COMPILER_ARCHIVES} ${KILN_RUNTIME_ARCHIVES}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
set(KILN_INSTALL_MPI OFF)
if(TARGET KilnRuntimeMpi)
  install(TARGETS KilnRuntimeMpi ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  set(KILN_INSTALL_MPI ON)
endif()

install(DIRECTORY runtime/include/ runtime/kernels/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The compiler's public headers keep their repository paths under
# include/kiln ("compiler/API/Session.h").
foreach(header
    compiler/API/AotCompiler.h compiler/API/Compiler.h compiler/API/JitExecutable.h
    compiler/API/ModelRunner.h compiler/API/Registration.h compiler/API/Session.h
    compiler/API/VariableStore.h compiler/Pipelines/Pipelines.h
    compiler/Target/StepRuntimeHooks.h compiler/Target/StepSignature.h
    compiler/Target/Target.h compiler/Target/TargetRegistry.h
    frontends/Registry/Frontend.h frontends/GraphAPI/Graph.h
    frontends/GraphAPI/MetaGraph.h frontends/GraphAPI/Optimizers.h
    frontends/GraphAPI/TensorFlowGradients.h)
  get_filename_component(directory ${header} DIRECTORY)
  install(FILES ${header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kiln/${directory})
endforeach()
install(DIRECTORY ${PROJECT_BINARY_DIR}/frontends/TFGraph/proto/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kiln/frontends/TFGraph/proto
        FILES_MATCHING PATTERN "*.pb.h")

find_package(Protobuf REQUIRED)
set(KILN_INSTALL_MLIR_LIBRARY "$<TARGET_FILE:MLIR>")
set(KILN_INSTALL_LLVM_LIBRARY "$<TARGET_FILE:LLVM>")
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/KilnConfig.cmake
     INPUT ${PROJECT_BINARY_DIR}/KilnConfig.cmake.in)
configure_file(cmake/KilnConfig.cmake.in ${PROJECT_BINARY_DIR}/KilnConfig.cmake.in @ONLY)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/KilnConfig.cmake
              ${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Kiln)
