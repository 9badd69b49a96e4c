// .xlsx workbooks out, written with libxlsxwriter in constant-memory mode (io::SheetWriter).
#include <stdlib.h>
#include <time.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <set>

#include "error.h"
#include "i18n/messages.h"
#include "io/file.h"
#include "io/text.h"
#include "workbook/internal.h"

namespace kunqu::workbook {

namespace {

constexpr std::size_t kMeasuredRows = 200;  // the rows a sheet's column widths are measured on
constexpr std::size_t kMaxWidth = 60;       // a longer text is cut on the screen, never in the cell
constexpr std::size_t kSheetNameChars = 31;
constexpr std::size_t kNumberDigits = 15;  // what a spreadsheet keeps of a number
constexpr std::size_t kCellChars = 32767;  // what a cell holds

// Digits only, at least one.
bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Significant digits of a run of digits (leading zeros are none).
std::size_t significant(std::string_view s) {
  const std::size_t first = s.find_first_not_of('0');
  return first == std::string_view::npos ? 0 : s.size() - first;
}

// An integer's canonical text ('-42') as a number, when a spreadsheet keeps all its digits.
std::optional<double> whole_number(std::string_view s) {
  const bool negative = !s.empty() && s.front() == '-';
  const std::string_view d = s.substr(negative ? 1 : 0);
  if (!digits(d) || significant(d) > kNumberDigits) return std::nullopt;
  long long v = 0;
  if (std::from_chars(d.data(), d.data() + d.size(), v).ec != std::errc()) return std::nullopt;
  return static_cast<double>(negative ? -v : v);
}

// Money's canonical text ('1234.50') as a number of yuan, when a spreadsheet keeps all its digits.
// The fen are counted exactly as an integer, and divided once: the nearest double to the
// amount, which a spreadsheet shows (to its 15 digits) as the amount itself.
std::optional<double> money_number(std::string_view s) {
  const bool negative = !s.empty() && s.front() == '-';
  const std::string_view t = s.substr(negative ? 1 : 0);
  const std::size_t dot = t.find('.');
  if (dot == std::string_view::npos || t.size() - dot != 3) return std::nullopt;
  const std::string fen = std::string(t.substr(0, dot)) + std::string(t.substr(dot + 1));
  if (!digits(t.substr(0, dot)) || !digits(t.substr(dot + 1)) || significant(fen) > kNumberDigits) return std::nullopt;
  long long v = 0;
  if (std::from_chars(fen.data(), fen.data() + fen.size(), v).ec != std::errc()) return std::nullopt;
  return static_cast<double>(negative ? -v : v) / 100.0;
}

// A date's canonical text ('2015-06-30') as a date cell's day. Days before 1900-03-01 stay
// text: Excel's calendar starts in 1900 and counts a 29 February that year never had.
std::optional<lxw_datetime> day_of(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s.substr(0, 4)) || !digits(s.substr(5, 2)) ||
      !digits(s.substr(8, 2)))
    return std::nullopt;
  const int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
            d = std::stoi(std::string(s.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || (m == 2 && d == 29 && !leap)) return std::nullopt;
  if (y < 1900 || (y == 1900 && m < 3)) return std::nullopt;
  return lxw_datetime{y, m, d, 0, 0, 0};
}

// A UTC time "YYYY-MM-DDTHH:MM:SSZ" as seconds since the epoch; nullopt for anything else.
std::optional<std::time_t> utc_time(const std::string& text) {
  std::tm t{};
  char z = 0;
  if (text.size() != 20 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour, &t.tm_min,
                  &t.tm_sec, &z) != 7 ||
      z != 'Z')
    return std::nullopt;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  const std::time_t seconds = ::timegm(&t);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return seconds;
}

// Columns on the screen: of the widest line (a note may hold several).
std::size_t width_of(std::string_view text) {
  std::size_t widest = 0;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    widest = std::max(widest, io::display_width(text.substr(at, end - at)));
    at = end + 1;
  }
  return widest;
}

