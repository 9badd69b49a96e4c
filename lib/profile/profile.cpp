// District profile: TOML parsing (toml++), storage in the registry, and settings.
#include "profile/profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <toml++/toml.h>

#include "error.h"
#include "profile/district.h"
#include "profile/filing_pattern.h"
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

namespace {

struct Parser {
  std::string file;
  std::vector<Diagnostic> diags;

  // Names and settings hold one line and nothing hidden (the district's name is on every report).
  bool one_line(const toml::node& node, const std::string& field, const std::string& text) {
    auto c = io::forbidden_character(text, false);
    if (!c) return true;
    add(node.source(), field, trf("holds the invisible or control character {} (this field holds one line)",
                                  io::describe_character(*c)));
    return false;
  }

  void add(const toml::source_region& src, std::string field, std::string message) {
    diags.push_back(Diagnostic{file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column),
                               std::move(field), std::move(message), ""});
  }

  std::optional<std::string> scalar(const toml::node& node, const std::string& field) {
    if (auto s = node.as_string()) {
      if (!one_line(node, field, s->get())) return std::nullopt;
      return s->get();
    }
    if (auto i = node.as_integer()) return std::to_string(i->get());
    add(node.source(), field, tr("expected text or a whole number"));
    return std::nullopt;
  }
};

}  // namespace

Profile parse(std::istream& in, const std::string& file_name) {
  std::ostringstream buffer;
  buffer << in.rdbuf();
  Parser p{file_name, {}};
  toml::table doc;
  try {
    doc = toml::parse(buffer.str(), file_name);
  } catch (const toml::parse_error& e) {
    p.add(e.source(), "", std::string(e.description()));
    throw Error(ErrorKind::kInvalidData, p.diags[0].to_string(), p.diags);
  }
  Profile profile;
  for (auto&& [key, node] : doc) {
    const std::string k(key.str());
    if (k == "district" || k == "settings") {
      auto* t = node.as_table();
      if (!t) {
        p.add(node.source(), k, tr("must be a table"));
        continue;
      }
      for (auto&& [sk, sv] : *t) {
        std::string name = k == "district" ? "district." + std::string(sk.str()) : std::string(sk.str());
        if (k == "district" && sk.str() == "density_target") name = "density_target";
        auto value = p.scalar(sv, name);
        if (!value) continue;
        try {
          profile.settings.emplace_back(name, check_setting(name, *value));
        } catch (const Error& e) {
          p.add(sk.source(), name, e.what());
        }
      }
    } else if (k == "street") {
      auto* arr = node.as_array();
      if (!arr) {
        p.add(node.source(), "street", tr("must be an array of tables ([[street]])"));
        continue;
      }
      for (auto&& item : *arr) {
        auto* t = item.as_table();
        if (!t) {
          p.add(item.source(), "street", tr("must be a table"));
          continue;
        }
        Street street;
        for (auto&& [sk, sv] : *t) {
          const std::string f(sk.str());
          if (f == "name") {
            if (auto v = p.scalar(sv, "street.name")) street.name = io::trim(*v);
          } else if (f == "communities") {
            auto* list = sv.as_array();
            if (!list) {
              p.add(sv.source(), "communities", tr("must be an array of names"));
              continue;
            }
            for (auto&& c : *list) {
              if (auto s = c.as_string()) {
                std::string name = io::trim(s->get());
                if (!p.one_line(c, "communities", name)) continue;
                if (std::find(street.communities.begin(), street.communities.end(), name) != street.communities.end())
                  p.add(c.source(), "communities", trf("community '{}' is listed twice", name));
                else if (name.empty())
                  p.add(c.source(), "communities", tr("a community needs a name"));
                else
                  street.communities.push_back(name);
              } else {
                p.add(c.source(), "communities", tr("must be a name"));
              }
            }
          } else if (f == "population") {
            auto* list = sv.as_array();
            if (!list) {
              p.add(sv.source(), "population", tr("must be an array of { year, residents, kind }"));
              continue;
            }
            for (auto&& row : *list) {
              auto* rt = row.as_table();
              if (!rt) {
                p.add(row.source(), "population", tr("must be { year = …, residents = …, kind = … }"));
                continue;
              }
              Population pop;
              for (auto&& [pk, pv] : *rt) {
                const std::string pf(pk.str());
                if (pf == "year" && pv.is_integer()) pop.year = static_cast<int>(pv.as_integer()->get());
                else if (pf == "residents" && pv.is_integer()) pop.residents = pv.as_integer()->get();
                else if (pf == "kind" && pv.is_string()) pop.kind = pv.as_string()->get();
                else p.add(pk.source(), "population." + pf, tr("unknown key or wrong type (year and residents are whole numbers, kind is text)"));
              }
              if (pop.year < 1949 || pop.year > 2199) p.add(row.source(), "population.year", tr("year missing or out of range"));
              if (pop.residents <= 0) p.add(row.source(), "population.residents", tr("residents missing or not positive"));
              if (pop.kind != "resident" && pop.kind != "registered")
                p.add(row.source(), "population.kind", trf("'{}' is not resident or registered", pop.kind));
              for (const auto& other : street.population)
                if (other.year == pop.year && other.kind == pop.kind)
                  p.add(row.source(), "population.year", trf("{} population of {} is given twice", pop.kind, pop.year));
              street.population.push_back(pop);
            }
          } else if (f == "renamed_from") {
            if (auto v = p.scalar(sv, "renamed_from")) street.renamed_from = io::trim(*v);
          } else if (f == "merged_from") {
            auto* list = sv.as_array();
            if (!list || list->empty()) {
              p.add(sv.source(), "merged_from", tr("must be an array of street names"));
              continue;
            }
            for (auto&& m : *list)
              if (auto v = p.scalar(m, "merged_from")) street.merged_from.push_back(io::trim(*v));
          } else if (f == "since") {
            if (auto d = sv.as_date()) {
              const auto v = d->get();
              street.since = fmt::format("{:04d}-{:02d}-{:02d}", v.year, v.month, v.day);
            } else if (auto v = p.scalar(sv, "since")) {
              if (auto day = validate::parse_date(*v)) street.since = *day.value;
              else p.add(sv.source(), "since", trf("'{}' is not a date: {}", *v, day.error));
            }
          } else {
            p.add(sk.source(), f, trf("unknown key '{}' in [[street]]", f));
          }
        }
        if (street.name.empty()) p.add(t->source(), "street.name", tr("every street needs a name"));
        if (!street.renamed_from.empty() && !street.merged_from.empty())
          p.add(t->source(), "renamed_from", tr("a street is renamed from one street or merged from several, not both"));
        if ((!street.renamed_from.empty() || !street.merged_from.empty()) && street.since.empty())
          p.add(t->source(), "since", tr("needs the day the street took its name (since = YYYY-MM-DD)"));
        if (street.renamed_from.empty() && street.merged_from.empty() && !street.since.empty())
          p.add(t->source(), "since", tr("is the day of a rename or merger: give renamed_from or merged_from too"));
        for (const auto& other : profile.streets)
          if (other.name == street.name && !street.name.empty())
            p.add(t->source(), "street.name", trf("street '{}' appears twice", street.name));
        profile.streets.push_back(std::move(street));
      }
    } else {
      p.add(key.source(), "", trf("unknown key '{}' (expected [district], [settings], [[street]])", k));
    }
  }
  if (!p.diags.empty()) {
    auto n = p.diags.size();
    throw Error(ErrorKind::kInvalidData,
                trnf("{} problem in the profile; nothing was created", "{} problems in the profile; nothing was created", n, n),
                std::move(p.diags));
  }
  return profile;
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
