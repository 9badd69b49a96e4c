// Credit record, list rules, annual checks and grades. All SQL of supervision lives here.
#include "supervision/supervision.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"

namespace kunqu::supervision {

namespace {

constexpr std::int64_t kBigFine = 5000000;  // ¥50,000 in fen: the line between small and large fines

org::FieldSpec build_kinds() {
  return {"kind", org::FieldKind::kEnum, "信用信息类别", {},
          {{"commendation", {"表彰", "表彰奖励"}},
           {"warning", {"警告"}},
           {"fine", {"罚款"}},
           {"rectify_order", {"责令改正", "限期整改"}},
           {"rectified", {"整改完成", "已整改"}},
           {"unreachable", {"无法取得联系", "通过登记的住所无法取得联系"}},
           {"abnormal_in", {"列入活动异常名录", "列入异常名录"}},
           {"abnormal_out", {"移出活动异常名录", "移出异常名录"}},
           {"serious_in", {"列入严重违法失信名单", "列入失信名单"}},
           {"serious_out", {"移出严重违法失信名单", "移出失信名单"}},
           {"court_listing", {"失信被执行人", "列入失信被执行人名单"}},
           {"note", {"备注", "其他"}},
           {"reversal", {"更正", "撤回"}}}};
}

org::FieldSpec build_results() {
  return {"result", org::FieldKind::kEnum, "年检结论", {},
          {{"pass", {"合格"}}, {"basic_pass", {"基本合格"}}, {"fail", {"不合格"}}, {"not_submitted", {"未参检", "未报送"}}}};
}

std::string today(Registry& reg) { return validate::shanghai_date(reg.now_utc()); }

using validate::Problems;

std::optional<std::string> opt(const std::string& s) { return io::trimmed_or_null(s); }


// Credit events that no reversal undid, oldest first.
constexpr const char* kLive = "NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id)";

const Rule* rule_by_code(const std::string& code) {
  for (const auto& r : rules())
    if (r.code == code) return &r;
  return nullptr;
}

}  // namespace

std::optional<std::string> listed_since(Registry& reg, std::int64_t org_id, const std::string& list, const std::string& as_of) {
  auto q = reg.prepare(fmt::format("SELECT e.kind, e.date FROM credit_event e WHERE e.org_id = ? AND (e.kind = ? OR e.kind = ?) "
                                   "AND (?4 = '' OR e.date <= ?4) AND {} ORDER BY e.date DESC, e.id DESC LIMIT 1",
                                   kLive));
  q.bind(1, org_id).bind(2, list + "_in").bind(3, list + "_out").bind(4, as_of);
  if (q.step() && q.text_or(0, "") == list + "_in") return q.text(1);
  return std::nullopt;
}

const org::FieldSpec& event_kinds() {
  static const org::FieldSpec spec = build_kinds();
  return spec;
}

const org::FieldSpec& check_results() {
  static const org::FieldSpec spec = build_results();
  return spec;
}

const org::FieldSpec& list_states() {
  static const org::FieldSpec spec = org::enum_spec(
      "credit_list", "信用名录",
      {{"serious", {"严重违法失信名单"}}, {"abnormal", {"活动异常名录"}}, {"clear", {"未列入"}}});
  return spec;
}

namespace {

// What a rule calls for, and a grade's standing, with their Chinese names.
const org::FieldSpec& rule_actions() {
  static const org::FieldSpec spec = org::enum_spec("action", "处理", {{"entry", {"列入"}}, {"exit", {"移出"}}});
  return spec;
}
const org::FieldSpec& grade_statuses() {
  static const org::FieldSpec spec = org::enum_spec(
      "status", "等级状态", {{"valid", {"有效"}}, {"lowered", {"已降级"}}, {"withdrawn", {"已撤销"}}, {"expired", {"已过期"}}});
  return spec;
}

}  // namespace

const std::vector<Rule>& rules() {
  // MCA Order No. 60, 《社会组织信用信息管理办法》, published and in force 2018-01-24.
  static const std::string from = "2018-01-24", basis = "民政部令第60号《社会组织信用信息管理办法》";
  static const std::vector<Rule> all = {
      {"abnormal.annual_report", "abnormal", "entry", from, "", basis,
       "annual report not submitted by the deadline", "未按照规定时限报送年度工作报告"},
      {"abnormal.rectify_overdue", "abnormal", "entry", from, "", basis,
       "ordered to rectify and not done by the deadline", "未按照有关规定完成整改"},
      {"abnormal.unreachable", "abnormal", "entry", from, "", basis,
       "cannot be reached at its registered address", "通过登记的住所无法与社会组织取得联系"},
      {"abnormal.penalty", "abnormal", "entry", from, "", basis,
       "a warning, or a fine under ¥50,000", "受到警告或者不满5万元罚款处罚"},
      {"abnormal.obligations_met", "abnormal", "exit", from, "", basis,
       "what it was listed for is put right (on application)", "已履行相关义务，申请移出"},
      {"abnormal.six_months", "abnormal", "exit", from, "", basis,
       "six months on the list with nothing to rectify", "列入活动异常名录满6个月且无需整改"},
      {"serious.abnormal_two_years", "serious", "entry", from, "", basis,
       "two years on the abnormal-activity list", "被列入活动异常名录满2年"},
      {"serious.big_fine", "serious", "entry", from, "", basis,
       "a fine of ¥50,000 or more", "受到5万元以上罚款处罚"},
      {"serious.repeated_penalties", "serious", "entry", from, "", basis,
       "two or more warnings or small fines within three years", "3年内2次以上受到警告或者不满5万元罚款处罚"},
      {"serious.stop_order", "serious", "entry", from, "", basis,
       "ordered to stop its activities (suspended)", "受到限期停止活动行政处罚"},
      {"serious.revoked", "serious", "entry", from, "", basis, "its registration revoked", "受到撤销登记行政处罚"},
      {"serious.court_listing", "serious", "entry", from, "", basis,
       "listed by a court as a dishonest judgment debtor", "被司法机关纳入失信被执行人名单"},
      {"serious.two_clean_years", "serious", "exit", from, "", basis,
       "two years on the list without a new penalty (on application)", "列入严重违法失信名单满2年且未再受到行政处罚，申请移出"},
      {"serious.deregistered", "serious", "exit", from, "", basis,
       "deregistered (those listed for revocation leave only so)", "已办理注销登记"},
  };
  return all;
}

std::string list_state_sql(const std::string& as_of) {
  const std::string until = as_of.empty() ? "" : " AND e.date <= " + as_of;
  auto last = [&](const char* in, const char* out) {
    return fmt::format(
        "(SELECT e.kind FROM credit_event e WHERE e.org_id = o.id AND (e.kind = '{}' OR e.kind = '{}'){} "
        "AND NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id) ORDER BY e.date DESC, e.id DESC LIMIT 1)",
        in, out, until);
  };
  return fmt::format("CASE WHEN o.tier <> 'registered' THEN NULL WHEN {} = 'serious_in' THEN 'serious' "
                     "WHEN {} = 'abnormal_in' THEN 'abnormal' ELSE 'clear' END",
                     last("serious_in", "serious_out"), last("abnormal_in", "abnormal_out"));
}

std::int64_t add_event(Registry& reg, std::string_view token, const CreditEvent& e) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string now = today(reg);
  Problems p;
  auto kind = org::enum_code(event_kinds(), e.kind);
  if (io::trim(e.kind).empty()) p.bad("kind", trf("is required ({})", org::enum_codes_list(event_kinds())));
  else if (!kind) p.bad("kind", trf("'{}' is not one of {}", io::trim(e.kind), org::enum_codes_list(event_kinds())));
  const bool list_event = kind && (*kind == "abnormal_in" || *kind == "abnormal_out" || *kind == "serious_in" || *kind == "serious_out");
  if (list_event && o[org::kTier] != std::optional<std::string>("registered"))
    throw_invalid(trf("{} is a filed group: filed groups are outside the credit lists", org::label(o)));

