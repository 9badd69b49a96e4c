// Grades (等级评估, MCA Order No. 39): awarding one where the rules allow, lowering or
// withdrawing it, listing them, and an org's standing for `org show`.
#include "supervision/supervision.h"

#include <fmt/format.h>

#include <map>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/credit_lists.h"
#include "org/events.h"
#include "org/org.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "supervision/internal.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/rules.h"
#include "vocab/vocab.h"

namespace kunqu::supervision {

using validate::Problems;

const vocab::FieldSpec& grade_statuses() {
  static const vocab::FieldSpec spec = vocab::enum_spec(
      "status", "等级状态", {{"valid", {"有效"}}, {"lowered", {"已降级"}}, {"withdrawn", {"已撤销"}}, {"expired", {"已过期"}}});
  return spec;
}

namespace {

std::optional<int> parse_grade(const std::string& text) {
  std::string g = io::trim(text);
  if (g.size() == 2 && (g[1] == 'A' || g[1] == 'a')) g = g.substr(0, 1);
  if (g.size() == 1 && g[0] >= '1' && g[0] <= '5') return g[0] - '0';
  return std::nullopt;
}

std::string grade_name(std::int64_t g) { return std::to_string(g) + "A"; }

}  // namespace

void set_grade(Registry& reg, std::string_view token, const GradeAward& award) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string now = reg.today();
  Problems p;
  auto grade = parse_grade(award.grade);
  if (!grade) p.bad("grade", trf("'{}' is not a grade from 1A to 5A", io::trim(award.grade)));
  std::optional<std::int64_t> score;
  if (!io::trim(award.score).empty()) {
    auto s = validate::parse_count(award.score);
    if (!s || *s.value > 1000) p.bad("score", trf("'{}' is not a score from 0 to 1000", io::trim(award.score)));
    else score = *s.value;
  }
  auto date = p.date("date", award.date, now);
  p.text("reevaluation", award.reevaluation);
  const std::optional<std::string> reevaluation = opt(award.reevaluation);
  if (date) {
    // A grade in force on the day: a new one is its re-evaluation, and only then.
    auto q = reg.prepare(fmt::format("SELECT {}, g.awarded_on, g.valid_until FROM grade g WHERE g.org_id = ?2 AND {}",
                                     kGradeOnDay, kGradeInForce));
    q.bind(1, *date).bind(2, o.id);
    if (q.step()) {
      if (!reevaluation && vocab::in_force(vocab::rule("grade.order39"), *date))
        p.bad("reevaluation",
              trf("{} holds the grade {} awarded on {}, valid until {}: a grade while one is in force is a re-evaluation, "
                  "recorded with the document of the authority that ordered or allowed it",
                  org::label(o), grade_name(*q.integer(0)), q.text_or(1, ""), q.text_or(2, "")));
    } else if (reevaluation) {
      p.bad("reevaluation", trf("{} holds no grade in force on {} to re-evaluate", org::label(o), *date));
    }
  }
  p.raise(tr("nothing was recorded"));

