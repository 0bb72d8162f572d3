"""kiln from Python: run TensorFlow GraphDefs, ONNX models and kiln IR with
kiln's JIT, train through their variables, and compile steps ahead of time.

    import kiln, numpy as np
    session = kiln.Session("mlp.pb")               # or bytes, or graph.as_graph_def()
    session.restore("ckpt")                         # a TF checkpoint (dir: latest)
    logits = session.run("softmax_linear/logits", {"images": np.zeros((8, 784), np.float32)})
    kiln.compile("mlp.pb", feeds={"images": ("float32", [1, 784])},
                 fetches=["softmax_linear/logits"], output="build/mlp")  # mlp.o, mlp.h

Errors are kiln.Error (a RuntimeError) with kiln's message, naming the
node, tensor or file at fault.
"""
import os
import sys
import tempfile

import numpy as np

# The extension binds its own libprotobuf, libMLIR and libLLVM first
# (RTLD_DEEPBIND): TensorFlow's Python package exports protobuf and LLVM
# symbols of other versions into the process, and the tensorflow.* protos
# kiln reads GraphDefs with would otherwise be registered in TensorFlow's
# descriptor pool, where they clash with TensorFlow's own.
_flags = sys.getdlopenflags()
sys.setdlopenflags(_flags | os.RTLD_DEEPBIND)
try:
    from ._kiln import Error, __version__, _compile, _Session, default_target, llvm_version
finally:
    sys.setdlopenflags(_flags)

__all__ = ["Error", "Session", "compile", "__version__", "llvm_version"]
Error.__module__ = "kiln"

# NumPy dtypes kiln's tensors take, and kiln-compile's names for them.
_FEED_SPEC_DTYPES = {
    np.dtype(np.float16): "f16", np.dtype(np.float32): "f32", np.dtype(np.float64): "f64",
    np.dtype(np.int8): "i8", np.dtype(np.int16): "i16", np.dtype(np.int32): "i32",
    np.dtype(np.int64): "i64", np.dtype(np.uint8): "u8", np.dtype(np.bool_): "bool",
}


def _serialized(model):
    """(path, None) for a file, (None, bytes) for a model in memory."""
    if isinstance(model, (str, os.PathLike)):
        return os.fspath(model), None
    if isinstance(model, (bytes, bytearray, memoryview)):
        return None, bytes(model)
    if hasattr(model, "as_graph_def"):  # a tf.Graph
        model = model.as_graph_def()
    if hasattr(model, "SerializeToString"):  # a GraphDef or ModelProto
        return None, model.SerializeToString()
    raise TypeError("kiln models are paths, bytes, or objects with "
                    "SerializeToString() or as_graph_def(); got %s" % type(model).__name__)


def _tensor_name(key):
    """Names are "x", "x:0" (the same tensor) or "x:1", or TensorFlow
    tensors (their .name)."""
    name = key if isinstance(key, str) else getattr(key, "name", None)
    if not isinstance(name, str):
        raise TypeError("tensors are named by strings or objects with a .name")
    return name[:-2] if name.endswith(":0") else name


class Session:
    """tf.Session.run over one model, compiled once per signature (feed
    names, dtypes and shapes, and fetches); variables live in the session
    across runs."""

    def __init__(self, model, name="model"):
        path, data = _serialized(model)
        self._session = (_Session.from_path(path) if path is not None
                         else _Session.from_bytes(data, name))

    def run(self, fetches, feed_dict=None):
        """Runs `fetches` ("node", "node:k", or "^node" for a target, which
        returns None) on `feed_dict` ({name: array}). A single fetch returns
        one array, a list returns a list. C-contiguous arrays of a kiln
        dtype are read in place; others are converted first."""
        single = isinstance(fetches, str) or hasattr(fetches, "name")
        names = [_tensor_name(f) for f in ([fetches] if single else fetches)]
        feeds = []
        for key, value in (feed_dict or {}).items():
            array = np.asarray(value)
            if array.dtype not in _FEED_SPEC_DTYPES:
                raise TypeError("feed %r has dtype %s, which kiln does not take"
                                % (_tensor_name(key), array.dtype))
            feeds.append((_tensor_name(key), np.ascontiguousarray(array)))
        outputs = iter(self._session.run(names, feeds))
        results = [None if name.startswith("^") else next(outputs) for name in names]
        return results[0] if single else results

    def restore(self, path):
        """Loads every variable from a TensorFlow V2 checkpoint: a prefix,
        or a directory (its latest checkpoint), as Saver.restore."""
        self._session.restore(os.fspath(path))

    def save(self, prefix):
        """Writes every variable as the TensorFlow V2 checkpoint `prefix`."""
        self._session.save(os.fspath(prefix))

    def variable(self, name):
        """A copy of variable `name`'s value, or None before a step set it."""
        return self._session.variable(name)

    @property
    def compiled_signatures(self):
        return self._session.compiled_signatures


def _feed_spec(name, value):
    if isinstance(value, np.ndarray):
        dtype, shape = value.dtype, value.shape
    else:
        dtype, shape = value
    dtype = np.dtype(dtype)
    if dtype not in _FEED_SPEC_DTYPES:
        raise TypeError("feed %r has dtype %s, which kiln does not take" % (name, dtype))
    return "%s:%s[%s]" % (name, _FEED_SPEC_DTYPES[dtype], ",".join(str(int(d)) for d in shape))


def compile(model, feeds, fetches, output, emit="obj", name="", target=default_target):
    """kiln-compile from Python: compiles the step computing `fetches` from
    `feeds` ({name: (dtype, shape)} or {name: example array}) ahead of time.
    emit="obj" writes OUTPUT.o and OUTPUT.h, "so" OUTPUT.so and OUTPUT.h;
    "kiln", "mlir", "llvm" and "asm" write that stage to OUTPUT. Returns the
    paths written."""
    path, data = _serialized(model)
    specs = [_feed_spec(_tensor_name(key), value) for key, value in feeds.items()]
    fetches = [_tensor_name(f) for f in ([fetches] if isinstance(fetches, str) else fetches)]
    output = os.fspath(output)
    with tempfile.TemporaryDirectory() as scratch:
        if path is None:
            path = os.path.join(scratch, "model")
            with open(path, "wb") as file:
                file.write(data)
        _compile(path, specs, fetches, output, emit, name, target)
    if emit in ("obj", "so"):
        return [output + (".o" if emit == "obj" else ".so"), output + ".h"]
    return [output]
