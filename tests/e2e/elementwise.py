"""E2E: element-wise unary and binary ops (NumPy broadcasting), compare,
select, cast and constants, against float64 references."""
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, Tensor, main, ref, round_f32  # noqa: E402

UNARY = ["relu", "sigmoid", "tanh", "exp", "log", "neg", "abs", "sqrt", "rsqrt", "square",
         "floor", "ceil", "round", "sign", "sin", "cos"]
# Input ranges where each op is defined and its f32 result is finite.
DOMAIN = {
    "log": (1e-3, 50.0), "sqrt": (0.0, 50.0), "rsqrt": (1e-3, 50.0),
    "exp": (-30.0, 30.0), "sigmoid": (-30.0, 30.0), "tanh": (-6.0, 6.0),
}
# Odd shapes: rank 0, 1-sized dims, sizes that are not multiples of any
# vector width, and one long row.
SHAPES = [(), (1,), (17,), (3, 5), (2, 1, 33), (1, 1, 1, 1), (4, 1000)]
BIG = (1, 65537)

BINARY = ["add", "sub", "mul", "div", "maximum", "minimum", "pow"]
BROADCASTS = [
    ((3, 5), (3, 5)),
    ((3, 5), (5,)),
    ((3, 1), (1, 5)),
    ((), (4, 7)),
    ((2, 1, 7), (3, 1)),
    ((1,), (1,)),
    ((37, 1, 1), (1, 13, 9)),
    ((1, 1, 31), (6, 5, 1)),
]


def operands(rng, name, ls, rs, dtype):
    if dtype in ("i32", "i64"):
        if name == "div":
            return (rng.integers(ls, -100, 100, dtype),
                    Tensor(dtype, rs, [v if v else 7 for v in rng.integers(rs, -9, 9, dtype).data]))
        if name == "pow":
            return rng.integers(ls, -3, 3, dtype), rng.integers(rs, 0, 5, dtype)
        return rng.integers(ls, -1000, 1000, dtype), rng.integers(rs, -1000, 1000, dtype)
    if name == "div":
        return rng.uniform(ls, -10, 10, dtype), rng.away_from_zero(rs, 0.05, 10, dtype)
    if name == "pow":
        return rng.uniform(ls, 0.05, 4, dtype), rng.uniform(rs, -4, 4, dtype)
    return rng.uniform(ls, -10, 10, dtype), rng.uniform(rs, -10, 10, dtype)


