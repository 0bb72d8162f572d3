//===- WebHdfsJsonTest.cpp - the WebHDFS client's JSON parser -------------===//

#include "IoTestUtil.h"

#include "webhdfs/Http.h"
#include "webhdfs/Json.h"

using namespace kiln::runtime::io;
using namespace kiln::runtime::io::webhdfs;

namespace {

TEST(WebHdfsJson, ParsesTheAnswersWebHdfsSends) {
  JsonValue json;
  KILN_ASSERT_OK(parseJson(
      R"({"FileStatuses":{"FileStatus":[{"accessTime":0,"length":)"
      R"(18446744073709551615,"pathSuffix":"a\u00e9\/b","type":"FILE",)"
      R"("permission":"644","blockSize":1.5e8,"ok":true,"x":null}]}})",
      json));
  const JsonValue *list = json.find("FileStatuses")->find("FileStatus");
  ASSERT_EQ(list->array.size(), 1u);
  const JsonValue &entry = list->array[0];
  uint64_t length = 0;
  EXPECT_TRUE(entry.find("length")->asUint64(length));
  EXPECT_EQ(length, UINT64_MAX); // exact beyond 2^53
  EXPECT_EQ(entry.find("pathSuffix")->text, "a\xc3\xa9/b");
  EXPECT_FALSE(entry.find("blockSize")->asUint64(length));
  EXPECT_TRUE(entry.find("ok")->boolean);
  EXPECT_EQ(entry.find("x")->kind, JsonValue::Kind::Null);
  EXPECT_EQ(entry.find("missing"), nullptr);
  KILN_ASSERT_OK(parseJson(R"( {"boolean": false} )", json));
  EXPECT_EQ(json.find("boolean")->kind, JsonValue::Kind::Bool);
  EXPECT_FALSE(json.find("boolean")->boolean);
}

TEST(WebHdfsJson, MalformedTextIsAnErrorWithItsOffset) {
  JsonValue json;
  KILN_EXPECT_ERROR(parseJson(R"({"a": 1,})", json),
                    StatusCode::InvalidArgument,
                    "at byte 8: expected a member name");
  KILN_EXPECT_ERROR(parseJson(R"({"a": "unterminated)", json),
                    StatusCode::InvalidArgument, "unterminated string");
  KILN_EXPECT_ERROR(parseJson("<html>Bad Gateway</html>", json),
                    StatusCode::InvalidArgument, "unexpected character '<'");
  KILN_EXPECT_ERROR(parseJson(R"({"a": 1} x)", json),
                    StatusCode::InvalidArgument, "text after the JSON value");
  KILN_EXPECT_ERROR(parseJson(std::string(100, '['), json),
                    StatusCode::InvalidArgument, "nested too deeply");
  uint64_t value = 0;
  KILN_ASSERT_OK(parseJson("18446744073709551616", json));
  EXPECT_FALSE(json.asUint64(value)); // 2^64 does not fit
}

TEST(WebHdfsHttp, PathsArePercentEncoded) {
  EXPECT_EQ(percentEncode("/data/a b&c=d%/é", true),
            "/data/a%20b%26c%3Dd%25/%C3%A9");
  EXPECT_EQ(percentEncode("tok/en+=", false), "tok%2Fen%2B%3D");
}

} // namespace
