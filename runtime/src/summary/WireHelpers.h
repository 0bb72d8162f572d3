//===- WireHelpers.h - shared by the summary library's message parsers ----===//
//
// Private to runtime/src/summary. The parsers here follow one pattern: walk
// the fields with io::WireReader, read nested messages with a reader whose
// base offset is the payload's position in the outer buffer (so errors point
// at the real byte), and accept both packed and unpacked repeated scalars,
// as protobuf readers must.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_SUMMARY_WIREHELPERS_H
#define KILN_RUNTIME_SRC_SUMMARY_WIREHELPERS_H

#include "kiln/runtime/io/status.h"
#include "kiln/runtime/io/wire_format.h"

#include <cstring>
#include <string>
#include <vector>

namespace kiln::runtime::summary::detail {

/// Offset of the payload of the length-delimited `field` just read.
inline size_t payloadOffset(const io::WireReader &reader,
                            const io::WireField &field) {
  return reader.offset() - field.bytes.size();
}

/// DataLoss "<message>: <what went wrong at which offset>".
inline io::Status malformed(const char *message, const std::string &why) {
  return io::dataLoss(std::string("malformed ") + message + ": " + why);
}

inline double bitsToDouble(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

inline float bitsToFloat(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

/// Appends the doubles of a `repeated double` field, packed or not; false
/// when a packed payload is not a whole number of doubles or the wire type
/// is wrong.
inline bool appendDoubles(const io::WireField &field,
                          std::vector<double> &out) {
  if (field.type == io::WireType::Fixed64) {
    out.push_back(bitsToDouble(field.integer));
    return true;
  }
  if (field.type != io::WireType::LengthDelimited || field.bytes.size() % 8)
    return false;
  for (size_t i = 0; i < field.bytes.size(); i += 8) {
    uint64_t bits = 0;
    for (size_t b = 0; b < 8; ++b)
      bits |= uint64_t(static_cast<uint8_t>(field.bytes[i + b])) << (8 * b);
    out.push_back(bitsToDouble(bits));
  }
  return true;
}

/// proto3 omits a double equal to +0.0 (by bits: -0.0 is written).
inline bool isDefaultDouble(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits == 0;
}

} // namespace kiln::runtime::summary::detail

namespace kiln::runtime::summary {
struct Summary;
namespace detail {
/// parseSummary for bytes that sit at offset `base` of an outer message.
io::Status parseSummaryAt(std::string_view bytes, size_t base, Summary &out);
} // namespace detail
} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SRC_SUMMARY_WIREHELPERS_H
