// Reads import files — CSV, TOML, or a sheet of an .xlsx or .xls workbook — into records of
// named fields with their positions, so the domain modules validate one shape whatever the file
// format. Header names and TOML keys are mapped to field indices by the caller's resolver (which
// knows the Chinese aliases); in a table (CSV, a sheet) the reader also finds the header row
// below a title, reads headers with notes after them ('统一社会信用代码（18位）'), and leaves
// out the sheet's own row numbers (序号) and the columns it is told to ignore.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "io/encoding.h"
#include "io/json.h"

namespace kunqu::io {

enum class InputFormat { kCsv, kToml, kXlsx, kXls };

// The format a path's extension names (.csv, .toml, .xlsx, .xls; .xlsm, .xlsb and .ods go to the
// .xlsx reader, which reads the first and names the others for what they are), nullopt otherwise.
std::optional<InputFormat> input_format_for(std::string_view path);
std::optional<InputFormat> parse_input_format(std::string_view name);

struct RawField {
  std::size_t field = 0;
  // Canonical text: TOML integers, booleans and dates are written out. From a file, valid UTF-8
  // without a control or format character (io::forbidden_character) but tabs and line breaks,
  // and those only in a column ReadOptions::several_lines allows them in, when it is given.
  std::string value;
  int line = 0;
  int column = 0;
  // The reader refused the cell (and said why, at its position): its value is empty, and a
  // checker says nothing more of it — not even that it is required.
  bool refused = false;
  int cell = 0;  // in a table (CSV): the cell's column, 1-based; 0 in TOML and flags
};

struct RawRecord {
  int line = 0;
  int column = 0;
  std::vector<RawField> fields;
  // In a table: its headers as the file writes them, by column (owned by the reader).
  const std::vector<std::string>* headers = nullptr;
  // In a table: the row as a spreadsheet shows it (a CSV record's number, the header row 1).
  int row = 0;
  // In a workbook: the sheet's name (owned by the reader); nullptr otherwise.
  const std::string* sheet = nullptr;
  // The cell of `field`, or nullptr when the record does not carry it.
  const RawField* find(std::size_t field) const;
};

// A problem of `field` at `cell` of `record` in `file` (at the record itself when `cell` is
// null): its line and column, and in a table the cell's column number and header as written.
// nullopt when the reader refused the cell: it said why, and nothing more is said of it.
std::optional<Diagnostic> problem_at(const std::string& file, const RawRecord& record, const RawField* cell,
                                     std::string field, std::string message, std::string hint = {});

struct ReadOptions {
  InputFormat format = InputFormat::kCsv;
  std::optional<Encoding> encoding;  // nullopt: detect (CSV only; TOML is UTF-8)
  std::string table_name;           // TOML: the array of tables to read, e.g. "org"
  std::function<std::optional<std::size_t>(std::string_view)> resolve;  // header → field
  // The fields that may hold several lines (tab, line feed, carriage return); nullptr: every
  // field. Control and format characters are refused in every cell (io::forbidden_character).
  std::function<bool(std::size_t)> several_lines;
  // The fields a TOML file must give as a string ("…"), not a number, date or boolean; nullptr:
  // any scalar is read as its text.
  std::function<bool(std::size_t)> text_only;
  // A workbook's sheet to read, as its tab names it; empty: the first.
  std::string sheet;
  // Headers of columns to leave out, as the file writes them or without the note after them.
  std::vector<std::string> ignore_columns;
};

// A header as a sheet writes it, without what only tells people how to fill the column: a note
// in brackets after it ('（18位）', '(元)', '【必填】'), a '*' marking it required, line breaks.
std::string header_without_notes(std::string_view header);
// Whether `header` is a name sheets give their own row-number column (序号, No.).
bool row_number_header(std::string_view header);

// The unit of money a header's note names: '开办资金（万元）' is in 万 yuan, '开办资金(元)' in
// yuan; '金额（元/万元）' names both and so says nothing. Bare numbers of a column in 万 yuan
// are read as 万 ('12.5' → '12.5万'); of a column naming both, refused.
enum class MoneyUnit { kNone, kYuan, kWan, kAmbiguous };
MoneyUnit money_unit_of_header(std::string_view header);
// Whether `text` is a bare number (digits, thousands commas, a decimal point), with no unit.
bool bare_number(std::string_view text);

class RecordReader {
 public:
  // Reads `in` (not owned) as `file_name`. Throws kunqu::Error(kInvalidData) with a
  // positioned diagnostic when the bytes cannot be decoded, kIo when reading fails.
  RecordReader(std::istream& in, std::string file_name, ReadOptions options);
  ~RecordReader();

  // The next record. Problems in the file's structure (bad header, TOML syntax, unknown
  // keys, values of the wrong shape) are appended to `diagnostics`; a record is still
  // returned when its other fields are usable. Returns false at the end.
  bool next(RawRecord& record, std::vector<Diagnostic>& diagnostics);

  const std::string& file_name() const;
  // The SHA-256 of the whole input (what is still unread is read for it).
  const std::string& sha256() const;
  std::uint64_t bytes_read() const;      // raw bytes read so far, for progress
  std::string encoding_name() const;     // "utf-8" or "gb18030"; '' for a workbook
  std::string sheet_name() const;        // the sheet read from a workbook; '' otherwise

  // The reader's state, which the TOML module reads a document into (not installed: io/internal.h).
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// What an import's audit entry says of its input: file, sha256, encoding.
JsonObject describe_input(const RecordReader& reader);

}  // namespace kunqu::io