def cases(s):
    rng = Rng(1)

    # --- unary, f32, every odd shape in one module per op -------------------
    for name in UNARY:
        lo, hi = DOMAIN.get(name, (-10.0, 10.0))
        b = Builder()
        for shape in SHAPES:
            x = rng.uniform(shape, lo, hi)
            a = b.arg(x)
            b.ret(b.op(f"kiln.{name} {a} : {a.type}", a.type), ref.unary(name, x))
        s.check_builder("unary/%s/f32/odd-shapes" % name, b)

    # A long row exercises the vectorized loop body and its remainder.
    b = Builder()
    for name in UNARY:
        lo, hi = DOMAIN.get(name, (-10.0, 10.0))
        x = rng.uniform(BIG, lo, hi)
        a = b.arg(x)
        b.ret(b.op(f"kiln.{name} {a} : {a.type}", a.type), ref.unary(name, x))
    s.check_builder("unary/all/f32/1x65537", b)

    # f64: the reference and the kernel agree to ~1 ulp.
    b = Builder()
    for name in UNARY:
        lo, hi = DOMAIN.get(name, (-10.0, 10.0))
        x = rng.uniform((5, 3), lo, hi, "f64")
        a = b.arg(x)
        b.ret(b.op(f"kiln.{name} {a} : {a.type}", a.type), ref.unary(name, x))
    s.check_builder("unary/all/f64/5x3", b)

    # Integer unary ops.
    for dt in ("i32", "i64"):
        b = Builder()
        for name in ("relu", "neg", "abs", "square", "sign"):
            x = rng.integers((7, 3), -3000, 3000, dt)
            a = b.arg(x)
            b.ret(b.op(f"kiln.{name} {a} : {a.type}", a.type), ref.unary(name, x))
        s.check_builder("unary/int/%s/7x3" % dt, b)

    # Special values: infinities, zeros and domain edges (TF/IEEE results).
    inf = math.inf
    special = {
        "relu": [inf, -inf, 0.0, -0.0, 1e-38, -1e-38],
        "sigmoid": [inf, -inf, 0.0, 88.0, -88.0, 100.0, -100.0],
        "tanh": [inf, -inf, 0.0, 20.0, -20.0, 1e-6],
        "exp": [inf, -inf, 0.0, 88.7, 89.0, -104.0, -200.0],
        "log": [inf, 0.0, 1.0, -1.0, 1e-38, 3e38],
        "neg": [inf, -inf, 0.0, 3e38],
        "abs": [inf, -inf, -0.0, -3e38],
        "sqrt": [inf, 0.0, -1.0, 1e-38, 3e38],
        "rsqrt": [inf, 0.0, 1e-38, 3e38, 4.0],
        "square": [inf, -inf, 1e20, -1e-20, 1.5e19],
        "floor": [inf, -inf, -0.0, -0.5, 2.5, -2.5, 1e30, 8388607.5],
        "ceil": [inf, -inf, -0.0, -0.5, 2.5, -2.5, 1e30, 8388607.5],
        "round": [inf, -inf, -0.0, 0.5, 1.5, 2.5, -2.5, -0.5, 8388607.5],
        "sign": [inf, -inf, 0.0, -0.0, 1e-38, -1e-45],
        "sin": [inf, -inf, 0.0, -0.0, 1e-20, 1e4],
        "cos": [inf, -inf, 0.0, 1e-20, 1e4],
    }
    b = Builder()
    for name in UNARY:
        vals = special[name] + [math.nan]  # NaN propagates through every op
        x = Tensor("f32", (len(vals),), [round_f32(v) for v in vals])
        a = b.arg(x)
        b.ret(b.op(f"kiln.{name} {a} : {a.type}", a.type), ref.unary(name, x))
    # atol 1e-37: results that underflow (sigmoid(-100) = 3.7e-44) may flush.
    s.check_builder("unary/all/f32/special-values", b, atol=1e-37)

    # --- binary with broadcasting --------------------------------------------
    for name in BINARY:
        b = Builder()
        for ls, rs in BROADCASTS:
            x, y = operands(rng, name, ls, rs, "f32")
            xa, ya = b.arg(x), b.arg(y)
            want = ref.binary(name, x, y)
            out = want.type()
            b.ret(b.op(f"kiln.{name} {xa}, {ya} : ({xa.type}, {ya.type}) -> {out}", out), want)
        s.check_builder("binary/%s/f32/broadcasts" % name, b)

    # Large: 257x129 against a row vector and a column vector.
    b = Builder()
    for name in BINARY:
        x, y = operands(rng, name, (257, 129), (129,), "f32")
        xa, ya = b.arg(x), b.arg(y)
        want = ref.binary(name, x, y)
        b.ret(b.op(f"kiln.{name} {xa}, {ya} : ({xa.type}, {ya.type}) -> {want.type()}",
                   want.type()), want)
        y, x = operands(rng, name, (257, 1), (257, 129), "f32")
        x, y = y, x  # lhs is the column vector this time
        xa, ya = b.arg(x), b.arg(y)
        want = ref.binary(name, x, y)
        b.ret(b.op(f"kiln.{name} {xa}, {ya} : ({xa.type}, {ya.type}) -> {want.type()}",
                   want.type()), want)
    s.check_builder("binary/all/f32/257x129-row-and-column", b)

    for dt in ("f64", "i32", "i64"):
        b = Builder()
        for name in BINARY:
            if name == "pow" and dt != "f64":
                continue  # integer pow has its own case below
            for ls, rs in [((4, 5), (4, 5)), ((3, 1), (1, 7))]:
                x, y = operands(rng, name, ls, rs, dt)
                xa, ya = b.arg(x), b.arg(y)
                want = ref.binary(name, x, y)
                b.ret(b.op(f"kiln.{name} {xa}, {ya} : ({xa.type}, {ya.type}) -> {want.type()}",
                           want.type()), want)
        s.check_builder("binary/all/%s" % dt, b)

    # Integer pow (non-negative exponents; TensorFlow rejects negative ones).
    for dt in ("i32", "i64"):
        b = Builder()
        x, y = operands(rng, "pow", (4, 5), (5,), dt)
        xa, ya = b.arg(x), b.arg(y)
        want = ref.binary("pow", x, y)
        b.ret(b.op(f"kiln.pow {xa}, {ya} : ({xa.type}, {ya.type}) -> {want.type()}",
                   want.type()), want)
        s.check_builder("binary/pow/%s" % dt, b)

    # Integer division truncates toward zero, for every sign combination.
    for dt in ("i32", "i64"):
        x = Tensor(dt, (8,), [7, -7, 7, -7, 1, -1, 0, -9])
        y = Tensor(dt, (8,), [2, 2, -2, -2, 3, 3, 5, 4])
        b = Builder()
        xa, ya = b.arg(x), b.arg(y)
        b.ret(b.op(f"kiln.div {xa}, {ya} : ({xa.type}, {ya.type}) -> {xa.type}", xa.type),
              ref.binary("div", x, y))
        s.check_builder("binary/div/%s/truncation" % dt, b)

    # maximum/minimum propagate NaN (TensorFlow semantics).
    nan = math.nan
    x = Tensor("f32", (4,), [nan, 1.0, nan, -0.5])
    y = Tensor("f32", (4,), [1.0, nan, nan, 2.0])
    b = Builder()
    xa, ya = b.arg(x), b.arg(y)
    for name in ("maximum", "minimum"):
        b.ret(b.op(f"kiln.{name} {xa}, {ya} : ({xa.type}, {ya.type}) -> {xa.type}", xa.type),
              ref.binary(name, x, y))
    s.check_builder("binary/maximum-minimum/f32/nan", b)

    # --- compare and select -----------------------------------------------
    for dt in ("f32", "i32", "i64"):
        b = Builder()
        for ls, rs in [((6, 7), (6, 7)), ((5, 1), (9,)), ((), (3, 4)), ((1, 1), (1,))]:
            # Small integer-valued ranges make equality (and ties) frequent.
            x, y = rng.integers(ls, -3, 3, dt), rng.integers(rs, -3, 3, dt)
            xa, ya = b.arg(x), b.arg(y)
            for name in ("equal", "less", "greater"):
                want = ref.compare(name, x, y)
                b.ret(b.op(f"kiln.{name} {xa}, {ya} : ({xa.type}, {ya.type}) -> {want.type()}",
                           want.type()), want)
        s.check_builder("compare/%s" % dt, b)

    x = rng.bools((3, 4))
    y = rng.bools((4,))
    b = Builder()
    xa, ya = b.arg(x), b.arg(y)
    want = ref.compare("equal", x, y)
    b.ret(b.op(f"kiln.equal {xa}, {ya} : ({xa.type}, {ya.type}) -> {want.type()}",
               want.type()), want)
    s.check_builder("compare/equal/i1", b)

    # NaN compares false (ordered predicates), equal included.
    x = Tensor("f32", (3,), [nan, 1.0, nan])
    y = Tensor("f32", (3,), [1.0, nan, nan])
    b = Builder()
    xa, ya = b.arg(x), b.arg(y)
    for name in ("equal", "less", "greater"):
        want = ref.compare(name, x, y)
        b.ret(b.op(f"kiln.{name} {xa}, {ya} : ({xa.type}, {ya.type}) -> {want.type()}",
                   want.type()), want)
    s.check_builder("compare/f32/nan", b)

    for dt in ("f32", "i64", "i1"):
        b = Builder()
        for cs, ts, fs in [((4, 3), (4, 3), (4, 3)), ((4, 1), (4, 3), (3,)),
                           ((), (2, 5), (2, 5)), ((7, 1, 3), (1, 5, 1), (1,))]:
            c = rng.bools(cs)
            t = rng.bools(ts) if dt == "i1" else rng.integers(ts, -50, 50, dt)
            f = rng.bools(fs) if dt == "i1" else rng.integers(fs, -50, 50, dt)
            ca, ta, fa = b.arg(c), b.arg(t), b.arg(f)
            want = ref.select(c, t, f)
            b.ret(b.op(f"kiln.select {ca}, {ta}, {fa} : ({ca.type}, {ta.type}, {fa.type})"
                       f" -> {want.type()}", want.type()), want)
        s.check_builder("select/%s" % dt, b)

    # --- cast -------------------------------------------------------------
    casts = [
        ("f32", "i32", lambda sh: rng.uniform(sh, -1000, 1000)),
        ("f32", "i64", lambda sh: rng.uniform(sh, -1e6, 1e6)),
        ("f32", "f64", lambda sh: rng.uniform(sh, -10, 10)),
        ("f64", "f32", lambda sh: rng.uniform(sh, -10, 10, "f64")),
        ("f64", "i64", lambda sh: rng.uniform(sh, -1e9, 1e9, "f64")),
        ("i32", "f32", lambda sh: rng.integers(sh, -(1 << 30), 1 << 30, "i32")),
        ("i64", "f32", lambda sh: rng.integers(sh, -(1 << 40), 1 << 40, "i64")),
        ("i64", "f64", lambda sh: rng.integers(sh, -(1 << 50), 1 << 50, "i64")),
        ("i32", "i64", lambda sh: rng.integers(sh, -(1 << 31), (1 << 31) - 1, "i32")),
        ("i64", "i32", lambda sh: rng.integers(sh, -(1 << 31), (1 << 31) - 1, "i64")),
        ("f32", "i1", lambda sh: rng.integers(sh, -1, 1, "f32")),
        ("i32", "i1", lambda sh: rng.integers(sh, -2, 2, "i32")),
        ("i1", "f32", lambda sh: rng.bools(sh)),
        ("i1", "i32", lambda sh: rng.bools(sh)),
        ("i1", "i64", lambda sh: rng.bools(sh)),
    ]
    b = Builder()
    for frm, to, gen in casts:
        x = gen((5, 7))
        a = b.arg(x)
        want = ref.cast(x, to)
        b.ret(b.op(f"kiln.cast {a} : ({a.type}) -> {want.type()}", want.type()), want,
              rtol=0.0, atol=0.0)  # casts are exact (rounding to f32 included)
    s.check_builder("cast/all", b)

    # Anything to bool is x != 0: NaN is true, -0.0 and 0 are false, the
    # smallest denormal is true.
    x = Tensor("f32", (5,), [math.nan, 0.0, -0.0, 1e-45, -math.inf])
    b = Builder()
    a = b.arg(x)
    b.ret(b.op(f"kiln.cast {a} : ({a.type}) -> tensor<5xi1>", "tensor<5xi1>"),
          Tensor("i1", (5,), [True, False, False, True, True]))
    s.check_builder("cast/f32-to-bool/special-values", b)

    # Float to integer truncates toward zero at both signs.
    x = Tensor("f32", (6,), [2.9, -2.9, 0.5, -0.5, 7.0, -7.0])
    b = Builder()
    a = b.arg(x)
    for to in ("i32", "i64"):
        want = ref.cast(x, to)
        b.ret(b.op(f"kiln.cast {a} : ({a.type}) -> {want.type()}", want.type()), want)
    s.check_builder("cast/f32-to-int/truncation", b)

    # --- constants ----------------------------------------------------------
    # A constant operand that broadcasts, and a splat constant.
    x = rng.uniform((3, 4))
    cvals = [0.5, -1.25, 2.0, 3.5]
    c = Tensor("f32", (4,), cvals)
    b = Builder()
    a = b.arg(x)
    k = b.op("kiln.constant dense<[5.000000e-01, -1.250000e+00, 2.000000e+00, 3.500000e+00]>"
             " : tensor<4xf32>", "tensor<4xf32>")
    b.ret(b.op(f"kiln.mul {a}, {k} : ({a.type}, tensor<4xf32>) -> {a.type}", a.type),
          ref.binary("mul", x, c))
    sp = b.op("kiln.constant dense<2.500000e+00> : tensor<3x4xf32>", "tensor<3x4xf32>")
    b.ret(b.op(f"kiln.sub {a}, {sp} : ({a.type}, tensor<3x4xf32>) -> {a.type}", a.type),
          ref.binary("sub", x, Tensor("f32", (3, 4), [2.5] * 12)))
    # Only constants: folded at compile time, still must be right.
    folded = b.op(f"kiln.add {k}, {k} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>",
                  "tensor<4xf32>")
    b.ret(folded, Tensor("f32", (4,), [2 * v for v in cvals]))
    s.check_builder("constant/f32", b)

    ci = Tensor("i64", (2, 3), [1, -2, 3, -4, 5, -6])
    b = Builder()
    a = b.arg(rng.integers((2, 3), -9, 9, "i64"))
    k = b.op("kiln.constant dense<[[1, -2, 3], [-4, 5, -6]]> : tensor<2x3xi64>", "tensor<2x3xi64>")
    b.ret(b.op(f"kiln.mul {a}, {k} : ({a.type}, tensor<2x3xi64>) -> {a.type}", a.type),
          ref.binary("mul", b.inputs[0], ci))
    s.check_builder("constant/i64", b)


if __name__ == "__main__":
    main(cases)
