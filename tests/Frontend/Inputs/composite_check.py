"""Checks kiln-run's results for tests/Frontend/composite-ops.pbtxt against
float64 references computed here from the same inputs (stdlib only).

usage: composite_check.py DIR   (DIR holds x.npy, y.npy and each result)
"""
import math
import sys

sys.dont_write_bytecode = True
from result_files import check_results, read_npy, relative_close  # noqa: E402


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

directory = sys.argv[1]
_, x = read_npy(directory + "/x.npy")
_, y = read_npy(directory + "/y.npy")
expected = {
    "sd": ((2, 1, 3), [(a - b) ** 2 for a, b in zip(x, y)]),
    "lr": ((2, 1, 3), [a if a > 0 else 0.1 * a for a in x]),
    "r6": ((2, 1, 3), [min(max(a, 0.0), 6.0) for a in x]),
    "rc": ((2, 1, 3), [1.0 / b for b in y]),
    "ne": ((2, 1, 3), [float(a != b) for a, b in zip(x, y)]),
    "ge": ((2, 1, 3), [float(a >= b) for a, b in zip(x, y)]),
    "le": ((2, 1, 3), [float(a <= b) for a, b in zip(x, y)]),
    "sq": ((2, 3), x),
    "ed": ((2, 3, 1), x),
    "elu": ((2, 1, 3), [a if a > 0 else math.expm1(a) for a in x]),
    "selu": ((2, 1, 3), [SELU_SCALE * (a if a > 0 else SELU_ALPHA * math.expm1(a)) for a in x]),
    "sp": ((2, 1, 3), [math.log1p(math.exp(a)) for a in x]),
    "ss": ((2, 1, 3), [a / (1 + abs(a)) for a in x]),
    "l2": ((), [sum(a * a for a in x) / 2]),
}
check_results(directory, expected, relative_close(1e-6))
