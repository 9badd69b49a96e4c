#include "privacy/mask.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <tuple>
#include <utility>
#include <vector>

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
  if (column == "detail") return Kind::kJson;
  if (column == "command") return Kind::kCommand;
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

namespace {

// Calls `f(kind, begin, end)` for each personal value in JSON text: the string after
// "representative":, "phone": or "address": (begin and end inside its quotes).
template <typename F>
void each_json_value(std::string_view json, F&& f) {
  static const std::pair<std::string_view, Kind> keys[] = {
      {"\"representative\":\"", Kind::kName}, {"\"phone\":\"", Kind::kPhone}, {"\"address\":\"", Kind::kAddress}};
  for (const auto& [key, kind] : keys) {
    for (std::size_t at = json.find(key); at != std::string_view::npos; at = json.find(key, at + 1)) {
      const std::size_t begin = at + key.size();
      std::size_t end = begin;
      while (end < json.size() && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
      f(kind, begin, std::min(end, json.size()));
    }
  }
}

// The same for a command line: the word after --representative, --person-in-charge, --phone,
// --address or --venue (or after '=' in --phone=…), up to the next space (the line is
// shell-quoted, so a value with spaces is quoted and runs to its closing quote).
template <typename F>
void each_command_value(std::string_view command, F&& f) {
  static const std::pair<std::string_view, Kind> flags[] = {{"--representative", Kind::kName},
                                                            {"--person-in-charge", Kind::kName},
                                                            {"--phone", Kind::kPhone},
                                                            {"--address", Kind::kAddress},
                                                            {"--venue", Kind::kAddress}};
  for (const auto& [flag, kind] : flags) {
    for (std::size_t at = command.find(flag); at != std::string_view::npos; at = command.find(flag, at + 1)) {
      std::size_t begin = at + flag.size();
      if (begin >= command.size() || (command[begin] != ' ' && command[begin] != '=')) continue;
      ++begin;
      std::size_t end = begin;
      if (end < command.size() && command[end] == '\'') {
        ++begin;
        end = command.find('\'', begin);
        if (end == std::string_view::npos) end = command.size();
      } else {
        while (end < command.size() && command[end] != ' ') ++end;
      }
      f(kind, begin, end);
    }
  }
}

template <typename Each>
std::string mask_inside(std::string_view text, Each&& each) {
  std::vector<std::tuple<std::size_t, std::size_t, Kind>> spans;
  each(text, [&](Kind kind, std::size_t begin, std::size_t end) { spans.emplace_back(begin, end, kind); });
  std::sort(spans.begin(), spans.end());
  std::string out;
  std::size_t done = 0;
  for (const auto& [begin, end, kind] : spans) {
    if (begin < done) continue;
    out.append(text.substr(done, begin - done));
    out += mask(kind, text.substr(begin, end - begin));
    done = end;
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace

std::string mask_json(std::string_view json) {
  return mask_inside(json, [](std::string_view t, auto&& f) { each_json_value(t, f); });
}

std::string mask_command(std::string_view command) {
  return mask_inside(command, [](std::string_view t, auto&& f) { each_command_value(t, f); });
}

std::string mask(Kind kind, std::string_view value) {
  switch (kind) {
    case Kind::kName: return mask_name(value);
    case Kind::kPhone: return mask_phone(value);
    case Kind::kAddress: return mask_address(value);
    case Kind::kJson: return mask_json(value);
    case Kind::kCommand: return mask_command(value);
    default: return std::string(value);
  }
}

bool holds_personal_data(Kind kind, std::string_view value) {
  bool any = false;
  auto note = [&](Kind, std::size_t begin, std::size_t end) { any = any || end > begin; };
  switch (kind) {
    case Kind::kNone: return false;
    case Kind::kJson: each_json_value(value, note); return any;
    case Kind::kCommand: each_command_value(value, note); return any;
    default: return !value.empty();
  }
}

}  // namespace kunqu::privacy