  // Order No. 39 (《社会组织评估管理办法》, in force 2011-03-01): who may not be graded. A grade
  // awarded before it is recorded as it was given.
  auto refuse = [&](const std::string& why) {
    throw_invalid(trf("{} is not graded (民政部令第39号《社会组织评估管理办法》): {}", org::label(o), why));
  };
  if (o[org::kTier] != std::optional<std::string>("registered")) refuse(tr("a filed group is not graded"));
  // Its standing on the day of the grade, and its penalties, from its events.
  const auto events = org::events_of(reg, o);
  {
    const org::Standing then = org::standing(o, events, *date);
    if (then.entered && then.status != "active")
      refuse(trf("it was {} on {} ({})", vocab::said(org::fields()[org::kStatus], then.status), *date,
                 then.last ? org::describe(*then.last) : std::string()));
  }
  if (vocab::in_force(vocab::rule("grade.order39"), *date)) {
    const std::string reg_on = o[org::kRegisteredOn].value_or("");
    if (reg_on > validate::add_months(*date, -24))
      refuse(trf("registered on {}, less than two years before {}", reg_on, *date));
    // Last year's annual check — concluded by the day of the grade, else the last one due by
    // then — and the one before; penalties of the calendar year before.
    const int last = std::stoi(date->substr(0, 4)) - 1;
    auto result_of = [&](int y, bool concluded) -> std::optional<std::string> {
      auto q = reg.prepare("SELECT result FROM annual_check WHERE org_id = ? AND year = ? AND (? = 0 OR date <= ?)");
      q.bind(1, o.id).bind(2, static_cast<std::int64_t>(y)).bind(3, concluded ? 1 : 0).bind(4, *date);
      if (q.step()) return q.text(0);
      return std::nullopt;
    };
    const int due = report_year_due(reg, *date);
    const int checked = due < last && result_of(last, true) ? last : due;
    auto r1 = result_of(checked, false), r2 = result_of(checked - 1, false);
    if (!r1 || *r1 == "not_submitted") refuse(trf("it took no part in the annual check for {}", checked));
    if (*r1 == "fail") refuse(trf("it failed the annual check for {}", checked));
    if (*r1 == "basic_pass" && r2 == std::optional<std::string>("basic_pass"))
      refuse(trf("its annual checks for {} and {} were basic_pass, two years running", checked - 1, checked));
    {
      auto q = reg.prepare(fmt::format(
          "SELECT e.kind, e.date FROM credit_event e WHERE e.org_id = ? AND (e.kind = 'warning' OR e.kind = 'fine') "
          "AND substr(e.date, 1, 4) = ? AND {} ORDER BY e.date LIMIT 1",
          kLive));
      q.bind(1, o.id).bind(2, std::to_string(last));
      if (q.step()) refuse(trf("it was penalised in {} ({} on {})", last, q.text_or(0, ""), q.text_or(1, "")));
      // An order to stop its activities, or a revocation, is a penalty too, reinstated since or not.
      for (const auto& e : events)
        if ((e.kind == "suspended" || e.kind == "revoked" || e.kind == "certificate_revoked" || e.kind == "change_revoked") &&
            !e.corrected_by && e.date.compare(0, 4, std::to_string(last)) == 0)
          refuse(trf("it was penalised in {} ({})", last, org::describe(e)));
    }
    // On a list on the day of the grade, as the events up to that day say.
    if (auto s = listed_since(reg, o.id, "serious", *date))
      refuse(trf("it was on the serious-violation list on {} (since {})", *date, *s));
    if (auto s = listed_since(reg, o.id, "abnormal", *date))
      refuse(trf("it was on the abnormal-activity list on {} (since {})", *date, *s));
  }

  // The authority that registered an org grades it: an awarding authority of another level is
  // worth a second look, not a refusal (a city may grade on a district's behalf).
  std::vector<Diagnostic> warnings;
  const auto level = org::authority_by_name(award.authority);
  if (level && o[org::kAuthority] && *level != *o[org::kAuthority])
    warnings.emplace_back("", 0, 0, "authority",
                          trf("'{}' reads as the {} level, but {} was registered at the {} level: the authority that "
                              "registered an org grades it (民政部令第39号《社会组织评估管理办法》)",
                              io::trim(award.authority), vocab::said(org::fields()[org::kAuthority], *level), org::label(o),
                              vocab::said(org::fields()[org::kAuthority], *o[org::kAuthority])));
  reg.settle(warnings, p.diags);
  p.raise(tr("nothing was recorded"));

