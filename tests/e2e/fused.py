"""E2E: the patterns kiln fuses (or will): dense layers (matmul + bias_add +
activation), conv + bias + relu (+ pool), softmax / cross-entropy after a
matmul, element-wise chains with broadcasting and reductions in between,
intermediates with several users or also returned, and a backward step.
References compose the float64 ops, never rounding intermediates."""
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, Tensor, Value, main, ref, round_f32, scaled_atol  # noqa: E402


def glorot(rng, fan_in, fan_out, shape=None):
    """Weights scaled as a trained layer's would be, so activations stay
    O(1) and the float32 problem itself is well conditioned."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(shape or (fan_in, fan_out), -a, a)


def dense(b, x, X, W, B, act="relu", dynamic=()):
    """matmul + bias_add (+ activation); returns (pre, post) Values and
    (pre, post) references."""
    w, bias = b.arg(W), b.arg(B)
    pre_ref = ref.bias_add(ref.matmul(X, W), B)
    rows = "?" if dynamic else X.shape[0]
    t = "tensor<%sx%dxf32>" % (rows, W.shape[1])
    m = b.op(f"kiln.matmul {x}, {w} : ({x.type}, {w.type}) -> {t}", t)
    pre = b.op(f"kiln.bias_add {m}, {bias} : ({t}, {bias.type}) -> {t}", t)
    if act is None:
        return pre, pre, pre_ref, pre_ref
    post = b.op(f"kiln.{act} {pre} : {t}", t)
    return pre, post, pre_ref, ref.unary(act, pre_ref)


def cases(s):
    rng = Rng(8)

    # --- dense layers ---------------------------------------------------------
    for act in ("relu", "sigmoid", "tanh"):
        b = Builder()
        for m, k, n in [(1, 1, 1), (1, 784, 200), (3, 5, 7), (37, 13, 9), (64, 300, 200)]:
            X = rng.uniform((m, k), -1, 1)
            x = b.arg(X)
            _, post, _, want = dense(b, x, X, glorot(rng, k, n), rng.uniform((n,), -0.5, 0.5), act)
            b.ret(post, want, atol=scaled_atol(want))
        s.check_builder("dense/matmul+bias_add+%s" % act, b)

    # The pre-activation is also a result: fusion must keep it alive.
    b = Builder()
    X = rng.uniform((37, 50), -1, 1)
    x = b.arg(X)
    pre, post, pre_ref, post_ref = dense(b, x, X, glorot(rng, 50, 30), rng.uniform((30,), -0.5, 0.5))
    b.ret(pre, pre_ref, atol=scaled_atol(pre_ref))
    b.ret(post, post_ref, atol=scaled_atol(post_ref))
    s.check_builder("dense/pre-activation-also-returned", b)

    # The same at the CPU kernel library's sizes: the pre-activation as a
    # second result keeps the epilogue out of the call; relu without a bias
    # and a bias without an activation are folded into it.
    b = Builder()
    X = rng.uniform((100, 300), -1, 1)
    x = b.arg(X)
    pre, post, pre_ref, post_ref = dense(b, x, X, glorot(rng, 300, 129), rng.uniform((129,), -0.5, 0.5))
    b.ret(pre, pre_ref, atol=scaled_atol(pre_ref))
    b.ret(post, post_ref, atol=scaled_atol(post_ref))
    _, biased, _, biased_ref = dense(b, x, X, glorot(rng, 300, 77), rng.uniform((77,), -0.5, 0.5), None)
    b.ret(biased, biased_ref, atol=scaled_atol(biased_ref))
    W = glorot(rng, 300, 90)
    w = b.arg(W)
    m = b.op(f"kiln.matmul {x}, {w} : ({x.type}, {w.type}) -> tensor<100x90xf32>", "tensor<100x90xf32>")
    r = b.op(f"kiln.relu {m} : tensor<100x90xf32>", "tensor<100x90xf32>")
    r_ref = ref.unary("relu", ref.matmul(X, W))
    b.ret(r, r_ref, atol=scaled_atol(r_ref))
    s.check_builder("dense/library-sizes", b)

    # Two stacked dense layers, dynamic batch, transposed weights in the
    # second (transpose_b as in a tied-weights layer).
    b = Builder()
    X = rng.uniform((5, 20), -1, 1)
    x = b.arg(X, dynamic=(0,))
    _, h, _, h_ref = dense(b, x, X, glorot(rng, 20, 16), rng.uniform((16,), -0.5, 0.5), dynamic=(0,))
    W2t = glorot(rng, 16, 8, (8, 16))
    w2 = b.arg(W2t)
    y = b.op(f"kiln.matmul {h}, {w2} {{transpose_b = true}} : (tensor<?x16xf32>, {w2.type}) -> "
             "tensor<?x8xf32>", "tensor<?x8xf32>")
    y_ref = ref.matmul(h_ref, W2t, transpose_b=True)
    b.ret(y, y_ref, atol=scaled_atol(y_ref))
    s.check_builder("dense/two-layers-dynamic-batch", b)

    # --- conv + bias + relu (+ max_pool) -----------------------------------
    b = Builder()
    for xs, ws, pad, st in [((1, 5, 5, 1), (3, 3, 1, 2), "SAME", (1, 1)),
                            ((2, 9, 7, 3), (3, 3, 3, 5), "VALID", (2, 1)),
                            ((2, 28, 28, 1), (5, 5, 1, 8), "SAME", (1, 1))]:
        X = rng.uniform(xs, -1, 1)
        W = glorot(rng, ws[0] * ws[1] * ws[2], ws[3], ws)
        B = rng.uniform((ws[3],), -0.5, 0.5)
        conv = ref.conv2d(X, W, st, (1, 1), pad)
        want = ref.unary("relu", ref.bias_add(conv, B))
        x, w, bias = b.arg(X), b.arg(W), b.arg(B)
        t = conv.type()
        c = b.op(f"kiln.conv2d {x}, {w} {{padding = #kiln.padding<{pad}>, strides = array<i64: "
                 f"{st[0]}, {st[1]}>}} : ({x.type}, {w.type}) -> {t}", t)
        a = b.op(f"kiln.bias_add {c}, {bias} : ({t}, {bias.type}) -> {t}", t)
        r = b.op(f"kiln.relu {a} : {t}", t)
        b.ret(r, want, atol=scaled_atol(want))
        pooled = ref.pool("max", want, (2, 2), (2, 2), "SAME")
        p = b.op(f"kiln.max_pool {r} {{ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, "
                 f"strides = array<i64: 2, 2>}} : ({t}) -> {pooled.type()}", pooled.type())
        b.ret(p, pooled, atol=scaled_atol(pooled))
    s.check_builder("conv2d+bias_add+relu+max_pool", b)

    # A ResNet block: conv + bias + relu, conv + bias + the block's input
    # (a residual add, fused into the second convolution's kernel) + relu;
    # large enough for the kernel library, and a small one that is not.
    b = Builder()
    for xs, ch in [((2, 14, 14, 16), 16), ((1, 5, 5, 2), 2)]:
        X = rng.uniform(xs, -1, 1)
        W1 = glorot(rng, 9 * ch, ch, (3, 3, ch, ch))
        W2 = glorot(rng, 9 * ch, ch, (3, 3, ch, ch))
        B1 = rng.uniform((ch,), -0.5, 0.5)
        B2 = rng.uniform((ch,), -0.5, 0.5)
        h = ref.unary("relu", ref.bias_add(ref.conv2d(X, W1, (1, 1), (1, 1), "SAME"), B1))
        want = ref.unary("relu", ref.binary("add", ref.bias_add(ref.conv2d(h, W2, (1, 1), (1, 1), "SAME"),
                                                                 B2), X))
        x, w1, w2, b1, b2 = b.arg(X), b.arg(W1), b.arg(W2), b.arg(B1), b.arg(B2)
        t = want.type()
        conv = (f"kiln.conv2d {{}}, {{}} {{{{padding = #kiln.padding<SAME>, strides = "
                f"array<i64: 1, 1>}}}} : ({t}, {w1.type}) -> {t}")
        c1 = b.op(conv.format(x, w1), t)
        a1 = b.op(f"kiln.bias_add {c1}, {b1} : ({t}, {b1.type}) -> {t}", t)
        r1 = b.op(f"kiln.relu {a1} : {t}", t)
        c2 = b.op(conv.format(r1, w2), t)
        a2 = b.op(f"kiln.bias_add {c2}, {b2} : ({t}, {b2.type}) -> {t}", t)
        s2 = b.op(f"kiln.add {a2}, {x} : ({t}, {t}) -> {t}", t)
        r2 = b.op(f"kiln.relu {s2} : {t}", t)
        b.ret(r2, want, atol=scaled_atol(want))
    s.check_builder("resnet-block/conv+bias+residual+relu", b)

    # conv -> relu -> pool -> flatten -> dense -> softmax: the seed CNN's
    # shape of computation, static batch.
    b = Builder()
    X = rng.uniform((2, 12, 12, 1), 0, 1)
    W1 = glorot(rng, 9, 4, (3, 3, 1, 4))
    B1 = rng.uniform((4,), -0.1, 0.1)
    W2 = glorot(rng, 144, 10)
    B2 = rng.uniform((10,), -0.1, 0.1)
    h = ref.pool("max", ref.unary("relu", ref.bias_add(ref.conv2d(X, W1), B1)), (2, 2), (2, 2), "SAME")
    logits = ref.bias_add(ref.matmul(ref.reshape(h, (2, 144)), W2), B2)
    probs = ref.softmax(logits)
    x, w1, b1, w2, b2 = b.arg(X), b.arg(W1), b.arg(B1), b.arg(W2), b.arg(B2)
    c = b.op(f"kiln.conv2d {x}, {w1} {{padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>}}"
             f" : ({x.type}, {w1.type}) -> tensor<2x12x12x4xf32>", "tensor<2x12x12x4xf32>")
    a = b.op(f"kiln.bias_add {c}, {b1} : (tensor<2x12x12x4xf32>, {b1.type}) -> tensor<2x12x12x4xf32>",
             "tensor<2x12x12x4xf32>")
    r = b.op(f"kiln.relu {a} : tensor<2x12x12x4xf32>", "tensor<2x12x12x4xf32>")
    p = b.op(f"kiln.max_pool {r} {{ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, "
             "strides = array<i64: 2, 2>} : (tensor<2x12x12x4xf32>) -> tensor<2x6x6x4xf32>",
             "tensor<2x6x6x4xf32>")
    f = b.op(f"kiln.reshape {p} : (tensor<2x6x6x4xf32>) -> tensor<2x144xf32>", "tensor<2x144xf32>")
    m = b.op(f"kiln.matmul {f}, {w2} : (tensor<2x144xf32>, {w2.type}) -> tensor<2x10xf32>",
             "tensor<2x10xf32>")
    l = b.op(f"kiln.bias_add {m}, {b2} : (tensor<2x10xf32>, {b2.type}) -> tensor<2x10xf32>",
             "tensor<2x10xf32>")
    sm = b.op(f"kiln.softmax {l} : tensor<2x10xf32>", "tensor<2x10xf32>")
    b.ret(l, logits, atol=scaled_atol(logits))
    b.ret(sm, probs)
    s.check_builder("cnn/conv+relu+pool+flatten+dense+softmax", b)

    # --- softmax and cross-entropy after a matmul ---------------------------
    b = Builder()
    for m, k, n in [(1, 10, 1), (1, 33, 10), (37, 50, 10), (8, 20, 1000)]:
        X = rng.uniform((m, k), -1, 1)
        x = b.arg(X)
        _, logits_v, _, logits_ref = dense(b, x, X, glorot(rng, k, n), rng.uniform((n,), -0.5, 0.5), None)
        t = logits_v.type
        sm = b.op(f"kiln.softmax {logits_v} : {t}", t)
        ls = b.op(f"kiln.log_softmax {logits_v} : {t}", t)
        b.ret(sm, ref.softmax(logits_ref))
        lsm = ref.log_softmax(logits_ref)
        b.ret(ls, lsm, atol=scaled_atol(lsm))
    s.check_builder("matmul+bias_add+softmax/log_softmax", b)

    # loss = mean(xent(logits, labels)); accuracy = mean(cast(in_top_k));
    # predictions = argmax(softmax(logits)).
    b = Builder()
    X = rng.uniform((37, 40), -1, 1)
    L = rng.integers((37,), 0, 9, "i64")
    x = b.arg(X)
    _, logits_v, _, logits_ref = dense(b, x, X, glorot(rng, 40, 10), rng.uniform((10,), -0.5, 0.5), None)
    lab = b.arg(L)
    xe = b.op(f"kiln.sparse_softmax_cross_entropy_with_logits {logits_v}, {lab} : "
              f"(tensor<37x10xf32>, {lab.type}) -> (tensor<37xf32>, tensor<37x10xf32>)",
              "tensor<37xf32>", "tensor<37x10xf32>")
    loss = b.op(f"kiln.reduce_mean {xe[0]} {{axes = array<i64: 0>}} : (tensor<37xf32>) -> tensor<f32>",
                "tensor<f32>")
    loss_ref, back_ref = ref.sparse_xent(logits_ref, L)
    b.ret(loss, ref.reduce("mean", loss_ref, [0]))
    b.ret(xe[1], back_ref, atol=scaled_atol(back_ref))
    ok = b.op(f"kiln.in_top_k {logits_v}, {lab} {{k = 1 : i64}} : (tensor<37x10xf32>, {lab.type})"
              " -> tensor<37xi1>", "tensor<37xi1>")
    okf = b.op(f"kiln.cast {ok} : (tensor<37xi1>) -> tensor<37xf32>", "tensor<37xf32>")
    acc = b.op(f"kiln.reduce_mean {okf} {{axes = array<i64: 0>}} : (tensor<37xf32>) -> tensor<f32>",
               "tensor<f32>")
    acc_ref = ref.reduce("mean", ref.cast(ref.in_top_k(logits_ref, L, 1), "f32"), [0])
    b.ret(acc, acc_ref)
    sm = b.op(f"kiln.softmax {logits_v} : tensor<37x10xf32>", "tensor<37x10xf32>")
    pred = b.op(f"kiln.argmax {sm} {{axis = 1 : i64}} : (tensor<37x10xf32>) -> tensor<37xi64>",
                "tensor<37xi64>")
    pred_ref = ref.argmax(ref.softmax(logits_ref), 1)
    b.ret(pred, pred_ref)
    eq = b.op(f"kiln.equal {pred}, {lab} : (tensor<37xi64>, tensor<37xi64>) -> tensor<37xi1>",
              "tensor<37xi1>")
    b.ret(eq, ref.compare("equal", pred_ref, L))
    s.check_builder("dense+xent+mean-loss+accuracy+argmax", b)

    # --- element-wise chains with broadcasting and reductions ---------------
    # Batch normalization (training statistics): reductions feeding
    # broadcasts feeding a long element-wise tail.
    b = Builder()
    X = rng.uniform((37, 13), -3, 3)
    G = rng.uniform((13,), 0.5, 1.5)
    Bt = rng.uniform((13,), -0.5, 0.5)
    x, g, bt = b.arg(X), b.arg(G), b.arg(Bt)
    T, K = "tensor<37x13xf32>", "tensor<1x13xf32>"
    mean = b.op(f"kiln.reduce_mean {x} {{axes = array<i64: 0>, keep_dims = true}} : ({T}) -> {K}", K)
    d = b.op(f"kiln.sub {x}, {mean} : ({T}, {K}) -> {T}", T)
    sq = b.op(f"kiln.square {d} : {T}", T)
    var = b.op(f"kiln.reduce_mean {sq} {{axes = array<i64: 0>, keep_dims = true}} : ({T}) -> {K}", K)
    eps = b.op("kiln.constant dense<1.000000e-03> : tensor<f32>", "tensor<f32>")
    ve = b.op(f"kiln.add {var}, {eps} : ({K}, tensor<f32>) -> {K}", K)
    inv = b.op(f"kiln.rsqrt {ve} : {K}", K)
    nrm = b.op(f"kiln.mul {d}, {inv} : ({T}, {K}) -> {T}", T)
    sc = b.op(f"kiln.mul {nrm}, {g} : ({T}, {g.type}) -> {T}", T)
    out = b.op(f"kiln.add {sc}, {bt} : ({T}, {bt.type}) -> {T}", T)
    mean_r = ref.reduce("mean", X, [0], True)
    d_r = ref.binary("sub", X, mean_r)
    var_r = ref.reduce("mean", ref.unary("square", d_r), [0], True)
    eps_t = Tensor("f32", (), [round_f32(1e-3)])
    inv_r = ref.unary("rsqrt", ref.binary("add", var_r, eps_t))
    out_r = ref.binary("add", ref.binary("mul", ref.binary("mul", d_r, inv_r), G), Bt)
    b.ret(out, out_r, atol=scaled_atol(out_r))
    b.ret(var, var_r)
    s.check_builder("batchnorm-chain", b)

    # An LSTM-cell-like gate chain: sigmoid/tanh of sums with broadcasting,
    # each input used several times.
    b = Builder()
    A = rng.uniform((7, 1, 9), -3, 3)
    Bv = rng.uniform((5, 9), -3, 3)
    C = rng.uniform((9,), -3, 3)
    a, bv, c = b.arg(A), b.arg(Bv), b.arg(C)
    T = "tensor<7x5x9xf32>"
    s1 = b.op(f"kiln.add {a}, {bv} : ({a.type}, {bv.type}) -> {T}", T)
    gt = b.op(f"kiln.sigmoid {s1} : {T}", T)
    s2 = b.op(f"kiln.sub {bv}, {c} : ({bv.type}, {c.type}) -> {bv.type}", bv.type)
    cand = b.op(f"kiln.tanh {s2} : {bv.type}", bv.type)
    prod = b.op(f"kiln.mul {gt}, {cand} : ({T}, {bv.type}) -> {T}", T)
    keep = b.op(f"kiln.mul {a}, {gt} : ({a.type}, {T}) -> {T}", T)
    cell = b.op(f"kiln.add {prod}, {keep} : ({T}, {T}) -> {T}", T)
    hid = b.op(f"kiln.tanh {cell} : {T}", T)
    outv = b.op(f"kiln.mul {hid}, {gt} : ({T}, {T}) -> {T}", T)
    gt_r = ref.unary("sigmoid", ref.binary("add", A, Bv))
    cand_r = ref.unary("tanh", ref.binary("sub", Bv, C))
    cell_r = ref.binary("add", ref.binary("mul", gt_r, cand_r), ref.binary("mul", A, gt_r))
    out_r = ref.binary("mul", ref.unary("tanh", cell_r), gt_r)
    b.ret(outv, out_r, atol=scaled_atol(out_r))
    b.ret(cell, cell_r, atol=scaled_atol(cell_r))
    s.check_builder("gate-chain/sigmoid-tanh-broadcast", b)

    # Row L2 normalization and a hand-written logsumexp.
    b = Builder()
    X = rng.uniform((9, 31), -2, 2)
    x = b.arg(X)
    T = x.type
    sq = b.op(f"kiln.square {x} : {T}", T)
    ss = b.op(f"kiln.reduce_sum {sq} {{axes = array<i64: 1>, keep_dims = true}} : ({T}) -> "
              "tensor<9x1xf32>", "tensor<9x1xf32>")
    nrm = b.op(f"kiln.sqrt {ss} : tensor<9x1xf32>", "tensor<9x1xf32>")
    unit = b.op(f"kiln.div {x}, {nrm} : ({T}, tensor<9x1xf32>) -> {T}", T)
    mx = b.op(f"kiln.reduce_max {x} {{axes = array<i64: -1>, keep_dims = true}} : ({T}) -> "
              "tensor<9x1xf32>", "tensor<9x1xf32>")
    sh = b.op(f"kiln.sub {x}, {mx} : ({T}, tensor<9x1xf32>) -> {T}", T)
    ex = b.op(f"kiln.exp {sh} : {T}", T)
    se = b.op(f"kiln.reduce_sum {ex} {{axes = array<i64: 1>}} : ({T}) -> tensor<9xf32>",
              "tensor<9xf32>")
    lg = b.op(f"kiln.log {se} : tensor<9xf32>", "tensor<9xf32>")
    mx2 = b.op(f"kiln.reshape {mx} : (tensor<9x1xf32>) -> tensor<9xf32>", "tensor<9xf32>")
    lse = b.op(f"kiln.add {lg}, {mx2} : (tensor<9xf32>, tensor<9xf32>) -> tensor<9xf32>",
               "tensor<9xf32>")
    nrm_r = ref.unary("sqrt", ref.reduce("sum", ref.unary("square", X), [1], True))
    unit_r = ref.binary("div", X, nrm_r)
    lse_r = Tensor("f32", (9,), [ref._logsumexp(X.data[i * 31:(i + 1) * 31]) for i in range(9)])
    b.ret(unit, unit_r)
    b.ret(lse, lse_r)
    s.check_builder("l2-normalize+logsumexp", b)

    # --- a backward step --------------------------------------------------------
    # dense forward, xent backprop, then dW = X^T . dY (transpose_a),
    # db = sum_rows(dY), relu' via select, and an SGD update w - lr * dW.
    b = Builder()
    X = rng.uniform((16, 12), -1, 1)
    W = glorot(rng, 12, 5)
    Bb = rng.uniform((5,), -0.2, 0.2)
    L = rng.integers((16,), 0, 4, "i32")
    x = b.arg(X)
    pre, _, pre_ref, _ = dense(b, x, X, W, Bb, None)
    w = Value("%arg1", b.arg_types[1])  # W, fed by dense()
    lab = b.arg(L)
    T = "tensor<16x5xf32>"
    xe = b.op(f"kiln.sparse_softmax_cross_entropy_with_logits {pre}, {lab} : ({T}, {lab.type})"
              f" -> (tensor<16xf32>, {T})", "tensor<16xf32>", T)
    zero = b.op(f"kiln.constant dense<0.000000e+00> : {T}", T)
    pos = b.op(f"kiln.greater {pre}, {zero} : ({T}, {T}) -> tensor<16x5xi1>", "tensor<16x5xi1>")
    dy = b.op(f"kiln.select {pos}, {xe[1]}, {zero} : (tensor<16x5xi1>, {T}, {T}) -> {T}", T)
    dw = b.op(f"kiln.matmul {x}, {dy} {{transpose_a = true}} : ({x.type}, {T}) -> tensor<12x5xf32>",
              "tensor<12x5xf32>")
    db = b.op(f"kiln.reduce_sum {dy} {{axes = array<i64: 0>}} : ({T}) -> tensor<5xf32>",
              "tensor<5xf32>")
    lr = b.op("kiln.constant dense<1.000000e-01> : tensor<f32>", "tensor<f32>")
    step = b.op(f"kiln.mul {dw}, {lr} : (tensor<12x5xf32>, tensor<f32>) -> tensor<12x5xf32>",
                "tensor<12x5xf32>")
    neww = b.op(f"kiln.sub {w}, {step} : (tensor<12x5xf32>, tensor<12x5xf32>) -> tensor<12x5xf32>",
                "tensor<12x5xf32>")
    _, back_r = ref.sparse_xent(pre_ref, L)
    pos_r = ref.compare("greater", pre_ref, Tensor("f32", (), [0.0]))
    dy_r = ref.select(pos_r, back_r, Tensor("f32", (), [0.0]))
    dw_r = ref.matmul(X, dy_r, transpose_a=True)
    db_r = ref.reduce("sum", dy_r, [0])
    neww_r = ref.binary("sub", W, ref.binary("mul", dw_r, Tensor("f32", (), [round_f32(0.1)])))
    b.ret(dw, dw_r, atol=scaled_atol(dw_r))
    b.ret(db, db_r, atol=scaled_atol(db_r))
    b.ret(neww, neww_r, atol=scaled_atol(neww_r))
    s.check_builder("backward/xent+relu-grad+matmul-transpose_a+sgd", b)


if __name__ == "__main__":
    main(cases)
