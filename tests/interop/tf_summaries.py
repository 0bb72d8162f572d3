"""TensorFlow's side of kiln's summary byte comparison.

  scalar TAG V        the Summary TF1's ScalarSummary op produces
  histogram TAG V...  the Summary TF1's HistogramSummary op produces for
                      float32 values (TF's default buckets)

prints the serialized Summary in hex, as `kiln-summaries encode` does.
"""
import sys

import tensorflow as tf

kind, tag = sys.argv[1], sys.argv[2]
values = tf.constant([float(v) for v in sys.argv[3:]], tf.float32)
if kind == "scalar":
    summary = tf.raw_ops.ScalarSummary(tags=tag, values=values[0])
else:
    summary = tf.raw_ops.HistogramSummary(tag=tag, values=values)
print(summary.numpy().hex())
