// Tests inputs that are not GraphDefs: binary garbage, a real frozen graph
// cut short, random bytes, an empty file and a text file with an empty
// graph, a syntax error or an unknown field. Each fails with one message
// naming the file, and nothing is printed.
// RUN: printf '\012\377\377' > %t.garbage.pb
// RUN: not kiln-translate --import-graphdef %t.garbage.pb 2>&1 | FileCheck %s --check-prefix=GARBAGE
// RUN: head -c 1000 %S/../../../shared/testdata/tf-graphs/onnx__tensorflow-onnx/tests/models/fc-layers/frozen.pb > %t.truncated.pb
// RUN: not kiln-translate --import-graphdef %t.truncated.pb 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: head -c 600000 %S/../../../shared/testdata/tf-graphs/onnx__tensorflow-onnx/tests/models/fc-layers/frozen.pb > %t.half.pb
// RUN: not kiln-translate --import-graphdef %t.half.pb 2>&1 | FileCheck %s --check-prefix=HALF
// RUN: printf '\300\336\000\001\002\003garbage' > %t.bytes.pb
// RUN: not kiln-translate --import-graphdef %t.bytes.pb 2>&1 | FileCheck %s --check-prefix=BYTES
// RUN: printf '' > %t.empty.pb
// RUN: not kiln-translate --import-graphdef %t.empty.pb 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: printf 'versions { producer: 5 }\n' > %t.nonodes.pbtxt
// RUN: not kiln-translate --import-graphdef %t.nonodes.pbtxt 2>&1 | FileCheck %s --check-prefix=NO-NODES
// RUN: printf 'node { name: "x" op: ' > %t.syntax.pbtxt
// RUN: not kiln-translate --import-graphdef %t.syntax.pbtxt 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: printf 'nodes { name: "x" }\n' > %t.field.pbtxt
// RUN: not kiln-translate --import-graphdef %t.field.pbtxt 2>&1 | FileCheck %s --check-prefix=FIELD

// GARBAGE: error: {{.*}}garbage.pb: not a GraphDef: not valid binary protobuf, and as text: line {{[0-9]+}}, column {{[0-9]+}}:
// GARBAGE-NOT: func.func
// TRUNCATED: error: {{.*}}truncated.pb: not a GraphDef: not valid binary protobuf, and as text:
// TRUNCATED-NOT: func.func
// HALF: error: {{.*}}half.pb: not a GraphDef: not valid binary protobuf, and as text:
// BYTES: error: {{.*}}bytes.pb: not a GraphDef: not valid binary protobuf, and as text:
// EMPTY: error: {{.*}}empty.pb: the graph has no nodes
// NO-NODES: error: {{.*}}nonodes.pbtxt: the graph has no nodes
// SYNTAX: error: {{.*}}syntax.pbtxt: not a GraphDef: line 1, column 22: Expected string
// FIELD: error: {{.*}}field.pbtxt: not a GraphDef: line 1, column 7: Message type "tensorflow.GraphDef" has no field named "nodes".
