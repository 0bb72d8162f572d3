"""E2E: ui8 (TensorFlow's uint8) through code generation: wrapping
arithmetic, unsigned division, maximum/minimum and comparisons above 127,
casts to and from f32 and i32, relu, reductions and shape ops, against
exact Python references; then ui16, ui32 and ui64 (ONNX's uint16/32/64)
element-wise, with values above the signed range."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, Tensor, main, ref  # noqa: E402


def cases(s):
    rng = Rng(11)
    shape = (3, 37)  # not a multiple of any vector width
    X = rng.integers(shape, 0, 255, "ui8")
    Y = rng.integers(shape, 1, 255, "ui8")  # no division by zero

    b = Builder()
    x, y = b.arg(X), b.arg(Y)
    t = X.type()
    for name in ("add", "sub", "mul", "div", "maximum", "minimum"):
        b.ret(b.op(f"kiln.{name} {x}, {y} : ({t}, {t}) -> {t}", t), ref.binary(name, X, Y))
    bt = X.type().replace("ui8", "i1")
    for name in ("equal", "less", "greater"):
        b.ret(b.op(f"kiln.{name} {x}, {y} : ({t}, {t}) -> {bt}", bt), ref.compare(name, X, Y))
    b.ret(b.op(f"kiln.relu {x} : {t}", t), ref.unary("relu", X))
    s.check_builder("ui8/elementwise", b)

    # Broadcasting a row of small values over the batch.
    b = Builder()
    R = rng.integers((37,), 0, 9, "ui8")
    x, r = b.arg(X), b.arg(R)
    b.ret(b.op(f"kiln.add {x}, {r} : ({t}, {R.type()}) -> {t}", t), ref.binary("add", X, R))
    s.check_builder("ui8/broadcast", b)

    # Casts: images arrive as uint8 and become floats; in-range floats and
    # i32 come back.
    b = Builder()
    x = b.arg(X)
    f = X.type().replace("ui8", "f32")
    i = X.type().replace("ui8", "i32")
    b.ret(b.op(f"kiln.cast {x} : ({t}) -> {f}", f), ref.cast(X, "f32"))
    b.ret(b.op(f"kiln.cast {x} : ({t}) -> {i}", i), ref.cast(X, "i32"))
    F = rng.integers(shape, 0, 255, "f32")
    fv = b.arg(F)
    b.ret(b.op(f"kiln.cast {fv} : ({f}) -> {t}", t), ref.cast(F, "ui8"))
    I = rng.integers(shape, 0, 255, "i32")
    iv = b.arg(I)
    b.ret(b.op(f"kiln.cast {iv} : ({i}) -> {t}", t), ref.cast(I, "ui8"))
    s.check_builder("ui8/cast", b)

    # Reductions (sums wrap modulo 256, as TensorFlow's uint8 sum does) and
    # shape ops.
    b = Builder()
    x = b.arg(X)
    rs = ref.reduce("sum", X, [1])
    rm = ref.reduce("max", X, [0])
    b.ret(b.op(f"kiln.reduce_sum {x} {{axes = array<i64: 1>}} : ({t}) -> {rs.type()}", rs.type()), rs)
    b.ret(b.op(f"kiln.reduce_max {x} {{axes = array<i64: 0>}} : ({t}) -> {rm.type()}", rm.type()), rm)
    tr = ref.transpose(X, (1, 0))
    b.ret(b.op(f"kiln.transpose {x} {{perm = array<i64: 1, 0>}} : ({t}) -> {tr.type()}",
               tr.type()), tr)
    flat = Tensor("ui8", (111,), X.data)
    b.ret(b.op(f"kiln.reshape {x} : ({t}) -> {flat.type()}", flat.type()), flat)
    s.check_builder("ui8/reduce-and-shape", b)

    # The wider unsigned types: operands in the top half of the range,
    # where signed arithmetic would see negatives.
    for dtype, bits in (("ui16", 16), ("ui32", 32), ("ui64", 64)):
        top = (1 << bits) - 1
        X = rng.integers(shape, 0, top, dtype)
        Y = rng.integers(shape, 1, top, dtype)
        b = Builder()
        x, y = b.arg(X), b.arg(Y)
        t = X.type()
        for name in ("add", "sub", "mul", "div", "maximum", "minimum"):
            b.ret(b.op(f"kiln.{name} {x}, {y} : ({t}, {t}) -> {t}", t),
                  ref.binary(name, X, Y))
        bt = t.replace(dtype, "i1")
        for name in ("less", "greater"):
            b.ret(b.op(f"kiln.{name} {x}, {y} : ({t}, {t}) -> {bt}", bt),
                  ref.compare(name, X, Y))
        rm = ref.reduce("max", X, [1])
        b.ret(b.op(f"kiln.reduce_max {x} {{axes = array<i64: 1>}} : ({t}) -> {rm.type()}",
                   rm.type()), rm)
        f = t.replace(dtype, "f64")
        b.ret(b.op(f"kiln.cast {x} : ({t}) -> {f}", f), ref.cast(X, "f64"))
        s.check_builder(f"{dtype}/elementwise", b)


if __name__ == "__main__":
    main(cases)
