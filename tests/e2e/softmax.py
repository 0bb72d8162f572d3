"""E2E: softmax, log_softmax (innermost dimension, any rank >= 1) and
sparse_softmax_cross_entropy_with_logits (loss and backprop)."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, main, ref, scaled_atol  # noqa: E402

SHAPES = [(1,), (10,), (1, 1), (3, 5), (37, 10), (2, 3, 7), (1, 1, 1), (4, 1000)]


def softmax_case(b, X, kind):
    want = ref.softmax(X) if kind == "softmax" else ref.log_softmax(X)
    x = b.arg(X)
    # softmax is a ratio of positive quantities: plain relative error.
    # log_softmax = x - max - log(sum): the subtraction can land near 0, so
    # near-zero elements are judged against the output RMS.
    atol = scaled_atol(want) if kind == "log_softmax" and X.dtype == "f32" else None
    b.ret(b.op(f"kiln.{kind} {x} : {x.type}", x.type), want, atol=atol)


def xent_case(b, F, L):
    loss, back = ref.sparse_xent(F, L)
    f, l = b.arg(F), b.arg(L)
    r = b.op(f"kiln.sparse_softmax_cross_entropy_with_logits {f}, {l} : ({f.type}, {l.type})"
             f" -> ({loss.type()}, {back.type()})", loss.type(), back.type())
    # loss = logsumexp - x[label] can cancel to ~0 when the label's logit
    # dominates; backprop = p - onehot cancels to ~0 at the label for
    # confident rows: both judged against their RMS near zero.
    f32 = F.dtype == "f32"
    b.ret(r[0], loss, atol=scaled_atol(loss) if f32 else None)
    b.ret(r[1], back, atol=scaled_atol(back) if f32 else None)


def cases(s):
    rng = Rng(6)
    for kind in ("softmax", "log_softmax"):
        b = Builder()
        for shape in SHAPES:
            softmax_case(b, rng.uniform(shape, -5, 5), kind)
        s.check_builder("%s/f32/odd-shapes" % kind, b)

        # Large logits: exp overflows unless the row maximum is subtracted
        # first; very negative logits underflow unless it is.
        b = Builder()
        softmax_case(b, rng.uniform((4, 9), 500, 520), kind)
        softmax_case(b, rng.uniform((4, 9), -520, -500), kind)
        softmax_case(b, rng.uniform((3, 6), -60, 60), kind)
        s.check_builder("%s/f32/large-logits" % kind, b)

        b = Builder()
        softmax_case(b, rng.uniform((5, 7), -5, 5, "f64"), kind)
        softmax_case(b, rng.uniform((2, 3, 4), -5, 5, "f64"), kind)
        s.check_builder("%s/f64" % kind, b)

    b = Builder()
    softmax_case(b, rng.uniform((2, 30000), -3, 3), "softmax")
    softmax_case(b, rng.uniform((2, 30000), -3, 3), "log_softmax")
    s.check_builder("softmax-log_softmax/f32/2x30000", b)

    # sparse_softmax_cross_entropy_with_logits
    b = Builder()
    for batch, classes, ldt in [(1, 1, "i64"), (1, 10, "i32"), (5, 3, "i64"),
                                (37, 10, "i64"), (8, 1000, "i32"), (3, 17, "i32")]:
        xent_case(b, rng.uniform((batch, classes), -4, 4),
                  rng.integers((batch,), 0, classes - 1, ldt))
    s.check_builder("sparse_xent/f32", b)

    b = Builder()
    xent_case(b, rng.uniform((6, 10), 400, 420), rng.integers((6,), 0, 9, "i64"))
    xent_case(b, rng.uniform((6, 10), -420, -400), rng.integers((6,), 0, 9, "i32"))
    xent_case(b, rng.uniform((6, 10), -50, 50), rng.integers((6,), 0, 9, "i64"))
    s.check_builder("sparse_xent/f32/large-logits", b)

    b = Builder()
    xent_case(b, rng.uniform((7, 5), -4, 4, "f64"), rng.integers((7,), 0, 4, "i64"))
    s.check_builder("sparse_xent/f64", b)


if __name__ == "__main__":
    main(cases)
