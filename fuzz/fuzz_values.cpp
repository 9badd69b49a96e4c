// libFuzzer target: money, date, count and yes/no parsing on any text. What parses must parse
// again to the same value from its canonical form (money as written by format_money, dates as
// YYYY-MM-DD), money stays within kMaxMoney, and a date a span computes is one parse_date
// accepts; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "validate/values.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace v = kunqu::validate;
  auto money = v::parse_money(text);
  if (money.value && (*money.value < 0 || *money.value > v::kMaxMoney)) std::abort();
  if (money.value) {
    const std::string written = v::format_money(*money.value);
    auto again = v::parse_money(written);
    if (!again.value || *again.value != *money.value) std::abort();
  }
  auto date = v::parse_date(text);
  if (date.value) {
    auto again = v::parse_date(*date.value);
    if (!again.value || *again.value != *date.value) std::abort();
    // A computed date is one kunqu accepts (issue 19: a 9999m term ended in 2848).
    if (auto later = v::add_span(*date.value, text.substr(0, 5)); later && !v::parse_date(*later).value) std::abort();
    (void)v::add_months(*date.value, static_cast<int>(size % 300) - 150);
  }
  (void)v::parse_count(text);
  (void)v::parse_bool(text);
  return 0;
}
