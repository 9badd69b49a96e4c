// Filing numbers from the registry's pattern.
#include "org/numbers.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "error.h"
#include "i18n/messages.h"
#include "profile/filing_pattern.h"
#include "profile/profile.h"
#include "registry/registry.h"

namespace kunqu::org {

Numbers::Numbers(registry::Registry& reg) : reg_(reg) {
  std::string pattern = profile::setting(reg, "filing_number_pattern");
  profile::FilingPattern p = profile::parse_filing_pattern(pattern);
  if (!p.error.empty())
    throw_invalid(trf("the setting filing_number_pattern '{}' is unusable: {} (‹db settings› "
                      "filing_number_pattern KQBA-{{year}}-{{seq:04}})",
                      pattern, p.error));
  before_ = p.before;
  after_ = p.after;
  width_ = p.width;
}

std::string Numbers::next(const std::string& date) {
  const std::string year = date.substr(0, 4);
  const std::string prefix = profile::with_year(before_, year), suffix = profile::with_year(after_, year);
  auto known = last_.find(prefix + '\n' + suffix);
  if (known == last_.end()) {
    // The highest number in use with this prefix and suffix, whatever its width. Text
    // compares bytewise and UTF-8 never holds 0xFF, so the range covers every such number.
    std::int64_t high = 0;
    auto q = reg_.prepare("SELECT filing_no FROM org WHERE filing_no >= ?1 AND filing_no < ?1 || char(1114111)");
    q.bind(1, prefix);
    while (q.step()) {
      std::string n = q.text_or(0, "");
      if (n.size() <= prefix.size() + suffix.size() || n.compare(n.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      std::string digits = n.substr(prefix.size(), n.size() - prefix.size() - suffix.size());
      if (digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
      high = std::max<std::int64_t>(high, std::stoll(digits));
    }
    known = last_.emplace(prefix + '\n' + suffix, high).first;
  }
  std::int64_t seq = ++known->second;
  return prefix + fmt::format("{:0{}}", seq, width_) + suffix;
}

std::size_t number_new_groups(registry::Registry& reg, std::int64_t batch) {
  Numbers numbers(reg);
  std::vector<std::pair<std::int64_t, std::string>> todo;
  auto q = reg.prepare(
      "SELECT id, filed_on FROM org WHERE tier = 'grassroots' AND filing_no IS NULL AND created_batch = ? "
      "ORDER BY filed_on, id");
  q.bind(1, batch);
  while (q.step()) todo.emplace_back(*q.integer(0), q.text_or(1, ""));
  auto set = reg.prepare("UPDATE org SET filing_no = ? WHERE id = ?");
  for (const auto& [id, filed_on] : todo) {
    set.reset();
    set.bind(1, numbers.next(filed_on)).bind(2, id).run();
  }
  return todo.size();
}

}  // namespace kunqu::org
