// Rows → table | CSV | JSON | TOML | .xlsx. The only code that knows output formats and terminals.
// Only the layout differs between formats, never the values.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "context.h"
#include "io/csv.h"
#include "io/table.h"

namespace kunqu::io {
class SheetWriter;
}

namespace kunqu::cli {

// Personal data in what this command prints or exports (lib/privacy/mask.h): masked with
// --mask; otherwise counted, so that its audit entry is written before the data leaves
// (write_output for a file, cli::run for standard output, which is held back from the first such
// row until then) and write_output keeps the file from others.
struct PersonalData {
  bool mask = false;
  std::size_t rows = 0;  // rows written with personal data unmasked
  std::set<std::string> columns;
  std::string destination = "stdout";
  std::function<void()> hold;  // holds standard output back (set by cli::run)
};
// The running command's (cli::run starts each command with a fresh one).
PersonalData& personal_data();

// --labels zh: Chinese column headers and enum labels in CSV, .xlsx (and table) output, the words
// import accepts again. A table shows them also when messages are in Chinese. JSON and TOML
// always carry names and codes. Set by cli::run for each command.
bool& labels_zh();
// Whether CSV output is bound for Excel: --bom says so, and a report's CSV always is. Its
// formula-like cells are guarded then (io::guard_formula). Set by cli::run for each command.
bool& excel_bound();
// Whether `format` shows Chinese headers and enum labels now: CSV and .xlsx with --labels zh; a
// table with it, or where messages are in Chinese; JSON and TOML never.
bool chinese_labels(Format format);

// Where a table meets a person's terminal: the stream it shows on, that terminal's width in
// columns ($COLUMNS, else the terminal's own; 0: unknown, nothing is fit), and how to tell the
// person what did not fit. A list's table on that stream is fit to the width: the widest
// free-text columns shortened with "…" first, columns left out only if still too wide; keys
// and numbers are never shortened. Set by cli::run for each command.
struct Screen {
  const std::ostream* out = nullptr;
  std::size_t width = 0;
  std::function<void(const std::string&)> note;
};
Screen& screen();

enum class Shape {
  kList,    // many records: table rows, CSV rows, a JSON array, [[name]] tables, a sheet's rows
  kRecord,  // one record: a field/value table, one CSV row, a JSON object, one [[name]], one row
};

void render(std::ostream& out, Format format, const io::Table& table, Shape shape = Shape::kList,
            bool bom = false);

// One record followed by named lists that belong to it (a hub's filed groups, a filing's
// reviews). Table: the record, then each list under "name (N):". CSV: the record's header
// and row, then each list after a blank line with its own header. JSON: the record's object
// with each list as an array member. TOML: [[record]] followed by [[record.name]] tables.
// .xlsx: the record on the first sheet, each list on a sheet named after it.
void render_with_lists(std::ostream& out, Format format, const io::Table& record,
                       const std::vector<std::pair<std::string, io::Table>>& lists, bool bom = false);

// The same, row by row: CSV, JSON and TOML lists are written as the rows come, so a million
// rows never sit in memory; a table waits for every row (its widths need them). A workbook
// (cmd/xlsx.h) takes the rows as they come and is written out by finish().
class Renderer {
 public:
  // `header` gives the columns and record name; its rows are ignored.
  Renderer(std::ostream& out, Format format, io::Table header, Shape shape = Shape::kList, bool bom = false);
  ~Renderer();
  void row(const io::Row& row);
  void finish();
  std::size_t rows() const { return rows_; }

 private:
  std::ostream& out_;
  Format format_;
  io::Table table_;
  Shape shape_;
  void start();

  std::unique_ptr<io::CsvWriter> csv_;
  std::unique_ptr<io::SheetWriter> xlsx_;
  std::size_t rows_ = 0;
  bool started_ = false;
  bool bom_ = false;
  std::vector<std::pair<std::size_t, int>> personal_;  // column, privacy::Kind
  bool zh_ = false;                                    // Chinese headers and enum labels
};

}  // namespace kunqu::cli
