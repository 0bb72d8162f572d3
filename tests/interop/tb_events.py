"""TensorBoard's side of kiln's event-file interop test.

  dump LOGDIR      load LOGDIR with TensorBoard's EventAccumulator (keeping
                   every event) and print graph, scalars, histograms and
                   images in `kiln-summaries dump`'s text format
  plugins LOGDIR   load LOGDIR with the plugin EventAccumulator the
                   TensorBoard server uses (TF1 values converted to tensors)
                   and print which plugins see which tags, and the graph as
                   the graph plugin gets it

The printed forms match tools/kiln-summaries/Dump.cpp so outputs diff.
"""
import struct
import sys
import zlib

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.backend.event_processing import plugin_event_accumulator
from tensorboard.compat.proto import graph_pb2


def png_header(png):
    width, height = struct.unpack(">II", png[16:24])
    return "png %dx%d color_type %d" % (width, height, png[25])


def joined(values):
    return "".join(" %.17g" % v for v in values)


def print_graph(graph):
    print("graph %d nodes" % len(graph.node))
    for node in graph.node:
        print("  node %s op %s inputs [%s] device [%s]"
              % (node.name, node.op, ",".join(node.input), node.device))


def dump(logdir):
    keep_all = {kind: 0 for kind in (
        event_accumulator.SCALARS, event_accumulator.HISTOGRAMS,
        event_accumulator.IMAGES, event_accumulator.COMPRESSED_HISTOGRAMS,
        event_accumulator.TENSORS, event_accumulator.AUDIO)}
    acc = event_accumulator.EventAccumulator(logdir, size_guidance=keep_all)
    acc.Reload()
    tags = acc.Tags()
    if tags["graph"]:
        print_graph(acc.Graph())
    for tag in sorted(tags["scalars"]):
        for e in acc.Scalars(tag):
            print("scalar %s step %d wall_time %.17g value %.9g"
                  % (tag, e.step, e.wall_time, e.value))
    for tag in sorted(tags["histograms"]):
        for e in acc.Histograms(tag):
            h = e.histogram_value
            print("histogram %s step %d min %.17g max %.17g num %.17g "
                  "sum %.17g sum_squares %.17g buckets %d"
                  % (tag, e.step, h.min, h.max, h.num, h.sum, h.sum_squares,
                     len(h.bucket)))
            print("  limits:" + joined(h.bucket_limit))
            print("  counts:" + joined(h.bucket))
    for tag in sorted(tags["images"]):
        for e in acc.Images(tag):
            png = e.encoded_image_string
            print("image %s step %d width %d height %d %s bytes %d crc32 %08x"
                  % (tag, e.step, e.width, e.height, png_header(png),
                     len(png), zlib.crc32(png)))


def plugins(logdir):
    acc = plugin_event_accumulator.EventAccumulator(
        logdir, tensor_size_guidance={"scalars": 0, "histograms": 0,
                                      "images": 0})
    acc.Reload()
    for plugin in ("scalars", "histograms", "images", "graphs"):
        tags = sorted(acc.PluginTagToContent(plugin))
        counts = ["%s=%d" % (t, len(acc.Tensors(t))) for t in tags]
        print("plugin %s: %s" % (plugin, " ".join(counts)))
    graph = graph_pb2.GraphDef()
    graph.ParseFromString(acc.SerializedGraph())
    print_graph(graph)


if __name__ == "__main__":
    {"dump": dump, "plugins": plugins}[sys.argv[1]](sys.argv[2])
