"""E2E: generated loops large enough for kiln-parallelize-loops (element-wise
chains, a pool, a reduction over the leading axes) against float64
references; the RUN lines use team sizes that do not divide the loops."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, main, ref, scaled_atol  # noqa: E402


def cases(s):
    rng = Rng(17)
    b = Builder()
    X = rng.uniform((67, 80, 53), -2, 2)
    Y = rng.uniform((67, 80, 53), -2, 2)
    x, y = b.arg(X), b.arg(Y)
    t = "tensor<67x80x53xf32>"
    th = b.op(f"kiln.tanh {x} : {t}", t)
    m = b.op(f"kiln.mul {th}, {y} : ({t}, {t}) -> {t}", t)
    want = ref.binary("mul", ref.unary("tanh", X), Y)
    b.ret(m, want)
    sums = b.op(f"kiln.reduce_sum {m} {{axes = array<i64: 0, 1>}} : ({t}) -> tensor<53xf32>",
                "tensor<53xf32>")
    want_sums = ref.reduce("sum", want, [0, 1])
    b.ret(sums, want_sums, atol=scaled_atol(want_sums))
    s.check_builder("parallel-loops/elementwise-reduce", b)

    b = Builder()
    P = rng.uniform((9, 57, 45, 8), -1, 1)
    p = b.arg(P)
    want = ref.pool("max", P, (3, 3), (2, 2), "SAME")
    r = b.op(f"kiln.max_pool {p} {{ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, "
             f"strides = array<i64: 2, 2>}} : ({p.type}) -> {want.type()}", want.type())
    b.ret(r, want)
    s.check_builder("parallel-loops/max-pool", b)


if __name__ == "__main__":
    main(cases)
