#!/usr/bin/env bash
# Builds kiln's libFuzzer targets (KILN_FUZZERS=ON in build-sanitize: clang
# 22 with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's
# coverage over all of kiln) and runs each, one after another, for SECONDS
# (default 60):
#   tfrecord   the TFRecord reader, plain and GZIP/ZLIB
#   example    tf.train.Example decoding, re-encoding and spec parsing
#   csv        CSV line decoding with fuzzed options and column types
#   npy        .npy headers and data
#   idx        IDX (MNIST) files, and encode/decode round trips
#   json       the JSON of WebHDFS answers
#   events     TensorBoard event files and the Event/Summary protos
#   checkpoint TF V2 checkpoints: index SSTable, BundleEntry, data shards
#   graphdef   GraphDef import, binary and text
#   onnx       ONNX ModelProto import
#   compile    generated valid GraphDefs through import and the compiler
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
# Never in parallel (the machine is shared). Corpora persist in
# build-sanitize/fuzz/corpus/TARGET so later runs continue; seeds come from
# ../shared/testdata and the Fashion-MNIST labels. A crash is saved as
# build-sanitize/fuzz/TARGET-crash-* and fails the run; copy it into
# tests/fuzz/regressions/TARGET/ once fixed (regressions.test replays them).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
# The targets and their binaries: replay.py keeps the one list.
declare -A binaries
all=()
while read -r target binary; do
  binaries[$target]=$binary
  all+=("$target")
done < <(python3 tests/fuzz/replay.py --list)
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

bash scripts/configure-sanitized.sh
ninja -C build-sanitize -j2 kiln-fuzzers

out=build-sanitize/fuzz
python3 tests/fuzz/make_seeds.py "$out/seeds"
# allow_user_poisoning=0: see tests/lit.cfg.py.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:allow_user_poisoning=0
status=0
for target in "${targets[@]}"; do
  binary=${binaries[$target]:?unknown target $target}
  mkdir -p "$out/corpus/$target" "$out/seeds/$target"
  echo "== $target: $binary for ${seconds}s"
  if ! "$out/$binary" "$out/corpus/$target" "$out/seeds/$target" \
       -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 \
       -timeout=60 -artifact_prefix="$out/$target-" -print_final_stats=1 \
       2>"$out/$target.log"; then
    status=1
    echo "!! $target found a problem; see $out/$target.log" >&2
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" \
    "$out/$target.log" || true
done
exit $status
