"""Writes small .npy files for kiln-run's lit tests (stdlib only).

usage: npy.py OUT.npy DESCR SHAPE VALUES
  DESCR  <f4, <f8, <i4, <i8 or |b1
  SHAPE  comma-separated dims ("" for a scalar)
  VALUES comma-separated numbers, row-major
"""
import struct
import sys

FORMATS = {"<f4": "f", "<f8": "d", "<i4": "i", "<i8": "q", "|b1": "?"}

path, descr, shape, values = sys.argv[1:5]
dims = [int(d) for d in shape.split(",") if d]
numbers = [float(v) if "f" in descr else int(float(v))
           for v in values.split(",") if v]
if descr == "|b1":
    numbers = [bool(v) for v in numbers]
tuple_text = "(" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "") + ")"
header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, tuple_text)
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(path, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack("<%d%s" % (len(numbers), FORMATS[descr]), *numbers))
