// Spreadsheet workbooks as rows of cells: .xlsx (Office Open XML, read with libzip and expat;
// the sheet is streamed, so a 100,000-row sheet is never held whole) and .xls (BIFF, read whole
// with libfreexl: it holds at most 65,536 rows); and .xlsx written with libxlsxwriter. What a
// workbook really is comes from its bytes, not its name, so a renamed, encrypted or foreign
// file is named for what it is.
//
// The code that reads and writes workbooks, and the libraries it needs, are a module of their
// own (lib/workbook/, installed as LIBDIR/kunqu/kunqu-workbook.so) that these functions load
// on first use: loading libzip, expat, libfreexl and libxlsxwriter with their own libraries
// would slow the start of every command, and most never meet a workbook.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/module.h"
#include "io/table.h"

namespace kunqu::io {

// What the bytes of a file are.
enum class WorkbookKind {
  kXlsx,       // a zip holding xl/workbook.xml (Excel 2007 and later, WPS)
  kXls,        // an OLE2 compound file holding a BIFF workbook (Excel 97–2003)
  kXlsb,       // a zip holding xl/workbook.bin (Excel's binary workbook)
  kOds,        // a zip whose mimetype is application/vnd.oasis.opendocument.spreadsheet
  kEncrypted,  // an OLE2 file holding an EncryptedPackage: a workbook with a password to open
  kOther,      // anything else (CSV, TOML, a zip of something else, an empty file)
};
// Reads the first bytes, and for a zip or OLE2 file the names inside, never the whole content.
WorkbookKind workbook_kind(std::string_view bytes);

struct SheetCell {
  enum class Kind { kText, kNumber, kDate, kBool, kError };
  int column = 0;  // 1-based: A is 1
  Kind kind = Kind::kText;
  // kText: the text as the cell holds it. kNumber: the number as a spreadsheet shows it in the
  // General format: at most 15 significant digits, no exponent from 1e-5 up to 1e15 ("5000",
  // "12.5", "1234.56"), else "9.13E+17". kDate: "YYYY-MM-DD", then " HH:MM:SS" when the cell
  // has a time of day ("HH:MM:SS" alone for a time cell). kBool: "true" or "false". kError: the
  // error as the sheet shows it ("#N/A", "#VALUE!").
  std::string text;
  double number = 0;  // kNumber; kDate: the serial number
};

struct SheetRow {
  int row = 0;                   // 1-based, as the sheet shows it
  std::vector<SheetCell> cells;  // the cells holding something, in column order
};

class SheetReader {
 public:
  virtual ~SheetReader() = default;
  // The next row holding at least one cell; false at the end. Throws kunqu::Error(kInvalidData)
  // with a Diagnostic at the file (and the row, where known) when the workbook is damaged.
  virtual bool next(SheetRow& row) = 0;
  // The sheet being read, as its tab shows it.
  virtual const std::string& sheet_name() const = 0;
  // Every sheet of the workbook, in the order of its tabs.
  virtual const std::vector<std::string>& sheet_names() const = 0;
};

// Opens the sheet named `sheet` (the first sheet when empty) of the .xlsx workbook whose bytes
// are `bytes`, which must outlive the reader; `file_name` names it in messages. Throws
// kunqu::Error(kInvalidData) when the workbook is damaged or has no such sheet (naming those it
// has), or is not a .xlsx workbook (naming what it is).
std::unique_ptr<SheetReader> open_xlsx(const std::string& bytes, const std::string& file_name,
                                       const std::string& sheet);
// The same for a .xls workbook at `path` (libfreexl reads files, not memory).
std::unique_ptr<SheetReader> open_xls(const std::string& path, const std::string& file_name,
                                      const std::string& sheet);

// A .xlsx workbook being written, sheet by sheet and row by row, in libxlsxwriter's
// constant-memory mode: rows leave memory as they come, but the first 200 of each sheet are held
// to measure its columns' widths. Cells take the columns' types — text never a number or a
// formula, so an 18-digit credit code or a leading zero survives; integers and money as
// numbers, dates as date cells — under a bold, frozen header, in columns as wide as their
// text. What is written here open_xlsx reads back unchanged.
class SheetWriter {
 public:
  virtual ~SheetWriter() = default;
  // Starts a sheet named `name` (made fit: at most 31 characters, none of []:*?/\, unlike the
  // names before it) with a header row of `headers`, one for each of `columns`, whose types say
  // what cells their values become.
  // REQUIRES: headers.size() == columns.size(); not finished.
  virtual void sheet(const std::string& name, const std::vector<Column>& columns,
                     const std::vector<std::string>& headers) = 0;
  // Adds a row to the current sheet: values as canonical text (io/table.h), nullopt an empty
  // cell. Throws kunqu::Error(kUsage) past the 1,048,576 rows a sheet holds, and
  // kunqu::Error(kInvalidData) for a text longer than the 32,767 characters a cell holds.
  // REQUIRES: sheet() called; not finished.
  virtual void row(const Row& row) = 0;
  // Closes the workbook and writes its bytes out. Throws kunqu::Error(kIo) when the workbook
  // cannot be written.
  virtual void finish() = 0;
};

struct XlsxSettings {
  // libxlsxwriter 1.1.4 writes only to a named file: the workbook is made in a private folder
  // under this one, copied out by finish(), and the folder removed either way.
  std::string temp_dir = "/tmp";
  // Its creation time, UTC "YYYY-MM-DDTHH:MM:SSZ", stamped in it and on the parts of its zip,
  // so that the same data and clock give the same bytes; empty: now.
  std::string created;
};

// A workbook whose bytes go to `out` when it is finished. Throws kunqu::Error(kIo) when its
// temporary folder cannot be made.
std::unique_ptr<SheetWriter> new_xlsx_writer(std::ostream& out, const XlsxSettings& settings);

// What lib/workbook/ gives the functions above: the entry point of the module,
// kunqu_workbook_module(), returns it (io/module.h). Its version changes whenever this header
// does, so that a module left from another build is refused rather than called.
struct WorkbookModule {
  static constexpr int kVersion = 2;
  ModuleStamp stamp;
  WorkbookKind (*workbook_kind)(std::string_view bytes);
  std::unique_ptr<SheetReader> (*open_xlsx)(const std::string&, const std::string&, const std::string&);
  std::unique_ptr<SheetReader> (*open_xls)(const std::string&, const std::string&, const std::string&);
  std::unique_ptr<SheetWriter> (*new_xlsx_writer)(std::ostream&, const XlsxSettings&);
};

}  // namespace kunqu::io
