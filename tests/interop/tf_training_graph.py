"""A TF1 training graph written by TensorFlow itself (tf.gradients' own
ops - ReluGrad, Tile, Shape arithmetic - and ResourceApplyGradientDescent),
for kiln to import and train.

  write DIR [OPTIMIZER [MODEL [VARIABLES]]]   graph.pb, images.npy, labels.npy, and
              TensorFlow's loss after 0, 1 and 19 steps of OPTIMIZER (sgd,
              momentum, nesterov, adam, adagrad, rmsprop or centered
              (RMSProp); default sgd) training MODEL (mlp,
              default, cnn, or mixed, which also writes tokens.npy) in
              expected.txt; VARIABLES ref writes TF1's ref variables
              (VariableV2, Apply*, SparseApply*) instead of resources
  check DIR   compares kiln-run's printed losses (DIR/kiln-N.txt) with it

The CNN's gradients are TensorFlow's window gradient ops (Conv2DBackprop*,
MaxPoolGrad, AvgPoolGrad with overlapping padded windows), BiasAddGrad,
ShapeN, BroadcastGradientArgs, SigmoidGrad and AddN.
"""
import os
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402

STEPS = (1, 2, 20)  # kiln-run --steps N prints the loss before update N


def optimizer(tf, name, rate):
    """`rate` scales the learning rates (the CNN takes smaller steps)."""
    v1 = tf.compat.v1.train
    return {"sgd": lambda: v1.GradientDescentOptimizer(0.5 * rate),
            "momentum": lambda: v1.MomentumOptimizer(0.1 * rate, 0.9),
            "nesterov": lambda: v1.MomentumOptimizer(0.1 * rate, 0.9, use_nesterov=True),
            "adam": lambda: v1.AdamOptimizer(0.01 * rate),
            "adagrad": lambda: v1.AdagradOptimizer(0.1 * rate),
            "rmsprop": lambda: v1.RMSPropOptimizer(0.01 * rate, momentum=0.5),
            "centered": lambda: v1.RMSPropOptimizer(0.01 * rate, momentum=0.5,
                                                    centered=True)}[name]()


def variable(tf, name, value):
    return tf.compat.v1.get_variable(name, initializer=tf.constant(value))


def mlp(tf, rng, x):
    h = x
    for i, (a, b) in enumerate([(784, 64), (64, 10)]):
        with tf.compat.v1.variable_scope("l%d" % i):
            w = variable(tf, "weights", rng.normal(0, 0.05, (a, b)).astype(np.float32))
            bias = tf.compat.v1.get_variable("biases", initializer=tf.zeros([b]))
            h = tf.matmul(h, w) + bias
            if i == 0:
                h = tf.nn.relu(h)
    return h


def cnn(tf, rng, x):
    """12x12x1 -> conv 3x3 SAME + BiasAdd + relu -> max pool 2/2 SAME ->
    conv 3x3 stride 2 SAME + broadcast add + relu -> avg pool 3/1 SAME
    (overlapping, padded windows) -> swish gate -> dense 10. The second
    bias is a plain add, whose gradient TF writes as a Sum over constant
    indices instead of BiasAddGrad; the gate x * sigmoid(x) multiplies two
    batch-sized tensors, whose gradient takes BroadcastGradientArgs, Sum
    over its (empty) indices, SigmoidGrad and AddN."""
    def weights(shape):
        return variable(tf, "weights", rng.normal(0, 0.3, shape).astype(np.float32))

    def biases(n):
        return variable(tf, "biases", rng.normal(0, 0.1, n).astype(np.float32))

    with tf.compat.v1.variable_scope("conv1"):
        h = tf.nn.conv2d(x, weights((3, 3, 1, 4)), strides=1, padding="SAME")
        h = tf.nn.relu(tf.nn.bias_add(h, biases(4)))
    h = tf.nn.max_pool2d(h, ksize=2, strides=2, padding="SAME")
    with tf.compat.v1.variable_scope("conv2"):
        h = tf.nn.conv2d(h, weights((3, 3, 4, 6)), strides=2, padding="SAME")
        h = tf.nn.relu(h + biases(6))
    h = tf.nn.avg_pool2d(h, ksize=3, strides=1, padding="SAME")
    h = tf.reshape(h, [-1, 3 * 3 * 6])
    h = h * tf.sigmoid(h)
    with tf.compat.v1.variable_scope("dense"):
        return tf.matmul(h, weights((54, 10))) + biases(10)


