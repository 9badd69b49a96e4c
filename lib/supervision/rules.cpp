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
  std::string name, code, status, status_date, type, registered_on;
  std::vector<Event> events;  // live ones dated by A, oldest first
  std::map<int, std::string> reports;  // years with a submitted annual check concluded by A → its date
  // Status events that are penalties: stop orders, revocations of the registration, the
  // certificate or a change registration — kind, date.
  std::vector<std::pair<std::string, std::string>> sanctions;
};

bool small_penalty(const Event& e) { return e.kind == "warning" || (e.kind == "fine" && e.amount < kBigFine); }

// A cause for the abnormal-activity list on A: what its entry rule names, since when, and, where
// there is something to put right (a report to send, a rectification to make, an address to be
// reached at), whether and when it was.
struct Cause {
  std::string rule, since, detail;
  bool to_put_right = false;
  std::optional<std::string> put_right;
  bool open() const { return to_put_right && !put_right; }
};

// The org's time on the lists, as its events that stand say: each list's entries and exits.
struct Span {
  std::string list, from, to;  // to: '' while it stands
};
std::vector<Span> spans_of(const Facts& f) {
  std::vector<Span> out;
  for (const auto& e : f.events) {
    const bool in = e.kind == "abnormal_in" || e.kind == "serious_in", out_ = e.kind == "abnormal_out" || e.kind == "serious_out";
    if (!in && !out_) continue;
    const std::string list = e.kind.substr(0, e.kind.find('_'));
    if (in) out.push_back({list, e.date, ""});
    for (auto it = out.rbegin(); out_ && it != out.rend(); ++it)
      if (it->list == list && it->to.empty()) {
        it->to = e.date;
        break;
      }
  }
  return out;
}
// Whether the org stood on `list` ('' either) at some time from `from` to `to`.
bool listed_between(const std::vector<Span>& spans, const std::string& list, const std::string& from, const std::string& to) {
  for (const auto& s : spans)
    if ((list.empty() || s.list == list) && s.from <= to && (s.to.empty() || s.to > from)) return true;
  return false;
}

// The causes the org's record shows on A, oldest first by kind: reports missing (from the first
// year a report was due under the rules, `first_year`), or sent late while it stood on a list;
// rectification orders not carried out by their deadline; no party organization; fundraising
// breaches; unreachable at its address; small penalties. A check's date is when it was
// concluded, not when the report came: a report is late only where a list said so.
std::vector<Cause> causes_of(const CheckCalendar& cal, const Facts& f, const std::vector<Span>& spans,
                             const std::string& A, int first_year) {
  std::vector<Cause> out;
  auto first_after = [&](const std::string& kind, const std::string& date) -> std::optional<std::string> {
    for (const auto& e : f.events)
      if (e.kind == kind && e.date >= date) return e.date;
    return std::nullopt;
  };
  if (f.status == "active" || f.status == "suspended") {
    const int last = cal.report_year_due(A);
    for (int y = std::max(first_year, cal.first_check_year(f.type, f.registered_on)); y <= last; ++y) {
      const std::string deadline = cal.report_deadline(y);
      auto sent = f.reports.find(y);
      const bool late = sent != f.reports.end() && sent->second > deadline && listed_between(spans, "", deadline, sent->second);
      if (sent == f.reports.end() || late)
        out.push_back({"abnormal.annual_report", deadline, trf("no annual report for {} by {}", y, deadline), true,
                       late ? std::optional<std::string>(sent->second) : std::nullopt});
    }
  }
  std::optional<std::string> letter;  // the last unsigned letter since the org was last reached
  for (const auto& e : f.events) {
    if (e.kind == "rectify_order" && e.deadline < A) {
      // Carried out by its deadline, an order is no cause; after it, one put right then.
      const auto done = first_after("rectified", e.date);
      if (!done || *done > e.deadline)
        out.push_back({"abnormal.rectify_overdue", e.deadline, trf("rectification was due by {}", e.deadline), true, done});
    } else if (e.kind == "no_party_org") {
      out.push_back({"abnormal.party_org", e.date, trf("no party organization set up, recorded on {}", e.date), true,
                     first_after("rectified", e.date)});
    } else if (e.kind == "fundraising_breach") {
      out.push_back({"abnormal.fundraising", e.date, trf("a public-fundraising breach on {}", e.date), true,
                     first_after("rectified", e.date)});
    } else if (e.kind == "unreachable") {
      out.push_back({"abnormal.unreachable", e.date, trf("unreachable at its address on {}", e.date), true,
                     first_after("reachable", e.date)});
    } else if (e.kind == "letter_unsigned") {
      // Two registered letters unsigned, 20 to 60 days apart, make it unreachable.
      if (letter && validate::add_days(*letter, 20) <= e.date && e.date <= validate::add_days(*letter, 60))
        out.push_back({"abnormal.unreachable", e.date, trf("registered letters unsigned on {} and {}", *letter, e.date),
                       true, first_after("reachable", e.date)});
      letter = e.date;
    } else if (e.kind == "reachable") {
      letter.reset();
    } else if (small_penalty(e)) {
      out.push_back({"abnormal.penalty", e.date,
                     e.kind == "warning" ? trf("a warning on {}", e.date)
                                         : trf("a fine of ¥{} on {}", validate::format_money(e.amount), e.date),
                     false, {}});
    }
  }
  return out;
}

