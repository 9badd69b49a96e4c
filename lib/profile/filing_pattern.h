// The grammar of the filing_number_pattern setting, e.g. KQBA-{year}-{seq:04}: the text
// around one {seq} (optionally zero-padded to a width), where {year} stands for the filing's year.
#pragma once

#include <string>

namespace kunqu::profile {

struct FilingPattern {
  std::string before, after;  // the pattern around {seq}, {year} still in them
  int width = 0;              // {seq:04} → 4
  std::string error;          // empty when the pattern is usable, else what is wrong
};

FilingPattern parse_filing_pattern(const std::string& pattern);

// `text` with every {year} replaced by `year`.
std::string with_year(std::string text, const std::string& year);

}  // namespace kunqu::profile
