// Tests that the arena kiln-compile reports is never below its lower bound
// when a temporary is written in place: exp writes over the matmul's
// output, which dies at it, so the two share bytes and the bound counts
// them once (it used to count both: arena 16896, "lower bound" 32768).
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[64,64]' --feed 'w:f32[64,64]' -o %t/step > %t/report.txt
// RUN: FileCheck %s < %t/report.txt
// RUN: python3 -c "import re,sys; a,b=map(int,re.search(r'arena: (\d+) bytes \(lower bound (\d+) bytes\)', open(sys.argv[1]).read()).groups()); sys.exit(0 if a >= b > 0 else 'arena %d below bound %d' % (a, b))" %t/report.txt

// CHECK: arena: {{[0-9]+}} bytes (lower bound 16896 bytes)

func.func @main(%x: tensor<64x64xf32> {kiln.feed = "x"},
                %w: tensor<64x64xf32> {kiln.feed = "w"})
    -> (tensor<64xf32>, tensor<64x64xf32>) {
  %0 = kiln.matmul %x, %w : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  %1 = kiln.exp %0 : tensor<64x64xf32>
  %2 = kiln.reduce_sum %1 {axes = array<i64: 0>} : (tensor<64x64xf32>) -> tensor<64xf32>
  %3 = kiln.matmul %1, %w : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %2, %3 : tensor<64xf32>, tensor<64x64xf32>
}