  const std::string until = validate::add_months(*date, 60);
  io::JsonObject detail;
  detail.add("grade", grade_name(*grade)).add("date", *date).add("valid_until", until);
  if (score) detail.add("score", static_cast<long long>(*score));
  detail.add("authority", opt(award.authority)).add("document", opt(award.document)).add("reevaluation", reevaluation);
  std::int64_t audit_id = reg.audit("grade.set", o.id, detail.str());
  auto q = reg.prepare(
      "INSERT INTO grade (org_id, grade, awarded_grade, score, awarded_on, valid_until, authority, document, reevaluation, "
      "audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, o.id).bind(2, static_cast<std::int64_t>(*grade)).bind(3, static_cast<std::int64_t>(*grade)).bind(4, score);
  q.bind(5, *date).bind(6, until).bind(7, opt(award.authority)).bind(8, opt(award.document)).bind(9, reevaluation);
  q.bind(10, audit_id);
  q.run();
  tx.commit();
}

void change_grade(Registry& reg, std::string_view token, const std::optional<std::string>& lower_to,
                  const std::string& date_text, const std::string& reason) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string now = reg.today();
  Problems p;
  auto date = p.date("date", date_text, now);
  if (io::trim(reason).empty())
    p.bad("reason", lower_to ? tr("is required: why the grade is lowered") : tr("is required: why the grade is withdrawn"));
  std::optional<int> to;
  if (lower_to) {
    to = parse_grade(*lower_to);
    if (!to) p.bad("grade", trf("'{}' is not a grade from 1A to 5A", io::trim(*lower_to)));
  }
  auto q = reg.prepare("SELECT id, grade, awarded_on, valid_until FROM grade WHERE org_id = ? AND status <> 'withdrawn' "
                       "AND valid_until > ? ORDER BY awarded_on DESC, id DESC LIMIT 1");
  q.bind(1, o.id).bind(2, date.value_or(now));
  if (!q.step())
    throw_invalid(lower_to ? trf("{} has no grade in force to lower", org::label(o))
                           : trf("{} has no grade in force to withdraw", org::label(o)));
  const std::int64_t id = *q.integer(0), current = *q.integer(1);
  if (to && *to >= current)
    p.bad("grade", trf("{} is not lower than its grade {}", grade_name(*to), grade_name(current)));
  if (date && *date < q.text_or(2, "")) p.bad("date", trf("{} is before the grade was awarded ({})", *date, q.text_or(2, "")));
  p.raise(tr("nothing was changed"));

  io::JsonObject detail;
  detail.add("date", *date).add("reason", io::trim(reason)).add("before", grade_name(current));
  detail.add("after", to ? std::optional<std::string>(grade_name(*to)) : std::nullopt);
  std::int64_t audit_id = reg.audit(to ? "grade.lower" : "grade.withdraw", o.id, detail.str());
  auto u = reg.prepare("UPDATE grade SET grade = ?, status = ?, changed_on = ?, change_reason = ?, audit_id = ? WHERE id = ?");
  u.bind(1, static_cast<std::int64_t>(to.value_or(static_cast<int>(current)))).bind(2, to ? "lowered" : "withdrawn");
  u.bind(3, *date).bind(4, io::trim(reason)).bind(5, audit_id).bind(6, id);
  u.run();
  tx.commit();
}

