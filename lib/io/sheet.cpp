// Spreadsheet workbooks as rows of cells. A .xlsx is a zip of XML parts: libzip reads them from
// the bytes in memory and expat parses them, namespace-aware, so a document that writes
// <x:row> reads like one that writes <row>. The workbook, its relationships, shared strings and
// styles are small and read first; the sheet itself is inflated 64 KiB at a time and parsed as
// it comes, finished rows waiting in a short queue for next(). Merged ranges are listed after
// the cells, so a first, cheap pass over the sheet finds them before the second reads the
// cells. A .xls goes through libfreexl, which reads files and holds the whole workbook anyway.
#include "io/sheet.h"

#include <expat.h>
#include <fmt/format.h>
#include <freexl.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"

namespace kunqu::io {

namespace {

// --- limits ------------------------------------------------------------------------------

constexpr std::size_t kChunk = 64 * 1024;
// Parts read whole (workbook, relationships, shared strings, styles): far more than any real
// workbook needs, little enough that a zip bomb stops early.
constexpr std::uint64_t kMaxPartBytes = 256ull << 20;
// The sheet is streamed, so its size costs time, not memory: 4 GiB of XML is over a minute of
// parsing and more cells than Excel's 1,048,576 rows can hold in any sensible table.
constexpr std::uint64_t kMaxSheetBytes = 4ull << 30;
// Real XML deflates 10 to 100 times; past this ratio (once a part is large) it is a bomb.
constexpr std::uint64_t kMaxRatio = 1000;
constexpr std::uint64_t kRatioFloor = 64ull << 20;
// Excel holds at most 32,767 characters in a cell and 16,384 columns in a row; these guard
// memory against a hostile file, well past anything real.
constexpr std::size_t kMaxCellBytes = 1 << 20;
constexpr std::size_t kMaxRowBytes = 16 << 20;
// Rows waiting in the queue: past this, the parser is suspended until next() takes them.
constexpr std::size_t kMaxQueuedBytes = 16 << 20;
constexpr int kMaxColumn = 16384;
constexpr int kMaxRow = 1048576;
constexpr std::size_t kMaxMerges = 1 << 20;

// A date serial that is no day of the calendar: Excel's invented 1900-02-29 (serial 60, from
// Lotus 1-2-3's leap-year bug), a negative serial, one past 9999-12-31, or day 0 of the 1900
// system (which Excel shows as 1900-01-00). Excel shows ######## or a day that never was; a
// kError cell lets the caller report it at its place instead of storing a false date.
constexpr const char* kNoDate = "#DATE?";

// Expat joins a namespace URI and a local name with this; it can appear in neither.
constexpr XML_Char kNamespaceSeparator = '\x01';

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// --- errors ------------------------------------------------------------------------------

// A workbook with a password to open is encrypted whole (.xlsx: an OLE2 EncryptedPackage;
// .xls: a FILEPASS record); only Excel with the password can read it.
constexpr const char* kEncryptedMessage =
    N_("the workbook has a password to open, and kunqu cannot read an encrypted workbook");
constexpr const char* kEncryptedHint =
    N_("open it in Excel, clear the password (文件 → 信息 → 保护工作簿 → 用密码进行加密) and save it as .xlsx "
       "(文件 → 另存为 → Excel 工作簿)");

[[noreturn]] void fail(Diagnostic d) {
  std::string what = d.to_string();
  throw Error(ErrorKind::kInvalidData, what, {std::move(d)});
}

[[noreturn]] void damaged(const std::string& file, int row, std::string message, int column = 0) {
  Diagnostic d{file, row, 0, "", std::move(message), tr("open the workbook in Excel or WPS and save it again")};
  d.cell = column;
  fail(std::move(d));
}

// The index of the sheet named `sheet` among `names` (the first when `sheet` is empty); refused,
// naming the sheets there are, when there is none of that name.
std::size_t sheet_index(const std::vector<std::string>& names, const std::string& sheet, const std::string& file) {
  if (sheet.empty()) return 0;
  auto it = std::find(names.begin(), names.end(), sheet);
  if (it == names.end()) {
    std::string listed;
    for (const auto& n : names) listed += (listed.empty() ? "'" : ", '") + n + "'";
    fail(Diagnostic{file, 0, 0, "", trf("no sheet named '{}'; the workbook's sheets are {}", sheet, listed)});
  }
  return static_cast<std::size_t>(it - names.begin());
}

// Why a workbook of `kind` cannot be read by the reader for `wanted` (kXlsx or kXls).
[[noreturn]] void refuse_kind(WorkbookKind kind, WorkbookKind wanted, const std::string& file) {
  std::string message, hint;
  switch (kind) {
    case WorkbookKind::kXlsb:
      message = tr("an Excel binary workbook (.xlsb), which kunqu cannot read");
      hint = tr("save it as .xlsx (Excel: 文件 → 另存为 → Excel 工作簿)");
      break;
    case WorkbookKind::kOds:
      message = tr("an OpenDocument spreadsheet (.ods), which kunqu cannot read");
      hint = tr("save it as .xlsx (WPS or LibreOffice: 文件 → 另存为 → Excel 工作簿 (*.xlsx))");
      break;
    case WorkbookKind::kEncrypted:
      message = tr(kEncryptedMessage);
      hint = tr(kEncryptedHint);
      break;
    case WorkbookKind::kXls:
      if (wanted == WorkbookKind::kXlsx) {
        message = tr("an Excel 97–2003 workbook (.xls), not a .xlsx workbook");
        hint = tr("name it .xls, or save it from Excel or WPS as .xlsx (文件 → 另存为 → Excel 工作簿)");
      }
      break;
    case WorkbookKind::kXlsx:
      if (wanted == WorkbookKind::kXls) {
        message = tr("a .xlsx workbook, not an Excel 97–2003 workbook (.xls)");
        hint = tr("name it .xlsx");
      }
      break;
    case WorkbookKind::kOther:
      break;
  }
  if (message.empty()) {
    message = tr("not an Excel workbook (.xlsx or .xls)");
    hint = tr("save it from Excel or WPS as .xlsx (文件 → 另存为 → Excel 工作簿)");
  }
  fail(Diagnostic{file, 0, 0, "", std::move(message), std::move(hint)});
}

// --- numbers and dates -------------------------------------------------------------------

// The number as the General format shows it: 15 significant digits, trailing zeros dropped,
// plain from 1e-5 up to 1e15, else d.dddE+XX. to_chars is locale-independent.
std::string general_number(double v) {
  if (v == 0 || !std::isfinite(v)) return "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, 14);
  std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));  // "-1.23450000000000e+17"
  std::string out;
  if (s.front() == '-') {
    out += '-';
    s.remove_prefix(1);
  }
  const std::size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e))
    if (c != '.') digits += c;
  int exponent = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+'), s.data() + s.size(), exponent);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (exponent >= -5 && exponent < 15) {
    if (exponent < 0) {
      out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    } else {
      const auto whole = static_cast<std::size_t>(exponent) + 1;
      if (digits.size() <= whole) {
        out += digits + std::string(whole - digits.size(), '0');
      } else {
        out += digits.substr(0, whole) + '.' + digits.substr(whole);
      }
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += '.' + digits.substr(1);
  out += fmt::format("E{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
  return out;
}

std::optional<double> parse_number(std::string_view s) {
  s = trim_view(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
}

std::string clock_text(long long seconds) {
  return fmt::format("{:02d}:{:02d}:{:02d}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

// What a cell's number format makes of its number.
enum class Shown {
  kNumber,
  kDate,      // a day: "2013-02-14", with the time only when the number has one
  kDateTime,  // a day and a time of day: "2013-02-14 10:20:30"
  kTime,      // a time of day: "10:20:30" (with its day when the number holds one)
  kElapsed,   // [h]:mm:ss, a duration: "36:00:00"
};

Shown builtin_format(int id) {
  // The ids Excel reserves for dates and times; 27–36 and 50–58 are those of East Asian
  // locales (zh-CN: 27 is yyyy"年"m"月", 32 is h"时"mm"分").
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58)
    return Shown::kDate;
  if (id == 22) return Shown::kDateTime;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || id == 45 || id == 47 || id == 55 || id == 56)
    return Shown::kTime;
  if (id == 46) return Shown::kElapsed;
  return Shown::kNumber;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && to_lower_ascii(s.substr(0, prefix.size())) == prefix;
}

// A custom format code's kind, from its first section (the one for positive numbers). Date and
// time letters count outside quoted text, escapes (\x, _x, *x) and brackets; of the brackets,
// [h] [mm] [ss] are durations and [$-F800] / [$-F400] Windows' system date and time formats,
// while a locale ([$-804]), a currency ([$¥-804]), a colour or a condition hides no letters.
Shown custom_format(std::string_view code) {
  std::string tokens;  // one letter for each run: y m d h s, a for AM/PM
  bool elapsed = false, system_date = false, system_time = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (c == '"') {
      const std::size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      const std::size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const std::string inside = to_lower_ascii(code.substr(i + 1, close - i - 1));
      if (!inside.empty() && inside.find_first_not_of(inside[0]) == std::string::npos &&
          (inside[0] == 'h' || inside[0] == 'm' || inside[0] == 's')) {
        elapsed = true;
        tokens += inside[0];
      } else if (inside.find("f800") != std::string::npos || inside.find("x-sysdate") != std::string::npos) {
        system_date = true;
      } else if (inside.find("f400") != std::string::npos || inside.find("x-systime") != std::string::npos) {
        system_time = true;
      }
      i = close;
    } else if (c == ';') {
      break;
    } else if (lower == 'a' && (starts_with_nocase(code.substr(i), "am/pm") || starts_with_nocase(code.substr(i), "a/p"))) {
      tokens += 'a';
      i += starts_with_nocase(code.substr(i), "am/pm") ? 4 : 2;
    } else if (lower == 'y' || lower == 'm' || lower == 'd' || lower == 'h' || lower == 's') {
      if (i == 0 || to_lower_ascii(code.substr(i - 1, 1))[0] != lower) tokens += lower;
    }
  }
  bool has_date = system_date, has_time = system_time;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    switch (tokens[i]) {
      case 'm':
        // Minutes right after hours or right before seconds; a month anywhere else.
        if ((i > 0 && tokens[i - 1] == 'h') || (i + 1 < tokens.size() && tokens[i + 1] == 's'))
          has_time = true;
        else
          has_date = true;
        break;
      case 'y':
      case 'd': has_date = true; break;
      default: has_time = true; break;
    }
  }
  if (has_date) return has_time ? Shown::kDateTime : Shown::kDate;
  if (elapsed) return Shown::kElapsed;
  return has_time ? Shown::kTime : Shown::kNumber;
}