// Credit events that are themselves a cause for either list (the others are a Cause's since — a
// deadline missed, the second letter — or a sanction): a new one while listed restarts the
// list's clock.
bool is_cause(const Event& e) {
  static const char* const kinds[] = {"warning", "fine", "court_listing"};
  for (const char* k : kinds)
    if (e.kind == k) return true;
  return false;
}

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
  const Rule& any = rules().front();
  auto counts = [&](const std::string& date) { return date >= any.from; };  // what the rules reach
  // The first year whose report was due under the rules (2017's, due in 2018).
  int first_year = std::stoi(any.from.substr(0, 4)) - 1;
  const CheckCalendar cal(reg);
  while (cal.report_deadline(first_year) < any.from) ++first_year;

  std::map<std::int64_t, Facts> orgs;
  auto fact = [&](const registry::Query& q) -> Facts& {
    Facts& f = orgs[*q.integer(0)];
    if (!f.id) {
      f.id = *q.integer(0);
      f.name = q.text_or(1, "");
      f.code = q.text_or(2, "");
      f.status = q.text_or(3, "active");
      f.status_date = q.text_or(4, "");
      f.type = q.text_or(5, "");
      f.registered_on = q.text_or(6, "");
    }
    return f;
  };
  // The registered orgs as they stood on A (their status from their events), with the annual
  // checks submitted by then.
  const std::string src = org::org_source(reg, A);
  const std::string cols = "o.id, o.name, o.credit_code, o.status, o.status_date, o.type, o.registered_on";
  {
    auto q = reg.prepare(fmt::format("SELECT {}, c.year, c.date FROM {} o LEFT JOIN annual_check c ON c.org_id = o.id "
                                     "AND c.result <> 'not_submitted' AND c.date <= ?1 "
                                     "WHERE o.tier = 'registered' AND o.registered_on <= ?1 ORDER BY o.id",
                                     cols, src));
    q.bind(1, A);
    while (q.step()) {
      Facts& f = fact(q);
      if (auto y = q.integer(7)) f.reports[static_cast<int>(*y)] = q.text_or(8, "");
    }
  }
  {
    auto q = reg.prepare(fmt::format(
        "SELECT {}, e.kind, e.date, e.deadline, e.rule, e.amount FROM credit_event e JOIN {} o ON o.id = e.org_id "
        "WHERE o.tier = 'registered' AND e.kind <> 'reversal' AND e.date <= ? AND {} ORDER BY o.id, e.date, e.id",
        cols, src, kLive));
    q.bind(1, A);
    while (q.step()) {
      Facts& f = fact(q);
      f.events.push_back({q.text_or(7, ""), q.text_or(8, ""), q.text_or(9, ""), q.text_or(10, ""), q.integer(11).value_or(0)});
    }
  }
  {
    // Orders to stop activities and revocations decided by A: a suspension lifted since is
    // still one.
    auto q = reg.prepare(fmt::format(
        "SELECT {}, e.kind, e.on_date FROM org_event e JOIN {} o ON o.id = e.org_id WHERE o.tier = 'registered' "
        "AND (e.kind = 'suspended' OR e.kind = 'revoked' OR e.kind = 'certificate_revoked' OR e.kind = 'change_revoked') "
        "AND e.on_date <= ? "
        "AND NOT EXISTS (SELECT 1 FROM org_event c WHERE c.corrects = e.id) ORDER BY o.id, e.on_date, e.id",
        cols, src));
    q.bind(1, A);
    while (q.step()) fact(q).sanctions.emplace_back(q.text_or(7, ""), q.text_or(8, ""));
  }

  io::Table t;
  t.record_name = "due";
  t.columns = {{"key"}, {"name"}, {"credit_code"}, vocab::coded("list", org::list_states()), vocab::coded("action", rule_actions()), {"rule"},
               {"since", io::ColumnType::kDate}, {"detail"}};

  for (auto& entry : orgs) {
    auto& f = entry.second;  // a plain reference: lambdas below capture it (C++17 forbids bindings)
    std::vector<io::Row> entries, exits;
    auto suggest = [&](const std::string& code, const std::string& since, const std::string& detail) {
      const Rule& r = *rule_by_code(code);
      if (!in_force(r, A)) return;
      (r.action == "entry" ? entries : exits)
          .push_back({registry::org_key(f.id), f.name, f.code, r.list, r.action, r.code, since, detail});
    };
    // The lists as the events leave them, and the rule each listing gave.
    std::optional<std::string> abnormal, serious;
    std::string abnormal_rule, serious_rule;
    for (const auto& e : f.events) {
      if (e.kind == "abnormal_in") {
        abnormal = e.date;
        abnormal_rule = e.rule;
      } else if (e.kind == "abnormal_out") {
        abnormal.reset();
      } else if (e.kind == "serious_in") {
        serious = e.date;
        serious_rule = e.rule;
      } else if (e.kind == "serious_out") {
        serious.reset();
      }
    }
    // Whether what happened on `date` was met by `list`: the org stood on it then, or entered
    // it since.
    const std::vector<Span> spans = spans_of(f);
    auto listed_on_or_after = [&](const std::string& list, const std::string& date) {
      return listed_between(spans, list, date, "9999-12-31");
    };
    const std::vector<Cause> causes = causes_of(cal, f, spans, A, first_year);
    // The causes a listing since `since` answers for: a report due from the listing's report
    // year on, anything else whenever it arose.
    auto reaches = [&](const Cause& c, const std::string& since) {
      return c.rule != "abnormal.annual_report" || c.since >= cal.report_deadline(cal.report_year_due(since));
    };
    // What such a listing leaves to put right: one of them still open.
    auto outstanding = [&](const std::string& since) {
      for (const auto& c : causes)
        if (c.open() && reaches(c, since)) return true;
      return false;
    };
    // The last cause for either list after `since`: what restarts a listing's clock.
    auto last_cause_after = [&](const std::string& since, std::string clock) {
      for (const auto& e : f.events)
        if (e.date > since && is_cause(e)) clock = std::max(clock, e.date);
      for (const auto& c : causes)
        if (c.since > since && c.since <= A) clock = std::max(clock, c.since);
      for (const auto& s : f.sanctions)
        if (s.second > since) clock = std::max(clock, s.second);
      return clock;
    };
    const bool live = f.status == "active" || f.status == "suspended";

    if (live && !abnormal && !serious) {
      // One suggestion per rule: its latest cause that counts. One with something to put right
      // calls for it while it is open; a penalty, once, unless listed since. A missing report
      // is the last year's.
      std::map<std::string, const Cause*> latest;
      const std::string last_deadline = cal.report_deadline(cal.report_year_due(A));
      for (const auto& c : causes) {
        if (!counts(c.since) || (c.to_put_right ? !c.open() : listed_on_or_after("abnormal", c.since))) continue;
        if (c.rule == "abnormal.annual_report" && c.since != last_deadline) continue;
        latest[c.rule] = &c;
      }
      for (const auto& r : rules())
        if (auto it = latest.find(r.code); it != latest.end()) suggest(r.code, it->second->since, it->second->detail);
    }
    if (abnormal && !serious) {
      // Exits: on application once what it was listed for is put right; after six months where
      // there was nothing to put right. A new cause while listed restarts the clock, and no
      // clock runs before the rules were in force: a listing of 2014 counts from 2018-01-24.
      const std::string start = vocab::counted_from(vocab::rule("abnormal.six_months"), *abnormal);
      const std::string clock = last_cause_after(*abnormal, start);
      // What it was listed for: the listing's rule, else the causes that stood on its day.
      bool needs_action = false;
      std::optional<std::string> put_right;
      for (const auto& c : causes) {
        const bool stood = c.since <= *abnormal && (!c.put_right || *c.put_right >= *abnormal) && reaches(c, *abnormal);
        if (c.to_put_right && (abnormal_rule.empty() ? stood : c.rule == abnormal_rule)) needs_action = true;
        if (c.put_right && *c.put_right >= *abnormal) put_right = std::max(put_right.value_or(""), *c.put_right);
      }
      if (abnormal_rule == "abnormal.annual_report" || abnormal_rule == "abnormal.rectify_overdue" ||
          abnormal_rule == "abnormal.party_org" || abnormal_rule == "abnormal.fundraising" ||
          abnormal_rule == "abnormal.unreachable")
        needs_action = true;
      const bool open = outstanding(*abnormal);
      if (!open && (needs_action || put_right)) {
        suggest("abnormal.obligations_met", put_right.value_or(*abnormal),
                trf("on the list since {}; nothing outstanding now", *abnormal));
      } else if (!open) {
        std::string six = validate::add_months(clock, 6);
        if (six <= A)
          suggest("abnormal.six_months", six,
                  clock == *abnormal ? trf("on the list since {}", *abnormal)
                  : clock == start   ? trf("on the list since {}, counted from {}", *abnormal, start)
                                     : trf("on the list since {}; the last qualifying event {}", *abnormal, clock));
      }
      const std::string counted = vocab::counted_from(vocab::rule("serious.abnormal_two_years"), *abnormal);
      std::string two = validate::add_months(counted, 24);
      if (two <= A)
        suggest("serious.abnormal_two_years", two,
                counted == *abnormal ? trf("on the abnormal-activity list since {}", *abnormal)
                                     : trf("on the abnormal-activity list since {}, counted from {}", *abnormal, counted));
    }
    if (!serious) {
      for (const auto& e : f.events)
        if (e.kind == "fine" && e.amount >= kBigFine && counts(e.date) && !listed_on_or_after("serious", e.date)) {
          suggest("serious.big_fine", e.date, trf("a fine of ¥{} on {}", validate::format_money(e.amount), e.date));
          break;
        }
      std::vector<std::string> small;
      for (const auto& e : f.events)
        if (small_penalty(e)) small.push_back(e.date);
      for (std::size_t i = 1; i < small.size(); ++i)
        if (counts(small[i - 1]) && validate::add_months(small[i - 1], 36) >= small[i] &&
            !listed_on_or_after("serious", small[i])) {
          suggest("serious.repeated_penalties", small[i], trf("penalised on {} and {}", small[i - 1], small[i]));
          break;
        }
      for (auto it = f.sanctions.rbegin(); it != f.sanctions.rend(); ++it)
        if (it->first == "change_revoked") {
          if (counts(it->second) && !listed_on_or_after("serious", it->second))
            suggest("serious.change_fraud", it->second,
                    trf("a change registration obtained by fraud, revoked on {}", it->second));
          break;
        }
      for (auto it = f.sanctions.rbegin(); f.status != "deregistered" && it != f.sanctions.rend(); ++it) {
        if (it->first == "change_revoked") continue;
        if (counts(it->second) && !listed_on_or_after("serious", it->second)) {
          const bool stop = it->first == "suspended";
          suggest(stop ? "serious.stop_order" : "serious.revoked", it->second,
                  stop                                ? trf("suspended on {}", it->second)
                  : it->first == "certificate_revoked" ? trf("registration certificate revoked on {}", it->second)
                                                       : trf("revoked on {}", it->second));
        }
        break;
      }
      for (auto it = f.events.rbegin(); it != f.events.rend(); ++it)
        if (it->kind == "court_listing") {
          if (counts(it->date) && !listed_on_or_after("serious", it->date))
            suggest("serious.court_listing", it->date, trf("listed by a court on {}", it->date));
          break;
        }
    } else {
      if (f.status == "deregistered") {
        suggest("serious.deregistered", f.status_date, trf("deregistered on {}", f.status_date));
      } else if (f.status != "revoked") {
        // Two years with no cause for either list, and, for a listing that came of two years on
        // the abnormal-activity list, that list's obligations met too.
        std::string horizon = *serious;
        if (abnormal) horizon = std::min(horizon, *abnormal);
        if (serious_rule == "serious.abnormal_two_years") {
          std::string led;  // the abnormal listing that led to it: the last before it
          for (const auto& e : f.events)
            if (e.kind == "abnormal_in" && e.date <= *serious) led = e.date;
          if (!led.empty()) horizon = std::min(horizon, led);
        }
        const std::string clock =
            last_cause_after(*serious, vocab::counted_from(vocab::rule("serious.two_clean_years"), *serious));
        std::string two = validate::add_months(clock, 24);
        if (!outstanding(horizon) && two <= A)
          suggest("serious.two_clean_years", two,
                  trf("on the serious-violation list since {}; no cause for either list since {}", *serious, clock));
      }
    }
    // Never an entry to one list and an exit from the other for the same org on the same day;
    // then only what was asked for.
    if (!entries.empty()) exits.clear();
    for (auto* rows : {&entries, &exits})
      for (auto& row : *rows)
        if ((!list || row[3] == list) && (!action || row[4] == action)) t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace kunqu::supervision
