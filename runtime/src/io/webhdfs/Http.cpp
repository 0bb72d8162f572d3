//===- Http.cpp - one HTTP request over libcurl, loaded at run time -------===//

#include "Http.h"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <type_traits>

namespace kiln::runtime::io::webhdfs {

namespace {

/// The libcurl entry points kiln uses, bound once.
struct Curl {
  CURLcode (*globalInit)(long);
  CURL *(*easyInit)();
  CURLcode (*easySetopt)(CURL *, CURLoption, ...);
  CURLcode (*easyPerform)(CURL *);
  CURLcode (*easyGetinfo)(CURL *, CURLINFO, ...);
  void (*easyCleanup)(CURL *);
  const char *(*easyStrerror)(CURLcode);
  curl_slist *(*slistAppend)(curl_slist *, const char *);
  void (*slistFreeAll)(curl_slist *);
  std::string loadError;
};

const Curl &curl() {
  static Curl library;
  static std::once_flag once;
  std::call_once(once, [] {
    void *handle = nullptr;
    for (const char *name :
         {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"})
      if ((handle = ::dlopen(name, RTLD_NOW | RTLD_LOCAL)))
        break;
    if (!handle) {
      library.loadError = "cannot load libcurl (libcurl.so.4), which kiln "
                          "uses to speak WebHDFS: install libcurl4";
      return;
    }
    auto bind = [&](auto &field, const char *symbol) {
      field = reinterpret_cast<std::remove_reference_t<decltype(field)>>(
          ::dlsym(handle, symbol));
      if (!field && library.loadError.empty())
        library.loadError = std::string("libcurl lacks ") + symbol;
    };
    bind(library.globalInit, "curl_global_init");
    bind(library.easyInit, "curl_easy_init");
    bind(library.easySetopt, "curl_easy_setopt");
    bind(library.easyPerform, "curl_easy_perform");
    bind(library.easyGetinfo, "curl_easy_getinfo");
    bind(library.easyCleanup, "curl_easy_cleanup");
    bind(library.easyStrerror, "curl_easy_strerror");
    bind(library.slistAppend, "curl_slist_append");
    bind(library.slistFreeAll, "curl_slist_free_all");
    if (library.loadError.empty() &&
        library.globalInit(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      library.loadError = "libcurl failed to initialize";
  });
  return library;
}

struct Transfer {
  std::string_view upload;
  size_t uploaded = 0;
  HttpResponse *response = nullptr;
};

size_t receiveBody(char *data, size_t size, size_t count, void *user) {
  static_cast<Transfer *>(user)->response->body.append(data, size * count);
  return size * count;
}

size_t receiveHeader(char *data, size_t size, size_t count, void *user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kLocation = "location:";
  if (line.size() > kLocation.size() &&
      ::strncasecmp(line.data(), kLocation.data(), kLocation.size()) == 0) {
    line.remove_prefix(kLocation.size());
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
      line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
      line.remove_suffix(1);
    static_cast<Transfer *>(user)->response->location = std::string(line);
  }
  return size * count;
}

size_t sendBody(char *buffer, size_t size, size_t count, void *user) {
  Transfer &transfer = *static_cast<Transfer *>(user);
  size_t take =
      std::min(size * count, transfer.upload.size() - transfer.uploaded);
  std::memcpy(buffer, transfer.upload.data() + transfer.uploaded, take);
  transfer.uploaded += take;
  return take;
}

} // namespace

const char *httpMethodName(HttpMethod method) {
  switch (method) {
  case HttpMethod::Get:
    return "GET";
  case HttpMethod::Put:
    return "PUT";
  case HttpMethod::Post:
    return "POST";
  case HttpMethod::Delete:
    return "DELETE";
  }
  return "GET";
}

Status performHttp(const HttpRequest &request, HttpResponse &response) {
  const Curl &lib = curl();
  if (!lib.loadError.empty())
    return Status(StatusCode::FailedPrecondition, lib.loadError);
  response = HttpResponse();
  CURL *handle = lib.easyInit();
  if (!handle)
    return Status(StatusCode::ResourceExhausted,
                  "libcurl could not start a request");
  Transfer transfer{request.body, 0, &response};
  lib.easySetopt(handle, CURLOPT_URL, request.url.c_str());
  lib.easySetopt(handle, CURLOPT_NOSIGNAL, 1L);
  lib.easySetopt(handle, CURLOPT_CONNECTTIMEOUT, 30L);
  lib.easySetopt(handle, CURLOPT_TIMEOUT, request.timeoutSeconds);
  lib.easySetopt(handle, CURLOPT_WRITEFUNCTION, &receiveBody);
  lib.easySetopt(handle, CURLOPT_WRITEDATA, &transfer);
  lib.easySetopt(handle, CURLOPT_HEADERFUNCTION, &receiveHeader);
  lib.easySetopt(handle, CURLOPT_HEADERDATA, &transfer);
  bool sendsBody =
      request.method == HttpMethod::Put || request.method == HttpMethod::Post;
  // Without "Expect:" libcurl would wait for a "100 Continue" before large
  // bodies, which servers need not send.
  curl_slist *headers = lib.slistAppend(nullptr, "Expect:");
  lib.easySetopt(handle, CURLOPT_HTTPHEADER, headers);
  if (sendsBody) {
    lib.easySetopt(handle, CURLOPT_UPLOAD, 1L);
    lib.easySetopt(handle, CURLOPT_READFUNCTION, &sendBody);
    lib.easySetopt(handle, CURLOPT_READDATA, &transfer);
    lib.easySetopt(handle, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(request.body.size()));
  }
  // CURLOPT_UPLOAD means PUT; POST and DELETE keep their own verb.
  if (request.method != HttpMethod::Get && request.method != HttpMethod::Put)
    lib.easySetopt(handle, CURLOPT_CUSTOMREQUEST,
                   httpMethodName(request.method));
  CURLcode result = lib.easyPerform(handle);
  long status = 0;
  lib.easyGetinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  lib.easyCleanup(handle);
  lib.slistFreeAll(headers);
  // A name that does not resolve will not start resolving on a retry.
  if (result == CURLE_COULDNT_RESOLVE_HOST)
    return Status(StatusCode::NotFound, lib.easyStrerror(result));
  if (result != CURLE_OK)
    return Status(StatusCode::Unavailable, lib.easyStrerror(result));
  response.status = status;
  return Status();
}

std::string percentEncode(std::string_view text, bool keepSlashes) {
  static const char *kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                      c == '_' || c == '~' || (keepSlashes && c == '/');
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

} // namespace kiln::runtime::io::webhdfs
