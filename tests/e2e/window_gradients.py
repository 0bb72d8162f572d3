"""E2E: the window gradient ops (conv2d_backprop_input/filter, max and
average pool gradients) against float64 references written as scatters
from each output position back over its window - the direct reading of
TensorFlow's gradients, independent of how kiln lowers them (gathers, a
spread-out output gradient, the CPU filter-gradient kernel)."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, Tensor, main, ref, scaled_atol  # noqa: E402


def geometry(x_shape, k, strides, dilations, padding, explicit):
    """(OH, OW, top pad, left pad) of a window op over NHWC x_shape."""
    ep = explicit or [0, 0, 0, 0]
    oh, pt = ref._window_geometry(x_shape[1], k[0], strides[0], dilations[0], padding, ep[0:2])
    ow, pl = ref._window_geometry(x_shape[2], k[1], strides[1], dilations[1], padding, ep[2:4])
    return oh, ow, pt, pl


def windows(x_shape, k, strides, dilations, padding, explicit=None):
    """Yields (n, oh, ow, [(kh, kw, ih, iw) inside the input]) per window."""
    N, H, W, _ = x_shape
    OH, OW, pt, pl = geometry(x_shape, k, strides, dilations, padding, explicit)
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                taps = []
                for kh in range(k[0]):
                    ih = oh * strides[0] + kh * dilations[0] - pt
                    for kw in range(k[1]):
                        iw = ow * strides[1] + kw * dilations[1] - pl
                        if 0 <= ih < H and 0 <= iw < W:
                            taps.append((kh, kw, ih, iw))
                yield n, oh, ow, taps


def backprop_input(w, dy, x_shape, st, dl, padding, explicit):
    KH, KW, C, F = w.shape
    _, H, W, _ = x_shape
    OH, OW = dy.shape[1], dy.shape[2]
    dx = [0.0] * (x_shape[0] * H * W * C)
    for n, oh, ow, taps in windows(x_shape, (KH, KW), st, dl, padding, explicit):
        g = dy.data[((n * OH + oh) * OW + ow) * F:][:F]
        for kh, kw, ih, iw in taps:
            base = ((n * H + ih) * W + iw) * C
            for c in range(C):
                wrow = w.data[((kh * KW + kw) * C + c) * F:][:F]
                dx[base + c] += sum(a * b for a, b in zip(g, wrow))
    return Tensor(w.dtype, x_shape, dx)


def backprop_filter(x, dy, w_shape, st, dl, padding, explicit):
    KH, KW, C, F = w_shape
    _, H, W, _ = x.shape
    OH, OW = dy.shape[1], dy.shape[2]
    dw = [0.0] * (KH * KW * C * F)
    for n, oh, ow, taps in windows(x.shape, (KH, KW), st, dl, padding, explicit):
        g = dy.data[((n * OH + oh) * OW + ow) * F:][:F]
        for kh, kw, ih, iw in taps:
            xs = x.data[((n * H + ih) * W + iw) * C:][:C]
            for c in range(C):
                base = ((kh * KW + kw) * C + c) * F
                for f in range(F):
                    dw[base + f] += xs[c] * g[f]
    return Tensor(x.dtype, w_shape, dw)


def max_pool_grad(x, dy, k, st, padding):
    """Each window's gradient to its first (row-major) maximum."""
    _, H, W, C = x.shape
    OH, OW = dy.shape[1], dy.shape[2]
    dx = [0.0] * len(x.data)
    for n, oh, ow, taps in windows(x.shape, k, st, (1, 1), padding):
        for c in range(C):
            best = None
            for _, _, ih, iw in taps:
                at = ((n * H + ih) * W + iw) * C + c
                if best is None or x.data[at] > x.data[best]:
                    best = at
            dx[best] += dy.data[((n * OH + oh) * OW + ow) * C + c]
    return Tensor(x.dtype, x.shape, dx)


def avg_pool_grad(dy, x_shape, k, st, padding):
    _, H, W, C = x_shape
    OH, OW = dy.shape[1], dy.shape[2]
    dx = [0.0] * (x_shape[0] * H * W * C)
    for n, oh, ow, taps in windows(x_shape, k, st, (1, 1), padding):
        for c in range(C):
            share = dy.data[((n * OH + oh) * OW + ow) * C + c] / len(taps)
            for _, _, ih, iw in taps:
                dx[((n * H + ih) * W + iw) * C + c] += share
    return Tensor(dy.dtype, x_shape, dx)


def attrs(padding, st, dl=(1, 1), explicit=None, ksize=None):
    out = ["padding = #kiln.padding<%s>" % padding, "strides = array<i64: %d, %d>" % tuple(st)]
    if dl != (1, 1):
        out.append("dilations = array<i64: %d, %d>" % tuple(dl))
    if explicit is not None:
        out.append("explicit_paddings = array<i64: %s>" % ", ".join(map(str, explicit)))
    if ksize is not None:
        out.append("ksize = array<i64: %d, %d>" % tuple(ksize))
    return "{" + ", ".join(out) + "}"