std::string day_text(long long days_since_1970) {
  long long y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days_since_1970, y, m, d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

const long long kDays1899_12_30 = days_from_civil(1899, 12, 30);
const long long kDays1899_12_31 = days_from_civil(1899, 12, 31);
const long long kDays1904_01_01 = days_from_civil(1904, 1, 1);
const long long kDays9999_12_31 = days_from_civil(9999, 12, 31);

// The text of a date serial shown as `shown`, or nullopt when it is no day (see kNoDate).
// 1900 system: serial 1 is 1900-01-01; Excel counts a 1900-02-29 (serial 60), so from serial
// 61 (1900-03-01) on, days count from 1899-12-30. 1904 system: serial 0 is 1904-01-01.
// Rounded to the second, as Excel shows it.
std::optional<std::string> serial_text(double serial, Shown shown, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 3e6) return std::nullopt;
  const auto total = std::llround(serial * 86400.0);
  const long long days = total / 86400, seconds = total % 86400;
  if (shown == Shown::kElapsed) return clock_text(total);
  // A number below one day shown as a time is a time of day (0.999999999 rounds to
  // "00:00:00", as Excel shows it); in the 1900 system day 0 holds no date, so a time there is
  // a time alone too.
  if (shown == Shown::kTime && serial < 1) return clock_text(total % 86400);
  if (days == 0 && !date1904 && seconds > 0) return clock_text(seconds);
  long long day = 0;
  if (date1904) {
    day = kDays1904_01_01 + days;
  } else {
    if (days == 0 || days == 60) return std::nullopt;
    day = (days < 60 ? kDays1899_12_31 : kDays1899_12_30) + days;
  }
  if (day > kDays9999_12_31) return std::nullopt;
  std::string text = day_text(day);
  if (seconds > 0 || shown == Shown::kDateTime || shown == Shown::kTime) text += ' ' + clock_text(seconds);
  return text;
}