// `s` cut to its first `n` characters.
std::string first_characters(const std::string& s, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t count = 0; at < s.size() && count < n; ++count) {
    ++at;
    while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) ++at;
  }
  return s.substr(0, at);
}

// `name` as a sheet may be named: none of []:*?/\, no apostrophe first or last, at most 31
// characters, and unlike every name in `taken` (as Excel compares them, ignoring case).
std::string fit_sheet_name(const std::string& name, std::set<std::string>& taken) {
  std::string clean;
  for (char c : name) clean += c != '\0' && std::strchr("[]:*?/\\", c) ? '_' : c;
  while (!clean.empty() && clean.front() == '\'') clean.erase(0, 1);
  while (!clean.empty() && clean.back() == '\'') clean.pop_back();
  if (clean.empty()) clean = "Sheet";
  std::string fitted = first_characters(clean, kSheetNameChars);
  for (int n = 2; taken.count(io::to_lower_ascii(fitted)); ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    fitted = first_characters(clean, kSheetNameChars - suffix.size()) + suffix;
  }
  taken.insert(io::to_lower_ascii(fitted));
  return fitted;
}

// The workbook being made, and the sheet being written.
struct Workbook {
  explicit Workbook(std::ostream& out) : out(out) {}
  // The workbook dropped and its folder removed, whether it was written out, refused or never
  // made whole (a constructor that throws runs no destructor of its own, but this one's).
  ~Workbook() {
    if (book) lxw_workbook_free(book);
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  std::ostream& out;
  std::string dir;  // the private folder the workbook is made in
  std::string path;
  lxw_workbook* book = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* money = nullptr;
  lxw_format* date = nullptr;
  std::set<std::string> names;

  lxw_worksheet* sheet = nullptr;
  std::vector<io::Column> columns;
  std::vector<std::string> headers;
  std::vector<io::Row> held;  // the first rows, held until the widths are known
  bool measuring = false;
  lxw_row_t next = 0;  // the row the next values go to

  [[noreturn]] void failed(lxw_error e) const {
    throw Error(ErrorKind::kIo, trf("cannot make the workbook in '{}': {}", dir, lxw_strerror(e)));
  }

  void cell(lxw_col_t c, const std::string& value) {
    const io::Column& column = columns[c];
    lxw_error e = LXW_NO_ERROR;
    std::optional<double> number;
    std::optional<lxw_datetime> day;
    if (column.type == io::ColumnType::kInteger && (number = whole_number(value))) {
      e = worksheet_write_number(sheet, next, c, *number, nullptr);
    } else if (column.type == io::ColumnType::kMoney && (number = money_number(value))) {
      e = worksheet_write_number(sheet, next, c, *number, money);
    } else if (column.type == io::ColumnType::kDate && (day = day_of(value))) {
      e = worksheet_write_datetime(sheet, next, c, &*day, date);
    } else {
      // Text (a boolean too, as true/false or 是/否): a string, never a formula or a number.
      if (io::code_points(value) > kCellChars)
        throw Error(ErrorKind::kInvalidData,
                    trf("a value of the column {} holds {} characters, more than the {} a spreadsheet cell holds; "
                        "export as CSV instead",
                        headers[c], io::code_points(value), kCellChars));
      e = worksheet_write_string(sheet, next, c, value.c_str(), nullptr);
    }
    if (e != LXW_NO_ERROR) failed(e);
  }

  void write(const io::Row& row) {
    if (next >= LXW_ROW_MAX)
      throw Error(
          ErrorKind::kUsage,
          trf("a sheet holds at most {} rows, and this has more: export as CSV instead", LXW_ROW_MAX - 1));
    for (std::size_t c = 0; c < columns.size() && c < row.size(); ++c)
      if (row[c] && !row[c]->empty()) cell(static_cast<lxw_col_t>(c), *row[c]);
    ++next;
  }

  // The widths from the header and the rows held, then the header and those rows.
  void release() {
    if (!measuring) return;
    measuring = false;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::size_t w = width_of(headers[c]);
      for (const auto& row : held)
        if (c < row.size() && row[c]) w = std::max(w, width_of(*row[c]));
      const auto col = static_cast<lxw_col_t>(c);
      if (lxw_error e = worksheet_set_column(sheet, col, col, static_cast<double>(std::min(w + 2, kMaxWidth)), nullptr))
        failed(e);
      if (lxw_error e = worksheet_write_string(sheet, 0, col, headers[c].c_str(), bold)) failed(e);
    }
    next = 1;
    for (const auto& row : held) write(row);
    held.clear();
  }
};

