# The kiln lit suite. Configured through the generated lit.site.cfg.py, so
# both `ninja check-kiln` and a plain `lit build/tests` run it.
import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "kiln"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".ll", ".pbtxt", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "tests")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

# Captures must not leak from one CHECK-LABEL block into the next.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
tool_dirs = [config.kiln_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["kiln-opt", "kiln-translate", "kiln-run", "kiln-compile", "kiln-seed-graphs",
     "kiln-fashion-mnist", "kiln-checkpoint", "kiln-records", "kiln-summaries",
     "FileCheck", "not"], tool_dirs)

config.substitutions.append(("%kiln_src", config.kiln_src_root))
config.substitutions.append(("%kiln_tools_dir", config.kiln_tools_dir))
config.substitutions.append(("%kiln_obj_root", config.kiln_obj_root))

# A sanitized build (scripts/test-sanitized.sh) runs a subset of the suite;
# tests that cannot run under the sanitizers (a virtual-memory ulimit below
# AddressSanitizer's shadow) say `UNSUPPORTED: sanitized`. Findings fail the
# test: the sanitizers abort, and leaks are reported at exit.
if config.kiln_sanitize:
    config.available_features.add("sanitized")
    # allow_user_poisoning=0: LLVM's allocators poison memory from the
    # inline code instantiated in kiln's (instrumented) files but not from
    # Debian's uninstrumented libMLIR, which then reads it legitimately.
    config.environment["ASAN_OPTIONS"] = os.environ.get(
        "ASAN_OPTIONS", "detect_leaks=1:allow_user_poisoning=0")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1"
if config.kiln_fuzzers.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("fuzzers")
    config.substitutions.append(
        ("%kiln_fuzz_dir", os.path.join(config.kiln_obj_root, "fuzz")))
else:
    lit_config.note("fuzz replays skipped in this build: the sanitizer job "
                    "(scripts/test-sanitized.sh, build-sanitize/) runs them")

# Data-parallel tests start ranks with Open MPI's mpirun (install-deps.sh);
# CI runs as root, which mpirun refuses unless told it is meant.
if shutil.which("mpirun"):
    config.available_features.add("mpi")
    config.environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
    config.environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    config.substitutions.append(("%mpirun", shutil.which("mpirun") + " --oversubscribe"))
else:
    lit_config.note("data-parallel tests skipped: no mpirun (scripts/install-deps.sh "
                    "installs Open MPI)")
# The trainer's tests need Debian's dataset-fashion-mnist (install-deps.sh).
if os.path.exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"):
    config.available_features.add("fashion-mnist")
else:
    lit_config.note("trainer tests skipped: /usr/share/datasets/fashion-mnist is missing")
# PTX the cuda target writes is assembled by ptxas where a CUDA toolkit is
# installed (PATH, CUDA_HOME or /usr/local/cuda).
ptxas = shutil.which("ptxas") or next(
    (p for p in [os.path.join(os.environ.get("CUDA_HOME", ""), "bin", "ptxas"),
                 "/usr/local/cuda/bin/ptxas"] if os.path.isfile(p)), None)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
else:
    lit_config.note("PTX assembly tests skipped: no ptxas (install a CUDA "
                    "toolkit or set CUDA_HOME)")
# A program running a cuda AOT step links the runtime core and its CUDA
# layer (which loads the driver itself) and nothing from CUDA.
config.substitutions.append(
    ("%kiln_runtime_cuda_libs",
     " ".join([os.path.join(config.kiln_obj_root, "runtime", "libKilnRuntimeCuda.a"),
               os.path.join(config.kiln_obj_root, "runtime", "libKilnRuntime.a"),
               "-lstdc++ -ldl -lm -lpthread"])))
# Tests that expect no GPU are unsupported where there is one.
if shutil.which("nvidia-smi") or os.path.exists("/dev/nvidia0"):
    config.available_features.add("cuda-gpu")
