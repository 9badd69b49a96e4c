// Parsing and formatting of the scalar values that files and flags carry: dates, money,
// counts and yes/no. Each parser returns the canonical value or an English message saying
// what is wrong; none of them throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace kunqu::validate {

// A parse result: the value, or a message for the user.
template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // empty when value is set
  std::string hint;
  explicit operator bool() const { return value.has_value(); }
};

// A real calendar date between 1900 and 2199, as 'YYYY-MM-DD'. Reads it as people and
// spreadsheets write it: '2013-02-14', '2013/2/14', '2013-2-14', '2013.2.14', '2013年2月14日',
// full-width digits, and a time of midnight after it ('2013/2/14 0:00'). Refuses, with a hint,
// a year of two digits, the day or month first ('2/14/2013'), another time of day and a
// spreadsheet's serial number ('42170').
Parsed<std::string> parse_date(std::string_view text);
bool is_leap_year(int year);
int days_in_month(int year, int month);

// Date arithmetic on canonical 'YYYY-MM-DD' dates. add_months clamps to the month's last day
// (2016-02-29 plus 12 months is 2017-02-28); a year is 12 months.
std::string add_months(const std::string& date, int months);
std::string add_days(const std::string& date, int days);
// Whether `span` is a span like '90d', '6m' or '2y' (at most four digits).
bool is_span(std::string_view span);
// '90d', '6m', '2y' → the date that far after `date`; nullopt when `span` is not such a span or
// the date falls outside the years parse_date accepts (1900–2199).
std::optional<std::string> add_span(const std::string& date, std::string_view span);
// The day `span` before `date` ('90d' before 2015-06-30 is 2015-04-01).
std::optional<std::string> subtract_span(const std::string& date, std::string_view span);

// Yuan with at most two decimals ('250000', '250000.00', '1,250,000.50', '¥300', '800元'), or
// 万 yuan ('25万', '1.5万', '800.00 万元', '5,000万元') — returned as integer fen; full-width
// digits too. Never goes through floating point. A value naming both units ('200.00 （单位：元 /
// 万元）') is refused with a hint.
Parsed<std::int64_t> parse_money(std::string_view text);
// The largest amount parse_money reads, and the largest a sum kunqu keeps (a budget after its
// adjustments) may reach: 17 digits of fen, far from the 64-bit limit.
constexpr std::int64_t kMaxMoney = 99'999'999'999'999'999;
// Fen as yuan with two decimals: 25000050 → "250000.50".
std::string format_money(std::int64_t fen);

// A non-negative whole number ('120'); rejects '1.0', '-3', '1e3'.
Parsed<std::int64_t> parse_count(std::string_view text);

// true/false, yes/no, 1/0, 是/否, 有/无.
Parsed<bool> parse_bool(std::string_view text);

}  // namespace kunqu::validate