  auto date = p.date("date", e.date, now);
  if (date && *date < org::entered_on(o)) {
    p.bad("date", trf("{} is before {} entered the registry ({})", *date, org::label(o), org::entered_on(o)));
    date.reset();
  }
  std::optional<std::int64_t> amount;
  if (kind == std::optional<std::string>("fine")) {
    if (io::trim(e.amount).empty()) {
      p.bad("amount", tr("a fine needs its amount in yuan (--amount 5000)"));
    } else if (auto m = validate::parse_money(e.amount); !m) {
      p.bad("amount", m.error, m.hint);
    } else if (*m.value <= 0) {
      p.bad("amount", tr("a fine's amount is more than 0"));
    } else {
      amount = *m.value;
    }
  } else if (!io::trim(e.amount).empty()) {
    p.bad("amount", tr("only a fine has an amount"));
  }
  std::optional<std::string> deadline;
  if (kind == std::optional<std::string>("rectify_order")) {
    if (io::trim(e.deadline).empty()) {
      p.bad("deadline", tr("an order to rectify needs its deadline (--deadline YYYY-MM-DD)"));
    } else if (auto d = validate::parse_date(e.deadline); !d) {
      p.bad("deadline", d.error, d.hint);
    } else if (date && *d.value < *date) {
      p.bad("deadline", trf("{} is before the order's date {}", *d.value, *date));
    } else {
      deadline = d.value;
    }
  } else if (!io::trim(e.deadline).empty()) {
    p.bad("deadline", tr("only an order to rectify has a deadline"));
  }
  std::optional<std::int64_t> reverses;
  if (kind == std::optional<std::string>("reversal")) {
    auto n = validate::parse_count(e.reverses);
    if (io::trim(e.reverses).empty()) {
      p.bad("reverses", tr("a reversal names the event it undoes (--reverses ID, from kunqu org credit list)"));
    } else if (!n) {
      p.bad("reverses", trf("'{}' is not an event id", io::trim(e.reverses)));
    } else {
      auto q = reg.prepare("SELECT e.org_id, e.kind, (SELECT r.id FROM credit_event r WHERE r.reverses = e.id) FROM credit_event e WHERE e.id = ?");
      q.bind(1, *n.value);
      if (!q.step() || *q.integer(0) != o.id) p.bad("reverses", trf("{} has no credit event {}", org::label(o), *n.value));
      else if (q.text_or(1, "") == "reversal")
        p.bad("reverses", trf("event {} is itself a reversal; record the event again instead", *n.value));
      else if (q.integer(2)) p.bad("reverses", trf("event {} was already reversed by event {}", *n.value, *q.integer(2)));
      else reverses = *n.value;
    }
  } else if (!io::trim(e.reverses).empty()) {
    p.bad("reverses", tr("only a reversal names an event to undo"));
  }
  std::optional<std::string> rule = opt(e.rule);
  if (rule) {
    const Rule* r = rule_by_code(*rule);
    if (!list_event) {
      p.bad("rule", tr("only a list entry or exit applies a rule"));
    } else if (!r) {
      std::string codes;
      for (const auto& x : rules()) codes += (codes.empty() ? "" : ", ") + x.code;
      p.bad("rule", trf("'{}' is not a rule (one of {})", *rule, codes));
    } else if (r->list + (r->action == "entry" ? "_in" : "_out") != *kind) {
      p.bad("rule", trf("{} is a rule for {} of the {} list, not for {}", r->code, org::said(rule_actions(), r->action),
                        org::said(list_states(), r->list), org::said(event_kinds(), *kind)));
    }
  }
  if (list_event && date) {
    const std::string list = kind->substr(0, kind->find('_'));
    const bool entry = kind->size() > 3 && kind->compare(kind->size() - 3, 3, "_in") == 0;
    auto since = listed_since(reg, o.id, list);
    const bool abnormal = list == "abnormal";
    if (entry && since)
      p.bad("kind", abnormal ? trf("{} is already on the abnormal-activity list (since {})", org::label(o), *since)
                             : trf("{} is already on the serious-violation list (since {})", org::label(o), *since));
    if (!entry && !since)
      p.bad("kind", abnormal ? trf("{} is not on the abnormal-activity list", org::label(o))
                             : trf("{} is not on the serious-violation list", org::label(o)));
    if (!entry && since && *date < *since)
      p.bad("date", trf("{} is before it was listed ({})", *date, *since));
  }
  p.raise(tr("nothing was recorded"));