// The serial number of a civil day and second, in the workbook's date system.
double serial_of(long long day, long long seconds, bool date1904) {
  long long days = date1904 ? day - kDays1904_01_01 : day - kDays1899_12_30;
  if (!date1904 && day < days_from_civil(1900, 3, 1)) --days;
  return static_cast<double>(days) + static_cast<double>(seconds) / 86400.0;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// An ISO 8601 date and/or time, as t="d" cells and libfreexl write them: "2013-02-14",
// "2013-02-14T10:20:30.5Z", "2013-02-14 10:20:30", "10:20:30". Days since 1970 (0 when there
// is no date), seconds into the day, and whether a date and a time are there.
struct IsoDate {
  long long day = 0;
  long long seconds = 0;
  bool has_date = false, has_time = false;
};

std::optional<IsoDate> parse_iso(std::string_view s) {
  IsoDate out;
  s = trim_view(s);
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    const auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
    if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
    const int mm = to_int(m), dd = to_int(d);
    if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return std::nullopt;
    out.day = days_from_civil(to_int(y), static_cast<unsigned>(mm), static_cast<unsigned>(dd));
    long long check_y = 0;
    unsigned check_m = 0, check_d = 0;
    civil_from_days(out.day, check_y, check_m, check_d);
    if (check_m != static_cast<unsigned>(mm)) return std::nullopt;  // 2013-02-30
    out.has_date = true;
    s.remove_prefix(10);
    if (s.empty()) return out;
    if (s[0] != 'T' && s[0] != ' ') return std::nullopt;
    s.remove_prefix(1);
  }
  if (s.size() < 5 || s[2] != ':' || !all_digits(s.substr(0, 2)) || !all_digits(s.substr(3, 2))) return std::nullopt;
  double seconds = 0;
  std::string_view rest = s.substr(5);
  if (!rest.empty() && rest[0] == ':') {
    std::size_t end = 1;
    while (end < rest.size() && ((rest[end] >= '0' && rest[end] <= '9') || rest[end] == '.')) ++end;
    auto sec = parse_number(rest.substr(1, end - 1));
    if (!sec || *sec >= 61) return std::nullopt;
    seconds = *sec;
    rest.remove_prefix(end);
  }
  // A zone (Z, +08:00) is dropped: the sheet shows the wall-clock time it was written with.
  if (!rest.empty() && rest[0] != 'Z' && rest[0] != '+' && rest[0] != '-') return std::nullopt;
  const int h = to_int(s.substr(0, 2)), mi = to_int(s.substr(3, 2));
  if (h > 23 || mi > 59) return std::nullopt;
  out.seconds = h * 3600 + mi * 60 + std::llround(seconds);
  if (out.seconds >= 86400) {
    out.seconds -= 86400;
    ++out.day;
  }
  out.has_time = true;
  return out;
}

// --- zip ---------------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// The archive in `bytes`, which it reads in place; null with `error` set when it is no zip.
Zip open_zip(std::string_view bytes, std::string& error) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : nullptr;
  if (!z) {
    error = zip_error_strerror(&ze);
    if (src) zip_source_free(src);
  }
  zip_error_fini(&ze);
  return Zip(z);
}

// The index of the entry `name`, matched exactly, else ignoring case (some writers spell
// xl/sharedStrings.xml their own way); -1 when there is none.
zip_int64_t locate(zip_t* z, const std::string& name) {
  zip_int64_t i = zip_name_locate(z, name.c_str(), 0);
  return i >= 0 ? i : zip_name_locate(z, name.c_str(), ZIP_FL_NOCASE);
}

WorkbookKind zip_kind(zip_t* z) {
  if (locate(z, "xl/workbook.xml") >= 0) return WorkbookKind::kXlsx;
  if (locate(z, "xl/workbook.bin") >= 0) return WorkbookKind::kXlsb;
  const zip_int64_t i = zip_name_locate(z, "mimetype", 0);
  if (i < 0) return WorkbookKind::kOther;
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0));
  if (!f) return WorkbookKind::kOther;
  char buf[128];
  const zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
  if (n <= 0) return WorkbookKind::kOther;
  return trim_view(std::string_view(buf, static_cast<std::size_t>(n))) == "application/vnd.oasis.opendocument.spreadsheet"
             ? WorkbookKind::kOds
             : WorkbookKind::kOther;
}

// One part of the archive, read in chunks, refused past `cap` bytes or a bomb's ratio.
class Part {
 public:
  Part(zip_t* z, std::string name, std::uint64_t cap, const std::string& file)
      : name_(std::move(name)), file_(file), cap_(cap) {
    const zip_int64_t i = locate(z, name_);
    if (i < 0) damaged(file_, 0, trf("the workbook is damaged: its part {} is missing", name_));
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) == 0) {
      if ((st.valid & ZIP_STAT_SIZE) && st.size > cap_) {
        read_ = st.size;
        too_large();
      }
      if (st.valid & ZIP_STAT_COMP_SIZE) compressed_ = st.comp_size;
    }
    f_.reset(zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0));
    if (!f_) unreadable(zip_error_strerror(zip_get_error(z)));
  }

  const std::string& name() const { return name_; }

  // Up to `size` bytes into `buf`; 0 at the end.
  std::size_t read(char* buf, std::size_t size, int row = 0) {
    const zip_int64_t n = zip_fread(f_.get(), buf, size);
    if (n < 0) unreadable(zip_error_strerror(zip_file_get_error(f_.get())), row);
    read_ += static_cast<std::uint64_t>(n);
    if (read_ > cap_ || (read_ > kRatioFloor && read_ / std::max<std::uint64_t>(compressed_, 1) > kMaxRatio))
      too_large(row);
    return static_cast<std::size_t>(n);
  }

 private:
  [[noreturn]] void too_large(int row = 0) const {
    damaged(file_, row,
            read_ > cap_ ? trf("the workbook is damaged or hostile: its part {} unpacks to more than {} MiB", name_, cap_ >> 20)
                         : trf("the workbook is damaged or hostile: its part {} unpacks to over {} times its packed size",
                               name_, kMaxRatio));
  }
  [[noreturn]] void unreadable(const char* why, int row = 0) const {
    damaged(file_, row, trf("the workbook is damaged: its part {} cannot be unpacked ({})", name_, why));
  }

  std::string name_;
  const std::string& file_;
  std::uint64_t cap_;
  std::uint64_t compressed_ = 0;
  std::uint64_t read_ = 0;
  std::unique_ptr<zip_file_t, ZipFileCloser> f_;
};

