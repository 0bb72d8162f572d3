#!/usr/bin/env bash
# The sanitizer job (scripts/test.sh runs it after the main suite): kiln
# built by clang 22 with AddressSanitizer and UndefinedBehaviorSanitizer
# (build-sanitize/, scripts/configure-sanitized.sh) runs its unit tests and
# the lit tests that import, compile and run models, read and write
# checkpoints, records and event files, and replays the fuzz targets'
# seeds and regressions. Any sanitizer report fails the test that made it.
# Prints "sanitizers: N passed, M failed, K skipped in S s".
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/configure-sanitized.sh
ninja -C build-sanitize -j2 \
  kiln-opt kiln-translate kiln-run kiln-compile kiln-seed-graphs \
  kiln-records kiln-checkpoint kiln-summaries kiln-fuzzers \
  KilnRuntimeTests KilnRuntimeIOTests KilnCpuKernelsTests \
  KilnParallelLoopsTests KilnDialectTests KilnGraphAPITests KilnSessionTests \
  KilnRuntimeCheckpointTests KilnRuntimeSummaryTests KilnRuntimeCudaTests \
  KilnCudaStepTests kiln-onnx-conformance

# The subset: everything but the tests that need what this build leaves
# out - the trainer, the Python package, the interop peers, and programs
# linked against the runtime by the system compiler (AOT objects).
lit=$(command -v lit || echo /usr/lib/llvm-22/bin/lit)
log=$(mktemp)
status=0
"$lit" -sv build-sanitize/tests \
  --filter '^kiln :: (unit|robustness|Frontend|Transforms|io|tools|fuzz)/' \
  --filter-out 'kiln-compile[^/]*\.mlir|kiln-run-restore|cli-conventions|hdfs-training' \
  2>&1 | tee "$log" || status=$?

count() { grep -E "^ *$1 *: *[0-9]+" "$log" | grep -oE "[0-9]+" | head -1 || true; }
passed=$(count Passed); failed=$(count Failed); unsupported=$(count Unsupported)
echo "sanitizers: ${passed:-0} passed, ${failed:-0} failed," \
     "${unsupported:-0} skipped in $(( $(date +%s) - start )) s"
rm -f "$log"
if [ "${passed:-0}" -eq 0 ]; then
  echo "sanitizers: no test ran" >&2
  exit 1
fi
exit $status
