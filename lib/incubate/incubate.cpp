// The incubator: admission rules, capacity by date, reviews, graduation, withdrawal,
// extension, and its views (stays, reviews, extensions, sites).
#include "incubate/incubate.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "error.h"
#include "i18n/messages.h"
#include "incubate/internal.h"
#include "io/json.h"
#include "io/text.h"
#include "org/fields.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "supervision/supervision.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::incubate {

using validate::Problems;

namespace {

vocab::FieldSpec build_statuses() {
  return {"status", vocab::FieldKind::kEnum, "孵化状态", {},
          {{"in_residence", {"在孵", "入驻", "孵化中"}}, {"graduated", {"出壳", "已出壳", "毕业"}}, {"withdrawn", {"退出", "已退出"}}}};
}

}  // namespace

const vocab::FieldSpec& statuses() {
  static const vocab::FieldSpec spec = build_statuses();
  return spec;
}

std::vector<Site> configured_sites(Registry& reg) {
  std::vector<Site> out;
  for (const auto& [name, capacity] : profile::parse_sites(profile::setting(reg, "incubator_sites"))) out.push_back({name, capacity});
  return out;
}

std::string site_names(const std::vector<Site>& sites) {
  std::string s;
  for (const auto& x : sites) s += (s.empty() ? "" : ", ") + x.name;
  return s;
}

namespace {

// The site named `name`, or a problem saying which sites there are.
std::optional<Site> site_of(Registry& reg, const std::string& name, Problems& p, const std::string& field = "site") {
  auto sites = configured_sites(reg);
  if (sites.empty())
    throw_invalid(tr("no incubator sites are set up (‹db settings› incubator_sites '昆都仑区社会组织孵化园=20; 沼潭街道社会组织孵化中心=6')"));
  std::string n = io::trim(name);
  if (n.empty()) {
    p.bad(field, trf("is required (one of {})", site_names(sites)));
    return std::nullopt;
  }
  for (const auto& s : sites)
    if (s.name == n) return s;
  p.bad(field, trf("'{}' is not an incubator site (the sites are {})", n, site_names(sites)));
  return std::nullopt;
}

}  // namespace

int occupancy(Registry& reg, const std::string& site, const std::string& date) {
  auto q = reg.prepare("SELECT count(*) FROM incubation WHERE site = ?1 AND admitted_on <= ?2 AND (ended_on IS NULL OR ended_on > ?2)");
  q.bind(1, site).bind(2, date);
  q.step();
  return static_cast<int>(*q.integer(0));
}