// --- XML ---------------------------------------------------------------------------------

// The local name of an expat name ("uri\x01row" or "row").
std::string_view local_name(const XML_Char* name) {
  const char* sep = std::strrchr(name, kNamespaceSeparator);
  return sep ? std::string_view(sep + 1) : std::string_view(name);
}

// The value of the attribute whose local name is `name`, or null.
const XML_Char* attribute(const XML_Char** attrs, std::string_view name) {
  for (; *attrs; attrs += 2)
    if (local_name(attrs[0]) == name) return attrs[1];
  return nullptr;
}

// Text as OOXML escapes it: _xHHHH_ is the UTF-16 code unit HHHH (how Excel writes a carriage
// return or another character XML cannot hold; a literal "_x0041_" is written "_x005F_x0041_").
std::string unescape_ooxml(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  auto unit_at = [&](std::size_t i) -> std::optional<unsigned> {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return std::nullopt;
    unsigned v = 0;
    auto res = std::from_chars(s.data() + i + 2, s.data() + i + 6, v, 16);
    if (res.ec != std::errc() || res.ptr != s.data() + i + 6) return std::nullopt;
    return v;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto unit = unit_at(i);
    if (!unit) {
      out += s[i++];
      continue;
    }
    char32_t cp = *unit;
    std::size_t used = 7;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      auto low = unit_at(i + 7);
      if (!low || *low < 0xDC00 || *low > 0xDFFF) {
        out += s[i++];
        continue;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
      used = 14;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      out += s[i++];
      continue;
    }
    append_utf8(out, cp);
    i += used;
  }
  return out;
}

// An expat parser for one part. Handlers run inside expat's C frames, so an exception thrown
// by one is caught there, the parser stopped, and the exception thrown again from feed().
class Xml {
 public:
  Xml(const std::string& file, std::string part) : file_(file), part_(std::move(part)) {
    p_ = XML_ParserCreateNS(nullptr, kNamespaceSeparator);
    if (!p_) throw std::bad_alloc();
    XML_SetUserData(p_, this);
    XML_SetElementHandler(p_, on_start, on_end);
    XML_SetCharacterDataHandler(p_, on_text);
    // A workbook has no DTD; one in a part can only be there to expand entities (a billion
    // laughs) or reach outside files, so none is read.
    XML_SetStartDoctypeDeclHandler(p_, on_doctype);
  }
  virtual ~Xml() { XML_ParserFree(p_); }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;

  // Parses `size` bytes, `last` when they end the part. False when a handler suspended the
  // parser (resume()); throws at an error.
  bool feed(const char* data, std::size_t size, bool last) {
    suspending_ = false;
    return check(XML_Parse(p_, data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE));
  }
  bool resume() {
    suspending_ = false;
    return check(XML_ResumeParser(p_));
  }

  // Reads the whole of `part`.
  void parse(Part& part) {
    std::vector<char> buf(kChunk);
    for (;;) {
      const std::size_t n = part.read(buf.data(), buf.size());
      feed(buf.data(), n, n == 0);
      if (n == 0) return;
    }
  }

 protected:
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view) {}
  virtual void text(const XML_Char*, int) {}
  // The sheet row being read, for messages; 0 elsewhere.
  virtual int row() const { return 0; }
  // Where the event being handled starts in the bytes fed, and how many bytes it spans.
  std::size_t byte_index() const { return static_cast<std::size_t>(std::max<XML_Index>(XML_GetCurrentByteIndex(p_), 0)); }
  std::size_t byte_count() const { return static_cast<std::size_t>(std::max(XML_GetCurrentByteCount(p_), 0)); }
  // Asks expat to return from feed() or resume() after this handler (once: expat refuses a
  // second request, and a few handlers may still run before it returns).
  void suspend() {
    if (!suspending_) XML_StopParser(p_, XML_TRUE);
    suspending_ = true;
  }

  const std::string& file_;
  std::string part_;

 private:
  bool check(XML_Status status) {
    if (pending_) std::rethrow_exception(pending_);
    if (status == XML_STATUS_SUSPENDED) return false;
    if (status == XML_STATUS_OK) return true;
    damaged(file_, row(),
            trf("the workbook is damaged: its part {} is not well-formed XML (line {}: {})", part_,
                XML_GetCurrentLineNumber(p_), XML_ErrorString(XML_GetErrorCode(p_))));
  }

  template <typename F>
  static void guarded(void* self, F&& f) {
    auto* x = static_cast<Xml*>(self);
    if (x->pending_) return;
    try {
      f(x);
    } catch (...) {
      x->pending_ = std::current_exception();
      XML_StopParser(x->p_, XML_FALSE);
    }
  }
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attrs) {
    guarded(self, [&](Xml* x) { x->start(local_name(name), attrs); });
  }
  static void XMLCALL on_end(void* self, const XML_Char* name) {
    guarded(self, [&](Xml* x) { x->end(local_name(name)); });
  }
  static void XMLCALL on_text(void* self, const XML_Char* s, int len) {
    guarded(self, [&](Xml* x) { x->text(s, len); });
  }
  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    guarded(self, [](Xml* x) {
      damaged(x->file_, x->row(),
              trf("the workbook is damaged or hostile: its part {} holds a document type declaration "
                  "(<!DOCTYPE>), which no workbook has",
                  x->part_));
    });
  }

  XML_Parser p_ = nullptr;
  std::exception_ptr pending_;
  bool suspending_ = false;
};

