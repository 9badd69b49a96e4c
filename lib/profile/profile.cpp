// District profile: storage in the registry, and settings (the TOML module parses profiles).
#include "profile/profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "error.h"
#include "profile/district.h"
#include "profile/filing_pattern.h"
#include "profile/toml_module.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "registry/registry.h"
#include "validate/values.h"

namespace kunqu::profile {

const std::vector<SettingSpec>& known_settings() {
  static const std::vector<SettingSpec> all = {
      {"district.name", "", N_("district name (区名)")},
      {"district.code", "", N_("administrative division code, 6 digits (行政区划代码)")},
      {"district.city", "", N_("city (所属市)")},
      {"district.region", "", N_("province or autonomous region (所属省区)")},
      {"density_target", "20", N_("target organizations per 10,000 residents (每万人社会组织数目标)")},
      {"filing_number_pattern", "KQBA-{year}-{seq:04}", N_("pattern of filing numbers (备案号格式)")},
      {"annual_report_deadline", "05-31", N_("annual reports are due by this day (MM-DD) of the next year (年报截止日)")},
      {"annual_check_late_exempt", "all",
       N_("who registered on or after 1 July owes no annual check for that year: all (every type, the common "
          "practice) or social_service (only as 民政部令第27号 says) (下半年登记免当年年检)")},
      {"incubator_sites", "", N_("incubator sites and their capacities: 'NAME=N; NAME=N' (孵化基地及容量)")},
      {"incubation_term", "2y", N_("planned stay in the incubator: 2y, 18m, 540d (孵化期)")},
      {"incubation_pass_mark", "60", N_("the review score that passes, 0-100 (孵化评估合格分)")},
      {"ocds_prefix", "ocds-kunqu0",
       N_("the OCID prefix the Open Contracting Partnership gave the district: ocds- and 6 letters or digits")},
      {"ocds_publisher", "", N_("who publishes the OCDS release packages (default: the district name)")},
  };
  return all;
}

std::string setting(registry::Registry& reg, const std::string& key) {
  if (auto v = reg.setting(key); v && !v->empty()) return *v;
  for (const auto& s : known_settings())
    if (s.key == key) return s.default_value;
  return {};
}

std::vector<std::pair<std::string, int>> parse_sites(const std::string& value, std::string* problem) {
  std::vector<std::pair<std::string, int>> sites;
  std::size_t start = 0;
  while (start <= value.size()) {
    // ';' or the full-width '；' (three bytes: searched as a whole, never byte by byte).
    auto ascii = value.find(';', start), wide = value.find("；", start);
    auto end = std::min(ascii, wide);
    std::size_t skip = end == wide && wide != std::string::npos ? 3 : 1;
    if (end == std::string::npos) end = value.size();
    std::string item = io::trim(value.substr(start, end - start));
    start = end + skip;
    if (item.empty()) continue;
    auto eq = item.rfind('=');
    std::string name = eq == std::string::npos ? "" : io::trim(item.substr(0, eq));
    std::string n = eq == std::string::npos ? "" : io::trim(item.substr(eq + 1));
    if (name.empty() || n.empty() || n.size() > 5 || n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) == 0) {
      if (problem) *problem = trf("'{}' is not NAME=CAPACITY with a capacity from 1 up", item);
      return {};
    }
    for (const auto& s : sites)
      if (s.first == name) {
        if (problem) *problem = trf("site '{}' is named twice", name);
        return {};
      }
    sites.emplace_back(name, std::stoi(n));
  }
  return sites;
}

