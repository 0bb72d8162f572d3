"""E2E: max_pool and avg_pool (NHWC) with SAME / VALID padding, TensorFlow
semantics: padded positions never take part, and a SAME average divides by
the number of real elements under the window."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, main, ref, scaled_atol  # noqa: E402

# (input shape, ksize, strides)
GEOMETRIES = [
    ((1, 1, 1, 1), (1, 1), (1, 1)),
    ((1, 4, 4, 1), (2, 2), (2, 2)),
    ((2, 5, 7, 3), (2, 2), (2, 2)),      # odd sizes: SAME pads one row/column
    ((1, 7, 7, 2), (3, 3), (2, 2)),
    ((1, 6, 9, 5), (3, 2), (1, 3)),
    ((3, 5, 5, 1), (3, 3), (1, 1)),      # overlapping windows
    ((1, 3, 2, 2), (4, 5), (1, 1)),      # window larger than the input (SAME only)
    ((1, 9, 9, 17), (2, 3), (3, 2)),
]


def pool_case(b, rng, kind, xs, k, st, padding, dtype="f32", lo=-10.0, hi=10.0):
    if dtype in ("i32", "i64"):
        X = rng.integers(xs, -1000, 1000, dtype)
    else:
        X = rng.uniform(xs, lo, hi, dtype)
    want = ref.pool(kind, X, k, st, padding)
    x = b.arg(X)
    r = b.op(f"kiln.{kind}_pool {x} {{ksize = array<i64: {k[0]}, {k[1]}>, "
             f"padding = #kiln.padding<{padding}>, strides = array<i64: {st[0]}, {st[1]}>}}"
             f" : ({x.type}) -> {want.type()}", want.type())
    # An average of values of both signs can cancel to ~0: judge it against
    # the output's RMS there (harness.scaled_atol). Max pooling is exact.
    b.ret(r, want, atol=scaled_atol(want) if kind == "avg" and dtype == "f32" else None)


def cases(s):
    rng = Rng(4)
    for kind in ("max", "avg"):
        for padding in ("SAME", "VALID"):
            b = Builder()
            for xs, k, st in GEOMETRIES:
                if padding == "VALID" and (k[0] > xs[1] or k[1] > xs[2]):
                    continue
                pool_case(b, rng, kind, xs, k, st, padding)
            s.check_builder("%s_pool/%s/f32" % (kind, padding), b)

    # All-negative inputs: a max pool that pads with 0 instead of -inf (or
    # an average that counts padded zeros) shows up at the borders.
    b = Builder()
    for kind in ("max", "avg"):
        pool_case(b, rng, kind, (2, 5, 5, 3), (3, 3), (2, 2), "SAME", lo=-9.0, hi=-1.0)
        pool_case(b, rng, kind, (1, 4, 6, 2), (2, 4), (1, 1), "SAME", lo=-9.0, hi=-1.0)
    s.check_builder("pool/SAME/all-negative", b)

    # Larger: the seed CNN's pooling layer.
    b = Builder()
    pool_case(b, rng, "max", (4, 28, 28, 8), (2, 2), (2, 2), "SAME")
    pool_case(b, rng, "avg", (4, 28, 28, 8), (2, 2), (2, 2), "SAME")
    s.check_builder("pool/SAME/4x28x28x8", b)

    # Other dtypes: integer max pooling (padding must be the lowest int),
    # f64 averages.
    b = Builder()
    for dt in ("i32", "i64"):
        pool_case(b, rng, "max", (2, 5, 7, 3), (3, 3), (2, 2), "SAME", dt)
        pool_case(b, rng, "max", (1, 6, 6, 2), (2, 2), (2, 2), "VALID", dt)
    s.check_builder("max_pool/int", b)
    b = Builder()
    for kind in ("max", "avg"):
        pool_case(b, rng, kind, (2, 5, 7, 3), (3, 3), (2, 2), "SAME", "f64")
        pool_case(b, rng, kind, (1, 6, 5, 2), (2, 2), (1, 2), "VALID", "f64")
    s.check_builder("pool/f64", b)


if __name__ == "__main__":
    main(cases)