// Appends character data to `out`, refusing a cell past kMaxCellBytes.
void append_text(std::string& out, const XML_Char* s, int len, const std::string& file, int row, int column) {
  if (out.size() + static_cast<std::size_t>(len) > kMaxCellBytes)
    damaged(file, row, trf("the workbook is damaged: a cell holds more than {} bytes", kMaxCellBytes), column);
  out.append(s, static_cast<std::size_t>(len));
}

// --- the workbook's small parts ------------------------------------------------------------

struct SheetEntry {
  std::string name;
  std::string relationship;  // r:id
};

class WorkbookXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<SheetEntry> sheets;
  bool date1904 = false;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheet") {
      const XML_Char* n = attribute(attrs, "name");
      const XML_Char* id = attribute(attrs, "id");
      sheets.push_back({n ? n : "", id ? id : ""});
    } else if (name == "workbookPr") {
      const XML_Char* v = attribute(attrs, "date1904");
      date1904 = v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
    }
  }
};

struct Relationship {
  std::string type;
  std::string target;  // the part's name in the archive
};

// The name of the part a relationship of xl/workbook.xml points at: relative to xl/, or from
// the root when it starts with '/'.
std::string resolve_target(std::string_view target) {
  std::string path = target.substr(0, 1) == "/" ? std::string(target.substr(1)) : "xl/" + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& seg : parts) out += (out.empty() ? "" : "/") + seg;
  return out;
}

class RelsXml : public Xml {
 public:
  using Xml::Xml;
  std::map<std::string, Relationship> by_id;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    const XML_Char* id = attribute(attrs, "Id");
    const XML_Char* type = attribute(attrs, "Type");
    const XML_Char* target = attribute(attrs, "Target");
    const XML_Char* mode = attribute(attrs, "TargetMode");
    if (!id || !target || (mode && std::strcmp(mode, "External") == 0)) return;
    by_id[id] = {type ? type : "", resolve_target(target)};
  }
};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// <si> items: plain <t>, or rich text runs <r><t> joined; phonetic runs <rPh> left out.
class SharedStringsXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<std::string> strings;

 protected:
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_item_ = true;
      current_.clear();
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_item_ && phonetic_ == 0) {
      in_text_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "si") {
      strings.push_back(unescape_ooxml(std::move(current_)));
      current_.clear();
      in_item_ = false;
    } else if (name == "rPh") {
      if (phonetic_ > 0) --phonetic_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }
  void text(const XML_Char* s, int len) override {
    if (in_text_) append_text(current_, s, len, file_, 0, 0);
  }

 private:
  bool in_item_ = false, in_text_ = false;
  int phonetic_ = 0;
  std::string current_;
};

// cellXfs: the number format of each cell style, and the custom format codes.
class StylesXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<int> xf_formats;
  std::map<int, std::string> codes;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const XML_Char* id = attribute(attrs, "numFmtId");
      xf_formats.push_back(id ? to_int(id) : 0);
    } else if (name == "numFmt") {
      const XML_Char* id = attribute(attrs, "numFmtId");
      const XML_Char* code = attribute(attrs, "formatCode");
      if (id && code) codes[to_int(id)] = code;
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  bool in_cell_xfs_ = false;
};

// --- cell references ----------------------------------------------------------------------

// The column of a reference ("H3" → 8), or 0 when it is none.
int column_of(std::string_view ref) {
  int col = 0;
  std::size_t i = 0;
  for (; i < ref.size(); ++i) {
    char c = ref[i];
    if (c == '$') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
    if (col > kMaxColumn) return 0;
  }
  return col;
}

int row_of(std::string_view ref) {
  std::size_t i = ref.find_first_of("0123456789");
  if (i == std::string_view::npos) return 0;
  const std::string_view digits = ref.substr(i);
  if (!all_digits(digits) || digits.size() > 7) return 0;
  return to_int(digits);
}

// A merged range spanning rows: its top-left value fills the first column of the rows below.
struct Merge {
  int first_row, last_row, column;
};

class MergesXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<Merge> merges;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "mergeCell") return;
    const XML_Char* ref = attribute(attrs, "ref");
    if (!ref) return;
    std::string_view r(ref);
    const std::size_t colon = r.find(':');
    if (colon == std::string_view::npos) return;
    const int c1 = column_of(r.substr(0, colon)), r1 = row_of(r.substr(0, colon));
    const int r2 = row_of(r.substr(colon + 1));
    if (c1 == 0 || r1 == 0 || r2 <= r1) return;  // horizontal only: nothing to fill
    if (merges.size() >= kMaxMerges)
      damaged(file_, 0, trf("the workbook is damaged or hostile: a sheet holds more than {} merged ranges", kMaxMerges));
    merges.push_back({r1, r2, c1});
  }
};

// Where the root's start tag ends (0 until it is read).
class RootXml : public Xml {
 public:
  using Xml::Xml;
  std::size_t end = 0;

 protected:
  void start(std::string_view, const XML_Char**) override {
    if (end == 0) end = byte_index() + byte_count();
    suspend();
  }
};

// --- the sheet ----------------------------------------------------------------------------

std::size_t row_bytes(const SheetRow& row) {
  std::size_t n = 0;
  for (const auto& c : row.cells) n += c.text.size() + sizeof(SheetCell);
  return n;
}

class XlsxReader;

// The second pass: cells into rows, rows into the reader's queue.
class SheetXml : public Xml {
 public:
  SheetXml(const std::string& file, std::string part, XlsxReader& reader) : Xml(file, std::move(part)), reader_(reader) {}
  int row() const override { return row_.row; }

 protected:
  void start(std::string_view name, const XML_Char** attrs) override;
  void end(std::string_view name) override;
  void text(const XML_Char* s, int len) override {
    if (in_value_) append_text(value_, s, len, file_, row_.row, column_);
    else if (in_inline_text_) append_text(inline_, s, len, file_, row_.row, column_);
  }

