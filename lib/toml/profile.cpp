// District profiles in TOML, through toml++: every problem found, each with its position. Part
// of the TOML module.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <toml++/toml.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"
#include "profile/profile.h"
#include "toml/internal.h"
#include "validate/values.h"

namespace kunqu::toml_module {

using profile::Population;
using profile::Profile;
using profile::Street;
using profile::check_setting;

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

Profile parse_profile(std::istream& in, const std::string& file_name) {
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

}  // namespace kunqu::toml_module
