// An org's standing as dated events: reading them in the order they took effect, folding them
// into the standing of a day, refusing a sequence that cannot be, and the standing of a past day
// as queries read it.
#include "org/events.h"

#include <fmt/format.h>

#include <algorithm>

#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/internal.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/values.h"
#include "vocab/rules.h"

namespace kunqu::org {

namespace {

bool closes(const std::string& kind) {
  return kind == "revoked" || kind == "certificate_revoked" || kind == "filing_revoked" || kind == "deregistered";
}

}  // namespace

std::string event_noun(const std::string& kind) {
  static const std::pair<const char*, const char*> nouns[] = {
      {"registered", N_("registration")},
      {"filed", N_("filing")},
      {"upgraded", N_("upgrade to registration")},
      {"suspended", N_("suspension")},
      {"reinstated", N_("reinstatement")},
      {"revoked", N_("revocation of the registration")},
      {"certificate_revoked", N_("revocation of the certificate")},
      {"change_revoked", N_("revocation of a change registration")},
      {"deregistered", N_("deregistration")},
      {"filing_revoked", N_("revocation of the filing")},
      {"correction", N_("correction")},
  };
  for (const auto& [code, word] : nouns)
    if (kind == code) return tr(word);
  return kind;
}

namespace {

std::string noun(const std::string& kind) { return event_noun(kind); }

const std::string kEventColumns =
    "e.id, e.kind, e.on_date, e.reason, e.authority, e.document, e.corrects, "
    "(SELECT c.id FROM org_event c WHERE c.corrects = e.id), e.audit_id";

Event read_event(const registry::Query& q) {
  Event e;
  e.id = *q.integer(0);
  e.kind = q.text_or(1, "");
  e.date = q.text_or(2, "");
  e.reason = q.text(3);
  e.authority = q.text(4);
  e.document = q.text(5);
  e.corrects = q.integer(6);
  e.corrected_by = q.integer(7);
  e.audit_id = q.integer(8);
  return e;
}

// The first event of `events` that cannot follow the ones before it, with the event it
// conflicts with and why.
struct Conflict {
  const Event* event;
  const Event* with;
  std::string why;
};

std::optional<Conflict> first_conflict(const std::vector<Event>& events, std::int64_t new_event) {
  // The event being recorded has no number yet that will last: it is named without one.
  auto describe = [new_event](const Event& e) {
    return e.id && e.id == new_event ? trf("the {} of {}", noun(e.kind), e.date) : org::describe(e);
  };
  const Event* entry = nullptr;
  for (const auto& e : events)
    if (e.kind == "registered" || e.kind == "filed") {
      entry = &e;
      break;
    }
  bool entered = entry == nullptr;  // an org without an entry date stands from the start
  std::string tier = entry && entry->kind == "filed" ? "grassroots" : "registered";
  std::string status = "active";
  const Event* since = entry;  // what set the standing: the entry, or the last change
  for (const auto& e : events) {
    if (e.kind == "correction" || e.corrected_by) continue;
    if (e.kind == "registered" || e.kind == "filed") {
      entered = true;
      continue;
    }
    const std::string what = describe(e);
    if (!entered)
      return Conflict{&e, entry, trf("{} is before its {} of {}", what, noun(entry->kind), entry->date)};
    const std::string was = said(spec(kStatus), status);
    auto needs = [&](const char* state) {
      return Conflict{&e, since,
                      trf("{} needs an org that is {}, but it was {} then, since {}", what,
                          said(spec(kStatus), state), was,
                          since ? describe(*since) : tr("it entered the registry"))};
    };
    if (status == "deregistered")
      return Conflict{&e, since, trf("{} comes after {}: nothing follows a deregistration", what, describe(*since))};
    const bool live = status == "active" || status == "suspended";
    if (e.kind == "upgraded") {
      if (status != "active") return needs("active");
      tier = "registered";
      since = &e;
    } else if (e.kind == "suspended") {
      if (status != "active") return needs("active");
      status = "suspended";
      since = &e;
    } else if (e.kind == "reinstated") {
      if (status != "suspended") return needs("suspended");
      status = "active";
      since = &e;
    } else if (e.kind == "filing_revoked" || e.kind == "revoked" || e.kind == "certificate_revoked" ||
               e.kind == "change_revoked") {
      const bool filed = e.kind == "filing_revoked";
      if (filed != (tier == "grassroots"))
        return Conflict{&e, since,
                        filed ? trf("{} is for a filed group, but it was registered then", what)
                              : trf("{} is for a registered org, but it was a filed group then", what)};
      if (!live) return needs("active");
      if (e.kind != "change_revoked") {
        status = "revoked";
        since = &e;
      }
    } else if (e.kind == "deregistered") {
      status = "deregistered";
      since = &e;
    }
  }
  return std::nullopt;
}

std::optional<std::string> value_of(const Event* e, std::optional<std::string> Event::*member) {
  if (!e) return std::nullopt;
  return e->*member;
}

}  // namespace

const FieldSpec& event_kinds() {
  static const FieldSpec spec = {"event",
                                 FieldKind::kEnum,
                                 "事件",
                                 {},
                                 {{"registered", {"登记成立", "登记"}},
                                  {"filed", {"备案"}},
                                  {"upgraded", {"转登记"}},
                                  {"suspended", {"限期停止活动", "停止活动"}},
                                  {"reinstated", {"恢复活动"}},
                                  {"revoked", {"撤销登记"}},
                                  {"certificate_revoked", {"吊销登记证书"}},
                                  {"change_revoked", {"撤销变更登记"}},
                                  {"deregistered", {"注销登记", "注销"}},
                                  {"filing_revoked", {"撤销备案"}},
                                  {"correction", {"更正"}}}};
  return spec;
}

std::string describe(const Event& e) {
  if (!e.id) return trf("its {} of {}", noun(e.kind), e.date);
  return trf("the {} of {} (event {})", noun(e.kind), e.date, e.id);
}

std::vector<Event> events_of(Registry& reg, const Org& org) {
  std::vector<Event> out;
  if (org[kFiledOn]) out.push_back({0, "filed", *org[kFiledOn], {}, {}, {}, {}, {}, {}});
  if (org[kTier] == std::optional<std::string>("registered") && org[kRegisteredOn])
    out.push_back({0, org[kFiledOn] ? "upgraded" : "registered", *org[kRegisteredOn], {}, {}, {}, {}, {}, {}});
  auto q = reg.prepare("SELECT " + kEventColumns + " FROM org_event e WHERE e.org_id = ? ORDER BY e.on_date, e.id");
  q.bind(1, org.id);
  while (q.step()) out.push_back(read_event(q));
  // By date; on one day the org's own dates first, then the order recorded.
  std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    return (a.id != 0) < (b.id != 0);
  });
  return out;
}

