"""The peers' side of bench/run.sh: the same MLP, CNN and GEMMs in NumPy
(+ its OpenBLAS), TensorFlow (tf.function with jit_compile=True),
onnxruntime and PyTorch, on KILN_NUM_THREADS threads each (default 1),
printing "name value unit" lines like kiln-bench. A peer that is not
installed is reported as skipped with the reason."""
import os
import statistics
import sys
import time

THREADS = int(os.environ.get("KILN_NUM_THREADS", "1"))
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

BATCHES = (1, 37, 256)
CNN_BATCH = 32
GEMM_SHAPES = ((256, 784, 200), (256, 200, 200), (256, 200, 10), (1024, 1024, 1024), (4096, 1024, 4096))


def median_us(fn, repeats):
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def report(name, value, unit):
    print(f"{name} {value:.3f} {unit}", flush=True)


class Models:
    """Weights shared by every peer: the MLP 784-200-200-10 (relu) and the
    CNN conv5x5x32+relu+pool, conv5x5x64+relu+pool, dense 10 (SAME)."""

    def __init__(self, np):
        rng = np.random.RandomState(42)
        u = lambda *shape: rng.uniform(-0.05, 0.05, shape).astype(np.float32)
        widths = [784, 200, 200, 10]
        self.mlp = [(u(widths[i], widths[i + 1]), u(widths[i + 1])) for i in range(3)]
        self.conv = [(u(5, 5, 1, 32), u(32)), (u(5, 5, 32, 64), u(64))]  # HWIO
        self.dense = (u(7 * 7 * 64, 10), u(10))
        self.mlp_inputs = {b: rng.uniform(-1, 1, (b, 784)).astype(np.float32) for b in BATCHES}
        self.images = rng.uniform(0, 1, (CNN_BATCH, 28, 28, 1)).astype(np.float32)


def bench_numpy(np, m):
    def mlp(x):
        for i, (w, b) in enumerate(m.mlp):
            x = x @ w + b
            if i < 2:
                x = np.maximum(x, 0)
        return x

    for batch in BATCHES:
        x = m.mlp_inputs[batch]
        report(f"numpy_mlp_b{batch}", median_us(lambda: mlp(x), 200), "us")
    rng = np.random.RandomState(7)
    for mm, k, n in GEMM_SHAPES:
        a = rng.uniform(-1, 1, (mm, k)).astype(np.float32)
        w = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        b = rng.uniform(-1, 1, n).astype(np.float32)
        c = np.empty((mm, n), np.float32)
        repeats = 3 if mm * n * k > 5e9 else 11 if mm * n * k > 1e7 else 101
        flops = 2.0 * mm * n * k
        gemm = median_us(lambda: np.matmul(a, w, out=c), repeats)

        def unfused():
            np.matmul(a, w, out=c)
            np.add(c, b, out=c)
            np.maximum(c, 0, out=c)
        report(f"openblas_gemm_{mm}x{k}x{n}", flops / gemm / 1e3, "GFLOP/s")
        report(f"openblas_unfused_{mm}x{k}x{n}", flops / median_us(unfused, repeats) / 1e3, "GFLOP/s")


