"""ONNX models for kiln's interop tests, and onnxruntime as the reference.

  tf2onnx-mlp OUT.onnx       a TF1 MLP (784-64-10, relu, softmax), frozen and
                             converted by tf2onnx
  tf2onnx-cnn OUT.onnx       a TF1 CNN (conv+bias+relu, max pool, dense),
                             NHWC, converted by tf2onnx
  torch-mlp OUT.onnx [dynamo]
                             torch.onnx.export of an MLP, dynamic batch
  torch-resnet OUT.onnx [dynamo]
                             torch.onnx.export of a small ResNet-style CNN
                             (conv, batch norm, residual adds, global
                             average pool), dynamic batch; with "dynamo",
                             torch's default torch.export-based exporter
                             (weights in an external data file)
  torch-lstm OUT.onnx [dynamo], torch-gru OUT.onnx [dynamo]
                             torch.onnx.export of a 2-layer bidirectional
                             batch_first nn.LSTM / nn.GRU and a linear head
                             on the last step, input [batch, 7, 5]
  random OUT.npy SHAPE SEED  uniform [-1, 1) float32 input
  ort MODEL NAME=IN.npy... -- OUT.npy...
                             runs the model in onnxruntime (one thread)
"""
import sys

import numpy as np


def tf2onnx_convert(build, inputs, outputs, path):
    import tensorflow as tf
    import tf2onnx

    tf.compat.v1.disable_eager_execution()
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.set_random_seed(7)
        build(tf)
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            frozen = tf.compat.v1.graph_util.convert_variables_to_constants(
                session, graph.as_graph_def(), [o.split(":")[0] for o in outputs])
    tf2onnx.convert.from_graph_def(frozen, input_names=inputs,
                                   output_names=outputs, opset=13,
                                   output_path=path)


def tf2onnx_mlp(path):
    def build(tf):
        x = tf.compat.v1.placeholder(tf.float32, [None, 784], name="x")
        w1 = tf.Variable(tf.random.normal([784, 64], stddev=0.05))
        b1 = tf.Variable(tf.random.normal([64], stddev=0.05))
        w2 = tf.Variable(tf.random.normal([64, 10], stddev=0.1))
        b2 = tf.Variable(tf.zeros([10]))
        hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
        tf.nn.softmax(tf.matmul(hidden, w2) + b2, name="probs")
    tf2onnx_convert(build, ["x:0"], ["probs:0"], path)


def tf2onnx_cnn(path):
    def build(tf):
        x = tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1], name="x")
        w = tf.Variable(tf.random.normal([5, 5, 1, 8], stddev=0.2))
        b = tf.Variable(tf.random.normal([8], stddev=0.1))
        conv = tf.nn.relu(tf.nn.bias_add(
            tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), b))
        pool = tf.nn.max_pool2d(conv, 2, 2, "SAME")
        flat = tf.reshape(pool, [-1, 14 * 14 * 8])
        wd = tf.Variable(tf.random.normal([14 * 14 * 8, 10], stddev=0.02))
        tf.identity(tf.matmul(flat, wd), name="logits")
    tf2onnx_convert(build, ["x:0"], ["logits:0"], path)


def torch_export(model, example, path, dynamo):
    import torch

    model.eval()
    if dynamo:
        batch = torch.export.Dim("batch", min=1)
        torch.onnx.export(model, (example,), path, input_names=["x"],
                          output_names=["y"], dynamic_shapes=({0: batch},),
                          opset_version=18, dynamo=True, external_data=True)
    else:
        torch.onnx.export(model, example, path, input_names=["x"],
                          output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
                          opset_version=17, dynamo=False)


def torch_mlp(path, dynamo):
    import torch

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10),
                                torch.nn.LogSoftmax(dim=1))
    torch_export(model, torch.randn(2, 1, 28, 28), path, dynamo)


def torch_resnet(path, dynamo):
    import torch

    class Block(torch.nn.Module):
        def __init__(self, channels):
            super().__init__()
            self.conv1 = torch.nn.Conv2d(channels, channels, 3, padding=1, bias=False)
            self.bn1 = torch.nn.BatchNorm2d(channels)
            self.conv2 = torch.nn.Conv2d(channels, channels, 3, padding=1, bias=False)
            self.bn2 = torch.nn.BatchNorm2d(channels)

        def forward(self, x):
            y = torch.relu(self.bn1(self.conv1(x)))
            return torch.relu(self.bn2(self.conv2(y)) + x)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = torch.nn.Conv2d(1, 16, 3, padding=1)
            self.block1 = Block(16)
            self.down = torch.nn.Conv2d(16, 32, 3, stride=2, padding=1)
            self.block2 = Block(32)
            self.fc = torch.nn.Linear(32, 10)

        def forward(self, x):
            x = torch.relu(self.stem(x))
            x = self.block2(torch.relu(self.down(self.block1(x))))
            x = torch.nn.functional.adaptive_avg_pool2d(x, 1)
            return self.fc(torch.flatten(x, 1))

    torch.manual_seed(0)
    model = Net()
    # Non-trivial running statistics, as a trained model has.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)
    torch_export(model, torch.randn(2, 1, 28, 28), path, dynamo)


def torch_recurrent(path, dynamo, kind):
    import torch

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            cell = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
            self.rnn = cell(5, 8, num_layers=2, batch_first=True,
                            bidirectional=True)
            self.head = torch.nn.Linear(16, 3)

        def forward(self, x):
            y, _ = self.rnn(x)
            return self.head(y[:, -1, :])

    torch.manual_seed(0)
    torch_export(Net(), torch.randn(2, 7, 5), path, dynamo)


def ort(model, args):
    import onnxruntime

    split = args.index("--")
    feeds = dict(a.split("=", 1) for a in args[:split])
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(model, options,
                                           providers=["CPUExecutionProvider"])
    results = session.run(None, {k: np.load(v) for k, v in feeds.items()})
    for path, value in zip(args[split + 1:], results):
        np.save(path, value)


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "random":
        shape = tuple(int(d) for d in rest[1].split(","))
        np.save(rest[0], np.random.RandomState(int(rest[2]))
                .uniform(-1, 1, shape).astype(np.float32))
    elif command == "ort":
        ort(rest[0], rest[1:])
    elif command in ("tf2onnx-mlp", "tf2onnx-cnn"):
        globals()[command.replace("-", "_")](rest[0])
    elif command in ("torch-mlp", "torch-resnet"):
        globals()[command.replace("-", "_")](rest[0], rest[1:] == ["dynamo"])
    elif command in ("torch-lstm", "torch-gru"):
        torch_recurrent(rest[0], rest[1:] == ["dynamo"], command[6:])
    else:
        sys.exit(f"unknown command {command}")
