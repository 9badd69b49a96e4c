// Spreadsheet workbooks as rows of cells: .xlsx (Office Open XML, read with libzip and expat;
// the sheet is streamed, so a 100,000-row sheet is never held whole) and .xls (BIFF, read whole
// with libfreexl: it holds at most 65,536 rows). What a workbook really is comes from its bytes,
// not its name, so a renamed, encrypted or foreign file is named for what it is.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace kunqu::io
