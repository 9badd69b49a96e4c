// The district as it changes after db init (schemas/migrations/015_district_history.sql).
#include "profile/district.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "registry/registry.h"
#include "validate/values.h"

namespace kunqu::profile {

namespace {

struct StreetRow {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> since, until;
  std::optional<std::int64_t> successor;
};

// The registry's streets, past and current, in the order they were made.
std::vector<StreetRow> street_rows(registry::Registry& reg) {
  std::vector<StreetRow> out;
  auto q = reg.prepare("SELECT id, name, since, until, successor_id FROM street ORDER BY id");
  while (q.step()) out.push_back({*q.integer(0), q.text_or(1, ""), q.text(2), q.text(3), q.integer(4)});
  return out;
}

const StreetRow* find(const std::vector<StreetRow>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return &r;
  return nullptr;
}

std::string known_streets(const std::vector<StreetRow>& rows) {
  std::string list;
  const char* sep = i18n::chinese() ? "、" : ", ";
  for (const auto& r : rows)
    if (!r.until) list += (list.empty() ? "" : sep) + r.name;
  return list;
}

// The current street named `name`, refused when there is none or it was renamed or merged.
const StreetRow& current(const std::vector<StreetRow>& rows, const std::string& name) {
  const StreetRow* r = find(rows, name);
  if (!r) throw Error(ErrorKind::kNotFound, trf("'{}' is not a street of this district (known streets: {})", name, known_streets(rows)));
  if (r->until) {
    const StreetRow* next = nullptr;
    for (const auto& s : rows)
      if (r->successor && s.id == *r->successor) next = &s;
    throw_invalid(trf("there is no street '{}' since {}: it became '{}'", name, *r->until, next ? next->name : "?"));
  }
  return *r;
}

std::string checked_day(const std::string& day) {
  auto d = validate::parse_date(day);
  if (!d) throw Error(ErrorKind::kInvalidData, d.hint.empty() ? d.error : d.error + "; " + d.hint);
  return *d.value;
}

// `name` trimmed; refused, saying `unnamed`, when it is empty.
std::string checked_name(const std::string& name, const char* unnamed) {
  std::string n = io::trim(name);
  if (n.empty()) throw_invalid(tr(unnamed));
  if (auto c = io::forbidden_character(n, false))
    throw_invalid(trf("'{}' holds the invisible or control character {}", n, io::describe_character(*c)));
  return n;
}

std::vector<std::string> communities_of(registry::Registry& reg, std::int64_t street) {
  std::vector<std::string> out;
  auto q = reg.prepare("SELECT name FROM community WHERE street_id = ? ORDER BY id");
  q.bind(1, street);
  while (q.step()) out.push_back(q.text_or(0, ""));
  return out;
}

std::int64_t insert_street(registry::Registry& reg, const std::string& name, const std::optional<std::string>& since) {
  reg.prepare("INSERT INTO street (name, since) VALUES (?, ?)").bind(1, name).bind(2, since).run();
  return reg.last_insert_rowid();
}

// The communities of `from` given to `to` as well (those it lacks); refused when one of them
// is `to`'s already and comes from another street, which would make two communities one.
void carry_communities(registry::Registry& reg, std::int64_t from, std::int64_t to, const std::string& to_name,
                       bool refuse_shared) {
  const auto have = communities_of(reg, to);
  for (const auto& c : communities_of(reg, from)) {
    if (std::find(have.begin(), have.end(), c) != have.end()) {
      if (refuse_shared) throw_invalid(trf("'{}' has a community named '{}' already", to_name, c));
      continue;
    }
    reg.prepare("INSERT INTO community (street_id, name) VALUES (?, ?)").bind(1, to).bind(2, c).run();
  }
}

void retire(registry::Registry& reg, std::int64_t street, std::int64_t successor, const std::string& day) {
  reg.prepare("UPDATE street SET until = ?, successor_id = ? WHERE id = ?").bind(1, day).bind(2, successor).bind(3, street).run();
}

DistrictChange rename_in(registry::Registry& reg, const std::string& street, const std::string& new_name,
                         const std::string& day) {
  const auto rows = street_rows(reg);
  const StreetRow& old = current(rows, street);
  const std::string name = checked_name(new_name, N_("a street needs a name"));
  if (find(rows, name)) throw_invalid(trf("a street named '{}' exists already", name));
  if (old.since && *old.since >= day) throw_invalid(trf("'{}' took its name on {}: a rename must come after", street, *old.since));
  const std::int64_t id = insert_street(reg, name, day);
  carry_communities(reg, old.id, id, name, false);
  retire(reg, old.id, id, day);
  return {"rename", street, day, street, name};
}

std::vector<DistrictChange> merge_in(registry::Registry& reg, const std::vector<std::string>& streets, const std::string& into,
                                     const std::string& day) {
  const auto rows = street_rows(reg);
  const std::string name = checked_name(into, N_("a street needs a name"));
  std::vector<const StreetRow*> olds;
  for (const auto& s : streets) {
    const StreetRow& r = current(rows, s);
    if (r.name == name) throw_invalid(trf("'{}' cannot be merged into itself", s));
    if (std::find(olds.begin(), olds.end(), &r) != olds.end()) throw_invalid(trf("'{}' is named twice", s));
    if (r.since && *r.since >= day) throw_invalid(trf("'{}' took its name on {}: a merger must come after", s, *r.since));
    olds.push_back(&r);
  }
  std::int64_t target = 0;
  std::vector<DistrictChange> out;
  if (const StreetRow* existing = find(rows, name)) {
    if (existing->until) current(rows, name);  // refused: it is part of another
    if (olds.empty()) throw_invalid(tr("name the streets to merge"));
    target = existing->id;
  } else {
    if (olds.size() < 2)
      throw_invalid(trf("one street becomes '{}' by a rename; a merger makes a new street of two or more", name));
    target = insert_street(reg, name, day);
    out.push_back({"street", name, day, "", name});
  }
  for (const StreetRow* r : olds) {
    carry_communities(reg, r->id, target, name, true);
    retire(reg, r->id, target, day);
    out.push_back({"merge", r->name, day, r->name, name});
  }
  return out;
}

std::optional<DistrictChange> population_in(registry::Registry& reg, std::int64_t street, const std::string& street_name,
                                            int year, std::int64_t residents, const std::string& kind) {
  if (year < 1949 || year > 2199) throw_invalid(trf("{} is not a year kunqu keeps population for (1949–2199)", year));
  if (residents <= 0) throw_invalid(tr("residents must be a whole number from 1 up"));
  if (kind != "resident" && kind != "registered") throw_invalid(trf("'{}' is not resident or registered", kind));
  auto q = reg.prepare("SELECT residents FROM population WHERE street_id = ? AND year = ? AND kind = ?");
  q.bind(1, street).bind(2, year).bind(3, kind);
  std::optional<std::int64_t> before;
  if (q.step()) before = q.integer(0);
  if (before == residents) return std::nullopt;
  reg.prepare("INSERT INTO population (street_id, year, residents, kind) VALUES (?1, ?2, ?3, ?4) "
              "ON CONFLICT (street_id, year, kind) DO UPDATE SET residents = ?3")
      .bind(1, street)
      .bind(2, year)
      .bind(3, residents)
      .bind(4, kind)
      .run();
  return DistrictChange{"population", street_name, fmt::format("{} {}", year, kind),
                        before ? std::to_string(*before) : "", std::to_string(residents)};
}

std::optional<DistrictChange> community_in(registry::Registry& reg, std::int64_t street, const std::string& street_name,
                                           const std::string& community) {
  const std::string name = checked_name(community, N_("a community needs a name"));
  const auto have = communities_of(reg, street);
  if (std::find(have.begin(), have.end(), name) != have.end()) return std::nullopt;
  reg.prepare("INSERT INTO community (street_id, name) VALUES (?, ?)").bind(1, street).bind(2, name).run();
  return DistrictChange{"community", street_name, name, "", name};
}

std::string changes_json(const std::vector<DistrictChange>& changes) {
  io::JsonArray list;
  for (const auto& c : changes)
    list.add_raw(io::JsonObject()
                     .add("what", c.what)
                     .add("street", c.street)
                     .add("item", c.item)
                     .add("before", c.before)
                     .add("after", c.after)
                     .str());
  return list.str();
}

// Runs `change` in one transaction audited as db.district.
template <typename F>
auto audited(registry::Registry& reg, F&& change) {
  registry::Transaction tx(reg);
  auto made = change();
  std::vector<DistrictChange> list;
  if constexpr (std::is_same_v<decltype(made), DistrictChange>) list.push_back(made);
  else list = made;
  reg.audit("db.district", std::nullopt, io::JsonObject().add_raw("changes", changes_json(list)).str());
  tx.commit();
  return made;
}

}  // namespace

io::Table changes_table(const std::vector<DistrictChange>& changes) {
  io::Table t;
  t.record_name = "change";
  t.columns = {{"what"}, {"street"}, {"item"}, {"before"}, {"after"}};
  for (const auto& c : changes) t.rows.push_back({c.what, c.street, c.item, c.before, c.after});
  return t;
}

std::vector<DistrictChange> apply(registry::Registry& reg, const Profile& profile) {
  std::vector<DistrictChange> out;
  for (const auto& [key, value] : profile.settings) {
    const auto before = reg.setting(key);
    if (before == value) continue;
    reg.set_setting(key, value);
    out.push_back({"setting", "", key, before.value_or(""), value});
  }
  // Streets, in the file's order: one renamed or merged from others comes after them.
  std::set<std::string> accounted;
  bool added_at_init = false;  // the registry had no street: this is its first profile
  for (const auto& s : profile.streets) {
    accounted.insert(s.name);
    if (!s.renamed_from.empty()) accounted.insert(s.renamed_from);
    accounted.insert(s.merged_from.begin(), s.merged_from.end());
    auto rows = street_rows(reg);
    if (!s.renamed_from.empty() && !find(rows, s.name)) {
      out.push_back(rename_in(reg, s.renamed_from, s.name, s.since));
    } else if (!s.merged_from.empty()) {
      std::vector<std::string> pending;
      for (const auto& m : s.merged_from) {
        const StreetRow* r = find(rows, m);
        const StreetRow* into = find(rows, s.name);
        if (!r || !r->until || !into || r->successor != into->id) pending.push_back(m);
      }
      if (!pending.empty()) {
        auto made = merge_in(reg, pending, s.name, s.since);
        out.insert(out.end(), made.begin(), made.end());
      }
    } else if (!find(rows, s.name)) {
      // A street of the first profile stood before the registry; one added later, from today.
      const bool first = rows.empty() || added_at_init;
      added_at_init = first;
      insert_street(reg, checked_name(s.name, N_("a street needs a name")), first ? std::nullopt : std::optional<std::string>(reg.today()));
      out.push_back({"street", s.name, first ? "" : reg.today(), "", s.name});
    }
    rows = street_rows(reg);
    const StreetRow& row = *find(rows, s.name);
    const auto had = communities_of(reg, row.id);
    for (const auto& c : s.communities)
      if (auto made = community_in(reg, row.id, s.name, c)) out.push_back(*made);
    for (const auto& c : had)
      if (std::find(s.communities.begin(), s.communities.end(), c) == s.communities.end() && !row.until)
        throw_invalid(trf("community '{}' of {} is in the registry but not in the profile: kunqu keeps every community; "
                          "add it to the street's communities",
                          c, s.name));
    for (const auto& p : s.population)
      if (auto made = population_in(reg, row.id, s.name, p.year, p.residents, p.kind)) out.push_back(*made);
  }
  for (const auto& r : street_rows(reg))
    if (!r.until && !accounted.count(r.name))
      throw_invalid(trf("street '{}' is in the registry but not in the profile: a street is never removed; give the "
                        "street that carries on from it renamed_from or merged_from and since",
                        r.name));
  return out;
}

std::vector<DistrictChange> load(registry::Registry& reg, const Profile& profile, const std::string& source,
                                 const std::string& digest, bool dry_run,
                                 const std::function<void(registry::Registry&)>& before) {
  registry::Transaction tx(reg);
  if (before) before(reg);
  auto changes = apply(reg, profile);
  if (dry_run) return changes;  // rolled back with the transaction
  reg.audit("db.district", std::nullopt,
            io::JsonObject().add("file", source).add("sha256", digest).add_raw("changes", changes_json(changes)).str());
  tx.commit();
  return changes;
}

DistrictChange set_population(registry::Registry& reg, const std::string& street, int year, std::int64_t residents,
                              const std::string& kind) {
  return audited(reg, [&] {
    const auto rows = street_rows(reg);
    const StreetRow* r = find(rows, street);
    if (!r) current(rows, street);  // refused, naming the streets
    auto made = population_in(reg, r->id, street, year, residents, kind);
    return made ? *made : DistrictChange{"population", street, fmt::format("{} {}", year, kind), std::to_string(residents),
                                         std::to_string(residents)};
  });
}

DistrictChange add_community(registry::Registry& reg, const std::string& street, const std::string& community) {
  return audited(reg, [&] {
    const auto rows = street_rows(reg);
    const StreetRow& r = current(rows, street);
    auto made = community_in(reg, r.id, street, community);
    if (!made) throw_invalid(trf("'{}' is a community of {} already", io::trim(community), street));
    return *made;
  });
}

DistrictChange add_street(registry::Registry& reg, const std::string& street) {
  return audited(reg, [&] {
    const std::string name = checked_name(street, N_("a street needs a name"));
    if (find(street_rows(reg), name)) throw_invalid(trf("a street named '{}' exists already", name));
    insert_street(reg, name, reg.today());
    return DistrictChange{"street", name, reg.today(), "", name};
  });
}

DistrictChange rename_street(registry::Registry& reg, const std::string& street, const std::string& new_name,
                             const std::string& day) {
  return audited(reg, [&] { return rename_in(reg, street, new_name, checked_day(day)); });
}

std::vector<DistrictChange> merge_streets(registry::Registry& reg, const std::vector<std::string>& streets,
                                          const std::string& into, const std::string& day) {
  return audited(reg, [&] { return merge_in(reg, streets, into, checked_day(day)); });
}

io::Table streets_table(registry::Registry& reg) {
  io::Table t;
  t.record_name = "street";
  using CT = io::ColumnType;
  t.columns = {{"street"}, {"named_from", CT::kDate}, {"named_until", CT::kDate}, {"successor"}, {"communities", CT::kInteger},
               {"population_years"}};
  auto q = reg.prepare(
      "SELECT s.name, s.since, s.until, (SELECT n.name FROM street n WHERE n.id = s.successor_id), "
      "(SELECT count(*) FROM community c WHERE c.street_id = s.id), "
      "(SELECT group_concat(year, ' ') FROM (SELECT DISTINCT year FROM population p WHERE p.street_id = s.id ORDER BY year)) "
      "FROM street s ORDER BY s.id");
  while (q.step())
    t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3), std::to_string(q.integer(4).value_or(0)), q.text(5)});
  return t;
}

