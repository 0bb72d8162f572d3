"""Single-op TensorFlow graphs run by kiln (kiln-run) and by TensorFlow,
compared.

  python tf_ops.py KILN_RUN WORKDIR [CASE...]

Each case builds a tf.compat.v1 graph around one op (or the few ops a TF
API call writes, e.g. tf.nn.depthwise_conv2d), with float inputs drawn
from a seeded generator and fed at run time, and constants for the
compile-time inputs (begins, paddings, axes) as TensorFlow writes them.
Where the case has float inputs and outputs, the gradient of a loss over
the outputs is checked too: TensorFlow's tf.gradients against kiln's
autodiff of the imported graph, and against kiln running the backward
ops tf.gradients wrote (a TF-written training graph). Prints one line per case and a total;
exits 1 when any result differs beyond rtol 1e-5 (plus 1e-6 of the
output's RMS, 1e-5 for gradients) or fails to run.
"""
import os
import sys

import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import single_op  # noqa: E402

tf1 = tf.compat.v1
tf1.disable_eager_execution()


def case(name, build, inputs, ranges=None, grad_outputs=None, grad_inputs=None,
         tf_backward=True):
    """build(*placeholders) -> a tensor or a list of tensors; inputs are
    (shape, dtype) pairs; ranges an optional (low, high) per input;
    grad_outputs the outputs the gradient check's loss reads and
    grad_inputs the inputs it differentiates (default: every float one);
    tf_backward=False skips running TensorFlow's own backward ops in kiln
    (for ops whose TF gradient uses an op kiln does not import)."""
    return dict(name=name, build=build, inputs=inputs, ranges=ranges or {},
                grad_outputs=grad_outputs, grad_inputs=grad_inputs,
                tf_backward=tf_backward)


F = lambda *shape: (shape, np.float32)
I32 = lambda *shape: (shape, np.int32)

