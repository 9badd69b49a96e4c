// Input encodings. Offices export spreadsheets as UTF-8 or as GBK (Excel's "CSV" on a Chinese
// Windows); everything inside kunqu is UTF-8, so files are decoded once on the way in.
// GBK, GB2312 and CP936 are all read as GB18030, which is a superset of each.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kunqu::io {

enum class Encoding { kUtf8, kGb18030 };

// The encoding called `name` (case-insensitive): utf-8 and utf8 give kUtf8; gb18030, gbk,
// gb2312 and cp936 give kGb18030. std::nullopt for any other name.
std::optional<Encoding> parse_encoding(std::string_view name);

// The canonical lower-case name of `encoding` ("utf-8", "gb18030"), for messages.
const char* encoding_name(Encoding encoding);

// kUtf8 when `sample` is valid UTF-8, else kGb18030. A multi-byte sequence cut off at the very
// end of `sample` still counts as valid, since the sample may be a prefix of a larger file.
Encoding detect_encoding(std::string_view sample);

// `bytes` decoded from `from` into UTF-8. For kUtf8 the bytes are validated and returned as they
// are (a BOM is kept; the CSV reader skips it).
// Throws kunqu::Error(kInvalidData) with one Diagnostic {file_name, line, column} locating the
// first undecodable byte; line and column (1-based, column in characters) are counted on the text
// decoded before it.
std::string to_utf8(std::string_view bytes, Encoding from, const std::string& file_name);

// UTF-8 turned into GB18030 (which holds every Unicode character) piece by piece, for a stream
// whose writes may cut a character in two. Bytes that are not UTF-8 become '?'.
class Gb18030Encoder {
 public:
  Gb18030Encoder();
  ~Gb18030Encoder();
  Gb18030Encoder(const Gb18030Encoder&) = delete;
  Gb18030Encoder& operator=(const Gb18030Encoder&) = delete;

  // Appends the GB18030 of `utf8` to `out` and returns how many bytes of `utf8` it used: all
  // of them but a character cut off at the end, which the caller passes again with what
  // follows (or, when nothing follows, with `last`, which turns it into '?').
  std::size_t encode(std::string_view utf8, std::string& out, bool last = false);

 private:
  void* cd_;  // an iconv_t
};

}  // namespace kunqu::io