def bench_tensorflow(np, m):
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    mlp = [(tf.constant(w), tf.constant(b)) for w, b in m.mlp]
    conv = [(tf.constant(w), tf.constant(b)) for w, b in m.conv]
    dense = tuple(tf.constant(t) for t in m.dense)

    @tf.function(jit_compile=True)
    def tf_mlp(x):
        for i, (w, b) in enumerate(mlp):
            x = tf.matmul(x, w) + b
            if i < 2:
                x = tf.nn.relu(x)
        return x

    @tf.function(jit_compile=True)
    def tf_cnn(x):
        for w, b in conv:
            x = tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME") + b)
            x = tf.nn.max_pool2d(x, 2, 2, "SAME")
        return tf.matmul(tf.reshape(x, (-1, 7 * 7 * 64)), dense[0]) + dense[1]

    for batch in BATCHES:
        x = tf.constant(m.mlp_inputs[batch])
        report(f"tf_xla_mlp_b{batch}", median_us(lambda: tf_mlp(x).numpy(), 200), "us")
    images = tf.constant(m.images)
    report(f"tf_xla_cnn_b{CNN_BATCH}", median_us(lambda: tf_cnn(images).numpy(), 20), "us")

    # One SGD train step (forward, backward, update), XLA-compiled.
    mlp_vars = [(tf.Variable(w), tf.Variable(b)) for w, b in m.mlp]
    conv_vars = [(tf.Variable(w), tf.Variable(b)) for w, b in m.conv]
    dense_vars = tuple(tf.Variable(t) for t in m.dense)

    def mlp_logits(x):
        for i, (w, b) in enumerate(mlp_vars):
            x = tf.matmul(x, w) + b
            if i < 2:
                x = tf.nn.relu(x)
        return x

    def cnn_logits(x):
        x = tf.reshape(x, (-1, 28, 28, 1))
        for w, b in conv_vars:
            x = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME") + b), 2, 2, "SAME")
        return tf.matmul(tf.reshape(x, (-1, 7 * 7 * 64)), dense_vars[0]) + dense_vars[1]

    def train_step(logits_fn, variables):
        @tf.function(jit_compile=True)
        def step(x, y):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                    labels=y, logits=logits_fn(x)))
            for v, g in zip(variables, tape.gradient(loss, variables)):
                v.assign_sub(0.01 * g)
            return loss
        return step

    flat = lambda pairs: [v for pair in pairs for v in pair]
    for name, fn, variables, batch, reps in (
            ("mlp_b100", mlp_logits, flat(mlp_vars), 100, 200),
            ("cnn_b64", cnn_logits, flat(conv_vars) + list(dense_vars), 64, 20)):
        step = train_step(fn, variables)
        x = tf.constant(np.random.RandomState(1).uniform(0, 1, (batch, 784)).astype(np.float32))
        y = tf.constant(np.arange(batch, dtype=np.int64) % 10)
        report(f"tf_xla_train_{name}", median_us(lambda: step(x, y).numpy(), reps), "us")


def bench_onnxruntime(np, m):
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    def session(nodes, inits, input_shape, output_shape):
        graph = helper.make_graph(
            nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_shape)],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, output_shape)],
            [numpy_helper.from_array(v, n) for n, v in inits.items()])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        options = ort.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = 1
        return ort.InferenceSession(model.SerializeToString(), options,
                                    providers=["CPUExecutionProvider"])

    nodes, inits, x = [], {}, "x"
    for i, (w, b) in enumerate(m.mlp):
        inits[f"w{i}"], inits[f"b{i}"] = w, b
        y = "y" if i == 2 else f"h{i}"
        nodes.append(helper.make_node("MatMul", [x, f"w{i}"], [f"m{i}"]))
        nodes.append(helper.make_node("Add", [f"m{i}", f"b{i}"], [f"a{i}" if i < 2 else y]))
        if i < 2:
            nodes.append(helper.make_node("Relu", [f"a{i}"], [y]))
        x = y
    mlp = session(nodes, inits, ["N", 784], ["N", 10])
    for batch in BATCHES:
        feed = {"x": m.mlp_inputs[batch]}
        report(f"onnxruntime_mlp_b{batch}", median_us(lambda: mlp.run(None, feed), 200), "us")

    nodes, inits, x = [], {}, "x"
    for i, (w, b) in enumerate(m.conv):
        inits[f"w{i}"], inits[f"b{i}"] = np.ascontiguousarray(w.transpose(3, 2, 0, 1)), b
        nodes += [helper.make_node("Conv", [x, f"w{i}", f"b{i}"], [f"c{i}"], pads=[2, 2, 2, 2]),
                  helper.make_node("Relu", [f"c{i}"], [f"r{i}"]),
                  helper.make_node("MaxPool", [f"r{i}"], [f"p{i}"], kernel_shape=[2, 2], strides=[2, 2])]
        x = f"p{i}"
    # NCHW flattening differs from NHWC; the cost is the same.
    inits["shape"] = np.array([-1, 7 * 7 * 64], np.int64)
    inits["wd"], inits["bd"] = m.dense
    nodes += [helper.make_node("Reshape", [x, "shape"], ["flat"]),
              helper.make_node("Gemm", ["flat", "wd", "bd"], ["y"])]
    cnn = session(nodes, inits, [CNN_BATCH, 1, 28, 28], [CNN_BATCH, 10])
    feed = {"x": np.ascontiguousarray(m.images.transpose(0, 3, 1, 2))}
    report(f"onnxruntime_cnn_b{CNN_BATCH}", median_us(lambda: cnn.run(None, feed), 20), "us")


