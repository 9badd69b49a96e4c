// A stream that decodes as it reads: raw bytes come from an input stream in fixed-size chunks,
// are hashed (SHA-256, for the audit log) and decoded to UTF-8 (passed through, or GB18030 via
// iconv), so an import holds one chunk of the file at a time, never the whole file.
#pragma once

#include <cstdint>
#include <exception>
#include <istream>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>

#include "io/encoding.h"

namespace kunqu::io {

class DecodingBuf : public std::streambuf {
 public:
  static constexpr std::size_t kChunk = 64 * 1024;

  // Reads `in` (not owned). With `forced` unset the encoding is detected from the first chunk.
  // Throws kunqu::Error(kIo) when `in` fails.
  DecodingBuf(std::istream& in, std::optional<Encoding> forced, std::string file_name);
  ~DecodingBuf() override;

  Encoding encoding() const { return encoding_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

  // The SHA-256 of every byte of the input: reads (and hashes) whatever is still unread.
  std::string sha256();

  // Streams swallow what a stream buffer throws, so a decoding error ends the stream and
  // waits here: readers call this when their stream ends. Throws the kunqu::Error, if any.
  void rethrow() const;
  bool failed() const { return error_ != nullptr; }

 protected:
  // Throws kunqu::Error(kInvalidData) with a positioned diagnostic at bytes that do not decode.
  int_type underflow() override;

 private:
  bool read_raw();
  void decide();
  void decode();
  int_type fill();

  struct Impl;
  std::unique_ptr<Impl> impl_;
  Encoding encoding_ = Encoding::kUtf8;
  bool decided_ = true;  // false while only ASCII has been seen and the encoding is open
  std::uint64_t bytes_read_ = 0;
  std::exception_ptr error_;
};

}  // namespace kunqu::io
