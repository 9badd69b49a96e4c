// The division table, read once from the text built into the library.
#include "validate/divisions.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "i18n/messages.h"

namespace kunqu::validate {

const char* division_table();  // generated from divisions.txt (cmake/embed_divisions.cmake)

namespace {

const std::vector<Division>& divisions() {
  static const std::vector<Division> all = [] {
    std::vector<Division> out;
    std::string_view text = division_table();
    while (!text.empty()) {
      const std::size_t end = std::min(text.find('\n'), text.size());
      std::string_view line = text.substr(0, end);
      text.remove_prefix(std::min(end + 1, text.size()));
      if (line.empty() || line[0] == '#') continue;
      // code name from [until]
      Division d;
      std::size_t a = line.find(' '), b = line.find(' ', a + 1), c = line.find(' ', b + 1);
      d.code = std::string(line.substr(0, a));
      d.name = std::string(line.substr(a + 1, b - a - 1));
      d.from = std::stoi(std::string(line.substr(b + 1, c == std::string_view::npos ? std::string_view::npos : c - b - 1)));
      if (c != std::string_view::npos) d.until = std::stoi(std::string(line.substr(c + 1)));
      out.push_back(std::move(d));
    }
    return out;  // sorted by code, as the file is
  }();
  return all;
}

}  // namespace

std::optional<Division> division(std::string_view code) {
  const auto& all = divisions();
  auto it = std::lower_bound(all.begin(), all.end(), code, [](const Division& d, std::string_view c) { return d.code < c; });
  if (it == all.end() || it->code != code) return std::nullopt;
  return *it;
}

std::optional<Division> division_named(std::string_view name) {
  for (const auto& d : divisions())
    if (d.name == name && (d.until == 0 || d.until >= 2015)) return d;
  return std::nullopt;
}

bool issued_region(std::string_view region) {
  if (region == "100000") return true;
  if (auto d = division(region)) return d->until == 0 || d->until >= 2015;
  // A city's 市辖区 (xxxx01: GB/T 2260 lists it, the table leaves it out) stands for the city's
  // districts together, and a municipality's 市辖区 and 县 (xx0100, xx0200) for the city itself.
  if (region.size() == 6 && region.substr(4) == "01")
    return issued_region(std::string(region.substr(0, 4)) + "00") && region.substr(2, 2) != "00";
  for (const char* city : {"11", "12", "31", "50"})
    if (region.substr(0, 2) == city && (region.substr(2) == "0100" || region.substr(2) == "0200")) return true;
  return false;
}

std::optional<std::string> region_problem(std::string_view region) {
  if (issued_region(region)) return std::nullopt;
  return trf("region {} (positions 3–8) is not an administrative division (GB/T 2260) in use from 2015, when credit codes "
             "were first issued",
             region);
}

int divisions_edition() {
  int edition = 0;
  for (const auto& d : divisions()) edition = std::max({edition, d.from, d.until});
  return edition;
}

}  // namespace kunqu::validate