std::string status_after(const std::string& kind) {
  if (kind == "suspended") return "suspended";
  if (kind == "reinstated") return "active";
  if (kind == "deregistered") return "deregistered";
  return "revoked";
}

Standing standing(const Org& org, const std::vector<Event>& events, const std::string& day) {
  Standing s;
  s.tier = org[kFiledOn] ? "grassroots" : "registered";
  s.status = "active";
  bool has_entry = false;
  for (const auto& e : events) has_entry = has_entry || e.kind == "registered" || e.kind == "filed";
  s.entered = !has_entry;
  for (const auto& e : events) {
    if (!day.empty() && e.date > day) break;
    if (e.kind == "correction" || e.corrected_by) continue;
    if (e.kind == "registered" || e.kind == "filed") {
      s.entered = true;
    } else if (e.kind == "upgraded") {
      s.tier = "registered";
    } else if (e.kind == "suspended" || e.kind == "reinstated" || closes(e.kind)) {
      s.status = status_after(e.kind);
      s.last = &e;
    }
  }
  return s;
}

std::optional<Org> as_of(Registry& reg, const Org& org, const std::string& day) {
  auto events = events_of(reg, org);
  Standing s = standing(org, events, day);
  if (!s.entered) return std::nullopt;
  Org o = org;
  o.values[kTier] = s.tier;
  o.values[kStatus] = s.status;
  const Event* last = s.status == "active" ? nullptr : s.last;
  o.values[kStatusDate] = last ? std::optional<std::string>(last->date) : std::nullopt;
  o.values[kStatusReason] = value_of(last, &Event::reason);
  o.values[kStatusAuthority] = value_of(last, &Event::authority);
  o.values[kStatusDocument] = value_of(last, &Event::document);
  if (s.tier == "grassroots") o.values[kRegisteredOn].reset();
  return o;
}