class XlsxWriter : public io::SheetWriter {
 public:
  XlsxWriter(std::ostream& out, const io::XlsxSettings& settings);
  ~XlsxWriter() override;
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  void sheet(const std::string& name, const std::vector<io::Column>& columns,
             const std::vector<std::string>& headers) override;
  void row(const io::Row& row) override;
  void finish() override;

 private:
  // Made first, so that its destructor removes the folder when the constructor throws.
  Workbook w_;
};

XlsxWriter::XlsxWriter(std::ostream& out, const io::XlsxSettings& settings) : w_(out) {
  Workbook& w = w_;
  std::string pattern = settings.temp_dir + "/kunqu-xlsx-XXXXXX";
  if (!::mkdtemp(pattern.data()))
    throw Error(ErrorKind::kIo,
                trf("cannot make a folder for the workbook in '{}': {}", settings.temp_dir, io::reason(errno)));
  w.dir = pattern;
  w.path = w.dir + "/workbook.xlsx";
  // Constant memory: each row leaves memory once the next begins (rows come in order here).
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = w.dir.data();
  w.book = workbook_new_opt(w.path.c_str(), &options);
  if (!w.book) w.failed(LXW_ERROR_MEMORY_MALLOC_FAILED);
  if (auto created = utc_time(settings.created)) {
    lxw_doc_properties properties{};
    properties.created = *created;
    if (lxw_error e = workbook_set_properties(w.book, &properties)) w.failed(e);
  }
  w.bold = workbook_add_format(w.book);
  format_set_bold(w.bold);
  w.money = workbook_add_format(w.book);
  format_set_num_format(w.money, "0.00");
  w.date = workbook_add_format(w.book);
  format_set_num_format(w.date, "yyyy-mm-dd");
}

XlsxWriter::~XlsxWriter() = default;

void XlsxWriter::sheet(const std::string& name, const std::vector<io::Column>& columns,
                       const std::vector<std::string>& headers) {
  Workbook& w = w_;
  w.release();
  const std::string fitted = fit_sheet_name(name, w.names);
  w.sheet = workbook_add_worksheet(w.book, fitted.c_str());
  if (!w.sheet) w.failed(LXW_ERROR_SHEETNAME_ALREADY_USED);
  worksheet_freeze_panes(w.sheet, 1, 0);
  w.columns = columns;
  w.headers = headers;
  w.measuring = true;
  w.next = 1;
}

void XlsxWriter::row(const io::Row& row) {
  Workbook& w = w_;
  if (!w.measuring) return w.write(row);
  w.held.push_back(row);
  if (w.held.size() >= kMeasuredRows) w.release();
}

void XlsxWriter::finish() {
  Workbook& w = w_;
  w.release();
  lxw_workbook* book = w.book;
  w.book = nullptr;  // closed, and freed, whatever workbook_close says
  if (lxw_error e = workbook_close(book)) w.failed(e);
  std::ifstream in(w.path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, trf("cannot read the workbook made in '{}'", w.dir));
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) w.out.write(buf, in.gcount());
  if (in.bad()) throw Error(ErrorKind::kIo, trf("cannot read the workbook made in '{}'", w.dir));
  w.out.flush();
}

}  // namespace

std::unique_ptr<io::SheetWriter> new_xlsx_writer(std::ostream& out, const io::XlsxSettings& settings) {
  return std::make_unique<XlsxWriter>(out, settings);
}

}  // namespace kunqu::workbook
