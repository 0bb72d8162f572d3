"""End-to-end correctness harness for kiln: pure Python 3, standard library only.

Every e2e script builds small kiln modules, feeds them seeded random inputs
through `kiln-run`, and compares what the compiled code returns with a
reference computed here, independently, in float64 (Python floats) on the
very values the compiled code saw (f32 inputs are generated already rounded
to f32). Nothing here depends on NumPy: CI may not have it.

Pieces:
  * Tensor: dtype ('f32' 'f64' 'i32' 'i64' 'ui8' 'ui16' 'ui32' 'ui64' 'i1'),
    shape tuple, flat
    row-major list of Python floats / ints / bools.
  * write_npy / read_npy: .npy version 1.0 ('<f4' '<f8' '<i4' '<i8' '|u1' '|b1').
  * Rng: seeded generators of f32-representable floats, ints and bools.
  * ref: float64 reference implementations of the kiln ops.
  * Builder: a small helper that writes `func.func @main` text.
  * Suite.check(name, mlir, inputs, expected, rtol, atol): runs kiln-run and
    compares; main() wires argparse (--kiln-run, --workdir, --target) and prints
    "N passed, M failed", exiting non-zero on any failure.
"""

import argparse
import ast
import math
import os
import random
import shutil
import struct
import subprocess
import sys

# ---------------------------------------------------------------------------
# Tensors and dtypes
# ---------------------------------------------------------------------------

# kiln/MLIR element type -> (.npy descr, struct code, byte size)
DTYPES = {
    "f32": ("<f4", "f", 4),
    "f64": ("<f8", "d", 8),
    "i32": ("<i4", "i", 4),
    "i64": ("<i8", "q", 8),
    "i1": ("|b1", "?", 1),
    "ui8": ("|u1", "B", 1),
    "ui16": ("<u2", "H", 2),
    "ui32": ("<u4", "I", 4),
    "ui64": ("<u8", "Q", 8),
}
DESCR_TO_DTYPE = {v[0]: k for k, v in DTYPES.items()}
DESCR_TO_DTYPE["<b1"] = "i1"
DESCR_TO_DTYPE["=b1"] = "i1"

FLOATS = ("f32", "f64")
UNSIGNED = ("ui8", "ui16", "ui32", "ui64")
INTS = ("i32", "i64") + UNSIGNED
F32_MAX = 3.4028234663852886e38


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def strides_of(shape):
    s = [1] * len(shape)
    for i in range(len(shape) - 2, -1, -1):
        s[i] = s[i + 1] * shape[i + 1]
    return s


def round_f32(x):
    """The f32 value nearest to x (inf when out of range), as a Python float."""
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def wrap_int(v, dtype):
    if dtype in UNSIGNED:
        return v & ((1 << DTYPES[dtype][2] * 8) - 1)
    bits = 32 if dtype == "i32" else 64
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


class Tensor:
    __slots__ = ("dtype", "shape", "data")

    def __init__(self, dtype, shape, data):
        assert dtype in DTYPES, dtype
        self.dtype = dtype
        self.shape = tuple(int(d) for d in shape)
        self.data = list(data)
        assert len(self.data) == numel(self.shape), (self.shape, len(self.data))

    @property
    def rank(self):
        return len(self.shape)

    def type(self, shape=None):
        """MLIR type: tensor<2x3xf32>, tensor<f32> for rank 0; `shape` may
        hold '?' to declare dynamic dimensions."""
        dims = self.shape if shape is None else shape
        return "tensor<" + "".join(str(d) + "x" for d in dims) + self.dtype + ">"

    def astype(self, dtype):
        return Tensor(dtype, self.shape, self.data)

    def __repr__(self):
        head = self.data[:8]
        return "Tensor(%s%s, %s%s)" % (self.dtype, list(self.shape), head,
                                       "..." if len(self.data) > 8 else "")


# ---------------------------------------------------------------------------
# .npy files (format version 1.0)
# ---------------------------------------------------------------------------

def write_npy(path, t):
    descr, code, _ = DTYPES[t.dtype]
    if t.rank == 0:
        shape = "()"
    elif t.rank == 1:
        shape = "(%d,)" % t.shape[0]
    else:
        shape = "(" + ", ".join(str(d) for d in t.shape) + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    # Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
    pad = (64 - (10 + len(header) + 1) % 64) % 64
    header = header + " " * pad + "\n"
    if t.dtype == "i1":
        payload = bytes(1 if v else 0 for v in t.data)
    elif t.dtype in FLOATS:
        payload = struct.pack("<%d%s" % (len(t.data), code), *[float(v) for v in t.data])
    else:
        payload = struct.pack("<%d%s" % (len(t.data), code), *[int(v) for v in t.data])
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(payload)


