"""E2E: kiln.gradients (kiln-expand-gradients) in float64 against central
finite differences of a float64 Python forward pass. Each case writes its
forward computation twice: as kiln IR (differentiated by kiln) and with
the harness's reference ops (differentiated numerically)."""
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, Tensor, main, ref  # noqa: E402

STEP = 1e-5


def numeric_gradient(forward, params, name):
    """d forward / d params[name] by central differences."""
    p = params[name]
    grad = []
    for i in range(len(p.data)):
        values = []
        for sign in (1, -1):
            data = list(p.data)
            data[i] += sign * STEP
            shifted = dict(params, **{name: Tensor(p.dtype, p.shape, data)})
            values.append(forward(shifted).data[0])
        grad.append((values[0] - values[1]) / (2 * STEP))
    return Tensor(p.dtype, p.shape, grad)


def check(s, label, params, wrt, build, forward):
    """build(b, args) -> loss Value using builder b and the args (dict of
    Values); forward(tensors) -> scalar Tensor, the same computation."""
    b = Builder()
    args = {name: b.arg(t) for name, t in params.items()}
    loss = build(b, args)
    types = [args[n].type for n in wrt]
    grads = b.op(f"kiln.gradients {loss} wrt {', '.join(str(args[n]) for n in wrt)} : "
                 f"{loss.type}, ({', '.join(types)}) -> ({', '.join(types)})", *types)
    if len(wrt) == 1:
        grads = [grads]
    b.ret(loss, forward(params), rtol=1e-12, atol=1e-12)
    for name, grad in zip(wrt, grads):
        b.ret(grad, numeric_gradient(forward, params, name), rtol=1e-6, atol=1e-8)
    s.check_builder("gradients/" + label, b)


