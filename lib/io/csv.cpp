// The CSV reader is a byte-level state machine over a fixed buffer: ordinary bytes are only
// counted (for columns) and appended in runs, so the per-byte cost stays a table lookup. UTF-8
// is checked on the fly, since a GBK file opened as UTF-8 must fail where its first bad byte is.
#include "io/csv.h"


#include "error.h"
#include "i18n/messages.h"

namespace kunqu::io {
namespace {

constexpr unsigned char kPlain = 0;    // ASCII that means nothing special
constexpr unsigned char kSpecial = 1;  // , " CR LF NUL
constexpr unsigned char kHigh = 2;     // 0x80–0xFF: part of a multi-byte character

struct ByteClasses {
  unsigned char of[256];
  constexpr ByteClasses() : of() {
    for (int c = 0; c < 256; ++c) of[c] = c >= 0x80 ? kHigh : kPlain;
    of[static_cast<unsigned char>(',')] = kSpecial;
    of[static_cast<unsigned char>('"')] = kSpecial;
    of[static_cast<unsigned char>('\r')] = kSpecial;
    of[static_cast<unsigned char>('\n')] = kSpecial;
    of[0] = kSpecial;
  }
};
constexpr ByteClasses kClass;

constexpr const char* kUtf8Hint = N_("save the file as UTF-8, or pass ‹encoding› gb18030");
constexpr const char* kNulHint =
    N_("the file looks binary or UTF-16; save it from the spreadsheet as \"CSV UTF-8\"");

CsvField& field_at(std::vector<CsvField>& record, std::size_t index) {
  if (index == record.size()) record.emplace_back();
  CsvField& f = record[index];
  f.value.clear();
  return f;
}

}  // namespace

CsvReader::CsvReader(std::istream& in, std::string file_name, std::size_t buffer_size)
    : in_(in),
      file_name_(std::move(file_name)),
      buffer_(new char[buffer_size < 4 ? 4 : buffer_size]),
      capacity_(buffer_size < 4 ? 4 : buffer_size) {}

bool CsvReader::fill() {
  if (eof_) return false;
  in_.read(buffer_.get(), static_cast<std::streamsize>(capacity_));
  std::size_t got = static_cast<std::size_t>(in_.gcount());
  if (in_.bad()) throw Error(ErrorKind::kIo, trf("unable to read '{}'", file_name_));
  pos_ = 0;
  end_ = got;
  if (got < capacity_) eof_ = true;
  return got > 0;
}

void CsvReader::skip_to_next_line() {
  utf8_pending_ = 0;
  started_ = true;
  while (available()) {
    char c = buffer_[pos_++];
    if (c == '\n') break;
    if (c == '\r') {
      if (available() && buffer_[pos_] == '\n') ++pos_;
      break;
    }
  }
  new_line();
}

void CsvReader::skip_bom() {
  // istream::read fills the whole buffer unless the stream ends, and the buffer holds at least
  // four bytes, so the first chunk holds the whole BOM if there is one.
  if (!available()) return;
  if (end_ - pos_ >= 3 && buffer_[pos_] == '\xEF' && buffer_[pos_ + 1] == '\xBB' &&
      buffer_[pos_ + 2] == '\xBF') {
    pos_ += 3;
  }
}

void CsvReader::fail(int line, int column, std::string message, std::string hint) const {
  Diagnostic d;
  d.file = file_name_;
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.hint = std::move(hint);
  throw_invalid(std::move(d));
}

void CsvReader::fail_utf8(int line, int column, unsigned char byte) const {
  fail(line, column, trf("invalid UTF-8 byte 0x{:02x}", static_cast<unsigned>(byte)), tr(kUtf8Hint));
}

// Called for a byte >= 0x80 when no sequence is in progress: it starts a character.
void CsvReader::start_utf8(unsigned char lead) {
  ++column_;
  utf8_lo_ = 0x80;
  utf8_hi_ = 0xBF;
  // The second byte's range rules out overlong forms (E0, F0), surrogates (ED) and code points
  // above U+10FFFF (F4).
  if (lead >= 0xC2 && lead <= 0xDF) {
    utf8_pending_ = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    utf8_pending_ = 2;
    if (lead == 0xE0) utf8_lo_ = 0xA0;
    if (lead == 0xED) utf8_hi_ = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    utf8_pending_ = 3;
    if (lead == 0xF0) utf8_lo_ = 0x90;
    if (lead == 0xF4) utf8_hi_ = 0x8F;
  } else {
    fail_utf8(line_, column_, lead);
  }
  utf8_lead_ = lead;
  utf8_line_ = line_;
  utf8_column_ = column_;
}

// Called for every byte while a sequence is in progress.
void CsvReader::continue_utf8(unsigned char byte) {
  if (byte < utf8_lo_ || byte > utf8_hi_) fail_utf8(utf8_line_, utf8_column_, utf8_lead_);
  --utf8_pending_;
  utf8_lo_ = 0x80;
  utf8_hi_ = 0xBF;
}

bool CsvReader::next(std::vector<CsvField>& record) {
  if (!started_) {
    started_ = true;
    skip_bom();
  }
  if (!available()) {
    record.clear();
    return false;
  }
  record_line_ = line_;
  std::size_t count = 0;
  for (;;) {
    CsvField& f = field_at(record, count++);
    f.line = line_;
    f.column = column_ + 1;
    bool record_ended =
        available() && buffer_[pos_] == '"' ? read_quoted(f.value) : read_unquoted(f.value);
    if (record_ended) break;
  }
  record.resize(count);
  return true;
}

// Reads up to and including the byte that ends the field. Returns true when it also ended the
// record (line break or end of input), false after a ','.
bool CsvReader::read_unquoted(std::string& value) {
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (utf8_pending_) fail_utf8(utf8_line_, utf8_column_, utf8_lead_);
      return true;
    }
    const char* data = buffer_.get();
    std::size_t run = pos_;
    std::size_t pos = pos_;
    const std::size_t end = end_;
    while (pos < end) {
      unsigned char c = static_cast<unsigned char>(data[pos]);
      if (utf8_pending_) {
        continue_utf8(c);
        ++pos;
        continue;
      }
      unsigned char cls = kClass.of[c];
      if (cls == kPlain) {
        ++column_;
        ++pos;
        continue;
      }
      if (cls == kHigh) {
        start_utf8(c);
        ++pos;
        continue;
      }
      value.append(data + run, pos - run);
      pos_ = pos + 1;
      if (auto ends_record = end_field(c)) return *ends_record;
      if (c == '"')
        fail(line_, column_ + 1, tr("unexpected '\"' in unquoted field"),
             tr("enclose the whole field in quotes and double each quote inside it"));
      fail(line_, column_ + 1, tr("NUL byte in the file"), tr(kNulHint));
    }
    value.append(data + run, pos - run);
    pos_ = pos;
  }
}

