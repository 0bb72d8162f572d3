#!/usr/bin/env bash
# Builds kiln's libFuzzer targets with clang-22 (-fsanitize=fuzzer,address,
# plus undefined) and runs each, one at a time, for SECONDS (default 60):
#   tfrecord  - the TFRecord reader, plain and GZIP/ZLIB (TFRecordReaderFuzzer)
#   example   - tf.train.Example decoding, re-encoding and spec parsing
#   csv       - CSV line decoding with fuzzed options and column types
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
# Needs clang-22 and its sanitizer runtimes (Debian: libclang-rt-22-dev).
# Targets run in-process, one after another (never in parallel: the
# machine is shared). Not part of the normal build. Corpora persist in build/fuzz/corpus/TARGET
# so later runs continue; crashes are written to build/fuzz/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tfrecord example csv)

clang=${CLANG:-clang++-22}
if ! command -v "$clang" >/dev/null; then
  echo "run.sh: $clang not found (apt-get install clang-22)" >&2
  exit 2
fi
out=build/fuzz
mkdir -p "$out"
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, long){return 0;}' |
    "$clang" -x c++ -fsanitize=fuzzer,address - -o "$out/probe" 2>/dev/null; then
  echo "run.sh: $clang cannot link -fsanitize=fuzzer,address;" \
       "install libclang-rt-22-dev" >&2
  exit 2
fi

# The runtime I/O sources (and Npy.cpp, for dtype sizes), built once with
# the fuzzing instrumentation; each target links them.
sources=(runtime/src/io/*.cpp runtime/src/npy/Npy.cpp)
flags=(-std=c++17 -g -O1 -fsanitize=fuzzer-no-link,address,undefined
       -fno-sanitize-recover=undefined -Iruntime/include)
objects=()
for source in "${sources[@]}"; do
  object="$out/obj/$(basename "${source%.cpp}").o"
  mkdir -p "$out/obj"
  if [ ! -f "$object" ] || [ "$source" -nt "$object" ] ||
     [ -n "$(find runtime/include -newer "$object" -name '*.h' | head -1)" ]; then
    "$clang" "${flags[@]}" -c "$source" -o "$object"
  fi
  objects+=("$object")
done

declare -A files=([tfrecord]=TFRecordReaderFuzzer [example]=ExampleParserFuzzer
                  [csv]=CsvDecoderFuzzer)
status=0
for target in "${targets[@]}"; do
  name=${files[$target]:?unknown target $target}
  "$clang" "${flags[@]}" -fsanitize=fuzzer "tests/fuzz/$name.cpp" \
    "${objects[@]}" -lz -o "$out/$name"
  mkdir -p "$out/corpus/$target"
  echo "== $target: $name for ${seconds}s"
  if ! "$out/$name" "$out/corpus/$target" -max_total_time="$seconds" \
       -max_len=65536 -rss_limit_mb=2048 \
       -artifact_prefix="$out/$target-" -print_final_stats=1 \
       2>"$out/$target.log"; then
    status=1
    echo "!! $target found a problem; see $out/$target.log" >&2
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" \
    "$out/$target.log" || true
done
exit $status