  io::JsonObject detail;
  detail.add("kind", *kind).add("date", *date);
  if (amount) detail.add("amount", validate::format_money(*amount));
  if (deadline) detail.add("deadline", *deadline);
  if (reverses) detail.add("reverses", static_cast<long long>(*reverses));
  detail.add("authority", opt(e.authority)).add("document", opt(e.document)).add("reason", opt(e.reason));
  detail.add("rule", rule).add("note", opt(e.note));
  std::int64_t audit_id = reg.audit("credit.add", o.id, detail.str());
  auto q = reg.prepare(
      "INSERT INTO credit_event (org_id, kind, date, authority, document, amount, deadline, reason, rule, reverses, note, audit_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, o.id).bind(2, *kind).bind(3, *date).bind(4, opt(e.authority)).bind(5, opt(e.document)).bind(6, amount);
  q.bind(7, deadline).bind(8, opt(e.reason)).bind(9, rule).bind(10, reverses).bind(11, opt(e.note)).bind(12, audit_id);
  q.run();
  std::int64_t id = reg.last_insert_rowid();
  tx.commit();
  return id;
}

io::Table list_events(Registry& reg, const EventFilter& f) {
  std::string where = " WHERE 1";
  std::vector<std::string> params;
  if (f.org) {
    where += " AND e.org_id = ?";
    params.push_back(std::to_string(org::find(reg, *f.org).id));
  }
  if (f.kind) {
    auto k = org::enum_code(event_kinds(), *f.kind);
    if (!k) throw_usage(trf("--kind '{}' is not one of {}", *f.kind, org::enum_codes_list(event_kinds())));
    where += " AND e.kind = ?";
    params.push_back(*k);
  }
  if (f.authority) {
    where += " AND instr(e.authority, ?) > 0";
    params.push_back(io::trim(*f.authority));
  }
  for (auto* d : {&f.since, &f.until}) {
    if (!*d) continue;
    auto parsed = validate::parse_date(**d);
    if (!parsed) throw_usage(fmt::format("--{}: {}", d == &f.since ? "since" : "until", parsed.error));
    where += d == &f.since ? " AND e.date >= ?" : " AND e.date <= ?";
    params.push_back(*parsed.value);
  }
  std::string sql =
      "SELECT e.id, e.date, o.id, o.name, e.kind, e.amount, e.deadline, e.authority, e.document, e.reason, e.rule, "
      "e.reverses, (SELECT r.id FROM credit_event r WHERE r.reverses = e.id), e.note "
      "FROM credit_event e JOIN org o ON o.id = e.org_id" +
      where + " ORDER BY e.date, e.id";
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  io::Table t;
  t.record_name = "credit_event";
  t.columns = {{"id", io::ColumnType::kInteger}, {"date", io::ColumnType::kDate}, {"key"}, {"name"}, org::coded("kind", event_kinds()),
               {"amount", io::ColumnType::kMoney}, {"deadline", io::ColumnType::kDate}, {"authority"}, {"document"},
               {"reason"}, {"rule"}, {"reverses", io::ColumnType::kInteger}, {"reversed_by", io::ColumnType::kInteger},
               {"note"}};
  while (q.step()) {
    io::Row row{q.text(0), q.text(1), registry::org_key(*q.integer(2)), q.text(3), q.text(4)};
    row.push_back(q.integer(5) ? std::optional<std::string>(validate::format_money(*q.integer(5))) : std::nullopt);
    for (int c = 6; c <= 13; ++c) row.push_back(q.text(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// ---- credit due ----

namespace {

struct Event {
  std::string kind, date, deadline, rule;
  std::int64_t amount = 0;
};

struct Facts {
  std::int64_t id = 0;
  std::string name, code, status, status_date;
  std::vector<Event> events;  // live ones, oldest first
  std::optional<std::string> missing_report;  // the year whose report is missing
};

bool in_force(const Rule& r, const std::string& date) {
  return date >= r.from && (r.until.empty() || date < r.until);
}

bool small_penalty(const Event& e) { return e.kind == "warning" || (e.kind == "fine" && e.amount < kBigFine); }

}  // namespace

io::Table due(Registry& reg, const std::string& as_of, const std::optional<std::string>& list,
              const std::optional<std::string>& action) {
  auto a = validate::parse_date(as_of);
  if (!a) throw_usage(fmt::format("--as-of: {}", a.error));
  if (list && *list != "abnormal" && *list != "serious")
    throw_usage(trf("--list '{}' is not one of abnormal, serious", *list));
  if (action && *action != "entry" && *action != "exit")
    throw_usage(trf("--action '{}' is not one of entry, exit", *action));
  const std::string A = *a.value;

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
  {
    auto q = reg.prepare(fmt::format(
        "SELECT o.id, o.name, o.credit_code, o.status, o.status_date, e.kind, e.date, e.deadline, e.rule, e.amount "
        "FROM credit_event e JOIN org o ON o.id = e.org_id WHERE o.tier = 'registered' AND e.kind <> 'reversal' "
        "AND e.date <= ? AND {} ORDER BY o.id, e.date, e.id",
        kLive));
    q.bind(1, A);
    while (q.step())
      fact(q).events.push_back({q.text_or(5, ""), q.text_or(6, ""), q.text_or(7, ""), q.text_or(8, ""), q.integer(9).value_or(0)});
  }
  {
    // Live registered orgs registered before the report year ended, without a submitted report.
    auto q = reg.prepare(
        "SELECT o.id, o.name, o.credit_code, o.status, o.status_date FROM org o "
        "WHERE o.tier = 'registered' AND (o.status = 'active' OR o.status = 'suspended') AND o.registered_on <= ? "
        "AND NOT EXISTS (SELECT 1 FROM annual_check c WHERE c.org_id = o.id AND c.year = ? AND c.result <> 'not_submitted')");
    q.bind(1, fmt::format("{:04}-12-31", report_year)).bind(2, report_year);
    while (q.step()) fact(q).missing_report = std::to_string(report_year);
  }
  {
    auto q = reg.prepare(
        "SELECT o.id, o.name, o.credit_code, o.status, o.status_date FROM org o "
        "WHERE o.tier = 'registered' AND (o.status = 'suspended' OR o.status = 'revoked') AND o.status_date <= ?");
    q.bind(1, A);
    while (q.step()) fact(q);
  }

  io::Table t;
  t.record_name = "due";
  t.columns = {{"key"}, {"name"}, {"credit_code"}, org::coded("list", list_states()), org::coded("action", rule_actions()), {"rule"},
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
      std::string clock = *abnormal;
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
                                     : trf("on the list since {}; the last qualifying event {}", *abnormal, clock));
      }
      std::string two = validate::add_months(*abnormal, 24);
      if (two <= A) suggest(f, "serious.abnormal_two_years", two, trf("on the abnormal-activity list since {}", *abnormal));
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
        if (counts(small[i]) && validate::add_months(small[i - 1], 36) >= small[i] && !listed_on_or_after("serious", small[i])) {
          suggest(f, "serious.repeated_penalties", small[i], trf("penalised on {} and {}", small[i - 1], small[i]));
          break;
        }
      if ((f.status == "suspended" || f.status == "revoked") && counts(f.status_date) &&
          !listed_on_or_after("serious", f.status_date))
        suggest(f, f.status == "suspended" ? "serious.stop_order" : "serious.revoked", f.status_date,
                f.status == "suspended" ? trf("suspended on {}", f.status_date) : trf("revoked on {}", f.status_date));
      if (auto c = last_of("court_listing"); c && counts(*c) && !listed_on_or_after("serious", *c))
        suggest(f, "serious.court_listing", *c, trf("listed by a court on {}", *c));
    } else {
      if (f.status == "deregistered") {
        suggest(f, "serious.deregistered", f.status_date, trf("deregistered on {}", f.status_date));
      } else if (f.status != "revoked") {
        std::string clock = *serious;
        for (const auto& e : f.events)
          if (e.date >= *serious && (small_penalty(e) || e.kind == "fine" || e.kind == "court_listing")) clock = std::max(clock, e.date);
        std::string two = validate::add_months(clock, 24);
        if (two <= A)
          suggest(f, "serious.two_clean_years", two,
                  trf("on the serious-violation list since {}; no penalty since {}", *serious, clock));
      }
    }
  }
  return t;
}

// ---- annual checks ----

void add_check(Registry& reg, std::string_view token, const AnnualCheck& c) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  if (o[org::kTier] != std::optional<std::string>("registered"))
    throw_invalid(trf("{} is a filed group: annual checks are for registered orgs (filed groups have reviews)", org::label(o)));
  const std::string now = today(reg);
  Problems p;
  std::optional<int> year;
  std::string y = io::trim(c.year);
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
    p.bad("year", trf("'{}' is not a year like 2014", y));
  } else {
    year = std::stoi(y);
    const std::string reg_on = o[org::kRegisteredOn].value_or("");
    if (!reg_on.empty() && *year < std::stoi(reg_on.substr(0, 4)))
      p.bad("year", trf("{} registered on {}; it has no annual check for {}", org::label(o), reg_on, *year));
    else if (*year >= std::stoi(now.substr(0, 4)))
      p.bad("year", trf("{} has not ended yet (today is {})", *year, now));
  }
  auto result = org::enum_code(check_results(), c.result);
  if (!result) p.bad("result", trf("'{}' is not one of {}", io::trim(c.result), org::enum_codes_list(check_results())));
  auto date = p.date("date", c.date, now);
  if (date && year && *date <= fmt::format("{:04}-12-31", *year))
    p.bad("date", trf("{} is not after the year {} it concludes", *date, *year));
  std::optional<std::string> before;
  if (year) {
    auto q = reg.prepare("SELECT result, date FROM annual_check WHERE org_id = ? AND year = ?");
    q.bind(1, o.id).bind(2, *year);
    if (q.step()) {
      before = q.text_or(0, "") + " " + q.text_or(1, "");
      if (!c.correct)
        p.bad("year", trf("{} already has the check for {}: {} on {}", org::label(o), *year, q.text_or(0, ""), q.text_or(1, "")),
              tr("to correct it, add it again with --correct"));
    } else if (c.correct) {
      p.bad("year", trf("{} has no check for {} to correct", org::label(o), *year));
    }
  }
  p.raise(tr("nothing was recorded"));

