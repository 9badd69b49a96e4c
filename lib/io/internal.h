// The state of a RecordReader, which io/records.cpp (CSV and sheets) and the TOML module's
// lib/toml/records.cpp share. Serves those only (it is not installed).
#pragma once

#include <cstdint>
#include <cstdio>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "i18n/messages.h"
#include "io/csv.h"
#include "io/decoder.h"
#include "io/module.h"
#include "io/records.h"
#include "io/sheet.h"
#include "io/text.h"

namespace kunqu::io {

// A TOML document being read (toml++ stays in the TOML module, lib/toml/).
struct TomlDocument;
struct TomlDocumentDeleter {
  void operator()(TomlDocument* doc) const;
};

// Why a value cannot be a cell of an import (it is too long), or nullopt.
std::optional<std::string> oversized(const std::string& value);

struct RecordReader::Impl {
  std::string file_name;
  ReadOptions options;
  std::string sha;  // filled when first asked for, after reading
  std::string text;  // a TOML document, decoded

  std::unique_ptr<DecodingBuf> decoder;
  std::unique_ptr<std::istream> stream;  // decoded UTF-8

  // A workbook: its bytes (held whole: a zip is read from its end), and for .xls the temporary
  // copy libfreexl reads.
  std::string workbook;
  std::string temp_path;
  std::unique_ptr<SheetReader> sheet;
  std::string sheet_name;
  std::uint64_t workbook_bytes = 0;

  // Table state (CSV or a sheet)
  std::unique_ptr<CsvReader> csv;
  std::vector<std::optional<std::size_t>> header;  // column → field
  bool header_read = false;
  std::vector<bool> unnamed;  // header cells left blank, or ignored
  std::vector<std::string> header_names;  // as written, for problems at a cell
  // Columns headed like a sheet's own row numbers (序号): 0 not such a column; 1 not yet known
  // (its first value tells); 2 the sheet's row numbers, left out.
  std::vector<int> row_numbers;
  // The unit of money a header's note names ('开办资金（万元）'): bare numbers of the column are in it.
  std::vector<MoneyUnit> units;
  bool failed = false;
  std::vector<CsvField> cells;
  std::vector<std::string> refusals;  // a sheet's cells the reader refuses: why, by column
  int row_line = 0;
  int row = 0;  // the current row as a spreadsheet shows it (a CSV record's number)

  // TOML state (the TOML module's)
  std::unique_ptr<TomlDocument, TomlDocumentDeleter> toml;
  std::vector<Diagnostic> pending;  // document-level problems, reported with the first call

  ~Impl() {
    if (!temp_path.empty()) std::remove(temp_path.c_str());
  }

  Diagnostic diag(int line, int column, std::string field, std::string message, std::string hint = {}) const {
    Diagnostic d{file_name, line, column, std::move(field), std::move(message), std::move(hint)};
    if (sheet) {
      d.sheet = sheet_name;
      // A sheet's position is its row and column letter; a character column means nothing there.
      if (column > 0 && d.cell == 0) d.cell = column;
    }
    return d;
  }
  // A problem at table column `i` (0-based) of the current row.
  Diagnostic at_cell(std::size_t i, std::string field, std::string message, std::string hint = {}) const {
    Diagnostic d = diag(cells[i].line, cells[i].column, std::move(field), std::move(message), std::move(hint));
    d.cell = static_cast<int>(i + 1);
    d.row = row;
    if (i < header_names.size()) d.header = header_names[i];
    return d;
  }

  // What a problem at an unknown column or key suggests: the list of those this file may have.
  std::string columns_hint() const {
    if (options.table_name.empty()) return {};
    // TRANSLATORS: ‹help columns› is a command (kunqu help columns), {} a kind of file (org, payment …)
    return trf("‹help columns› {} lists the columns this file may have, with their Chinese headers", options.table_name);
  }

  // Why the cell of `field` cannot be stored, or nullopt: a control or format character.
  std::optional<std::string> forbidden(std::size_t field, const std::string& value) const {
    const bool lines = !options.several_lines || options.several_lines(field);
    if (auto c = forbidden_character(value, lines))
      return lines ? trf("holds the invisible or control character {}", describe_character(*c))
                   : trf("holds the invisible or control character {} (this column holds one line)",
                         describe_character(*c));
    return std::nullopt;
  }

  void open_workbook(std::istream& in);
  void open_toml();
  bool next_toml(RawRecord& record, std::vector<Diagnostic>& diagnostics);
  bool next_row();
  bool read_header(std::vector<Diagnostic>& diagnostics);
  bool next_table(RawRecord& record, std::vector<Diagnostic>& diagnostics);
  bool next_table_record(RawRecord& record, std::vector<Diagnostic>& diagnostics);
};

// What the TOML module (lib/toml/) gives a RecordReader: its entry point kunqu_toml_records()
// returns it (io/module.h). Its version changes whenever this does.
struct TomlRecordsModule {
  static constexpr int kVersion = 1;
  ModuleStamp stamp;
  void (*open)(RecordReader::Impl& impl);  // parses impl.text; problems of the whole in impl.pending
  bool (*next)(RecordReader::Impl& impl, RawRecord& record, std::vector<Diagnostic>& diagnostics);
  void (*free)(TomlDocument* doc);
};

}  // namespace kunqu::io
