// Scalar parsers for dates, money (integer fen), counts and booleans.
#include "validate/values.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "i18n/messages.h"
#include "io/text.h"

namespace kunqu::validate {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

template <typename T>
Parsed<T> fail(std::string error, std::string hint = {}) {
  Parsed<T> p;
  p.error = std::move(error);
  p.hint = std::move(hint);
  return p;
}

template <typename T>
Parsed<T> ok(T value) {
  Parsed<T> p;
  p.value = std::move(value);
  return p;
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

namespace {

// The numbers of a date written with separators: "2013/2/14" → {2013, 2, 14} and "//".
struct DateParts {
  std::vector<std::string> numbers;
  std::string separators;
};

// Splits `s` into runs of digits and the single separators between them; nullopt when anything
// else is there (two separators running, a letter, a sign).
std::optional<DateParts> date_parts(std::string_view s) {
  DateParts parts;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i) return std::nullopt;
    parts.numbers.emplace_back(s.substr(i, j - i));
    if (j == s.size()) break;
    std::string_view rest = s.substr(j);
    std::size_t width = 0;
    for (std::string_view sep : {"年", "月", "日"})
      if (rest.substr(0, sep.size()) == sep) width = sep.size();
    if (!width && (rest[0] == '-' || rest[0] == '/' || rest[0] == '.')) width = 1;
    if (!width) return std::nullopt;
    parts.separators += std::string(rest.substr(0, width));
    i = j + width;
    if (i == s.size() && rest.substr(0, width) == "日") break;
  }
  return parts;
}

// A time of day after a date, as spreadsheets and databases add it ("2013/2/14 0:00",
// "2013-02-14 00:00:00", "2013-02-14T00:00"): the date alone, and whether the time was midnight.
std::string_view strip_time(std::string_view s, bool& had_time, bool& midnight) {
  had_time = false;
  midnight = true;
  auto cut = s.find_first_of(" T");
  if (cut == std::string_view::npos) return s;
  std::string_view time = io::trim_view(s.substr(cut + 1));
  std::string_view date = io::trim_view(s.substr(0, cut));
  if (time.empty() || time.find(':') == std::string_view::npos) return s;
  for (char c : time)
    if (!((c >= '0' && c <= '9') || c == ':' || c == '.')) return s;
  had_time = true;
  for (char c : time)
    if (c >= '1' && c <= '9') midnight = false;
  return date;
}

}  // namespace

