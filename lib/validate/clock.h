// Civil dates: kunqu counts "today" in Asia/Shanghai (UTC+8, no daylight saving).
#pragma once

#include <string>
#include <string_view>

namespace kunqu::validate {

// The Asia/Shanghai date 'YYYY-MM-DD' of a UTC time 'YYYY-MM-DDTHH:MM:SSZ'.
// REQUIRES: `utc` in that form.
std::string shanghai_date(std::string_view utc);

// A UTC time 'YYYY-MM-DDTHH:MM:SSZ' as the district's clock shows it, to the minute and with
// its offset: "2015-06-30T08:27:00Z" is "2015-06-30 16:27 +08:00". Text in another form is
// returned unchanged.
std::string shanghai_time(std::string_view utc);

// The UTC time 'YYYY-MM-DDTHH:MM:SSZ' at which the district day `date` ('YYYY-MM-DD') begins,
// `days_later` days on: ("2015-07-01", 0) is "2015-06-30T16:00:00Z", ("2015-07-01", 1) is
// "2015-07-01T16:00:00Z", the end of that day. REQUIRES: `date` a valid date in that form.
std::string shanghai_day_start_utc(std::string_view date, int days_later = 0);

}  // namespace kunqu::validate
