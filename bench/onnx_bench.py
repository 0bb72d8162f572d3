"""kiln against onnxruntime on the same .onnx files, for bench/run.sh.

The models: the seed MLP (784-200-200-10, relu) written with onnx.helper,
as the peers' benchmark builds it (batches 1, 37 and 256), and the
ResNet-style CNN of tests/interop/onnx_models.py as torch.onnx exports it
(batch 32; skipped without torch). kiln runs each file with `kiln-run
--bench` (the compiled step alone, median of N runs); onnxruntime runs the
same file in one InferenceSession (median of N runs). Both on
KILN_NUM_THREADS threads (default 1). Prints "name value unit" lines; a
peer that is missing is reported as skipped with the reason.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

THREADS = int(os.environ.get("KILN_NUM_THREADS", "1"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KILN_RUN = os.path.join(ROOT, "build", "bin", "kiln-run")
sys.path.insert(0, os.path.join(ROOT, "tests", "interop"))


def mlp_model(path, np):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.RandomState(42)
    widths = [784, 200, 200, 10]
    nodes, inits, x = [], [], "x"
    for i in range(3):
        w = rng.uniform(-0.05, 0.05, (widths[i], widths[i + 1])).astype(np.float32)
        b = rng.uniform(-0.05, 0.05, widths[i + 1]).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        y = "y" if i == 2 else f"h{i}"
        nodes.append(helper.make_node("Gemm", [x, f"w{i}", f"b{i}"], [f"g{i}" if i < 2 else y]))
        if i < 2:
            nodes.append(helper.make_node("Relu", [f"g{i}"], [y]))
        x = y
    graph = helper.make_graph(
        nodes, "mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 784])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def ort_median_us(path, x, repeats):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: x}
    session.run(None, feed)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        session.run(None, feed)
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def kiln_median_us(path, x_path, repeats):
    env = dict(os.environ, KILN_NUM_THREADS=str(THREADS))
    out = subprocess.run([KILN_RUN, path, "--feed", f"x={x_path}", "--bench",
                          str(repeats), "--out", f"y={x_path}.out.npy", "--fetch", "y"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"median_us: ([0-9.e+]+)", out).group(1))


def main():
    try:
        import numpy as np
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError as error:
        print(f"skip onnx benchmarks: {error}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        mlp = os.path.join(tmp, "mlp.onnx")
        mlp_model(mlp, np)
        rng = np.random.RandomState(1)
        for batch in (1, 37, 256):
            cases.append((f"mlp_b{batch}", mlp,
                          rng.uniform(-1, 1, (batch, 784)).astype(np.float32), 200))
        try:
            import onnx_models
            resnet = os.path.join(tmp, "resnet.onnx")
            onnx_models.torch_resnet(resnet, False)
            cases.append(("resnet_b32", resnet,
                          rng.uniform(-1, 1, (32, 1, 28, 28)).astype(np.float32), 20))
        except ImportError as error:
            print(f"skip onnx resnet benchmark: {error}")
        for name, path, x, repeats in cases:
            x_path = os.path.join(tmp, f"{name}.npy")
            np.save(x_path, x)
            kiln = kiln_median_us(path, x_path, repeats)
            ort = ort_median_us(path, x, repeats)
            print(f"kiln_onnx_{name} {kiln:.3f} us", flush=True)
            print(f"onnxruntime_onnx_{name} {ort:.3f} us", flush=True)
            print(f"ratio_onnx_{name} {ort / kiln:.3f} x(ort/kiln)", flush=True)


if __name__ == "__main__":
    main()
