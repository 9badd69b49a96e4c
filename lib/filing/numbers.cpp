// Filing numbers from the registry's pattern.
#include "filing/numbers.h"

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "profile/profile.h"
#include "registry/registry.h"

namespace kunqu::filing {

namespace {

struct Pattern {
  std::string before, after;
  int width = 0;
  std::string error;
};

Pattern parse(const std::string& p) {
  Pattern out;
  auto at = p.find("{seq");
  if (at == std::string::npos) {
    out.error = tr("it has no {seq} (the sequence number), e.g. KQBA-{year}-{seq:04}");
    return out;
  }
  auto close = p.find('}', at);
  if (close == std::string::npos) {
    out.error = "its {seq is not closed with }";
    return out;
  }
  std::string spec = p.substr(at + 4, close - at - 4);  // "" or ":04"
  if (!spec.empty()) {
    if (spec.size() < 2 || spec[0] != ':' || spec.find_first_not_of("0123456789", 1) != std::string::npos ||
        spec.size() > 3) {
      out.error = trf("{{seq{}}} is not {{seq}} or {{seq:0N}} with a width up to 9", spec);
      return out;
    }
    out.width = std::stoi(spec.substr(1));
  }
  out.before = p.substr(0, at);
  out.after = p.substr(close + 1);
  if (out.after.find("{seq") != std::string::npos) {
    out.error = tr("it has {seq} twice");
    return out;
  }
  for (const std::string* part : {&out.before, &out.after}) {
    std::string rest = *part;
    std::size_t pos = 0;
    while ((pos = rest.find('{', pos)) != std::string::npos) {
      if (rest.compare(pos, 6, "{year}") != 0) {
        out.error = trf("'{}' holds a placeholder other than {{year}} and {{seq}}", p);
        break;
      }
      pos += 6;
    }
  }
  return out;
}

std::string with_year(std::string text, const std::string& year) {
  std::size_t pos = 0;
  while ((pos = text.find("{year}", pos)) != std::string::npos) {
    text.replace(pos, 6, year);
    pos += year.size();
  }
  return text;
}

}  // namespace

std::string check_pattern(const std::string& pattern) { return parse(pattern).error; }

Numbers::Numbers(registry::Registry& reg) : reg_(reg) {
  std::string pattern = profile::setting(reg, "filing_number_pattern");
  Pattern p = parse(pattern);
  if (!p.error.empty())
    throw_invalid(trf("the setting filing_number_pattern '{}' is unusable: {} (kunqu db settings "
                      "filing_number_pattern KQBA-{{year}}-{{seq:04}})",
                      pattern, p.error));
  before_ = p.before;
  after_ = p.after;
  width_ = p.width;
}

std::string Numbers::next(const std::string& date) {
  const std::string year = date.substr(0, 4);
  const std::string prefix = with_year(before_, year), suffix = with_year(after_, year);
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

}  // namespace kunqu::filing
