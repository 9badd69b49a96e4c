// Encoding names, detection and decoding to UTF-8. GB18030 goes through glibc's iconv, which
// ships with the C library and knows the four-byte GB18030 sequences that GBK tables lack.
#include "io/encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"

namespace kunqu::io {
namespace {

// Line and column at the end of `decoded`, i.e. where the next character would go.
void locate_end(std::string_view decoded, int* line, int* column) {
  std::size_t last_newline = decoded.rfind('\n');
  std::size_t line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  std::size_t newlines = 0;
  for (char c : decoded.substr(0, line_start)) newlines += c == '\n';
  *line = static_cast<int>(newlines) + 1;
  *column = static_cast<int>(code_points(decoded.substr(line_start))) + 1;
}

[[noreturn]] void throw_undecodable(const std::string& file_name, std::string_view decoded,
                                    std::string message, std::string hint) {
  Diagnostic d;
  d.file = file_name;
  locate_end(decoded, &d.line, &d.column);
  d.message = std::move(message);
  d.hint = std::move(hint);
  throw_invalid(std::move(d));
}

class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      throw Error(ErrorKind::kInternal, trf("iconv cannot convert from {}: {}", from, i18n::system_message(errno)));
    }
  }
  ~Iconv() { iconv_close(cd_); }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

std::string from_gb18030(std::string_view bytes, const std::string& file_name) {
  Iconv cd("UTF-8", "GB18030");
  std::string out;
  // A two-byte GB18030 character becomes at most three UTF-8 bytes, a four-byte one four.
  out.resize(bytes.size() + bytes.size() / 2 + 16);
  // iconv's interface is not const-correct; it only reads the input.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t written = 0;
  while (in_left > 0) {
    char* dst = out.data() + written;
    std::size_t out_left = out.size() - written;
    std::size_t rc = iconv(cd.get(), &in, &in_left, &dst, &out_left);
    written = out.size() - out_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (a byte sequence GB18030 does not define) or EINVAL (the input ends inside a
    // character): either way the file is not GB18030 from here on.
    unsigned char first = static_cast<unsigned char>(*in);
    throw_undecodable(file_name, std::string_view(out.data(), written),
                      trf("bytes not decodable as GB18030 (starting with 0x{:02x})", static_cast<unsigned>(first)),
                      tr("check the file's encoding; save it as UTF-8, or pass ‹encoding› utf-8 if it "
                         "already is"));
  }
  out.resize(written);
  return out;
}

}  // namespace

Gb18030Encoder::Gb18030Encoder() : cd_(iconv_open("GB18030", "UTF-8")) {
  if (cd_ == reinterpret_cast<void*>(-1)) {
    throw Error(ErrorKind::kInternal, trf("iconv cannot convert from {}: {}", "UTF-8", i18n::system_message(errno)));
  }
}

Gb18030Encoder::~Gb18030Encoder() { iconv_close(static_cast<iconv_t>(cd_)); }

std::size_t Gb18030Encoder::encode(std::string_view utf8, std::string& out, bool last) {
  // iconv's interface is not const-correct; it only reads the input.
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  std::size_t written = out.size();
  // A UTF-8 character of 2 or 3 bytes becomes 2 or 4 bytes of GB18030, one of 4 bytes 4.
  out.resize(written + utf8.size() * 2 + 16);
  while (in_left > 0) {
    char* dst = out.data() + written;
    std::size_t out_left = out.size() - written;
    std::size_t rc = iconv(static_cast<iconv_t>(cd_), &in, &in_left, &dst, &out_left);
    written = out.size() - out_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    if (errno == EINVAL && !last) break;  // a character cut off at the end: kept for the next piece
    // EILSEQ: a byte that is not UTF-8 (or a cut-off character that nothing completes).
    if (out.size() == written) out.resize(written + 16);
    out[written++] = '?';
    ++in;
    --in_left;
  }
  out.resize(written);
  return utf8.size() - in_left;
}

std::optional<Encoding> parse_encoding(std::string_view name) {
  std::string lower = to_lower_ascii(name);
  if (lower == "utf-8" || lower == "utf8") return Encoding::kUtf8;
  if (lower == "gb18030" || lower == "gbk" || lower == "gb2312" || lower == "cp936") {
    return Encoding::kGb18030;
  }
  return std::nullopt;
}

const char* encoding_name(Encoding encoding) {
  return encoding == Encoding::kUtf8 ? "utf-8" : "gb18030";
}

Encoding detect_encoding(std::string_view sample) {
  std::size_t offset = 0;
  if (valid_utf8(sample, &offset)) return Encoding::kUtf8;
  // UTF-8 text with a bad byte further on is UTF-8 with a bad byte, to be refused where it
  // is, not GB18030: several characters before it already decoded as UTF-8. (GBK text
  // seldom gives even one or two sequences that UTF-8 would accept before the first it
  // would not.)
  std::size_t characters = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (static_cast<unsigned char>(sample[i]) >= 0xC0) ++characters;
  if (characters >= 4) return Encoding::kUtf8;
  // Forgive only a sequence that is a correct prefix running into the end of the sample: it
  // decodes once completed with continuation bytes. 0x80 completes every lead byte except E0
  // and F0, whose second byte must be at least 0xA0 and 0x90 respectively.
  if (sample.size() - offset < 4) {
    std::string_view tail = sample.substr(offset);
    for (char fill : {'\x80', '\xA0'}) {
      std::string probe(tail);
      probe.append(4 - tail.size(), fill);
      char32_t cp;
      if (decode_utf8(probe, 0, &cp) > tail.size()) return Encoding::kUtf8;
    }
  }
  return Encoding::kGb18030;
}

std::string to_utf8(std::string_view bytes, Encoding from, const std::string& file_name) {
  if (from == Encoding::kGb18030) return from_gb18030(bytes, file_name);
  std::size_t offset = 0;
  if (!valid_utf8(bytes, &offset)) {
    throw_undecodable(file_name, bytes.substr(0, offset),
                      trf("invalid UTF-8 byte 0x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(bytes[offset]))),
                      tr("save the file as UTF-8, or pass ‹encoding› gb18030"));
  }
  return std::string(bytes);
}

}  // namespace kunqu::io
