// The credit record (信用信息): events recorded for an org, each checked against the lists it
// is on and the rule it applies; nothing is deleted, a reversal undoes an event.
#include "supervision/supervision.h"

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/credit_lists.h"
#include "org/org.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "supervision/internal.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::supervision {

using validate::Problems;

namespace {

vocab::FieldSpec build_kinds() {
  return {"kind", vocab::FieldKind::kEnum, "信用信息类别", {},
          {{"commendation", {"表彰", "表彰奖励"}},
           {"warning", {"警告"}},
           {"fine", {"罚款"}},
           {"rectify_order", {"责令改正", "限期整改"}},
           {"rectified", {"整改完成", "已整改"}},
           {"no_party_org", {"未按规定设立党组织", "未设立党组织"}},
           {"fundraising_breach", {"公开募捐违规", "公开募捐违法违规"}},
           {"unreachable", {"无法取得联系", "通过登记的住所无法取得联系"}},
           {"letter_unsigned", {"挂号信无人签收", "信函无人签收"}},
           {"reachable", {"恢复联系", "重新取得联系"}},
           {"abnormal_in", {"列入活动异常名录", "列入异常名录"}},
           {"abnormal_out", {"移出活动异常名录", "移出异常名录"}},
           {"serious_in", {"列入严重违法失信名单", "列入失信名单"}},
           {"serious_out", {"移出严重违法失信名单", "移出失信名单"}},
           {"court_listing", {"失信被执行人", "列入失信被执行人名单"}},
           {"note", {"备注", "其他"}},
           {"reversal", {"更正", "撤回"}}}};
}

}  // namespace

const vocab::FieldSpec& event_kinds() {
  static const vocab::FieldSpec spec = build_kinds();
  return spec;
}

std::optional<std::string> listed_since(Registry& reg, std::int64_t org_id, const std::string& list, const std::string& as_of) {
  auto q = reg.prepare(fmt::format("SELECT e.kind, e.date FROM credit_event e WHERE e.org_id = ? AND (e.kind = ? OR e.kind = ?) "
                                   "AND (?4 = '' OR e.date <= ?4) AND {} ORDER BY e.date DESC, e.id DESC LIMIT 1",
                                   kLive));
  q.bind(1, org_id).bind(2, list + "_in").bind(3, list + "_out").bind(4, as_of);
  if (q.step() && q.text_or(0, "") == list + "_in") return q.text(1);
  return std::nullopt;
}

std::int64_t add_event(Registry& reg, std::string_view token, const CreditEvent& e) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string now = reg.today();
  Problems p;
  auto kind = vocab::enum_code(event_kinds(), e.kind);
  if (io::trim(e.kind).empty()) p.bad("kind", trf("is required ({})", vocab::enum_codes_list(event_kinds())));
  else if (!kind) p.bad("kind", trf("'{}' is not one of {}", io::trim(e.kind), vocab::enum_codes_list(event_kinds())));
  const bool list_event = kind && (*kind == "abnormal_in" || *kind == "abnormal_out" || *kind == "serious_in" || *kind == "serious_out");
  if (list_event && o[org::kTier] != std::optional<std::string>("registered"))
    throw_invalid(trf("{} is a filed group: filed groups are outside the credit lists", org::label(o)));
  // Public fundraising is for charities, registered orgs.
  if (kind == std::optional<std::string>("fundraising_breach") && o[org::kTier] != std::optional<std::string>("registered"))
    throw_invalid(trf("{} is a filed group: {} is for registered orgs", org::label(o), vocab::said(event_kinds(), *kind)));

  auto date = p.date("date", e.date, now);
  if (date && *date < org::entered_on(o)) {
    p.bad("date", trf("{} is before {} entered the registry ({})", *date, org::label(o), org::entered_on(o)));
    date.reset();
  }
  std::optional<std::int64_t> amount;
  if (kind == std::optional<std::string>("fine")) {
    if (io::trim(e.amount).empty()) {
      p.bad("amount", tr("a fine needs its amount in yuan (‹amount› 5000)"));
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
      p.bad("deadline", tr("an order to rectify needs its deadline (‹deadline› YYYY-MM-DD)"));
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
      p.bad("reverses", tr("a reversal names the event it undoes (‹reverses› ID, from ‹org credit list›)"));
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
  if (kind == std::optional<std::string>("reachable") && date) {
    // Reached again: only an org found unreachable, or sent a letter that came back, is.
    auto q = reg.prepare(fmt::format("SELECT 1 FROM credit_event e WHERE e.org_id = ? AND (e.kind = 'unreachable' OR "
                                     "e.kind = 'letter_unsigned') AND e.date <= ? AND {}",
                                     kLive));
    q.bind(1, o.id).bind(2, *date);
    if (!q.step()) p.bad("kind", trf("{} was not recorded unreachable, nor a letter to it unsigned, by {}", org::label(o), *date));
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
      p.bad("rule", trf("{} is a rule for {} of the {} list, not for {}", r->code, vocab::said(rule_actions(), r->action),
                        vocab::said(org::list_states(), r->list), vocab::said(event_kinds(), *kind)));
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
  registry::Where where;
  if (f.org) where.add(" AND e.org_id = ?", std::to_string(org::find(reg, *f.org).id));
  where.code("kind", f.kind, event_kinds(), " AND e.kind = ?");
  where.text(f.authority, " AND instr(e.authority, ?) > 0");
  if (f.since) where.add(" AND e.date >= ?", registry::option_date("since", *f.since));
  if (f.until) where.add(" AND e.date <= ?", registry::option_date("until", *f.until));
  std::string sql =
      "SELECT e.id, e.date, o.id, o.name, e.kind, e.amount, e.deadline, e.authority, e.document, e.reason, e.rule, "
      "e.reverses, (SELECT r.id FROM credit_event r WHERE r.reverses = e.id), e.note "
      "FROM credit_event e JOIN org o ON o.id = e.org_id" +
      where.sql() + " ORDER BY e.date, e.id";
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
  io::Table t;
  t.record_name = "credit_event";
  t.columns = {{"id", io::ColumnType::kInteger}, {"date", io::ColumnType::kDate}, {"key"}, {"name"}, vocab::coded("kind", event_kinds()),
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

}  // namespace kunqu::supervision
