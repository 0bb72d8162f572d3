"""Writes a float32 .npy of N ones (format 1.0) without NumPy."""
import struct
import sys

count, path = int(sys.argv[1]), sys.argv[2]
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }" % count
header = header.encode() + b" " * (-(10 + len(header) + 1) % 64) + b"\n"
with open(path, "wb") as out:
    out.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header)
    out.write(struct.pack("<%df" % count, *([1.0] * count)))
