#!/usr/bin/env python3
"""Replays inputs through kiln's fuzz targets: for each target, the seeds
make_seeds.py wrote under SEEDS/TARGET and the findings kept in
tests/fuzz/regressions/TARGET, each run once (libFuzzer's -runs=0 runs the
corpus and nothing else). Prints one line per target and exits non-zero
when a target reports a finding.
Usage: replay.py FUZZ_BIN_DIR SEEDS_DIR
       replay.py --list    (TARGET BINARY lines: run.sh reads them)
"""
import os
import subprocess
import sys

# The one list of targets (run.sh reads it through --list), in the order
# run.sh runs them.
TARGETS = {
    "tfrecord": "TFRecordReaderFuzzer", "example": "ExampleParserFuzzer",
    "csv": "CsvDecoderFuzzer", "npy": "NpyFuzzer", "idx": "IdxFuzzer",
    "json": "JsonFuzzer", "events": "EventFileFuzzer",
    "checkpoint": "CheckpointFuzzer", "graphdef": "GraphDefImportFuzzer",
    "onnx": "OnnxImportFuzzer", "compile": "GraphCompileFuzzer",
}


def main():
    if sys.argv[1:] == ["--list"]:
        for target, binary in TARGETS.items():
            print(target, binary)
        return 0
    binaries, seeds = sys.argv[1], sys.argv[2]
    regressions = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "regressions")
    failed = 0
    for target, binary in sorted(TARGETS.items()):
        dirs = [d for d in (os.path.join(seeds, target),
                            os.path.join(regressions, target))
                if os.path.isdir(d) and os.listdir(d)]
        inputs = sum(len(os.listdir(d)) for d in dirs)
        if not dirs:
            print("%s: no inputs to replay" % target)
            continue
        run = subprocess.run([os.path.join(binaries, binary), "-runs=0",
                              "-rss_limit_mb=4096"] + dirs,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors="replace")
        if run.returncode == 0:
            print("%s: %d inputs replayed clean" % (target, inputs))
        else:
            failed += 1
            print("%s: FAILED (exit %d)\n%s" % (target, run.returncode,
                                                run.stdout[-4000:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