Parsed<std::string> parse_date(std::string_view raw) {
  // YYYY-MM-DD, the form a registry stores and most files hold, taken as it stands when it is
  // a day of the years accepted; any other text goes the long way, which words what is wrong.
  if (const std::string_view s = io::trim_view(raw); s.size() == 10 && s[4] == '-' && s[7] == '-') {
    const auto number = [&](std::size_t from, std::size_t digits) {
      int v = 0;
      for (std::size_t i = from; i < from + digits; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
      }
      return v;
    };
    const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m)) return ok(std::string(s));
  }
  const std::string text = io::trim(raw);
  // Full-width digits and separators (２０１３／２／１４), as Chinese input methods type them.
  const std::string folded = io::fold_width(text);
  std::string_view s = folded;
  bool had_time = false, midnight = true;
  s = strip_time(s, had_time, midnight);
  auto parts = date_parts(s);
  auto not_a_date = [&](std::string hint = {}) {
    return fail<std::string>(trf("'{}' is not a date (YYYY-MM-DD)", text), std::move(hint));
  };
  if (!parts) {
    if (s.find("年") != std::string_view::npos || s.find('/') != std::string_view::npos)
      return not_a_date(tr("write dates as YYYY-MM-DD, e.g. 2015-06-30"));
    return not_a_date();
  }
  const auto& n = parts->numbers;
  if (n.size() == 1) {
    // Excel's serial day numbers: 42170 is 2015-06-15 (counted from 1899-12-30).
    if (n[0].size() == 5) {
      const std::string day = add_days("1899-12-30", to_int(n[0]));
      return not_a_date(trf("if this is a spreadsheet's serial number for a date, it is {}; format the column as a date "
                            "or as text (YYYY-MM-DD)",
                            day));
    }
    if (n[0].size() == 8)
      return not_a_date(trf("write the date with separators: '{}-{}-{}'", n[0].substr(0, 4), n[0].substr(4, 2), n[0].substr(6, 2)));
    return not_a_date();
  }
  const std::string& seps = parts->separators;
  const bool chinese = seps.rfind("年", 0) == 0;
  if (n.size() != 3 || !(seps == "--" || seps == "//" || seps == ".." || seps == "年月日" || seps == "年月"))
    return not_a_date(chinese ? tr("write dates as YYYY-MM-DD, e.g. 2015-06-30") : std::string());
  for (const auto& part : n)
    if (part.size() > 4) return not_a_date();
  if (n[0].size() != 4) {
    // Day or month first, or a year of two digits: which is which cannot be known.
    if (n[2].size() == 4 && !chinese) {
      const int a = to_int(n[0]), b = to_int(n[1]);
      const std::string year = n[2];
      if (a >= 1 && b >= 1 && a <= 31 && b <= 31) {
        std::vector<std::string> readings;
        if (a <= 12 && b <= days_in_month(to_int(year), a))
          readings.push_back(fmt::format("{}-{:02d}-{:02d}", year, a, b));
        if (b <= 12 && a != b && a <= days_in_month(to_int(year), b))
          readings.push_back(fmt::format("{}-{:02d}-{:02d}", year, b, a));
        if (readings.size() == 2)
          return not_a_date(trf("the day and the month cannot be told apart: write the year first, '{}' or '{}'",
                                readings[0], readings[1]));
        if (readings.size() == 1) return not_a_date(trf("write the year first: '{}'", readings[0]));
      }
      return not_a_date(tr("write the year first: YYYY-MM-DD"));
    }
    return not_a_date(tr("write the year with four digits: YYYY-MM-DD"));
  }
  if (n[1].size() > 2 || n[2].size() > 2) return not_a_date();
  if (had_time && !midnight)
    return not_a_date(tr("a date has no time of day: write the date alone (YYYY-MM-DD)"));
  const int y = to_int(n[0]), m = to_int(n[1]), d = to_int(n[2]);
  if (y < 1900 || y > 2199) return fail<std::string>(trf("year {} is out of range", y));
  if (m < 1 || m > 12) return fail<std::string>(trf("'{}' has no month {}", text, m));
  if (d < 1 || d > days_in_month(y, m))
    return fail<std::string>(trf("'{}' is not a date: {}-{:02d} has {} days", text, y, m, days_in_month(y, m)));
  return ok(fmt::format("{:04d}-{:02d}-{:02d}", y, m, d));
}

Parsed<std::int64_t> parse_money(std::string_view raw) {
  const std::string original = io::trim(raw);
  // Full-width digits, commas and points, and the spaces registers leave before a unit
  // ('800.00 万元').
  std::string text;
  for (char c : io::fold_width(original))
    if (c != ' ') text += c;
  if (text.find("元") != std::string::npos && text.find("万元") != std::string::npos &&
      text.find("元") < text.find("万元"))
    return fail<std::int64_t>(trf("'{}' names two units, yuan and 万 yuan", original),
                              tr("write the amount in yuan (250000.00) or in 万 yuan (25万), not both"));
  std::string_view s = text;
  auto strip_prefix = [&](std::string_view p) {
    if (s.substr(0, p.size()) == p) s.remove_prefix(p.size());
  };
  strip_prefix("¥");
  strip_prefix("￥");
  // One number and at most one unit: 元, 万 or 万元 ('5万万' and '1元万' are not money).
  bool wan = false;
  auto strip_suffix = [&](std::string_view unit) {
    if (s.size() < unit.size() || s.substr(s.size() - unit.size()) != unit) return false;
    s.remove_suffix(unit.size());
    return true;
  };
  if (strip_suffix("万元") || strip_suffix("万")) wan = true;
  else strip_suffix("元");
  if (s.empty()) return fail<std::int64_t>(trf("'{}' is not an amount of money", original));
  if (s[0] == '-') return fail<std::int64_t>(trf("'{}' is negative", original));

  // Thousands separators only in groups of three ('1,250,000.50'): '1,25' is a decimal
  // comma, and reading it as 125 would be a hundredfold error.
  {
    auto point = s.find('.');
    std::string_view intpart = s.substr(0, point);
    if (intpart.find(',') != std::string_view::npos) {
      std::size_t first = intpart.find(',');
      bool ok = first >= 1 && first <= 3;
      for (std::size_t i = first; ok && i < intpart.size(); i += 4)
        ok = intpart[i] == ',' && i + 3 < intpart.size() && all_digits(intpart.substr(i + 1, 3)) &&
             (i + 4 == intpart.size() || intpart[i + 4] == ',');
      if (!ok)
        return fail<std::int64_t>(trf("'{}' is not an amount of money (yuan, e.g. 250000.00 or 25万)", original),
                                  tr("commas may only separate thousands (1,250,000.50); a decimal comma must be a point"));
    }
  }
  std::string whole, frac;
  bool seen_point = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      (seen_point ? frac : whole) += c;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (c == ',' && !seen_point && !whole.empty()) {
      // thousands separators, as spreadsheets show them
    } else if ((c == 'e' || c == 'E') && !whole.empty()) {
      return fail<std::int64_t>(trf("'{}' is not an amount of money", original),
                                tr("a spreadsheet wrote the amount in scientific notation; format the column as a number with 2 decimals"));
    } else {
      return fail<std::int64_t>(trf("'{}' is not an amount of money (yuan, e.g. 250000.00 or 25万)", original));
    }
  }
  if (whole.empty() && frac.empty())
    return fail<std::int64_t>(trf("'{}' is not an amount of money", original));
  // Scale to fen: yuan need <= 2 decimals; 万 yuan <= 6 (10,000 yuan = 1,000,000 fen).
  const std::size_t places = wan ? 6 : 2;
  while (frac.size() > places && frac.back() == '0') frac.pop_back();
  if (frac.size() > places)
    return fail<std::int64_t>(trf("'{}' has more decimals than whole fen allow", original),
                              tr("money has at most two decimals (fen)"));
  frac.append(places - frac.size(), '0');
  std::string digits = whole + frac;
  std::size_t start = digits.find_first_not_of('0');
  if (start == std::string::npos) return ok<std::int64_t>(0);
  digits = digits.substr(start);
  if (digits.size() > 17) return fail<std::int64_t>(trf("'{}' is too large", original));  // kMaxMoney
  std::int64_t fen = 0;
  for (char c : digits) fen = fen * 10 + (c - '0');
  return ok(fen);
}

