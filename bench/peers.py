"""The peers' side of bench/run.sh: the same MLP in NumPy (+ its BLAS) and
TensorFlow (tf.function with jit_compile=True), one thread each, printing
"name value unit" lines like kiln-bench. A peer that is not installed is
reported as skipped with the reason."""
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def median_us(fn, repeats):
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def main():
    try:
        import numpy as np
    except ImportError as e:
        print(f"skip numpy ({e})")
        return
    rng = np.random.RandomState(42)
    widths = [784, 200, 200, 10]
    weights = [(rng.uniform(-0.05, 0.05, (widths[i], widths[i + 1])).astype(np.float32),
                rng.uniform(-0.05, 0.05, widths[i + 1]).astype(np.float32))
               for i in range(3)]

    def numpy_mlp(x):
        for i, (w, b) in enumerate(weights):
            x = x @ w + b
            if i < 2:
                x = np.maximum(x, 0)
        return x

    for batch in (1, 37, 256):
        x = rng.uniform(-1, 1, (batch, 784)).astype(np.float32)
        print(f"numpy_mlp_b{batch} {median_us(lambda: numpy_mlp(x), 200):.3f} us")

    try:
        import tensorflow as tf
    except ImportError as e:
        print(f"skip tensorflow ({e})")
        return
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf_weights = [(tf.constant(w), tf.constant(b)) for w, b in weights]

    @tf.function(jit_compile=True)
    def tf_mlp(x):
        for i, (w, b) in enumerate(tf_weights):
            x = tf.matmul(x, w) + b
            if i < 2:
                x = tf.nn.relu(x)
        return x

    for batch in (1, 37, 256):
        x = tf.constant(rng.uniform(-1, 1, (batch, 784)).astype(np.float32))
        print(f"tf_xla_mlp_b{batch} {median_us(lambda: tf_mlp(x).numpy(), 200):.3f} us")


if __name__ == "__main__":
    sys.exit(main())
