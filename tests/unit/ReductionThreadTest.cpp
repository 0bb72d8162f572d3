//===- ReductionThreadTest.cpp - buckets summed beside the computation ----===//
//
// The session's reduction thread sums buckets in the order they are
// posted, on its own thread, and reports the first failure at the next
// wait, skipping the buckets after it (the job ends on that error).
//
//===----------------------------------------------------------------------===//

#include "compiler/API/ReductionThread.h"
#include "StatusTesting.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace kiln;

namespace {

/// Records each sum's first element and thread; doubles the data (a sum
/// over two ranks holding the same values); fails the call `failAt`.
class RecordingCommunicator final : public runtime::parallel::Communicator {
public:
  explicit RecordingCommunicator(int failAt = -1) : failAt_(failAt) {}
  int rank() const override { return 0; }
  int size() const override { return 2; }
  Status allReduceSum(float *data, size_t count) override {
    int call = calls_++;
    threads.push_back(std::this_thread::get_id());
    firsts.push_back(data[0]);
    if (call == failAt_)
      return Status(StatusCode::Unavailable, "the network went away");
    for (size_t i = 0; i < count; ++i)
      data[i] *= 2;
    return Status();
  }
  Status broadcast(void *, size_t, int) override { return Status(); }
  [[noreturn]] void abort(const std::string &message, int) override {
    ADD_FAILURE() << message;
    std::abort();
  }

  std::vector<std::thread::id> threads;
  std::vector<float> firsts;

private:
  int failAt_, calls_ = 0;
};

TEST(ReductionThread, SumsBucketsInPostedOrderOnItsOwnThread) {
  RecordingCommunicator communicator;
  std::vector<float> buffer = {1, 2, 3, 4, 5};
  {
    ReductionThread thread(communicator);
    thread.post(buffer.data() + 3, 2);
    thread.post(buffer.data(), 3);
    KILN_ASSERT_OK(thread.wait());
    // Nothing posted: wait returns at once.
    KILN_ASSERT_OK(thread.wait());
  }
  EXPECT_EQ(buffer, (std::vector<float>{2, 4, 6, 8, 10}));
  EXPECT_EQ(communicator.firsts, (std::vector<float>{4, 1}));
  ASSERT_EQ(communicator.threads.size(), 2u);
  EXPECT_NE(communicator.threads[0], std::this_thread::get_id());
  EXPECT_EQ(communicator.threads[0], communicator.threads[1]);
}

TEST(ReductionThread, FirstFailureReachesTheNextWaitAndSkipsTheRest) {
  RecordingCommunicator communicator(/*failAt=*/0);
  std::vector<float> buffer = {1, 2, 3};
  ReductionThread thread(communicator);
  thread.post(buffer.data(), 1);
  thread.post(buffer.data() + 1, 1);
  thread.post(buffer.data() + 2, 1);
  Status status = thread.wait();
  EXPECT_EQ(status.code(), StatusCode::Unavailable);
  EXPECT_EQ(status.message(), "the network went away");
  EXPECT_EQ(communicator.firsts.size(), 1u);
  EXPECT_EQ(buffer, (std::vector<float>{1, 2, 3}));
  // The error is reported once; the next step's buckets are summed.
  thread.post(buffer.data(), 3);
  KILN_EXPECT_OK(thread.wait());
  EXPECT_EQ(buffer, (std::vector<float>{2, 4, 6}));
}

} // namespace