io::Table grade_due(Registry& reg, const std::string& as_of) {
  const std::string A = registry::option_date("as_of", as_of);
  io::Table t;
  t.record_name = "due";
  t.columns = {{"key"}, {"name"}, {"credit_code"}, {"grade"}, {"valid_until", io::ColumnType::kDate}, {"rule"},
               {"since", io::ColumnType::kDate}, {"detail"}};
  // The grade in force on A of each org: the latest awarded, not withdrawn, not expired.
  auto q = reg.prepare(fmt::format(
      "SELECT o.id, o.name, o.credit_code, o.type, o.registered_on, {}, g.awarded_on, g.valid_until, "
      "CASE WHEN g.changed_on <= ?1 THEN g.changed_on ELSE g.awarded_on END FROM grade g JOIN org o ON o.id = g.org_id "
      "WHERE {} ORDER BY o.id",
      kGradeOnDay, kGradeInForce));
  q.bind(1, A);
  const CheckCalendar cal(reg);
  const int due = cal.report_year_due(A);
  while (q.step()) {
    const std::int64_t id = *q.integer(0);
    const std::string awarded = q.text_or(6, ""), acted = q.text_or(8, "");
    const int award_year = std::stoi(awarded.substr(0, 4));
    auto suggest = [&](const std::string& rule, const std::string& since, const std::string& detail) {
      if (since <= acted || !vocab::in_force(vocab::rule(rule), since)) return;
      t.rows.push_back({registry::org_key(id), q.text(1), q.text(2), grade_name(*q.integer(5)), q.text(7), rule, since, detail});
    };
    // The checks due since the grade, as concluded by A.
    std::map<int, std::pair<std::string, std::string>> checks;  // year → result, date
    auto c = reg.prepare("SELECT year, result, date FROM annual_check WHERE org_id = ? AND year >= ? AND date <= ?");
    c.bind(1, id).bind(2, static_cast<std::int64_t>(award_year)).bind(3, A);
    while (c.step()) checks[static_cast<int>(*c.integer(0))] = {c.text_or(1, ""), c.text_or(2, "")};
    if (due >= award_year && cal.first_check_year(q.text_or(3, ""), q.text_or(4, "")) <= due) {
      auto it = checks.find(due);
      if (it == checks.end() || it->second.first == "not_submitted") {
        const std::string deadline = cal.report_deadline(due);
        suggest("grade.check_failed", deadline, trf("no annual check submitted for {} by {}", due, deadline));
      } else if (it->second.first == "fail") {
        suggest("grade.check_failed", it->second.second, trf("failed its annual check for {}", due));
      } else if (it->second.first == "basic_pass") {
        auto before = checks.find(due - 1);
        if (before != checks.end() && before->second.first == "basic_pass")
          suggest("grade.basic_pass_twice", it->second.second,
                  trf("its annual checks for {} and {} were basic_pass", due - 1, due));
      }
    }
    // The last penalty since the grade: a warning, a fine, an order to stop activities, a
    // revocation.
    std::optional<std::pair<std::string, std::string>> penalty;  // date, what
    auto e = reg.prepare(fmt::format("SELECT e.kind, e.date, e.amount FROM credit_event e WHERE e.org_id = ? "
                                     "AND (e.kind = 'warning' OR e.kind = 'fine') AND e.date > ? AND e.date <= ? AND {} "
                                     "ORDER BY e.date DESC, e.id DESC LIMIT 1",
                                     kLive));
    e.bind(1, id).bind(2, awarded).bind(3, A);
    if (e.step())
      penalty = {e.text_or(1, ""), e.text_or(0, "") == "warning"
                                       ? trf("a warning on {}", e.text_or(1, ""))
                                       : trf("a fine of ¥{} on {}", validate::format_money(e.integer(2).value_or(0)), e.text_or(1, ""))};
    for (const auto& s : org::events_of(reg, org::find(reg, registry::org_key(id))))
      if ((s.kind == "suspended" || s.kind == "revoked" || s.kind == "certificate_revoked" || s.kind == "change_revoked") &&
          !s.corrected_by && s.date > awarded && s.date <= A && (!penalty || s.date > penalty->first))
        penalty = {s.date, org::describe(s)};
    if (penalty) suggest("grade.penalty", penalty->first, penalty->second);
  }
  return t;
}

