"""Writes the images fed to the seed MLP (mode "images OUT"), or checks
kiln-run's logits against a float64 forward pass over the variable values
kiln-run fetched: after running the initializer (mode "check DIR"), or
after restoring a checkpoint (mode "check-restored DIR DUMP", DUMP being
what `kiln-checkpoint dump` printed: the fetched values must be exactly
the checkpoint's)."""
import math
import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "e2e"))
from harness import Tensor, read_npy, write_npy  # noqa: E402

BATCH = 3


def as_f32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def read_dump(path):
    """{name: [values]} from `kiln-checkpoint dump` lines "NAME DTYPE [SHAPE]: V V ..."."""
    tensors = {}
    for line in open(path):
        head, _, values = line.partition(": ")
        if values:
            tensors[head.split(" ")[0]] = [float(v) for v in values.split()]
    return tensors


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "images":
        data = [((i * 37 + 11) % 101) / 100.0 for i in range(BATCH * 784)]
        write_npy(path, Tensor("f32", (BATCH, 784), data))
        return 0
    load = lambda name: read_npy(os.path.join(path, name + ".npy"))
    x = load("images")
    logits = load("logits")
    layers = [("hidden1", 784, 200), ("hidden2", 200, 200), ("softmax_linear", 200, 10)]
    saved = read_dump(sys.argv[3]) if mode == "check-restored" else None
    h = [x.data[r * 784:(r + 1) * 784] for r in range(BATCH)]
    worst = 0.0
    for name, k, n in layers:
        w, b = load(name + "_weights"), load(name + "_biases")
        if saved is not None:
            for tensor, suffix in ((w, "/weights"), (b, "/biases")):
                assert [as_f32(v) for v in saved[name + suffix]] == \
                    [as_f32(v) for v in tensor.data], name + suffix + " is not the checkpoint's"
        else:
            bound = 2.0 / math.sqrt(k)  # truncated normal, stddev 1/sqrt(fan_in)
            assert all(abs(v) <= bound * (1 + 1e-6) for v in w.data), name + " outside 2 stddev"
            assert len(set(w.data)) > len(w.data) // 2, name + " weights not random"
            assert all(v == 0 for v in b.data), name + " biases not zero"
        h = [[sum(row[i] * w.data[i * n + j] for i in range(k)) + b.data[j] for j in range(n)]
             for row in h]
        if name != "softmax_linear":
            h = [[max(v, 0.0) for v in row] for row in h]
    scale = math.sqrt(sum(v * v for row in h for v in row) / (BATCH * 10))
    for r in range(BATCH):
        for j in range(10):
            worst = max(worst, abs(logits.data[r * 10 + j] - h[r][j]) / scale)
    print("logits vs float64 forward pass: max error / rms %.2e (%s)"
          % (worst, "ok" if worst < 1e-5 else "WRONG"))
    return 0 if worst < 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main())
