"""E2E: matmul (every transpose_a/transpose_b combination, odd and large
shapes, f32/f64/i32/i64, dynamic batch) and bias_add."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, main, ref, scaled_atol  # noqa: E402


def matmul_case(b, rng, m, k, n, ta=False, tb=False, dtype="f32", dynamic=(),
                constant_b=False):
    """Adds one matmul to builder b: op(a) is MxK, op(b) is KxN; with
    constant_b, b is a constant of the module instead of an argument."""
    a_shape = (k, m) if ta else (m, k)
    b_shape = (n, k) if tb else (k, n)
    if dtype in ("i32", "i64"):
        A, B = rng.integers(a_shape, -20, 20, dtype), rng.integers(b_shape, -20, 20, dtype)
    else:
        A, B = rng.uniform(a_shape, -1, 1, dtype), rng.uniform(b_shape, -1, 1, dtype)
    want = ref.matmul(A, B, ta, tb)
    x, y = b.arg(A, dynamic), b.constant(B) if constant_b else b.arg(B)
    attrs = []
    if ta:
        attrs.append("transpose_a = true")
    if tb:
        attrs.append("transpose_b = true")
    attr = " {" + ", ".join(attrs) + "}" if attrs else ""
    out = want.type(["?" if 0 in dynamic and not ta else d for d in want.shape])
    r = b.op(f"kiln.matmul {x}, {y}{attr} : ({x.type}, {y.type}) -> {out}", out)
    # Accumulations of K products: elements that cancel to ~0 are judged
    # against the output's RMS (see harness.scaled_atol).
    b.ret(r, want, atol=scaled_atol(want) if dtype == "f32" else None)


def cases(s):
    rng = Rng(2)

    # Odd shapes: 1-sized dims, K = 1, sizes that are not multiples of any
    # vector or tile width.
    odd = [(1, 1, 1), (1, 7, 1), (2, 1, 3), (3, 5, 7), (7, 13, 5), (5, 33, 9),
           (16, 16, 16), (17, 31, 15), (1, 784, 200), (37, 784, 10)]
    b = Builder()
    for m, k, n in odd:
        matmul_case(b, rng, m, k, n)
    s.check_builder("matmul/f32/odd-shapes", b)

    # Every transpose combination.
    for ta in (False, True):
        for tb in (False, True):
            b = Builder()
            for m, k, n in [(1, 1, 1), (3, 5, 7), (7, 13, 5), (1, 9, 4), (37, 129, 65)]:
                matmul_case(b, rng, m, k, n, ta, tb)
            s.check_builder("matmul/f32/transpose_a=%d,transpose_b=%d" % (ta, tb), b)

    # Large.
    b = Builder()
    matmul_case(b, rng, 64, 300, 200)
    s.check_builder("matmul/f32/64x300x200", b)
    b = Builder()
    matmul_case(b, rng, 37, 784, 200, dynamic=(0,))
    s.check_builder("matmul/f32/37x784x200-dynamic-batch", b)

    # Sizes past kiln-cpu-library-calls' threshold run in the CPU kernel
    # library: odd sizes, batch 1 (Eigen's GEMV path), f64, transposes.
    b = Builder()
    for m, k, n in [(129, 257, 65), (1, 1024, 1024), (300, 17, 301)]:
        matmul_case(b, rng, m, k, n)
    matmul_case(b, rng, 65, 300, 70, ta=True, tb=True)
    s.check_builder("matmul/f32/library-sizes", b)
    b = Builder()
    matmul_case(b, rng, 70, 300, 90, dtype="f64")
    s.check_builder("matmul/f64/library-sizes", b)

    # A constant b is packed on the first run and read packed on the
    # second, whose results are compared: depth blocks of unequal size
    # (801 = 401 + 400), with b packed by the GEMM otherwise (130 rows) or
    # not (5 rows). (The kernel tests cover column blocks.)
    b = Builder(steps=2)
    for m in (130, 5):
        matmul_case(b, rng, m, 801, 100, constant_b=True)
    s.check_builder("matmul/f32/constant-b-blocks", b)

    # Other element types.
    for dt in ("f64", "i32", "i64"):
        b = Builder()
        for m, k, n in [(1, 1, 1), (3, 5, 7), (7, 13, 5)]:
            matmul_case(b, rng, m, k, n, dtype=dt)
        matmul_case(b, rng, 4, 6, 3, True, True, dtype=dt)
        s.check_builder("matmul/%s" % dt, b)

    # bias_add: the bias runs along the innermost dimension, any rank >= 2.
    b = Builder()
    for shape in [(1, 1), (3, 5), (7, 13), (2, 3, 17), (2, 4, 5, 3), (1, 1, 1, 1), (64, 200)]:
        v = rng.uniform(shape, -5, 5)
        bias = rng.uniform(shape[-1:], -5, 5)
        x, y = b.arg(v), b.arg(bias)
        b.ret(b.op(f"kiln.bias_add {x}, {y} : ({x.type}, {y.type}) -> {x.type}", x.type),
              ref.bias_add(v, bias))
    s.check_builder("bias_add/f32", b)

    b = Builder()
    for dt in ("f64", "i32", "i64"):
        if dt == "f64":
            v, bias = rng.uniform((4, 7), -5, 5, dt), rng.uniform((7,), -5, 5, dt)
        else:
            v, bias = rng.integers((4, 7), -99, 99, dt), rng.integers((7,), -99, 99, dt)
        x, y = b.arg(v), b.arg(bias)
        b.ret(b.op(f"kiln.bias_add {x}, {y} : ({x.type}, {y.type}) -> {x.type}", x.type),
              ref.bias_add(v, bias))
    s.check_builder("bias_add/f64-i32-i64", b)


if __name__ == "__main__":
    main(cases)
