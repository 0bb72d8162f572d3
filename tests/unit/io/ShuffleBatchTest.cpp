//===- ShuffleBatchTest.cpp - shuffle queue, coordinator, shuffle_batch ---===//

#include "IoTestUtil.h"

#include "kiln/runtime/io/record_writer.h"
#include "kiln/runtime/io/shuffle_batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <mutex>
#include <set>

using namespace kiln::runtime::io;
using namespace kiln::runtime::io::testing;
using namespace std::chrono_literals;

namespace {

/// Runs `body` on another thread; if it takes longer than `limit` the
/// process exits with a message rather than hanging the whole suite.
template <typename Body>
void finishesWithin(std::chrono::seconds limit, Body body) {
  std::promise<void> finished;
  std::future<void> done = finished.get_future();
  std::thread runner([&] {
    body();
    finished.set_value();
  });
  if (done.wait_for(limit) != std::future_status::ready) {
    std::fprintf(stderr, "FATAL: %s hung for %llds\n",
                 ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                 static_cast<long long>(limit.count()));
    std::_Exit(1);
  }
  runner.join();
}

TEST(ShuffleQueue, OrderDependsOnlyOnInputAndSeed) {
  auto run = [](uint64_t seed, bool slowProducer) {
    ShuffleQueue<int> queue({50, 10, seed});
    std::thread producer([&] {
      for (int i = 0; i < 500; ++i) {
        if (slowProducer && i % 7 == 0)
          std::this_thread::sleep_for(100us);
        EXPECT_TRUE(queue.enqueue(i).ok());
      }
      queue.close();
    });
    std::vector<int> order, batch;
    Status status;
    while ((status = queue.dequeueMany(32, batch, true)).ok())
      order.insert(order.end(), batch.begin(), batch.end());
    EXPECT_EQ(status.code(), StatusCode::OutOfRange);
    producer.join();
    return order;
  };
  std::vector<int> first = run(42, false);
  ASSERT_EQ(first.size(), 500u);
  EXPECT_EQ(run(42, true), first) << "thread timing changed the order";
  EXPECT_NE(run(43, false), first);
  std::vector<int> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 500; ++i)
    ASSERT_EQ(sorted[i], i);
  EXPECT_NE(first, sorted) << "not shuffled";
  // The pool holds min_after_dequeue + 1 = 11 elements in arrival order,
  // so pick i can only see elements 0 .. i + 10.
  for (size_t i = 0; i < first.size(); ++i)
    EXPECT_LE(static_cast<size_t>(first[i]), i + 10);
}