namespace {

// The first date in [from, until) on which `site` has no place left for one more stay: `from`
// itself, or a later admission date while the stay would last. nullopt when there is room.
std::optional<std::pair<std::string, int>> full_on(Registry& reg, const Site& site, const std::string& from,
                                                   const std::optional<std::string>& until) {
  std::vector<std::string> dates{from};
  auto q = reg.prepare("SELECT DISTINCT admitted_on FROM incubation WHERE site = ?1 AND admitted_on > ?2 AND (?3 IS NULL OR admitted_on < ?3) ORDER BY 1");
  q.bind(1, site.name).bind(2, from).bind(3, until);
  while (q.step()) dates.push_back(q.text_or(0, ""));
  for (const auto& d : dates) {
    int n = occupancy(reg, site.name, d);
    if (n >= site.capacity) return std::make_pair(d, n);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Stay> open_stay(Registry& reg, std::int64_t org_id) {
  auto q = reg.prepare("SELECT id, site, admitted_on, planned_end FROM incubation WHERE org_id = ? AND status = 'in_residence'");
  q.bind(1, org_id);
  if (!q.step()) return std::nullopt;
  return Stay{*q.integer(0), q.text_or(1, ""), q.text_or(2, ""), q.text_or(3, "")};
}

namespace {

Stay require_open_stay(Registry& reg, const org::Org& o) {
  auto s = open_stay(reg, o.id);
  if (!s) throw_invalid(trf("{} is not in residence in the incubator (‹incubate admit›)", org::label(o)));
  return *s;
}

}  // namespace

std::optional<std::string> overlapping(Registry& reg, std::int64_t org_id, const std::string& from,
                                       const std::optional<std::string>& until, std::int64_t except) {
  auto q = reg.prepare(
      "SELECT site, admitted_on, coalesce(ended_on, '') FROM incubation WHERE org_id = ?1 AND id <> ?4 "
      "AND (ended_on IS NULL OR ended_on > ?2) AND (?3 IS NULL OR admitted_on < ?3) ORDER BY admitted_on LIMIT 1");
  q.bind(1, org_id).bind(2, from).bind(3, until).bind(4, except);
  if (!q.step()) return std::nullopt;
  std::string ended = q.text_or(2, "");
  return ended.empty() ? trf("its stay at {} from {} (still in residence)", q.text_or(0, ""), q.text_or(1, ""))
                       : trf("its stay at {} from {} to {}", q.text_or(0, ""), q.text_or(1, ""), ended);
}

std::string admission_refusal(Registry& reg, const org::Org& o) {
  const std::string status = o[org::kStatus].value_or("active");
  if (status != "active") return trf("it is {}; only an active org is admitted", vocab::said(org::fields()[org::kStatus], status));
  if (auto s = supervision::listed_since(reg, o.id, "serious"))
    return trf("it is on the serious-violation list (since {})", *s);
  if (auto s = supervision::listed_since(reg, o.id, "abnormal"))
    return trf("it is on the abnormal-activity list (since {})", *s);
  return {};
}

namespace {

std::string planned_end_for(Registry& reg, const std::string& admitted, const std::string& term, const std::string& until,
                            Problems& p) {
  if (!io::trim(until).empty()) {
    if (!io::trim(term).empty()) p.bad("term", tr("give the planned term or the planned end (‹until›), not both"));
    auto d = validate::parse_date(until);
    if (!d) {
      p.bad("until", d.error, d.hint);
      return {};
    }
    if (*d.value <= admitted) {
      p.bad("until", trf("{} is not after the admission date {}", *d.value, admitted));
      return {};
    }
    return *d.value;
  }
  std::string span = io::trim(term).empty() ? profile::setting(reg, "incubation_term") : io::trim(term);
  auto end = validate::add_span(admitted, span);
  if (!end && validate::is_span(span)) {
    p.bad("term", trf("a term of {} from {} ends after 2199-12-31, beyond the dates kunqu keeps", span, admitted));
    return {};
  }
  if (!end || *end <= admitted) {
    p.bad("term", trf("'{}' is not a term like 2y, 18m or 540d", span));
    return {};
  }
  return *end;
}

}  // namespace

std::int64_t admit(Registry& reg, std::string_view token, const Admission& a) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string now = reg.today();
  Problems p;
  auto site = site_of(reg, a.site, p);
  auto date = p.date("date", a.date, now);
  if (date && *date < org::entered_on(o)) {
    p.bad("date", trf("{} is before {} entered the registry ({})", *date, org::label(o), org::entered_on(o)));
    date.reset();
  }
  std::string end = date ? planned_end_for(reg, *date, a.term, a.until, p) : "";
  p.raise(tr("nothing was recorded"));

  auto refuse = [&](const std::string& why) { throw_invalid(trf("{} is not admitted: {}", org::label(o), why)); };
  if (auto why = admission_refusal(reg, o); !why.empty()) refuse(why);
  if (auto stay = open_stay(reg, o.id)) refuse(trf("it is already in residence at {} since {}", stay->site, stay->admitted_on));
  if (auto other = overlapping(reg, o.id, *date, std::nullopt)) refuse(trf("{} overlaps this one", *other));
  if (auto full = full_on(reg, *site, *date, std::nullopt))
    refuse(trf("{} is full on {}: {} of {} places taken", site->name, full->first, full->second, site->capacity));

  io::JsonObject detail;
  detail.add("site", site->name).add("admitted_on", *date).add("planned_end", end);
  detail.add("mentor", opt(a.mentor)).add("project", opt(a.project)).add("note", opt(a.note));
  reg.audit("incubate.admit", o.id, detail.str());
  auto q = reg.prepare("INSERT INTO incubation (org_id, site, admitted_on, planned_end, mentor, project, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, o.id).bind(2, site->name).bind(3, *date).bind(4, end).bind(5, opt(a.mentor)).bind(6, opt(a.project)).bind(7, opt(a.note));
  q.run();
  std::int64_t id = reg.last_insert_rowid();
  tx.commit();
  return id;
}

void review(Registry& reg, std::string_view token, const std::string& date_text, const std::string& score_text,
            const std::string& note, const std::string& admitted) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string now = reg.today();
  Problems p;
  // The stay reviewed: the one admitted on `admitted`, else the one in residence.
  Stay stay;
  std::optional<std::string> ended;
  if (io::trim(admitted).empty()) {
    stay = require_open_stay(reg, o);
  } else {
    auto day = p.date("admitted", admitted, now);
    p.raise(tr("nothing was recorded"));
    auto q = reg.prepare("SELECT id, site, admitted_on, planned_end, ended_on FROM incubation WHERE org_id = ? AND admitted_on = ?");
    q.bind(1, o.id).bind(2, *day);
    if (!q.step()) p.bad("admitted", trf("{} has no stay admitted on {}", org::label(o), *day));
    p.raise(tr("nothing was recorded"));
    stay = Stay{*q.integer(0), q.text_or(1, ""), q.text_or(2, ""), q.text_or(3, "")};
    ended = q.text(4);
  }
  auto date = p.date("date", date_text, now);
  if (date && *date < stay.admitted_on) p.bad("date", trf("{} is before the admission on {}", *date, stay.admitted_on));
  if (date && ended && *date > *ended) p.bad("date", trf("{} is after the stay ended on {}", *date, *ended));
  auto score = validate::parse_count(score_text);
  if (!score || *score.value > 100) p.bad("score", trf("'{}' is not a score from 0 to 100", io::trim(score_text)));
  p.raise(tr("nothing was recorded"));
  const int mark = std::stoi(profile::setting(reg, "incubation_pass_mark"));
  const bool passed = *score.value >= mark;
  io::JsonObject detail;
  detail.add("site", stay.site).add("date", *date).add("score", static_cast<long long>(*score.value));
  detail.add("pass_mark", static_cast<long long>(mark)).add("note", opt(note));
  std::int64_t audit_id = reg.audit("incubate.review", o.id, detail.str());
  auto q = reg.prepare("INSERT INTO incubation_review (incubation_id, reviewed_on, score, passed, note, audit_id) VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, stay.id).bind(2, *date).bind(3, *score.value).bind(4, static_cast<std::int64_t>(passed)).bind(5, opt(note)).bind(6, audit_id);
  q.run();
  tx.commit();
}

void graduate(Registry& reg, std::string_view token, const Graduation& g) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  Stay stay = require_open_stay(reg, o);
  const std::string now = reg.today();
  Problems p;
  auto date = p.date("date", g.date, now);
  if (date && *date < stay.admitted_on) p.bad("date", trf("{} is before the admission on {}", *date, stay.admitted_on));
  const bool early = date && *date < stay.planned_end;
  if (early && io::trim(g.reason).empty())
    p.bad("reason", trf("graduating before the planned end {} is early: say why (‹reason›)", stay.planned_end));
  p.raise(tr("nothing was recorded"));
  if (io::trim(g.force).empty()) {
    auto q = reg.prepare("SELECT 1 FROM incubation_review WHERE incubation_id = ? AND passed = 1 AND reviewed_on <= ? LIMIT 1");
    q.bind(1, stay.id).bind(2, *date);
    if (!q.step())
      throw_invalid(trf("{} does not graduate: it has no passing review (score {} or more) on or before {}; "
                        "review it first, or give ‹force› REASON",
                        org::label(o), profile::setting(reg, "incubation_pass_mark"), *date));
  }
  io::JsonObject detail;
  detail.add("site", stay.site).add("date", *date).add("planned_end", stay.planned_end).add_raw("early", early ? "true" : "false");
  detail.add("reason", opt(g.reason)).add("force", opt(g.force)).add("note", opt(g.note));
  reg.audit("incubate.graduate", o.id, detail.str());
  auto q = reg.prepare(
      "UPDATE incubation SET status = 'graduated', ended_on = ?, early = ?, end_reason = ?, forced = ?, "
      "note = coalesce(?, note) WHERE id = ?");
  q.bind(1, *date).bind(2, static_cast<std::int64_t>(early)).bind(3, opt(g.reason)).bind(4, opt(g.force)).bind(5, opt(g.note)).bind(6, stay.id);
  q.run();
  tx.commit();
}

void withdraw(Registry& reg, std::string_view token, const std::string& date_text, const std::string& reason) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  Stay stay = require_open_stay(reg, o);
  Problems p;
  auto date = p.date("date", date_text, reg.today());
  if (date && *date < stay.admitted_on) p.bad("date", trf("{} is before the admission on {}", *date, stay.admitted_on));
  if (io::trim(reason).empty()) p.bad("reason", tr("is required: why the org leaves the incubator"));
  p.raise(tr("nothing was recorded"));
  io::JsonObject detail;
  detail.add("site", stay.site).add("date", *date).add("reason", io::trim(reason));
  reg.audit("incubate.withdraw", o.id, detail.str());
  auto q = reg.prepare("UPDATE incubation SET status = 'withdrawn', ended_on = ?, end_reason = ? WHERE id = ?");
  q.bind(1, *date).bind(2, io::trim(reason)).bind(3, stay.id);
  q.run();
  tx.commit();
}

void extend(Registry& reg, std::string_view token, const std::string& until_text, const std::string& reason,
            const std::string& date_text) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  Stay stay = require_open_stay(reg, o);
  const std::string now = reg.today();
  Problems p;
  auto until = validate::parse_date(until_text);
  if (!until) p.bad("until", until.error, until.hint);
  else if (*until.value <= stay.planned_end)
    p.bad("until", trf("{} is not after the planned end {}", *until.value, stay.planned_end));
  if (io::trim(reason).empty()) p.bad("reason", tr("is required: why the stay is extended"));
  auto date = io::trim(date_text).empty() ? std::optional<std::string>(now) : p.date("date", date_text, now);
  if (date && *date < stay.admitted_on) p.bad("date", trf("{} is before the admission on {}", *date, stay.admitted_on));
  p.raise(tr("nothing was changed"));
  io::JsonObject detail;
  detail.add("site", stay.site).add("date", *date).add("before", stay.planned_end).add("after", *until.value);
  detail.add("reason", io::trim(reason));
  std::int64_t audit_id = reg.audit("incubate.extend", o.id, detail.str());
  auto q = reg.prepare("INSERT INTO incubation_extension (incubation_id, decided_on, old_end, new_end, reason, audit_id) VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, stay.id).bind(2, *date).bind(3, stay.planned_end).bind(4, *until.value).bind(5, io::trim(reason)).bind(6, audit_id);
  q.run();
  auto u = reg.prepare("UPDATE incubation SET planned_end = ? WHERE id = ?");
  u.bind(1, *until.value).bind(2, stay.id);
  u.run();
  tx.commit();
}

namespace {

constexpr const char* kLastReview =
    "LEFT JOIN incubation_review r ON r.id = (SELECT x.id FROM incubation_review x WHERE x.incubation_id = i.id "
    "ORDER BY x.reviewed_on DESC, x.id DESC LIMIT 1)";

io::Table stay_table() {
  io::Table t;
  t.record_name = "incubation";
  t.columns = {{"key"},         {"name"},        vocab::column_of(org::fields()[org::kTier]),   {"site"},     {"admitted_on", io::ColumnType::kDate},
               {"planned_end", io::ColumnType::kDate}, vocab::coded("status", statuses()), {"ended_on", io::ColumnType::kDate},
               {"early", io::ColumnType::kBool},       {"last_review", io::ColumnType::kDate},
               {"score", io::ColumnType::kInteger},    {"mentor"}, {"project"}};
  return t;
}

constexpr const char* kStaySelect =
    "SELECT o.id, o.name, o.tier, i.site, i.admitted_on, i.planned_end, i.status, i.ended_on, "
    "CASE i.early WHEN 1 THEN 'true' WHEN 0 THEN 'false' END, r.reviewed_on, r.score, i.mentor, i.project, i.id "
    "FROM incubation i JOIN org o ON o.id = i.org_id ";

io::Row stay_row(const registry::Query& q) {
  io::Row row{registry::org_key(*q.integer(0))};
  for (int c = 1; c <= 12; ++c) row.push_back(q.text(c));
  return row;
}

}  // namespace

io::Table list(Registry& reg, const Filter& f) {
  const std::string now = reg.today();
  registry::Where where("WHERE 1");
  where.text(f.site, " AND i.site = ?");
  if (f.org) where.add(" AND i.org_id = ?", std::to_string(org::find(reg, *f.org).id));
  where.code("status", f.status, statuses(), " AND i.status = ?");
  where.dates("admitted", f.admitted_since, f.admitted_until, "i.admitted_on");
  if (f.due_within) {
    std::string end = registry::option_span("due_within", *f.due_within, now);
    where.add(" AND i.status = 'in_residence' AND i.planned_end >= ?", now);
    where.add(" AND i.planned_end <= ?", end);
  }
  if (f.overdue) where.add(" AND i.status = 'in_residence' AND i.planned_end < ?", now);
  std::string sql = std::string(kStaySelect) + kLastReview + " " + where.sql() + " ORDER BY i.admitted_on, i.id";
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
  io::Table t = stay_table();
  while (q.step()) t.rows.push_back(stay_row(q));
  return t;
}

io::Table stays_of(Registry& reg, std::int64_t org_id, std::optional<std::int64_t>* latest) {
  auto q = reg.prepare(std::string(kStaySelect) + kLastReview + " WHERE i.org_id = ? ORDER BY i.admitted_on, i.id");
  q.bind(1, org_id);
  io::Table t = stay_table();
  while (q.step()) {
    t.rows.push_back(stay_row(q));
    if (latest) *latest = q.integer(13);
  }
  return t;
}

io::Table reviews(Registry& reg, std::int64_t stay) {
  auto q = reg.prepare("SELECT reviewed_on, score, CASE passed WHEN 1 THEN 'true' ELSE 'false' END, note FROM incubation_review "
                       "WHERE incubation_id = ? ORDER BY reviewed_on, id");
  q.bind(1, stay);
  io::Table t;
  t.record_name = "review";
  t.columns = {{"date", io::ColumnType::kDate}, {"score", io::ColumnType::kInteger}, {"passed", io::ColumnType::kBool}, {"note"}};
  while (q.step()) t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
  return t;
}

io::Table extensions(Registry& reg, std::int64_t stay) {
  auto q = reg.prepare("SELECT decided_on, old_end, new_end, reason FROM incubation_extension WHERE incubation_id = ? ORDER BY id");
  q.bind(1, stay);
  io::Table t;
  t.record_name = "extension";
  t.columns = {{"date", io::ColumnType::kDate}, {"old_end", io::ColumnType::kDate}, {"new_end", io::ColumnType::kDate}, {"reason"}};
  while (q.step()) t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
  return t;
}

std::vector<std::pair<std::string, std::string>> site_problems(Registry& reg, const std::string& value) {
  std::map<std::string, int> capacity;
  for (const auto& [name, n] : profile::parse_sites(value)) capacity[name] = n;
  std::vector<std::pair<std::string, std::string>> out;
  auto q = reg.prepare(
      "SELECT site, count(*), group_concat(printf('K%07d', org_id), ', ') FROM "
      "(SELECT site, org_id FROM incubation WHERE status = 'in_residence' ORDER BY site, org_id) GROUP BY site ORDER BY site");
  while (q.step()) {
    const std::string site = q.text_or(0, "");
    const auto residents = q.integer(1).value_or(0);
    const std::string who = q.text_or(2, "");
    auto it = capacity.find(site);
    if (it == capacity.end())
      out.emplace_back(site, trnf("is not among the sites, but {} org is in residence there: {}",
                                  "is not among the sites, but {} orgs are in residence there: {}",
                                  static_cast<unsigned long>(residents), residents, who));
    else if (it->second < residents)
      out.emplace_back(site, trnf("holds {} at most, but {} org is in residence there: {}",
                                  "holds {} at most, but {} orgs are in residence there: {}",
                                  static_cast<unsigned long>(residents), it->second, residents, who));
  }
  return out;
}

std::string set_sites(Registry& reg, const std::string& value) {
  return profile::change_setting(reg, "incubator_sites", value, [](Registry& r, const std::string& v) {
    std::vector<Diagnostic> found;
    for (auto& [site, problem] : site_problems(r, v)) found.push_back(Diagnostic{"", 0, 0, site, std::move(problem)});
    if (found.empty()) return;
    const auto n = found.size();
    throw Error(ErrorKind::kInvalidData,
                trnf("{} problem; incubator_sites is unchanged", "{} problems; incubator_sites is unchanged", n, n),
                std::move(found));
  });
}

io::Table sites(Registry& reg, const std::string& date) {
  io::Table t;
  t.record_name = "site";
  t.columns = {{"site"}, {"capacity", io::ColumnType::kInteger}, {"in_residence", io::ColumnType::kInteger}, {"free", io::ColumnType::kInteger}};
  for (const auto& s : configured_sites(reg)) {
    int n = occupancy(reg, s.name, date);
    t.rows.push_back({s.name, std::to_string(s.capacity), std::to_string(n), std::to_string(std::max(0, s.capacity - n))});
  }
  return t;
}

}  // namespace kunqu::incubate