 private:
  void finish_cell();
  [[noreturn]] void bad_cell(std::string message) const { damaged(file_, row_.row, std::move(message), column_); }

  XlsxReader& reader_;
  bool in_data_ = false, in_row_ = false, in_cell_ = false, in_value_ = false, in_inline_ = false,
       in_inline_text_ = false, has_inline_ = false;
  int phonetic_ = 0;
  SheetRow row_;
  std::size_t row_size_ = 0;
  int column_ = 0;
  std::string type_;
  int style_ = 0;
  std::string value_, inline_;
};

class XlsxReader : public SheetReader {
 public:
  XlsxReader(const std::string& bytes, const std::string& file_name, const std::string& sheet);

  bool next(SheetRow& row) override;
  const std::string& sheet_name() const override { return name_; }
  const std::vector<std::string>& sheet_names() const override { return names_; }

 private:
  friend class SheetXml;

  void read_styles(const std::string& part);
  void read_merges(const std::string& part);
  Shown shown(int style) const {
    return style >= 0 && static_cast<std::size_t>(style) < shown_.size() ? shown_[static_cast<std::size_t>(style)]
                                                                          : Shown::kNumber;
  }
  // A finished row from the sheet: merged values filled in, queued when it holds anything.
  void finish_row(SheetRow&& row);

  std::string file_;
  Zip zip_;
  std::vector<std::string> names_;
  std::string name_;
  bool date1904_ = false;
  std::vector<std::string> strings_;
  std::vector<Shown> shown_;  // by cell style

  std::vector<Merge> merges_;  // by first row
  std::size_t next_merge_ = 0;
  struct Filling {
    Merge merge;
    SheetCell value;
  };
  std::vector<Filling> filling_;

  std::unique_ptr<Part> part_;
  std::unique_ptr<SheetXml> xml_;
  std::vector<char> buf_;
  bool suspended_ = false, fed_last_ = false, done_ = false;
  std::exception_ptr pending_;
  std::deque<SheetRow> ready_;
  std::size_t queued_bytes_ = 0;
};

void SheetXml::start(std::string_view name, const XML_Char** attrs) {
  if (!in_data_) {
    if (name == "sheetData") in_data_ = true;
    return;
  }
  if (name == "row") {
    const XML_Char* r = attribute(attrs, "r");
    int number = row_.row + 1;
    if (r) {
      number = all_digits(r) && std::strlen(r) <= 7 ? to_int(r) : 0;
      if (number < 1 || number > kMaxRow)
        damaged(file_, row_.row, trf("the workbook is damaged: '{}' is not a row number", r));
    }
    row_.row = number;
    row_.cells.clear();
    row_size_ = 0;
    column_ = 0;
    in_row_ = true;
  } else if (name == "c" && in_row_) {
    const XML_Char* r = attribute(attrs, "r");
    if (r) {
      const int col = column_of(r);
      if (col == 0) bad_cell(trf("the workbook is damaged: '{}' is not a cell reference", r));
      column_ = col;
    } else {
      ++column_;
      if (column_ > kMaxColumn) bad_cell(trf("the workbook is damaged: a row holds more than {} columns", kMaxColumn));
    }
    const XML_Char* t = attribute(attrs, "t");
    type_ = t ? t : "n";
    const XML_Char* s = attribute(attrs, "s");
    style_ = s ? to_int(s) : 0;
    value_.clear();
    inline_.clear();
    has_inline_ = false;
    in_cell_ = true;
  } else if (in_cell_) {
    if (name == "v") {
      in_value_ = true;
    } else if (name == "is") {
      in_inline_ = has_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_inline_ && phonetic_ == 0) {
      in_inline_text_ = true;
    }
  }
}

void SheetXml::end(std::string_view name) {
  if (!in_data_) return;
  if (name == "sheetData") {
    in_data_ = false;
  } else if (name == "row" && in_row_) {
    in_row_ = false;
    reader_.finish_row(std::move(row_));
    row_.cells.clear();
    if (reader_.queued_bytes_ > kMaxQueuedBytes) suspend();
  } else if (name == "c" && in_cell_) {
    finish_cell();
    in_cell_ = in_value_ = in_inline_ = in_inline_text_ = false;
    phonetic_ = 0;
  } else if (name == "v") {
    in_value_ = false;
  } else if (name == "is") {
    in_inline_ = false;
  } else if (name == "rPh") {
    if (phonetic_ > 0) --phonetic_;
  } else if (name == "t") {
    in_inline_text_ = false;
  }
}

void SheetXml::finish_cell() {
  SheetCell cell;
  cell.column = column_;
  if (type_ == "s") {
    if (trim_view(value_).empty()) return;
    const auto index = parse_number(value_);
    if (!index || *index < 0 || *index != std::floor(*index) || *index >= static_cast<double>(reader_.strings_.size()))
      bad_cell(trf("the workbook is damaged: a cell refers to shared string {}, and the workbook holds {}",
                   std::string(trim_view(value_)), reader_.strings_.size()));
    cell.text = reader_.strings_[static_cast<std::size_t>(*index)];
  } else if (type_ == "inlineStr") {
    cell.text = unescape_ooxml(has_inline_ ? std::move(inline_) : std::move(value_));
  } else if (type_ == "str") {
    cell.text = unescape_ooxml(std::move(value_));
  } else if (type_ == "b") {
    const std::string_view v = trim_view(value_);
    if (v.empty()) return;
    cell.kind = SheetCell::Kind::kBool;
    if (v == "1" || v == "true") cell.text = "true";
    else if (v == "0" || v == "false") cell.text = "false";
    else bad_cell(trf("the workbook is damaged: a true-or-false cell holds '{}'", std::string(v)));
  } else if (type_ == "e") {
    cell.kind = SheetCell::Kind::kError;
    cell.text = std::string(trim_view(value_));
  } else if (type_ == "d") {
    if (trim_view(value_).empty()) return;
    const auto iso = parse_iso(value_);
    if (!iso) bad_cell(trf("the workbook is damaged: a date cell holds '{}'", value_));
    cell.kind = SheetCell::Kind::kDate;
    cell.number = serial_of(iso->day, iso->seconds, reader_.date1904_);
    if (!iso->has_date) {
      cell.text = clock_text(iso->seconds);
    } else {
      cell.text = day_text(iso->day);
      if (iso->has_time && (iso->seconds > 0 || reader_.shown(style_) == Shown::kDateTime))
        cell.text += ' ' + clock_text(iso->seconds);
    }
  } else {
    // "n", or a type this reader does not know, read as a number.
    if (trim_view(value_).empty()) return;
    const auto number = parse_number(value_);
    if (!number) bad_cell(trf("the workbook is damaged: a number cell holds '{}'", value_));
    cell.number = *number;
    const Shown shown = reader_.shown(style_);
    if (shown == Shown::kNumber) {
      cell.kind = SheetCell::Kind::kNumber;
      cell.text = general_number(*number);
    } else if (auto text = serial_text(*number, shown, reader_.date1904_)) {
      cell.kind = SheetCell::Kind::kDate;
      cell.text = std::move(*text);
    } else {
      cell.kind = SheetCell::Kind::kError;
      cell.text = kNoDate;
    }
  }
  if (cell.text.empty()) return;  // an empty string is an empty cell
  row_size_ += cell.text.size() + sizeof(SheetCell);
  if (row_size_ > kMaxRowBytes)
    bad_cell(trf("the workbook is damaged or hostile: a row holds more than {} MiB of text", kMaxRowBytes >> 20));
  row_.cells.push_back(std::move(cell));
}