io::Table list_grades(Registry& reg, const GradeFilter& f) {
  const std::string now = reg.today();
  std::string sql =
      "SELECT o.id, o.name, o.credit_code, g.grade, g.awarded_grade, g.score, g.awarded_on, g.valid_until, "
      "CASE WHEN g.status = 'withdrawn' THEN 'withdrawn' WHEN g.valid_until <= ?1 THEN 'expired' ELSE g.status END, "
      "g.changed_on, g.change_reason, g.authority, g.reevaluation FROM grade g JOIN org o ON o.id = g.org_id WHERE 1";
  std::vector<std::string> params{now};
  if (f.org) {
    sql += " AND g.org_id = ?" + std::to_string(params.size() + 1);
    params.push_back(std::to_string(org::find(reg, *f.org).id));
  }
  if (f.grade) {
    auto g = parse_grade(*f.grade);
    if (!g) throw_usage(trf("{} '{}' is not a grade from 1A to 5A", input_name("grade"), *f.grade));
    sql += " AND g.grade = ?" + std::to_string(params.size() + 1) + " AND g.status <> 'withdrawn'";
    params.push_back(std::to_string(*g));
  }
  if (f.expired) sql += " AND g.status <> 'withdrawn' AND g.valid_until <= ?1";
  if (f.expiring_within) {
    std::string end = registry::option_span("expiring_within", *f.expiring_within, now);
    sql += " AND g.status <> 'withdrawn' AND g.valid_until > ?1 AND g.valid_until <= ?" + std::to_string(params.size() + 1);
    params.push_back(end);
  }
  sql += " ORDER BY g.valid_until, o.id";
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  io::Table t;
  t.record_name = "grade";
  t.columns = {{"key"}, {"name"}, {"credit_code"}, {"grade"}, {"awarded_grade"}, {"score", io::ColumnType::kInteger},
               {"awarded_on", io::ColumnType::kDate}, {"valid_until", io::ColumnType::kDate}, vocab::coded("status", grade_statuses()),
               {"changed_on", io::ColumnType::kDate}, {"change_reason"}, {"authority"}, {"reevaluation"}};
  while (q.step()) {
    t.rows.push_back({registry::org_key(*q.integer(0)), q.text(1), q.text(2), grade_name(*q.integer(3)), grade_name(*q.integer(4)),
                      q.text(5), q.text(6), q.text(7), q.text(8), q.text(9), q.text(10), q.text(11), q.text(12)});
  }
  return t;
}

io::Table standing(Registry& reg, const org::Org& org, const std::optional<std::string>& day, const org::Holdings* held) {
  const std::int64_t org_id = org.id;
  const std::string now = day.value_or(reg.today());
  // As of a past day: only what had been decided by then (its date checked by the caller).
  const std::string by = day ? "'" + *day + "'" : "";
  // Most orgs have no credit events, grades or annual checks. Which of them this one has is
  // looked up first (org::holdings: index probes), and the statement then holds the look-ups of
  // only those: all six are the costliest statement `org show` prepares. A look-up left out is
  // replaced by what it finds among no rows (NULL, a count of 0), so the row is the same either way.
  const org::Holdings has = held ? *held : org::holdings(reg, org_id);
  const bool events = has.credit_events, grades = has.grades, checks = has.annual_checks;
  io::Table t;
  t.record_name = "standing";
  t.columns = {vocab::coded("credit_list", org::list_states()), {"grade"}, {"grade_valid_until", io::ColumnType::kDate}, {"last_annual_check"},
               {"credit_events", io::ColumnType::kInteger}};
  if (!events && !grades && !checks) {  // nothing to look up: the row of the statement over no rows
    t.rows.push_back({org::list_state_without_events(org[org::kTier]), std::nullopt, std::nullopt, std::nullopt, "0"});
    return t;
  }
  auto grade_of = [](const char* column) {
    return fmt::format(
        "(SELECT g.{} FROM grade g WHERE g.org_id = o.id AND g.status <> 'withdrawn' AND g.awarded_on <= ?2 "
        " AND g.valid_until > ?2 ORDER BY g.awarded_on DESC, g.id DESC LIMIT 1)",
        column);
  };
  auto q = reg.prepare(fmt::format(
      "SELECT {}, {}, {}, {}, {} FROM org o WHERE o.id = ?1", org::list_state_sql(by, events),
      grades ? grade_of("grade") : "NULL", grades ? grade_of("valid_until") : "NULL",
      checks ? "(SELECT c.year || ' ' || c.result FROM annual_check c WHERE c.org_id = o.id AND c.date <= ?2 "
               " ORDER BY c.year DESC LIMIT 1)"
             : "NULL",
      events ? "(SELECT count(*) FROM credit_event e WHERE e.org_id = o.id AND e.date <= ?2)" : "0"));
  q.bind(1, org_id);
  q.bind(2, now);
  if (q.step())
    t.rows.push_back({q.text(0), q.integer(1) ? std::optional<std::string>(grade_name(*q.integer(1))) : std::nullopt, q.text(2),
                      q.text(3), q.text(4)});
  return t;
}

}  // namespace kunqu::supervision