def read_npy(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:6] != b"\x93NUMPY":
        raise ValueError("%s: not a .npy file" % path)
    major = raw[6]
    if major == 1:
        (hlen,) = struct.unpack("<H", raw[8:10])
        start = 10
    elif major in (2, 3):
        (hlen,) = struct.unpack("<I", raw[8:12])
        start = 12
    else:
        raise ValueError("%s: unsupported .npy version %d" % (path, major))
    header = ast.literal_eval(raw[start:start + hlen].decode("latin1"))
    if header["fortran_order"]:
        raise ValueError("%s: Fortran order" % path)
    descr = header["descr"]
    if descr not in DESCR_TO_DTYPE:
        raise ValueError("%s: unsupported dtype %s" % (path, descr))
    dtype = DESCR_TO_DTYPE[descr]
    shape = tuple(header["shape"])
    n = numel(shape)
    body = raw[start + hlen:]
    _, code, size = DTYPES[dtype]
    if len(body) < n * size:
        raise ValueError("%s: truncated data" % path)
    if dtype == "i1":
        data = [b != 0 for b in body[:n]]
    else:
        data = list(struct.unpack("<%d%s" % (n, code), body[:n * size]))
    return Tensor(dtype, shape, data)


# ---------------------------------------------------------------------------
# Seeded random inputs
# ---------------------------------------------------------------------------

