// Tests kiln-run end to end on a kiln module: .npy feeds in, fetches printed
// or written, shapes specialized from the feeds, and each error case.
// RUN: rm -rf %t && mkdir -p %t
// RUN: python3 %S/Inputs/npy.py %t/x.npy '<f4' 2,3 -1,2,-3,4,-5,6
// RUN: python3 %S/Inputs/npy.py %t/b.npy '<f4' 3 10,20,30
// RUN: kiln-run %s --feed x=%t/x.npy --feed b=%t/b.npy | FileCheck %s

// CHECK: result0: f32[2,3] {{\[\[}}8, 24, 24], [18, 10, 42]]
// CHECK: result1: f32[3] [26, 34, 66]

// The same with a batch of 1: the dynamic dimension follows the feed.
// RUN: python3 %S/Inputs/npy.py %t/x1.npy '<f4' 1,3 1,1,1
// RUN: kiln-run %s --feed x=%t/x1.npy --feed b=%t/b.npy | FileCheck %s --check-prefix=BATCH1
// BATCH1: result0: f32[1,3] {{\[\[}}12, 22, 32]]

// --out writes .npy files that read back the same; --bench times runs.
// RUN: kiln-run %s --feed x=%t/x.npy --feed b=%t/b.npy --out result1=%t/sum.npy --bench 5 | FileCheck %s --check-prefix=OUT
// OUT: result0: f32[2,3]
// OUT-NOT: result1:
// OUT: median_us: {{[0-9.e+]+}}
// RUN: python3 -c "import sys; d=open('%t/sum.npy','rb').read(); sys.exit(0 if d[:6]==b'\x93NUMPY' and len(d)==128+12 else 1)"

// --log-device-placement prints every op's device, TensorFlow style.
// RUN: kiln-run %s --feed x=%t/x.npy --feed b=%t/b.npy --log-device-placement 2>&1 | FileCheck %s --check-prefix=PLACE
// PLACE: relu: (kiln.relu): /job:localhost/replica:0/task:0/device:CPU:0

// Errors name the feed or file.
// RUN: python3 %S/Inputs/npy.py %t/rank.npy '<f4' 6 1,2,3,4,5,6
// RUN: not kiln-run %s --feed x=%t/rank.npy --feed b=%t/b.npy 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: kiln-run: feed 'x' expects tensor<?x3xf32>, got f32[6]
// RUN: python3 %S/Inputs/npy.py %t/int.npy '<i4' 2,3 1,2,3,4,5,6
// RUN: not kiln-run %s --feed x=%t/int.npy --feed b=%t/b.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: kiln-run: feed 'x' expects tensor<?x3xf32>, got i32[2,3]
// RUN: not kiln-run %s --feed x=%t/x.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: kiln-run: no value fed for 'b'
// RUN: not kiln-run %s --feed x=%t/x.npy --feed b=%t/b.npy --feed c=%t/b.npy 2>&1 | FileCheck %s --check-prefix=EXTRA
// EXTRA: kiln-run: 'c' is not an input of the model
// RUN: printf 'garbage' > %t/bad.npy
// RUN: not kiln-run %s --feed x=%t/bad.npy --feed b=%t/b.npy 2>&1 | FileCheck %s --check-prefix=BADNPY
// BADNPY: kiln-run: {{.*}}bad.npy: not a .npy file (bad magic)
// RUN: not kiln-run %s --feed x 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: kiln-run: --feed expects NAME=FILE.npy, got 'x'
// RUN: not kiln-run %t/missing.pb 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: kiln-run: {{.*}}missing.pb: cannot open the file
// --out must name a result, and --steps must run something.
// RUN: not kiln-run %s --feed x=%t/x.npy --feed b=%t/b.npy --out total=%t/t.npy 2>&1 | FileCheck %s --check-prefix=OUTNAME
// OUTNAME: kiln-run: --out total={{.*}}t.npy: expected NAME=FILE.npy with NAME one of the results (result0, result1)
// RUN: not kiln-run %s --feed x=%t/x.npy --feed b=%t/b.npy --steps 0 2>&1 | FileCheck %s --check-prefix=STEPS
// STEPS: kiln-run: --steps must be at least 1

func.func @main(%x: tensor<?x3xf32> {kiln.feed = "x"}, %b: tensor<3xf32> {kiln.feed = "b"}) -> (tensor<?x3xf32>, tensor<3xf32>) {
  %two = kiln.constant dense<2.0> : tensor<f32>
  %scaled = kiln.mul %x, %two : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  %shifted = kiln.bias_add %scaled, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %relu = kiln.relu %shifted : tensor<?x3xf32>
  %sum = kiln.reduce_sum %relu {axes = array<i64: 0>} : (tensor<?x3xf32>) -> tensor<3xf32>
  return %relu, %sum : tensor<?x3xf32>, tensor<3xf32>
}
