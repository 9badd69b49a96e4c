// The rules of the credit lists (MCA Order No. 60) and, for every registered org, the entries
// and exits they call for on a day.
#include "supervision/supervision.h"

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/credit_lists.h"
#include "org/events.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "supervision/internal.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/vocab.h"
#include <algorithm>
#include <map>

namespace kunqu::supervision {

using validate::Problems;

namespace {

constexpr std::int64_t kBigFine = 5000000;  // ¥50,000 in fen: the line between small and large fines

struct Event {
  std::string kind, date, deadline, rule;
  std::int64_t amount = 0;
};

struct Facts {
  std::int64_t id = 0;
  std::string name, code, status, status_date;
  std::vector<Event> events;  // live ones, oldest first
  std::optional<std::string> missing_report;  // the year whose report is missing
  std::vector<std::pair<std::string, std::string>> sanctions;  // suspensions and revocations: kind, date
};

bool small_penalty(const Event& e) { return e.kind == "warning" || (e.kind == "fine" && e.amount < kBigFine); }

}  // namespace

const vocab::FieldSpec& rule_actions() {
  static const vocab::FieldSpec spec = vocab::enum_spec("action", "处理", {{"entry", {"列入"}}, {"exit", {"移出"}}});
  return spec;
}

const Rule* rule_by_code(const std::string& code) {
  for (const auto& r : rules())
    if (r.code == code) return &r;
  return nullptr;
}

const std::vector<Rule>& rules() {
  static const std::vector<Rule> credit = [] {
    std::vector<Rule> out;
    for (const auto& r : vocab::rules())
      if (!r.list.empty()) out.push_back(r);
    return out;
  }();
  return credit;
}

io::Table due(Registry& reg, const std::string& as_of, const std::optional<std::string>& list_given,
              const std::optional<std::string>& action_given) {
  const std::string A = registry::option_date("as_of", as_of);
  std::optional<std::string> list, action;
  if (list_given) list = registry::option_choice("list", *list_given, {"abnormal", "serious"});
  if (action_given) action = registry::option_choice("action", *action_given, {"entry", "exit"});

  // The last year whose annual report is past its deadline on A.
  std::string md = profile::setting(reg, "annual_report_deadline");
  int year = std::stoi(A.substr(0, 4));
  int report_year = A > fmt::format("{:04}-{}", year, md) ? year - 1 : year - 2;
  const std::string report_deadline = fmt::format("{:04}-{}", report_year + 1, md);

  std::map<std::int64_t, Facts> orgs;
  auto fact = [&](const registry::Query& q) -> Facts& {
    Facts& f = orgs[*q.integer(0)];
    if (!f.id) {
      f.id = *q.integer(0);
      f.name = q.text_or(1, "");
      f.code = q.text_or(2, "");
      f.status = q.text_or(3, "active");
      f.status_date = q.text_or(4, "");
    }
    return f;
  };
  // The orgs as they stood on A (their status from their events).
  const std::string src = org::org_source(reg, A);
  {
    auto q = reg.prepare(fmt::format(
        "SELECT o.id, o.name, o.credit_code, o.status, o.status_date, e.kind, e.date, e.deadline, e.rule, e.amount "
        "FROM credit_event e JOIN {} o ON o.id = e.org_id WHERE o.tier = 'registered' AND e.kind <> 'reversal' "
        "AND e.date <= ? AND {} ORDER BY o.id, e.date, e.id",
        src, kLive));
    q.bind(1, A);
    while (q.step())
      fact(q).events.push_back({q.text_or(5, ""), q.text_or(6, ""), q.text_or(7, ""), q.text_or(8, ""), q.integer(9).value_or(0)});
  }
  {
    // Live registered orgs registered before the report year ended, without a submitted report.
    auto q = reg.prepare(fmt::format(
        "SELECT o.id, o.name, o.credit_code, o.status, o.status_date FROM {} o "
        "WHERE o.tier = 'registered' AND (o.status = 'active' OR o.status = 'suspended') AND o.registered_on <= ? "
        "AND NOT EXISTS (SELECT 1 FROM annual_check c WHERE c.org_id = o.id AND c.year = ? AND c.result <> 'not_submitted')",
        src));
    q.bind(1, fmt::format("{:04}-12-31", report_year)).bind(2, report_year);
    while (q.step()) fact(q).missing_report = std::to_string(report_year);
  }
  {
    // Orders to stop activities and revocations decided by A: a suspension lifted since is
    // still one.
    auto q = reg.prepare(fmt::format(
        "SELECT o.id, o.name, o.credit_code, o.status, o.status_date, e.kind, e.on_date FROM org_event e "
        "JOIN {} o ON o.id = e.org_id WHERE o.tier = 'registered' AND (e.kind = 'suspended' OR e.kind = 'revoked') "
        "AND e.on_date <= ? AND NOT EXISTS (SELECT 1 FROM org_event c WHERE c.corrects = e.id) "
        "ORDER BY o.id, e.on_date, e.id",
        src));
    q.bind(1, A);
    while (q.step()) fact(q).sanctions.emplace_back(q.text_or(5, ""), q.text_or(6, ""));
  }

  io::Table t;
  t.record_name = "due";
  t.columns = {{"key"}, {"name"}, {"credit_code"}, vocab::coded("list", org::list_states()), vocab::coded("action", rule_actions()), {"rule"},
               {"since", io::ColumnType::kDate}, {"detail"}};
  auto suggest = [&](const Facts& f, const std::string& code, const std::string& since, const std::string& detail) {
    const Rule& r = *rule_by_code(code);
    if (!in_force(r, A) || (list && r.list != *list) || (action && r.action != *action)) return;
    t.rows.push_back({registry::org_key(f.id), f.name, f.code, r.list, r.action, r.code, since, detail});
  };

  for (auto& entry : orgs) {
    auto& f = entry.second;  // a plain reference: lambdas below capture it (C++17 forbids bindings)
    // The lists as the events leave them.
    std::optional<std::string> abnormal, serious;
    for (const auto& e : f.events) {
      if (e.kind == "abnormal_in") abnormal = e.date;
      if (e.kind == "abnormal_out") abnormal.reset();
      if (e.kind == "serious_in") serious = e.date;
      if (e.kind == "serious_out") serious.reset();
    }
    auto last_of = [&](const std::string& kind) -> std::optional<std::string> {
      std::optional<std::string> d;
      for (const auto& e : f.events)
        if (e.kind == kind) d = e.date;
      return d;
    };
    auto listed_on_or_after = [&](const std::string& list, const std::string& date) {
      for (const auto& e : f.events)
        if (e.kind == list + "_in" && e.date >= date) return true;
      return false;
    };
    const Rule& any = rules().front();
    auto counts = [&](const std::string& date) { return date >= any.from; };  // events the rules reach

    // What is outstanding: a report missing, an order to rectify past its deadline.
    std::optional<std::string> overdue;  // the deadline missed
    for (const auto& e : f.events) {
      if (e.kind == "rectify_order" && e.deadline < A) {
        bool done = false;
        for (const auto& d : f.events)
          if (d.kind == "rectified" && d.date >= e.date) done = true;
        if (!done) overdue = e.deadline;
      }
    }
    const bool live = f.status == "active" || f.status == "suspended";
    const bool outstanding = f.missing_report.has_value() || overdue.has_value();

    if (live && !abnormal && !serious) {
      if (f.missing_report && report_deadline >= any.from)
        suggest(f, "abnormal.annual_report", report_deadline,
                trf("no annual report for {} by {}", *f.missing_report, report_deadline));
      if (overdue && *overdue >= any.from && !listed_on_or_after("abnormal", *overdue))
        suggest(f, "abnormal.rectify_overdue", *overdue, trf("rectification was due by {}", *overdue));
      if (auto u = last_of("unreachable"); u && counts(*u) && !listed_on_or_after("abnormal", *u))
        suggest(f, "abnormal.unreachable", *u, trf("unreachable at its address on {}", *u));
      for (auto it = f.events.rbegin(); it != f.events.rend(); ++it)
        if (small_penalty(*it)) {
          if (counts(it->date) && !listed_on_or_after("abnormal", it->date))
            suggest(f, "abnormal.penalty", it->date,
                    it->kind == "warning" ? trf("a warning on {}", it->date)
                                          : trf("a fine of ¥{} on {}", validate::format_money(it->amount), it->date));
          break;
        }
    }
    if (abnormal && !serious) {
      // Exits: what it was listed for is put right, or six months with nothing to rectify; a
      // new qualifying event while listed restarts the clock.
      // No clock runs before the rules were in force: a listing of 2014 counts from 2018-01-24.
      const std::string start = vocab::counted_from(vocab::rule("abnormal.six_months"), *abnormal);
      std::string clock = start;
      std::string listed_rule;
      for (const auto& e : f.events)
        if (e.kind == "abnormal_in" && e.date == *abnormal) listed_rule = e.rule;
      std::optional<std::string> put_right;
      for (const auto& e : f.events) {
        if (e.date < *abnormal) continue;
        if (small_penalty(e) || e.kind == "unreachable" || e.kind == "rectify_order") clock = std::max(clock, e.date);
        if (e.kind == "rectified") put_right = e.date;
      }
      const bool needs_action = listed_rule == "abnormal.annual_report" || listed_rule == "abnormal.rectify_overdue";
      if (!outstanding && (needs_action || put_right)) {
        suggest(f, "abnormal.obligations_met", put_right.value_or(*abnormal),
                trf("on the list since {}; nothing outstanding now", *abnormal));
      } else if (!outstanding && !needs_action) {
        std::string six = validate::add_months(clock, 6);
        if (six <= A)
          suggest(f, "abnormal.six_months", six,
                  clock == *abnormal ? trf("on the list since {}", *abnormal)
                  : clock == start   ? trf("on the list since {}, counted from {}", *abnormal, start)
                                     : trf("on the list since {}; the last qualifying event {}", *abnormal, clock));
      }
      const std::string counted = vocab::counted_from(vocab::rule("serious.abnormal_two_years"), *abnormal);
      std::string two = validate::add_months(counted, 24);
      if (two <= A)
        suggest(f, "serious.abnormal_two_years", two,
                counted == *abnormal ? trf("on the abnormal-activity list since {}", *abnormal)
                                     : trf("on the abnormal-activity list since {}, counted from {}", *abnormal, counted));
    }
    if (!serious) {
      for (const auto& e : f.events)
        if (e.kind == "fine" && e.amount >= kBigFine && counts(e.date) && !listed_on_or_after("serious", e.date)) {
          suggest(f, "serious.big_fine", e.date, trf("a fine of ¥{} on {}", validate::format_money(e.amount), e.date));
          break;
        }
      std::vector<std::string> small;
      for (const auto& e : f.events)
        if (small_penalty(e)) small.push_back(e.date);
      for (std::size_t i = 1; i < small.size(); ++i)
        if (counts(small[i - 1]) && validate::add_months(small[i - 1], 36) >= small[i] &&
            !listed_on_or_after("serious", small[i])) {
          suggest(f, "serious.repeated_penalties", small[i], trf("penalised on {} and {}", small[i - 1], small[i]));
          break;
        }
      for (auto it = f.sanctions.rbegin(); f.status != "deregistered" && it != f.sanctions.rend(); ++it)
        if (counts(it->second) && !listed_on_or_after("serious", it->second)) {
          const bool stop = it->first == "suspended";
          suggest(f, stop ? "serious.stop_order" : "serious.revoked", it->second,
                  stop ? trf("suspended on {}", it->second) : trf("revoked on {}", it->second));
          break;
        }
      if (auto c = last_of("court_listing"); c && counts(*c) && !listed_on_or_after("serious", *c))
        suggest(f, "serious.court_listing", *c, trf("listed by a court on {}", *c));
    } else {
      if (f.status == "deregistered") {
        suggest(f, "serious.deregistered", f.status_date, trf("deregistered on {}", f.status_date));
      } else if (f.status != "revoked") {
        std::string clock = vocab::counted_from(vocab::rule("serious.two_clean_years"), *serious);
        for (const auto& e : f.events)
          if (e.date >= *serious && (small_penalty(e) || e.kind == "fine" || e.kind == "court_listing")) clock = std::max(clock, e.date);
        for (const auto& [kind, date] : f.sanctions)
          if (date >= *serious) clock = std::max(clock, date);
        std::string two = validate::add_months(clock, 24);
        if (two <= A)
          suggest(f, "serious.two_clean_years", two,
                  trf("on the serious-violation list since {}; no penalty since {}", *serious, clock));
      }
    }
  }
  return t;
}

}  // namespace kunqu::supervision