class Rng:
    """Seeded inputs. Floats are drawn already rounded to the dtype (f32
    values are exactly representable), so the reference sees exactly what
    the compiled code sees."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def _float(self, x, dtype):
        return round_f32(x) if dtype == "f32" else x

    def uniform(self, shape, lo=-1.0, hi=1.0, dtype="f32"):
        u = self.r.uniform
        return Tensor(dtype, shape, [self._float(u(lo, hi), dtype)
                                     for _ in range(numel(shape))])

    def normal(self, shape, mean=0.0, std=1.0, dtype="f32"):
        g = self.r.gauss
        return Tensor(dtype, shape, [self._float(g(mean, std), dtype)
                                     for _ in range(numel(shape))])

    def away_from_zero(self, shape, lo=0.1, hi=2.0, dtype="f32"):
        """Magnitudes in [lo, hi] with random signs (divisors, rsqrt...)."""
        r = self.r
        return Tensor(dtype, shape, [
            self._float(r.choice((-1.0, 1.0)) * r.uniform(lo, hi), dtype)
            for _ in range(numel(shape))])

    def integers(self, shape, lo, hi, dtype="i32"):
        """Uniform integers in [lo, hi] inclusive. With a float dtype, gives
        integer-valued floats (useful to force ties)."""
        ri = self.r.randint
        vals = [ri(lo, hi) for _ in range(numel(shape))]
        if dtype in FLOATS:
            vals = [float(v) for v in vals]
        return Tensor(dtype, shape, vals)

    def bools(self, shape, p=0.5):
        r = self.r.random
        return Tensor("i1", shape, [r() < p for _ in range(numel(shape))])


# ---------------------------------------------------------------------------
# float64 references
# ---------------------------------------------------------------------------

class ref:
    """Reference kiln op semantics, computed in float64 (Python floats) or
    exact Python integers wrapped to the result width. Results are Tensors
    whose float data is *not* rounded to f32: the comparison measures the
    compiled code's error against the (near-)exact value."""

    # -- broadcasting helpers ------------------------------------------------
    @staticmethod
    def broadcast_shape(*shapes):
        rank = max(len(s) for s in shapes)
        out = []
        for i in range(rank):
            size = 1
            for s in shapes:
                j = i - (rank - len(s))
                if j < 0:
                    continue
                d = s[j]
                if d != 1:
                    if size != 1 and size != d:
                        raise ValueError("shapes %s do not broadcast" % (shapes,))
                    size = d
            out.append(size)
        return tuple(out)

    @staticmethod
    def broadcast_index(in_shape, out_shape):
        """For each output position (row-major), the flat input index."""
        offset = len(out_shape) - len(in_shape)
        in_strides = strides_of(in_shape)
        idx = [0]
        for d, n in enumerate(out_shape):
            j = d - offset
            s = 0 if j < 0 or in_shape[j] == 1 else in_strides[j]
            if s == 0:
                idx = [i for i in idx for _ in range(n)]
            else:
                idx = [i + k * s for i in idx for k in range(n)]
        return idx

    @staticmethod
    def map(fn, inputs, dtype=None):
        """Element-wise fn over broadcast inputs."""
        shape = ref.broadcast_shape(*[t.shape for t in inputs])
        cols = []
        for t in inputs:
            if t.shape == shape:
                cols.append(t.data)
            else:
                cols.append([t.data[i] for i in ref.broadcast_index(t.shape, shape)])
        out_dtype = dtype or inputs[-1].dtype
        return Tensor(out_dtype, shape, [fn(*vals) for vals in zip(*cols)])

    # -- unary ---------------------------------------------------------------
    @staticmethod
    def _exp(x):
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf

    @staticmethod
    def _sigmoid(x):
        # Stable in float64 for every finite x.
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        e = math.exp(x)
        return e / (1.0 + e)

    @staticmethod
    def _log(x):
        if x > 0:
            return math.log(x)
        return -math.inf if x == 0 else math.nan

    @staticmethod
    def _sqrt(x):
        return math.sqrt(x) if x >= 0 else math.nan

    @staticmethod
    def _rsqrt(x):
        if x == 0:
            return math.inf
        return 1.0 / math.sqrt(x) if x > 0 else math.nan

    UNARY_FLOAT = {
        "relu": lambda x: x if x > 0 or x != x else 0.0,  # NaN stays NaN (TF)
        "sigmoid": None,  # filled below (needs the staticmethods)
        "tanh": math.tanh,
        "exp": None,
        "log": None,
        "neg": lambda x: -x,
        "abs": abs,
        "sqrt": None,
        "rsqrt": None,
        "square": lambda x: x * x,
        # inf and NaN pass through rounding; Python's functions refuse them.
        "floor": lambda x: x if math.isinf(x) or x != x else float(math.floor(x)),
        "ceil": lambda x: x if math.isinf(x) or x != x else float(math.ceil(x)),
        # Python's round() rounds ties to even, as TensorFlow's Round does.
        "round": lambda x: x if math.isinf(x) or x != x else float(round(x)),
        "sign": lambda x: (1.0 if x > 0 else -1.0 if x < 0 else x),
        "sin": lambda x: math.nan if math.isinf(x) or x != x else math.sin(x),
        "cos": lambda x: math.nan if math.isinf(x) or x != x else math.cos(x),
    }

    @staticmethod
    def unary(name, x):
        if x.dtype in INTS:
            fn = {"relu": lambda v: v if v > 0 else 0,
                  "neg": lambda v: -v,
                  "abs": abs,
                  "square": lambda v: v * v,
                  "sign": lambda v: (v > 0) - (v < 0)}[name]
            return Tensor(x.dtype, x.shape, [wrap_int(fn(v), x.dtype) for v in x.data])
        fn = ref.UNARY_FLOAT[name]
        return Tensor(x.dtype, x.shape, [fn(v) for v in x.data])

    # -- binary --------------------------------------------------------------
    @staticmethod
    def _fdiv(a, b):
        if b == 0:
            if a == 0 or a != a:
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
        return a / b

    @staticmethod
    def _idiv(a, b):
        # Truncates toward zero (C / TensorFlow integer division).
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q

    @staticmethod
    def _fmax(a, b):
        if a != a or b != b:  # NaN propagates, as in TensorFlow
            return math.nan
        return a if a >= b else b

    @staticmethod
    def _fmin(a, b):
        if a != a or b != b:
            return math.nan
        return a if a <= b else b

    @staticmethod
    def _fpow(a, b):
        try:
            return math.pow(a, b)
        except (OverflowError, ValueError):
            if a < 0 and b != int(b):
                return math.nan
            return math.inf

    @staticmethod
    def _ipow(a, b):
        assert b >= 0, "integer pow with a negative exponent is undefined"
        return a ** b

    @staticmethod
    def binary(name, x, y):
        if x.dtype in FLOATS:
            fn = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b,
                  "mul": lambda a, b: a * b, "div": ref._fdiv,
                  "maximum": ref._fmax, "minimum": ref._fmin,
                  "pow": ref._fpow}[name]
            return ref.map(fn, [x, y], x.dtype)
        fn = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b,
              "mul": lambda a, b: a * b, "div": ref._idiv,
              "maximum": max, "minimum": min, "pow": ref._ipow}[name]
        dt = x.dtype
        return ref.map(lambda a, b: wrap_int(fn(a, b), dt), [x, y], dt)

    @staticmethod
    def compare(name, x, y):
        fn = {"equal": lambda a, b: a == b, "less": lambda a, b: a < b,
              "greater": lambda a, b: a > b}[name]
        return ref.map(fn, [x, y], "i1")

    @staticmethod
    def select(c, a, b):
        return ref.map(lambda cv, av, bv: av if cv else bv, [c, a, b], a.dtype)

    @staticmethod
    def cast(x, to):
        def conv(v):
            if to == "i1":
                return v != 0
            if x.dtype == "i1":
                v = 1 if v else 0
            if to in FLOATS:
                fv = float(v)
                return round_f32(fv) if to == "f32" else fv
            if x.dtype in FLOATS:
                v = int(v)  # truncates toward zero
            return wrap_int(int(v), to)
        return Tensor(to, x.shape, [conv(v) for v in x.data])

    # -- linear algebra ------------------------------------------------------
    @staticmethod
    def rows(t):
        r, c = t.shape
        d = t.data
        return [d[i * c:(i + 1) * c] for i in range(r)]

    @staticmethod
    def cols(t):
        r, c = t.shape
        d = t.data
        return [d[j::c] for j in range(c)]

    @staticmethod
    def matmul(a, b, transpose_a=False, transpose_b=False):
        arows = ref.cols(a) if transpose_a else ref.rows(a)
        bcols = ref.rows(b) if transpose_b else ref.cols(b)
        m, n = len(arows), len(bcols)
        out = []
        if a.dtype in FLOATS:
            for ar in arows:
                out.extend([math.fsum(map(float.__mul__, ar, bc)) for bc in bcols])
        else:
            for ar in arows:
                out.extend([wrap_int(sum(p * q for p, q in zip(ar, bc)), a.dtype)
                            for bc in bcols])
        return Tensor(a.dtype, (m, n), out)

    @staticmethod
    def bias_add(v, b):
        assert b.rank == 1 and v.shape[-1] == b.shape[0]
        return ref.binary("add", v, b)

    # -- convolution and pooling ---------------------------------------------
    @staticmethod
    def same_pads(n, k, s, d=1):
        """TensorFlow's SAME: out = ceil(in/s), the odd padding at the end."""
        out = -(-n // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
        return out, total // 2, total - total // 2

    @staticmethod
    def _window_geometry(n, k, s, d, padding, explicit=None):
        """(out, pad_before) for one spatial dimension."""
        if padding == "SAME":
            out, before, _ = ref.same_pads(n, k, s, d)
            return out, before
        if padding == "VALID":
            eff = (k - 1) * d + 1
            return -(-(n - eff + 1) // s), 0
        before, after = explicit
        eff = (k - 1) * d + 1
        return (n + before + after - eff) // s + 1, before

    @staticmethod
    def conv2d(x, w, strides=(1, 1), dilations=(1, 1), padding="SAME",
               explicit_paddings=None):
        """NHWC input, HWIO filter; explicit_paddings = [top, bottom, left, right]."""
        N, H, W, C = x.shape
        KH, KW, CI, F = w.shape
        assert CI == C
        sh, sw = strides
        dh, dw = dilations
        ep = explicit_paddings or [0, 0, 0, 0]
        OH, pt = ref._window_geometry(H, KH, sh, dh, padding, ep[0:2])
        OW, pl = ref._window_geometry(W, KW, sw, dw, padding, ep[2:4])
        xd, wd = x.data, w.data
        # Filter columns: for output channel f, weights indexed by (kh, kw, c).
        wcols = [wd[f::F] for f in range(F)]
        out = []
        for n in range(N):
            for oh in range(OH):
                for ow in range(OW):
                    vals, taps = [], []
                    for kh in range(KH):
                        ih = oh * sh + kh * dh - pt
                        if ih < 0 or ih >= H:
                            continue
                        for kw in range(KW):
                            iw = ow * sw + kw * dw - pl
                            if iw < 0 or iw >= W:
                                continue
                            base = ((n * H + ih) * W + iw) * C
                            tap = (kh * KW + kw) * C
                            vals.extend(xd[base:base + C])
                            taps.extend(range(tap, tap + C))
                    for f in range(F):
                        col = wcols[f]
                        out.append(math.fsum(v * col[t] for v, t in zip(vals, taps)))
        return Tensor(x.dtype, (N, OH, OW, F), out)

    @staticmethod
    def pool(kind, x, ksize, strides, padding):
        """max/avg pooling, NHWC. Padded positions never take part; SAME
        average divides by the number of real elements in the window."""
        N, H, W, C = x.shape
        kh_, kw_ = ksize
        sh, sw = strides
        OH, pt = ref._window_geometry(H, kh_, sh, 1, padding)
        OW, pl = ref._window_geometry(W, kw_, sw, 1, padding)
        xd = x.data
        out = []
        for n in range(N):
            for oh in range(OH):
                for ow in range(OW):
                    hs = [ih for ih in range(oh * sh - pt, oh * sh - pt + kh_) if 0 <= ih < H]
                    ws = [iw for iw in range(ow * sw - pl, ow * sw - pl + kw_) if 0 <= iw < W]
                    for c in range(C):
                        vals = [xd[((n * H + ih) * W + iw) * C + c] for ih in hs for iw in ws]
                        if kind == "max":
                            if x.dtype in FLOATS and any(v != v for v in vals):
                                out.append(math.nan)
                            else:
                                out.append(max(vals))
                        else:
                            out.append(math.fsum(vals) / len(vals))
        return Tensor(x.dtype, (N, OH, OW, C), out)

    # -- softmax family --------------------------------------------------------
    @staticmethod
    def _rows_last(x):
        c = x.shape[-1]
        return [x.data[i:i + c] for i in range(0, len(x.data), c)]

    @staticmethod
    def _logsumexp(row):
        m = max(row)
        return m + math.log(math.fsum(math.exp(v - m) for v in row))

    @staticmethod
    def softmax(x):
        out = []
        for row in ref._rows_last(x):
            lse = ref._logsumexp(row)
            out.extend(math.exp(v - lse) for v in row)
        return Tensor(x.dtype, x.shape, out)

    @staticmethod
    def log_softmax(x):
        out = []
        for row in ref._rows_last(x):
            lse = ref._logsumexp(row)
            out.extend(v - lse for v in row)
        return Tensor(x.dtype, x.shape, out)

    @staticmethod
    def sparse_xent(features, labels):
        """(loss[b], backprop[b, c]) of TF's SparseSoftmaxCrossEntropyWithLogits."""
        B, C = features.shape
        loss, back = [], []
        for b, row in enumerate(ref._rows_last(features)):
            lab = labels.data[b]
            lse = ref._logsumexp(row)
            loss.append(lse - row[lab])
            back.extend(math.exp(v - lse) - (1.0 if c == lab else 0.0)
                        for c, v in enumerate(row))
        return (Tensor(features.dtype, (B,), loss),
                Tensor(features.dtype, (B, C), back))

    # -- reductions ----------------------------------------------------------
    @staticmethod
    def _norm_axes(axes, rank):
        return sorted(a + rank if a < 0 else a for a in axes)

    @staticmethod
    def _reduce_groups(x, axes):
        """Output shape (without kept dims) and, per output element, the list
        of input values it reduces."""
        axes = ref._norm_axes(axes, x.rank)
        kept = [d for d in range(x.rank) if d not in axes]
        out_shape = tuple(x.shape[d] for d in kept)
        st = strides_of(x.shape)
        # Flat offsets of the output positions and of the reduced window.
        base = [0]
        for d in kept:
            base = [b + i * st[d] for b in base for i in range(x.shape[d])]
        win = [0]
        for d in axes:
            win = [w + i * st[d] for w in win for i in range(x.shape[d])]
        xd = x.data
        return out_shape, [[xd[b + w] for w in win] for b in base]

    @staticmethod
    def _kept_shape(x, axes):
        axes = ref._norm_axes(axes, x.rank)
        return tuple(1 if d in axes else x.shape[d] for d in range(x.rank))

    @staticmethod
    def reduce(kind, x, axes, keep_dims=False):
        shape, groups = ref._reduce_groups(x, axes)
        isf = x.dtype in FLOATS
        out = []
        for g in groups:
            if kind == "max":
                if isf and any(v != v for v in g):
                    out.append(math.nan)
                else:
                    out.append(max(g))
            elif kind == "sum":
                out.append(math.fsum(g) if isf else wrap_int(sum(g), x.dtype))
            elif kind == "mean":
                if isf:
                    out.append(math.fsum(g) / len(g))
                else:
                    out.append(wrap_int(ref._idiv(sum(g), len(g)), x.dtype))
            elif kind == "prod":
                out.append(math.prod(g) if isf else wrap_int(math.prod(g), x.dtype))
            else:
                raise ValueError(kind)
        if keep_dims:
            shape = ref._kept_shape(x, axes)
        return Tensor(x.dtype, shape, out)

    @staticmethod
    def argmax(x, axis, out_dtype="i64"):
        axis = axis + x.rank if axis < 0 else axis
        shape, groups = ref._reduce_groups(x, [axis])
        out = []
        for g in groups:
            best = 0
            for i, v in enumerate(g):
                if v > g[best]:  # strictly greater: the first index wins ties
                    best = i
            out.append(best)
        return Tensor(out_dtype, shape, out)

    @staticmethod
    def in_top_k(predictions, targets, k):
        """TF InTopKV2 (tensorflow/core/kernels/in_topk_op.h): false when
        the target is out of range or any prediction in the row is not
        finite; otherwise true when fewer than k predictions are strictly
        greater than the target's (ties count as in)."""
        B, C = predictions.shape
        out = []
        for b, row in enumerate(ref._rows_last(predictions)):
            t = targets.data[b]
            if t < 0 or t >= C or not all(math.isfinite(v) for v in row):
                out.append(False)
                continue
            more = sum(1 for v in row if v > row[t])
            out.append(more < k)
        return Tensor("i1", (B,), out)

    # -- shapes ----------------------------------------------------------------
    @staticmethod
    def reshape(x, shape):
        assert numel(shape) == numel(x.shape)
        return Tensor(x.dtype, shape, x.data)

    @staticmethod
    def transpose(x, perm):
        out_shape = tuple(x.shape[p] for p in perm)
        st = strides_of(x.shape)
        idx = [0]
        for p in perm:
            idx = [i + k * st[p] for i in idx for k in range(x.shape[p])]
        return Tensor(x.dtype, out_shape, [x.data[i] for i in idx])

    @staticmethod
    def concat(tensors, axis):
        rank = tensors[0].rank
        axis = axis + rank if axis < 0 else axis
        outer = numel(tensors[0].shape[:axis])
        out = []
        chunks = []
        for t in tensors:
            inner = numel(t.shape[axis:])
            chunks.append((t.data, inner))
        for o in range(outer):
            for data, inner in chunks:
                out.extend(data[o * inner:(o + 1) * inner])
        shape = list(tensors[0].shape)
        shape[axis] = sum(t.shape[axis] for t in tensors)
        return Tensor(tensors[0].dtype, shape, out)


ref.UNARY_FLOAT.update({
    "sigmoid": ref._sigmoid, "exp": ref._exp, "log": ref._log,
    "sqrt": ref._sqrt, "rsqrt": ref._rsqrt,
})


# ---------------------------------------------------------------------------
# Writing modules
# ---------------------------------------------------------------------------

class Value:
    """An SSA value in a Builder: str() gives its name, .type its MLIR type."""

    def __init__(self, name, type_):
        self.name = name
        self.type = type_

    def __str__(self):
        return self.name

    def __format__(self, spec):
        return self.name


class Builder:
    """Writes `func.func @main`: arguments from input Tensors, one line per
    op, results paired with their expected Tensors.

        b = Builder()
        x = b.arg(X)
        y = b.op("kiln.relu {x} : {x.type}", x.type)   # .format(**locals())
        b.ret(y, ref.unary("relu", X))
        suite.check_builder("relu/3x5", b)
    """

    def __init__(self, steps=1):
        self.inputs = []
        self.arg_types = []
        self.lines = []
        self.results = []  # (Value, expected Tensor, tolerance overrides)
        self.count = 0
        self.steps = steps  # runs of the step; results are the last run's

    def arg(self, t, dynamic=()):
        """An argument fed with `t`; `dynamic` lists dimensions declared '?'."""
        shape = ["?" if d in dynamic else n for d, n in enumerate(t.shape)]
        v = Value("%%arg%d" % len(self.inputs), t.type(shape))
        self.inputs.append(t)
        self.arg_types.append(v.type)
        return v

    def constant(self, t):
        """`kiln.constant` holding the f32 Tensor `t` (hex-encoded, so that
        large weights stay compact and exact)."""
        assert t.dtype == "f32", "constant() writes f32 only"
        raw = struct.pack("<%df" % len(t.data), *t.data)
        return self.op('kiln.constant dense<"0x%s"> : %s' % (raw.hex().upper(), t.type()),
                       t.type())

    def op(self, text, *result_types):
        """Appends `%N = text` (or `%N:k = text` for several results)."""
        name = "%%%d" % self.count
        self.count += 1
        if len(result_types) == 1:
            self.lines.append("%s = %s" % (name, text))
            return Value(name, result_types[0])
        self.lines.append("%s:%d = %s" % (name, len(result_types), text))
        return [Value("%s#%d" % (name, i), t) for i, t in enumerate(result_types)]

    def ret(self, value, expected, **tol):
        self.results.append((value, expected, tol))

    def mlir(self):
        args = ", ".join("%%arg%d: %s" % (i, t) for i, t in enumerate(self.arg_types))
        rtypes = ", ".join(v.type for v, _, _ in self.results)
        lines = ["func.func @main(%s) -> (%s) {" % (args, rtypes)]
        lines += ["  " + l for l in self.lines]
        lines.append("  return %s : %s" % (", ".join(v.name for v, _, _ in self.results),
                                          rtypes))
        lines.append("}")
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

# Tolerances. f32 results must be within a relative error of 1e-5 of the
# float64 reference: |got - want| <= atol + rtol * |want|. The small atol
# only matters for values so close to 0 that 1e-5 of them is below f32's
# resolution of the terms that produced them (a sum of O(1) terms that
# cancels to 1e-7 carries an absolute rounding error of ~1e-7, which no
# correct f32 kernel can avoid). Kernels that accumulate (matmul, conv,
# reductions, softmax sums) pass a larger atol scaled to the output's
# magnitude, see scaled_atol(). f64 results get rtol 1e-12.
DEFAULT_TOL = {"f32": (1e-5, 1e-6), "f64": (1e-12, 1e-13)}


def scaled_atol(t, rtol=1e-5):
    """rtol times the root-mean-square of `t`: for accumulating kernels an
    element that cancels to near zero is judged against the size of the
    tensor's typical element (a normwise relative error), because its
    rounding error is proportional to the terms summed, not to itself."""
    if not t.data:
        return 0.0
    finite = [v for v in t.data if math.isfinite(v)]
    if not finite:
        return 0.0
    return rtol * max(math.sqrt(math.fsum(v * v for v in finite) / len(finite)), 1e-30)


def compare(got, want, rtol, atol):
    """Returns (ok, message, max_rel, max_abs)."""
    if got.dtype != want.dtype:
        return False, "dtype %s, expected %s" % (got.dtype, want.dtype), 0.0, 0.0
    if got.shape != want.shape:
        return False, "shape %s, expected %s" % (list(got.shape), list(want.shape)), 0.0, 0.0
    if want.dtype not in FLOATS:
        bad = [i for i, (g, w) in enumerate(zip(got.data, want.data)) if g != w]
        if bad:
            i = bad[0]
            return (False, "%d of %d elements differ; first at %s: got %r, expected %r"
                    % (len(bad), len(want.data), unravel(i, want.shape), got.data[i],
                       want.data[i]), 0.0, 0.0)
        return True, "exact", 0.0, 0.0
    max_rel = max_abs = 0.0
    nbad = 0
    first = None
    rel_floor = atol / rtol if rtol > 0 else 0.0
    for i, (g, w) in enumerate(zip(got.data, want.data)):
        if want.dtype == "f32" and math.isfinite(w) and abs(w) > F32_MAX:
            w = math.copysign(math.inf, w)  # the exact value overflows f32
        if w != w or g != g or math.isinf(w) or math.isinf(g):
            ok = (w != w and g != g) or g == w
            if not ok:
                nbad += 1
                first = first if first is not None else i
            continue
        err = abs(g - w)
        max_abs = max(max_abs, err)
        if abs(w) >= rel_floor and w != 0:
            max_rel = max(max_rel, err / abs(w))
        if err > atol + rtol * abs(w):
            nbad += 1
            if first is None:
                first = i
    if nbad:
        g, w = got.data[first], want.data[first]
        rel = abs(g - w) / abs(w) if w not in (0.0,) and math.isfinite(w) else math.inf
        return (False, "%d of %d elements off; first at %s: got %.9g, expected %.9g "
                "(rel %.3g, rtol %g, atol %g)" % (nbad, len(want.data), unravel(first, want.shape),
                                                  g, w, rel, rtol, atol),
                max_rel, max_abs)
    return True, "max rel %.2e, max abs %.2e" % (max_rel, max_abs), max_rel, max_abs


def unravel(i, shape):
    idx = []
    for d in reversed(shape):
        idx.append(i % d)
        i //= d
    return list(reversed(idx))


# ---------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------

class Suite:
    def __init__(self, kiln_run, workdir, verbose=True, only=None, target=None,
                 exclude=()):
        self.kiln_run = kiln_run
        self.target = target
        self.exclude = exclude
        self.workdir = workdir
        self.verbose = verbose
        self.only = only
        self.passed = 0
        self.failed = []
        self.max_rel = 0.0
        os.makedirs(workdir, exist_ok=True)

    def _file(self, name, suffix):
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        return os.path.join(self.workdir, safe + suffix)

    def check(self, name, mlir, inputs, expected, rtol=None, atol=None, steps=1):
        """Compiles and runs `mlir` (function @main) on `inputs` (arg0...)
        `steps` times, compares result i of the last run with expected[i].
        rtol/atol may be numbers or lists (one per result); None takes the
        dtype's default."""
        if self.only and self.only not in name:
            return True
        if name in self.exclude:
            return True
        if isinstance(expected, Tensor):
            expected = [expected]
        n = len(expected)
        rtols = rtol if isinstance(rtol, (list, tuple)) else [rtol] * n
        atols = atol if isinstance(atol, (list, tuple)) else [atol] * n
        model = self._file(name, ".mlir")
        with open(model, "w") as f:
            f.write(mlir)
        cmd = [self.kiln_run, model, "--steps", str(steps)]
        if self.target:
            cmd.append("--target=" + self.target)
        for i, t in enumerate(inputs):
            path = self._file(name, ".arg%d.npy" % i)
            write_npy(path, t)
            cmd += ["--feed", "arg%d=%s" % (i, path)]
        outs = []
        for i in range(n):
            path = self._file(name, ".result%d.npy" % i)
            if os.path.exists(path):
                os.remove(path)
            outs.append(path)
            cmd += ["--out", "result%d=%s" % (i, path)]
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  universal_newlines=True, timeout=120)
        except subprocess.TimeoutExpired:
            return self._fail(name, "kiln-run timed out", cmd)
        except OSError as e:
            return self._fail(name, "cannot run %s: %s" % (self.kiln_run, e), cmd)
        if proc.returncode != 0:
            why = (proc.stderr.strip() or proc.stdout.strip())[-1500:]
            if proc.returncode < 0:
                how = "kiln-run crashed (signal %d)" % -proc.returncode
            else:
                how = "kiln-run exited with %d" % proc.returncode
            return self._fail(name, "%s: %s" % (how, why), cmd)
        all_ok = True
        notes = []
        case_rel = 0.0
        for i, (path, want) in enumerate(zip(outs, expected)):
            try:
                got = read_npy(path)
            except (OSError, ValueError) as e:
                return self._fail(name, "result%d: %s" % (i, e), cmd)
            r, a = DEFAULT_TOL.get(want.dtype, (0.0, 0.0))
            r = r if rtols[i] is None else rtols[i]
            a = a if atols[i] is None else atols[i]
            ok, msg, max_rel, _ = compare(got, want, r, a)
            if want.dtype == "f32":
                case_rel = max(case_rel, max_rel)
            if not ok:
                all_ok = False
                notes.append("result%d: %s" % (i, msg))
        self.max_rel = max(self.max_rel, case_rel)
        if all_ok:
            self.passed += 1
            if self.verbose:
                print("PASS %s (%d result%s, max rel err %.2e)"
                      % (name, n, "s" if n > 1 else "", case_rel))
            return True
        return self._fail(name, "; ".join(notes), cmd)

    def check_builder(self, name, b, rtol=None, atol=None):
        rtols = [tol.get("rtol", rtol) for _, _, tol in b.results]
        atols = [tol.get("atol", atol) for _, _, tol in b.results]
        return self.check(name, b.mlir(), b.inputs, [e for _, e, _ in b.results],
                          rtols, atols, steps=b.steps)

    def _fail(self, name, message, cmd):
        self.failed.append(name)
        print("FAIL %s: %s" % (name, message))
        script = self._file(name, ".sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\n" + " ".join(cmd) + "\n")
        print("     reproduce: sh %s" % script)
        return False

    def finish(self):
        print("%s: max relative error (f32) %.3g" % (os.path.basename(sys.argv[0]),
                                                     self.max_rel))
        print("%d passed, %d failed" % (self.passed, len(self.failed)))
        if self.failed:
            print("failed: " + ", ".join(self.failed))
        return 1 if self.failed else 0


def main(define_cases):
    """Entry point of every e2e script: parses --kiln-run/--workdir, runs
    define_cases(suite) and exits non-zero when any case fails."""
    sys.dont_write_bytecode = True
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kiln-run", default="kiln-run",
                   help="path to kiln-run (default: found on PATH)")
    p.add_argument("--workdir", required=True,
                   help="scratch directory for .mlir/.npy files (lit's %%t)")
    p.add_argument("--filter", default=None, help="run only cases whose name contains this")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    p.add_argument("--exclude", action="append", default=[],
                   help="leave out the case of this name (repeatable)")
    p.add_argument("--target", default=None,
                   help="kiln-run's --target (cuda-emulation runs the GPU loop mapping here)")
    args = p.parse_args()
    tool = args.kiln_run
    if os.sep not in tool:
        found = shutil.which(tool)
        if not found:
            print("error: %s not found on PATH" % tool)
            sys.exit(2)
        tool = found
    suite = Suite(tool, args.workdir, verbose=not args.quiet, only=args.filter,
                  target=args.target, exclude=args.exclude)
    define_cases(suite)
    sys.exit(suite.finish())
