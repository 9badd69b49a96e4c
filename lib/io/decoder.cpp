// Chunked decoding with hashing. GB18030 sequences cut at a chunk boundary are carried into
// the next chunk; positions for errors are counted on the decoded text as it goes by.
#include "io/decoder.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "error.h"
#include "i18n/messages.h"
#include "io/digest.h"

namespace kunqu::io {

struct DecodingBuf::Impl {
  std::istream& in;
  std::string file_name;
  Sha256 sha;
  std::string digest;  // sha's result, once finished
  std::exception_ptr pending;  // a decoding error, raised once the text before it is served
  std::string raw;      // bytes read and not yet decoded (GB18030 carries a partial character)
  std::string out;      // decoded bytes served to the reader
  bool eof = false;
  bool first = true;
  iconv_t cd = reinterpret_cast<iconv_t>(-1);
  // Position just after the decoded text served so far, for error messages.
  int line = 1;
  int column = 1;

  Impl(std::istream& in, std::string name) : in(in), file_name(std::move(name)) {}
  ~Impl() {
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }

  void count(const std::string& text) {
    for (unsigned char c : text) {
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column;
      }
    }
  }
};

DecodingBuf::DecodingBuf(std::istream& in, std::optional<Encoding> forced, std::string file_name)
    : impl_(std::make_unique<Impl>(in, std::move(file_name))) {
  read_raw();
  const std::string& head = impl_->raw;
  if (head.size() >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF')))
    throw_invalid(Diagnostic{impl_->file_name, 1, 1, "", tr("the file is UTF-16 (Excel's \"Unicode text\")"),
                             tr("save it as \"CSV UTF-8\" (or as CSV in GBK) and import that")});
  if (forced) {
    encoding_ = *forced;
  } else {
    // ASCII is the same in both encodings: a file that starts in ASCII (a header, plain rows)
    // is decided by the first chunk that holds anything else.
    decided_ = false;
    decide();
  }
  setg(nullptr, nullptr, nullptr);
}

void DecodingBuf::decide() {
  if (decided_) return;
  const std::string& raw = impl_->raw;
  bool ascii = true;
  for (char c : raw)
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii && !impl_->eof) return;
  decided_ = true;
  encoding_ = detect_encoding(raw);
  if (encoding_ == Encoding::kGb18030) {
    impl_->cd = iconv_open("UTF-8", "GB18030");
    if (impl_->cd == reinterpret_cast<iconv_t>(-1))
      throw Error(ErrorKind::kInternal, trf("iconv cannot decode GB18030: {}", i18n::system_message(errno)));
  }
}

void DecodingBuf::rethrow() const {
  if (error_) std::rethrow_exception(error_);
}

DecodingBuf::~DecodingBuf() = default;

bool DecodingBuf::read_raw() {
  if (impl_->eof) return false;
  std::size_t had = impl_->raw.size();
  impl_->raw.resize(had + kChunk);
  impl_->in.read(impl_->raw.data() + had, static_cast<std::streamsize>(kChunk));
  std::size_t got = static_cast<std::size_t>(impl_->in.gcount());
  if (impl_->in.bad()) throw Error(ErrorKind::kIo, trf("unable to read '{}'", impl_->file_name));
  impl_->raw.resize(had + got);
  if (got < kChunk) impl_->eof = true;
  impl_->sha.update(std::string_view(impl_->raw.data() + had, got));
  bytes_read_ += got;
  return got > 0;
}

void DecodingBuf::decode() {
  auto& m = *impl_;
  decide();
  if (encoding_ == Encoding::kGb18030 && m.cd == reinterpret_cast<iconv_t>(-1)) {
    m.cd = iconv_open("UTF-8", "GB18030");
    if (m.cd == reinterpret_cast<iconv_t>(-1))
      throw Error(ErrorKind::kInternal, trf("iconv cannot decode GB18030: {}", i18n::system_message(errno)));
  }
  if (encoding_ == Encoding::kUtf8) {
    // The CSV reader validates UTF-8 itself, with positions; pass the bytes through.
    m.out.swap(m.raw);
    m.raw.clear();
    return;
  }
  m.out.resize(m.raw.size() * 2 + 16);
  char* src = m.raw.data();
  std::size_t src_left = m.raw.size();
  char* dst = m.out.data();
  std::size_t dst_left = m.out.size();
  std::size_t rc = iconv(m.cd, &src, &src_left, &dst, &dst_left);
  m.out.resize(m.out.size() - dst_left);
  if (rc == static_cast<std::size_t>(-1) && (errno == EILSEQ || (errno == EINVAL && m.eof))) {
    m.count(m.out);
    Diagnostic d{m.file_name, m.line, m.column, "",
                 trf("bytes not decodable as GB18030 (starting with 0x{:02x})", static_cast<unsigned>(static_cast<unsigned char>(*src))),
                 tr("check the file's encoding; save it as UTF-8, or pass ‹encoding› utf-8 if it already is")};
    // Serve the text decoded before the bad bytes first, so its rows are read and checked too.
    std::string what = d.to_string();
    m.pending = std::make_exception_ptr(Error(ErrorKind::kInvalidData, what, {std::move(d)}));
    m.raw.clear();
    return;
  }
  // EINVAL before the end: a character cut by the chunk boundary waits for the next chunk.
  m.raw.erase(0, m.raw.size() - src_left);
  m.count(m.out);
}

DecodingBuf::int_type DecodingBuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (error_) return traits_type::eof();
  try {
    return fill();
  } catch (...) {
    error_ = std::current_exception();
    return traits_type::eof();
  }
}

DecodingBuf::int_type DecodingBuf::fill() {
  auto& m = *impl_;
  if (m.pending) std::rethrow_exception(m.pending);
  for (;;) {
    if (m.first) {
      m.first = false;  // the constructor read the first chunk for detection
    } else if (!read_raw() && m.raw.empty()) {
      return traits_type::eof();
    }
    decode();
    if (!m.out.empty()) break;
    if (m.pending) std::rethrow_exception(m.pending);
    if (m.eof && m.raw.empty()) return traits_type::eof();
  }
  setg(m.out.data(), m.out.data(), m.out.data() + m.out.size());
  return traits_type::to_int_type(*gptr());
}

std::string DecodingBuf::sha256() {
  if (impl_->digest.empty()) {
    while (read_raw()) impl_->raw.clear();
    impl_->digest = impl_->sha.hex();  // finishing the hash ends it: keep the answer
  }
  return impl_->digest;
}

}  // namespace kunqu::io