// Starts at the opening quote; reads up to and including the byte that ends the field.
bool CsvReader::read_quoted(std::string& value) {
  const int quote_line = line_;
  const int quote_column = column_ + 1;
  ++column_;
  ++pos_;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      fail(quote_line, quote_column, tr("unterminated quoted field"),
           tr("add the closing '\"', and double each quote inside the field"));
    }
    const char* data = buffer_.get();
    std::size_t run = pos_;
    std::size_t pos = pos_;
    const std::size_t end = end_;
    // Set after a lookahead past a CR or quote, which may have refilled the buffer under us.
    bool restart = false;
    while (pos < end && !restart) {
      unsigned char c = static_cast<unsigned char>(data[pos]);
      if (utf8_pending_) {
        continue_utf8(c);
        ++pos;
        continue;
      }
      unsigned char cls = kClass.of[c];
      if (cls == kPlain || c == ',') {
        ++column_;
        ++pos;
        continue;
      }
      if (cls == kHigh) {
        start_utf8(c);
        ++pos;
        continue;
      }
      switch (c) {
        case '\n':
          new_line();
          ++pos;
          break;
        case '\r':
          // Kept as written; a following LF belongs to the same line break.
          ++pos;
          value.append(data + run, pos - run);
          new_line();
          pos_ = pos;
          if (available() && buffer_[pos_] == '\n') {
            value += '\n';
            ++pos_;
          }
          restart = true;
          break;
        case '"':
          value.append(data + run, pos - run);
          ++column_;
          pos_ = pos + 1;
          if (available() && buffer_[pos_] == '"') {
            value += '"';
            ++column_;
            ++pos_;
            restart = true;
            break;
          }
          return end_field_after_quote();
        default:
          fail(line_, column_ + 1, tr("NUL byte in the file"), tr(kNulHint));
      }
    }
    if (!restart) {
      value.append(data + run, pos - run);
      pos_ = pos;
    }
  }
}