def bench_torch(np, m):
    import torch
    torch.set_num_threads(THREADS)
    t = torch.from_numpy
    mlp = [(t(w), t(b)) for w, b in m.mlp]
    conv = [(t(np.ascontiguousarray(w.transpose(3, 2, 0, 1))), t(b)) for w, b in m.conv]
    dense = (t(m.dense[0]), t(m.dense[1]))
    F = torch.nn.functional

    def torch_mlp(x):
        for i, (w, b) in enumerate(mlp):
            x = torch.addmm(b, x, w)
            if i < 2:
                x = torch.relu(x)
        return x

    def torch_cnn(x):
        for w, b in conv:
            x = F.max_pool2d(torch.relu(F.conv2d(x, w, b, padding=2)), 2)
        return torch.addmm(dense[1], x.reshape(-1, 7 * 7 * 64), dense[0])

    with torch.inference_mode():
        for batch in BATCHES:
            x = t(m.mlp_inputs[batch])
            report(f"torch_mlp_b{batch}", median_us(lambda: torch_mlp(x), 200), "us")
        images = t(np.ascontiguousarray(m.images.transpose(0, 3, 1, 2)))
        report(f"torch_cnn_b{CNN_BATCH}", median_us(lambda: torch_cnn(images), 20), "us")

    # One SGD train step (forward, backward, update) in eager PyTorch.
    mlp_params = [p.clone().requires_grad_() for pair in mlp for p in pair]
    cnn_params = [p.clone().requires_grad_() for pair in conv for p in pair] + \
        [p.clone().requires_grad_() for p in dense]

    def mlp_train_logits(x):
        for i in range(3):
            x = torch.addmm(mlp_params[2 * i + 1], x, mlp_params[2 * i])
            if i < 2:
                x = torch.relu(x)
        return x

    def cnn_train_logits(x):
        x = x.reshape(-1, 1, 28, 28)
        for i in range(2):
            x = F.max_pool2d(torch.relu(F.conv2d(x, cnn_params[2 * i], cnn_params[2 * i + 1],
                                                 padding=2)), 2)
        return torch.addmm(cnn_params[5], x.reshape(-1, 7 * 7 * 64), cnn_params[4])

    for name, fn, params, batch, reps in (("mlp_b100", mlp_train_logits, mlp_params, 100, 200),
                                          ("cnn_b64", cnn_train_logits, cnn_params, 64, 20)):
        x = t(np.random.RandomState(1).uniform(0, 1, (batch, 784)).astype(np.float32))
        y = torch.arange(batch) % 10

        def step():
            loss = F.cross_entropy(fn(x), y)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for p, g in zip(params, grads):
                    p.sub_(0.01 * g)
        report(f"torch_train_{name}", median_us(step, reps), "us")


def main():
    try:
        import numpy as np
    except ImportError as e:
        print(f"skip numpy ({e})")
        return
    m = Models(np)
    bench_numpy(np, m)
    for name, fn in (("tensorflow", bench_tensorflow), ("onnxruntime", bench_onnxruntime),
                     ("torch", bench_torch)):
        try:
            fn(np, m)
        except ImportError as e:
            print(f"skip {name} ({e})")


if __name__ == "__main__":
    sys.exit(main())
