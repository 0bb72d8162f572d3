#!/usr/bin/env bash
# kiln's GPU checks in one command, in two halves.
#
#   bash scripts/gpu-check.sh bundle      (here; needs no GPU)
#     builds build/gpu-bundle: the CUDA layer's tests (a program that links
#     no CUDA library and loads the driver at run time) and the PTX the cuda
#     target writes for its lit steps (element-wise, and reductions with
#     block reductions), for sm_90 and sm_80, and the GPU benchmarks. A few
#     MiB.
#
#   bash scripts/gpu-check.sh run [DIR]   (on the GPU machine; default DIR
#     build/gpu-bundle) runs them: the driver loads and lists the GPUs,
#     the device allocator's checks and a device-memory round trip through
#     it, every bundled kernel loads into the driver (which compiles its
#     PTX for the GPU) with all its entries, and the element-wise kernel
#     the cuda target compiles for tests/Target/CUDA/ptx.mlir, launched
#     through kiln's mgpu* entry points as a step's host code would, and
#     whole cuda steps compiled ahead of time (tests/Target/CUDA/aot.mlir,
#     aot-reductions.mlir's softmax, column maxima, mean and log_softmax
#     with a device arena, aot-matmul.mlir's matmuls through cuBLASLt
#     with fused bias/relu and transposed operands, and aot-conv.mlir's
#     convolutions through cuDNN with fused bias, residual and relu,
#     aot-scatter.mlir's boolean/int8 block reductions and atomic segment
#     sum, and aot-train.mlir's seed MLP trained 20 SGD steps with its
#     variables on the device, on device buffers) match float64
#     references. cuBLASLt and cuDNN are
#     found in the CUDA toolkit or
#     in the machine's Python wheels (nvidia/*/lib under every
#     site-packages python3 reports).
#     When nothing failed, it then prints the GPU benchmark rows that
#     exist: kiln-gpu-library-bench (matmul+bias+relu through cuBLASLt's
#     fused epilogue against its GEMM alone, the CNN's conv+bias+relu
#     through cuDNN's fused call against the convolution alone) and
#     gpu_torch_bench.py (PyTorch eager and torch.compile at the same
#     shapes, where python3 has torch with CUDA).
#     Ends with one line "gpu-check: N passed, M skipped, K failed (GPU)".
#
# Not checked yet: steps mixing CPU and GPU ops, the trainers and the
# whole-model benchmarks on the GPU (no JIT on the GPU yet).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
bundle)
  bash scripts/build.sh KilnRuntimeCudaTests KilnCudaStepTests kiln-opt \
    kiln-translate kiln-gpu-library-bench >/dev/null
  bundle=build/gpu-bundle
  rm -rf "$bundle" && mkdir -p "$bundle/ptx"
  cp build/tests/unit/KilnRuntimeCudaTests build/tests/unit/KilnCudaStepTests \
    "$bundle/"
  for chip in sm_90 sm_80; do
    for test in tests/Target/CUDA/ptx.mlir tests/Target/CUDA/ptx-reductions.mlir \
        tests/Target/CUDA/ptx-pools.mlir; do
      name=$(basename "$test" .mlir)
      build/bin/kiln-opt "$test" --kiln-place-ops='targets=x86-64,cuda' \
          --kiln-fuse-ops --kiln-lowering-pipeline \
          '--kiln-bufferization-pipeline=target=cuda' \
          "--kiln-cuda-device-pipeline=chip=$chip" |
        build/bin/kiln-translate --kiln-gpu-binaries-to-ptx \
          -o "$bundle/ptx/$name.$chip.ptx"
    done
  done
  cp build/bin/kiln-gpu-library-bench bench/gpu_torch_bench.py "$bundle/"
  cp scripts/gpu-check.sh "$bundle/"
  echo "gpu-check: bundle in $bundle ($(du -sh "$bundle" | cut -f1))"
  ;;
run)
  bundle=${2:-build/gpu-bundle}
  [ -x "$bundle/KilnRuntimeCudaTests" ] || {
    echo "gpu-check: no bundle at $bundle (run 'bash scripts/gpu-check.sh bundle' first)" >&2
    exit 2
  }
  gpu=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1 || true)
  log=$(mktemp)
  status=0
  # NVIDIA's wheels where the GPU machine's python keeps them, for
  # cuBLASLt (the layer also searches VIRTUAL_ENV and ~/.local itself).
  wheels=$(python3 -c 'import glob, site
print(":".join(d for p in site.getsitepackages() + [site.getusersitepackages()]
               for d in glob.glob(p + "/nvidia/*/lib")))' 2>/dev/null || true)
  export KILN_CUDA_LIBRARY_PATH="${KILN_CUDA_LIBRARY_PATH:+$KILN_CUDA_LIBRARY_PATH:}$wheels"
  # The newest PTX the driver takes: the sm_90 files on an sm_90 GPU, the
  # sm_80 ones everywhere from Ampere on.
  for tests in "$bundle"/Kiln*Tests; do
    KILN_TEST_PTX_DIR="$bundle/ptx" "$tests" 2>&1 | tee -a "$log" || status=$?
  done
  count() {
    { grep -oE "\[ *$1 *\] [0-9]+ test" "$log" || true; } |
      grep -oE "[0-9]+" | awk '{ n += $1 } END { print n + 0 }' || true
  }
  passed=$(count PASSED); skipped=$(count SKIPPED); failed=$(count FAILED)
  # Point 9's library rows: kiln's fused calls against the bare library
  # calls, and PyTorch at the same shapes where the machine has it.
  if [ "${failed:-0}" -eq 0 ]; then
    "$bundle/kiln-gpu-library-bench" || status=$?
    python3 "$bundle/gpu_torch_bench.py" || true
  fi
  echo "gpu-check: ${passed:-0} passed, ${skipped:-0} skipped, ${failed:-0} failed (${gpu:-no GPU found by nvidia-smi})"
  rm -f "$log"
  exit $status
  ;;
*)
  echo "usage: bash scripts/gpu-check.sh bundle | run [DIR]" >&2
  exit 2
  ;;
esac
