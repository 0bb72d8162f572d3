//===- MetaGraphTest.cpp - the .meta MetaGraphDef -------------------------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/meta_graph.h"
#include "kiln/runtime/checkpoint/naming.h"

namespace kiln::runtime::checkpoint {
namespace {

TEST(MetaGraphTest, MinimalMetaGraphBytes) {
  // GraphDef{node{name:"c" op:"Const"}}
  const std::string graph("\x0a\x0a\x0a\x01" "c" "\x12\x05" "Const", 12);
  MetaGraphSpec spec;
  spec.tensorflowVersion = "2.21.0";
  std::string bytes = encodeMetaGraphDef(graph, spec);
  // meta_info_def{tensorflow_version (5)} then graph_def (2) unchanged.
  EXPECT_EQ(bytes.substr(0, 10), std::string("\x0a\x08\x2a\x06" "2.21.0", 10));
  EXPECT_EQ(bytes.substr(10, 14), "\x12\x0c" + graph);
  // saver_def (3): names, max_to_keep 5, 10000.0f hours, version V2.
  std::string saver = bytes.substr(24);
  EXPECT_EQ(saver[0], '\x1a');
  EXPECT_NE(saver.find("\x0a\x0csave/Const:0"), std::string::npos);
  EXPECT_NE(saver.find("\x12\x19save/control_dependency:0"), std::string::npos);
  EXPECT_NE(saver.find("\x1a\x10save/restore_all"), std::string::npos);
  EXPECT_NE(saver.find(std::string("\x20\x05\x35\x00\x40\x1c\x46\x38\x02", 9)),
            std::string::npos);

  std::string decodedGraph;
  SaverDefSpec decodedSaver;
  bool hasSaver = false;
  ASSERT_TRUE(decodeMetaGraphDef(bytes, "m.meta", decodedGraph, decodedSaver, hasSaver).ok());
  EXPECT_EQ(decodedGraph, graph);
  EXPECT_TRUE(hasSaver);
  EXPECT_EQ(decodedSaver.restoreOpName, "save/restore_all");
  EXPECT_EQ(decodedSaver.version, 2);
  EXPECT_EQ(decodedSaver.keepCheckpointEveryNHours, 10000.0f);
}

TEST(MetaGraphTest, ReadsTheSaverDefOfATensorFlowMetaFile) {
  std::string path = testing::testdataDir() +
                     "/tf-graphs/onnx__tensorflow-onnx/tests/models/regression/"
                     "checkpoint/model.meta";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << "shared test data not found under " << testing::testdataDir();
  std::string graph;
  SaverDefSpec saver;
  bool hasSaver = false;
  ASSERT_TRUE(decodeMetaGraphDef(testing::readBytes(path), path, graph, saver, hasSaver).ok());
  EXPECT_TRUE(hasSaver);
  EXPECT_EQ(saver.filenameTensorName, "save/Const:0");
  EXPECT_EQ(saver.saveTensorName, "save/control_dependency:0");
  EXPECT_EQ(saver.restoreOpName, "save/restore_all");
  EXPECT_EQ(saver.maxToKeep, 5);
  EXPECT_EQ(saver.version, 2);
  EXPECT_GT(graph.size(), 1000u);
}

TEST(MetaGraphTest, WritesPrefixDotMeta) {
  testing::TempDir dir;
  ASSERT_TRUE(writeMetaGraph(dir / "m", "", MetaGraphSpec()).ok());
  EXPECT_TRUE(std::filesystem::exists(metaFileName(dir / "m")));
  std::string graph;
  SaverDefSpec saver;
  bool hasSaver;
  EXPECT_EQ(decodeMetaGraphDef("\x12\x05\x01", "bad.meta", graph, saver, hasSaver).code(),
            io::StatusCode::DataLoss);
}

} // namespace
} // namespace kiln::runtime::checkpoint
