"""Checks kiln-run's results for tests/Frontend/tf-sort-scan-ops.pbtxt
against float64 references computed here from the same inputs (stdlib
only; NaN matches NaN).

usage: sort_scan_check.py DIR   (DIR holds x, g, n, wide and each result)
"""
import math
import sys

sys.dont_write_bytecode = True
from result_files import check_results, read_npy  # noqa: E402


def rows(shape, values):
    width = shape[-1]
    return [values[i:i + width] for i in range(0, len(values), width)]


def sort_key(pair):
    """Largest first, NaN above every number, lower index first on ties."""
    index, value = pair
    return (0 if math.isnan(value) else 1, -value if not math.isnan(value) else 0, index)


def top_k(shape, values, k):
    picked = [sorted(enumerate(row), key=sort_key)[:k] for row in rows(shape, values)]
    return ([v for row in picked for _, v in row], [float(i) for row in picked for i, _ in row])


def product(factors):
    result = 1.0
    for f in factors:
        result *= f
    return result


def cumprod(shape, values):
    return [product(row[:o + 1]) for row in rows(shape, values) for o in range(len(row))]


def cumprod_exclusive_reverse_axis0(shape, values):
    count, width = shape
    return [product(values[i * width + c] for i in range(o + 1, count))
            for o in range(count) for c in range(width)]


def wrap_int32(v):
    return (int(v) + 2**31) % 2**32 - 2**31


def gradient(shape, values):
    """d/dg of sum(top2(g) * w) + sum(cumprod(g, axis 1))."""
    weights = [[1.0, 2.0], [3.0, 4.0]]
    grad = []
    for r, row in enumerate(rows(shape, values)):
        g = [0.0] * len(row)
        for p, (i, _) in enumerate(sorted(enumerate(row), key=sort_key)[:2]):
            g[i] += weights[r][p]
        for i in range(len(row)):
            # sum over outputs o >= i of the product of the others in 0..o.
            g[i] += sum(product(row[j] for j in range(o + 1) if j != i)
                        for o in range(i, len(row)))
        grad.extend(g)
    return grad


def close(got, want):
    if math.isnan(want):
        return math.isnan(got)
    if math.isinf(want):
        return got == want
    return abs(got - want) <= 1e-6 * max(1.0, abs(want))


directory = sys.argv[1]
x_shape, x = read_npy(directory + "/x.npy")
g_shape, g = read_npy(directory + "/g.npy")
n_shape, n = read_npy(directory + "/n.npy")
wide_shape, wide = read_npy(directory + "/wide.npy")
wide_values, wide_indices = top_k(wide_shape, wide, 3)
top_values, top_indices = top_k(x_shape, x, 3)
full_values, full_indices = top_k(x_shape, x, 7)
running = []
for row in rows(n_shape, n):
    total = 0
    for v in row:
        total = wrap_int32(total + int(v))
        running.append(float(total))
expected = {
    "top": ((3, 3), top_values),
    "top_1": ((3, 3), top_indices),
    "full": ((3, 7), full_values),
    "full_1": ((3, 7), full_indices),
    "cp": ((3, 7), cumprod(x_shape, x)),
    "cpx": ((3, 7), cumprod_exclusive_reverse_axis0(x_shape, x)),
    "cs": ((2, 5), running),
    "grads": ((2, 5), gradient(g_shape, g)),
    "wide_top": ((2, 3), wide_values),
    "wide_top_1": ((2, 3), wide_indices),
}
check_results(directory, expected, close)