std::string check_setting(const std::string& key, const std::string& value) {
  std::string v = io::trim(value);
  if (auto c = io::forbidden_character(v, false))
    throw_invalid(trf("{}: holds the invisible or control character {} (a setting holds one line)", key,
                      io::describe_character(*c)));
  if (key == "district.code") {
    if (v.size() != 6 || v.find_first_not_of("0123456789") != std::string::npos)
      throw_invalid(trf("district.code must be 6 digits, got '{}'", v));
  } else if (key == "density_target") {
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 6)
      throw_invalid(trf("density_target must be a whole number, got '{}'", v));
  } else if (key == "filing_number_pattern") {
    if (auto problem = parse_filing_pattern(v).error; !problem.empty())
      throw_invalid(trf("filing_number_pattern '{}' is unusable: {}", v, problem));
  } else if (key == "annual_report_deadline") {
    bool ok = v.size() == 5 && v[2] == '-' && std::isdigit(static_cast<unsigned char>(v[0])) &&
              std::isdigit(static_cast<unsigned char>(v[1])) && std::isdigit(static_cast<unsigned char>(v[3])) &&
              std::isdigit(static_cast<unsigned char>(v[4]));
    if (ok) {
      int m = std::stoi(v.substr(0, 2)), d = std::stoi(v.substr(3, 2));
      ok = m >= 1 && m <= 12 && d >= 1 && d <= validate::days_in_month(2015, m);
    }
    if (!ok) throw_invalid(trf("annual_report_deadline must be a day of the year as MM-DD, like 05-31, got '{}'", v));
  } else if (key == "annual_check_late_exempt") {
    if (v != "all" && v != "social_service")
      throw_invalid(trf("annual_check_late_exempt must be all or social_service, got '{}'", v));
  } else if (key == "incubator_sites") {
    std::string problem;
    parse_sites(v, &problem);
    if (!problem.empty()) throw_invalid(trf("incubator_sites '{}': {}", v, problem));
  } else if (key == "incubation_term") {
    if (!validate::add_span("2015-01-01", v) || v[0] == '0')
      throw_invalid(trf("incubation_term must be a span like 2y, 18m or 540d, got '{}'", v));
  } else if (key == "ocds_prefix") {
    bool ok = v.size() == 11 && v.compare(0, 5, "ocds-") == 0;
    for (std::size_t i = 5; ok && i < v.size(); ++i) ok = std::isalnum(static_cast<unsigned char>(v[i])) != 0;
    if (!ok) throw_invalid(trf("ocds_prefix must be ocds- and 6 letters or digits, like ocds-a1b2c3, got '{}'", v));
  } else if (key == "incubation_pass_mark") {
    if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) > 100)
      throw_invalid(trf("incubation_pass_mark must be a whole number from 0 to 100, got '{}'", v));
  } else {
    bool known = false;
    for (const auto& s : known_settings()) known = known || s.key == key;
    if (!known) {
      std::string keys;
      for (const auto& s : known_settings()) keys += (keys.empty() ? "" : ", ") + s.key;
      throw_usage(trf("unknown setting '{}' (known: {})", key, keys));
    }
  }
  return v;
}

Profile parse(std::istream& in, const std::string& file_name) {
  static const TomlProfileModule& module = io::module_table<TomlProfileModule>(
      "kunqu-toml.so", "kunqu_toml_profile", tr("cannot load {}, which reads TOML files: {}; reinstall kunqu"));
  return module.parse(in, file_name);
}

void store(registry::Registry& reg, const Profile& profile) { apply(reg, profile); }

io::Table settings_table(registry::Registry& reg) {
  io::Table t;
  t.record_name = "setting";
  t.columns = {{"key"}, {"value"}, {"description"}};
  for (const auto& s : known_settings()) {
    auto v = reg.setting(s.key);
    t.rows.push_back({s.key, v ? *v : s.default_value, std::string(tr(s.description.c_str()))});
  }
  return t;
}

std::vector<Street> streets(registry::Registry& reg) {
  std::vector<Street> out;
  auto q = reg.prepare("SELECT s.name, c.name FROM street s LEFT JOIN community c ON c.street_id = s.id ORDER BY s.id, c.id");
  while (q.step()) {
    std::string name = q.text_or(0, "");
    if (out.empty() || out.back().name != name) {
      out.emplace_back();
      out.back().name = name;
    }
    if (auto c = q.text(1)) out.back().communities.push_back(*c);
  }
  return out;
}

