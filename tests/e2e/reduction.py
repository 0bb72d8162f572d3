"""E2E: reduce_sum / reduce_mean / reduce_max / reduce_prod (axes sets, negative axes,
keep_dims, empty axes, full reductions, large extents), argmax (ties take
the first index) and in_top_k (TensorFlow's InTopKV2 rules)."""
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, Tensor, main, ref, scaled_atol  # noqa: E402

# (input shape, axes, keep_dims)
REDUCTIONS = [
    ((7,), [0], False),                 # to rank 0
    ((3, 5), [1], False),
    ((3, 5), [0], True),
    ((3, 5), [-1], True),
    ((3, 5), [0, 1], False),            # full reduction
    ((3, 5), [], False),                # empty axes: identity
    ((2, 3, 4), [0, 2], False),
    ((2, 3, 4), [-2], True),
    ((2, 3, 4), [2, 0, 1], True),       # unsorted, full, kept
    ((1, 1, 9), [2], False),
    ((4, 1, 6, 5), [1, 3], False),
    ((1, 13, 1, 3), [-4, -3], True),
    ((37, 129), [0], False),
]


def reduce_case(b, rng, kind, xs, axes, keep, dtype="f32", X=None):
    if X is None:
        if dtype in ("i32", "i64"):
            X = rng.integers(xs, -1000, 1000, dtype)
        else:
            X = rng.uniform(xs, -10, 10, dtype)
    want = ref.reduce(kind, X, axes, keep)
    x = b.arg(X)
    attrs = "axes = array<i64%s>" % ("" if not axes else ": " + ", ".join(map(str, axes)))
    if keep:
        attrs += ", keep_dims = true"
    r = b.op(f"kiln.reduce_{kind} {x} {{{attrs}}} : ({x.type}) -> {want.type()}", want.type())
    # Sums of signed terms can cancel: judge near-zero elements against the
    # output's RMS (harness.scaled_atol). Max is exact.
    b.ret(r, want, atol=scaled_atol(want) if kind != "max" and dtype == "f32" else None)


def argmax_case(b, X, axis, out="i64"):
    want = ref.argmax(X, axis, out)
    x = b.arg(X)
    b.ret(b.op(f"kiln.argmax {x} {{axis = {axis} : i64}} : ({x.type}) -> {want.type()}",
               want.type()), want)


def in_top_k_case(b, P, T, k):
    want = ref.in_top_k(P, T, k)
    p, t = b.arg(P), b.arg(T)
    b.ret(b.op(f"kiln.in_top_k {p}, {t} {{k = {k} : i64}} : ({p.type}, {t.type}) -> "
               f"{want.type()}", want.type()), want)


