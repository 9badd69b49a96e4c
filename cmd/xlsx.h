// Excel workbooks out (--format xlsx, -o FILE.xlsx), written with libxlsxwriter: cells of the
// columns' types — text never a number or a formula, so an 18-digit credit code or a leading
// zero survives; integers and money as numbers, dates as date cells — under a bold, frozen
// header, in columns as wide as their text. What kunqu writes here its import reads back
// unchanged (lib/io/sheet.cpp).
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "io/table.h"

namespace kunqu::cli {

// What every workbook of a command is made with. Set by cli::run for each command.
struct WorkbookSettings {
  std::string temp_dir = "/tmp";  // where it is made before its bytes are written out: $TMPDIR
  // Its creation time, UTC "YYYY-MM-DDTHH:MM:SSZ" ($KUNQU_NOW), stamped in it and on the parts
  // of its zip, so that the same registry and clock give the same bytes; empty: now.
  std::string created;
};
WorkbookSettings& workbook_settings();

// The name of a sheet holding records named `record_name` (a table's record_name: "org",
// "credit_event"): the record name itself, or with `zh` its Chinese word (“社会组织”), “数据”
// where there is none.
std::string sheet_name_for(const std::string& record_name, bool zh);

// One workbook, written sheet by sheet and row by row, in libxlsxwriter's constant-memory mode:
// rows leave memory as they come, but the first 200 of each sheet are held to measure its
// columns' widths. libxlsxwriter 1.1.4 writes only to a named file: the workbook is made in a
// private folder under workbook_settings().temp_dir and copied to `out` by finish(); the folder
// is removed either way.
class XlsxWriter {
 public:
  // Throws kunqu::Error(kIo) when the temporary folder cannot be made.
  explicit XlsxWriter(std::ostream& out);
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a sheet named `name` (made fit: at most 31 characters, none of []:*?/\, unlike the
  // names before it) with a header row of `headers`, one for each of `columns`, whose types say
  // what cells their values become.
  // REQUIRES: headers.size() == columns.size(); not finished.
  void sheet(const std::string& name, const std::vector<io::Column>& columns, const std::vector<std::string>& headers);
  // Adds a row to the current sheet: values as canonical text (io/table.h), nullopt an empty
  // cell. Throws kunqu::Error(kUsage) past the 1,048,576 rows a sheet holds, and
  // kunqu::Error(kInvalidData) for a text longer than the 32,767 characters a cell holds.
  // REQUIRES: sheet() called; not finished.
  void row(const io::Row& row);
  // Closes the workbook and writes its bytes to `out`. Throws kunqu::Error(kIo) when the
  // workbook cannot be written.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kunqu::cli