// After a closing quote only a separator, a line break or the end of input may follow.
bool CsvReader::end_field_after_quote() {
  if (!available()) return true;
  unsigned char c = static_cast<unsigned char>(buffer_[pos_]);
  ++pos_;
  if (auto ends_record = end_field(c)) return *ends_record;
  std::string message = c > 0x20 && c < 0x7F ? trf("unexpected '{}' after closing quote", static_cast<char>(c))
                                              : std::string(tr("unexpected character after closing quote"));
  fail(line_, column_ + 1, message,
       tr("a quote inside a quoted field must be doubled (\"\"), and the closing quote must end "
          "the field"));
}

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// '-5.00', '+3', '1,000': what Excel reads as a number, not a formula.
bool plain_number(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty() || s[0] < '0' || s[0] > '9') return false;
  bool point = false;
  for (char c : s) {
    if (c == '.' && !point) point = true;
    else if (!(c >= '0' && c <= '9') && !(c == ',' && !point)) return false;
  }
  return s.back() != '.';
}

// Whether a field holds a separator, a quote or a line break, and so is quoted. One pass:
// std::string::find_first_of searches its set of four anew for every byte.
bool holds_special(std::string_view value) {
  for (char c : value)
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  return false;
}

}  // namespace

bool formula_like(std::string_view v) {
  if (v.empty()) return false;
  for (std::string_view always : {"=", "@", "\t", "\r", "＝", "＠"})
    if (starts_with(v, always)) return true;
  for (std::string_view sign : {"+", "-", "＋", "－"})
    if (starts_with(v, sign)) return v.size() > sign.size() && !plain_number(v);
  return false;
}

std::string guard_formula(std::string value) {
  if (formula_like(value) || starts_with(value, "'")) value.insert(value.begin(), '\'');
  return value;
}

std::string unguard_formula(std::string value) {
  if (value.size() > 1 && value[0] == '\'' && (value[1] == '\'' || formula_like(std::string_view(value).substr(1))))
    value.erase(0, 1);
  return value;
}

CsvWriter::CsvWriter(std::ostream& out, bool bom, bool guard) : out_(out), guard_(guard) {
  if (bom) out_ << "\xEF\xBB\xBF";
}

void CsvWriter::append_field(const std::string& given) {
  std::string guarded;
  if (guard_ && !given.empty() && (given[0] == '\'' || formula_like(given))) guarded = guard_formula(given);
  const std::string& value = guarded.empty() ? given : guarded;
  bool quote = !value.empty() && (value.front() == ' ' || value.back() == ' ' || holds_special(value));
  if (!quote) {
    line_ += value;
    return;
  }
  line_ += '"';
  for (char c : value) {
    if (c == '"') line_ += '"';
    line_ += c;
  }
  line_ += '"';
}

void CsvWriter::finish_row() {
  line_ += "\r\n";
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

void CsvWriter::write_row(const std::vector<std::optional<std::string>>& fields) {
  line_.clear();
  if (fields.size() == 1 && (!fields[0] || fields[0]->empty())) {
    line_ = "\"\"";
  } else {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) line_ += ',';
      if (fields[i]) append_field(*fields[i]);
    }
  }
  finish_row();
}

void CsvWriter::write_row(const std::vector<std::string>& fields) {
  line_.clear();
  if (fields.size() == 1 && fields[0].empty()) {
    line_ = "\"\"";
  } else {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) line_ += ',';
      append_field(fields[i]);
    }
  }
  finish_row();
}

}  // namespace kunqu::io
