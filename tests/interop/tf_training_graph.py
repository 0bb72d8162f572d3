"""A TF1 training graph written by TensorFlow itself (tf.gradients' own
ops - ReluGrad, Tile, Shape arithmetic - and ResourceApplyGradientDescent),
for kiln to import and train.

  write DIR [OPTIMIZER]   graph.pb, images.npy, labels.npy, and
              TensorFlow's loss after 0, 1 and 19 steps of OPTIMIZER (sgd,
              momentum, nesterov or adam; default sgd) in expected.txt
  check DIR   compares kiln-run's printed losses (DIR/kiln-N.txt) with it
"""
import os
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402

STEPS = (1, 2, 20)  # kiln-run --steps N prints the loss before update N


def optimizer(tf, name):
    v1 = tf.compat.v1.train
    return {"sgd": lambda: v1.GradientDescentOptimizer(0.5),
            "momentum": lambda: v1.MomentumOptimizer(0.1, 0.9),
            "nesterov": lambda: v1.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
            "adam": lambda: v1.AdamOptimizer(0.01)}[name]()


def write(d, name="sgd"):
    import tensorflow as tf
    tf.compat.v1.disable_eager_execution()
    rng = np.random.RandomState(3)
    images = rng.uniform(0, 1, (64, 784)).astype(np.float32)
    labels = (np.arange(64) % 10).astype(np.int64)
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 784], name="images")
        y = tf.compat.v1.placeholder(tf.int64, [None], name="labels")
        h = x
        for i, (a, b) in enumerate([(784, 64), (64, 10)]):
            with tf.compat.v1.variable_scope("l%d" % i):
                w0 = rng.normal(0, 0.05, (a, b)).astype(np.float32)
                w = tf.compat.v1.get_variable("weights", initializer=tf.constant(w0))
                bias = tf.compat.v1.get_variable("biases", initializer=tf.zeros([b]))
                h = tf.matmul(h, w) + bias
                if i == 0:
                    h = tf.nn.relu(h)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h),
                              name="loss")
        step = tf.compat.v1.train.get_or_create_global_step()
        train = optimizer(tf, name).minimize(loss, global_step=step, name="train")
        init = tf.compat.v1.global_variables_initializer()
        tf.io.write_graph(g.as_graph_def(), d, "graph.pb", as_text=False)
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run(init)
            feed = {x: images, y: labels}
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
    sys.exit(write(*sys.argv[2:4]) if sys.argv[1] == "write" else check(sys.argv[2]))