CASES = [
    # --- shape and indexing -------------------------------------------------
    case("slice", lambda x: tf.slice(x, [1, 0, 2], [2, -1, 3]), [F(4, 3, 7)]),
    case("strided_slice_basic", lambda x: x[1:6:2, ::-1], [F(7, 13)]),
    case("strided_slice_negative", lambda x: x[-2:0:-3, 5:1:-1], [F(13, 7)]),
    case("strided_slice_shrink_newaxis", lambda x: x[3, tf.newaxis, :, 2:], [F(7, 5, 6)]),
    case("strided_slice_ellipsis", lambda x: x[..., 1:3, tf.newaxis], [F(2, 3, 5)]),
    case("strided_slice_ellipsis_mid", lambda x: x[1, ..., ::2], [F(3, 2, 4, 7)]),
    case("strided_slice_masks_out_of_range", lambda x: x[-100:100, :-1], [F(5, 4)]),
    case("strided_slice_batch", lambda x: x[:, 1:, :3], [((None, 4, 5), np.float32)]),
    case("pad", lambda x: tf.pad(x, [[1, 2], [0, 3]]), [F(3, 4)]),
    case("pad_v2", lambda x: tf.pad(x, [[0, 0], [2, 1], [1, 1], [0, 0]], constant_values=1.5),
         [F(2, 3, 3, 2)]),
    case("mirror_pad_reflect", lambda x: tf.pad(x, [[2, 1], [1, 3]], mode="REFLECT"), [F(4, 5)]),
    case("mirror_pad_symmetric", lambda x: tf.pad(x, [[2, 3], [0, 1]], mode="SYMMETRIC"),
         [F(4, 5)]),
    case("pack", lambda x, y: tf.stack([x, y, x], axis=1), [F(2, 3), F(2, 3)]),
    case("pack_last", lambda x: tf.stack([x, x], axis=-1), [F(7)]),
    case("unpack", lambda x: tf.unstack(x, axis=1), [F(2, 3, 4)]),
    case("split", lambda x: tf.split(x, 3, axis=-1), [F(2, 9)]),
    case("split_v", lambda x: tf.split(x, [2, -1, 1], axis=0), [F(7, 3)]),
    case("reverse", lambda x: tf.reverse(x, [0, -1]), [F(3, 4, 5)]),
    case("broadcast_to", lambda x: tf.broadcast_to(x, [2, 3, 4]), [F(3, 1)]),
    case("depth_to_space", lambda x: tf.nn.depth_to_space(x, 2), [F(1, 2, 3, 8)]),
    case("space_to_depth", lambda x: tf.nn.space_to_depth(x, 2), [F(2, 4, 6, 3)]),
    case("one_hot", lambda i: tf.one_hot(i, 5, on_value=2.0, off_value=-1.0),
         [I32(7)], {0: (-1, 6)}),
    case("one_hot_axis0", lambda i: tf.one_hot(i, 4, axis=0), [I32(2, 3)], {0: (0, 4)}),
    case("range", lambda x: x + tf.range(3.0, 10.0, 1.5), [F(5)]),
    case("size_rank", lambda x: [tf.size(x), tf.rank(x)], [F(3, 4)]),
    case("identity_n", lambda x, y: tf.identity_n([x, y]), [F(3), F(2)]),
    case("check_numerics", lambda x: tf.debugging.check_numerics(x * 2.0, "bad"), [F(4)]),
    case("stop_gradient", lambda x: x * tf.stop_gradient(tf.sin(x)), [F(5)]),
    case("gather", lambda p, i: tf.gather(p, i), [F(6, 3), I32(4, 2)], {1: (0, 6)}),
    case("gather_axis1", lambda p, i: tf.gather(p, i, axis=1), [F(2, 5, 3), I32(7)],
         {1: (0, 5)}),
    case("gather_scalar_index", lambda p, i: tf.gather(p, i, axis=-1), [F(4, 3), I32()],
         {1: (0, 3)}),
    case("gather_batch_dims", lambda p, i: tf.gather(p, i, axis=1, batch_dims=1),
         [F(3, 5, 4), I32(3, 2, 7)], {1: (0, 5)}),
    case("gather_batch_dims_inner_axis", lambda p, i: tf.gather(p, i, axis=2, batch_dims=1),
         [F(2, 3, 7, 2), I32(2, 5)], {1: (0, 7)}),
    case("gather_batch_dims_2", lambda p, i: tf.gather(p, i, axis=-1, batch_dims=-1),
         [F(2, 3, 13), I32(2, 3, 4)], {1: (0, 13)}),
    case("embedding_lookup", lambda p, i: tf.nn.embedding_lookup(p, i), [F(10, 4), I32(3, 5)],
         {1: (0, 10)}),
    case("gather_nd", lambda p, i: tf.gather_nd(p, i), [F(4, 3, 2), I32(5, 2)], {1: (0, 3)}),
    case("gather_nd_full", lambda p, i: tf.gather_nd(p, i), [F(3, 4), I32(2, 3, 2)],
         {1: (0, 3)}),
    # Repeated index tuples add up.
    case("tensor_scatter_add", lambda t, i, u: tf.tensor_scatter_nd_add(t, i, u),
         [F(5, 3), I32(4, 1), F(4, 3)], {1: (0, 5)}),
    case("tensor_scatter_sub", lambda t, i, u: tf.tensor_scatter_nd_sub(t, i, u),
         [F(3, 4, 2), I32(5, 2), F(5, 2)], {1: (0, 3)}),
    # Of repeated tuples (6 drawn from 4: some repeat) the last update
    # wins, as in TensorFlow's CPU kernel. Where tuples repeat, TF's
    # gradient also sends the losers' updates a gradient (kiln's: zero),
    # so only the tensor's is compared.
    case("tensor_scatter_update", lambda t, i, u: tf.tensor_scatter_nd_update(t, i, u),
         [F(3, 4, 2), I32(6, 2), F(6, 2)], {1: (0, 2)}, grad_inputs=[0]),
    case("tensor_scatter_update_distinct",
         lambda t, u: tf.tensor_scatter_nd_update(t, [[2], [0]], u), [F(4, 3), F(2, 3)]),
    # Unique's values have a data-dependent count (kiln pads them, and
    # only lets sparse updates use them); its indices are exact.
    case("unique_indices", lambda x: tf.unique(x, out_idx=tf.int64).idx, [I32(11)],
         {0: (0, 5)}),
    case("unsorted_segment_sum", lambda d, i: tf.math.unsorted_segment_sum(d, i, 5),
         [F(6, 2, 3), I32(6)], {1: (-1, 5)}),
    case("unsorted_segment_sum_2d_ids", lambda d, i: tf.math.unsorted_segment_sum(d, i, 4),
         [F(3, 2, 3), I32(3, 2)], {1: (0, 4)}),
    # --- math ---------------------------------------------------------------
    case("floor_ceil_round", lambda x: [tf.floor(x), tf.math.ceil(x), tf.round(x * 2.0)],
         [F(29)], {0: (-4, 4)}),
    case("rint", lambda x: tf.math.rint(x * 2.0), [F(13)], {0: (-3, 3)}),
    case("sign", lambda x: tf.sign(x), [F(13)]),
    case("sin_cos", lambda x: [tf.sin(x), tf.cos(x)], [F(29)], {0: (-7, 7)}),
    case("erf", lambda x: tf.math.erf(x), [F(29)], {0: (-3, 3)}),
    case("log1p_expm1", lambda x: [tf.math.log1p(x), tf.math.expm1(x)], [F(29)],
         {0: (-0.9, 3)}),
    case("log1p_expm1_tiny", lambda x: [tf.math.log1p(x * 1e-6), tf.math.expm1(x * 1e-6)],
         [F(13)]),
    case("floordiv_floormod", lambda x, y: [tf.math.floordiv(x, y), tf.math.floormod(x, y)],
         [F(3, 4), F(4)], {1: (0.5, 2)}),
    case("floordiv_negative", lambda x, y: [tf.math.floordiv(x, -y), tf.math.floormod(x, -y)],
         [F(3, 4), F(4)], {1: (0.5, 2)}),
    case("div_no_nan", lambda x, y: tf.math.divide_no_nan(
        x, y * tf.constant([1.0, 0.0, 1.0, 0.0, 1.0])), [F(3, 5), F(5)], {1: (0.5, 2)}),
    case("int_floordiv_mod", lambda x, y: [x // y, tf.math.floormod(x, y),
                                           tf.truncatemod(x, y)],
         [I32(13), I32(13)], {0: (-50, 50), 1: (1, 7)}),
    # TensorFlow has no gradient for TruncateMod.
    case("mod", lambda x, y: tf.truncatemod(x, y), [F(7), F(7)], {1: (0.5, 2)},
         grad_outputs=[]),
    case("logical", lambda x, y: [tf.logical_and(x > 0, y > 0), tf.logical_or(x > 0, y > 0),
                                  tf.logical_not(x > 0)], [F(3, 4), F(4)]),
    case("reduce_min", lambda x: tf.reduce_min(x, axis=[0, -1], keepdims=True), [F(3, 5, 7)]),
    # Factors near 1 (a product stays finite), and zeros: one in a row of
    # x1 and two in another (the gradient's three cases). TensorFlow writes
    # Prod's gradient with Cumprod.
    case("reduce_prod", lambda x: [tf.reduce_prod(x, axis=1),
                                   tf.reduce_prod(x, axis=[0, -1], keepdims=True)],
         [F(4, 3, 5)], {0: (0.5, 1.5)}),
    case("reduce_prod_zeros",
         lambda x: tf.reduce_prod(x * tf.constant([[1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0],
                                                   [1.0, 1.0, 1.0, 1.0]]), axis=1),
         [F(3, 4)], {0: (0.5, 1.5)}),
    case("any_all", lambda x: [tf.reduce_any(x > 1.0, axis=1), tf.reduce_all(x > -1.5, axis=0)],
         [F(5, 4)]),
    case("argmin", lambda x: tf.argmin(x, axis=1), [F(4, 7)]),
    case("argmin_i32", lambda x: tf.argmin(x, axis=0, output_type=tf.int32), [F(6, 3)]),
    case("cumsum", lambda x: tf.cumsum(x, axis=1), [F(3, 7)]),
    case("cumsum_exclusive_reverse",
         lambda x: tf.cumsum(x, axis=0, exclusive=True, reverse=True), [F(5, 2)]),
    case("cumsum_int", lambda x: tf.cumsum(x, axis=-1, reverse=True), [I32(3, 13)]),
    case("cumprod", lambda x: tf.math.cumprod(x, axis=1), [F(3, 7)], {0: (0.5, 1.5)}),
    case("cumprod_exclusive_reverse",
         lambda x: tf.math.cumprod(x * tf.constant([[1.0], [0.0], [1.0], [1.0], [0.0]]), axis=0,
                                   exclusive=True, reverse=True), [F(5, 3)]),
    # TensorFlow's gradient scatters into the picked positions (ScatterNd
    # of the indices offset by row).
    # k <= n / 4 selects k times; larger k ranks every element.
    case("top_k", lambda x: list(tf.math.top_k(x, 4)), [F(2, 3, 29)]),
    case("top_k_by_rank", lambda x: list(tf.math.top_k(x, 4)), [F(5, 7)]),
    case("top_k_all_ties", lambda x: list(tf.math.top_k(tf.round(x), 5)), [F(6, 13)],
         grad_outputs=[]),
    case("batch_matmul", lambda x, y: tf.matmul(x, y), [F(3, 5, 7), F(3, 7, 4)]),
    case("batch_matmul_broadcast_adjoint", lambda x, y: tf.matmul(
        x, y, adjoint_a=True, adjoint_b=True), [F(2, 1, 7, 5), F(3, 4, 7)]),
    case("batch_matmul_int", lambda x, y: tf.matmul(x, y, adjoint_b=True),
         [I32(2, 3, 5), I32(2, 4, 5)]),
    case("batch_matmul_against_matrix", lambda x, y: tf.matmul(x, y), [F(2, 3, 13, 6), F(6, 5)]),
    # --- activations and NN ---------------------------------------------------
    # TF's backward ops: EluGrad, SeluGrad, LeakyReluGrad, Relu6Grad,
    # SoftplusGrad, SoftsignGrad, RsqrtGrad, SqrtGrad, ReciprocalGrad.
    case("elu_selu", lambda x: [tf.nn.elu(x), tf.nn.selu(x)], [F(7, 13)]),
    case("leaky_relu", lambda x: tf.nn.leaky_relu(x, alpha=0.3), [F(3, 29)]),
    case("relu6", lambda x: tf.nn.relu6(x), [F(13, 7)], {0: (-2, 8)}),
    case("softplus_softsign", lambda x: [tf.nn.softplus(x), tf.nn.softsign(x)],
         [F(29)], {0: (-6, 6)}),
    # TensorFlow 2 writes softplus' gradient with Sigmoid; older TF1 graphs
    # hold SoftplusGrad.
    case("softplus_grad_op", lambda g, x: tf.raw_ops.SoftplusGrad(gradients=g, features=x),
         [F(13), F(13)], {1: (-6, 6)}),
    case("rsqrt_sqrt_reciprocal",
         lambda x: [tf.math.rsqrt(x), tf.sqrt(x), tf.math.reciprocal(x)], [F(7, 7)],
         {0: (0.25, 4)}),
    case("softmax_xent_dense", lambda x, y: tf.nn.softmax_cross_entropy_with_logits(
        labels=tf.nn.softmax(y), logits=x), [F(4, 7), F(4, 7)]),
    # In inference TensorFlow gives the running mean and variance no
    # gradient (kiln differentiates them), so the check leaves them out.
    case("fused_batch_norm_inference", lambda x, s, o, m, v: tf1.nn.fused_batch_norm(
        x, s, o, mean=m, variance=tf.abs(v) + 0.5, is_training=False)[0],
         [F(2, 3, 5, 4), F(4), F(4), F(4), F(4)], grad_inputs=[0, 1, 2]),
    # TensorFlow's gradient of FusedBatchNorm ignores what flows into the
    # batch statistics, so the gradient check's loss reads y only.
    case("fused_batch_norm_training", lambda x, s, o: list(tf1.nn.fused_batch_norm(
        x, s, o, epsilon=1e-3, is_training=True)[:3]),
         [F(2, 5, 3, 4), F(4), F(4)], grad_outputs=[0]),
    case("depthwise_conv", lambda x, w: tf.nn.depthwise_conv2d(
        x, w, [1, 1, 1, 1], "SAME"), [F(2, 7, 7, 3), F(3, 3, 3, 2)]),
    case("depthwise_conv_strided", lambda x, w: tf.nn.depthwise_conv2d(
        x, w, [1, 2, 2, 1], "VALID"), [F(1, 9, 8, 4), F(3, 2, 4, 1)]),
    # Window sizes and strides given as tensors write MaxPoolV2.
    case("max_pool_v2", lambda x: tf.raw_ops.MaxPoolV2(
        input=x, ksize=tf.constant([1, 3, 3, 1]), strides=tf.constant([1, 2, 2, 1]),
        padding="SAME"), [F(2, 7, 9, 3)]),
    case("resize_bilinear", lambda x: tf1.image.resize_bilinear(x, [7, 5]), [F(2, 4, 3, 2)]),
    case("resize_bilinear_align", lambda x: tf1.image.resize_bilinear(
        x, [7, 9], align_corners=True), [F(1, 4, 5, 2)]),
    case("resize_bilinear_half_pixel", lambda x: tf1.image.resize_bilinear(
        x, [8, 3], half_pixel_centers=True), [F(1, 4, 6, 3)]),
    case("resize_nearest", lambda x: tf1.image.resize_nearest_neighbor(x, [7, 5]),
         [F(2, 4, 3, 2)]),
    case("resize_nearest_align", lambda x: tf1.image.resize_nearest_neighbor(
        x, [7, 9], align_corners=True), [F(1, 4, 5, 2)]),
    case("resize_nearest_half_pixel", lambda x: tf1.image.resize_nearest_neighbor(
        x, [8, 3], half_pixel_centers=True), [F(1, 4, 6, 3)]),
]


