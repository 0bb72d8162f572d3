//===- JsonFuzzer.cpp - libFuzzer target: the WebHDFS JSON parser --------===//
//
// A namenode's answers are outside input: the parser must accept or refuse
// any bytes (naming the offset) without crashing, and the accessors the
// client uses must be safe on whatever parsed.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "runtime/src/io/webhdfs/Json.h"

using namespace kiln;
using namespace kiln::runtime::io::webhdfs;

namespace {

/// Walks a parsed document the way the client reads FileStatus bodies.
void walk(const JsonValue &value, unsigned depth) {
  if (depth > 64)
    fuzz::finding("a document nests deeper than the parser allows");
  uint64_t number;
  (void)value.asUint64(number);
  for (const char *key : {"FileStatus", "length", "type", "RemoteException",
                          "message", "boolean"})
    (void)value.find(key);
  for (const JsonValue &element : value.array)
    walk(element, depth + 1);
  for (const auto &member : value.object)
    walk(member.second, depth + 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  JsonValue value;
  Status status = parseJson(text, value);
  if (status.ok())
    walk(value, 0);
  else if (status.message().find("at byte") == std::string::npos)
    fuzz::finding("a JSON error does not say where", status);
  return 0;
}
