// The filing number pattern's grammar.
#include "profile/filing_pattern.h"

#include "i18n/messages.h"

namespace kunqu::profile {

FilingPattern parse_filing_pattern(const std::string& p) {
  FilingPattern out;
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

}  // namespace kunqu::profile