def feed_value(rng, shape, dtype, bounds):
    shape = tuple(3 if d is None else d for d in shape)
    if dtype == np.int32:
        low, high = bounds or (-10, 10)
        return rng.randint(low, high, shape).astype(np.int32)
    low, high = bounds or (-2, 2)
    return rng.uniform(low, high, shape).astype(np.float32)


def gradient_loss(c, built):
    """loss = sum_i sum(sin(y_i) + k_i y_i) over the float outputs, so
    that dloss/dy_i = cos(y_i) + k_i differs per element and is not linear
    in y (a linear one cancels exactly in batch norm's gradient); None when
    no float output carries a gradient."""
    chosen = c["grad_outputs"]
    terms = []
    for i, y in enumerate(built):
        if not y.dtype.is_floating or (chosen is not None and i not in chosen):
            continue
        terms.append(tf.reduce_sum(tf.sin(y) + y * (0.25 + 0.5 * i)))
    return tf.add_n(terms, name="loss") if terms else None


def run(kiln_run, workdir, c, rng):
    """The forward results, then (where a float input and output exist)
    the gradient of a loss over the outputs: TensorFlow's tf.gradients
    against kiln's autodiff of the same imported graph (a KilnGradients
    node, as kiln's graph API writes for tf.gradients)."""
    graph = tf1.Graph()
    feeds = {}
    with graph.as_default():
        placeholders = []
        for i, (shape, dtype) in enumerate(c["inputs"]):
            placeholders.append(tf1.placeholder(dtype, shape, name=f"x{i}"))
            feeds[f"x{i}"] = feed_value(rng, shape, dtype, c["ranges"].get(i))
        built = c["build"](*placeholders)
        built = built if isinstance(built, (list, tuple)) else [built]
        outs = [tf.identity(t, name=f"y{i}").op.name for i, t in enumerate(built)]
        loss = gradient_loss(c, built)
        wrt = [p for i, p in enumerate(placeholders) if p.dtype.is_floating and
               (c["grad_inputs"] is None or i in c["grad_inputs"])]
        graph_def = graph.as_graph_def()
        grads = []
        if loss is not None and wrt:
            # A gather's gradient is IndexedSlices; densifying it is
            # TensorFlow's UnsortedSegmentSum.
            grads = [tf.convert_to_tensor(g) if g is not None else tf.zeros_like(p)
                     for g, p in zip(tf.gradients(loss, wrt), wrt)]
            node = graph_def.node.add(name="kiln_grad", op="KilnGradients")
            node.input.extend([loss.op.name] + [p.op.name for p in wrt])
            # The same graph with TensorFlow's own backward ops, as a
            # TF-written training graph holds them.
            tf_backward_def = graph.as_graph_def()
    with tf1.Session(graph=graph) as session:
        results = session.run([o + ":0" for o in outs] + grads,
                              {f"{n}:0": v for n, v in feeds.items()})
    expected, expected_grads = results[:len(outs)], results[len(outs):]
    path = os.path.join(workdir, c["name"] + ".pb")
    with open(path, "wb") as f:
        f.write(graph_def.SerializeToString())
    got = single_op.run_kiln(kiln_run, workdir, c["name"], path, feeds, outs)
    difference = single_op.compare_outputs(outs, got, expected, 1e-5, 1e-6, "TensorFlow")
    if difference or not expected_grads:
        return difference
    grad_outs = [f"kiln_grad:{i}" for i in range(len(expected_grads))]
    got = single_op.run_kiln(kiln_run, workdir, c["name"] + "_grad", path, feeds, grad_outs)
    # Gradients sum more terms (batch norm's cancel): 1e-5 of the RMS.
    difference = single_op.compare_outputs(grad_outs, got, expected_grads, 1e-5, 1e-5,
                                           "TensorFlow")
    if difference or not c["tf_backward"]:
        return "gradient " + difference if difference else ""
    # TensorFlow's backward ops imported and run by kiln.
    path = os.path.join(workdir, c["name"] + "_tf_backward.pb")
    with open(path, "wb") as f:
        f.write(tf_backward_def.SerializeToString())
    tf_outs = [g.name for g in grads]
    got = single_op.run_kiln(kiln_run, workdir, c["name"] + "_tfgrad", path, feeds, tf_outs)
    difference = single_op.compare_outputs(tf_outs, got, expected_grads, 1e-5, 1e-5,
                                           "TensorFlow")
    return "TF's backward ops: " + difference if difference else ""


if __name__ == "__main__":
    single_op.main(CASES, run, "tf ops", "TensorFlow")