bool has_streets(registry::Registry& reg) {
  auto q = reg.prepare("SELECT 1 FROM street LIMIT 1");
  return q.step();
}

bool street_exists(registry::Registry& reg, const std::string& street) {
  auto q = reg.prepare("SELECT 1 FROM street WHERE name = ?");
  q.bind(1, street);
  return q.step();
}

bool community_in_street(registry::Registry& reg, const std::string& street, const std::string& community) {
  auto q = reg.prepare(
      "SELECT 1 FROM community c JOIN street s ON s.id = c.street_id WHERE s.name = ? AND c.name = ?");
  q.bind(1, street).bind(2, community);
  return q.step();
}

std::vector<std::string> street_names(registry::Registry& reg) {
  std::vector<std::string> out;
  auto q = reg.prepare("SELECT name FROM street ORDER BY id");
  while (q.step()) out.push_back(q.text_or(0, ""));
  return out;
}

namespace {

// The names nearest `given` among `known`, as a sentence lists them.
std::string nearest_list(const std::string& given, const std::vector<std::string>& known) {
  std::string out;
  for (const auto& name : io::nearest(given, known, 5)) out += (out.empty() ? "" : i18n::chinese() ? "、" : ", ") + name;
  return out;
}

}  // namespace

void check_place_filter(registry::Registry& reg, const std::optional<std::string>& street,
                        const std::optional<std::string>& community) {
  if (!street && !community) return;
  const std::vector<Street> all = streets(reg);
  if (all.empty()) return;
  const std::string s = street ? io::trim(*street) : std::string();
  const Street* in = nullptr;
  for (const auto& each : all)
    if (each.name == s) in = &each;
  if (street && !in) {
    std::vector<std::string> names;
    for (const auto& each : all) names.push_back(each.name);
    throw_usage(trf("{} '{}' is not a street of the district profile; the nearest: {}", input_name("street"), s,
                    nearest_list(s, names)));
  }
  if (!community) return;
  const std::string c = io::trim(*community);
  // The street's own communities first: of names as near, they are the likelier.
  std::vector<std::string> names;
  if (in) names = in->communities;
  for (const auto& each : all) names.insert(names.end(), each.communities.begin(), each.communities.end());
  if (names.empty()) return;  // a street list without communities: nothing to check them by
  if (std::find(names.begin(), names.end(), c) == names.end())
    throw_usage(trf("{} '{}' is not a community of the district profile; the nearest: {}", input_name("community"), c,
                    nearest_list(c, names)));
}

void initialize(registry::Registry& reg, const std::optional<Profile>& profile, const std::string& source,
                const std::string& digest, const std::optional<std::string>& group) {
  registry::Transaction tx(reg);
  io::JsonObject detail;
  if (profile) {
    store(reg, *profile);
    detail.add("profile", source).add("sha256", digest);
    detail.add("streets", static_cast<long long>(profile->streets.size()));
  }
  if (group) detail.add("group", *group);
  reg.audit("db.init", std::nullopt, detail.str());
  tx.commit();
}

std::string change_setting(registry::Registry& reg, const std::string& key, const std::string& value,
                           const std::function<void(registry::Registry&, const std::string&)>& also) {
  const std::string checked = check_setting(key, value);
  registry::Transaction tx(reg);
  if (also) also(reg, checked);
  auto before = reg.setting(key);
  reg.set_setting(key, checked);
  reg.audit("db.settings", std::nullopt,
            io::JsonObject()
                .add_raw("before", io::JsonObject().add(key, before).str())
                .add_raw("after", io::JsonObject().add(key, checked).str())
                .str());
  tx.commit();
  return checked;
}

}  // namespace kunqu::profile
