#include "privacy/mask.h"

#include <cctype>
#include <initializer_list>

namespace kunqu::privacy {

namespace {

// Byte offsets where each UTF-8 character starts.
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

std::size_t after_first_character(std::string_view s) {
  std::size_t i = 1;
  while (i < s.size() && !starts_character(s[i])) ++i;
  return std::min(i, s.size());
}

}  // namespace

Kind kind_of_column(std::string_view column) {
  if (column == "representative") return Kind::kName;
  if (column == "phone") return Kind::kPhone;
  if (column == "address") return Kind::kAddress;
  return Kind::kNone;
}

std::string mask_name(std::string_view name) {
  if (name.empty()) return {};
  const std::size_t first = after_first_character(name);
  std::string out(name.substr(0, first));
  for (std::size_t i = first; i < name.size(); ++i)
    if (starts_character(name[i]) && name[i] != ' ') out += '*';
  return out;
}

std::string mask_phone(std::string_view phone) {
  std::size_t digits = 0;
  for (char c : phone)
    if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
  const std::size_t keep_front = digits >= 8 ? 3 : 0, keep_back = digits >= 8 ? 4 : std::min<std::size_t>(2, digits);
  std::string out;
  std::size_t seen = 0;
  for (char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++seen;
      out += seen <= keep_front || seen > digits - keep_back ? c : '*';
    } else if (static_cast<unsigned char>(c) < 0x80) {
      out += c;  // separators and spaces; anything else (letters, CJK) is dropped
    }
  }
  return out;
}

std::string mask_address(std::string_view address) {
  if (address.empty()) return {};
  // Only units before the first number count: after it comes the house, not the place.
  std::size_t limit = 0;
  while (limit < address.size() && !std::isdigit(static_cast<unsigned char>(address[limit]))) ++limit;
  const std::string_view place = address.substr(0, limit);
  std::size_t keep = std::string_view::npos;
  for (std::string_view unit : {"街道", "社区", "镇", "乡", "旗", "县", "区", "市", "省"}) {
    const std::size_t at = place.rfind(unit);
    if (at != std::string_view::npos && (keep == std::string_view::npos || at + unit.size() > keep))
      keep = at + unit.size();
  }
  if (keep == std::string_view::npos) {
    keep = after_first_character(address);
    if (keep < address.size()) keep += after_first_character(address.substr(keep));
  }
  if (keep >= address.size()) return std::string(address);  // no detail to hide
  return std::string(address.substr(0, keep)) + "****";
}

std::string mask(Kind kind, std::string_view value) {
  switch (kind) {
    case Kind::kName: return mask_name(value);
    case Kind::kPhone: return mask_phone(value);
    case Kind::kAddress: return mask_address(value);
    default: return std::string(value);
  }
}

}  // namespace kunqu::privacy
