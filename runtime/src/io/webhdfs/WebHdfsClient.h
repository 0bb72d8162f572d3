//===- WebHdfsClient.h - the WebHDFS REST operations kiln uses ------------===//
//
// Private to the WebHDFS file system. One method per REST operation, each
// taking a full "hdfs://namenode:port/path" (or webhdfs://, swebhdfs://)
// and doing what the protocol asks: the two-step redirect of OPEN, CREATE
// and APPEND (no body to the namenode, the body to the datanode it names),
// user.name or a delegation token on every request, retries with
// exponential backoff on connection errors and 5xx answers, and an error
// naming the path, the operation and the server's RemoteException for 4xx.
//
// Configuration comes from the environment, as Hadoop clients take theirs
// from core-site.xml:
//   HADOOP_USER_NAME              user.name (default: the login name)
//   KILN_WEBHDFS_DELEGATION       a delegation token, sent instead
//   KILN_HDFS_NAMENODE            host:port for paths without one (hdfs:///x)
//   KILN_WEBHDFS_PORT             the HTTP port for hdfs:// paths, whose
//                                 port is usually the RPC port (8020)
//   KILN_WEBHDFS_RETRIES          retries after the first attempt (4)
//   KILN_WEBHDFS_RETRY_DELAY_MS   the first backoff; doubles (250)
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_IO_WEBHDFS_WEBHDFSCLIENT_H
#define KILN_RUNTIME_SRC_IO_WEBHDFS_WEBHDFSCLIENT_H

#include "kiln/runtime/io/file_system.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::io::webhdfs {

struct WebHdfsEntry {
  std::string name; // pathSuffix
  FileStatus status;
};

class WebHdfsClient {
public:
  /// Reads the environment once.
  WebHdfsClient();

  /// `what` names the caller's purpose in errors ("cannot read: ...").
  Status getFileStatus(const std::string &path, FileStatus &out,
                       const char *what = "stat") const;
  /// LISTSTATUS of a directory; FailedPrecondition for a file.
  Status listStatus(const std::string &path,
                    std::vector<WebHdfsEntry> &out) const;
  Status mkdirs(const std::string &path) const;
  /// RENAME's answer: false when the source is missing or the destination
  /// exists.
  Status rename(const std::string &from, const std::string &to,
                bool &renamed) const;
  /// DELETE (not recursive); `deleted` false when nothing was there.
  Status deletePath(const std::string &path, bool &deleted) const;
  /// OPEN of exactly `length` bytes at `offset` (the caller knows the size);
  /// a shorter answer is retried, as a dropped connection.
  Status read(const std::string &path, uint64_t offset, uint64_t length,
              std::string &out) const;
  /// CREATE with overwrite=true and `contents` as the whole file.
  Status create(const std::string &path, std::string_view contents) const;
  /// APPEND `data` to a file of `sizeBefore` bytes. A retry after the
  /// datanode step failed first checks the length, so bytes are appended
  /// once.
  Status append(const std::string &path, std::string_view data,
                uint64_t sizeBefore) const;

private:
  struct Call;
  struct Target;
  Status parseTarget(const std::string &path, Target &out) const;
  Status perform(const std::string &path, const Call &call,
                 std::string &body) const;

  std::string auth_; // "&user.name=..." or "&delegation=..."
  std::string defaultNamenode_;
  std::string hdfsPort_;
  int retries_ = 4;
  int retryDelayMs_ = 250;
};

} // namespace kiln::runtime::io::webhdfs

#endif // KILN_RUNTIME_SRC_IO_WEBHDFS_WEBHDFSCLIENT_H
