"""TensorFlow's side of the trainer's `.meta` round trip.

  restore CKPT_DIR OUT_DIR   import_meta_graph + Saver.restore the latest
                             checkpoint; print the test accuracy; check the
                             collections and that a fresh Saver() finds every
                             variable; run one training step on the first
                             100 test images (their logits to
                             OUT_DIR/tf_logits.npy) and print the losses before
                             and after; save the stepped model with the
                             fresh Saver to OUT_DIR/tf_ckpt; write the
                             graph (OUT_DIR/graph.pb) and the batch
                             (OUT_DIR/images.npy, labels.npy) for kiln-run.
  import-logged LOGDIR       import the graph the trainer logged for
                             TensorBoard into TensorFlow; print its op count
                             and whether KilnGradients is among them.
  compare-logits KILN TF     two .npy logits agree to 1e-5 of their scale.
  compare A B TOLERANCE      two loss lines "loss: F" (kiln-run's output or
                             this script's) agree within TOLERANCE.
"""
import gzip
import os
import sys

import numpy as np


def test_set():
    d = "/usr/share/datasets/fashion-mnist/t10k-"
    images = np.frombuffer(gzip.open(d + "images-idx3-ubyte.gz").read()[16:], np.uint8)
    labels = np.frombuffer(gzip.open(d + "labels-idx1-ubyte.gz").read()[8:], np.uint8)
    return images.reshape(-1, 784).astype(np.float32) / 255, labels.astype(np.int64)


def restore(checkpoint_dir, out_dir):
    import tensorflow as tf
    tf1 = tf.compat.v1
    tf1.disable_eager_execution()
    prefix = tf.train.latest_checkpoint(checkpoint_dir)
    images, labels = test_set()
    with tf.Graph().as_default() as graph, tf1.Session() as sess:
        saver = tf1.train.import_meta_graph(prefix + ".meta")
        saver.restore(sess, prefix)
        correct = sum(sess.run("correct:0", {"images:0": images[i:i + 1000],
                                             "labels:0": labels[i:i + 1000]})
                      for i in range(0, len(labels), 1000))
        print("tensorflow test accuracy: %.4f" % (correct / len(labels)))
        print("collections: %d variables, %d trainable, train_op %s" % (
            len(tf1.global_variables()), len(tf1.trainable_variables()),
            [op.name for op in tf1.get_collection("train_op")]))
        fresh = tf1.train.Saver()
        print("a new Saver() saves %d variables" % len(fresh._var_list))
        batch = {"images:0": images[:100], "labels:0": labels[:100]}
        np.save(os.path.join(out_dir, "tf_logits.npy"), sess.run(logits_name(graph), batch))
        before = sess.run("loss:0", batch)
        sess.run("train", batch)
        after = sess.run("loss:0", batch)
        print("tensorflow loss: %.7f" % before)
        print("tensorflow loss after one step: %.7f" % after)
        fresh.save(sess, os.path.join(out_dir, "tf_ckpt", "model.ckpt"),
                   global_step=int(sess.run("global_step:0")))
        correct = sum(sess.run("correct:0", {"images:0": images[i:i + 1000],
                                             "labels:0": labels[i:i + 1000]})
                      for i in range(0, len(labels), 1000))
        print("tensorflow test accuracy after one step: %.4f" % (correct / len(labels)))
        tf.io.write_graph(graph.as_graph_def(), out_dir, "graph.pb", as_text=False)
    np.save(os.path.join(out_dir, "images.npy"), images[:100])
    np.save(os.path.join(out_dir, "labels.npy"), labels[:100])


def import_logged(logdir):
    import tensorflow as tf
    from tensorboard.backend.event_processing import event_accumulator
    events = event_accumulator.EventAccumulator(logdir)
    events.Reload()
    # TensorBoard's copy of the proto class, re-read as TensorFlow's.
    graph_def = tf.compat.v1.GraphDef.FromString(events.Graph().SerializeToString())
    with tf.Graph().as_default() as graph:
        tf.compat.v1.import_graph_def(graph_def, name="")
        ops = {op.type for op in graph.get_operations()}
    print("imported %d nodes; KilnGradients %s" % (
        len(graph_def.node), "present" if "KilnGradients" in ops else "absent"))


def logits_name(graph):
    """The trainer's logits: the MLP's softmax_linear/add, the CNN's dense/add."""
    names = {op.name for op in graph.get_operations()}
    return next(n for n in ("softmax_linear/add", "dense/add") if n in names) + ":0"


def compare_logits(kiln_path, tf_path):
    kiln, tf = np.load(kiln_path), np.load(tf_path)
    worst = float(np.max(np.abs(kiln - tf)) / max(np.max(np.abs(tf)), 1e-30))
    ok = kiln.shape == tf.shape and worst < 1e-5
    print("logits %s: max |kiln - tf| / max |tf| = %.2e (%s)" % (
        "x".join(map(str, tf.shape)), worst, "agree" if ok else "DIFFER"))
    return 0 if ok else 1


def loss_of(path):
    for line in open(path):
        if "loss" in line and ":" in line:
            last = line
    # "loss: f32[] 0.41" (kiln-run) or "tensorflow loss ...: 0.41".
    return float(last.split()[-1])


def main():
    if sys.argv[1] == "restore":
        restore(sys.argv[2], sys.argv[3])
        return 0
    if sys.argv[1] == "compare-logits":
        return compare_logits(sys.argv[2], sys.argv[3])
    if sys.argv[1] == "import-logged":
        import_logged(sys.argv[2])
        return 0
    a, b = loss_of(sys.argv[2]), loss_of(sys.argv[3])
    ok = abs(a - b) <= float(sys.argv[4]) * abs(b)
    print("losses %.7f vs %.7f: %s" % (a, b, "agree" if ok else "DIFFER"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
