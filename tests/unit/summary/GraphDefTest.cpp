//===- GraphDefTest.cpp - the minimal GraphDef encoder and decoder --------===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/summary/graph_def.h"

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

TEST(GraphDefBytes, NodeFieldsInOrder) {
  // GraphDef.node (0a) holding NodeDef name (0a), op (12), input (1a),
  // device (22); FACTS.md sections 1.1 and 1.2.
  std::vector<GraphNode> nodes = {{"a/b", "Relu", {"x", "^y"}, "/cpu:0"}};
  EXPECT_EQ(hexOf(encodeGraphDef(nodes)),
            "0a 1a 0a 03 61 2f 62 12 04 52 65 6c 75 1a 01 78 1a 02 5e 79 "
            "22 06 2f 63 70 75 3a 30");
}

TEST(GraphDefRoundTrip, NodesComeBackInOrder) {
  std::vector<GraphNode> nodes = {
      {"input/x", "Placeholder", {}, ""},
      {"layer1/weights", "VariableV2", {}, "/device:CPU:0"},
      {"layer1/MatMul", "MatMul", {"input/x", "layer1/weights:0"}, ""},
      {"train", "NoOp", {"^layer1/MatMul"}, ""},
  };
  std::vector<GraphNode> back;
  KILN_ASSERT_OK(parseGraphDefNodes(encodeGraphDef(nodes), back));
  ASSERT_EQ(back.size(), nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_EQ(back[i].name, nodes[i].name);
    EXPECT_EQ(back[i].op, nodes[i].op);
    EXPECT_EQ(back[i].inputs, nodes[i].inputs);
    EXPECT_EQ(back[i].device, nodes[i].device);
  }
}

TEST(GraphDefRoundTrip, OtherFieldsAreSkipped) {
  // node{name "n", attr{...}} then versions (22 = field 4) {producer 27}.
  std::string bytes("\x0a\x07\x0a\x01n\x2a\x02\x0a\x00\x22\x02\x08\x1b", 13);
  std::vector<GraphNode> back;
  KILN_ASSERT_OK(parseGraphDefNodes(bytes, back));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].name, "n");
}

TEST(GraphDefErrors, MalformedNodeNamesTheOffset) {
  std::string bytes("\x0a\x02\x0a\x05", 4);
  std::vector<GraphNode> back;
  KILN_EXPECT_ERROR(parseGraphDefNodes(bytes, back), io::StatusCode::DataLoss,
                    "malformed NodeDef: field 1 claims 5 bytes but 0 remain "
                    "at byte offset 2");
}

} // namespace
