// Filing numbers (备案号): assigned to filed groups from the `filing_number_pattern` setting,
// e.g. KQBA-{year}-{seq:04} → KQBA-2015-0007. The sequence runs without gaps within a year
// (or for ever, when the pattern has no {year}); numbers already in the registry — imported
// historical ones included — are never issued again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace kunqu::registry {
class Registry;
}

namespace kunqu::org {

class Numbers {
 public:
  // Reads the pattern; throws kInvalidData when the stored setting is unusable.
  explicit Numbers(registry::Registry& reg);

  // The next number for a filing dated `date` (YYYY-MM-DD). REQUIRES: an open write
  // transaction, in which the number is then stored.
  std::string next(const std::string& date);

 private:
  registry::Registry& reg_;
  std::string before_, after_;  // the pattern around {seq}
  int width_ = 0;               // {seq:04} → 4
  std::map<std::string, std::int64_t> last_;  // prefix → highest sequence number in use
};

// Numbers the filed groups audit entry `batch` added without a filing number, in the order of
// their filing dates, once every number the import's file carries is in. Returns how many.
std::size_t number_new_groups(registry::Registry& reg, std::int64_t batch);

}  // namespace kunqu::org
