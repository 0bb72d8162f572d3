#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs under OUT/TARGET/ from real files
written by other tools (../shared/testdata, Debian's Fashion-MNIST) and a
few hand-made documents. Each seed starts with the target's mode byte where
the target has one (see the target's header comment). Standard library only.
"""
import glob
import gzip
import os
import random
import struct
import sys

root = os.path.dirname(os.path.abspath(__file__))
shared = os.path.normpath(os.path.join(root, "..", "..", "..", "shared", "testdata"))


def write(out, target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def seed_models(out):
    tf = os.path.join(shared, "tf-graphs")
    for i, path in enumerate(sorted(glob.glob(tf + "/**/*.pb*", recursive=True))):
        if os.path.getsize(path) <= 65536:
            with open(path, "rb") as f:
                write(out, "graphdef", "tf%03d" % i, f.read())
    onnx = os.path.join(shared, "onnx-node")
    for path in sorted(glob.glob(onnx + "/*/model.onnx")):
        with open(path, "rb") as f:
            write(out, "onnx", os.path.basename(os.path.dirname(path)), f.read())


def seed_checkpoints(out):
    tf = os.path.join(shared, "tf-graphs")
    for i, index in enumerate(sorted(glob.glob(tf + "/**/*.index", recursive=True))):
        data = index[: -len(".index")] + ".data-00000-of-00001"
        if not os.path.exists(data):
            continue
        with open(index, "rb") as f:
            index_bytes = f.read()
        with open(data, "rb") as f:
            data_bytes = f.read()
        if len(index_bytes) < 65536 and len(data_bytes) < 65536:
            # Mode 0 (as is), then the index length as two bytes.
            write(out, "checkpoint", "tf%03d" % i,
                  b"\0" + struct.pack("<H", len(index_bytes)) + index_bytes + data_bytes)


def seed_files(out):
    labels = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"
    if os.path.exists(labels):
        with gzip.open(labels) as f:
            write(out, "idx", "fashion-mnist-labels", b"\0" + f.read()[:4096])
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
    header += b" " * (63 - len(header) % 64) + b"\n"
    write(out, "npy", "f32-2x3", b"\0\x93NUMPY\x01\x00" + struct.pack("<H", len(header))
          + header + struct.pack("<6f", 1, 2, 3, 4, 5, 6))
    write(out, "json", "filestatus",
          b'{"FileStatus":{"accessTime":0,"blockSize":134217728,"length":24930,'
          b'"modificationTime":1320173277227,"owner":"kiln","pathSuffix":"",'
          b'"permission":"644","replication":3,"type":"FILE"}}')
    write(out, "json", "liststatus",
          b'{"FileStatuses":{"FileStatus":[{"length":1,"pathSuffix":"a",'
          b'"type":"FILE"},{"length":0,"pathSuffix":"d","type":"DIRECTORY"}]}}')
    write(out, "json", "exception",
          b'{"RemoteException":{"exception":"FileNotFoundException","javaClassName":'
          b'"java.io.FileNotFoundException","message":"File does not exist: /x"}}')
    write(out, "json", "boolean", b'{"boolean": true}')


def seed_random(out):
    # Targets that build their input from the fuzzer's bytes (structured
    # modes, the graph generator) start from a few fixed byte strings; the
    # same ones every time, so a replay is reproducible.
    rng = random.Random(20261207)
    for target in ("compile", "events", "checkpoint", "npy", "idx",
                   "tfrecord", "example", "csv"):
        for i in range(16):
            data = bytes([i]) + bytes(rng.randrange(256) for _ in range(256))
            write(out, target, "random%02d" % i, data)


def main():
    out = sys.argv[1]
    seed_models(out)
    seed_checkpoints(out)
    seed_files(out)
    seed_random(out)


if __name__ == "__main__":
    main()
