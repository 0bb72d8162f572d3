"""TensorFlow's side of kiln's summary interop tests.

  scalar TAG V         print (hex) the Summary TF1's ScalarSummary op
                       produces, as `kiln-summaries encode` does
  histogram TAG V...   the same for HistogramSummary over float32 values
                       (TF's default buckets)
  write-events LOGDIR  write a small TF1 run with tf.compat.v1.summary and
                       FileWriter (graph, scalars, histograms, gray and RGB
                       images), for kiln to read
"""
import sys

import numpy as np
import tensorflow as tf


def encode(kind, tag, *numbers):
    values = tf.constant([float(v) for v in numbers], tf.float32)
    if kind == "scalar":
        summary = tf.raw_ops.ScalarSummary(tags=tag, values=values[0])
    else:
        summary = tf.raw_ops.HistogramSummary(tag=tag, values=values)
    print(summary.numpy().hex())


def write_events(logdir):
    tf.compat.v1.disable_eager_execution()
    v1 = tf.compat.v1
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(tf.float32, [None, 4, 4, 1], name="input/x")
        with tf.name_scope("layer1"):
            weights = tf.Variable(tf.ones([16, 3]), name="weights")
            hidden = tf.nn.relu(tf.matmul(tf.reshape(x, [-1, 16]), weights))
        with tf.name_scope("loss"):
            loss = tf.reduce_mean(hidden)
        v1.summary.scalar("loss", loss)
        v1.summary.histogram("layer1/weights", weights)
        v1.summary.image("input", x, max_outputs=2)
        v1.summary.image("rgb", tf.reshape(hidden[:, :3], [-1, 1, 1, 3]),
                         max_outputs=1)
        merged = v1.summary.merge_all()
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            writer = v1.summary.FileWriter(logdir, graph)
            for step in range(4):
                batch = np.linspace(-1, 1 + step, 3 * 16, dtype=np.float32)
                summary = session.run(merged, {x: batch.reshape(3, 4, 4, 1)})
                writer.add_summary(summary, step * 10)
            writer.close()


if __name__ == "__main__":
    if sys.argv[1] == "write-events":
        write_events(sys.argv[2])
    else:
        encode(*sys.argv[1:])
