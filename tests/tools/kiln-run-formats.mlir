// Tests that kiln-run picks the frontend by the model's content, not its
// file name: this kiln module and a text GraphDef run under names that
// say nothing (or the wrong thing), a binary GraphDef too, and a file no
// frontend recognizes is one error naming it and the known formats.
// RUN: rm -rf %t && mkdir -p %t
// RUN: python3 %S/Inputs/npy.py %t/x.npy '<f4' 2,3 -1,2,-3,4,-5,6
// RUN: cp %s %t/model.bin
// RUN: kiln-run %t/model.bin --feed x=%t/x.npy | FileCheck %s --check-prefix=MLIR
// MLIR: result0: f32[2,3] {{\[\[}}-0, -2, -0], [-4, -0, -6]]

// RUN: cp %S/Inputs/neg-relu.pbtxt %t/graph.mlir
// RUN: kiln-run %t/graph.mlir --feed x=%t/x.npy --fetch y | FileCheck %s --check-prefix=TEXT
// TEXT: y: f32[2,3] {{\[\[}}-0, -2, -0], [-4, -0, -6]]
// RUN: kiln-translate --import-graphdef %S/Inputs/neg-relu.pbtxt | kiln-translate --export-graphdef -o %t/graph.model
// RUN: kiln-run %t/graph.model --feed x=%t/x.npy --fetch Neg | FileCheck %s --check-prefix=BINARY
// BINARY: Neg: f32[2,3] {{\[\[}}-0, -2, -0], [-4, -0, -6]]

// RUN: printf 'hello, model\n' > %t/notes.txt
// RUN: not kiln-run %t/notes.txt 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: kiln-run: {{.*}}notes.txt: not a model kiln can import (known formats: kiln-mlir, tensorflow-graphdef, onnx)

func.func @main(%x: tensor<?x3xf32> {kiln.feed = "x"}) -> tensor<?x3xf32> {
  %0 = kiln.relu %x : tensor<?x3xf32>
  %1 = kiln.neg %0 : tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}
