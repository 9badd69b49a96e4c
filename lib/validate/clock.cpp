// UTC to Asia/Shanghai civil date by fixed offset: China has used UTC+8 without daylight
// saving since 1991, and kunqu's business dates are all later than that.
#include "validate/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace kunqu::validate {

std::string shanghai_date(std::string_view utc) {
  std::tm tm{};
  auto num = [&](std::size_t pos, std::size_t len) { return std::stoi(std::string(utc.substr(pos, len))); };
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  tm.tm_hour = utc.size() >= 13 ? num(11, 2) : 0;
  std::time_t t = timegm(&tm) + 8 * 3600;
  std::tm out{};
  gmtime_r(&t, &out);
  return fmt::format("{:04d}-{:02d}-{:02d}", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday);
}

}  // namespace kunqu::validate
