#!/usr/bin/env python3
"""Compares two `kiln-checkpoint dump` outputs tensor by tensor: the same
names, dtypes and shapes, and values equal within a tolerance (a
data-parallel run sums gradients in another order than one process does).
A value may differ by atol + rtol * the largest magnitude in its tensor.

usage: compare_checkpoint_dumps.py A B [--rtol R] [--atol A]
Prints one line per tensor with its largest difference relative to that
magnitude; exits 1 on a mismatch.
"""
import argparse
import sys


def tensors(path):
    out = {}
    for line in open(path):
        head, _, values = line.partition(":")
        name, dtype, shape = head.rsplit(" ", 2)
        out[name] = (dtype, shape, [float(v) for v in values.split()])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-9)
    args = ap.parse_args()
    a, b = tensors(args.a), tensors(args.b)
    if sorted(a) != sorted(b):
        sys.exit("different tensors: %s vs %s" % (sorted(a), sorted(b)))
    ok = True
    for name in sorted(a):
        (dtype, shape, x), (dtype_b, shape_b, y) = a[name], b[name]
        if (dtype, shape, len(x)) != (dtype_b, shape_b, len(y)):
            print("%s: %s %s vs %s %s" % (name, dtype, shape, dtype_b, shape_b))
            ok = False
            continue
        scale = max((abs(q) for q in y), default=0.0)
        worst = max((abs(p - q) for p, q in zip(x, y)), default=0.0)
        bad = sum(abs(p - q) > args.atol + args.rtol * scale for p, q in zip(x, y))
        print("%s %s %s: max difference %.2g of scale %.2g%s" % (
            name, dtype, shape, worst, scale, "" if bad == 0 else ", %d values off" % bad))
        ok = ok and bad == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