TEST(ShuffleQueue, ValidatesAndHonoursCapacity) {
  KILN_EXPECT_ERROR(ShuffleQueue<int>::validate({10, 10, 1}),
                    StatusCode::InvalidArgument,
                    "capacity (10) must exceed min_after_dequeue (10)");
  ShuffleQueue<int> queue({3, 1, 1});
  for (int i = 0; i < 3; ++i)
    KILN_ASSERT_OK(queue.enqueue(i));
  std::atomic<bool> fourthIn{false};
  std::thread producer([&] {
    EXPECT_TRUE(queue.enqueue(3).ok());
    fourthIn = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(fourthIn) << "enqueue did not block at capacity";
  int value;
  KILN_ASSERT_OK(queue.dequeue(value));
  producer.join();
  EXPECT_TRUE(fourthIn);
  EXPECT_EQ(queue.size(), 3u);
}

TEST(ShuffleQueue, FinalBatchAndCancel) {
  ShuffleQueue<int> queue({100, 5, 1});
  for (int i = 0; i < 10; ++i)
    KILN_ASSERT_OK(queue.enqueue(i));
  queue.close();
  KILN_EXPECT_ERROR(queue.enqueue(99), StatusCode::FailedPrecondition,
                    "enqueue after close");
  std::vector<int> batch;
  KILN_ASSERT_OK(queue.dequeueMany(4, batch, false));
  KILN_ASSERT_OK(queue.dequeueMany(4, batch, false));
  // Two left: dropped without allow_smaller_final_batch.
  KILN_EXPECT_ERROR(queue.dequeueMany(4, batch, false),
                    StatusCode::OutOfRange, "closed and empty");
  EXPECT_TRUE(batch.empty());

  ShuffleQueue<int> partial({100, 5, 1});
  for (int i = 0; i < 10; ++i)
    KILN_ASSERT_OK(partial.enqueue(i));
  partial.close();
  KILN_ASSERT_OK(partial.dequeueMany(4, batch, true));
  KILN_ASSERT_OK(partial.dequeueMany(4, batch, true));
  KILN_ASSERT_OK(partial.dequeueMany(4, batch, true));
  EXPECT_EQ(batch.size(), 2u);
  KILN_EXPECT_ERROR(partial.dequeueMany(4, batch, true),
                    StatusCode::OutOfRange, "closed");

  // A consumer blocked on an open queue wakes on cancel.
  ShuffleQueue<int> blocked({10, 2, 1});
  finishesWithin(5s, [&] {
    std::thread canceller([&] {
      std::this_thread::sleep_for(20ms);
      blocked.cancel();
    });
    int value;
    KILN_EXPECT_ERROR(blocked.dequeue(value), StatusCode::Cancelled,
                      "cancelled");
    canceller.join();
  });
}

TEST(Coordinator, StopCallbacksJoinAndFirstError) {
  Coordinator coordinator;
  std::atomic<int> callbacks{0};
  coordinator.onStop([&] { ++callbacks; });
  for (int i = 0; i < 3; ++i)
    coordinator.registerThread(std::thread([&coordinator, i] {
      while (!coordinator.shouldStop())
        std::this_thread::sleep_for(1ms);
      coordinator.requestStop(
          Status(StatusCode::Internal, "thread " + std::to_string(i)));
    }));
  EXPECT_FALSE(coordinator.waitForStop(5ms));
  coordinator.requestStop(outOfRange("input ended")); // a clean stop
  EXPECT_TRUE(coordinator.shouldStop());
  Status status = coordinator.join();
  EXPECT_EQ(status.code(), StatusCode::Internal);
  EXPECT_EQ(callbacks, 1);
  bool late = false;
  coordinator.onStop([&] { late = true; });
  EXPECT_TRUE(late) << "a callback added after the stop runs at once";
}

std::vector<std::string> writeShards(const std::string &name, int shards,
                                     int perShard) {
  std::vector<std::string> paths;
  for (int s = 0; s < shards; ++s) {
    std::string path = tempPath(name + "-" + std::to_string(s) + ".tfrecord");
    std::unique_ptr<RecordWriter> writer;
    EXPECT_TRUE(RecordWriter::open(path, {}, writer).ok());
    for (int i = 0; i < perShard; ++i)
      EXPECT_TRUE(
          writer->write("r" + std::to_string(s * perShard + i)).ok());
    EXPECT_TRUE(writer->close().ok());
    paths.push_back(path);
  }
  return paths;
}

std::vector<RecordProducer> readers(std::vector<std::string> paths,
                                    size_t threads, size_t epochs) {
  TFRecordSourceOptions options;
  options.threads = threads;
  options.epochs = epochs;
  return tfRecordProducers(std::move(paths), options);
}

std::vector<std::string> drain(ShuffleBatch &batches, Status &end,
                               std::vector<size_t> *sizes = nullptr) {
  std::vector<std::string> all, batch;
  while ((end = batches.next(batch)).ok()) {
    if (sizes)
      sizes->push_back(batch.size());
    all.insert(all.end(), batch.begin(), batch.end());
  }
  return all;
}

TEST(ShuffleBatch, OneReaderIsReproducibleAndCoversEveryRecord) {
  std::vector<std::string> paths = writeShards("repro", 3, 100);
  ShuffleBatchOptions options;
  options.batchSize = 32;
  options.queue = {200, 50, 7};
  options.allowSmallerFinalBatch = true;
  auto run = [&] {
    std::unique_ptr<ShuffleBatch> batches;
    EXPECT_TRUE(
        ShuffleBatch::start(readers(paths, 1, 2), options,
                            batches)
            .ok());
    Status end;
    std::vector<size_t> sizes;
    std::vector<std::string> all = drain(*batches, end, &sizes);
    EXPECT_EQ(end.code(), StatusCode::OutOfRange) << end.toString();
    EXPECT_EQ(sizes.back(), 600u % 32);
    EXPECT_TRUE(batches->stop().ok());
    return all;
  };
  std::vector<std::string> first = run();
  ASSERT_EQ(first.size(), 600u); // two epochs
  EXPECT_EQ(run(), first);
  std::multiset<std::string> seen(first.begin(), first.end());
  for (int i = 0; i < 300; ++i)
    EXPECT_EQ(seen.count("r" + std::to_string(i)), 2u) << i;
}

TEST(ShuffleBatch, ShuffledFileOrderIsSeededAndChangesPerEpoch) {
  std::vector<std::string> paths = writeShards("files", 6, 1);
  auto order = [&](uint64_t seed) {
    TFRecordSourceOptions source;
    source.epochs = 3;
    source.shuffleFiles = true;
    source.seed = seed;
    ShuffleBatchOptions options;
    options.batchSize = 1;
    options.queue = {100, 0, 1}; // min_after_dequeue 0: arrival order
    std::unique_ptr<ShuffleBatch> batches;
    EXPECT_TRUE(ShuffleBatch::start(tfRecordProducers(paths, source), options,
                                    batches)
                    .ok());
    Status end;
    return drain(*batches, end);
  };
  std::vector<std::string> first = order(11);
  ASSERT_EQ(first.size(), 18u);
  EXPECT_EQ(order(11), first);
  EXPECT_NE(order(12), first);
  std::vector<std::string> epoch0(first.begin(), first.begin() + 6),
      epoch1(first.begin() + 6, first.begin() + 12);
  EXPECT_NE(epoch0, epoch1) << "the same order every epoch";
  std::sort(epoch0.begin(), epoch0.end());
  std::sort(epoch1.begin(), epoch1.end());
  EXPECT_EQ(epoch0, epoch1) << "an epoch must read every file once";
}

TEST(ShuffleBatch, ManyReadersDropTheSmallerFinalBatchByDefault) {
  std::vector<std::string> paths = writeShards("many", 4, 25);
  ShuffleBatchOptions options;
  options.batchSize = 30;
  options.queue = {64, 16, std::nullopt};
  std::unique_ptr<ShuffleBatch> batches;
  KILN_ASSERT_OK(ShuffleBatch::start(readers(paths, 3, 1),
                                     options, batches));
  Status end;
  std::vector<size_t> sizes;
  std::vector<std::string> all = drain(*batches, end, &sizes);
  EXPECT_EQ(end.code(), StatusCode::OutOfRange);
  EXPECT_EQ(all.size(), 90u);
  for (size_t size : sizes)
    EXPECT_EQ(size, 30u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 90u);
  KILN_ASSERT_OK(batches->stop());
}

TEST(ShuffleBatch, ACorruptRecordStopsEveryoneAndReachesTheConsumer) {
  std::vector<std::string> paths = writeShards("corrupt", 2, 200);
  std::string bytes = readBytes(paths[1]);
  bytes[150 * 20 + 14] ^= 1; // record 150's data: records are 20 bytes here
  writeBytes(paths[1], bytes);
  ShuffleBatchOptions options;
  options.batchSize = 8;
  options.queue = {32, 4, 1};
  finishesWithin(10s, [&] {
    std::unique_ptr<ShuffleBatch> batches;
    KILN_ASSERT_OK(ShuffleBatch::start(
        readers(paths, /*threads=*/2, /*epochs=*/0), options,
        batches));
    Status end;
    drain(*batches, end);
    std::string where = paths[1] + ": record at byte offset " +
                        std::to_string(150 * 20) + ": corrupt data";
    EXPECT_EQ(end.code(), StatusCode::DataLoss) << end.toString();
    EXPECT_NE(end.message().find(where), std::string::npos) << end.message();
    Status stopped = batches->stop();
    EXPECT_EQ(stopped.code(), StatusCode::DataLoss);
  });
}

TEST(ShuffleBatch, ProducerErrorsPropagateAndMissingFilesAreNamed) {
  ShuffleBatchOptions options;
  options.batchSize = 4;
  options.queue = {16, 2, 1};
  std::vector<RecordProducer> producers;
  producers.push_back([](const RecordEmitter &emit, const Coordinator &) {
    for (int i = 0; i < 10; ++i)
      KILN_IO_RETURN_IF_ERROR(emit("x" + std::to_string(i)));
    return Status(StatusCode::Internal, "reader exploded after 10 records");
  });
  std::unique_ptr<ShuffleBatch> batches;
  KILN_ASSERT_OK(ShuffleBatch::start(std::move(producers), options, batches));
  Status end;
  finishesWithin(10s, [&] { drain(*batches, end); });
  KILN_EXPECT_ERROR(end, StatusCode::Internal, "reader exploded");

  std::string missing = tempPath("no-such-shard.tfrecord");
  KILN_ASSERT_OK(ShuffleBatch::start(readers({missing}, 1, 1),
                                     options, batches));
  finishesWithin(10s, [&] { drain(*batches, end); });
  KILN_EXPECT_ERROR(end, StatusCode::NotFound, missing);
}

TEST(ShuffleBatch, EarlyStopWithFullQueueDoesNotHang) {
  std::vector<std::string> paths = writeShards("early", 2, 500);
  ShuffleBatchOptions options;
  options.batchSize = 10;
  options.queue = {20, 5, 3};
  finishesWithin(10s, [&] {
    std::unique_ptr<ShuffleBatch> batches;
    KILN_ASSERT_OK(ShuffleBatch::start(
        readers(paths, 4, /*epochs=*/0), options, batches));
    std::vector<std::string> batch;
    KILN_ASSERT_OK(batches->next(batch));
    EXPECT_EQ(batch.size(), 10u);
    std::this_thread::sleep_for(20ms); // let producers block on a full queue
    KILN_ASSERT_OK(batches->stop());
    KILN_EXPECT_ERROR(batches->next(batch), StatusCode::Cancelled, "stopped");
  });
  // The destructor alone stops and joins too.
  finishesWithin(10s, [&] {
    std::unique_ptr<ShuffleBatch> batches;
    KILN_ASSERT_OK(ShuffleBatch::start(
        readers(paths, 2, /*epochs=*/0), options, batches));
    std::vector<std::string> batch;
    KILN_ASSERT_OK(batches->next(batch));
  });
}

TEST(ShuffleBatch, ConsumersOnSeveralThreadsShareTheStream) {
  std::vector<std::string> paths = writeShards("consumers", 2, 300);
  ShuffleBatchOptions options;
  options.batchSize = 7;
  options.queue = {100, 20, 5};
  options.allowSmallerFinalBatch = true;
  std::unique_ptr<ShuffleBatch> batches;
  KILN_ASSERT_OK(ShuffleBatch::start(readers(paths, 2, 1),
                                     options, batches));
  std::mutex mutex;
  std::multiset<std::string> seen;
  finishesWithin(20s, [&] {
    std::vector<std::thread> consumers;
    for (int c = 0; c < 3; ++c)
      consumers.emplace_back([&] {
        std::vector<std::string> batch;
        while (batches->next(batch).ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          seen.insert(batch.begin(), batch.end());
        }
      });
    for (std::thread &consumer : consumers)
      consumer.join();
  });
  EXPECT_EQ(seen.size(), 600u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 600u);
  KILN_ASSERT_OK(batches->stop());
}

TEST(ShuffleBatch, RejectsBadOptions) {
  ShuffleBatchOptions options;
  options.queue = {10, 10, 1};
  std::unique_ptr<ShuffleBatch> batches;
  KILN_EXPECT_ERROR(ShuffleBatch::start({}, options, batches),
                    StatusCode::InvalidArgument, "capacity (10)");
  options.queue = {10, 1, 1};
  options.batchSize = 0;
  KILN_EXPECT_ERROR(ShuffleBatch::start({}, options, batches),
                    StatusCode::InvalidArgument, "batch size");
  // No producers at all: the input is empty, not a hang.
  options.batchSize = 2;
  KILN_ASSERT_OK(ShuffleBatch::start({}, options, batches));
  std::vector<std::string> batch;
  KILN_EXPECT_ERROR(batches->next(batch), StatusCode::OutOfRange, "closed");
}

} // namespace
