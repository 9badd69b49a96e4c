// The one error type of libkunqu. Every failure the library reports is a kunqu::Error with a
// kind; problems found in input data travel as a list of Diagnostics inside one Error, so a
// caller can show every bad row at once. Only the CLI boundary maps kinds to exit codes.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kunqu {

enum class ErrorKind {
  kUsage,        // the caller asked for something malformed or ambiguous
  kNotFound,     // an org, file or registry that does not exist
  kInvalidData,  // input data breaks a rule; diagnostics say where
  kBusy,         // the registry stayed locked past the busy timeout
  kIo,           // a file or the database could not be read or written
  kInternal,     // a bug or an unexpected library failure
};

// How much a problem weighs: an error refuses the command; a warning is shown (warning: …)
// and the command goes on, unless it runs with --strict, which refuses warnings too.
enum class Severity { kError, kWarning };

// One problem in one place of an input. line/column are 1-based; 0 means "not known"
// (e.g. a flag value rather than a file). column counts characters, not bytes.
struct Diagnostic {
  Diagnostic() = default;
  Diagnostic(std::string file, int line, int column, std::string field, std::string message, std::string hint = {})
      : file(std::move(file)), line(line), column(column), field(std::move(field)), message(std::move(message)),
        hint(std::move(hint)) {}

  std::string file;
  int line = 0;
  int column = 0;
  std::string field;
  std::string message;
  std::string hint;  // the remedy, when there is one
  Severity severity = Severity::kError;
  // In a table (CSV, a sheet): the cell's column, 1-based (its letter: column_letter), and
  // that column's header as the file writes it. 0 and '' elsewhere (TOML, flags).
  int cell = 0;
  std::string header;
  // In a workbook: the sheet, as its tab names it; line is then the sheet's row number.
  std::string sheet;
  // In a table: the row as a spreadsheet shows it — a sheet's row, a CSV file's record number
  // with the header as row 1 (its line may differ where a quoted cell spans lines). 0 elsewhere.
  int row = 0;
  // The rule the problem applies, where there is one, and the document it comes from
  // (民政部令第60号…).
  std::string rule;
  std::string document;
  // The field's Chinese name (its first Chinese header), where the caller knows it. Under
  // Chinese, to_string shows it after a name that is not Chinese: "founded（成立日期）".
  std::string field_zh;

  bool warning() const { return severity == Severity::kWarning; }
  // "file:line:column: field: message" with the parts that are known; in a table as a
  // spreadsheet names the cell: "file:row:LETTER header: message" ("file:sheet!row:…" in a
  // workbook; " (line N)" after the header where a CSV record's line is not its row). Under
  // Chinese a header or field written in English is followed by field_zh, in brackets.
  std::string to_string() const;
  // The header (else the field) as the place names it: under Chinese, with field_zh after a
  // name that holds no Chinese already ("founded（成立日期）"); `name` itself otherwise.
  std::string named(const std::string& name) const;
};

// What only a front end can word. A message names an input the user gives by its field in
// guillemets, ‹amount› or ‹on_conflict›, and a step the user can take by its noun and verb,
// ‹contract list›. The command line shows them as --amount, --on-conflict and
// `kunqu contract list`; another front end shows its own words. The library never names a
// flag or a command: the same problem may come from a flag, a column or a key.
std::string input_name(std::string_view field);

// A table column's letter, as spreadsheets name it: 1 → A, 26 → Z, 27 → AA. '' for 0.
std::string column_letter(int cell);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Error(ErrorKind kind, const std::string& message, std::vector<Diagnostic> diagnostics)
      : std::runtime_error(message), kind_(kind), diagnostics_(std::move(diagnostics)) {}

  ErrorKind kind() const { return kind_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  ErrorKind kind_;
  std::vector<Diagnostic> diagnostics_;
};

// Shorthands for throwing the common kinds.
[[noreturn]] void throw_usage(const std::string& message);
[[noreturn]] void throw_not_found(const std::string& message);
[[noreturn]] void throw_invalid(const std::string& message);
[[noreturn]] void throw_invalid(Diagnostic diagnostic);

// The refusal of a whole import: `diags` (the listed ones of `total` problems) sorted by
// position, a last line counting those not listed, and the message
// "N problems; nothing was imported from 'FILE'".
[[noreturn]] void throw_import_refusal(std::vector<Diagnostic> diags, std::size_t total, const std::string& file);

}  // namespace kunqu
