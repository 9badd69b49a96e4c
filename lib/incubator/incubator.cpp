// The incubator: admission rules, capacity by date, reviews, graduation, withdrawal,
// extension, views and files. All SQL of incubation lives here.
#include "incubator/incubator.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/fields.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "supervision/supervision.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"

namespace kunqu::incubator {

namespace {

using validate::Problems;

std::optional<std::string> opt(const std::string& s) { return io::trimmed_or_null(s); }

org::FieldSpec build_statuses() {
  return {"status", org::FieldKind::kEnum, "孵化状态", {},
          {{"in_residence", {"在孵", "入驻", "孵化中"}}, {"graduated", {"出壳", "已出壳", "毕业"}}, {"withdrawn", {"退出", "已退出"}}}};
}
const org::FieldSpec& statuses() {
  static const org::FieldSpec spec = build_statuses();
  return spec;
}

struct Site {
  std::string name;
  int capacity = 0;
};

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

// The site named `name`, or a problem saying which sites there are.
std::optional<Site> site_of(Registry& reg, const std::string& name, Problems& p, const std::string& field = "site") {
  auto sites = configured_sites(reg);
  if (sites.empty())
    throw_invalid(tr("no incubator sites are set up (kunqu db settings incubator_sites '昆都仑区社会组织孵化园=20; 沼潭街道社会组织孵化中心=6')"));
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

// Stays at `site` occupying a place on `date`: admitted by then and not ended by then.
int occupancy(Registry& reg, const std::string& site, const std::string& date) {
  auto q = reg.prepare("SELECT count(*) FROM incubation WHERE site = ?1 AND admitted_on <= ?2 AND (ended_on IS NULL OR ended_on > ?2)");
  q.bind(1, site).bind(2, date);
  q.step();
  return static_cast<int>(*q.integer(0));
}

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

struct Stay {
  std::int64_t id = 0;
  std::string site, admitted_on, planned_end;
};

std::optional<Stay> open_stay(Registry& reg, std::int64_t org_id) {
  auto q = reg.prepare("SELECT id, site, admitted_on, planned_end FROM incubation WHERE org_id = ? AND status = 'in_residence'");
  q.bind(1, org_id);
  if (!q.step()) return std::nullopt;
  return Stay{*q.integer(0), q.text_or(1, ""), q.text_or(2, ""), q.text_or(3, "")};
}

Stay require_open_stay(Registry& reg, const org::Org& o) {
  auto s = open_stay(reg, o.id);
  if (!s) throw_invalid(trf("{} is not in residence in the incubator (kunqu incubate admit)", org::label(o)));
  return *s;
}

// A stay of the org that overlaps [from, until) (until nullopt: open-ended), other than `except`.
std::optional<std::string> overlapping(Registry& reg, std::int64_t org_id, const std::string& from,
                                       const std::optional<std::string>& until, std::int64_t except = 0) {
  auto q = reg.prepare(
      "SELECT site, admitted_on, coalesce(ended_on, '') FROM incubation WHERE org_id = ?1 AND id <> ?4 "
      "AND (ended_on IS NULL OR ended_on > ?2) AND (?3 IS NULL OR admitted_on < ?3) ORDER BY admitted_on LIMIT 1");
  q.bind(1, org_id).bind(2, from).bind(3, until).bind(4, except);
  if (!q.step()) return std::nullopt;
  std::string ended = q.text_or(2, "");
  return ended.empty() ? trf("its stay at {} from {} (still in residence)", q.text_or(0, ""), q.text_or(1, ""))
                       : trf("its stay at {} from {} to {}", q.text_or(0, ""), q.text_or(1, ""), ended);
}

// The rules of admission that concern the org itself, as a refusal message, or "".
std::string admission_refusal(Registry& reg, const org::Org& o) {
  const std::string status = o[org::kStatus].value_or("active");
  if (status != "active") return trf("it is {}; only an active org is admitted", org::said(org::fields()[org::kStatus], status));
  if (auto s = supervision::listed_since(reg, o.id, "serious"))
    return trf("it is on the serious-violation list (since {})", *s);
  if (auto s = supervision::listed_since(reg, o.id, "abnormal"))
    return trf("it is on the abnormal-activity list (since {})", *s);
  return {};
}

std::string planned_end_for(Registry& reg, const std::string& admitted, const std::string& term, const std::string& until,
                            Problems& p) {
  if (!io::trim(until).empty()) {
    if (!io::trim(term).empty()) p.bad("term", tr("give the planned term or the planned end (--until), not both"));
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
            const std::string& note) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  Stay stay = require_open_stay(reg, o);
  const std::string now = reg.today();
  Problems p;
  auto date = p.date("date", date_text, now);
  if (date && *date < stay.admitted_on) p.bad("date", trf("{} is before the admission on {}", *date, stay.admitted_on));
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
    p.bad("reason", trf("graduating before the planned end {} is early: say why (--reason)", stay.planned_end));
  p.raise(tr("nothing was recorded"));
  if (io::trim(g.force).empty()) {
    auto q = reg.prepare("SELECT 1 FROM incubation_review WHERE incubation_id = ? AND passed = 1 AND reviewed_on <= ? LIMIT 1");
    q.bind(1, stay.id).bind(2, *date);
    if (!q.step())
      throw_invalid(trf("{} does not graduate: it has no passing review (score {} or more) on or before {}; "
                        "review it first, or give --force REASON",
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
  t.columns = {{"key"},         {"name"},        org::column_of(org::fields()[org::kTier]),   {"site"},     {"admitted_on", io::ColumnType::kDate},
               {"planned_end", io::ColumnType::kDate}, org::coded("status", statuses()), {"ended_on", io::ColumnType::kDate},
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
  std::string where = "WHERE 1";
  std::vector<std::string> params;
  auto add = [&](const std::string& clause, std::string v) {
    where += clause;
    params.push_back(std::move(v));
  };
  if (f.site) add(" AND i.site = ?", io::trim(*f.site));
  if (f.org) add(" AND i.org_id = ?", std::to_string(org::find(reg, *f.org).id));
  if (f.status) {
    auto s = org::enum_code(statuses(), *f.status);
    if (!s) throw_usage(trf("--status '{}' is not one of {}", *f.status, org::enum_codes_list(statuses())));
    add(" AND i.status = ?", *s);
  }
  for (auto* d : {&f.admitted_since, &f.admitted_until}) {
    if (!*d) continue;
    auto parsed = validate::parse_date(**d);
    if (!parsed) throw_usage(fmt::format("--admitted-{}: {}", d == &f.admitted_since ? "since" : "until", parsed.error));
    add(d == &f.admitted_since ? " AND i.admitted_on >= ?" : " AND i.admitted_on <= ?", *parsed.value);
  }
  if (f.due_within) {
    auto end = validate::add_span(now, io::trim(*f.due_within));
    if (!end) throw_usage(trf("--due-within '{}' is not a span like 90d, 6m or 1y", *f.due_within));
    add(" AND i.status = 'in_residence' AND i.planned_end >= ?", now);
    add(" AND i.planned_end <= ?", *end);
  }
  if (f.overdue) add(" AND i.status = 'in_residence' AND i.planned_end < ?", now);
  std::string sql = std::string(kStaySelect) + kLastReview + " " + where + " ORDER BY i.admitted_on, i.id";
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
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

// ---- files ----

namespace {

enum Col : std::size_t { kOrg, kOrgName, kSite, kAdmitted, kPlannedEnd, kMentor, kProject, kStatus, kEnded, kReason, kNote, kColCount };

struct ColSpec {
  const char* name;
  std::vector<std::string> aliases;
};

const std::vector<ColSpec>& col_specs() {
  static const std::vector<ColSpec> specs = {
      {"org", {"组织", "统一社会信用代码", "备案号", "编号"}},
      {"org_name", {"组织名称", "名称"}},
      {"site", {"孵化基地", "基地"}},
      {"admitted_on", {"入驻日期", "入孵日期"}},
      {"planned_end", {"计划出壳日期", "孵化期满日期"}},
      {"mentor", {"导师", "孵化导师"}},
      {"project", {"孵化项目", "项目"}},
      {"status", {"孵化状态", "状态"}},
      {"ended_on", {"出壳日期", "退出日期", "结束日期"}},
      {"end_reason", {"原因", "提前出壳原因", "退出原因"}},
      {"note", {"备注"}},
  };
  return specs;
}

}  // namespace

const std::vector<std::string>& file_columns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& s : col_specs()) n.push_back(s.name);
    return n;
  }();
  return names;
}

bool several_lines(std::size_t column) { return column == kReason || column == kNote; }

std::optional<std::size_t> resolve_header(std::string_view header) {
  std::string h = io::to_lower_ascii(io::trim(header));
  const auto& specs = col_specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (h == specs[i].name) return i;
    for (const auto& a : specs[i].aliases)
      if (h == a) return i;
  }
  return std::nullopt;
}

io::Table export_stays(Registry& reg, const Filter& filter) {
  io::Table listed = list(reg, filter);
  io::Table t;
  t.record_name = "incubation";
  for (std::size_t i = 0; i < kColCount; ++i) {
    io::ColumnType type = io::ColumnType::kText;
    if (i == kAdmitted || i == kPlannedEnd || i == kEnded) type = io::ColumnType::kDate;
    t.columns.push_back(org::file_column(col_specs()[i].name, type, col_specs()[i].aliases, i == kStatus ? &statuses() : nullptr));
  }
  // The rows of `listed` in admission order; the file columns come from the stay itself.
  auto q = reg.prepare(
      "SELECT coalesce(o.credit_code, o.filing_no, printf('K%07d', o.id)), o.name, i.site, i.admitted_on, i.planned_end, "
      "i.mentor, i.project, i.status, i.ended_on, i.end_reason, i.note FROM incubation i JOIN org o ON o.id = i.org_id "
      "WHERE o.id = ? AND i.admitted_on = ?");
  for (const auto& row : listed.rows) {
    q.reset();
    q.bind(1, *registry::parse_org_key(*row[0])).bind(2, *row[4]);
    if (!q.step()) continue;
    io::Row out;
    for (int c = 0; c < static_cast<int>(kColCount); ++c) out.push_back(q.text(c));
    t.rows.push_back(std::move(out));
  }
  return t;
}

ImportResult import(Registry& reg, io::RecordReader& reader, const ImportOptions& options) {
  registry::Transaction tx(reg);
  ImportResult result;
  const std::string now = reg.today();
  result.batch = reg.audit("incubate.import", std::nullopt, "{}");
  io::ImportProblems problems(options.max_errors);
  auto keep = [&](Diagnostic d) { problems.add(std::move(d)); };
  auto sites = configured_sites(reg);
  auto insert = reg.prepare(
      "INSERT INTO incubation (org_id, site, admitted_on, planned_end, mentor, project, status, ended_on, early, end_reason, note, created_batch) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::map<std::int64_t, int> line_of;        // stay id → line, for problems found at the end
  std::map<std::string, Site> touched;        // sites this file adds stays to
  io::RawRecord rec;
  while (io::next_record(reader, rec, problems)) {
    ++result.rows;
    auto cell = [&](Col c) -> std::string {
      const auto* f = rec.find(c);
      return f ? io::trim(f->value) : std::string();
    };
    auto bad = [&](Col c, std::string message, std::string hint = {}) {
      Diagnostic d{reader.file_name(), rec.line, rec.column, col_specs()[c].name, std::move(message), std::move(hint)};
      if (const auto* f = rec.find(c)) {
        if (f->refused) return;  // the reader said why, at the cell
        d.line = f->line;
        d.column = f->column;
      }
      keep(std::move(d));
    };
    const std::size_t before = problems.count();
    std::optional<org::Org> o;
    if (cell(kOrg).empty()) {
      bad(kOrg, tr("is required (the org's key, credit code or filing number)"));
    } else {
      try {
        o = org::find(reg, cell(kOrg));
      } catch (const Error& e) {
        bad(kOrg, e.what());
      }
    }
    if (o && !cell(kOrgName).empty() && cell(kOrgName) != o->values[org::kName].value_or(""))
      bad(kOrgName, trf("'{}' is not the name of {}", cell(kOrgName), org::label(*o)));
    std::optional<Site> site;
    if (cell(kSite).empty()) bad(kSite, trf("is required (one of {})", site_names(sites)));
    for (const auto& s : sites)
      if (s.name == cell(kSite)) site = s;
    if (!site && !cell(kSite).empty())
      bad(kSite, trf("'{}' is not an incubator site (the sites are {})", cell(kSite),
                     sites.empty() ? std::string(tr("none: set incubator_sites")) : site_names(sites)));
    auto date_of = [&](Col c, bool required) -> std::optional<std::string> {
      if (cell(c).empty()) {
        if (required) bad(c, tr("is required (YYYY-MM-DD)"));
        return std::nullopt;
      }
      auto d = validate::parse_date(cell(c));
      if (!d) {
        bad(c, d.error, d.hint);
        return std::nullopt;
      }
      return d.value;
    };
    auto admitted = date_of(kAdmitted, true);
    if (admitted && *admitted > now) bad(kAdmitted, trf("{} is in the future (today is {})", *admitted, now));
    if (admitted && o && *admitted < org::entered_on(*o))
      bad(kAdmitted, trf("{} is before {} entered the registry ({})", *admitted, org::label(*o), org::entered_on(*o)));
    std::optional<std::string> planned = date_of(kPlannedEnd, false);
    if (admitted && !planned) planned = validate::add_span(*admitted, profile::setting(reg, "incubation_term"));
    if (admitted && planned && *planned <= *admitted)
      bad(kPlannedEnd, trf("{} is not after the admission date {}", *planned, *admitted));
    std::string status = "in_residence";
    if (!cell(kStatus).empty()) {
      if (auto s = org::enum_code(statuses(), cell(kStatus))) status = *s;
      else bad(kStatus, trf("'{}' is not one of {}", cell(kStatus), org::enum_codes_list(statuses())));
    }
    auto ended = date_of(kEnded, false);
    if (status == "in_residence" && ended) bad(kEnded, tr("a stay in residence has not ended"));
    if (status != "in_residence" && !ended && cell(kEnded).empty()) bad(kEnded, trf("is required for a stay that is {}", org::said(statuses(), status)));
    if (ended && *ended > now) bad(kEnded, trf("{} is in the future (today is {})", *ended, now));
    if (ended && admitted && *ended < *admitted) bad(kEnded, trf("{} is before the admission date {}", *ended, *admitted));
    const bool early = status == "graduated" && ended && planned && *ended < *planned;
    if (status == "withdrawn" && cell(kReason).empty()) bad(kReason, tr("is required: why the org left"));
    if (early && cell(kReason).empty()) bad(kReason, trf("graduating before the planned end {} is early: say why", *planned));
    if (o && status == "in_residence") {
      if (auto why = admission_refusal(reg, *o); !why.empty()) bad(kOrg, trf("{} is not admitted: {}", org::label(*o), why));
    }
    const bool unread = std::any_of(rec.fields.begin(), rec.fields.end(), [](const io::RawField& f) { return f.refused; });
    if (unread || problems.count() > before) continue;

    // Recorded already (the same org admitted on the same day)?
    auto same = reg.prepare("SELECT id FROM incubation WHERE org_id = ? AND admitted_on = ?");
    same.bind(1, o->id).bind(2, *admitted);
    if (same.step()) {
      auto first = line_of.find(*same.integer(0));
      if (first != line_of.end()) {
        bad(kAdmitted, trf("repeats the stay of line {} of this file (same org and admission date)", first->second));
      } else if (options.skip_existing) {
        ++result.skipped;
      } else {
        bad(kAdmitted, trf("{} was already admitted on {}", org::label(*o), *admitted),
            tr("import with --on-conflict skip to leave recorded stays alone"));
      }
      continue;
    }
    if (status == "in_residence") {
      if (auto stay = open_stay(reg, o->id)) {
        auto first = line_of.find(stay->id);
        bad(kOrg, first != line_of.end()
                      ? trf("{} is in residence already from line {} of this file", org::label(*o), first->second)
                      : trf("{} is already in residence at {} since {}", org::label(*o), stay->site, stay->admitted_on));
        continue;
      }
    }
    if (auto other = overlapping(reg, o->id, *admitted, ended)) {
      bad(kAdmitted, trf("{}: {} overlaps this one", org::label(*o), *other));
      continue;
    }
    insert.reset();
    insert.bind(1, o->id).bind(2, site->name).bind(3, *admitted).bind(4, *planned).bind(5, opt(cell(kMentor)));
    insert.bind(6, opt(cell(kProject))).bind(7, status).bind(8, ended);
    if (status == "graduated") insert.bind(9, static_cast<std::int64_t>(early));
    else insert.bind_null(9);
    insert.bind(10, opt(cell(kReason))).bind(11, opt(cell(kNote))).bind(12, result.batch);
    insert.run();
    line_of[reg.last_insert_rowid()] = rec.line;
    touched[site->name] = *site;
    ++result.added;
  }
  // Capacity, now that every stay of the file is in: on each admission date of the file's
  // stays, no site holds more than its places.
  for (const auto& [name, site] : touched) {
    auto q = reg.prepare("SELECT id, admitted_on FROM incubation WHERE site = ? AND created_batch = ? ORDER BY admitted_on, id");
    q.bind(1, name).bind(2, result.batch);
    std::set<std::string> reported;
    while (q.step()) {
      std::string d = q.text_or(1, "");
      int n = occupancy(reg, name, d);
      if (n > site.capacity && reported.insert(d).second)
        keep(Diagnostic{reader.file_name(), line_of[*q.integer(0)], 0, "admitted_on",
                        trf("{} is full on {}: {} stays for {} places", name, d, n, site.capacity), ""});
    }
  }
  problems.raise(reader.file_name());
  if (options.dry_run) {
    tx.rollback();
    result.batch = 0;
    return result;
  }
  io::JsonObject detail = io::describe_input(reader);
  detail.add("rows", static_cast<long long>(result.rows)).add("added", static_cast<long long>(result.added));
  detail.add("skipped", static_cast<long long>(result.skipped));
  reg.set_audit_detail(result.batch, detail.str());
  tx.commit();
  return result;
}

}  // namespace kunqu::incubator
