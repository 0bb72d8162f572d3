"""E2E: reshape, transpose and concat on every dtype, with 1-sized dims,
rank 0, dynamic dimensions and chains the folders rewrite."""
import itertools
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, Tensor, main, ref  # noqa: E402


def gen(rng, shape, dtype):
    if dtype == "i1":
        return rng.bools(shape)
    if dtype in ("i32", "i64"):
        return rng.integers(shape, -(1 << 30), 1 << 30, dtype)
    return rng.uniform(shape, -10, 10, dtype)


def cases(s):
    rng = Rng(7)

    # --- reshape -----------------------------------------------------------
    reshapes = [((2, 3), (3, 2)), ((2, 3), (6,)), ((6,), (1, 2, 1, 3)),
                ((1,), ()), ((), (1, 1, 1)), ((4, 1, 5), (5, 4)),
                ((2, 28, 28, 1), (2, 784)), ((7, 13), (91, 1))]
    for dt in ("f32", "f64", "i32", "i64", "i1"):
        b = Builder()
        for src, dst in reshapes:
            X = gen(rng, src, dt)
            want = ref.reshape(X, dst)
            x = b.arg(X)
            b.ret(b.op(f"kiln.reshape {x} : ({x.type}) -> {want.type()}", want.type()), want)
        s.check_builder("reshape/%s" % dt, b)

    # A reshape of a reshape (merged by the folder).
    b = Builder()
    X = gen(rng, (3, 28, 28, 1), "f32")
    x = b.arg(X)
    r = b.op(f"kiln.reshape {x} : ({x.type}) -> tensor<3x784xf32>", "tensor<3x784xf32>")
    r2 = b.op(f"kiln.reshape {r} : (tensor<3x784xf32>) -> tensor<3x28x28xf32>",
              "tensor<3x28x28xf32>")
    r3 = b.op(f"kiln.reshape {r2} : (tensor<3x28x28xf32>) -> tensor<84x28xf32>",
              "tensor<84x28xf32>")
    b.ret(r, ref.reshape(X, (3, 784)))
    b.ret(r3, ref.reshape(X, (84, 28)))
    s.check_builder("reshape/f32/chained", b)

    # TensorFlow's Reshape(x, [-1, 784]) imports as a `?` result dimension;
    # once the feed fixes the batch, the `?` is the element count divided
    # by the static dimensions (here 3), as a flatten before a dense layer.
    b = Builder()
    X = gen(rng, (3, 28, 28, 1), "f32")
    x = b.arg(X, dynamic=(0,))
    r = b.op(f"kiln.reshape {x} : ({x.type}) -> tensor<?x784xf32>", "tensor<?x784xf32>")
    b.ret(r, ref.reshape(X, (3, 784)))
    s.check_builder("reshape/f32/dynamic-batch", b)
    b = Builder()
    X = gen(rng, (2, 6), "f32")
    x = b.arg(X)
    r = b.op(f"kiln.reshape {x} : ({x.type}) -> tensor<4x?xf32>", "tensor<4x?xf32>")
    n = b.op(f"kiln.neg {r} : tensor<4x?xf32>", "tensor<4x?xf32>")
    b.ret(n, ref.unary("neg", ref.reshape(X, (4, 3))))
    s.check_builder("reshape/f32/dynamic-inner-from-static", b)

    # --- transpose -----------------------------------------------------------
    b = Builder()
    for shape in [(1, 1), (3, 5), (1, 7), (2, 3, 4), (2, 1, 5, 3), (4, 3, 1, 2)]:
        X = gen(rng, shape, "f32")
        x = b.arg(X)
        # Every permutation of ranks <= 3; a sample for rank 4.
        perms = list(itertools.permutations(range(len(shape))))
        if len(shape) == 4:
            perms = [(0, 3, 1, 2), (3, 2, 1, 0), (1, 0, 3, 2), (0, 2, 3, 1)]
        for perm in perms:
            want = ref.transpose(X, perm)
            b.ret(b.op(f"kiln.transpose {x} {{perm = array<i64: {', '.join(map(str, perm))}>}}"
                       f" : ({x.type}) -> {want.type()}", want.type()), want)
    s.check_builder("transpose/f32/all-perms", b)

    b = Builder()
    for dt in ("f64", "i32", "i64", "i1"):
        X = gen(rng, (3, 4, 5), dt)
        x = b.arg(X)
        want = ref.transpose(X, (2, 0, 1))
        b.ret(b.op(f"kiln.transpose {x} {{perm = array<i64: 2, 0, 1>}} : ({x.type}) -> "
                   f"{want.type()}", want.type()), want)
    s.check_builder("transpose/other-dtypes", b)

    # Large, and a transpose of a transpose (composed by the folder).
    b = Builder()
    X = gen(rng, (300, 200), "f32")
    x = b.arg(X)
    t = b.op(f"kiln.transpose {x} {{perm = array<i64: 1, 0>}} : ({x.type}) -> "
             "tensor<200x300xf32>", "tensor<200x300xf32>")
    b.ret(t, ref.transpose(X, (1, 0)))
    Y = gen(rng, (2, 3, 4), "f32")
    y = b.arg(Y)
    t1 = b.op(f"kiln.transpose {y} {{perm = array<i64: 1, 2, 0>}} : ({y.type}) -> "
              "tensor<3x4x2xf32>", "tensor<3x4x2xf32>")
    t2 = b.op(f"kiln.transpose {t1} {{perm = array<i64: 0, 2, 1>}} : (tensor<3x4x2xf32>) -> "
              "tensor<3x2x4xf32>", "tensor<3x2x4xf32>")
    b.ret(t2, ref.transpose(ref.transpose(Y, (1, 2, 0)), (0, 2, 1)))
    s.check_builder("transpose/f32/large-and-composed", b)

    # --- concat ---------------------------------------------------------------
    concat_sets = [
        ([(4, 3), (4, 5)], 1),
        ([(4, 3), (4, 5)], -1),
        ([(1, 3), (2, 3), (1, 3)], 0),
        ([(2, 1, 3), (2, 4, 3), (2, 2, 3)], 1),
        ([(2, 3, 1), (2, 3, 1)], 2),
        ([(5,)], 0),                      # one input: folds away
        ([(1,), (7,), (1,)], 0),
        ([(3, 2, 2), (3, 2, 2)], -3),
    ]
    for dt in ("f32", "f64", "i32", "i64", "i1"):
        b = Builder()
        for shapes, axis in concat_sets:
            Xs = [gen(rng, sh, dt) for sh in shapes]
            args = [b.arg(X) for X in Xs]
            want = ref.concat(Xs, axis)
            names = ", ".join(str(a) for a in args)
            types = ", ".join(a.type for a in args)
            b.ret(b.op(f"kiln.concat {names} {{axis = {axis} : i64}} : ({types}) -> "
                       f"{want.type()}", want.type()), want)
        s.check_builder("concat/%s" % dt, b)

    # Concat of a value with itself, large pieces.
    b = Builder()
    X = gen(rng, (37, 200), "f32")
    x = b.arg(X)
    want = ref.concat([X, X, X], 1)
    b.ret(b.op(f"kiln.concat {x}, {x}, {x} {{axis = 1 : i64}} : ({x.type}, {x.type}, {x.type})"
               f" -> {want.type()}", want.type()), want)
    s.check_builder("concat/f32/same-value-thrice", b)

    # --- results and shapes at the function boundary ------------------------
    # An argument returned as is and a constant returned: each result
    # buffer must still get its own right value.
    b = Builder()
    X, Y = gen(rng, (3, 4), "f32"), gen(rng, (4,), "f32")
    x, y = b.arg(X), b.arg(Y)
    z = b.op(f"kiln.add {x}, {y} : ({x.type}, {y.type}) -> {x.type}", x.type)
    c = b.op("kiln.constant dense<[1.500000e+00, -2.500000e+00]> : tensor<2xf32>", "tensor<2xf32>")
    b.ret(x, X)
    b.ret(z, ref.binary("add", X, Y))
    b.ret(c, Tensor("f32", (2,), [1.5, -2.5]))
    b.ret(y, Y)
    s.check_builder("results/argument-and-constant", b)

    # One computed value returned twice (two fetches of the same tensor).
    b = Builder()
    x, y = b.arg(X), b.arg(Y)
    z = b.op(f"kiln.add {x}, {y} : ({x.type}, {y.type}) -> {x.type}", x.type)
    b.ret(z, ref.binary("add", X, Y))
    b.ret(z, ref.binary("add", X, Y))
    s.check_builder("results/same-value-twice", b)

    # Dynamic dimensions on every operand of a broadcast, then a transpose
    # of the dynamic result.
    b = Builder()
    X, Y = gen(rng, (6, 5), "f32"), gen(rng, (5,), "f32")
    x, y = b.arg(X, dynamic=(0,)), b.arg(Y, dynamic=(0,))
    z = b.op(f"kiln.mul {x}, {y} : ({x.type}, {y.type}) -> tensor<?x5xf32>", "tensor<?x5xf32>")
    t = b.op(f"kiln.transpose {z} {{perm = array<i64: 1, 0>}} : (tensor<?x5xf32>) -> "
             "tensor<5x?xf32>", "tensor<5x?xf32>")
    want = ref.binary("mul", X, Y)
    b.ret(z, want)
    b.ret(t, ref.transpose(want, (1, 0)))
    s.check_builder("dynamic/broadcast+transpose", b)

    # An empty batch (0 rows): element-wise results are empty, a sum over
    # the batch is 0 and a max is -inf, as in TensorFlow.
    b = Builder()
    E = Tensor("f32", (0, 5), [])
    e = b.arg(E, dynamic=(0,))
    b.ret(b.op(f"kiln.relu {e} : {e.type}", e.type), E)
    for kind, v in (("sum", 0.0), ("max", -math.inf)):
        b.ret(b.op(f"kiln.reduce_{kind} {e} {{axes = array<i64: 0>}} : ({e.type}) -> tensor<5xf32>",
                   "tensor<5xf32>"), Tensor("f32", (5,), [v] * 5))
    s.check_builder("dynamic/empty-batch", b)


if __name__ == "__main__":
    main(cases)
