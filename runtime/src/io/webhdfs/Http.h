//===- Http.h - one HTTP request over libcurl, loaded at run time ---------===//
//
// Private to the WebHDFS client. libcurl is opened with dlopen the first
// time a request is made, so kiln links no network library and a program
// that never touches hdfs:// paths never needs one. Redirects are not
// followed here: WebHDFS's two-step OPEN/CREATE/APPEND sends the body only
// to the datanode the namenode names, and errors must say which step failed.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_IO_WEBHDFS_HTTP_H
#define KILN_RUNTIME_SRC_IO_WEBHDFS_HTTP_H

#include "kiln/runtime/io/status.h"

#include <string>
#include <string_view>

namespace kiln::runtime::io::webhdfs {

enum class HttpMethod { Get, Put, Post, Delete };

const char *httpMethodName(HttpMethod method);

struct HttpRequest {
  HttpMethod method = HttpMethod::Get;
  std::string url;
  /// Sent as the request body for PUT and POST (may be empty).
  std::string_view body;
  /// No answer within this many seconds is a transport failure.
  long timeoutSeconds = 120;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  /// The Location header, for redirects.
  std::string location;
};

/// Sends `request` and receives the whole response. Ok with any HTTP status
/// in `response`; Unavailable when no whole response arrived (refused
/// connection, reset, a body shorter than its Content-Length, timeout), with
/// libcurl's reason; NotFound when the host name does not resolve;
/// FailedPrecondition when libcurl cannot be loaded.
Status performHttp(const HttpRequest &request, HttpResponse &response);

/// `text` with everything but RFC 3986's unreserved characters (and '/',
/// when `keepSlashes`) percent-encoded.
std::string percentEncode(std::string_view text, bool keepSlashes);

} // namespace kiln::runtime::io::webhdfs

#endif // KILN_RUNTIME_SRC_IO_WEBHDFS_HTTP_H
