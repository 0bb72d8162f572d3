"""The `kiln` Python package against independent references: NumPy in
float64 for kiln's own graphs, TensorFlow and onnxruntime where installed
(those tests skip, saying why, when they are not).

KILN_TOOLS_DIR names build/bin (the seed graphs come from kiln-seed-graphs).
"""
import os
import subprocess

import numpy as np
import pytest

import kiln

TOOLS = os.environ.get("KILN_TOOLS_DIR", "")


@pytest.fixture(scope="module")
def seed_mlp(tmp_path_factory):
    path = tmp_path_factory.mktemp("graphs") / "mlp.pb"
    subprocess.run([os.path.join(TOOLS, "kiln-seed-graphs"), "mlp", str(path)], check=True)
    return path


def mlp_reference(session, images):
    """The seed MLP's logits in float64 from the session's variables."""
    h = images.astype(np.float64)
    for layer, relu in (("hidden1", True), ("hidden2", True), ("softmax_linear", False)):
        h = h @ session.variable(layer + "/weights") + session.variable(layer + "/biases")
        if relu:
            h = np.maximum(h, 0)
    return h


def test_version_is_kilns():
    assert kiln.__version__.count(".") == 2
    assert kiln.llvm_version.startswith("22.")


def test_runs_a_graphdef_file_like_a_float64_reference(seed_mlp):
    session = kiln.Session(seed_mlp)
    assert session.run("^init") is None
    images = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    logits = session.run("softmax_linear/logits", {"images": images})
    assert logits.dtype == np.float32 and logits.shape == (5, 10)
    np.testing.assert_allclose(logits, mlp_reference(session, images), rtol=1e-5, atol=1e-5)
    # A list of fetches gives a list; targets give None; one compile per
    # signature.
    both = session.run(["softmax_linear/logits", "^init"], {"images": images})
    assert both[1] is None and session.compiled_signatures == 3


def test_feeds_are_taken_as_given_or_converted_when_strided(seed_mlp):
    session = kiln.Session(seed_mlp.read_bytes())
    session.run("^init")
    wide = np.random.default_rng(1).random((784, 4), dtype=np.float32)
    strided = wide.T  # Fortran order: copied to C order first
    expected = session.run("softmax_linear/logits", {"images": np.ascontiguousarray(strided)})
    np.testing.assert_array_equal(session.run("softmax_linear/logits", {"images": strided}),
                                  expected)


def test_restore_and_save_round_trip_tensorflow_checkpoints(seed_mlp, tmp_path):
    trained = kiln.Session(seed_mlp)
    trained.run("^init")
    trained.save(tmp_path / "ckpt" / "model.ckpt-3")
    with open(tmp_path / "ckpt" / "checkpoint", "w") as state:
        state.write('model_checkpoint_path: "model.ckpt-3"\n')
    restored = kiln.Session(seed_mlp)
    restored.restore(tmp_path / "ckpt")  # a directory: its latest
    for name in ("hidden1/weights", "softmax_linear/biases"):
        np.testing.assert_array_equal(restored.variable(name), trained.variable(name))
    images = np.ones((2, 784), np.float32)
    np.testing.assert_array_equal(restored.run("softmax_linear/logits", {"images": images}),
                                  trained.run("softmax_linear/logits", {"images": images}))


def test_errors_are_kiln_errors_with_kilns_message(seed_mlp, tmp_path):
    session = kiln.Session(seed_mlp)
    with pytest.raises(kiln.Error, match="variable 'hidden1/weights' is read before"):
        session.run("softmax_linear/logits", {"images": np.zeros((1, 784), np.float32)})
    with pytest.raises(kiln.Error, match="fetch 'nope' names no node"):
        session.run("nope", {"images": np.zeros((1, 784), np.float32)})
    with pytest.raises(kiln.Error, match=r"feed 'images' expects tensor<1x784xf32>, got f64"):
        session.run("^init")
        session.run("softmax_linear/logits", {"images": np.zeros((1, 784))})
    with pytest.raises(TypeError, match="dtype complex64"):
        session.run("softmax_linear/logits", {"images": np.zeros((1, 784), np.complex64)})
    with pytest.raises(kiln.Error, match="no checkpoint in"):
        session.restore(tmp_path)
    with pytest.raises(kiln.Error, match="cannot open"):
        kiln.Session(tmp_path / "missing.pb")
    with pytest.raises(TypeError, match="kiln models are paths, bytes"):
        kiln.Session(42)


def test_compile_writes_an_object_and_header(seed_mlp, tmp_path):
    written = kiln.compile(seed_mlp, feeds={"images": ("float32", [1, 784])},
                           fetches=["softmax_linear/logits"], output=tmp_path / "mlp")
    assert written == [str(tmp_path / "mlp.o"), str(tmp_path / "mlp.h")]
    header = (tmp_path / "mlp.h").read_text()
    assert "mlp_run(" in header and "MLP_ARENA_BYTES" in header.upper()
    kiln_ir = kiln.compile(seed_mlp.read_bytes(), feeds={"images": np.zeros((2, 784), np.float32)},
                           fetches="softmax_linear/logits", output=tmp_path / "mlp.kiln",
                           emit="kiln")
    assert "kiln.matmul" in open(kiln_ir[0]).read()
    with pytest.raises(kiln.Error, match="nope"):
        kiln.compile(seed_mlp, feeds={"images": ("float32", [1, 784])}, fetches=["nope"],
                     output=tmp_path / "bad")


def test_tensorflow_graphs_and_tensors_are_accepted():
    tf = pytest.importorskip("tensorflow", reason="TensorFlow is not installed")
    tf1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = tf1.placeholder(tf.float32, [None, 3], name="x")
        w = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
        y = tf.nn.relu(tf.matmul(x, w) - 4.0, name="y")
    feed = np.array([[1, -2, 3], [0.5, 0.25, 2]], np.float32)
    with tf1.Session(graph=graph) as sess:
        expected = sess.run(y, {x: feed})
    session = kiln.Session(graph)  # graph.as_graph_def() underneath
    np.testing.assert_allclose(session.run(y.name, {x: feed}), expected, rtol=1e-6)


def test_onnx_models_are_accepted():
    onnx = pytest.importorskip("onnx", reason="onnx is not installed")
    helper = onnx.helper
    node = helper.make_node("Gemm", ["a", "b", "c"], ["y"], transB=1)
    model = helper.make_model(
        helper.make_graph([node], "gemm",
                          [helper.make_tensor_value_info("a", onnx.TensorProto.FLOAT, [2, 3]),
                           helper.make_tensor_value_info("b", onnx.TensorProto.FLOAT, [4, 3]),
                           helper.make_tensor_value_info("c", onnx.TensorProto.FLOAT, [4])],
                          [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [2, 4])]),
        opset_imports=[helper.make_opsetid("", 17)])
    rng = np.random.default_rng(2)
    a, b, c = (rng.random(s, dtype=np.float32) for s in ((2, 3), (4, 3), (4,)))
    y = kiln.Session(model).run("y", {"a": a, "b": b, "c": c})
    np.testing.assert_allclose(y, a.astype(np.float64) @ b.T + c, rtol=1e-5)
