"""TensorFlow's side of the checkpoint interop tests (tests/interop/checkpoint).

Subcommands:
  dump PREFIX [NAME...]    tf.train.load_checkpoint's view, printed exactly as
                           `kiln-checkpoint dump` prints kiln's view
  save-raw PREFIX          kiln-checkpoint's sample, saved by TF's SaveV2 op
  latest DIR               tf.train.latest_checkpoint(DIR)
  write-v1 DIR             a tf.compat.v1 Saver checkpoint DIR/model.ckpt-7
  write-v2 DIR             a tf.train.Checkpoint (CheckpointManager) one
  write-sharded DIR        a sharded Saver's DIR/model.ckpt: two data files
  make-graph OUT           a TF1 graph with variables and a Saver, as GraphDef
  restore-meta META PREFIX NAME...
                           import_meta_graph(META), Saver.restore(PREFIX),
                           print the named variables as `dump` does
"""
import sys

import numpy as np
import tensorflow as tf
from tensorflow.core.framework import types_pb2


def format_values(dtype, values):
    flat = np.asarray(values).reshape(-1)
    if dtype == tf.string:
        return [v.hex() if v else "''" for v in flat]
    if dtype == tf.bool:
        return ["1" if v else "0" for v in flat]
    if dtype == tf.float64:
        return ["%.17g" % v for v in flat]
    if dtype in (tf.float32, tf.float16):
        return ["%.9g" % float(v) for v in flat]
    return [str(int(v)) for v in flat]


def line(name, dtype, shape, values):
    type_name = types_pb2.DataType.Name(dtype.as_datatype_enum)
    shape_text = "[" + ",".join(str(d) for d in shape) + "]"
    return " ".join(["%s %s %s:" % (name, type_name, shape_text)] +
                    format_values(dtype, values))


def dump(prefix, names):
    reader = tf.train.load_checkpoint(prefix)
    dtypes = reader.get_variable_to_dtype_map()
    shapes = reader.get_variable_to_shape_map()
    for name in names or sorted(dtypes, key=lambda n: n.encode()):
        print(line(name, dtypes[name], shapes[name], reader.get_tensor(name)))


def sample(step):
    """kiln-checkpoint's sample (tools/kiln-checkpoint/Sample.cpp), same order."""
    return [
        ("weights", np.array([0.5 * i - 1.25 for i in range(6)], np.float32).reshape(2, 3)),
        ("scalar", np.float32(3.25)),
        ("hidden1/biases", np.array([i / 3.0 - 0.5 for i in range(4)], np.float64)),
        ("counts", np.array([-7, 0, 2147483647], np.int32)),
        ("big", np.array([-1, 1099511627776, 5, -9000000000000000], np.int64).reshape(2, 2)),
        ("pixels", np.array([0, 1, 127, 128, 255], np.uint8)),
        ("mask", np.array([True, False, True])),
        ("empty", np.zeros((0, 4), np.float32)),
        ("global_step", np.int64(step)),
        ("half", np.array([1.0, -2.5], np.float16)),
        ("small", np.array([-128, 0, 127], np.int8)),
        ("short", np.array([-300, 300], np.int16)),
    ]


def save_raw(prefix):
    tensors = sample(42)
    tf.raw_ops.SaveV2(prefix=prefix, tensor_names=[n for n, _ in tensors],
                      shape_and_slices=[""] * len(tensors),
                      tensors=[tf.constant(v) for _, v in tensors])


def write_v1(directory):
    graph = tf.Graph()
    with graph.as_default():
        v1 = tf.compat.v1
        v1.Variable(np.arange(6, dtype=np.float32).reshape(2, 3) / 7, name="hidden1/weights")
        v1.Variable(np.array([0.1, -0.2, 1e-300]), name="hidden1/biases")
        v1.Variable(np.array([3, -4], np.int32), name="counts")
        v1.Variable(np.int64(7), name="global_step")
        v1.Variable(np.array([True, False]), name="flags")
        v1.Variable(np.array([9, 200], np.uint8), name="bytes")
        v1.Variable(np.array([0.5, 65504], np.float16), name="halves")
        saver = v1.train.Saver()
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            print(saver.save(session, directory + "/model.ckpt", global_step=7))


def write_v2(directory):
    checkpoint = tf.train.Checkpoint(
        dense=tf.Variable(np.linspace(-1, 1, 6, dtype=np.float32).reshape(3, 2)),
        step=tf.Variable(np.int64(12)),
        table=tf.Variable(np.array([1, 2, 3], np.int32)),
        scale=tf.Variable(np.float64(2.5)))
    manager = tf.train.CheckpointManager(checkpoint, directory, max_to_keep=2)
    print(manager.save())


def write_sharded(directory):
    # Two logical CPUs, one variable on each: Saver(sharded=True) saves a
    # shard per device and merges the indexes (MergeV2Checkpoints).
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        with tf.device("/cpu:0"):
            v1.Variable(np.arange(4, dtype=np.float32) / 4, name="a", use_resource=False)
        with tf.device("/cpu:1"):
            v1.Variable(np.arange(3, dtype=np.int64) * 7, name="b", use_resource=False)
        saver = v1.train.Saver(sharded=True)
        config = v1.ConfigProto(device_count={"CPU": 2})
        with v1.Session(config=config) as session:
            session.run(v1.global_variables_initializer())
            print(saver.save(session, directory + "/model.ckpt"))


def make_graph(out):
    # Reference variables (VariableV2), as TF1 graphs and kiln's trainer have.
    graph = tf.Graph()
    with graph.as_default():
        v1 = tf.compat.v1
        for name, value in [("weights", np.zeros((2, 3), np.float32)),
                            ("hidden1/biases", np.zeros(4)),
                            ("counts", np.zeros(3, np.int32)),
                            ("big", np.zeros((2, 2), np.int64)),
                            ("global_step", np.int64(0))]:
            v1.Variable(value, name=name, use_resource=False)
        v1.train.Saver()
    with open(out, "wb") as f:
        f.write(graph.as_graph_def().SerializeToString())


def restore_meta(meta, prefix, names):
    graph = tf.Graph()
    with graph.as_default():
        v1 = tf.compat.v1
        saver = v1.train.import_meta_graph(meta)
        with v1.Session() as session:
            saver.restore(session, prefix)
            for name in names:
                tensor = graph.get_tensor_by_name(name + ":0")
                value = session.run(tensor)
                print(line(name, tensor.dtype.base_dtype, value.shape, value))


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "dump":
        dump(args[0], args[1:])
    elif command == "save-raw":
        save_raw(args[0])
    elif command == "latest":
        print(tf.train.latest_checkpoint(args[0]))
    elif command == "write-v1":
        write_v1(args[0])
    elif command == "write-v2":
        write_v2(args[0])
    elif command == "write-sharded":
        write_sharded(args[0])
    elif command == "make-graph":
        make_graph(args[0])
    elif command == "restore-meta":
        restore_meta(args[0], args[1], args[2:])
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
