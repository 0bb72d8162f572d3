"""Checks tests/Frontend/ONNX/fine-tune.test: kiln's fine-tuning steps
against gradient descent on the same model computed here in float64
(stdlib only).

usage: fine_tune_check.py DIR   (DIR holds x, t, labels and each result)
"""
import math
import sys

sys.dont_write_bytecode = True
from result_files import check_results, read_npy, relative_close  # noqa: E402


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
            for i in range(len(a))]


def transpose(a):
    return [list(col) for col in zip(*a)]


def rows(shape, values):
    return [values[i * shape[1]:(i + 1) * shape[1]] for i in range(shape[0])]


def regression(x, t, steps, rate):
    """y = x W + b, loss = mean((y - t)^2); returns the last step's loss
    and y (before its update)."""
    w, b = [[0.5], [-0.25], [0.125]], 0.1
    for _ in range(steps):
        y = [[row[0] + b] for row in matmul(x, w)]
        residual = [y[i][0] - t[i] for i in range(len(x))]
        loss = sum(r * r for r in residual) / len(x)
        dy = [[2 * r / len(x)] for r in residual]
        dw = matmul(transpose(x), dy)
        w = [[w[k][0] - rate * dw[k][0]] for k in range(len(w))]
        b -= rate * sum(d[0] for d in dy)
    return loss, y


def classifier(x, labels, steps, rate):
    """logits = x K^T + c, loss = mean softmax cross-entropy."""
    k, c = [[0.2, -0.1, 0.3], [-0.4, 0.25, 0.05]], [0.0, 0.1]
    for _ in range(steps):
        logits = [[v + c[j] for j, v in enumerate(row)] for row in matmul(x, transpose(k))]
        loss, dlogits = 0.0, []
        for row, label in zip(logits, labels):
            top = max(row)
            total = sum(math.exp(v - top) for v in row)
            probs = [math.exp(v - top) / total for v in row]
            loss -= math.log(probs[label]) / len(x)
            dlogits.append([(p - (j == label)) / len(x) for j, p in enumerate(probs)])
        dk = matmul(transpose(dlogits), x)
        k = [[k[i][j] - rate * dk[i][j] for j in range(3)] for i in range(2)]
        c = [c[j] - rate * sum(d[j] for d in dlogits) for j in range(2)]
    return loss, logits


directory = sys.argv[1]
x_shape, x_values = read_npy(directory + "/x.npy")
x = rows(x_shape, x_values)
_, t = read_npy(directory + "/t.npy")
_, labels = read_npy(directory + "/labels.npy")
mse_loss, mse_y = regression(x, t, 3, 0.1)
xent_loss, xent_logits = classifier(x, [int(v) for v in labels], 4, 0.5)
expected = {
    "mse_loss": ((), [mse_loss]),
    "mse_y": ((4, 1), [v for row in mse_y for v in row]),
    "xent_loss": ((), [xent_loss]),
    "xent_logits": ((4, 2), [v for row in xent_logits for v in row]),
}
check_results(directory, expected, relative_close(1e-5))
