"""E2E: the seed MLP's inference step, 784-200-200-10 (relu, relu, linear)
with softmax, argmax and the mean cross-entropy loss, random weights fed
as arguments, batch 1 and 37, the batch dimension declared dynamic as the
GraphDef importer leaves it. Then the same with the weights constants of
the module, as in a frozen inference graph: their matmuls pack the
weights once, on the first run, and read that copy on the second, whose
results are compared."""
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Builder, Rng, main, ref, scaled_atol  # noqa: E402

LAYERS = [784, 200, 200, 10]


def mlp_module(rng, batch, constant_weights=False):
    b = Builder(steps=2 if constant_weights else 1)
    X = rng.uniform((batch, 784), 0, 1)                 # pixel intensities
    L = rng.integers((batch,), 0, 9, "i64")
    x = b.arg(X, dynamic=(0,))
    labels = b.arg(L, dynamic=(0,))
    h, h_ref = x, X
    hidden = []
    for i, (fan_in, fan_out) in enumerate(zip(LAYERS, LAYERS[1:])):
        a = math.sqrt(6.0 / (fan_in + fan_out))          # glorot_uniform
        W = rng.uniform((fan_in, fan_out), -a, a)
        B = rng.uniform((fan_out,), -0.1, 0.1)
        w = b.constant(W) if constant_weights else b.arg(W)
        bias = b.arg(B)
        t = "tensor<?x%dxf32>" % fan_out
        m = b.op(f"kiln.matmul {h}, {w} : ({h.type}, {w.type}) -> {t}", t)
        h = b.op(f"kiln.bias_add {m}, {bias} : ({t}, {bias.type}) -> {t}", t)
        h_ref = ref.bias_add(ref.matmul(h_ref, W), B)
        if i < len(LAYERS) - 2:
            h = b.op(f"kiln.relu {h} : {t}", t)
            h_ref = ref.unary("relu", h_ref)
            hidden.append((h, h_ref))
    logits, logits_ref = h, h_ref
    probs = b.op(f"kiln.softmax {logits} : tensor<?x10xf32>", "tensor<?x10xf32>")
    pred = b.op(f"kiln.argmax {probs} {{axis = 1 : i64}} : (tensor<?x10xf32>) -> tensor<?xi64>",
                "tensor<?xi64>")
    xe = b.op(f"kiln.sparse_softmax_cross_entropy_with_logits {logits}, {labels} : "
              f"(tensor<?x10xf32>, {labels.type}) -> (tensor<?xf32>, tensor<?x10xf32>)",
              "tensor<?xf32>", "tensor<?x10xf32>")
    loss = b.op(f"kiln.reduce_mean {xe[0]} {{axes = array<i64: 0>}} : (tensor<?xf32>) -> "
                "tensor<f32>", "tensor<f32>")

    probs_ref = ref.softmax(logits_ref)
    loss_ref, _ = ref.sparse_xent(logits_ref, L)
    # Each layer accumulates up to 784 products: near-zero activations are
    # judged against the layer's RMS (harness.scaled_atol).
    for h, h_ref in hidden:
        b.ret(h, h_ref, atol=scaled_atol(h_ref))
    b.ret(logits, logits_ref, atol=scaled_atol(logits_ref))
    b.ret(probs, probs_ref)
    b.ret(pred, ref.argmax(probs_ref, 1))
    b.ret(loss, ref.reduce("mean", loss_ref, [0]))
    return b, logits_ref


def cases(s):
    rng = Rng(10)
    for batch, constant_weights in ((1, False), (37, False), (37, True), (3, True)):
        b, logits_ref = mlp_module(rng, batch, constant_weights)
        # The argmax comparison is exact; make sure the seed leaves no
        # near-tie that f32 rounding could legitimately flip.
        for row in range(batch):
            top = sorted(logits_ref.data[row * 10:(row + 1) * 10], reverse=True)
            assert top[0] - top[1] > 1e-4, "near-tie in the reference; change the seed"
        s.check_builder("mlp/784-200-200-10/batch%d%s" %
                        (batch, "/constant-weights" if constant_weights else ""), b)


if __name__ == "__main__":
    main(cases)