std::string format_money(std::int64_t fen) {
  const char* sign = fen < 0 ? "-" : "";
  std::uint64_t a = fen < 0 ? static_cast<std::uint64_t>(-(fen + 1)) + 1 : static_cast<std::uint64_t>(fen);
  return fmt::format("{}{}.{:02d}", sign, a / 100, a % 100);
}

Parsed<std::int64_t> parse_count(std::string_view raw) {
  std::string text = io::trim(raw);
  if (!all_digits(text)) {
    if (!text.empty() && text[0] == '-') return fail<std::int64_t>(trf("'{}' is negative", text));
    return fail<std::int64_t>(trf("'{}' is not a whole number", text));
  }
  if (text.size() > 12) return fail<std::int64_t>(trf("'{}' is too large", text));
  std::int64_t v = 0;
  for (char c : text) v = v * 10 + (c - '0');
  return ok(v);
}

Parsed<bool> parse_bool(std::string_view raw) {
  std::string text = io::to_lower_ascii(io::trim(raw));
  if (text == "true" || text == "yes" || text == "y" || text == "1" || text == "是" || text == "有")
    return ok(true);
  if (text == "false" || text == "no" || text == "n" || text == "0" || text == "否" || text == "无")
    return ok(false);
  return fail<bool>(trf("'{}' is not yes or no (true/false, 是/否)", text));
}

namespace {

// Days since 1970-01-01 of a civil date, and back (the proleptic Gregorian calendar).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp + (mp < 10 ? 3 : -9);
  const long y = yoe + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace

std::string add_months(const std::string& date, int months) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  d = std::min(d, days_in_month(y, m));
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string add_days(const std::string& date, int days) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  return civil_from_days(days_from_civil(y, m, d) + days);
}

namespace {

std::optional<std::string> shift_by_span(const std::string& date, std::string_view span, int sign) {
  if (!is_span(span)) return std::nullopt;
  int n = sign * std::stoi(std::string(span.substr(0, span.size() - 1)));
  std::string out;
  switch (span.back()) {
    case 'd': out = add_days(date, n); break;
    case 'm': out = add_months(date, n); break;
    default: out = add_months(date, 12 * n);
  }
  // A date kunqu computes is one it accepts: it can be exported and imported again.
  if (!parse_date(out)) return std::nullopt;
  return out;
}

}  // namespace

bool is_span(std::string_view span) {
  if (span.size() < 2 || span.size() > 5) return false;
  std::string_view digits = span.substr(0, span.size() - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return false;
  return span.back() == 'd' || span.back() == 'm' || span.back() == 'y';
}

std::optional<std::string> add_span(const std::string& date, std::string_view span) { return shift_by_span(date, span, 1); }
std::optional<std::string> subtract_span(const std::string& date, std::string_view span) { return shift_by_span(date, span, -1); }

}  // namespace kunqu::validate
