//===- Glob.cpp - glob patterns for file systems that can list ------------===//
//
// Remote file systems have no glob(3); this walks the pattern one path
// component at a time, listing only the directories a wildcard needs, so a
// pattern such as hdfs://nn/data/part-*.csv costs one LISTSTATUS.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/io/file_system.h"

#include <algorithm>
#include <fnmatch.h>

namespace kiln::runtime::io {

namespace {

bool hasWildcard(std::string_view component) {
  return component.find_first_of("*?[") != std::string_view::npos;
}

std::string joinPath(const std::string &directory, std::string_view name) {
  if (!directory.empty() && directory.back() == '/')
    return directory + std::string(name);
  return directory + "/" + std::string(name);
}

/// Entries that vanish or turn out to be files while walking are skipped, as
/// glob(3) does; other listing errors are reported.
bool skippable(const Status &status) {
  return status.code() == StatusCode::NotFound ||
         status.code() == StatusCode::FailedPrecondition;
}

Status walk(FileSystem &fileSystem, const std::string &at,
            const std::vector<std::string> &components, size_t next,
            std::vector<std::string> &out) {
  if (next == components.size()) {
    out.push_back(at);
    return Status();
  }
  const std::string &component = components[next];
  if (!hasWildcard(component)) {
    std::string path = joinPath(at, component);
    if (next + 1 == components.size()) {
      FileStatus status;
      Status found = fileSystem.stat(path, status);
      if (found.ok())
        out.push_back(path);
      return skippable(found) ? Status() : found;
    }
    return walk(fileSystem, path, components, next + 1, out);
  }
  std::vector<std::string> names;
  Status listed = fileSystem.listDirectory(at, names);
  if (!listed.ok())
    return skippable(listed) ? Status() : listed;
  for (const std::string &name : names)
    if (::fnmatch(component.c_str(), name.c_str(), FNM_PERIOD) == 0)
      KILN_IO_RETURN_IF_ERROR(
          walk(fileSystem, joinPath(at, name), components, next + 1, out));
  return Status();
}

} // namespace

Status FileSystem::getMatchingPaths(const std::string &pattern,
                                    std::vector<std::string> &out) {
  size_t wildcard = pattern.find_first_of("*?[");
  if (wildcard == std::string::npos) {
    FileStatus status;
    Status found = stat(pattern, status);
    if (found.ok())
      out.push_back(pattern);
    return skippable(found) ? Status() : found;
  }
  size_t root = pattern.rfind('/', wildcard);
  if (root == std::string::npos)
    return invalidArgument(pattern + ": a glob pattern needs a directory");
  std::string start = pattern.substr(0, root == 0 ? 1 : root);
  std::vector<std::string> components;
  for (size_t begin = root + 1; begin <= pattern.size();) {
    size_t end = pattern.find('/', begin);
    if (end == std::string::npos)
      end = pattern.size();
    if (end > begin)
      components.push_back(pattern.substr(begin, end - begin));
    begin = end + 1;
  }
  KILN_IO_RETURN_IF_ERROR(walk(*this, start, components, 0, out));
  std::sort(out.begin(), out.end());
  return Status();
}

} // namespace kiln::runtime::io
