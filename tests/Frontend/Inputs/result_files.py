"""Reads the .npy files kiln-run writes in lit tests and compares them with
float64 references (stdlib only)."""
import ast
import struct
import sys

FORMATS = {"<f4": "f", "<f8": "d", "<i4": "i", "<i8": "q", "|b1": "?"}


def read_npy(path):
    """(shape tuple, values as floats, row-major)."""
    data = open(path, "rb").read()
    length = struct.unpack("<H", data[8:10])[0]
    header = ast.literal_eval(data[10:10 + length].decode())
    count = 1
    for dim in header["shape"]:
        count *= dim
    fmt = FORMATS[header["descr"]]
    values = struct.unpack("<%d%s" % (count, fmt), data[10 + length:])
    return tuple(header["shape"]), [float(v) for v in values]


def relative_close(tolerance):
    return lambda got, want: abs(got - want) <= tolerance * max(1.0, abs(want))


def check_results(directory, expected, close):
    """expected: name -> (shape, values) of DIR/name.npy; prints one line
    per result and exits 1 when any shape or value (close(got, want))
    differs."""
    failed = False
    for name, (shape, want) in expected.items():
        got_shape, got = read_npy("%s/%s.npy" % (directory, name))
        ok = got_shape == shape and all(close(g, w) for g, w in zip(got, want))
        failed |= not ok
        print("%s: %s" % (name, "ok" if ok else "WRONG shape %s values %s, expected %s %s"
                          % (got_shape, got, shape, want)))
    sys.exit(1 if failed else 0)
