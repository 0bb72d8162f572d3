//===- EventTest.cpp - Event messages: bytes and round trips --------------===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/summary/event.h"
#include "kiln/runtime/summary/scalar.h"

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

TEST(EventBytes, FileVersionEvent) {
  // wall_time (09 = field 1, fixed64) 1700000000.0, then file_version
  // (1a = field 3) "brain.Event:2"; FACTS.md section 3.3.
  EXPECT_EQ(hexOf(encodeEvent(fileVersionEvent(1700000000.0))),
            "09 00 00 00 40 fc 54 d9 41 "
            "1a 0d 62 72 61 69 6e 2e 45 76 65 6e 74 3a 32");
}

TEST(EventBytes, StepAndSummary) {
  // step (10 = field 2, varint) 300, summary (2a = field 5).
  EXPECT_EQ(hexOf(encodeEvent(summaryEvent(0, 300, scalarSummary("a", 1)))),
            "10 ac 02 2a 0a 0a 08 0a 01 61 15 00 00 80 3f");
}

TEST(EventBytes, EmptyGraphIsStillWritten) {
  EXPECT_EQ(hexOf(encodeEvent(graphEvent(0, ""))), "22 00");
}

TEST(EventRoundTrip, EveryKind) {
  std::vector<Event> events = {
      fileVersionEvent(1700000000.0),
      summaryEvent(1700000001.25, 7, scalarSummary("loss", 0.75)),
      summaryEvent(1700000002.5, -1, scalarSummary("neg", 1)),
      graphEvent(1700000003.0, std::string("\x0a\x02\x0a\x00", 4)),
  };
  for (const Event &event : events) {
    Event back;
    KILN_ASSERT_OK(parseEvent(encodeEvent(event), back));
    EXPECT_EQ(back.kind, event.kind);
    EXPECT_EQ(back.wallTime, event.wallTime);
    EXPECT_EQ(back.step, event.step);
    EXPECT_EQ(back.fileVersion, event.fileVersion);
    EXPECT_EQ(back.graphDef, event.graphDef);
    ASSERT_EQ(back.summary.values.size(), event.summary.values.size());
    for (size_t i = 0; i < back.summary.values.size(); ++i)
      EXPECT_EQ(back.summary.values[i].simpleValue,
                event.summary.values[i].simpleValue);
  }
}

TEST(EventRoundTrip, OtherPayloadsAreKeptAsOther) {
  // Event{step 1, session_log{status START}} (3a = field 7).
  std::string bytes("\x10\x01\x3a\x02\x08\x01", 6);
  Event back;
  KILN_ASSERT_OK(parseEvent(bytes, back));
  EXPECT_EQ(back.kind, Event::Kind::Other);
  EXPECT_EQ(back.step, 1);
}

TEST(EventErrors, MalformedSummaryNamesTheOuterOffset) {
  // Event{step 1, summary{value: claims 9 bytes, has 1}}.
  std::string bytes("\x10\x01\x2a\x03\x0a\x09\x00", 7);
  Event back;
  KILN_EXPECT_ERROR(parseEvent(bytes, back), io::StatusCode::DataLoss,
                    "malformed Summary: field 1 claims 9 bytes but 1 remain "
                    "at byte offset 4");
}

TEST(EventErrors, EveryTruncationParsesOrFailsCleanly) {
  // Cutting a valid event anywhere must give a parse or a DataLoss error,
  // never a crash or a read past the end (ASan builds check the latter).
  Summary summary = scalarSummary("loss", 0.5);
  summary.values.push_back(scalarValue("accuracy", 0.25));
  std::string bytes = encodeEvent(summaryEvent(1700000000.5, 12, summary));
  for (size_t size = 0; size < bytes.size(); ++size) {
    Event back;
    Status status = parseEvent(bytes.substr(0, size), back);
    EXPECT_TRUE(status.ok() || status.code() == io::StatusCode::DataLoss)
        << size << ": " << status.toString();
  }
}

} // namespace
