//===- WebHdfsClient.cpp - the WebHDFS REST operations kiln uses ----------===//

#include "WebHdfsClient.h"

#include "Http.h"
#include "Json.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <pwd.h>
#include <thread>
#include <unistd.h>

namespace kiln::runtime::io::webhdfs {

struct WebHdfsClient::Target {
  std::string baseUrl;   // "http://host:port"
  std::string authority; // "host:port", for messages
  std::string filePath;  // "/a/b"
};

struct WebHdfsClient::Call {
  HttpMethod method = HttpMethod::Get;
  const char *op = "";
  /// Further query parameters, already encoded: "&offset=0&length=9".
  std::string params;
  /// OPEN, CREATE, APPEND: the namenode answers with a redirect to a
  /// datanode, which gets the body.
  bool viaDatanode = false;
  std::string_view body;
  /// What the caller was doing, for messages: "read", "write", ...
  const char *what = "";
  /// The exact body length a success must carry; -1 for any.
  int64_t expectedBodyBytes = -1;
  /// Asked before the datanode step is repeated after it failed; sets
  /// `applied` when the failed attempt took effect after all.
  std::function<Status(bool &applied)> beforeDatanodeRetry;
};

namespace {

std::string environment(const char *name) {
  const char *value = std::getenv(name);
  return value ? value : "";
}

int environmentInt(const char *name, int fallback) {
  std::string value = environment(name);
  if (value.empty())
    return fallback;
  char *end = nullptr;
  long parsed = std::strtol(value.c_str(), &end, 10);
  return *end == '\0' && parsed >= 0 && parsed <= 1000000 ? int(parsed)
                                                          : fallback;
}

std::string loginName() {
  if (const passwd *entry = ::getpwuid(::geteuid()); entry && entry->pw_name)
    return entry->pw_name;
  return "kiln";
}

/// "host:port" of a URL, for messages about datanodes.
std::string authorityOf(const std::string &url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find('/', start);
  return url.substr(start, end == std::string::npos ? end : end - start);
}

bool isRedirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

/// The error for a 4xx (or a final 5xx) answer, with the server's
/// RemoteException when it sent one.
Status errorFromResponse(const std::string &path, const char *what,
                         const HttpResponse &response, const char *server) {
  std::string exception, message;
  JsonValue json;
  if (parseJson(response.body, json).ok())
    if (const JsonValue *remote = json.find("RemoteException")) {
      if (const JsonValue *name = remote->find("exception"))
        exception = name->text;
      if (const JsonValue *text = remote->find("message"))
        message = text->text;
    }
  StatusCode code;
  if (exception == "FileNotFoundException" || response.status == 404)
    code = StatusCode::NotFound;
  else if (exception == "AccessControlException" ||
           exception == "SecurityException" || exception == "InvalidToken" ||
           response.status == 401 ||
           (response.status == 403 && exception.empty()))
    code = StatusCode::PermissionDenied;
  else if (exception == "IllegalArgumentException" || response.status == 400)
    code = StatusCode::InvalidArgument;
  else if (response.status >= 500)
    code = StatusCode::Unavailable;
  else
    code = StatusCode::FailedPrecondition;
  std::string detail;
  if (!exception.empty())
    detail = exception + ": " + message;
  else
    detail = "HTTP " + std::to_string(response.status) + " from the " + server +
             ": " + response.body.substr(0, 200);
  return Status(code, path + ": cannot " + what + ": " + detail);
}

std::string describeServerError(const HttpResponse &response,
                                const char *server) {
  std::string text = "the " + std::string(server) + " answered HTTP " +
                     std::to_string(response.status);
  JsonValue json;
  if (parseJson(response.body, json).ok())
    if (const JsonValue *remote = json.find("RemoteException"))
      if (const JsonValue *message = remote->find("message"))
        text += " (" + message->text + ")";
  return text;
}

Status fileStatusFrom(const JsonValue &json, FileStatus &out) {
  const JsonValue *length = json.find("length");
  const JsonValue *type = json.find("type");
  if (!length || !type || !length->asUint64(out.size))
    return invalidArgument("a FileStatus lacks its length or type");
  out.isDirectory = type->text == "DIRECTORY";
  return Status();
}

} // namespace

WebHdfsClient::WebHdfsClient() {
  std::string token = environment("KILN_WEBHDFS_DELEGATION");
  if (!token.empty()) {
    auth_ = "&delegation=" + percentEncode(token, false);
  } else {
    std::string user = environment("HADOOP_USER_NAME");
    auth_ =
        "&user.name=" + percentEncode(user.empty() ? loginName() : user, false);
  }
  defaultNamenode_ = environment("KILN_HDFS_NAMENODE");
  hdfsPort_ = environment("KILN_WEBHDFS_PORT");
  retries_ = environmentInt("KILN_WEBHDFS_RETRIES", 4);
  retryDelayMs_ = environmentInt("KILN_WEBHDFS_RETRY_DELAY_MS", 250);
}

Status WebHdfsClient::parseTarget(const std::string &path, Target &out) const {
  std::string scheme(pathScheme(path));
  std::string rest = path.substr(scheme.size() + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.filePath = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty())
    authority = defaultNamenode_;
  if (authority.empty())
    return invalidArgument(path + ": names no namenode; write " + scheme +
                           "://host:port/path or set KILN_HDFS_NAMENODE");
  size_t colon = authority.rfind(':');
  std::string host = authority.substr(0, colon);
  std::string port =
      colon == std::string::npos ? "" : authority.substr(colon + 1);
  if (host.empty() || port.find_first_not_of("0123456789") != std::string::npos)
    return invalidArgument(path + ": '" + authority +
                           "' is not a namenode address (host:port)");
  if (scheme == "hdfs" && !hdfsPort_.empty())
    port = hdfsPort_;
  if (port.empty())
    port = scheme == "swebhdfs" ? "9871" : "9870";
  out.authority = host + ":" + port;
  out.baseUrl = (scheme == "swebhdfs" ? "https://" : "http://") + out.authority;
  return Status();
}

Status WebHdfsClient::perform(const std::string &path, const Call &call,
                              std::string &body) const {
  Target target;
  KILN_IO_RETURN_IF_ERROR(parseTarget(path, target));
  std::string url = target.baseUrl + "/webhdfs/v1" +
                    percentEncode(target.filePath, true) + "?op=" + call.op +
                    auth_ + call.params;
  std::string lastFailure;
  bool datanodeFailed = false;
  for (int attempt = 0; attempt <= retries_; ++attempt) {
    if (attempt > 0) {
      int delay = std::min(retryDelayMs_ << std::min(attempt - 1, 6), 10000);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    }
    HttpRequest request{call.method, url,
                        call.viaDatanode ? std::string_view() : call.body};
    HttpResponse response;
    Status sent = performHttp(request, response);
    if (sent.code() == StatusCode::FailedPrecondition)
      return Status(sent.code(), path + ": " + sent.message());
    if (sent.code() == StatusCode::NotFound)
      return Status(
          StatusCode::NotFound,
          path + ": cannot " + call.what +
              ": cannot resolve the namenode's host name " +
              target.authority.substr(0, target.authority.rfind(':')));
    if (!sent.ok()) {
      lastFailure = "cannot reach the namenode at " + target.authority + ": " +
                    sent.message();
      continue;
    }
    if (response.status >= 500) {
      lastFailure = describeServerError(response, "namenode");
      continue;
    }
    if (call.viaDatanode && isRedirect(response.status)) {
      if (response.location.empty())
        return Status(StatusCode::FailedPrecondition,
                      path + ": cannot " + call.what + ": the namenode's " +
                          call.op + " redirect has no Location");
      if (datanodeFailed && call.beforeDatanodeRetry) {
        bool applied = false;
        KILN_IO_RETURN_IF_ERROR(call.beforeDatanodeRetry(applied));
        if (applied)
          return Status();
      }
      std::string datanode = authorityOf(response.location);
      HttpRequest second{call.method, response.location, call.body};
      sent = performHttp(second, response);
      if (sent.code() == StatusCode::NotFound)
        return Status(StatusCode::NotFound,
                      path + ": cannot " + call.what +
                          ": cannot resolve the host name of the datanode " +
                          datanode + " that the namenode chose");
      if (!sent.ok()) {
        lastFailure = "cannot reach the datanode at " + datanode +
                      " that the namenode chose: " + sent.message();
        datanodeFailed = true;
        continue;
      }
      if (response.status >= 500) {
        lastFailure = describeServerError(response, "datanode");
        datanodeFailed = true;
        continue;
      }
    } else if (call.viaDatanode && response.status < 300 &&
               call.method != HttpMethod::Get) {
      return Status(StatusCode::FailedPrecondition,
                    path + ": cannot " + call.what +
                        ": the namenode answered " + call.op +
                        " without redirecting to a datanode");
    }
    if (isRedirect(response.status))
      return Status(StatusCode::FailedPrecondition,
                    path + ": cannot " + call.what +
                        ": unexpected redirect to " + response.location);
    if (response.status >= 400)
      return errorFromResponse(path, call.what, response,
                               call.viaDatanode ? "datanode" : "namenode");
    if (call.expectedBodyBytes >= 0 &&
        response.body.size() != uint64_t(call.expectedBodyBytes)) {
      lastFailure = "the datanode sent " +
                    std::to_string(response.body.size()) + " of " +
                    std::to_string(call.expectedBodyBytes) + " bytes";
      datanodeFailed = true;
      continue;
    }
    body = std::move(response.body);
    return Status();
  }
  return Status(StatusCode::Unavailable, path + ": cannot " + call.what + ": " +
                                             lastFailure + " (gave up after " +
                                             std::to_string(retries_ + 1) +
                                             " attempts)");
}

Status WebHdfsClient::getFileStatus(const std::string &path, FileStatus &out,
                                    const char *what) const {
  Call call;
  call.op = "GETFILESTATUS";
  call.what = what;
  std::string body;
  KILN_IO_RETURN_IF_ERROR(perform(path, call, body));
  JsonValue json;
  Status parsed = parseJson(body, json);
  const JsonValue *status = json.find("FileStatus");
  if (parsed.ok() && status)
    parsed = fileStatusFrom(*status, out);
  else if (parsed.ok())
    parsed = invalidArgument("no FileStatus");
  if (!parsed.ok())
    return Status(StatusCode::DataLoss, path +
                                            ": the namenode's GETFILESTATUS "
                                            "answer is malformed: " +
                                            parsed.message());
  return Status();
}

Status WebHdfsClient::listStatus(const std::string &path,
                                 std::vector<WebHdfsEntry> &out) const {
  Call call;
  call.op = "LISTSTATUS";
  call.what = "list";
  std::string body;
  KILN_IO_RETURN_IF_ERROR(perform(path, call, body));
  JsonValue json;
  Status parsed = parseJson(body, json);
  const JsonValue *statuses = json.find("FileStatuses");
  const JsonValue *list = statuses ? statuses->find("FileStatus") : nullptr;
  if (parsed.ok() && (!list || list->kind != JsonValue::Kind::Array))
    parsed = invalidArgument("no FileStatuses.FileStatus array");
  for (size_t i = 0; parsed.ok() && i < list->array.size(); ++i) {
    WebHdfsEntry entry;
    parsed = fileStatusFrom(list->array[i], entry.status);
    if (const JsonValue *suffix = list->array[i].find("pathSuffix"))
      entry.name = suffix->text;
    out.push_back(std::move(entry));
  }
  if (!parsed.ok())
    return Status(StatusCode::DataLoss, path +
                                            ": the namenode's LISTSTATUS "
                                            "answer is malformed: " +
                                            parsed.message());
  // LISTSTATUS of a file lists the file itself, with an empty suffix.
  if (out.size() == 1 && out[0].name.empty() && !out[0].status.isDirectory)
    return Status(StatusCode::FailedPrecondition,
                  path + ": cannot list: it is a file, not a directory");
  std::sort(out.begin(), out.end(),
            [](const WebHdfsEntry &a, const WebHdfsEntry &b) {
              return a.name < b.name;
            });
  return Status();
}

namespace {

/// The {"boolean": ...} answer of MKDIRS, RENAME and DELETE.
Status booleanAnswer(const std::string &path, const char *op,
                     const std::string &body, bool &out) {
  JsonValue json;
  const JsonValue *value = nullptr;
  if (parseJson(body, json).ok())
    value = json.find("boolean");
  if (!value || value->kind != JsonValue::Kind::Bool)
    return Status(StatusCode::DataLoss, path + ": the namenode's " +
                                            std::string(op) +
                                            " answer has no boolean");
  out = value->boolean;
  return Status();
}

} // namespace

Status WebHdfsClient::mkdirs(const std::string &path) const {
  Call call;
  call.method = HttpMethod::Put;
  call.op = "MKDIRS";
  call.what = "create the directory";
  std::string body;
  KILN_IO_RETURN_IF_ERROR(perform(path, call, body));
  bool made = false;
  KILN_IO_RETURN_IF_ERROR(booleanAnswer(path, call.op, body, made));
  if (!made)
    return Status(StatusCode::FailedPrecondition,
                  path + ": cannot create the directory: the namenode "
                         "refused (a file is in the way?)");
  return Status();
}

Status WebHdfsClient::rename(const std::string &from, const std::string &to,
                             bool &renamed) const {
  Target source, destination;
  KILN_IO_RETURN_IF_ERROR(parseTarget(from, source));
  KILN_IO_RETURN_IF_ERROR(parseTarget(to, destination));
  if (source.authority != destination.authority)
    return invalidArgument("cannot rename " + from + " to " + to +
                           ": they are on different namenodes");
  Call call;
  call.method = HttpMethod::Put;
  call.op = "RENAME";
  call.what = "rename";
  call.params = "&destination=" + percentEncode(destination.filePath, true);
  std::string body;
  KILN_IO_RETURN_IF_ERROR(perform(from, call, body));
  return booleanAnswer(from, call.op, body, renamed);
}

Status WebHdfsClient::deletePath(const std::string &path, bool &deleted) const {
  Call call;
  call.method = HttpMethod::Delete;
  call.op = "DELETE";
  call.what = "delete";
  call.params = "&recursive=false";
  std::string body;
  KILN_IO_RETURN_IF_ERROR(perform(path, call, body));
  return booleanAnswer(path, call.op, body, deleted);
}

Status WebHdfsClient::read(const std::string &path, uint64_t offset,
                           uint64_t length, std::string &out) const {
  Call call;
  call.op = "OPEN";
  call.what = "read";
  call.viaDatanode = true;
  call.params =
      "&offset=" + std::to_string(offset) + "&length=" + std::to_string(length);
  call.expectedBodyBytes = static_cast<int64_t>(length);
  return perform(path, call, out);
}

Status WebHdfsClient::create(const std::string &path,
                             std::string_view contents) const {
  Call call;
  call.method = HttpMethod::Put;
  call.op = "CREATE";
  call.what = "write";
  call.viaDatanode = true;
  call.params = "&overwrite=true";
  call.body = contents;
  std::string body;
  return perform(path, call, body);
}

Status WebHdfsClient::append(const std::string &path, std::string_view data,
                             uint64_t sizeBefore) const {
  Call call;
  call.method = HttpMethod::Post;
  call.op = "APPEND";
  call.what = "append";
  call.viaDatanode = true;
  call.body = data;
  call.beforeDatanodeRetry = [&](bool &applied) {
    FileStatus now;
    KILN_IO_RETURN_IF_ERROR(getFileStatus(path, now));
    applied = now.size == sizeBefore + data.size();
    if (!applied && now.size != sizeBefore)
      return dataLoss(
          path + ": an interrupted APPEND left " + std::to_string(now.size) +
          " bytes where " + std::to_string(sizeBefore) + " or " +
          std::to_string(sizeBefore + data.size()) + " were expected");
    return Status();
  };
  std::string body;
  return perform(path, call, body);
}

} // namespace kiln::runtime::io::webhdfs
