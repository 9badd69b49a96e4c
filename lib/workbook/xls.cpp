// .xls workbooks (BIFF, Excel 97–2003) as rows of cells, through libfreexl, which reads files,
// not memory, and holds the whole workbook anyway: a BIFF sheet has at most 65,536 rows.
#include <freexl.h>

#include <fstream>
#include <sstream>

#include "i18n/messages.h"
#include "io/text.h"
#include "workbook/internal.h"

namespace kunqu::workbook {

namespace {

struct FreexlCloser {
  void operator()(const void* h) const { freexl_close(h); }
};

// The rows of one .xls sheet, read whole when it opens (a BIFF sheet holds at most 65,536).
class XlsReader : public io::SheetReader {
 public:
  XlsReader(const std::string& path, const std::string& file_name, const std::string& sheet);

  bool next(SheetRow& row) override {
    if (next_ >= rows_.size()) return false;
    row = std::move(rows_[next_++]);
    return true;
  }
  const std::string& sheet_name() const override { return name_; }
  const std::vector<std::string>& sheet_names() const override { return names_; }

 private:
  std::string file_;
  std::vector<std::string> names_;
  std::string name_;
  std::vector<SheetRow> rows_;
  std::size_t next_ = 0;
};

// What libfreexl could not open, named for what it is when it is no .xls.
[[noreturn]] void refuse_xls(const std::string& path, const std::string& file, int code) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw Error(ErrorKind::kIo, trf("unable to read '{}'", file));
  const WorkbookKind kind = workbook_kind(bytes.str());
  if (kind != WorkbookKind::kXls) refuse_kind(kind, WorkbookKind::kXls, file);
  fail(Diagnostic{file, 0, 0, "",
                  trf("the workbook is damaged or of a kind kunqu cannot read (libfreexl error {})", code),
                  tr("open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿)")});
}

XlsReader::XlsReader(const std::string& path, const std::string& file_name, const std::string& sheet)
    : file_(file_name) {
  const void* raw = nullptr;
  const int rc = freexl_open(path.c_str(), &raw);
  std::unique_ptr<const void, FreexlCloser> handle(raw);
  if (rc == FREEXL_FILE_NOT_FOUND) throw Error(ErrorKind::kIo, trf("unable to read '{}'", file_));
  unsigned int info = 0;
  if (raw && freexl_get_info(raw, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED)
    refuse_password(file_);
  if (rc != FREEXL_OK) refuse_xls(path, file_, rc);

  bool date1904 = false;
  if (freexl_get_info(raw, FREEXL_BIFF_DATEMODE, &info) == FREEXL_OK) date1904 = info == FREEXL_BIFF_DATEMODE_1904;
  unsigned int count = 0;
  if (freexl_get_info(raw, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
    damaged(file_, 0, tr("the workbook is damaged: it lists no sheets"));
  for (unsigned int i = 0; i < count && i <= 0xFFFF; ++i) {
    const char* name = nullptr;
    if (freexl_get_worksheet_name(raw, static_cast<unsigned short>(i), &name) != FREEXL_OK || !name) name = "";
    names_.emplace_back(name);
  }
  const std::size_t index = sheet_index(names_, sheet, file_);
  name_ = names_[index];
  if (freexl_select_active_worksheet(raw, static_cast<unsigned short>(index)) != FREEXL_OK)
    damaged(file_, 0, trf("the workbook is damaged: sheet '{}' cannot be read", name_));
  // libfreexl counts rows and columns here (2 rows: rows is 2), whatever its header says.
  unsigned int rows = 0;
  unsigned short columns = 0;
  if (freexl_worksheet_dimensions(raw, &rows, &columns) != FREEXL_OK)
    damaged(file_, 0, trf("the workbook is damaged: sheet '{}' cannot be read", name_));

  for (unsigned int r = 0; r < rows; ++r) {
    SheetRow row;
    row.row = static_cast<int>(r) + 1;
    for (unsigned short c = 0; c < columns; ++c) {
      FreeXL_CellValue v;
      if (freexl_get_cell_value(raw, r, c, &v) != FREEXL_OK)
        damaged(file_, row.row, tr("the workbook is damaged: a cell cannot be read"), c + 1);
      SheetCell cell;
      cell.column = c + 1;
      switch (v.type) {
        // libfreexl gives a true-or-false cell as the number 1 or 0, an error cell (#N/A) as
        // the number 1, and a formula's result not at all: it reads no formula records.
        case FREEXL_CELL_INT:
          cell.kind = SheetCell::Kind::kNumber;
          cell.number = v.value.int_value;
          cell.text = general_number(cell.number);
          break;
        case FREEXL_CELL_DOUBLE:
          cell.kind = SheetCell::Kind::kNumber;
          cell.number = v.value.double_value;
          cell.text = general_number(cell.number);
          break;
        case FREEXL_CELL_TEXT:
        case FREEXL_CELL_SST_TEXT:
          cell.text = v.value.text_value ? v.value.text_value : "";
          break;
        case FREEXL_CELL_DATE:
        case FREEXL_CELL_DATETIME:
        case FREEXL_CELL_TIME: {
          // "2013-02-14", "2013-02-14 10:20:30", "10:20:30": normalised, and the serial
          // number (which libfreexl does not give) computed back from them. libfreexl counts
          // Excel's 1900-02-29 too, which is no day (kNoDate); it shows serial 0 as 1900-01-01.
          const std::string text = v.value.text_value ? v.value.text_value : "";
          const auto iso = parse_iso(text);
          if (!iso) {
            cell.kind = SheetCell::Kind::kError;
            cell.text = kNoDate;
            break;
          }
          cell.kind = SheetCell::Kind::kDate;
          cell.number = iso->has_date ? serial_of(iso->day, iso->seconds, date1904)
                                       : static_cast<double>(iso->seconds) / 86400.0;
          cell.text = iso->has_date ? day_text(iso->day) : clock_text(iso->seconds);
          if (iso->has_date && iso->has_time && (iso->seconds > 0 || v.type == FREEXL_CELL_DATETIME))
            cell.text += ' ' + clock_text(iso->seconds);
          break;
        }
        default: continue;
      }
      if (!cell.text.empty()) row.cells.push_back(std::move(cell));
    }
    if (!row.cells.empty()) rows_.push_back(std::move(row));
  }
}

}  // namespace

std::unique_ptr<io::SheetReader> open_xls(const std::string& path, const std::string& file_name,
                                          const std::string& sheet) {
  return std::make_unique<XlsReader>(path, file_name, sheet);
}

}  // namespace kunqu::workbook
