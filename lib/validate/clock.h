// Civil dates: kunqu counts "today" in Asia/Shanghai (UTC+8, no daylight saving).
#pragma once

#include <string>
#include <string_view>

namespace kunqu::validate {

// The Asia/Shanghai date 'YYYY-MM-DD' of a UTC time 'YYYY-MM-DDTHH:MM:SSZ'.
// REQUIRES: `utc` in that form.
std::string shanghai_date(std::string_view utc);

}  // namespace kunqu::validate