def conv_case(b, rng, xs, ws, padding, st=(1, 1), dl=(1, 1), explicit=None, dtype="f64"):
    OH, OW, _, _ = geometry(xs, ws[:2], st, dl, padding, explicit)
    X = rng.uniform(xs, -1, 1, dtype)
    Wt = rng.uniform(ws, -1, 1, dtype)
    DY = rng.uniform((xs[0], OH, OW, ws[3]), -1, 1, dtype)
    x, w, dy = b.arg(X), b.arg(Wt), b.arg(DY)
    a = attrs(padding, st, dl, explicit)
    want_dx = backprop_input(Wt, DY, xs, st, dl, padding, explicit)
    want_dw = backprop_filter(X, DY, ws, st, dl, padding, explicit)
    dx = b.op(f"kiln.conv2d_backprop_input {w}, {dy} {a} : ({w.type}, {dy.type}) -> {want_dx.type()}",
              want_dx.type())
    dw = b.op(f"kiln.conv2d_backprop_filter {x}, {dy} {a} : ({x.type}, {dy.type}) -> {want_dw.type()}",
              want_dw.type())
    b.ret(dx, want_dx, atol=scaled_atol(want_dx) if dtype == "f32" else None)
    b.ret(dw, want_dw, atol=scaled_atol(want_dw) if dtype == "f32" else None)


def pool_case(b, rng, xs, k, st, padding, ties=False):
    OH, OW, _, _ = geometry(xs, k, st, (1, 1), padding, None)
    # Few distinct values force ties: the first maximum must win.
    X = rng.integers(xs, -2, 2, "f64") if ties else rng.uniform(xs, -1, 1, "f64")
    DY = rng.uniform((xs[0], OH, OW, xs[3]), -1, 1, "f64")
    Y = ref.pool("max", X, k, st, padding)
    x, y, dy = b.arg(X), b.arg(Y), b.arg(DY)
    a = attrs(padding, st, ksize=k)
    want_max = max_pool_grad(X, DY, k, st, padding)
    want_avg = avg_pool_grad(DY, xs, k, st, padding)
    mx = b.op(f"kiln.max_pool_grad {x}, {y}, {dy} {a} : ({x.type}, {y.type}, {dy.type}) -> "
              f"{want_max.type()}", want_max.type())
    av = b.op(f"kiln.avg_pool_grad {dy} {a} : ({dy.type}) -> {want_avg.type()}", want_avg.type())
    b.ret(mx, want_max)
    b.ret(av, want_avg)


def cases(s):
    rng = Rng(11)

    b = Builder()
    for xs, ws, padding, st, dl, ep in [
            ((2, 5, 5, 2), (3, 3, 2, 3), "SAME", (1, 1), (1, 1), None),
            ((1, 7, 7, 2), (3, 3, 2, 3), "SAME", (2, 2), (1, 1), None),
            ((2, 8, 9, 3), (3, 2, 3, 4), "VALID", (2, 3), (1, 1), None),   # rows never read
            ((1, 9, 9, 1), (2, 2, 1, 2), "SAME", (4, 4), (1, 1), None),
            ((1, 10, 10, 2), (3, 3, 2, 2), "SAME", (2, 2), (2, 2), None),
            ((2, 11, 8, 1), (3, 2, 1, 2), "VALID", (1, 1), (3, 2), None),
            ((1, 3, 2, 2), (5, 4, 2, 3), "SAME", (1, 1), (1, 1), None),    # kernel > input
            ((2, 7, 7, 3), (3, 3, 3, 5), "EXPLICIT", (2, 2), (1, 1), [1, 2, 0, 1]),
            ((1, 5, 6, 2), (3, 3, 2, 2), "EXPLICIT", (1, 1), (1, 1), [0, 0, 3, 3]),  # pads > window
            ((1, 4, 4, 3), (1, 1, 3, 2), "VALID", (1, 1), (1, 1), None),
            ((1, 1, 1, 1), (1, 1, 1, 1), "SAME", (1, 1), (1, 1), None)]:
        conv_case(b, rng, xs, ws, padding, st, dl, ep)
    s.check_builder("window-gradients/conv2d", b)

    # Large enough for the CPU kernel library (f32, patch GEMMs).
    b = Builder()
    conv_case(b, rng, (4, 14, 14, 8), (3, 3, 8, 16), "SAME", dtype="f32")
    conv_case(b, rng, (2, 15, 15, 4), (5, 5, 4, 8), "SAME", (2, 2), dtype="f32")
    conv_case(b, rng, (8, 8, 8, 16), (1, 1, 16, 32), "VALID", dtype="f32")
    s.check_builder("window-gradients/conv2d-library", b)

    b = Builder()
    for xs, k, st, padding in [((1, 4, 4, 1), (2, 2), (2, 2), "VALID"),   # tiling
                               ((2, 6, 6, 3), (2, 2), (2, 2), "SAME"),
                               ((2, 5, 7, 3), (2, 2), (2, 2), "SAME"),    # padded
                               ((1, 7, 7, 2), (3, 3), (2, 2), "SAME"),    # overlapping
                               ((1, 6, 9, 5), (3, 2), (1, 3), "VALID"),
                               ((3, 5, 5, 1), (3, 3), (1, 1), "SAME"),
                               ((1, 3, 2, 2), (4, 5), (1, 1), "SAME"),    # window > input
                               ((1, 9, 9, 4), (2, 3), (3, 2), "SAME")]:
        pool_case(b, rng, xs, k, st, padding)
    s.check_builder("window-gradients/pools", b)

    b = Builder()
    pool_case(b, rng, (2, 6, 6, 2), (2, 2), (2, 2), "VALID", ties=True)
    pool_case(b, rng, (1, 7, 7, 3), (3, 3), (2, 2), "SAME", ties=True)
    s.check_builder("window-gradients/max-pool-ties", b)


if __name__ == "__main__":
    main(cases)
