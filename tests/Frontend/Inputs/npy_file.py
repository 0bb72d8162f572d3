"""Reads the small .npy files kiln-run writes in lit tests (stdlib only)."""
import ast
import struct

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
