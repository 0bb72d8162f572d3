//===- FileSystemTest.cpp - scheme dispatch, streams, atomic writes, gzip -===//

#include "IoTestUtil.h"

#include "kiln/runtime/io/compression.h"
#include "kiln/runtime/io/file_system.h"

#include <map>
#include <sys/stat.h>

using namespace kiln::runtime::io;
using namespace kiln::runtime::io::testing;

namespace {

TEST(FileSystem, SchemesDispatch) {
  EXPECT_EQ(pathScheme("hdfs://namenode:8020/data"), "hdfs");
  EXPECT_EQ(pathScheme("file:///tmp/x"), "file");
  EXPECT_EQ(pathScheme("/tmp/x"), "");
  EXPECT_EQ(pathScheme("dir/a://b"), ""); // a slash before "://": a plain path
  EXPECT_EQ(pathScheme("://x"), "");
}

TEST(FileSystem, UnknownSchemesAndHdfsWithoutANamenodeAreClearErrors) {
  std::string contents;
  // No namenode in the path and KILN_HDFS_NAMENODE unset (CTest and lit do
  // not set it).
  ASSERT_EQ(std::getenv("KILN_HDFS_NAMENODE"), nullptr);
  KILN_EXPECT_ERROR(readFile("hdfs:///data/train.tfrecord", contents),
                    StatusCode::InvalidArgument,
                    "hdfs:///data/train.tfrecord: names no namenode");
  std::unique_ptr<OutputStream> out;
  KILN_EXPECT_ERROR(openForWrite("webhdfs://nn:port/out", out),
                    StatusCode::InvalidArgument,
                    "'nn:port' is not a namenode address");
  KILN_EXPECT_ERROR(readFile("gs://bucket/x", contents),
                    StatusCode::Unimplemented, "'gs://' scheme");
}

TEST(FileSystem, RegisteredSchemesAreServed) {
  // A file system for "mem://" that serves one file, as an HDFS client would
  // plug in.
  struct MemoryFileSystem : FileSystem {
    Status openForRead(const std::string &path,
                       std::unique_ptr<InputStream> &out) override {
      struct Stream : InputStream {
        std::string data = "remote bytes", path;
        size_t at = 0;
        Status read(char *buffer, size_t size, size_t &got) override {
          got = std::min(size, data.size() - at);
          data.copy(buffer, got, at);
          at += got;
          return Status();
        }
        const std::string &name() const override { return path; }
      };
      auto stream = std::make_unique<Stream>();
      stream->path = path;
      out = std::move(stream);
      return Status();
    }
    Status openForWrite(const std::string &path,
                        std::unique_ptr<OutputStream> &) override {
      return Status(StatusCode::Unimplemented, path + ": read-only");
    }
    Status writeFileAtomically(const std::string &path,
                               std::string_view) override {
      return Status(StatusCode::Unimplemented, path + ": read-only");
    }
    Status fileExists(const std::string &) override { return Status(); }
  };
  registerFileSystem("mem", std::make_shared<MemoryFileSystem>());
  std::string contents;
  KILN_ASSERT_OK(readFile("mem://anything", contents));
  EXPECT_EQ(contents, "remote bytes");
}

TEST(FileSystem, LocalReadWriteAndFileScheme) {
  std::string path = tempPath("plain.bin");
  std::string data(200000, '\0');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>(i * 13);
  std::unique_ptr<OutputStream> out;
  KILN_ASSERT_OK(openForWrite(path, out));
  KILN_ASSERT_OK(out->append(data.substr(0, 5)));
  KILN_ASSERT_OK(out->append(data.substr(5)));
  KILN_ASSERT_OK(out->close());
  std::string back;
  KILN_ASSERT_OK(readFile("file://" + path, back));
  EXPECT_EQ(back, data);

  // Streaming reads of odd sizes see the same bytes.
  std::unique_ptr<InputStream> in;
  KILN_ASSERT_OK(openForRead(path, in));
  std::string streamed;
  for (size_t size : {1, 12, 70000, 3, 200000}) {
    std::string chunk(size, '\0');
    size_t got = 0;
    KILN_ASSERT_OK(in->read(chunk.data(), size, got));
    streamed += chunk.substr(0, got);
  }
  EXPECT_EQ(streamed, data);
}

TEST(FileSystem, MissingFilesAndDirectoriesNameThePath) {
  std::string contents;
  std::string missing = tempPath("does-not-exist");
  KILN_EXPECT_ERROR(readFile(missing, contents), StatusCode::NotFound,
                    missing + ": cannot open for reading");
  KILN_EXPECT_ERROR(fileExists(missing), StatusCode::NotFound, missing);
  KILN_EXPECT_ERROR(readFile(::testing::TempDir(), contents),
                    StatusCode::FailedPrecondition, "is a directory");
}

TEST(FileSystem, AtomicWriteReplacesWholeFileAndLeavesNoTemporary) {
  std::string dir = tempPath("atomic");
  ::mkdir(dir.c_str(), 0755);
  std::string path = dir + "/state.txt";
  KILN_ASSERT_OK(writeFileAtomically(path, "first version"));
  KILN_ASSERT_OK(writeFileAtomically(path, "second"));
  EXPECT_EQ(readBytes(path), "second");
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_NE(info.st_mode & 0044, 0u) << "not left 0600 by mkstemp";
  // Nothing else is in the directory.
  std::string listing;
  FILE *pipe = ::popen(("ls -A " + dir).c_str(), "r");
  char line[256];
  while (pipe && std::fgets(line, sizeof(line), pipe))
    listing += line;
  if (pipe)
    ::pclose(pipe);
  EXPECT_EQ(listing, "state.txt\n");
  KILN_EXPECT_ERROR(writeFileAtomically(dir + "/no/such/dir/x", "x"),
                    StatusCode::NotFound, dir + "/no/such/dir/x");
}

TEST(FileSystem, GlobsMatchSortedAndKeepTheScheme) {
  std::string dir = tempPath("glob");
  ::mkdir(dir.c_str(), 0755);
  for (const char *name : {"train-2.tfrecord", "train-1.tfrecord", "test.csv"})
    writeBytes(dir + "/" + name, "x");
  std::vector<std::string> paths;
  KILN_ASSERT_OK(getMatchingPaths(dir + "/train-*.tfrecord", paths));
  EXPECT_EQ(paths, (std::vector<std::string>{dir + "/train-1.tfrecord",
                                             dir + "/train-2.tfrecord"}));
  KILN_ASSERT_OK(getMatchingPaths("file://" + dir + "/*.csv", paths));
  EXPECT_EQ(paths, std::vector<std::string>{"file://" + dir + "/test.csv"});
  KILN_ASSERT_OK(getMatchingPaths(dir + "/none-*", paths));
  EXPECT_TRUE(paths.empty());
  KILN_EXPECT_ERROR(getMatchingPaths("gs://bucket/data/*", paths),
                    StatusCode::Unimplemented, "gs://bucket/data/*");
}

TEST(FileSystem, GlobsWalkFileSystemsThatCanList) {
  // A tree served only through stat and listDirectory, as WebHDFS serves
  // one: the glob must list just the directories its wildcards need.
  struct TreeFileSystem : FileSystem {
    std::map<std::string, std::vector<std::string>> directories = {
        {"tree://nn", {"data", "logs"}},
        {"tree://nn/data", {".hidden-1.csv", "part-1.csv", "part-2.csv", "x"}},
        {"tree://nn/data/x", {"part-3.csv"}},
        {"tree://nn/logs", {"part-9.csv"}}};
    std::vector<std::string> listed;
    Status openForRead(const std::string &path,
                       std::unique_ptr<InputStream> &) override {
      return Status(StatusCode::Unimplemented, path);
    }
    Status openForWrite(const std::string &path,
                        std::unique_ptr<OutputStream> &) override {
      return Status(StatusCode::Unimplemented, path);
    }
    Status writeFileAtomically(const std::string &path,
                               std::string_view) override {
      return Status(StatusCode::Unimplemented, path);
    }
    Status fileExists(const std::string &path) override {
      FileStatus status;
      return stat(path, status);
    }
    Status stat(const std::string &path, FileStatus &out) override {
      out.isDirectory = directories.count(path) != 0;
      for (const auto &[directory, names] : directories)
        for (const std::string &name : names)
          if (directory + "/" + name == path)
            return Status();
      return out.isDirectory ? Status() : notFound(path);
    }
    Status listDirectory(const std::string &path,
                         std::vector<std::string> &names) override {
      listed.push_back(path);
      auto found = directories.find(path);
      if (found == directories.end())
        return notFound(path);
      names = found->second;
      return Status();
    }
  };
  auto tree = std::make_shared<TreeFileSystem>();
  registerFileSystem("tree", tree);
  std::vector<std::string> paths;
  KILN_ASSERT_OK(getMatchingPaths("tree://nn/data/part-*.csv", paths));
  EXPECT_EQ(paths, (std::vector<std::string>{"tree://nn/data/part-1.csv",
                                             "tree://nn/data/part-2.csv"}));
  EXPECT_EQ(tree->listed, std::vector<std::string>{"tree://nn/data"});
  KILN_ASSERT_OK(getMatchingPaths("tree://nn/*/part-?.csv", paths));
  EXPECT_EQ(paths, (std::vector<std::string>{"tree://nn/data/part-1.csv",
                                             "tree://nn/data/part-2.csv",
                                             "tree://nn/logs/part-9.csv"}));
  KILN_ASSERT_OK(getMatchingPaths("tree://nn/data/*/part-3.csv", paths));
  EXPECT_EQ(paths, std::vector<std::string>{"tree://nn/data/x/part-3.csv"});
  KILN_ASSERT_OK(getMatchingPaths("tree://nn/data/part-1.csv", paths));
  EXPECT_EQ(paths, std::vector<std::string>{"tree://nn/data/part-1.csv"});
  KILN_ASSERT_OK(getMatchingPaths("tree://nn/missing/*", paths));
  EXPECT_TRUE(paths.empty());
}

std::string compressToString(const std::string &data, Compression kind) {
  std::string path = tempPath(std::string("compressed_") +
                              compressionName(kind));
  std::unique_ptr<OutputStream> file;
  EXPECT_TRUE(openForWrite(path, file).ok());
  auto stream = makeCompressingStream(std::move(file), kind);
  EXPECT_TRUE(stream->append(data).ok());
  EXPECT_TRUE(stream->close().ok());
  return readBytes(path);
}

Status decompress(const std::string &bytes, Compression kind,
                  std::string &out) {
  std::string path = tempPath("to_decompress");
  writeBytes(path, bytes);
  std::unique_ptr<InputStream> file;
  KILN_IO_RETURN_IF_ERROR(openForRead(path, file));
  auto stream = makeDecompressingStream(std::move(file), kind);
  return readAll(*stream, out);
}

TEST(Compression, RoundTripsGzipAndZlib) {
  std::string data;
  for (int i = 0; i < 300000; ++i)
    data.push_back(static_cast<char>("kiln records "[i % 13] + (i % 7)));
  for (Compression kind : {Compression::Gzip, Compression::Zlib}) {
    std::string compressed = compressToString(data, kind);
    EXPECT_LT(compressed.size(), data.size() / 4);
    EXPECT_EQ(looksGzipped(compressed), kind == Compression::Gzip);
    std::string back;
    KILN_ASSERT_OK(decompress(compressed, kind, back));
    EXPECT_EQ(back, data);
  }
  Compression parsed;
  KILN_ASSERT_OK(parseCompression("GZIP", parsed));
  EXPECT_EQ(parsed, Compression::Gzip);
  KILN_EXPECT_ERROR(parseCompression("BZIP2", parsed),
                    StatusCode::InvalidArgument, "BZIP2");
}

TEST(Compression, ConcatenatedGzipMembersReadAsOne) {
  std::string both = compressToString("first,", Compression::Gzip) +
                     compressToString("second", Compression::Gzip);
  std::string back;
  KILN_ASSERT_OK(decompress(both, Compression::Gzip, back));
  EXPECT_EQ(back, "first,second");
}

TEST(Compression, TruncatedAndCorruptStreamsAreDataLoss) {
  std::string data(10000, 'x');
  for (int i = 0; i < 10000; i += 3)
    data[i] = static_cast<char>(i);
  std::string compressed = compressToString(data, Compression::Gzip);
  std::string back;
  for (size_t cut : {size_t(1), size_t(5), compressed.size() / 2,
                     compressed.size() - 1})
    KILN_EXPECT_ERROR(decompress(compressed.substr(0, cut), Compression::Gzip,
                                 back),
                      StatusCode::DataLoss, "to_decompress");
  std::string corrupt = compressed;
  corrupt[compressed.size() / 2] ^= 0x55;
  corrupt[compressed.size() / 2 + 1] ^= 0x55;
  Status status = decompress(corrupt, Compression::Gzip, back);
  EXPECT_EQ(status.code(), StatusCode::DataLoss) << status.toString();
  // Not GZIP at all.
  KILN_EXPECT_ERROR(decompress("plain text, not gzip", Compression::Gzip, back),
                    StatusCode::DataLoss, "corrupt GZIP data");
}

} // namespace
