//===- Compression.cpp - GZIP and ZLIB stream layers over zlib ------------===//

#include "kiln/runtime/io/compression.h"

#include <zlib.h>

#include <cstring>

namespace kiln::runtime::io {

Status parseCompression(std::string_view name, Compression &out) {
  if (name.empty() || name == "NONE")
    out = Compression::None;
  else if (name == "ZLIB")
    out = Compression::Zlib;
  else if (name == "GZIP")
    out = Compression::Gzip;
  else
    return invalidArgument("unknown compression type '" + std::string(name) +
                           "'; expected \"\", \"ZLIB\" or \"GZIP\"");
  return Status();
}

const char *compressionName(Compression compression) {
  switch (compression) {
  case Compression::None:
    return "";
  case Compression::Zlib:
    return "ZLIB";
  case Compression::Gzip:
    return "GZIP";
  }
  return "";
}

bool looksGzipped(std::string_view prefix) {
  return prefix.size() >= 2 && static_cast<unsigned char>(prefix[0]) == 0x1f &&
         static_cast<unsigned char>(prefix[1]) == 0x8b;
}

namespace {

/// zlib's windowBits: 15 (32 KiB window) plus 16 for a GZIP wrapper.
int windowBits(Compression compression) {
  return compression == Compression::Gzip ? 15 + 16 : 15;
}

constexpr size_t kChunk = 1 << 16;

class DecompressingStream final : public InputStream {
public:
  DecompressingStream(std::unique_ptr<InputStream> in, Compression compression)
      : in_(std::move(in)), compression_(compression) {
    std::memset(&z_, 0, sizeof(z_));
    initialized_ = inflateInit2(&z_, windowBits(compression)) == Z_OK;
  }
  ~DecompressingStream() override {
    if (initialized_)
      inflateEnd(&z_);
  }

  Status read(char *buffer, size_t size, size_t &got) override {
    got = 0;
    if (!initialized_)
      return Status(StatusCode::Internal,
                    name() + ": cannot initialize zlib");
    while (got < size && !finished_) {
      if (z_.avail_in == 0 && !inputEnded_) {
        size_t n = 0;
        KILN_IO_RETURN_IF_ERROR(in_->read(input_, kChunk, n));
        inputEnded_ = n < kChunk;
        z_.next_in = reinterpret_cast<Bytef *>(input_);
        z_.avail_in = static_cast<uInt>(n);
      }
      if (z_.avail_in == 0 && inputEnded_) {
        if (!memberStarted_)
          finished_ = true; // the input ended between members: a clean end
        else
          return dataLoss(name() + ": truncated " +
                          compressionName(compression_) +
                          " data: the stream ends at compressed byte offset " +
                          std::to_string(consumed_) + " inside a member");
        break;
      }
      z_.next_out = reinterpret_cast<Bytef *>(buffer + got);
      z_.avail_out = static_cast<uInt>(std::min<size_t>(size - got, 1u << 30));
      uInt inBefore = z_.avail_in, outBefore = z_.avail_out;
      int result = inflate(&z_, Z_NO_FLUSH);
      consumed_ += inBefore - z_.avail_in;
      got += outBefore - z_.avail_out;
      if (inBefore != z_.avail_in || outBefore != z_.avail_out)
        memberStarted_ = true;
      if (result == Z_STREAM_END) {
        memberStarted_ = false;
        // GZIP files may hold several members back to back; ZLIB streams end.
        if (compression_ == Compression::Gzip)
          inflateReset(&z_);
        else
          finished_ = true;
        continue;
      }
      if (result == Z_BUF_ERROR && z_.avail_in == 0)
        continue; // needs more input
      if (result != Z_OK)
        return dataLoss(name() + ": corrupt " + compressionName(compression_) +
                        " data near compressed byte offset " +
                        std::to_string(consumed_) + ": " +
                        (z_.msg ? z_.msg : zError(result)));
    }
    return Status();
  }

  const std::string &name() const override { return in_->name(); }

private:
  std::unique_ptr<InputStream> in_;
  Compression compression_;
  z_stream z_;
  bool initialized_ = false;
  bool inputEnded_ = false;
  bool finished_ = false;
  bool memberStarted_ = false;
  uint64_t consumed_ = 0;
  char input_[kChunk];
};

class CompressingStream final : public OutputStream {
public:
  CompressingStream(std::unique_ptr<OutputStream> out, Compression compression,
                    int level)
      : out_(std::move(out)) {
    std::memset(&z_, 0, sizeof(z_));
    initialized_ = deflateInit2(&z_, level, Z_DEFLATED, windowBits(compression),
                                8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~CompressingStream() override { (void)close(); }

  Status append(std::string_view data) override {
    KILN_IO_RETURN_IF_ERROR(checkOpen());
    return deflateInto(data, Z_NO_FLUSH);
  }

  /// A sync flush: everything appended so far can be decompressed from what
  /// reached the file, at a few bytes' cost per flush.
  Status flush() override {
    KILN_IO_RETURN_IF_ERROR(checkOpen());
    KILN_IO_RETURN_IF_ERROR(deflateInto({}, Z_SYNC_FLUSH));
    return out_->flush();
  }

  Status sync() override {
    KILN_IO_RETURN_IF_ERROR(flush());
    return out_->sync();
  }

  Status close() override {
    if (closed_)
      return Status();
    closed_ = true;
    Status status = initialized_ ? deflateInto({}, Z_FINISH)
                                 : Status(StatusCode::Internal,
                                          name() + ": cannot initialize zlib");
    if (initialized_)
      deflateEnd(&z_);
    Status closeStatus = out_->close();
    return status.ok() ? closeStatus : status;
  }

  const std::string &name() const override { return out_->name(); }

private:
  Status checkOpen() const {
    if (closed_)
      return Status(StatusCode::FailedPrecondition,
                    name() + ": the stream was already closed");
    if (!initialized_)
      return Status(StatusCode::Internal, name() + ": cannot initialize zlib");
    return Status();
  }

  Status deflateInto(std::string_view data, int flush) {
    z_.next_in =
        reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z_.avail_in = static_cast<uInt>(data.size());
    for (;;) {
      z_.next_out = reinterpret_cast<Bytef *>(output_);
      z_.avail_out = kChunk;
      int result = deflate(&z_, flush);
      if (result == Z_STREAM_ERROR)
        return Status(StatusCode::Internal, name() + ": zlib deflate failed");
      size_t produced = kChunk - z_.avail_out;
      if (produced)
        KILN_IO_RETURN_IF_ERROR(out_->append({output_, produced}));
      // deflate is done when it left output space unused and has consumed
      // all input (and, when finishing, reported the end of the stream).
      if (flush == Z_FINISH ? result == Z_STREAM_END
                            : (z_.avail_out != 0 && z_.avail_in == 0))
        return Status();
    }
  }

  std::unique_ptr<OutputStream> out_;
  z_stream z_;
  bool initialized_ = false;
  bool closed_ = false;
  char output_[kChunk];
};

} // namespace

std::unique_ptr<InputStream>
makeDecompressingStream(std::unique_ptr<InputStream> compressed,
                        Compression compression) {
  if (compression == Compression::None)
    return compressed;
  return std::make_unique<DecompressingStream>(std::move(compressed),
                                               compression);
}

std::unique_ptr<OutputStream>
makeCompressingStream(std::unique_ptr<OutputStream> sink,
                      Compression compression, int level) {
  if (compression == Compression::None)
    return sink;
  return std::make_unique<CompressingStream>(std::move(sink), compression,
                                             level);
}

} // namespace kiln::runtime::io