XlsxReader::XlsxReader(const std::string& bytes, const std::string& file_name, const std::string& sheet)
    : file_(file_name), buf_(kChunk) {
  if (bytes.compare(0, kZipMagic.size(), kZipMagic) != 0) refuse_kind(workbook_kind(bytes), WorkbookKind::kXlsx, file_);
  std::string why;
  zip_ = open_zip(bytes, why);
  if (!zip_) damaged(file_, 0, trf("the workbook is damaged: not a readable zip archive ({})", why));
  if (const WorkbookKind kind = zip_kind(zip_.get()); kind != WorkbookKind::kXlsx)
    refuse_kind(kind, WorkbookKind::kXlsx, file_);

  WorkbookXml workbook(file_, "xl/workbook.xml");
  {
    Part part(zip_.get(), "xl/workbook.xml", kMaxPartBytes, file_);
    workbook.parse(part);
  }
  date1904_ = workbook.date1904;
  if (workbook.sheets.empty()) damaged(file_, 0, tr("the workbook is damaged: it lists no sheets"));
  for (const auto& s : workbook.sheets) names_.push_back(s.name);

  // Without relationships (a few hand-made writers), the parts sit at their usual names.
  RelsXml rels(file_, "xl/_rels/workbook.xml.rels");
  if (locate(zip_.get(), "xl/_rels/workbook.xml.rels") >= 0) {
    Part part(zip_.get(), "xl/_rels/workbook.xml.rels", kMaxPartBytes, file_);
    rels.parse(part);
  }
  auto by_type = [&](std::string_view tail, const std::string& usual) {
    for (const auto& [id, rel] : rels.by_id)
      if (ends_with(rel.type, tail)) return rel.target;
    return usual;
  };

  const std::size_t index = sheet_index(names_, sheet, file_);
  name_ = names_[index];
  std::string sheet_part = fmt::format("xl/worksheets/sheet{}.xml", index + 1);
  if (auto it = rels.by_id.find(workbook.sheets[index].relationship); it != rels.by_id.end()) {
    if (!ends_with(it->second.type, "/worksheet"))
      fail(Diagnostic{file_, 0, 0, "", trf("sheet '{}' is a chart or dialog sheet, not a table of cells", name_),
                      tr("name a sheet of cells with ‹sheet›")});
    sheet_part = it->second.target;
  }

  const std::string strings_part = by_type("/sharedStrings", "xl/sharedStrings.xml");
  if (locate(zip_.get(), strings_part) >= 0) {
    SharedStringsXml strings(file_, strings_part);
    Part part(zip_.get(), strings_part, kMaxPartBytes, file_);
    strings.parse(part);
    strings_ = std::move(strings.strings);
  }
  const std::string styles_part = by_type("/styles", "xl/styles.xml");
  if (locate(zip_.get(), styles_part) >= 0) read_styles(styles_part);

  read_merges(sheet_part);
  part_ = std::make_unique<Part>(zip_.get(), sheet_part, kMaxSheetBytes, file_);
  xml_ = std::make_unique<SheetXml>(file_, sheet_part, *this);
}

void XlsxReader::read_styles(const std::string& name) {
  StylesXml styles(file_, name);
  Part part(zip_.get(), name, kMaxPartBytes, file_);
  styles.parse(part);
  std::map<int, Shown> custom;
  for (const auto& [id, code] : styles.codes) custom[id] = custom_format(code);
  for (int id : styles.xf_formats) {
    // A workbook may give a built-in id a code of its own; the code then decides.
    auto it = custom.find(id);
    shown_.push_back(it != custom.end() ? it->second : builtin_format(id));
  }
}

