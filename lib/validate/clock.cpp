// UTC to Asia/Shanghai civil date and time by fixed offset: China has used UTC+8 without daylight
// saving since 1991, and kunqu's business dates are all later than that.
#include "validate/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace kunqu::validate {

namespace {

constexpr int kOffset = 8 * 3600;

// The seconds since the epoch of `utc` ('YYYY-MM-DD', or 'YYYY-MM-DDTHH:MM[:SS]…').
std::time_t seconds_of(std::string_view utc) {
  std::tm tm{};
  auto num = [&](std::size_t pos, std::size_t len) { return std::stoi(std::string(utc.substr(pos, len))); };
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  tm.tm_hour = utc.size() >= 13 ? num(11, 2) : 0;
  tm.tm_min = utc.size() >= 16 ? num(14, 2) : 0;
  tm.tm_sec = utc.size() >= 19 ? num(17, 2) : 0;
  return timegm(&tm);
}

std::tm fields_of(std::time_t t) {
  std::tm out{};
  gmtime_r(&t, &out);
  return out;
}

}  // namespace

std::string shanghai_date(std::string_view utc) {
  const std::tm out = fields_of(seconds_of(utc.substr(0, 13)) + kOffset);
  return fmt::format("{:04d}-{:02d}-{:02d}", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday);
}

std::string shanghai_time(std::string_view utc) {
  // 'YYYY-MM-DDTHH:MM:SSZ' and nothing else: a value from before the audit's form is shown as it is.
  static constexpr std::string_view kForm = "dddd-dd-ddTdd:dd:ddZ";
  if (utc.size() != kForm.size()) return std::string(utc);
  for (std::size_t i = 0; i < kForm.size(); ++i)
    if (kForm[i] == 'd' ? utc[i] < '0' || utc[i] > '9' : utc[i] != kForm[i]) return std::string(utc);
  const std::tm out = fields_of(seconds_of(utc) + kOffset);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d} +08:00", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday,
                     out.tm_hour, out.tm_min);
}

std::string shanghai_day_start_utc(std::string_view date, int days_later) {
  const std::tm out = fields_of(seconds_of(date.substr(0, 10)) + days_later * 86400 - kOffset);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday,
                     out.tm_hour, out.tm_min, out.tm_sec);
}

}  // namespace kunqu::validate