bool has_history(registry::Registry& reg) {
  auto q = reg.prepare("SELECT 1 FROM street WHERE until IS NOT NULL LIMIT 1");
  return q.step();
}

std::string street_on_day_sql(const std::string& street, const std::string& day) {
  // Forward through every rename and merger in force by the day; back through a rename (a
  // street with one predecessor) that came after it.
  return fmt::format(
      "coalesce((WITH RECURSIVE chain(id, depth) AS (SELECT id, 0 FROM street WHERE name = {0} "
      "UNION ALL SELECT s.successor_id, c.depth + 1 FROM chain c JOIN street s ON s.id = c.id "
      "WHERE s.until IS NOT NULL AND s.until <= {1} AND s.successor_id IS NOT NULL AND c.depth < 64) "
      "SELECT CASE WHEN t.since > {1} AND (SELECT count(*) FROM street p WHERE p.successor_id = t.id) = 1 "
      "THEN (SELECT p.name FROM street p WHERE p.successor_id = t.id) ELSE t.name END "
      "FROM street t WHERE t.id = (SELECT id FROM chain ORDER BY depth DESC LIMIT 1)), {0})",
      street, day);
}

std::vector<StreetResidents> residents_on(registry::Registry& reg, const std::string& day, int year) {
  const auto rows = street_rows(reg);
  // Each street's latest figure up to `year`: the resident population, else the registered one.
  std::map<std::int64_t, std::pair<std::int64_t, int>> own;
  auto q = reg.prepare(
      "SELECT street_id, year, coalesce(max(CASE WHEN kind = 'resident' THEN residents END), "
      "max(CASE WHEN kind = 'registered' THEN residents END)) FROM population WHERE year <= ? "
      "GROUP BY street_id, year ORDER BY street_id, year");
  q.bind(1, year);
  while (q.step()) own[*q.integer(0)] = {q.integer(2).value_or(0), static_cast<int>(*q.integer(1))};
  // A street's own figure counts the streets merged into it by the end of its year; those merged
  // later (or all, for a street without a figure) are added from their own figures.
  std::function<std::pair<std::int64_t, int>(std::int64_t, int)> residents = [&](std::int64_t id, int depth) {
    std::pair<std::int64_t, int> sum{0, 0};
    if (auto it = own.find(id); it != own.end()) sum = it->second;
    if (depth < 64)
      for (const auto& r : rows)
        if (r.successor == id && r.until && *r.until <= day &&
            (!sum.second || sum.second < std::stoi(r.until->substr(0, 4)))) {
          const auto part = residents(r.id, depth + 1);
          sum.first += part.first;
          if (part.second && (!sum.second || part.second < sum.second)) sum.second = part.second;
        }
    return sum;
  };
  std::vector<StreetResidents> out;
  for (const auto& r : rows) {
    const bool begun = !r.since || *r.since <= day;
    const bool ended = r.until && *r.until <= day;
    if (!begun || ended) continue;
    const auto [people, of] = residents(r.id, 0);
    out.push_back({r.name, people, of});
  }
  return out;
}

}  // namespace kunqu::profile
