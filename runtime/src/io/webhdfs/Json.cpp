//===- Json.cpp - the JSON WebHDFS answers with ---------------------------===//

#include "Json.h"

#include <cerrno>
#include <cstdlib>

namespace kiln::runtime::io::webhdfs {

const JsonValue *JsonValue::find(std::string_view key) const {
  if (kind != Kind::Object)
    return nullptr;
  for (const auto &[name, value] : object)
    if (name == key)
      return &value;
  return nullptr;
}

bool JsonValue::asUint64(uint64_t &out) const {
  if (kind != Kind::Number || text.empty() ||
      text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  errno = 0;
  unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE)
    return false;
  out = value;
  return true;
}

namespace {

class Parser {
public:
  explicit Parser(std::string_view text) : text_(text) {}

  Status parseDocument(JsonValue &out) {
    KILN_IO_RETURN_IF_ERROR(parseValue(out, 0));
    skipSpace();
    if (at_ != text_.size())
      return error("text after the JSON value");
    return Status();
  }

private:
  Status error(const std::string &what) const {
    return invalidArgument("malformed JSON at byte " + std::to_string(at_) +
                           ": " + what);
  }

  void skipSpace() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' ||
                                  text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  bool consume(std::string_view word) {
    if (text_.substr(at_, word.size()) != word)
      return false;
    at_ += word.size();
    return true;
  }

  Status parseValue(JsonValue &out, int depth) {
    if (depth > 64)
      return error("nested too deeply");
    skipSpace();
    if (at_ == text_.size())
      return error("unexpected end");
    char c = text_[at_];
    if (c == '{')
      return parseObject(out, depth);
    if (c == '[')
      return parseArray(out, depth);
    if (c == '"') {
      out.kind = JsonValue::Kind::String;
      return parseString(out.text);
    }
    if (consume("true") || consume("false")) {
      out.kind = JsonValue::Kind::Bool;
      out.boolean = c == 't';
      return Status();
    }
    if (consume("null")) {
      out.kind = JsonValue::Kind::Null;
      return Status();
    }
    size_t start = at_;
    while (at_ < text_.size() &&
           std::string_view("+-0123456789.eE").find(text_[at_]) !=
               std::string_view::npos)
      ++at_;
    if (at_ == start)
      return error(std::string("unexpected character '") + c + "'");
    out.kind = JsonValue::Kind::Number;
    out.text = std::string(text_.substr(start, at_ - start));
    return Status();
  }

  Status parseObject(JsonValue &out, int depth) {
    out.kind = JsonValue::Kind::Object;
    ++at_;
    skipSpace();
    if (consume("}"))
      return Status();
    for (;;) {
      skipSpace();
      if (at_ == text_.size() || text_[at_] != '"')
        return error("expected a member name");
      std::string name;
      KILN_IO_RETURN_IF_ERROR(parseString(name));
      skipSpace();
      if (!consume(":"))
        return error("expected ':'");
      JsonValue value;
      KILN_IO_RETURN_IF_ERROR(parseValue(value, depth + 1));
      out.object.emplace_back(std::move(name), std::move(value));
      skipSpace();
      if (consume("}"))
        return Status();
      if (!consume(","))
        return error("expected ',' or '}'");
    }
  }

  Status parseArray(JsonValue &out, int depth) {
    out.kind = JsonValue::Kind::Array;
    ++at_;
    skipSpace();
    if (consume("]"))
      return Status();
    for (;;) {
      JsonValue value;
      KILN_IO_RETURN_IF_ERROR(parseValue(value, depth + 1));
      out.array.push_back(std::move(value));
      skipSpace();
      if (consume("]"))
        return Status();
      if (!consume(","))
        return error("expected ',' or ']'");
    }
  }

  static void appendUtf8(std::string &out, uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  Status parseHex4(uint32_t &out) {
    if (at_ + 4 > text_.size())
      return error("short \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      char h = text_[at_++];
      out <<= 4;
      if (h >= '0' && h <= '9')
        out |= uint32_t(h - '0');
      else if (h >= 'a' && h <= 'f')
        out |= uint32_t(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        out |= uint32_t(h - 'A' + 10);
      else
        return error("bad \\u escape");
    }
    return Status();
  }

  Status parseString(std::string &out) {
    ++at_; // the opening quote
    for (;;) {
      if (at_ == text_.size())
        return error("unterminated string");
      char c = text_[at_++];
      if (c == '"')
        return Status();
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ == text_.size())
        return error("unterminated escape");
      char escape = text_[at_++];
      switch (escape) {
      case '"':
      case '\\':
      case '/':
        out += escape;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t code = 0;
        KILN_IO_RETURN_IF_ERROR(parseHex4(code));
        if (code >= 0xD800 && code < 0xDC00 && consume("\\u")) {
          uint32_t low = 0;
          KILN_IO_RETURN_IF_ERROR(parseHex4(low));
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, code);
        break;
      }
      default:
        return error(std::string("bad escape '\\") + escape + "'");
      }
    }
  }

  std::string_view text_;
  size_t at_ = 0;
};

} // namespace

Status parseJson(std::string_view text, JsonValue &out) {
  out = JsonValue();
  return Parser(text).parseDocument(out);
}

} // namespace kiln::runtime::io::webhdfs