std::string org_source(Registry& reg, const std::optional<std::string>& day) {
  if (!day) return "org";
  const std::string d = "'" + *day + "'";  // a checked YYYY-MM-DD (as_of_day)
  const std::string last = fmt::format(
      "(SELECT e.id FROM org_event e WHERE e.org_id = x.id AND e.on_date <= {} AND e.kind <> 'correction' "
      "AND e.kind <> 'change_revoked' AND NOT EXISTS (SELECT 1 FROM org_event c WHERE c.corrects = e.id) "
      "ORDER BY e.on_date DESC, e.id DESC LIMIT 1)",
      d);
  const std::string closed = "(s.kind IS NULL OR s.kind = 'reinstated')";
  std::string cols;
  auto q = reg.prepare("SELECT name FROM pragma_table_info('org') ORDER BY cid");
  while (q.step()) {
    const std::string c = q.text_or(0, "");
    if (!cols.empty()) cols += ", ";
    if (c == "tier")
      cols += fmt::format("CASE WHEN x.tier = 'registered' AND x.filed_on IS NOT NULL AND x.registered_on > {} "
                          "THEN 'grassroots' ELSE x.tier END AS tier",
                          d);
    else if (c == "registered_on")
      cols += fmt::format("CASE WHEN x.registered_on > {} THEN NULL ELSE x.registered_on END AS registered_on", d);
    else if (c == "hub_id")
      cols += fmt::format("(SELECT l.hub_id FROM hub_link l WHERE l.org_id = x.id AND l.starts_on <= {0} AND "
                          "(l.ends_on IS NULL OR l.ends_on > {0}) ORDER BY l.starts_on DESC, l.id DESC LIMIT 1) AS hub_id",
                          d);
    else if (c == "status")
      cols += "CASE WHEN " + closed +
              " THEN 'active' WHEN s.kind = 'suspended' THEN 'suspended' WHEN s.kind = 'deregistered' "
              "THEN 'deregistered' ELSE 'revoked' END AS status";
    else if (c == "status_date")
      cols += "CASE WHEN " + closed + " THEN NULL ELSE s.on_date END AS status_date";
    else if (c == "status_reason" || c == "status_authority" || c == "status_document")
      cols += "CASE WHEN " + closed + " THEN NULL ELSE s." + c.substr(7) + " END AS " + c;
    else
      cols += "x." + c;
  }
  return fmt::format("(SELECT {} FROM org x LEFT JOIN org_event s ON s.id = {} WHERE coalesce(x.filed_on, x.registered_on) <= {})",
                     cols, last, d);
}

std::string as_of_day(Registry& reg, std::string_view given) {
  std::string day = registry::option_date("as_of", given);
  if (day > reg.today()) throw_usage(trf("‹as_of› {} is after today ({})", day, reg.today()));
  return day;
}

namespace {

// What restate() refuses, or nullopt once the standing is stored.
std::optional<std::string> try_restate(Registry& reg, std::int64_t id, std::int64_t new_event) {
  Org org = get_by_id(reg, id);
  auto events = events_of(reg, org);
  if (auto c = first_conflict(events, new_event)) {
    if (new_event && c->event->id != new_event)
      for (const auto& e : events)
        if (e.id == new_event)
          return trf("recording the {} of {} would leave an impossible history: {}", noun(e.kind), e.date, c->why);
    return c->why;
  }
  Standing s = standing(org, events);
  const Event* last = s.status == "active" ? nullptr : s.last;
  // Without a credit code, a registered org is one that ended before 2018 (org.credit_code).
  if (org[kTier] == std::optional<std::string>("registered") && !org[kCreditCode] &&
      !((s.status == "deregistered" || s.status == "revoked") && last && last->date < "2018-01-01"))
    return trf("it has no credit code, so it must have ended before 2018 {}; it would be {}{}",
               vocab::cite(vocab::rule("org.credit_code")), said(spec(kStatus), s.status),
               last ? trf(" from {}", last->date) : std::string());
  auto q = reg.prepare(
      "UPDATE org SET status = ?2, status_date = ?3, status_reason = ?4, status_authority = ?5, status_document = ?6 "
      "WHERE id = ?1 AND (status IS NOT ?2 OR status_date IS NOT ?3 OR status_reason IS NOT ?4 "
      "OR status_authority IS NOT ?5 OR status_document IS NOT ?6)");
  q.bind(1, id).bind(2, s.status);
  q.bind(3, last ? std::optional<std::string>(last->date) : std::nullopt);
  q.bind(4, value_of(last, &Event::reason)).bind(5, value_of(last, &Event::authority));
  q.bind(6, value_of(last, &Event::document));
  q.run();
  return std::nullopt;
}

}  // namespace

