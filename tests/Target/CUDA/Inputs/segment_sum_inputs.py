"""Writes segment-sum.mlir's feeds into DIR: d[r][k] = r + k (f32
[6,2,3]) with ids [0, 1, 0, 1, 0, -1] (the -1 dropped, as TensorFlow
drops negative ids), w[r][j] = (r + 1) / 4 (f64 [5,4]) with ids
[1, 0, 1, -1, 0], and n = [0, 1, 2, 2, 1, 0, 2] (i32) summed by itself;
bad_ids.npy has an id (3) at num_segments."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "e2e"))
from harness import Tensor, write_npy  # noqa: E402

out = sys.argv[1]
write_npy(os.path.join(out, "d.npy"),
          Tensor("f32", (6, 2, 3), [r + k for r in range(6) for k in range(6)]))
write_npy(os.path.join(out, "ids.npy"), Tensor("i64", (6,), [0, 1, 0, 1, 0, -1]))
write_npy(os.path.join(out, "bad_ids.npy"), Tensor("i64", (6,), [0, 1, 0, 3, 0, -1]))
write_npy(os.path.join(out, "w.npy"),
          Tensor("f64", (5, 4), [(r + 1) / 4 for r in range(5) for _ in range(4)]))
write_npy(os.path.join(out, "wi.npy"), Tensor("i32", (5,), [1, 0, 1, -1, 0]))
write_npy(os.path.join(out, "n.npy"), Tensor("i32", (7,), [0, 1, 2, 2, 1, 0, 2]))
