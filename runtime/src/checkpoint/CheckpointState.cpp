//===- CheckpointState.cpp - the `checkpoint` text file -------------------===//

#include "kiln/runtime/checkpoint/checkpoint_state.h"

#include "kiln/runtime/checkpoint/naming.h"
#include "kiln/runtime/io/file_system.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>

namespace kiln::runtime::checkpoint {

namespace {

/// A text-format string literal: printable ASCII kept, the rest escaped the
/// way protobuf's CEscape does (so TensorFlow parses it back unchanged).
std::string quote(const std::string &value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    switch (c) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\"': out += "\\\""; break;
    case '\'': out += "\\'"; break;
    case '\\': out += "\\\\"; break;
    default:
      if (c < 0x20 || c >= 0x7f) {
        char octal[8];
        std::snprintf(octal, sizeof(octal), "\\%03o", c);
        out += octal;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

/// Shortest text that reads back as the same double, as Python prints it.
std::string formatDouble(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (error != std::errc())
    return "0";
  return std::string(buffer, end);
}

class Parser {
public:
  Parser(std::string_view text, const std::string &fileName)
      : text_(text), fileName_(fileName) {}

  io::Status error(const std::string &why) const {
    return io::dataLoss(fileName_ + ":" + std::to_string(line_) +
                        ": malformed checkpoint state: " + why);
  }

  void skipSpace() {
    while (at_ < text_.size()) {
      char c = text_[at_];
      if (c == '#') {
        while (at_ < text_.size() && text_[at_] != '\n')
          ++at_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        line_ += c == '\n';
        ++at_;
      } else {
        return;
      }
    }
  }

  bool atEnd() {
    skipSpace();
    return at_ >= text_.size();
  }

  io::Status identifier(std::string &out) {
    skipSpace();
    size_t start = at_;
    while (at_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_'))
      ++at_;
    if (at_ == start)
      return error("expected a field name");
    out.assign(text_.substr(start, at_ - start));
    skipSpace();
    if (at_ >= text_.size() || text_[at_] != ':')
      return error("expected ':' after " + out);
    ++at_;
    return io::Status();
  }

  io::Status string(std::string &out) {
    skipSpace();
    if (at_ >= text_.size() || (text_[at_] != '"' && text_[at_] != '\''))
      return error("expected a quoted string");
    char quoteChar = text_[at_++];
    out.clear();
    while (at_ < text_.size() && text_[at_] != quoteChar) {
      char c = text_[at_++];
      if (c == '\n')
        return error("a string runs past the end of its line");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size())
        break;
      char e = text_[at_++];
      switch (e) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'x': {
        int value = 0, digits = 0;
        while (digits < 2 && at_ < text_.size() &&
               std::isxdigit(static_cast<unsigned char>(text_[at_]))) {
          char h = text_[at_++];
          value = value * 16 + (std::isdigit(static_cast<unsigned char>(h))
                                    ? h - '0'
                                    : std::tolower(h) - 'a' + 10);
          ++digits;
        }
        if (!digits)
          return error("\\x without hex digits");
        out += static_cast<char>(value);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int value = e - '0', digits = 1;
          while (digits < 3 && at_ < text_.size() && text_[at_] >= '0' &&
                 text_[at_] <= '7') {
            value = value * 8 + (text_[at_++] - '0');
            ++digits;
          }
          out += static_cast<char>(value);
        } else {
          out += e; // \" \' \\ and the like
        }
      }
    }
    if (at_ >= text_.size())
      return error("unterminated string");
    ++at_;
    return io::Status();
  }

  io::Status number(double &out) {
    skipSpace();
    size_t start = at_;
    while (at_ < text_.size() &&
           !std::isspace(static_cast<unsigned char>(text_[at_])) &&
           text_[at_] != '#')
      ++at_;
    std::string token(text_.substr(start, at_ - start));
    char *end = nullptr;
    out = std::strtod(token.c_str(), &end);
    if (token.empty() || end != token.c_str() + token.size())
      return error("expected a number, found \"" + token + "\"");
    return io::Status();
  }

  /// Skips the value of a field kiln does not know.
  io::Status skipValue() {
    skipSpace();
    if (at_ < text_.size() && (text_[at_] == '"' || text_[at_] == '\'')) {
      std::string ignored;
      return string(ignored);
    }
    double ignored;
    return number(ignored);
  }

private:
  std::string_view text_;
  const std::string &fileName_;
  size_t at_ = 0;
  int line_ = 1;
};

} // namespace

std::string formatCheckpointState(const CheckpointState &state) {
  std::string out;
  if (!state.modelCheckpointPath.empty())
    out += "model_checkpoint_path: " + quote(state.modelCheckpointPath) + "\n";
  for (const std::string &path : state.allModelCheckpointPaths)
    out += "all_model_checkpoint_paths: " + quote(path) + "\n";
  for (double timestamp : state.allModelCheckpointTimestamps)
    out += "all_model_checkpoint_timestamps: " + formatDouble(timestamp) + "\n";
  if (state.lastPreservedTimestamp != 0)
    out += "last_preserved_timestamp: " +
           formatDouble(state.lastPreservedTimestamp) + "\n";
  return out;
}

io::Status parseCheckpointState(std::string_view text, const std::string &fileName,
                                CheckpointState &out) {
  out = CheckpointState();
  Parser parser(text, fileName);
  while (!parser.atEnd()) {
    std::string field;
    KILN_IO_RETURN_IF_ERROR(parser.identifier(field));
    if (field == "model_checkpoint_path") {
      KILN_IO_RETURN_IF_ERROR(parser.string(out.modelCheckpointPath));
    } else if (field == "all_model_checkpoint_paths") {
      std::string path;
      KILN_IO_RETURN_IF_ERROR(parser.string(path));
      out.allModelCheckpointPaths.push_back(std::move(path));
    } else if (field == "all_model_checkpoint_timestamps") {
      double value;
      KILN_IO_RETURN_IF_ERROR(parser.number(value));
      out.allModelCheckpointTimestamps.push_back(value);
    } else if (field == "last_preserved_timestamp") {
      KILN_IO_RETURN_IF_ERROR(parser.number(out.lastPreservedTimestamp));
    } else {
      KILN_IO_RETURN_IF_ERROR(parser.skipValue());
    }
  }
  return io::Status();
}

std::string resolveCheckpointPath(const std::string &directory,
                                  const std::string &path) {
  if (path.empty() || path[0] == '/' || !io::pathScheme(path).empty() ||
      directory.empty())
    return path;
  return directory.back() == '/' ? directory + path : directory + "/" + path;
}

io::Status writeCheckpointState(const std::string &directory,
                                const CheckpointState &state,
                                const std::string &fileName) {
  return io::writeFileAtomically(resolveCheckpointPath(directory, fileName),
                                 formatCheckpointState(state));
}

io::Status readCheckpointState(const std::string &directory, CheckpointState &out,
                               const std::string &fileName) {
  std::string path = resolveCheckpointPath(directory, fileName);
  std::string text;
  KILN_IO_RETURN_IF_ERROR(io::readFile(path, text));
  return parseCheckpointState(text, path, out);
}

io::Status latestCheckpoint(const std::string &directory, std::string &prefix,
                            const std::string &fileName) {
  CheckpointState state;
  KILN_IO_RETURN_IF_ERROR(readCheckpointState(directory, state, fileName));
  if (state.modelCheckpointPath.empty())
    return io::notFound(resolveCheckpointPath(directory, fileName) +
                        ": names no checkpoint");
  std::string resolved = resolveCheckpointPath(directory, state.modelCheckpointPath);
  io::Status exists = io::fileExists(indexFileName(resolved));
  if (!exists.ok())
    return io::notFound(resolveCheckpointPath(directory, fileName) +
                        ": the latest checkpoint " + resolved +
                        " has no index file");
  prefix = resolved;
  return io::Status();
}

io::Status checkpointToRestore(const std::string &path, std::string &prefix) {
  prefix = path;
  struct stat info;
  if (stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    return io::Status();
  if (!latestCheckpoint(path, prefix).ok())
    return io::notFound("no checkpoint in " + path +
                        " (its 'checkpoint' state file is missing or names no "
                        "index file)");
  return io::Status();
}

} // namespace kiln::runtime::checkpoint