def cases(s):
    rng = Rng(5)
    u = lambda shape, lo=-1.0, hi=1.0: rng.uniform(shape, lo, hi, "f64")

    # A two-layer classifier: matmul (one transposed weight), bias_add,
    # relu, sparse softmax cross-entropy, mean.
    params = {"x": u((5, 4)), "w1": u((4, 6)), "b1": u((6,), 0.1, 0.5), "w2t": u((3, 6)),
              "b2": u((3,)), "labels": rng.integers((5,), 0, 2, "i64")}

    def build_mlp(b, a):
        h = b.op(f"kiln.matmul {a['x']}, {a['w1']} : ({a['x'].type}, {a['w1'].type}) -> tensor<5x6xf64>",
                 "tensor<5x6xf64>")
        h = b.op(f"kiln.bias_add {h}, {a['b1']} : (tensor<5x6xf64>, tensor<6xf64>) -> tensor<5x6xf64>",
                 "tensor<5x6xf64>")
        h = b.op(f"kiln.relu {h} : tensor<5x6xf64>", "tensor<5x6xf64>")
        z = b.op(f"kiln.matmul {h}, {a['w2t']} {{transpose_b = true}} : (tensor<5x6xf64>, tensor<3x6xf64>)"
                 " -> tensor<5x3xf64>", "tensor<5x3xf64>")
        z = b.op(f"kiln.add {z}, {a['b2']} : (tensor<5x3xf64>, tensor<3xf64>) -> tensor<5x3xf64>",
                 "tensor<5x3xf64>")
        xe = b.op(f"kiln.sparse_softmax_cross_entropy_with_logits {z}, {a['labels']} : "
                  "(tensor<5x3xf64>, tensor<5xi64>) -> (tensor<5xf64>, tensor<5x3xf64>)",
                  "tensor<5xf64>", "tensor<5x3xf64>")
        return b.op(f"kiln.reduce_mean {xe[0]} {{axes = array<i64: 0>}} : (tensor<5xf64>) -> tensor<f64>",
                    "tensor<f64>")

    def forward_mlp(p):
        h = ref.unary("relu", ref.bias_add(ref.matmul(p["x"], p["w1"]), p["b1"]))
        z = ref.binary("add", ref.matmul(h, p["w2t"], transpose_b=True), p["b2"])
        loss, _ = ref.sparse_xent(z, p["labels"])
        return ref.reduce("mean", loss, [0])

    check(s, "mlp-xent", params, ["x", "w1", "b1", "w2t", "b2"], build_mlp, forward_mlp)

    # Broadcasting arithmetic and every unary rule.
    params = {"a": u((3, 1), 0.2, 1.0), "c": u((4,), 0.2, 1.5), "d": u((), 0.5, 1.5)}
    T = "tensor<3x4xf64>"

    def build_elementwise(b, a):
        A, C, D = a["a"], a["c"], a["d"]
        one = b.op("kiln.constant dense<1.0> : tensor<f64>", "tensor<f64>")
        half = b.op("kiln.constant dense<0.5> : tensor<f64>", "tensor<f64>")
        t1 = b.op(f"kiln.mul {A}, {C} : (tensor<3x1xf64>, tensor<4xf64>) -> {T}", T)
        t2 = b.op(f"kiln.sigmoid {t1} : {T}", T)
        t3 = b.op(f"kiln.tanh {C} : tensor<4xf64>", "tensor<4xf64>")
        dd = b.op(f"kiln.mul {D}, {D} : (tensor<f64>, tensor<f64>) -> tensor<f64>", "tensor<f64>")
        t4 = b.op(f"kiln.add {dd}, {one} : (tensor<f64>, tensor<f64>) -> tensor<f64>", "tensor<f64>")
        t5 = b.op(f"kiln.div {t3}, {t4} : (tensor<4xf64>, tensor<f64>) -> tensor<4xf64>", "tensor<4xf64>")
        t6 = b.op(f"kiln.add {t2}, {t5} : ({T}, tensor<4xf64>) -> {T}", T)
        ah = b.op(f"kiln.mul {A}, {half} : (tensor<3x1xf64>, tensor<f64>) -> tensor<3x1xf64>", "tensor<3x1xf64>")
        t7 = b.op(f"kiln.exp {ah} : tensor<3x1xf64>", "tensor<3x1xf64>")
        cc = b.op(f"kiln.square {C} : tensor<4xf64>", "tensor<4xf64>")
        c1 = b.op(f"kiln.add {cc}, {one} : (tensor<4xf64>, tensor<f64>) -> tensor<4xf64>", "tensor<4xf64>")
        t8 = b.op(f"kiln.log {c1} : tensor<4xf64>", "tensor<4xf64>")
        t78 = b.op(f"kiln.mul {t7}, {t8} : (tensor<3x1xf64>, tensor<4xf64>) -> {T}", T)
        t9 = b.op(f"kiln.sub {t6}, {t78} : ({T}, {T}) -> {T}", T)
        t10 = b.op(f"kiln.maximum {t9}, {t2} : ({T}, {T}) -> {T}", T)
        t11 = b.op(f"kiln.minimum {t9}, {half} : ({T}, tensor<f64>) -> {T}", T)
        sq = b.op(f"kiln.square {t9} : {T}", T)
        sq1 = b.op(f"kiln.add {sq}, {one} : ({T}, tensor<f64>) -> {T}", T)
        t12 = b.op(f"kiln.sqrt {sq1} : {T}", T)
        ab = b.op(f"kiln.abs {t9} : {T}", T)
        ab1 = b.op(f"kiln.add {ab}, {one} : ({T}, tensor<f64>) -> {T}", T)
        t13 = b.op(f"kiln.rsqrt {ab1} : {T}", T)
        t14 = b.op(f"kiln.pow {c1}, {A} : (tensor<4xf64>, tensor<3x1xf64>) -> {T}", T)
        t15 = b.op(f"kiln.sin {t9} : {T}", T)
        t16 = b.op(f"kiln.cos {t12} : {T}", T)
        total = t10
        for t in (t11, t12, t13, t14, t15, t16):
            total = b.op(f"kiln.add {total}, {t} : ({T}, {T}) -> {T}", T)
        s1 = b.op(f"kiln.reduce_sum {total} {{axes = array<i64: 0, 1>}} : ({T}) -> tensor<f64>", "tensor<f64>")
        ng = b.op(f"kiln.neg {t9} : {T}", T)
        mx = b.op(f"kiln.reduce_max {ng} {{axes = array<i64: 1>}} : ({T}) -> tensor<3xf64>", "tensor<3xf64>")
        s2 = b.op(f"kiln.reduce_mean {mx} {{axes = array<i64: 0>}} : (tensor<3xf64>) -> tensor<f64>", "tensor<f64>")
        return b.op(f"kiln.add {s1}, {s2} : (tensor<f64>, tensor<f64>) -> tensor<f64>", "tensor<f64>")

    def forward_elementwise(p):
        A, C, D = p["a"], p["c"], p["d"]
        one, half = Tensor("f64", (), [1.0]), Tensor("f64", (), [0.5])
        t2 = ref.unary("sigmoid", ref.binary("mul", A, C))
        t5 = ref.binary("div", ref.unary("tanh", C), ref.binary("add", ref.binary("mul", D, D), one))
        t6 = ref.binary("add", t2, t5)
        c1 = ref.binary("add", ref.unary("square", C), one)
        t78 = ref.binary("mul", ref.unary("exp", ref.binary("mul", A, half)), ref.unary("log", c1))
        t9 = ref.binary("sub", t6, t78)
        terms = [ref.binary("maximum", t9, t2), ref.binary("minimum", t9, half),
                 ref.unary("sqrt", ref.binary("add", ref.unary("square", t9), one)),
                 ref.unary("rsqrt", ref.binary("add", ref.unary("abs", t9), one)),
                 ref.binary("pow", c1, A), ref.unary("sin", t9),
                 ref.unary("cos", ref.unary("sqrt", ref.binary("add", ref.unary("square", t9), one)))]
        total = terms[0]
        for t in terms[1:]:
            total = ref.binary("add", total, t)
        s1 = ref.reduce("sum", total, [0, 1])
        s2 = ref.reduce("mean", ref.reduce("max", ref.unary("neg", t9), [1]), [0])
        return ref.binary("add", s1, s2)

    check(s, "elementwise-broadcast", params, ["a", "c", "d"], build_elementwise,
          forward_elementwise)

    # reduce_prod: rows with no zero (prod / x), one zero (only the zero
    # gets the product of the others) and two zeros (all 0), over axis 1;
    # and over axis 0 with keep_dims.
    params = {"p": Tensor("f64", (3, 4), [0.5, -1.5, 2.0, 0.75, 1.25, 0.0, -0.5, 2.0,
                                          0.0, 1.5, 0.0, -2.0])}
    weights = Tensor("f64", (3,), [1.0, 2.0, 3.0])

    def build_prod(b, a):
        P = a["p"]
        rows = b.op(f"kiln.reduce_prod {P} {{axes = array<i64: 1>}} : (tensor<3x4xf64>) -> "
                    "tensor<3xf64>", "tensor<3xf64>")
        w = b.op("kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>", "tensor<3xf64>")
        weighted = b.op(f"kiln.mul {rows}, {w} : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>",
                        "tensor<3xf64>")
        s1 = b.op(f"kiln.reduce_sum {weighted} {{axes = array<i64: 0>}} : (tensor<3xf64>) -> "
                  "tensor<f64>", "tensor<f64>")
        cols = b.op(f"kiln.reduce_prod {P} {{axes = array<i64: 0>, keep_dims = true}} : "
                    "(tensor<3x4xf64>) -> tensor<1x4xf64>", "tensor<1x4xf64>")
        s2 = b.op(f"kiln.reduce_sum {cols} {{axes = array<i64: 0, 1>}} : (tensor<1x4xf64>) -> "
                  "tensor<f64>", "tensor<f64>")
        return b.op(f"kiln.add {s1}, {s2} : (tensor<f64>, tensor<f64>) -> tensor<f64>",
                    "tensor<f64>")

    def forward_prod(p):
        rows = ref.binary("mul", ref.reduce("prod", p["p"], [1]), weights)
        cols = ref.reduce("prod", p["p"], [0], True)
        return ref.binary("add", ref.reduce("sum", rows, [0]), ref.reduce("sum", cols, [0, 1]))

    check(s, "reduce-prod-zeros", params, ["p"], build_prod, forward_prod)

    # Shapes: reshape, transpose, softmax, log_softmax, a transposed-A
    # matmul; an unused value gets zeros.
    params = {"z": u((2, 3, 4)), "r2": u((6, 2)), "w1": u((6, 4)), "w2": u((4, 6)), "unused": u((3,))}

    def build_shapes(b, a):
        r = b.op(f"kiln.reshape {a['z']} : (tensor<2x3x4xf64>) -> tensor<6x4xf64>", "tensor<6x4xf64>")
        sm = b.op(f"kiln.softmax {r} : tensor<6x4xf64>", "tensor<6x4xf64>")
        rt = b.op(f"kiln.transpose {r} {{perm = array<i64: 1, 0>}} : (tensor<6x4xf64>) -> tensor<4x6xf64>",
                  "tensor<4x6xf64>")
        ls = b.op(f"kiln.log_softmax {rt} : tensor<4x6xf64>", "tensor<4x6xf64>")
        m1 = b.op(f"kiln.mul {sm}, {a['w1']} : (tensor<6x4xf64>, tensor<6x4xf64>) -> tensor<6x4xf64>",
                  "tensor<6x4xf64>")
        m2 = b.op(f"kiln.mul {ls}, {a['w2']} : (tensor<4x6xf64>, tensor<4x6xf64>) -> tensor<4x6xf64>",
                  "tensor<4x6xf64>")
        mm = b.op(f"kiln.matmul {r}, {a['r2']} {{transpose_a = true}} : (tensor<6x4xf64>, tensor<6x2xf64>)"
                  " -> tensor<4x2xf64>", "tensor<4x2xf64>")
        sq = b.op(f"kiln.square {mm} : tensor<4x2xf64>", "tensor<4x2xf64>")
        s1 = b.op(f"kiln.reduce_sum {m1} {{axes = array<i64: 0, 1>}} : (tensor<6x4xf64>) -> tensor<f64>",
                  "tensor<f64>")
        s2 = b.op(f"kiln.reduce_mean {m2} {{axes = array<i64: 0, 1>}} : (tensor<4x6xf64>) -> tensor<f64>",
                  "tensor<f64>")
        s3 = b.op(f"kiln.reduce_sum {sq} {{axes = array<i64: 0, 1>}} : (tensor<4x2xf64>) -> tensor<f64>",
                  "tensor<f64>")
        t = b.op(f"kiln.add {s1}, {s2} : (tensor<f64>, tensor<f64>) -> tensor<f64>", "tensor<f64>")
        return b.op(f"kiln.add {t}, {s3} : (tensor<f64>, tensor<f64>) -> tensor<f64>", "tensor<f64>")

    def forward_shapes(p):
        r = ref.reshape(p["z"], (6, 4))
        s1 = ref.reduce("sum", ref.binary("mul", ref.softmax(r), p["w1"]), [0, 1])
        s2 = ref.reduce("mean", ref.binary("mul", ref.log_softmax(ref.transpose(r, (1, 0))), p["w2"]), [0, 1])
        s3 = ref.reduce("sum", ref.unary("square", ref.matmul(r, p["r2"], transpose_a=True)), [0, 1])
        return ref.binary("add", ref.binary("add", s1, s2), s3)

    check(s, "shapes-softmax", params, ["z", "r2", "unused"], build_shapes, forward_shapes)


    # Convolutions (SAME, dilated VALID, explicit padding) with bias and
    # relu, max and average pools that tile their input.
    params = {"x": u((2, 6, 6, 2)), "w": u((3, 3, 2, 3)), "b": u((3,), 0.1, 0.3),
              "w2": u((2, 2, 3, 2)), "w3": u((3, 2, 2, 2))}

    def build_conv(b, a):
        t1 = "tensor<2x6x6x3xf64>"
        c = b.op(f"kiln.conv2d {a['x']}, {a['w']} {{padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>}}"
                 f" : ({a['x'].type}, {a['w'].type}) -> {t1}", t1)
        c = b.op(f"kiln.bias_add {c}, {a['b']} : ({t1}, tensor<3xf64>) -> {t1}", t1)
        r = b.op(f"kiln.relu {c} : {t1}", t1)
        p = b.op(f"kiln.max_pool {r} {{ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, "
                 f"strides = array<i64: 2, 2>}} : ({t1}) -> tensor<2x3x3x3xf64>", "tensor<2x3x3x3xf64>")
        t2, tc2 = "tensor<2x2x2x2xf64>", "tensor<2x1x2x2xf64>"
        c2 = b.op(f"kiln.conv2d {p}, {a['w2']} {{dilations = array<i64: 2, 1>, padding = #kiln.padding<VALID>,"
                  f" strides = array<i64: 1, 1>}} : (tensor<2x3x3x3xf64>, {a['w2'].type}) -> {tc2}", tc2)
        t3 = "tensor<2x6x6x2xf64>"
        c3 = b.op(f"kiln.conv2d {a['x']}, {a['w3']} {{explicit_paddings = array<i64: 2, 0, 1, 0>, "
                  f"padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>}} : ({a['x'].type}, "
                  f"{a['w3'].type}) -> {t3}", t3)
        ap = b.op(f"kiln.avg_pool {c3} {{ksize = array<i64: 3, 3>, padding = #kiln.padding<VALID>, "
                  f"strides = array<i64: 3, 3>}} : ({t3}) -> {t2}", t2)
        sq = b.op(f"kiln.square {c2} : {tc2}", tc2)
        m = b.op(f"kiln.mul {sq}, {ap} : ({tc2}, {t2}) -> {t2}", t2)
        t = b.op(f"kiln.add {m}, {ap} : ({t2}, {t2}) -> {t2}", t2)
        return b.op(f"kiln.reduce_sum {t} {{axes = array<i64: 0, 1, 2, 3>}} : ({t2}) -> tensor<f64>",
                    "tensor<f64>")

    def forward_conv(p):
        c = ref.bias_add(ref.conv2d(p["x"], p["w"], (1, 1), (1, 1), "SAME"), p["b"])
        pooled = ref.pool("max", ref.unary("relu", c), (2, 2), (2, 2), "SAME")
        c2 = ref.conv2d(pooled, p["w2"], (1, 1), (2, 1), "VALID")
        c3 = ref.conv2d(p["x"], p["w3"], (1, 1), (1, 1), "EXPLICIT", [2, 0, 1, 0])
        ap = ref.pool("avg", c3, (3, 3), (3, 3), "VALID")
        t = ref.binary("add", ref.binary("mul", ref.unary("square", c2), ap), ap)
        return ref.reduce("sum", t, [0, 1, 2, 3])

    check(s, "conv-pool", params, ["x", "w", "b", "w2", "w3"], build_conv, forward_conv)


    # A strided convolution's input gradient, pools whose windows overlap
    # and pad, a slice and a reverse.
    params = {"x": u((1, 7, 7, 2)), "w": u((3, 3, 2, 3))}

    def build_window(b, a):
        tc, tm, ta, tsl = ("tensor<1x4x4x3xf64>", "tensor<1x4x4x3xf64>", "tensor<1x3x3x3xf64>",
                           "tensor<1x2x3x2xf64>")
        c = b.op(f"kiln.conv2d {a['x']}, {a['w']} {{padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>}}"
                 f" : ({a['x'].type}, {a['w'].type}) -> {tc}", tc)
        m = b.op(f"kiln.max_pool {c} {{ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, "
                 f"strides = array<i64: 1, 1>}} : ({tc}) -> {tm}", tm)
        av = b.op(f"kiln.avg_pool {m} {{ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, "
                  f"strides = array<i64: 1, 1>}} : ({tm}) -> {ta}", ta)
        sl = b.op(f"kiln.slice {av} {{begin = array<i64: 0, 1, 0, 1>}} : ({ta}) -> {tsl}", tsl)
        rv = b.op(f"kiln.reverse {sl} {{axes = array<i64: 2>}} : {tsl}", tsl)
        wt = b.op("kiln.constant dense<[2.0, -3.0]> : tensor<2xf64>", "tensor<2xf64>")
        t = b.op(f"kiln.mul {rv}, {wt} : ({tsl}, tensor<2xf64>) -> {tsl}", tsl)
        t = b.op(f"kiln.mul {t}, {sl} : ({tsl}, {tsl}) -> {tsl}", tsl)
        return b.op(f"kiln.reduce_sum {t} {{axes = array<i64: 0, 1, 2, 3>}} : ({tsl}) -> tensor<f64>",
                    "tensor<f64>")

    def forward_window(p):
        c = ref.conv2d(p["x"], p["w"], (2, 2), (1, 1), "SAME")
        m = ref.pool("max", c, (3, 3), (1, 1), "SAME")
        av = ref.pool("avg", m, (2, 2), (1, 1), "VALID")
        at = lambda h, w, ch: av.data[(h * 3 + w) * 3 + ch]
        sl = [[[at(1 + h, w, 1 + ch) for ch in range(2)] for w in range(3)] for h in range(2)]
        weights = [2.0, -3.0]
        terms = [sl[h][2 - w][ch] * weights[ch] * sl[h][w][ch]
                 for h in range(2) for w in range(3) for ch in range(2)]
        return Tensor("f64", (), [math.fsum(terms)])

    check(s, "strided-conv-pools-slice", params, ["x", "w"], build_window, forward_window)


    # Concatenation: each input gets its stretch of the gradient.
    params = {"p": u((2, 3)), "q": u((2, 2)), "r": u((1, 5))}

    def build_concat(b, a):
        c1 = b.op(f"kiln.concat {a['p']}, {a['q']} {{axis = -1 : i64}} : (tensor<2x3xf64>, tensor<2x2xf64>)"
                  " -> tensor<2x5xf64>", "tensor<2x5xf64>")
        c2 = b.op(f"kiln.concat {c1}, {a['r']} {{axis = 0 : i64}} : (tensor<2x5xf64>, tensor<1x5xf64>)"
                  " -> tensor<3x5xf64>", "tensor<3x5xf64>")
        t = b.op(f"kiln.tanh {c2} : tensor<3x5xf64>", "tensor<3x5xf64>")
        w = b.op("kiln.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0]]> : tensor<1x5xf64>", "tensor<1x5xf64>")
        m = b.op(f"kiln.mul {t}, {w} : (tensor<3x5xf64>, tensor<1x5xf64>) -> tensor<3x5xf64>",
                 "tensor<3x5xf64>")
        return b.op(f"kiln.reduce_sum {m} {{axes = array<i64: 0, 1>}} : (tensor<3x5xf64>) -> tensor<f64>",
                    "tensor<f64>")

    def forward_concat(p):
        rows = [p["p"].data[0:3] + p["q"].data[0:2], p["p"].data[3:6] + p["q"].data[2:4], p["r"].data]
        c = Tensor("f64", (3, 5), [v for row in rows for v in row])
        w = Tensor("f64", (1, 5), [1.0, 2.0, 3.0, 4.0, 5.0])
        return ref.reduce("sum", ref.binary("mul", ref.unary("tanh", c), w), [0, 1])

    check(s, "concat", params, ["p", "q", "r"], build_concat, forward_concat)

    # Gathers (repeated rows, an ONNX index counting from the end, an inner
    # axis) and a segment sum dropping a negative id: gradients add up in
    # the rows they came from; check_numerics passes them through.
    params = {"p": u((4, 3))}

    def build_gather(b, a):
        rows_ids = b.op("kiln.constant dense<[3, -1, 0, 3]> : tensor<4xi32>", "tensor<4xi32>")
        rows = b.op(f"kiln.gather {a['p']}, {rows_ids} {{axis = 0 : i64, wrap_negative_indices}}"
                    " : (tensor<4x3xf64>, tensor<4xi32>) -> tensor<4x3xf64>", "tensor<4x3xf64>")
        cols_ids = b.op("kiln.constant dense<[2, 0, 2]> : tensor<3xi64>", "tensor<3xi64>")
        cols = b.op(f"kiln.gather {a['p']}, {cols_ids} {{axis = 1 : i64}}"
                    " : (tensor<4x3xf64>, tensor<3xi64>) -> tensor<4x3xf64>", "tensor<4x3xf64>")
        mixed = b.op(f"kiln.mul {rows}, {cols} : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>",
                     "tensor<4x3xf64>")
        seg_ids = b.op("kiln.constant dense<[1, -1, 1, 0]> : tensor<4xi32>", "tensor<4xi32>")
        sums = b.op(f"kiln.unsorted_segment_sum {mixed}, {seg_ids} {{num_segments = 3 : i64}}"
                    " : (tensor<4x3xf64>, tensor<4xi32>) -> tensor<3x3xf64>", "tensor<3x3xf64>")
        checked = b.op(f'kiln.check_numerics {sums} {{message = "sums"}} : tensor<3x3xf64>',
                       "tensor<3x3xf64>")
        t = b.op(f"kiln.tanh {checked} : tensor<3x3xf64>", "tensor<3x3xf64>")
        return b.op(f"kiln.reduce_sum {t} {{axes = array<i64: 0, 1>}} : (tensor<3x3xf64>) -> tensor<f64>",
                    "tensor<f64>")

    def forward_gather(p):
        x = [p["p"].data[3 * r:3 * r + 3] for r in range(4)]
        rows = [x[3], x[3], x[0], x[3]]
        cols = [[row[2], row[0], row[2]] for row in x]
        mixed = [[a * b for a, b in zip(ra, rb)] for ra, rb in zip(rows, cols)]
        sums = [[0.0] * 3 for _ in range(3)]
        for i, seg in enumerate([1, -1, 1, 0]):
            if seg >= 0:
                sums[seg] = [s + v for s, v in zip(sums[seg], mixed[i])]
        return Tensor("f64", (), [sum(math.tanh(v) for row in sums for v in row)])

    check(s, "gather-segment-sum", params, ["p"], build_gather, forward_gather)


if __name__ == "__main__":
    main(cases)