void restate(Registry& reg, std::int64_t id, std::int64_t new_event) {
  if (auto why = try_restate(reg, id, new_event)) throw_invalid(trf("{}: {}", label(get_by_id(reg, id)), *why));
}

std::optional<std::string> restate_from_row(Registry& reg, std::int64_t id, std::int64_t batch) {
  Org row = get_by_id(reg, id);
  auto events = events_of(reg, row);
  Standing s = standing(row, events);
  const std::string status = row[kStatus].value_or("active");
  const bool same = status == s.status && (status == "active" || (s.last && row[kStatusDate] == s.last->date));
  if (!same && status == "active")
    return trf("is {} since {}: a reinstatement is recorded with its date (‹org reinstate›)", said(spec(kStatus), s.status),
               s.last ? describe(*s.last) : tr("it entered the registry"));
  std::int64_t event = 0;
  if (!same) {
    auto ins = reg.prepare(
        "INSERT INTO org_event (org_id, kind, on_date, reason, authority, document, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const std::string kind = status == "suspended"      ? "suspended"
                             : status == "deregistered" ? "deregistered"
                             : row[kFiledOn] && row[kTier] == std::optional<std::string>("grassroots") ? "filing_revoked"
                                                                                                       : "revoked";
    ins.bind(1, id).bind(2, kind).bind(3, row[kStatusDate].value_or("")).bind(4, row[kStatusReason]);
    ins.bind(5, row[kStatusAuthority]).bind(6, row[kStatusDocument]).bind(7, batch).run();
    event = reg.last_insert_rowid();
  }
  return try_restate(reg, id, event);
}

namespace {

// The connection's table of the statuses an import's new rows gave, emptied: its insert.
registry::Query status_table(Registry& reg) {
  reg.exec("CREATE TEMP TABLE IF NOT EXISTS import_status (org_id INTEGER PRIMARY KEY, tier TEXT, status TEXT, "
           "status_date TEXT, status_reason TEXT, status_authority TEXT, status_document TEXT)");
  reg.exec("DELETE FROM temp.import_status");
  return reg.prepare("INSERT INTO temp.import_status VALUES (?, ?, ?, ?, ?, ?, ?)");
}

}  // namespace

ImportedStatuses::ImportedStatuses(Registry& reg) : reg_(reg), add_(status_table(reg)) {}

void ImportedStatuses::add(std::int64_t id, const Org& org) {
  add_.reset();
  add_.bind(1, id).bind(2, org[kTier]).bind(3, org[kStatus]).bind(4, org[kStatusDate]).bind(5, org[kStatusReason]);
  add_.bind(6, org[kStatusAuthority]).bind(7, org[kStatusDocument]).run();
}

std::size_t ImportedStatuses::record(std::int64_t batch) {
  auto q = reg_.prepare(
      "INSERT INTO org_event (org_id, kind, on_date, reason, authority, document, audit_id) "
      "SELECT org_id, CASE status WHEN 'suspended' THEN 'suspended' WHEN 'deregistered' THEN 'deregistered' "
      "ELSE CASE tier WHEN 'grassroots' THEN 'filing_revoked' ELSE 'revoked' END END, "
      "status_date, status_reason, status_authority, status_document, ?1 "
      "FROM temp.import_status WHERE status <> 'active' ORDER BY status_date, org_id");
  q.bind(1, batch).run();
  const auto recorded = static_cast<std::size_t>(reg_.changes());
  reg_.exec("DELETE FROM temp.import_status");
  return recorded;
}

Org correct(Registry& reg, std::string_view token, std::int64_t event_id, const Correction& correction) {
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  auto q = reg.prepare("SELECT " + kEventColumns + ", e.org_id FROM org_event e WHERE e.id = ?");
  q.bind(1, event_id);
  if (!q.step() || q.integer(9) != before.id)
    throw_not_found(trf("{} has no event {}; ‹org history› lists its events", label(before), event_id));
  const Event target = read_event(q);
  if (target.kind == "correction")
    throw_invalid(trf("{}: {} is a correction; record the event again instead", label(before), describe(target)));
  if (target.corrected_by)
    throw_invalid(trf("{}: {} was corrected already (event {})", label(before), describe(target), *target.corrected_by));
  std::string date = correction.date.empty() ? reg.today() : correction.date;
  auto parsed = validate::parse_date(date);
  if (!parsed)
    throw_invalid(Diagnostic("", 0, 0, "date", trf("'{}' {}", date, parsed.error), parsed.hint));
  date = *parsed.value;
  if (date > reg.today())
    throw_invalid(Diagnostic("", 0, 0, "date", trf("{} is after today ({})", date, reg.today())));
  if (date < target.date)
    throw_invalid(Diagnostic("", 0, 0, "date", trf("{} is before the event it corrects ({})", date, target.date)));
  if (io::trim(correction.reason).empty())
    throw_invalid(Diagnostic("", 0, 0, "reason", tr("a correction says why the event was a mistake (‹reason›)")));
  const std::int64_t audit_id = reg.audit("org.correct", before.id, "{}");
  auto ins = reg.prepare(
      "INSERT INTO org_event (org_id, kind, on_date, reason, authority, document, corrects, audit_id) "
      "VALUES (?, 'correction', ?, ?, ?, ?, ?, ?)");
  ins.bind(1, before.id).bind(2, date).bind(3, io::trimmed_or_null(correction.reason));
  ins.bind(4, io::trimmed_or_null(correction.authority)).bind(5, io::trimmed_or_null(correction.document));
  ins.bind(6, event_id).bind(7, audit_id).run();
  const std::int64_t id = reg.last_insert_rowid();
  restate(reg, before.id, id);
  Org after = get_by_id(reg, before.id);
  reg.set_audit_detail(audit_id, change_detail(before, after, date, id));
  tx.commit();
  return after;
}

io::Table events_table(Registry& reg, const Org& org) {
  io::Table t;
  t.record_name = "event";
  t.columns = {{"event", io::ColumnType::kInteger},
               {"date", io::ColumnType::kDate},
               vocab::coded("kind", event_kinds()),
               {"reason"},
               {"authority"},
               {"document"},
               {"corrects", io::ColumnType::kInteger},
               {"corrected_by", io::ColumnType::kInteger},
               {"entry", io::ColumnType::kInteger}};
  auto number = [](const std::optional<std::int64_t>& v) {
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
  };
  for (const auto& e : events_of(reg, org))
    t.rows.push_back({e.id ? std::optional<std::string>(std::to_string(e.id)) : std::nullopt, e.date, e.kind, e.reason,
                      e.authority, e.document, number(e.corrects), number(e.corrected_by), number(e.audit_id)});
  return t;
}

std::vector<std::string> migration_notes(Registry& reg) {
  std::vector<std::string> out;
  const char* changes = "('org.suspend', 'org.reinstate', 'org.revoke', 'org.deregister', 'filing.revoke')";
  auto q = reg.prepare(fmt::format(
      "SELECT a.org_id, count(*) FROM audit a WHERE a.org_id IS NOT NULL AND a.action IN {} "
      "AND NOT EXISTS (SELECT 1 FROM org_event e WHERE e.audit_id = a.id) GROUP BY a.org_id ORDER BY a.org_id",
      changes));
  std::vector<std::pair<std::int64_t, std::int64_t>> contradicted;
  while (q.step()) contradicted.emplace_back(*q.integer(0), *q.integer(1));
  for (const auto& [id, n] : contradicted) {
    Org o = get_by_id(reg, id);
    out.push_back(trnf("{}: its {} status change in the audit log does not lead to its status today ({}); "
                       "only today's status is kept as an event",
                       "{}: its {} status changes in the audit log do not lead to its status today ({}); "
                       "only today's status is kept as an event",
                       n, label(o), n, said(spec(kStatus), o[kStatus].value_or("active"))));
  }
  auto u = reg.prepare("SELECT count(*) FROM org_event WHERE audit_id IS NULL");
  u.step();
  if (auto n = *u.integer(0))
    out.push_back(trnf("{} org's status came from a file: its status date is its one known event, and any change "
                       "before it is not known",
                       "{} orgs' statuses came from files: each status date is the one known event, and any change "
                       "before it is not known",
                       n, n));
  return out;
}

}  // namespace kunqu::org
