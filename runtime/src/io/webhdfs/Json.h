//===- Json.h - the JSON WebHDFS answers with -----------------------------===//
//
// Private to the WebHDFS client: FileStatus, FileStatuses, {"boolean": ...}
// and RemoteException bodies. A small strict parser; numbers keep their
// text so file lengths above 2^53 stay exact.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_IO_WEBHDFS_JSON_H
#define KILN_RUNTIME_SRC_IO_WEBHDFS_JSON_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln::runtime::io::webhdfs {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  /// The number's text, or the decoded string.
  std::string text;
  std::vector<JsonValue> array;
  std::vector<std::pair<std::string, JsonValue>> object;

  /// The member `key` of an object; null when absent or not an object.
  const JsonValue *find(std::string_view key) const;
  /// A non-negative integer number; false for anything else.
  bool asUint64(uint64_t &out) const;
};

/// Parses one JSON document; InvalidArgument naming the byte offset of the
/// first error. Nesting deeper than 64 levels is refused.
Status parseJson(std::string_view text, JsonValue &out);

} // namespace kiln::runtime::io::webhdfs

#endif // KILN_RUNTIME_SRC_IO_WEBHDFS_JSON_H