# mlir-runner runs host emulations of GPU loop nests; its print helpers.
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(os.path.dirname(config.llvm_tools_dir), "lib",
                  "libmlir_c_runner_utils.so")))
config.substitutions.append(
    ("%kiln_runtime_lib",
     os.path.join(config.kiln_obj_root, "runtime", "libKilnRuntime.a")))
config.substitutions.append(
    ("%kiln_cpu_kernels_lib",
     os.path.join(config.kiln_obj_root, "runtime", "kernels", "libKilnCpuKernels.a")))
config.substitutions.append(
    ("%kiln_onnx_conformance",
     os.path.join(config.kiln_obj_root, "tests", "onnx", "kiln-onnx-conformance")))
config.substitutions.append(
    ("%kiln_unit_dir", os.path.join(config.kiln_obj_root, "tests", "unit")))
# What a program needs to read and write checkpoints: the checkpoint
# library, the runtime's I/O and core, and their system libraries.
config.substitutions.append(
    ("%kiln_checkpoint_libs",
     " ".join([os.path.join(config.kiln_obj_root, "runtime", "src", "checkpoint",
                            "libKilnRuntimeCheckpoint.a"),
               os.path.join(config.kiln_obj_root, "runtime", "libKilnRuntimeIO.a"),
               os.path.join(config.kiln_obj_root, "runtime", "libKilnRuntime.a"),
               "-lz -lpthread -lm"])))

# Interop and Python package tests run in the virtual environment that
# scripts/setup-interop.sh and scripts/setup-python.sh make; without what a
# test needs it is skipped, and lit says why.
venv = os.environ.get("KILN_VENV", os.path.expanduser("~/.cache/kiln/venv"))
venv_python = os.path.join(venv, "bin", "python")
quiet_tf = "env TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=0 "


def venv_has(modules):
    return os.path.exists(venv_python) and os.system(
        venv_python + ' -c "import ' + modules + '" >/dev/null 2>&1') == 0


def venv_feature(feature, modules, substitution, what, installer):
    if venv_has(modules):
        config.available_features.add(feature)
        config.substitutions.append((substitution, quiet_tf + venv_python))
    else:
        lit_config.note(what + " skipped: " + modules + " not importable from "
                        + venv_python + " (" + installer + " installs it)")


venv_feature("tensorflow", "tensorflow", "%tf_python", "interop tests",
             "scripts/setup-interop.sh")
venv_feature("kiln-python", "kiln, numpy, pytest", "%kiln_python",
             "Python package tests", "scripts/setup-python.sh")
# TensorBoard's own loader reads kiln's event files.
venv_feature("tensorboard", "tensorboard", "%tb_python",
             "TensorBoard interop tests", "scripts/setup-interop.sh")
# The reference WebHDFS client checks the local server the HDFS tests use.
venv_feature("webhdfs-client", "hdfs", "%hdfs_python",
             "WebHDFS client interop tests", "scripts/setup-interop.sh")

# ONNX interop tests compare kiln with onnxruntime on models converted by
# tf2onnx and exported by torch.onnx, from the same virtual environment.
if venv_has("onnx, onnxruntime"):
    config.available_features.add("onnxruntime")
    config.substitutions.append(("%onnx_python", quiet_tf + venv_python))
    for peer, module in (("tf2onnx", "tf2onnx"), ("torch", "torch")):
        if venv_has(module):
            config.available_features.add(peer)
        else:
            lit_config.note("ONNX interop tests with " + peer + " skipped: "
                            + module + " is not importable from " + venv_python
                            + " (scripts/setup-interop.sh installs it)")
else:
    lit_config.note("ONNX interop tests skipped: onnx and onnxruntime are not "
                    "importable from " + venv_python
                    + " (scripts/setup-interop.sh installs them)")

# PTX execution tests declare `REQUIRES: cuda` and run only next to a GPU.
if shutil.which("nvidia-smi") and os.system("nvidia-smi -L >/dev/null 2>&1") == 0:
    config.available_features.add("cuda")