// The first pass: merged ranges are listed after the cells, so the sheet is inflated once to
// find them. Only from <mergeCells> on is it parsed, behind the root's start tag (for its
// namespaces): parsing all the cells twice would cost 40% more time. A '<' before the name
// makes it markup, as text escapes '<'; should that tail not parse all the same (a comment
// quoting the tag), the whole sheet is parsed for its merges.
void XlsxReader::read_merges(const std::string& name) {
  constexpr std::string_view kWord = "mergeCells";
  constexpr std::size_t kOverlap = 256;  // for "<prefix:mergeCells" cut between two chunks
  auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
  };
  Part part(zip_.get(), name, kMaxSheetBytes, file_);
  std::string head;    // the first chunk: the prolog and the root's start tag
  std::string window;  // the end of the chunk before, then this chunk
  std::size_t from = std::string::npos;
  for (;;) {
    const std::size_t n = part.read(buf_.data(), buf_.size());
    if (n == 0) return;  // no merged ranges
    if (head.empty()) head.assign(buf_.data(), n);
    window.append(buf_.data(), n);
    for (std::size_t at = window.find(kWord); at != std::string::npos; at = window.find(kWord, at + 1)) {
      std::size_t lt = at;
      while (lt > 0 && name_char(window[lt - 1]) && at - lt < kOverlap / 2) --lt;
      if (lt > 0 && window[lt - 1] == '<') {
        from = lt - 1;
        break;
      }
    }
    if (from != std::string::npos) break;
    window.erase(0, window.size() - std::min(window.size(), kOverlap));
  }

  MergesXml merges(file_, name);
  bool parsed = false;
  RootXml root(file_, name);
  root.feed(head.data(), head.size(), false);
  if (root.end > 0 && root.end <= head.size()) {
    try {
      merges.feed(head.data(), root.end, false);
      merges.feed(window.data() + from, window.size() - from, false);
      for (;;) {
        const std::size_t n = part.read(buf_.data(), buf_.size());
        merges.feed(buf_.data(), n, n == 0);
        if (n == 0) break;
      }
      parsed = true;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidData) throw;
      // A Part error (damaged or oversized) is the sheet's and is thrown again below.
    }
  }
  if (!parsed) {
    MergesXml full(file_, name);
    Part again(zip_.get(), name, kMaxSheetBytes, file_);
    full.parse(again);
    merges.merges = std::move(full.merges);
  }
  merges_ = std::move(merges.merges);
  std::stable_sort(merges_.begin(), merges_.end(),
                   [](const Merge& a, const Merge& b) { return a.first_row < b.first_row; });
}

void XlsxReader::finish_row(SheetRow&& row) {
  auto& cells = row.cells;
  // Cells out of column order, or one column twice, happen only in hand-made files: sort them,
  // the last of a column winning.
  if (!std::is_sorted(cells.begin(), cells.end(), [](const SheetCell& a, const SheetCell& b) { return a.column < b.column; })) {
    std::stable_sort(cells.begin(), cells.end(), [](const SheetCell& a, const SheetCell& b) { return a.column < b.column; });
  }
  for (std::size_t i = 1; i < cells.size();) {
    if (cells[i].column == cells[i - 1].column) cells.erase(cells.begin() + static_cast<std::ptrdiff_t>(i - 1));
    else ++i;
  }
  auto find = [&](int column) {
    return std::lower_bound(cells.begin(), cells.end(), column,
                            [](const SheetCell& c, int col) { return c.column < col; });
  };
  // Ranges ended above this row stop filling; those starting here take their value.
  filling_.erase(std::remove_if(filling_.begin(), filling_.end(),
                                [&](const Filling& f) { return f.merge.last_row < row.row; }),
                 filling_.end());
  // A row holding nothing of its own is skipped even inside a merged range: the filled value
  // alone is no record.
  const bool empty = cells.empty();
  if (!empty) {
    for (const Filling& f : filling_) {
      if (f.merge.first_row >= row.row) continue;
      auto at = find(f.merge.column);
      if (at != cells.end() && at->column == f.merge.column) continue;
      SheetCell value = f.value;
      value.column = f.merge.column;
      cells.insert(at, std::move(value));
    }
  }
  for (; next_merge_ < merges_.size() && merges_[next_merge_].first_row <= row.row; ++next_merge_) {
    const Merge& m = merges_[next_merge_];
    if (m.first_row != row.row) continue;  // its top row held nothing
    auto at = find(m.column);
    if (at != cells.end() && at->column == m.column) filling_.push_back({m, *at});
  }
  if (empty) return;
  queued_bytes_ += row_bytes(row);
  ready_.push_back(std::move(row));
}

bool XlsxReader::next(SheetRow& row) {
  for (;;) {
    if (!ready_.empty()) {
      row = std::move(ready_.front());
      ready_.pop_front();
      queued_bytes_ -= std::min(queued_bytes_, row_bytes(row));
      return true;
    }
    // Rows read before an error are served first, so they can be checked and reported too.
    if (pending_) std::rethrow_exception(pending_);
    if (done_) return false;
    try {
      if (suspended_) {
        suspended_ = !xml_->resume();
      } else {
        const std::size_t n = part_->read(buf_.data(), buf_.size(), xml_->row());
        suspended_ = !xml_->feed(buf_.data(), n, n == 0);
        fed_last_ = n == 0;
      }
      // A last chunk the parser suspended in still has to be resumed to its end.
      done_ = fed_last_ && !suspended_;
    } catch (...) {
      pending_ = std::current_exception();
    }
  }
}

// --- .xls ---------------------------------------------------------------------------------

struct FreexlCloser {
  void operator()(const void* h) const { freexl_close(h); }
};

// The rows of one .xls sheet, read whole when it opens (a BIFF sheet holds at most 65,536).
class XlsReader : public SheetReader {
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

[[noreturn]] void refuse_password(const std::string& file) {
  fail(Diagnostic{file, 0, 0, "", tr(kEncryptedMessage), tr(kEncryptedHint)});
}

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

WorkbookKind workbook_kind(std::string_view bytes) {
  if (bytes.substr(0, kZipMagic.size()) == kZipMagic) {
    std::string why;
    Zip z = open_zip(bytes, why);
    return z ? zip_kind(z.get()) : WorkbookKind::kOther;
  }
  if (bytes.substr(0, kOleMagic.size()) == kOleMagic) {
    // The directory entry of an encrypted OOXML package: its name in UTF-16LE.
    static const std::string kEncrypted = [] {
      std::string s;
      for (char c : std::string_view("EncryptedPackage")) s += {c, '\0'};
      return s;
    }();
    return bytes.find(kEncrypted) != std::string_view::npos ? WorkbookKind::kEncrypted : WorkbookKind::kXls;
  }
  return WorkbookKind::kOther;
}

std::unique_ptr<SheetReader> open_xlsx(const std::string& bytes, const std::string& file_name,
                                       const std::string& sheet) {
  return std::make_unique<XlsxReader>(bytes, file_name, sheet);
}

std::unique_ptr<SheetReader> open_xls(const std::string& path, const std::string& file_name,
                                      const std::string& sheet) {
  return std::make_unique<XlsReader>(path, file_name, sheet);
}

}  // namespace kunqu::io
