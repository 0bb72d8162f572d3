"""TensorFlow's side of kiln's GraphDef interop tests.

  write-mlp OUT.pb      the TF1 tutorial MLP, ref variables (VariableV2)
  write-cnn OUT.pb      a two-conv CNN, resource variables (VarHandleOp)
  run GRAPH.pb NAME=IN.npy... -- NAME=OUT.npy...
                        run a frozen graph in TensorFlow on .npy feeds and
                        save the fetches as .npy (the reference for kiln)
  compare A.npy B.npy RTOL
                        exit 1 unless |a-b| <= RTOL*|b| + 1e-6 everywhere
  load GRAPH.pb FEED:SHAPE... -- FETCH...
                        tf.import_graph_def the file, initialize its
                        variables ("init", or every assign), feed zeros of
                        the given shapes (AxBxC) and print each fetch's
                        dtype and shape

Graphs are built with tf.compat.v1 in graph mode, as TF1 users wrote them.
"""
import sys

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
v1.disable_eager_execution()


def write(graph, path):
    with open(path, "wb") as f:
        f.write(graph.as_graph_def().SerializeToString())


def write_mlp(path):
    graph = tf.Graph()
    with graph.as_default():
        v1.set_random_seed(1)
        images = v1.placeholder(tf.float32, [None, 784], name="images")
        labels = v1.placeholder(tf.int64, [None], name="labels")
        hidden, width = images, 784
        for scope in ("hidden1", "hidden2"):
            with v1.name_scope(scope):
                w = v1.Variable(v1.truncated_normal([width, 200], stddev=0.05),
                                name="weights", use_resource=False)
                b = v1.Variable(tf.zeros([200]), name="biases",
                                use_resource=False)
                hidden = tf.nn.relu(tf.matmul(hidden, w) + b)
                width = 200
        with v1.name_scope("softmax_linear"):
            w = v1.Variable(v1.truncated_normal([200, 10], stddev=0.05),
                            name="weights", use_resource=False)
            b = v1.Variable(tf.zeros([10]), name="biases", use_resource=False)
            logits = tf.add(tf.matmul(hidden, w), b, name="logits")
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy")
        tf.reduce_mean(loss, name="xentropy_mean")
        correct = v1.nn.in_top_k(logits, labels, 1)
        tf.reduce_sum(tf.cast(correct, tf.int32), name="correct")
        v1.global_variables_initializer()
    write(graph, path)


def write_cnn(path):
    graph = tf.Graph()
    with graph.as_default():
        images = v1.placeholder(tf.float32, [None, 28, 28, 1], name="images")
        x = images
        for scope, (cin, cout) in (("conv1", (1, 32)), ("conv2", (32, 64))):
            with v1.variable_scope(scope):
                w = v1.get_variable("weights", [5, 5, cin, cout],
                                    initializer=v1.random_normal_initializer(),
                                    use_resource=True)
                b = v1.get_variable("biases", [cout],
                                    initializer=v1.constant_initializer(0.0),
                                    use_resource=True)
                conv = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
                x = tf.nn.max_pool2d(tf.nn.relu(conv + b), ksize=2, strides=2,
                                     padding="SAME")
        with v1.variable_scope("dense"):
            flat = tf.reshape(x, [-1, 7 * 7 * 64])
            w = v1.get_variable("weights", [7 * 7 * 64, 10], use_resource=True)
            b = v1.get_variable("biases", [10],
                                initializer=v1.zeros_initializer(),
                                use_resource=True)
            tf.add(tf.matmul(flat, w), b, name="logits")
        v1.global_variables_initializer()
    write(graph, path)


def import_graph(path):
    """The GraphDef at `path` and a tf.Graph holding it, names unprefixed."""
    graph_def = tf.compat.v1.GraphDef()
    with open(path, "rb") as f:
        graph_def.ParseFromString(f.read())
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
    return graph_def, graph


def load(path, args):
    split = args.index("--")
    feeds = [a.split(":", 1) for a in args[:split]]
    fetches = args[split + 1:]
    graph_def, graph = import_graph(path)
    with v1.Session(graph=graph) as session:
        # Initialize variables: through "init" when the graph has one,
        # otherwise by running every assign (a kiln export keeps those).
        if any(n.name == "init" for n in graph_def.node):
            session.run("init")
        else:
            assigns = [n.name for n in graph_def.node
                       if n.op in ("Assign", "AssignVariableOp")]
            if assigns:
                session.run(assigns)
        feed_dict = {}
        for name, shape in feeds:
            tensor = graph.get_tensor_by_name(name + ":0")
            dims = [int(d) for d in shape.split("x")] if shape else []
            feed_dict[tensor] = np.zeros(dims, tensor.dtype.as_numpy_dtype)
        values = session.run([f if ":" in f else f + ":0" for f in fetches], feed_dict)
    for name, value in zip(fetches, values):
        print(f"{name}: {value.dtype} {list(np.shape(value))}")


def run(path, args):
    split = args.index("--")
    feeds = [a.split("=", 1) for a in args[:split]]
    fetches = [a.split("=", 1) for a in args[split + 1:]]
    _, graph = import_graph(path)
    with v1.Session(graph=graph) as session:
        values = session.run([name + ":0" for name, _ in fetches],
                             {name + ":0": np.load(file) for name, file in feeds})
    for (_, file), value in zip(fetches, values):
        np.save(file, value)


def compare(a_path, b_path, rtol):
    a, b = np.load(a_path), np.load(b_path)
    if a.shape != b.shape:
        sys.exit(f"shape {a.shape} != {b.shape}")
    error = np.abs(a.astype(np.float64) - b.astype(np.float64))
    # An element that cancels to near zero carries the rounding error of
    # the terms summed, not of itself: judge it against the output's RMS.
    rms = float(np.sqrt(np.mean(np.square(b.astype(np.float64))))) if b.size else 0.0
    bound = float(rtol) * np.abs(b.astype(np.float64)) + max(1e-6, float(rtol) * rms)
    worst = float(np.max(error / (np.abs(b) + 1e-30))) if a.size else 0.0
    print(f"max relative error {worst:.3g}")
    sys.exit(0 if np.all(error <= bound) else 1)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write-mlp":
        write_mlp(sys.argv[2])
    elif command == "write-cnn":
        write_cnn(sys.argv[2])
    elif command == "run":
        run(sys.argv[2], sys.argv[3:])
    elif command == "compare":
        compare(*sys.argv[2:5])
    elif command == "load":
        load(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(f"unknown command {command}")
