// Shared by the workbook readers: the errors a damaged, foreign or locked workbook raises, and
// Excel's numbers and dates — the General format, number formats that make a number a date,
// and date serials in both date systems.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "i18n/messages.h"
#include "io/text.h"
#include "workbook/internal.h"

namespace kunqu::workbook {

// --- errors ------------------------------------------------------------------------------

namespace {

// A workbook with a password to open is encrypted whole (.xlsx: an OLE2 EncryptedPackage;
// .xls: a FILEPASS record); only Excel with the password can read it.
constexpr const char* kEncryptedMessage =
    N_("the workbook has a password to open, and kunqu cannot read an encrypted workbook");
constexpr const char* kEncryptedHint =
    N_("open it in Excel, clear the password (文件 → 信息 → 保护工作簿 → 用密码进行加密) and save it as .xlsx "
       "(文件 → 另存为 → Excel 工作簿)");

}  // namespace

[[noreturn]] void fail(Diagnostic d) {
  std::string what = d.to_string();
  throw Error(ErrorKind::kInvalidData, what, {std::move(d)});
}

[[noreturn]] void damaged(const std::string& file, int row, std::string message, int column) {
  Diagnostic d{file, row, 0, "", std::move(message), tr("open the workbook in Excel or WPS and save it again")};
  d.cell = column;
  fail(std::move(d));
}

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
[[noreturn]] void refuse_password(const std::string& file) {
  fail(Diagnostic{file, 0, 0, "", tr(kEncryptedMessage), tr(kEncryptedHint)});
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
  s = io::trim_view(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

namespace {

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

}  // namespace

std::string clock_text(long long seconds) {
  return fmt::format("{:02d}:{:02d}:{:02d}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

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

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && io::to_lower_ascii(s.substr(0, prefix.size())) == prefix;
}

}  // namespace

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
      const std::string inside = io::to_lower_ascii(code.substr(i + 1, close - i - 1));
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
      if (i == 0 || io::to_lower_ascii(code.substr(i - 1, 1))[0] != lower) tokens += lower;
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

namespace {
const long long kDays1899_12_30 = days_from_civil(1899, 12, 30);
const long long kDays1899_12_31 = days_from_civil(1899, 12, 31);
const long long kDays1904_01_01 = days_from_civil(1904, 1, 1);
const long long kDays9999_12_31 = days_from_civil(9999, 12, 31);
}  // namespace

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

std::optional<IsoDate> parse_iso(std::string_view s) {
  IsoDate out;
  s = io::trim_view(s);
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
}  // namespace kunqu::workbook
