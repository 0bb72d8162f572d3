//===- CollectionTest.cpp - summary collections and merge_all -------------===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/summary/collection.h"
#include "kiln/runtime/summary/histogram.h"
#include "kiln/runtime/summary/scalar.h"

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

TEST(Collection, MergeAllRunsProducersInOrder) {
  SummaryCollection collection;
  double loss = 0.5;
  collection.add("loss", [&](Summary &s) {
    s.values.push_back(scalarValue("loss", loss));
    return Status();
  });
  collection.add("weights", [](Summary &s) {
    Histogram histogram;
    KILN_IO_RETURN_IF_ERROR(histogram.add(1.0));
    s.values.push_back(histogramValue("weights", histogram));
    return Status();
  });
  EXPECT_EQ(collection.size(), 2u);
  Summary merged;
  KILN_ASSERT_OK(collection.mergeAll(merged));
  ASSERT_EQ(merged.values.size(), 2u);
  EXPECT_EQ(merged.values[0].tag, "loss");
  EXPECT_EQ(merged.values[0].simpleValue, 0.5f);
  EXPECT_EQ(merged.values[1].kind, SummaryValue::Kind::Histogram);
  // Producers read current values at each merge, like evaluating the ops.
  loss = 0.25;
  KILN_ASSERT_OK(collection.mergeAll(merged));
  EXPECT_EQ(merged.values[0].simpleValue, 0.25f);
}

TEST(Collection, ProducerErrorsNameTheProducer) {
  SummaryCollection collection;
  collection.add("bad", [](Summary &) {
    return io::invalidArgument("no step result yet");
  });
  Summary merged;
  KILN_EXPECT_ERROR(collection.mergeAll(merged),
                    io::StatusCode::InvalidArgument,
                    "summary 'bad': no step result yet");
}

TEST(Collection, DuplicateTagsAreRefused) {
  SummaryCollection collection;
  for (int i = 0; i < 2; ++i)
    collection.add("loss" + std::to_string(i), [](Summary &s) {
      s.values.push_back(scalarValue("loss", 1));
      return Status();
    });
  Summary merged;
  KILN_EXPECT_ERROR(collection.mergeAll(merged),
                    io::StatusCode::InvalidArgument, "duplicate tag 'loss'");
}

TEST(Collection, ProcessWideCollectionsByName) {
  summaryCollection("test_only").add("a", [](Summary &s) {
    s.values.push_back(scalarValue("a", 1));
    return Status();
  });
  summaryCollection("test_only").add("b", [](Summary &s) {
    s.values.push_back(scalarValue("b", 2));
    return Status();
  });
  Summary merged;
  KILN_ASSERT_OK(mergeAll(merged, "test_only"));
  EXPECT_EQ(merged.values.size(), 2u);
  KILN_ASSERT_OK(mergeAll(merged)); // the default collection is empty
  EXPECT_TRUE(merged.values.empty());
  summaryCollection("test_only").clear();
  EXPECT_EQ(summaryCollection("test_only").size(), 0u);
}

TEST(Collection, MergeSummariesConcatenates) {
  Summary merged;
  KILN_ASSERT_OK(mergeSummaries(
      {scalarSummary("a", 1), scalarSummary("b", 2), Summary()}, merged));
  ASSERT_EQ(merged.values.size(), 2u);
  EXPECT_EQ(merged.values[1].tag, "b");
}

} // namespace