  io::JsonObject detail;
  detail.add("year", static_cast<long long>(*year)).add("result", *result).add("date", *date);
  detail.add("authority", opt(c.authority)).add("note", opt(c.note));
  if (before) detail.add("replaces", *before);
  std::int64_t audit_id = reg.audit(c.correct ? "annual_check.correct" : "annual_check.add", o.id, detail.str());
  auto q = reg.prepare(
      "INSERT INTO annual_check (org_id, year, result, date, authority, note, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (org_id, year) DO UPDATE SET result = excluded.result, date = excluded.date, "
      "authority = excluded.authority, note = excluded.note, audit_id = excluded.audit_id");
  q.bind(1, o.id).bind(2, static_cast<std::int64_t>(*year)).bind(3, *result).bind(4, *date);
  q.bind(5, opt(c.authority)).bind(6, opt(c.note)).bind(7, audit_id);
  q.run();
  tx.commit();
}

io::Table list_checks(Registry& reg, const CheckFilter& f) {
  auto year_of = [](const std::string& flag, const std::string& text) {
    std::string y = io::trim(text);
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
      throw_usage(trf("--{} '{}' is not a year like 2014", flag, y));
    return y;
  };
  io::Table t;
  t.record_name = "annual_check";
  std::vector<std::string> params;
  std::string sql;
  if (f.missing) {
    // Who owes the year's report: registered before the year ended, live now, nothing submitted.
    std::string y = year_of("missing", *f.missing);
    sql = "SELECT o.id, o.name, o.credit_code, o.registered_on, o.street, c.result, c.date FROM org o "
          "LEFT JOIN annual_check c ON c.org_id = o.id AND c.year = ?1 "
          "WHERE o.tier = 'registered' AND (o.status = 'active' OR o.status = 'suspended') AND o.registered_on <= ?1 || '-12-31' "
          "AND (c.result IS NULL OR c.result = 'not_submitted')";
    params.push_back(y);
    if (f.org) {
      sql += " AND o.id = ?2";
      params.push_back(std::to_string(org::find(reg, *f.org).id));
    }
    sql += " ORDER BY o.id";
    t.columns = {{"key"}, {"name"}, {"credit_code"}, {"registered_on", io::ColumnType::kDate}, {"street"},
                 org::coded("result", check_results()), {"date", io::ColumnType::kDate}};
  } else {
    sql = "SELECT o.id, o.name, o.credit_code, c.year, c.result, c.date, c.authority, c.note FROM annual_check c "
          "JOIN org o ON o.id = c.org_id WHERE 1";
    int n = 0;
    if (f.org) {
      sql += fmt::format(" AND c.org_id = ?{}", ++n);
      params.push_back(std::to_string(org::find(reg, *f.org).id));
    }
    if (f.year) {
      sql += fmt::format(" AND c.year = ?{}", ++n);
      params.push_back(year_of("year", *f.year));
    }
    if (f.result) {
      auto r = org::enum_code(check_results(), *f.result);
      if (!r) throw_usage(trf("--result '{}' is not one of {}", *f.result, org::enum_codes_list(check_results())));
      sql += fmt::format(" AND c.result = ?{}", ++n);
      params.push_back(*r);
    }
    sql += " ORDER BY c.year, o.id";
    t.columns = {{"key"},  {"name"}, {"credit_code"}, {"year", io::ColumnType::kInteger}, org::coded("result", check_results()),
                 {"date", io::ColumnType::kDate}, {"authority"}, {"note"}};
  }
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  while (q.step()) {
    io::Row row{registry::org_key(*q.integer(0))};
    for (int c = 1; c < static_cast<int>(t.columns.size()); ++c) row.push_back(q.text(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// ---- grades ----

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
  const std::string now = today(reg);
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
  p.raise(tr("nothing was recorded"));

  // Order No. 39 (《社会组织评估管理办法》, 2010): who may not be graded.
  auto refuse = [&](const std::string& why) {
    throw_invalid(trf("{} is not graded (民政部令第39号《社会组织评估管理办法》): {}", org::label(o), why));
  };
  if (o[org::kTier] != std::optional<std::string>("registered")) refuse(tr("a filed group is not graded"));
  if (o[org::kStatus] != std::optional<std::string>("active"))
    refuse(trf("it is {}", org::said(org::fields()[org::kStatus], o[org::kStatus].value_or(""))));
  const std::string reg_on = o[org::kRegisteredOn].value_or("");
  if (reg_on > validate::add_months(*date, -24)) refuse(trf("registered on {}, less than two years before {}", reg_on, *date));
  const int last = std::stoi(date->substr(0, 4)) - 1;
  auto result_of = [&](int y) -> std::optional<std::string> {
    auto q = reg.prepare("SELECT result FROM annual_check WHERE org_id = ? AND year = ?");
    q.bind(1, o.id).bind(2, static_cast<std::int64_t>(y));
    if (q.step()) return q.text(0);
    return std::nullopt;
  };
  auto r1 = result_of(last), r2 = result_of(last - 1);
  if (!r1 || *r1 == "not_submitted") refuse(trf("it took no part in the annual check for {}", last));
  if (*r1 == "fail") refuse(trf("it failed the annual check for {}", last));
  if (*r1 == "basic_pass" && r2 == std::optional<std::string>("basic_pass"))
    refuse(trf("its annual checks for {} and {} were basic_pass, two years running", last - 1, last));
  {
    auto q = reg.prepare(fmt::format(
        "SELECT e.kind, e.date FROM credit_event e WHERE e.org_id = ? AND (e.kind = 'warning' OR e.kind = 'fine') "
        "AND substr(e.date, 1, 4) = ? AND {} ORDER BY e.date LIMIT 1",
        kLive));
    q.bind(1, o.id).bind(2, std::to_string(last));
    if (q.step()) refuse(trf("it was penalised in {} ({} on {})", last, q.text_or(0, ""), q.text_or(1, "")));
  }
  if (auto s = listed_since(reg, o.id, "serious")) refuse(trf("it is on the serious-violation list (since {})", *s));
  if (auto s = listed_since(reg, o.id, "abnormal")) refuse(trf("it is on the abnormal-activity list (since {})", *s));

  const std::string until = validate::add_months(*date, 60);
  io::JsonObject detail;
  detail.add("grade", grade_name(*grade)).add("date", *date).add("valid_until", until);
  if (score) detail.add("score", static_cast<long long>(*score));
  detail.add("authority", opt(award.authority)).add("document", opt(award.document));
  std::int64_t audit_id = reg.audit("grade.set", o.id, detail.str());
  auto q = reg.prepare(
      "INSERT INTO grade (org_id, grade, awarded_grade, score, awarded_on, valid_until, authority, document, audit_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, o.id).bind(2, static_cast<std::int64_t>(*grade)).bind(3, static_cast<std::int64_t>(*grade)).bind(4, score);
  q.bind(5, *date).bind(6, until).bind(7, opt(award.authority)).bind(8, opt(award.document)).bind(9, audit_id);
  q.run();
  tx.commit();
}

void change_grade(Registry& reg, std::string_view token, const std::optional<std::string>& lower_to,
                  const std::string& date_text, const std::string& reason) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string now = today(reg);
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

io::Table list_grades(Registry& reg, const GradeFilter& f) {
  const std::string now = today(reg);
  std::string sql =
      "SELECT o.id, o.name, o.credit_code, g.grade, g.awarded_grade, g.score, g.awarded_on, g.valid_until, "
      "CASE WHEN g.status = 'withdrawn' THEN 'withdrawn' WHEN g.valid_until <= ?1 THEN 'expired' ELSE g.status END, "
      "g.changed_on, g.change_reason, g.authority FROM grade g JOIN org o ON o.id = g.org_id WHERE 1";
  std::vector<std::string> params{now};
  if (f.org) {
    sql += " AND g.org_id = ?" + std::to_string(params.size() + 1);
    params.push_back(std::to_string(org::find(reg, *f.org).id));
  }
  if (f.grade) {
    auto g = parse_grade(*f.grade);
    if (!g) throw_usage(trf("--grade '{}' is not a grade from 1A to 5A", *f.grade));
    sql += " AND g.grade = ?" + std::to_string(params.size() + 1) + " AND g.status <> 'withdrawn'";
    params.push_back(std::to_string(*g));
  }
  if (f.expired) sql += " AND g.status <> 'withdrawn' AND g.valid_until <= ?1";
  if (f.expiring_within) {
    auto end = validate::add_span(now, io::trim(*f.expiring_within));
    if (!end) throw_usage(trf("--expiring-within '{}' is not a span like 90d, 6m or 1y", *f.expiring_within));
    sql += " AND g.status <> 'withdrawn' AND g.valid_until > ?1 AND g.valid_until <= ?" + std::to_string(params.size() + 1);
    params.push_back(*end);
  }
  sql += " ORDER BY g.valid_until, o.id";
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  io::Table t;
  t.record_name = "grade";
  t.columns = {{"key"}, {"name"}, {"credit_code"}, {"grade"}, {"awarded_grade"}, {"score", io::ColumnType::kInteger},
               {"awarded_on", io::ColumnType::kDate}, {"valid_until", io::ColumnType::kDate}, org::coded("status", grade_statuses()),
               {"changed_on", io::ColumnType::kDate}, {"change_reason"}, {"authority"}};
  while (q.step()) {
    t.rows.push_back({registry::org_key(*q.integer(0)), q.text(1), q.text(2), grade_name(*q.integer(3)), grade_name(*q.integer(4)),
                      q.text(5), q.text(6), q.text(7), q.text(8), q.text(9), q.text(10), q.text(11)});
  }
  return t;
}

io::Table standing(Registry& reg, std::int64_t org_id) {
  const std::string now = today(reg);
  auto q = reg.prepare(fmt::format(
      "SELECT {}, "
      "(SELECT g.grade FROM grade g WHERE g.org_id = o.id AND g.status <> 'withdrawn' AND g.valid_until > ?2 "
      " ORDER BY g.awarded_on DESC, g.id DESC LIMIT 1), "
      "(SELECT g.valid_until FROM grade g WHERE g.org_id = o.id AND g.status <> 'withdrawn' AND g.valid_until > ?2 "
      " ORDER BY g.awarded_on DESC, g.id DESC LIMIT 1), "
      "(SELECT c.year || ' ' || c.result FROM annual_check c WHERE c.org_id = o.id ORDER BY c.year DESC LIMIT 1), "
      "(SELECT count(*) FROM credit_event e WHERE e.org_id = o.id) FROM org o WHERE o.id = ?1",
      list_state_sql()));
  q.bind(1, org_id).bind(2, now);
  io::Table t;
  t.record_name = "standing";
  t.columns = {org::coded("credit_list", list_states()), {"grade"}, {"grade_valid_until", io::ColumnType::kDate}, {"last_annual_check"},
               {"credit_events", io::ColumnType::kInteger}};
  if (q.step())
    t.rows.push_back({q.text(0), q.integer(1) ? std::optional<std::string>(grade_name(*q.integer(1))) : std::nullopt, q.text(2),
                      q.text(3), q.text(4)});
  return t;
}

}  // namespace kunqu::supervision
