#!/usr/bin/env bash
# kiln's benchmarks: builds kiln-bench, kiln-gemm-bench (fused GEMM +
# bias + relu against Eigen) and kiln-kernels-bench (the kernel library
# alone, no compiler), runs them and the peers (NumPy + OpenBLAS,
# TensorFlow with XLA, onnxruntime and PyTorch, from the interop virtual
# environment when present; scripts/setup-interop.sh --bench installs
# them), kiln against onnxruntime on the same .onnx files (bench/onnx_bench.py),
# every system on the same number of threads, and prints one table
# (a few minutes: the largest GEMM is 34 GFLOP per run). Record results in
# bench/RESULTS.md with the CPU model and date.
#
#   bash bench/run.sh [--threads N]     (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=1
if [ "${1:-}" = "--threads" ] && [ -n "${2:-}" ]; then
  threads=$2
fi
export KILN_NUM_THREADS=$threads
bash scripts/build.sh kiln-bench kiln-gemm-bench kiln-train-bench kiln-kernels-bench >/dev/null
venv=${KILN_VENV:-$HOME/.cache/kiln/venv}
python=python3
[ -x "$venv/bin/python" ] && python="$venv/bin/python"

results=$(mktemp)
build/bin/kiln-bench > "$results"
build/bin/kiln-gemm-bench >> "$results"
build/bin/kiln-train-bench >> "$results"
build/bin/kiln-kernels-bench >> "$results"
"$python" bench/peers.py >> "$results" 2>/dev/null || echo "skip peers (failed)" >> "$results"
"$python" bench/onnx_bench.py >> "$results" 2>/dev/null || echo "skip onnx benchmarks (failed)" >> "$results"

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "date: $(date -u +%F)"
echo "threads: $threads (every system)"
printf '%-22s %14s %s\n' benchmark median unit
grep -v '^skip' "$results" | while read -r name value unit; do
  printf '%-22s %14s %s\n' "$name" "$value" "$unit"
done
grep '^skip' "$results" || true
rm -f "$results"