def mixed(tf, rng, x):
    """The layers issue 15 asks for, in one model: 8x8x2 images through a
    depthwise separable conv, fused batch norm (training mode) and relu,
    averaged over space; 5 token ids (the `tokens` feed) through an
    embedding lookup (whose gradient TensorFlow applies with
    ResourceScatterAdd) and an LSTM cell unrolled over the tokens; both
    joined by a dense layer."""
    def weights(name, shape, scale):
        return variable(tf, name, rng.normal(0, scale, shape).astype(np.float32))

    tokens = tf.compat.v1.placeholder(tf.int64, [None, TOKENS], name="tokens")
    h = tf.nn.separable_conv2d(x, weights("depthwise", (3, 3, 2, 2), 0.3),
                               weights("pointwise", (1, 1, 4, 6), 0.3),
                               strides=[1, 1, 1, 1], padding="SAME")
    h, _, _ = tf.compat.v1.nn.fused_batch_norm(
        h, variable(tf, "gamma", np.ones(6, np.float32)),
        variable(tf, "beta", np.zeros(6, np.float32)), is_training=True)
    pooled = tf.reduce_mean(tf.nn.relu(h), axis=[1, 2])
    embedded = tf.nn.embedding_lookup(weights("embedding", (VOCABULARY, 6), 0.5), tokens)
    # tf.compat.v1's LSTMCell (gone with Keras 3) written out: one matmul
    # for the four gates, forget bias 1.
    kernel = weights("lstm_kernel", (14, 32), 0.2)
    lstm_bias = variable(tf, "lstm_bias", np.zeros(32, np.float32))
    c = h_t = tf.zeros_like(pooled[:, :1]) * tf.zeros([1, 8])
    for token in tf.unstack(embedded, axis=1):
        gates = tf.matmul(tf.concat([token, h_t], axis=1), kernel) + lstm_bias
        i, j, f, o = tf.split(gates, 4, axis=1)
        c = tf.sigmoid(f + 1.0) * c + tf.sigmoid(i) * tf.tanh(j)
        h_t = tf.sigmoid(o) * tf.tanh(c)
    joined = tf.concat([pooled, h_t], axis=1)
    return tf.matmul(joined, weights("dense", (14, 10), 0.3)) + variable(
        tf, "dense_bias", np.zeros(10, np.float32))


TOKENS, VOCABULARY = 5, 20


def write(d, name="sgd", model="mlp", variables="resource"):
    import tensorflow as tf
    tf.compat.v1.disable_eager_execution()
    if variables == "ref":
        tf.compat.v1.disable_resource_variables()
    rng = np.random.RandomState(3)
    feature_shape, batch, build, rate = {
        "mlp": ((784,), 64, mlp, 1.0),
        "cnn": ((12, 12, 1), 8, cnn, 0.2),
        "mixed": ((8, 8, 2), 8, mixed, 0.2)}[model]
    images = rng.uniform(0, 1, (batch,) + feature_shape).astype(np.float32)
    labels = (np.arange(batch) % 10).astype(np.int64)
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, (None,) + feature_shape, name="images")
        y = tf.compat.v1.placeholder(tf.int64, [None], name="labels")
        h = build(tf, rng, x)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h),
                              name="loss")
        step = tf.compat.v1.train.get_or_create_global_step()
        train = optimizer(tf, name, rate).minimize(loss, global_step=step, name="train")
        init = tf.compat.v1.global_variables_initializer()
        tf.io.write_graph(g.as_graph_def(), d, "graph.pb", as_text=False)
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run(init)
            feed = {x: images, y: labels}
            if model == "mixed":
                tokens = rng.randint(0, VOCABULARY, (batch, TOKENS)).astype(np.int64)
                feed[g.get_tensor_by_name("tokens:0")] = tokens
                np.save(os.path.join(d, "tokens.npy"), tokens)
            losses = {}
            for n in range(1, max(STEPS) + 1):
                l, _ = sess.run([loss, train], feed)
                losses[n] = l
    np.save(os.path.join(d, "images.npy"), images)
    np.save(os.path.join(d, "labels.npy"), labels)
    with open(os.path.join(d, "expected.txt"), "w") as f:
        for n in STEPS:
            f.write("%d %.9g\n" % (n, losses[n]))


def check(d):
    expected = dict(line.split() for line in open(os.path.join(d, "expected.txt")))
    worst = 0.0
    for n in STEPS:
        text = open(os.path.join(d, "kiln-%d.txt" % n)).read()
        got = float(re.search(r"loss: f32\[\] ([-0-9.e+]+)", text).group(1))
        want = float(expected[str(n)])
        rel = abs(got - want) / abs(want)
        worst = max(worst, rel)
        print("step %d: kiln %.6f tensorflow %.6f" % (n, got, want))
    print("max relative difference %.2e (%s)" % (worst, "ok" if worst < 1e-4 else "DIFFERENT"))
    return 0 if worst < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(write(*sys.argv[2:6]) if sys.argv[1] == "write" else check(sys.argv[2]))
