#!/usr/bin/env bash
# The whole kiln test suite on a fresh machine: installs dependencies,
# builds, sets up the interop peers (TensorFlow from PyPI, in a virtual
# environment; skipped with a reason when unreachable) and the Python
# package (pip install . into that environment), and runs every lit
# test (check-kiln); then the sanitizer job (scripts/test-sanitized.sh:
# ASan + UBSan build, unit tests, a lit subset, the fuzz targets' replays).
# Prints "check-kiln: N passed, M failed, K skipped" and "sanitizers: ..."
# and exits non-zero on any failure in either.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
bash scripts/setup-interop.sh
bash scripts/setup-python.sh
lit=$(command -v lit || echo /usr/lib/llvm-22/bin/lit)
log=$(mktemp)
status=0
"$lit" -sv build/tests 2>&1 | tee "$log" || status=$?

count() { grep -E "^ *$1 *: *[0-9]+" "$log" | grep -oE "[0-9]+" | head -1 || true; }
passed=$(count Passed); failed=$(count Failed)
unsupported=$(count Unsupported)
echo "check-kiln: ${passed:-0} passed, ${failed:-0} failed, ${unsupported:-0} skipped"
rm -f "$log"
if [ "${passed:-0}" -eq 0 ]; then
  echo "check-kiln: no test ran" >&2
  status=1
fi
sanitizers=0
bash scripts/test-sanitized.sh || sanitizers=$?
[ "$status" -ne 0 ] && exit "$status"
exit $sanitizers
