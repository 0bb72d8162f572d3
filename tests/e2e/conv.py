"""E2E: conv2d (NHWC input, HWIO filter) with SAME / VALID / EXPLICIT
padding, strides and dilations, against a float64 direct convolution that
follows TensorFlow's padding rules."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, main, ref, scaled_atol  # noqa: E402


def conv_case(b, rng, x_shape, w_shape, padding="SAME", strides=(1, 1),
              dilations=(1, 1), explicit=None, dtype="f32"):
    X = rng.uniform(x_shape, -1, 1, dtype)
    W = rng.uniform(w_shape, -1, 1, dtype)
    want = ref.conv2d(X, W, strides, dilations, padding, explicit)
    x, w = b.arg(X), b.arg(W)
    attrs = ["padding = #kiln.padding<%s>" % padding,
             "strides = array<i64: %d, %d>" % tuple(strides)]
    if dilations != (1, 1):
        attrs.append("dilations = array<i64: %d, %d>" % tuple(dilations))
    if explicit is not None:
        attrs.append("explicit_paddings = array<i64: %s>" % ", ".join(map(str, explicit)))
    r = b.op(f"kiln.conv2d {x}, {w} {{{', '.join(attrs)}}} : ({x.type}, {w.type}) -> "
             f"{want.type()}", want.type())
    # Sums of KH*KW*C products: judged against the output RMS near zero.
    b.ret(r, want, atol=scaled_atol(want) if dtype == "f32" else None)


def cases(s):
    rng = Rng(3)

    # SAME, stride 1: odd spatial sizes, 1-sized dims, kernel larger than
    # the input, 1x1 kernels, C/F not multiples of a vector width.
    b = Builder()
    for xs, ws in [((1, 1, 1, 1), (1, 1, 1, 1)),
                   ((1, 5, 5, 1), (3, 3, 1, 1)),
                   ((2, 7, 9, 3), (3, 3, 3, 5)),
                   ((1, 6, 4, 2), (2, 2, 2, 3)),    # even kernel: odd pad goes after
                   ((3, 4, 5, 2), (1, 1, 2, 7)),
                   ((1, 3, 2, 2), (5, 4, 2, 3)),    # kernel larger than the input
                   ((1, 1, 9, 3), (1, 3, 3, 2))]:
        conv_case(b, rng, xs, ws, "SAME")
    s.check_builder("conv2d/SAME/stride1", b)

    b = Builder()
    for xs, ws in [((1, 5, 5, 1), (3, 3, 1, 1)),
                   ((2, 7, 9, 3), (3, 3, 3, 5)),
                   ((1, 6, 4, 2), (2, 2, 2, 3)),
                   ((3, 4, 5, 2), (1, 1, 2, 7)),
                   ((1, 3, 3, 2), (3, 3, 2, 4))]:   # output 1x1
        conv_case(b, rng, xs, ws, "VALID")
    s.check_builder("conv2d/VALID/stride1", b)

    # Strides (equal and unequal) with both paddings; sizes that do not
    # divide evenly, so SAME pads asymmetrically.
    for padding in ("SAME", "VALID"):
        b = Builder()
        for xs, ws, st in [((1, 7, 7, 2), (3, 3, 2, 3), (2, 2)),
                           ((2, 8, 9, 3), (3, 2, 3, 4), (2, 3)),
                           ((1, 10, 6, 1), (4, 4, 1, 2), (3, 1)),
                           ((1, 5, 5, 3), (1, 1, 3, 2), (2, 2)),
                           ((1, 9, 9, 2), (2, 2, 2, 2), (4, 4))]:
            conv_case(b, rng, xs, ws, padding, st)
        s.check_builder("conv2d/%s/strided" % padding, b)

    # Dilations, alone and with strides.
    for padding in ("SAME", "VALID"):
        b = Builder()
        for xs, ws, st, dl in [((1, 9, 9, 2), (3, 3, 2, 3), (1, 1), (2, 2)),
                               ((2, 11, 8, 1), (3, 2, 1, 2), (1, 1), (3, 2)),
                               ((1, 10, 10, 2), (3, 3, 2, 2), (2, 2), (2, 2))]:
            conv_case(b, rng, xs, ws, padding, st, dl)
        s.check_builder("conv2d/%s/dilated" % padding, b)

    # EXPLICIT paddings [top, bottom, left, right].
    b = Builder()
    for xs, ws, st, dl, pads in [((2, 7, 7, 3), (3, 3, 3, 5), (2, 2), (1, 1), [1, 2, 0, 1]),
                                 ((1, 5, 6, 2), (3, 3, 2, 2), (1, 1), (1, 1), [0, 0, 3, 3]),
                                 ((1, 8, 8, 1), (3, 3, 1, 2), (1, 2), (2, 1), [2, 1, 1, 2]),
                                 ((1, 4, 4, 2), (2, 2, 2, 1), (1, 1), (1, 1), [0, 0, 0, 0])]:
        conv_case(b, rng, xs, ws, "EXPLICIT", st, dl, pads)
    s.check_builder("conv2d/EXPLICIT", b)

    # The seed CNN's layers (larger).
    b = Builder()
    conv_case(b, rng, (2, 28, 28, 1), (5, 5, 1, 8), "SAME")
    s.check_builder("conv2d/SAME/2x28x28x1-5x5x1x8", b)
    b = Builder()
    conv_case(b, rng, (1, 14, 14, 8), (5, 5, 8, 16), "SAME")
    s.check_builder("conv2d/SAME/1x14x14x8-5x5x8x16", b)

    # Sizes past kiln-cpu-library-calls' threshold run as patch GEMMs in
    # the CPU kernel library: strides, dilations, explicit padding, 1x1
    # filters (no patches when the stride is 1), f64.
    b = Builder()
    conv_case(b, rng, (2, 17, 19, 6), (3, 3, 6, 10), "SAME", (2, 1))
    conv_case(b, rng, (1, 20, 21, 8), (3, 2, 8, 16), "VALID", (1, 2), (2, 3))
    conv_case(b, rng, (2, 12, 12, 8), (3, 3, 8, 16), "EXPLICIT", (1, 1), (1, 1), [1, 2, 0, 1])
    conv_case(b, rng, (2, 16, 16, 32), (1, 1, 32, 24), "SAME")
    conv_case(b, rng, (2, 16, 16, 64), (1, 1, 64, 32), "VALID", (2, 2))
    s.check_builder("conv2d/library-sizes", b)
    b = Builder()
    conv_case(b, rng, (1, 16, 16, 8), (3, 3, 8, 16), "SAME", dtype="f64")
    s.check_builder("conv2d/f64/library-sizes", b)

    # A dynamic batch, fixed by the feed.
    b = Builder()
    X, W = rng.uniform((3, 6, 6, 2), -1, 1), rng.uniform((3, 3, 2, 4), -1, 1)
    want = ref.conv2d(X, W, (2, 2))
    x, w = b.arg(X, dynamic=(0,)), b.arg(W)
    b.ret(b.op(f"kiln.conv2d {x}, {w} {{padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>}}"
               f" : ({x.type}, {w.type}) -> tensor<?x3x3x4xf32>", "tensor<?x3x3x4xf32>"),
          want, atol=scaled_atol(want))
    s.check_builder("conv2d/SAME/dynamic-batch", b)

    # f64.
    b = Builder()
    conv_case(b, rng, (2, 6, 5, 3), (3, 3, 3, 4), "SAME", (2, 1), dtype="f64")
    conv_case(b, rng, (1, 7, 7, 2), (2, 3, 2, 3), "VALID", (1, 2), (2, 1), dtype="f64")
    s.check_builder("conv2d/f64", b)


if __name__ == "__main__":
    main(cases)