def cases(s):
    rng = Rng(5)

    for kind in ("sum", "mean", "max"):
        for dt in ("f32", "f64", "i32", "i64"):
            b = Builder()
            for xs, axes, keep in REDUCTIONS:
                reduce_case(b, rng, kind, xs, axes, keep, dt)
            s.check_builder("reduce_%s/%s" % (kind, dt), b)

    # Products: factors near 1 for floats (a product of 37 stays finite),
    # small integers for ints (zeros included; 64-bit products wrap).
    for dt in ("f32", "f64", "i32", "i64"):
        b = Builder()
        for xs, axes, keep in REDUCTIONS:
            X = (rng.integers(xs, -3, 3, dt) if dt in ("i32", "i64")
                 else rng.uniform(xs, 0.5, 1.5, dt))
            reduce_case(b, rng, "prod", xs, axes, keep, dt, X=X)
        s.check_builder("reduce_prod/%s" % dt, b)
    b = Builder()
    Xi = Tensor("i32", (2, 3), [1 << 20, 1 << 12, 3, -7, 0, 5])
    reduce_case(b, rng, "prod", None, [1], False, X=Xi)   # wraps: 3 * 2^32
    s.check_builder("reduce_prod/i32-wraps", b)

    # reduce_max over all-negative values and -inf: the initial value must be
    # the lowest value, not 0.
    b = Builder()
    X = rng.uniform((4, 6), -9, -1)
    reduce_case(b, rng, "max", None, [1], False, X=X)
    reduce_case(b, rng, "max", None, [0, 1], False, X=X)
    inf = math.inf
    X = Tensor("f32", (2, 3), [-inf, -inf, -inf, -inf, -3.0, inf])
    reduce_case(b, rng, "max", None, [1], False, X=X)
    # NaN propagates through reduce_max (TensorFlow's reduce_max gives NaN).
    X = Tensor("f32", (2, 3), [1.0, math.nan, 3.0, math.nan, -1.0, -2.0])
    reduce_case(b, rng, "max", None, [1], False, X=X)
    Xi = rng.integers((3, 4), -(1 << 31), -(1 << 30), "i32")
    reduce_case(b, rng, "max", None, [1], False, X=Xi)
    s.check_builder("reduce_max/negative-and-inf", b)

    # Integer mean truncates toward zero (negative sums included).
    b = Builder()
    for dt in ("i32", "i64"):
        X = Tensor(dt, (4, 3), [-1, -1, 0, 1, 1, 0, -5, 0, 0, 7, 1, 0])
        reduce_case(b, rng, "mean", None, [1], False, X=X)
    s.check_builder("reduce_mean/int-truncation", b)

    # Large extents: long reductions, where naive f32 accumulation drifts.
    b = Builder()
    pos = rng.uniform((1, 100000), 0, 1)
    reduce_case(b, rng, "sum", None, [1], False, X=pos)
    reduce_case(b, rng, "mean", None, [1], False, X=pos)
    reduce_case(b, rng, "max", None, [1], False, X=pos)
    s.check_builder("reduce/f32/1x100000-positive", b)
    # A million positive terms: one f32 accumulator added to sequentially
    # drifts by ~sqrt(n) * 2^-24 relative; the 1e-5 goal needs pairwise /
    # blocked accumulation (as Eigen does for TensorFlow).
    b = Builder()
    pos = rng.uniform((1, 1000000), 0, 1)
    reduce_case(b, rng, "sum", None, [1], False, X=pos)
    reduce_case(b, rng, "mean", None, [-1], True, X=pos)
    s.check_builder("reduce/f32/1x1000000-positive", b)
    # The mean of a constant tensor: rounding errors of a sequential sum all
    # lean the same way here, so naive accumulation is off by percents.
    b = Builder()
    tenth = Tensor("f32", (1000, 1000), [0.10000000149011612] * 1000000)
    reduce_case(b, rng, "sum", None, [0, 1], False, X=tenth)
    reduce_case(b, rng, "mean", None, [0, 1], False, X=tenth)
    s.check_builder("reduce/f32/1000x1000-constant", b)
    b = Builder()
    X = rng.uniform((1000, 300), -1, 1)
    for kind in ("sum", "mean", "max"):
        reduce_case(b, rng, kind, None, [0], False, X=X)
        reduce_case(b, rng, kind, None, [1], True, X=X)
    s.check_builder("reduce/f32/1000x300-signed", b)
    # A conv's bias gradient (NHWC summed over N, H, W) and full reductions
    # of rank 4: large enough to run in two stages, leading axis last.
    b = Builder()
    X = rng.uniform((16, 28, 28, 32), -1, 1)
    for kind in ("sum", "mean", "max"):
        reduce_case(b, rng, kind, None, [0, 1, 2], False, X=X)
        reduce_case(b, rng, kind, None, [0, 1, 2, 3], False, X=X)
    reduce_case(b, rng, "sum", None, [0, 2], True, X=X)
    s.check_builder("reduce/f32/16x28x28x32-two-stages", b)
    b = Builder()
    Xi = rng.integers((3, 200, 200), -(1 << 20), 1 << 20, "i64")
    reduce_case(b, rng, "sum", None, [0, 1], False, X=Xi)
    reduce_case(b, rng, "max", None, [0, 1, 2], True, X=Xi)
    s.check_builder("reduce/i64/3x200x200-two-stages", b)

    # --- argmax ----------------------------------------------------------
    # Integer-valued floats in a tiny range: many ties, and the first index
    # must win.
    b = Builder()
    for xs, axis, out in [((7,), 0, "i64"), ((5, 9), 1, "i64"), ((5, 9), 0, "i32"),
                          ((2, 3, 4), -1, "i64"), ((2, 3, 4), -3, "i32"),
                          ((2, 3, 4), 1, "i32"), ((1, 1), 1, "i64"), ((37, 10), 1, "i64")]:
        argmax_case(b, rng.integers(xs, -2, 2, "f32"), axis, out)
    s.check_builder("argmax/f32/ties", b)

    b = Builder()
    argmax_case(b, rng.uniform((64, 1000), -1, 1), 1)
    argmax_case(b, rng.uniform((300, 7), -1, 1), 0, "i32")
    s.check_builder("argmax/f32/large", b)

    b = Builder()
    argmax_case(b, Tensor("f32", (3, 3), [-inf, -inf, -inf, -inf, -5.0, -inf, -3e38, -inf, -3e38]), 1)
    argmax_case(b, rng.uniform((4, 5), -9, -1), 1)
    s.check_builder("argmax/f32/negative-and-inf", b)

    b = Builder()
    for dt in ("i32", "i64", "f64"):
        argmax_case(b, rng.integers((6, 5), -3, 3, dt), 1)
        argmax_case(b, rng.integers((6, 5), -3, 3, dt), 0, "i32")
    argmax_case(b, Tensor("i32", (2, 3), [-(1 << 31)] * 3 + [5, -(1 << 31), 5]), 1)
    s.check_builder("argmax/i32-i64-f64", b)

    # --- in_top_k --------------------------------------------------------
    b = Builder()
    for batch, classes, k, tdt in [(1, 1, 1, "i32"), (5, 10, 1, "i32"), (7, 10, 2, "i64"),
                                   (37, 10, 5, "i64"), (4, 3, 3, "i32"), (6, 13, 4, "i32")]:
        # Integer-valued predictions: ties with the target are frequent, and
        # count as "in".
        P = rng.integers((batch, classes), -2, 2, "f32")
        T = rng.integers((batch,), 0, classes - 1, tdt)
        in_top_k_case(b, P, T, k)
    in_top_k_case(b, rng.uniform((64, 1000), -1, 1), rng.integers((64,), 0, 999, "i64"), 10)
    # k = 0 (never in), k = classes and k > classes (always in).
    P, T = rng.integers((5, 4), -2, 2, "f32"), rng.integers((5,), 0, 3, "i32")
    for k in (0, 4, 7):
        in_top_k_case(b, P, T, k)
    s.check_builder("in_top_k/f32", b)

    # Out-of-range targets give false, and so does a row holding any
    # non-finite prediction, the target's or another's (TensorFlow's kernel;
    # checked against TF 2.21's InTopKV2).
    nan = math.nan
    b = Builder()
    P = Tensor("f32", (5, 3), [1.0, 2.0, 3.0,
                               1.0, 2.0, 3.0,
                               nan, 2.0, 3.0,
                               inf, 2.0, 3.0,
                               1.0, -inf, 3.0])
    for tdt in ("i32", "i64"):
        in_top_k_case(b, P, Tensor(tdt, (5,), [-1, 3, 0, 0, 1]), 1)
        in_top_k_case(b, P, Tensor(tdt, (5,), [-1, 3, 0, 0, 1]), 3)
    s.check_builder("in_top_k/bad-target-or-nonfinite-target", b)

    b = Builder()
    P = Tensor("f32", (4, 3), [nan, 2.0, 3.0,
                               inf, 2.0, 3.0,
                               1.0, nan, 3.0,
                               1.0, -inf, 3.0])
    for tdt in ("i32", "i64"):
        T = Tensor(tdt, (4,), [2, 2, 2, 2])
        in_top_k_case(b, P, T, 1)
        in_top_k_case(b, P, T, 2)
    s.check_builder("in_top_k/nonfinite-elsewhere-in-row", b)


if __name__ == "__main__":
    main(cases)
