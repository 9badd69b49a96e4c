// CSV in and out (RFC 4180). The reader streams: imports run to about a million rows, so it
// reads fixed-size chunks and reuses the caller's strings, and it remembers where each field
// started so that a bad value can be reported as file:line:column. The writer produces what
// Excel and LibreOffice open without a dialog: CRLF records and an optional UTF-8 BOM.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kunqu::io {

// One field's value and the 1-based position of its first character (the opening quote for a
// quoted field). column counts characters (code points), not bytes.
struct CsvField {
  std::string value;
  int line = 0;
  int column = 0;
};

class CsvReader {
 public:
  static constexpr std::size_t kDefaultBufferSize = 64 * 1024;

  // Reads UTF-8 CSV from `in` (not owned; must outlive the reader) incrementally, `buffer_size`
  // bytes at a time (values below 4 are raised to 4). `file_name` is used in diagnostics.
  CsvReader(std::istream& in, std::string file_name, std::size_t buffer_size = kDefaultBufferSize);

  // Reads the next record into `record` (cleared first; the strings of its elements are reused
  // when the same vector is passed again). Returns false at end of input.
  // A leading UTF-8 BOM is skipped. Fields are separated by ',', records by LF or CRLF (a lone
  // CR also ends a record). Quoted fields may hold commas, doubled quotes and line breaks, which
  // are kept exactly as written (CRLF inside quotes stays CRLF). A final line break before EOF
  // does not make an extra record; an entirely empty line yields a record with one empty field
  // (callers skip it).
  // Throws kunqu::Error(kInvalidData) with one positioned Diagnostic on: a quote inside an
  // unquoted field, characters after a closing quote other than a separator or line break, an
  // unterminated quoted field (positioned at the opening quote), a NUL byte, invalid UTF-8.
  // Throws kunqu::Error(kIo) when the stream fails to read.
  bool next(std::vector<CsvField>& record);

  // After next() threw kInvalidData: drops the rest of the current line so that reading can
  // go on with the next record and report every bad row in one pass.
  void skip_to_next_line();

  // Line number (1-based) where the last record returned by next() started; 0 before the first.
  int record_line() const { return record_line_; }

  const std::string& file_name() const { return file_name_; }

 private:
  bool fill();
  bool available() { return pos_ < end_ || fill(); }
  void skip_bom();
  void new_line() {
    ++line_;
    column_ = 0;
  }
  void start_utf8(unsigned char lead);
  void continue_utf8(unsigned char byte);
  bool read_unquoted(std::string& value);
  bool read_quoted(std::string& value);
  bool end_field_after_quote();
  // The field ends at `c`, just taken, when it is a separator: whether the record ends with it
  // (a line break, \r\n taken whole). nullopt when `c` is no separator.
  std::optional<bool> end_field(unsigned char c) {
    switch (c) {
      case ',':
        ++column_;
        return false;
      case '\n':
        new_line();
        return true;
      case '\r':
        new_line();
        if (available() && buffer_[pos_] == '\n') ++pos_;
        return true;
      default:
        return std::nullopt;
    }
  }
  [[noreturn]] void fail(int line, int column, std::string message, std::string hint) const;
  [[noreturn]] void fail_utf8(int line, int column, unsigned char byte) const;

  std::istream& in_;
  std::string file_name_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool started_ = false;
  int line_ = 1;
  int column_ = 0;  // characters already consumed on the current line
  int record_line_ = 0;
  // A multi-byte UTF-8 sequence in progress: continuation bytes still expected, the range the
  // next one must fall in, and where the sequence started.
  int utf8_pending_ = 0;
  unsigned char utf8_lo_ = 0x80;
  unsigned char utf8_hi_ = 0xBF;
  unsigned char utf8_lead_ = 0;
  int utf8_line_ = 0;
  int utf8_column_ = 0;
};

// Whether Excel, opening a CSV file, would run `value` as a formula: it starts with '=', '@'
// (or full-width '＝', '＠'), a tab or a carriage return, or with '+' or '-' ('＋', '－') and
// is more than a plain number: '-5.00' and '+3' stay numbers, a lone '-' stays text.
bool formula_like(std::string_view value);
// `value` as a CSV for Excel carries it: a ' before a formula-like value (OWASP's CSV
// injection guard), and before one that begins with ' already, so that unguard_formula, which
// kunqu's import applies to CSV cells, gives back exactly the value.
std::string guard_formula(std::string value);
std::string unguard_formula(std::string value);

class CsvWriter {
 public:
  // Writes to `out` (not owned; must outlive the writer); a UTF-8 BOM first when `bom`, so that
  // Excel recognises the encoding. With `guard`, every field goes through guard_formula: the
  // file is for Excel.
  explicit CsvWriter(std::ostream& out, bool bom = false, bool guard = false);

  // Writes one record. std::nullopt and "" both write an empty field. A field is quoted when it
  // contains ',', '"', CR or LF, or starts or ends with a space; quotes inside are doubled.
  // A record that is a single empty field is written as "" so that it does not read back as a
  // blank line. Records end with CRLF.
  void write_row(const std::vector<std::optional<std::string>>& fields);
  void write_row(const std::vector<std::string>& fields);

 private:
  void append_field(const std::string& value);
  void finish_row();

  std::ostream& out_;
  std::string line_;
  bool guard_ = false;
};

}  // namespace kunqu::io
