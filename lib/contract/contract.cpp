// Budgets, contracts, signing rules, amendments and payments. All SQL of contracts lives here.
#include "contract/contract.h"
#include "contract/internal.h"

#include <fmt/format.h>

#include <map>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "supervision/supervision.h"
#include "validate/clock.h"
#include "validate/credit_code.h"
#include "validate/problems.h"
#include "validate/values.h"

namespace kunqu::contract {

namespace detail {

std::string yuan(std::int64_t fen) { return "¥" + validate::format_money(fen); }

Contract load(registry::Registry& reg, std::string_view number) {
  auto q = reg.prepare(
      "SELECT id, number, title, purchaser, field, status, starts_on, ends_on, coalesce(signed_on, ''), provider_org_id, "
      "coalesce(company_name, ''), coalesce(company_code, ''), coalesce(company_check_on, ''), amount, original_amount, "
      "coalesce(items, ''), coalesce(closed_on, '') FROM contract WHERE number = ?");
  q.bind(1, io::trim(number));
  if (!q.step()) throw_not_found(trf("no contract '{}' (kunqu contract list shows them)", io::trim(number)));
  Contract c;
  c.id = *q.integer(0);
  c.number = q.text_or(1, "");
  c.title = q.text_or(2, "");
  c.purchaser = q.text_or(3, "");
  c.field = q.text_or(4, "");
  c.status = q.text_or(5, "");
  c.starts_on = q.text_or(6, "");
  c.ends_on = q.text_or(7, "");
  c.signed_on = q.text_or(8, "");
  c.provider = q.integer(9);
  c.company = q.text_or(10, "");
  c.company_code = q.text_or(11, "");
  c.company_check_on = q.text_or(12, "");
  c.amount = *q.integer(13);
  c.original = *q.integer(14);
  c.items = q.text_or(15, "");
  c.closed_on = q.text_or(16, "");
  return c;
}


}  // namespace detail

namespace {

using detail::Contract;
using detail::load;
using detail::yuan;
using detail::shown_column;
using validate::Problems;

std::optional<std::int64_t> money_of(Problems& p, const char* field, const std::string& text, bool required,
                                     bool positive = true) {
  if (io::trim(text).empty()) {
    if (required) p.bad(field, tr("is required (yuan, like 250000, 250000.00 or 25万)"));
    return std::nullopt;
  }
  auto m = validate::parse_money(text);
  if (!m) {
    p.bad(field, m.error, m.hint);
    return std::nullopt;
  }
  if (positive && *m.value <= 0) {
    p.bad(field, tr("must be more than 0"));
    return std::nullopt;
  }
  return m.value;
}

// "YEAR=AMOUNT" allocations, checked against the period and the amount.
std::map<int, std::int64_t> allocations_of(Problems& p, const std::vector<std::string>& given, const std::string& starts,
                                           const std::string& ends, std::optional<std::int64_t> amount) {
  std::map<int, std::int64_t> out;
  const int first = std::stoi(starts.substr(0, 4)), last = std::stoi(ends.substr(0, 4));
  if (given.empty()) {
    if (first != last) {
      p.bad("allocate", trf("the period runs over {}–{}: say how much each budget year carries (--allocate {}=AMOUNT …)",
                            first, last, first));
    } else if (amount) {
      out[first] = *amount;
    }
    return out;
  }
  std::int64_t sum = 0;
  for (const auto& g : given) {
    auto eq = g.find('=');
    if (eq == std::string::npos) {
      p.bad("allocate", trf("'{}' is not YEAR=AMOUNT", g));
      continue;
    }
    auto y = p.year("allocate", g.substr(0, eq));
    auto m = money_of(p, "allocate", g.substr(eq + 1), true, false);
    if (!y || !m) continue;
    if (*y < first || *y > last) p.bad("allocate", trf("{} is outside the period {} to {}", *y, starts, ends));
    else if (out.count(*y)) p.bad("allocate", trf("{} is allocated twice", *y));
    else out[*y] = *m;
    sum += *m;
  }
  if (amount && sum != *amount)
    p.bad("allocate", trf("the years carry {} in all, not the amount {}", yuan(sum), yuan(*amount)));
  return out;
}

std::map<int, std::int64_t> stored_allocations(Registry& reg, std::int64_t contract_id) {
  std::map<int, std::int64_t> out;
  auto q = reg.prepare("SELECT year, amount FROM contract_year WHERE contract_id = ?");
  q.bind(1, contract_id);
  while (q.step()) out[static_cast<int>(*q.integer(0))] = *q.integer(1);
  return out;
}

// What contracts other than `except` commit against a budget line: the allocations of signed,
// active and completed ones; for terminated ones, what was paid in that year.
constexpr const char* kCommitted =
    "(SELECT coalesce(sum(y.amount), 0) FROM contract_year y JOIN contract c ON c.id = y.contract_id "
    " WHERE y.year = b.year AND (b.purchaser = '' OR c.purchaser = b.purchaser) AND (b.field = '' OR c.field = b.field) "
    " AND (c.status = 'signed' OR c.status = 'active' OR c.status = 'completed') AND c.id <> ?{0}) + "
    "(SELECT coalesce(sum(p.amount), 0) FROM payment p JOIN contract c ON c.id = p.contract_id "
    " WHERE substr(p.date, 1, 4) = printf('%d', b.year) AND (b.purchaser = '' OR c.purchaser = b.purchaser) "
    " AND (b.field = '' OR c.field = b.field) AND c.status = 'terminated' AND c.id <> ?{0})";
constexpr const char* kBudgetTotal =
    "b.amount + (SELECT coalesce(sum(a.change), 0) FROM budget_adjustment a WHERE a.budget_id = b.id)";

// A budget line in messages: "the 2015 budget of 昆都仑区民政局 for elderly_care".
std::string line_name(int year, const std::string& purchaser, const std::string& field) {
  if (purchaser.empty() && field.empty()) return trf("the {} budget", year);
  if (field.empty()) return trf("the {} budget of {}", year, purchaser);
  if (purchaser.empty()) return trf("the {} budget for {}", year, field);
  return trf("the {} budget of {} for {}", year, purchaser, field);
}

// Each year's allocation must fit every budget line that covers it. Throws the refusal.
void check_budgets(Registry& reg, const Contract& c, const std::map<int, std::int64_t>& years) {
  auto q = reg.prepare(fmt::format(
      "SELECT b.year, b.purchaser, b.field, {0}, {1} FROM budget b WHERE b.year = ?2 "
      "AND (b.purchaser = '' OR b.purchaser = ?3) AND (b.field = '' OR b.field = ?4) ORDER BY b.purchaser, b.field",
      kBudgetTotal, fmt::format(kCommitted, 1)));
  for (const auto& [year, amount] : years) {
    if (amount == 0) continue;
    q.reset();
    q.bind(1, c.id).bind(2, static_cast<std::int64_t>(year)).bind(3, c.purchaser).bind(4, c.field);
    bool covered = false;
    while (q.step()) {
      covered = true;
      const std::int64_t budget = *q.integer(3), committed = *q.integer(4);
      if (committed + amount > budget)
        throw_invalid(trf("contract {} does not fit {}: {} budgeted, {} committed by other contracts, this one's {} "
                          "for {} would exceed it by {} (a budget changes only by kunqu contract budget adjust)",
                          c.number, line_name(year, q.text_or(1, ""), q.text_or(2, "")), yuan(budget),
                          yuan(committed), yuan(amount), year, yuan(committed + amount - budget)));
    }
    if (!covered)
      throw_invalid(trf("contract {}: no budget covers {} for {} in {} (kunqu contract budget set {} AMOUNT)",
                        c.number, c.purchaser, c.field, year, year));
  }
}

org::FieldSpec build_methods() {
  return org::enum_spec("method", "采购方式",
              {{"open_tender", {"公开招标"}},
               {"invited_tender", {"邀请招标"}},
               {"competitive_negotiation", {"竞争性谈判"}},
               {"competitive_consultation", {"竞争性磋商"}},
               {"single_source", {"单一来源"}},
               {"inquiry", {"询价"}},
               {"other", {"其他"}}});
}
org::FieldSpec build_fundings() {
  return org::enum_spec("funding", "资金来源", {{"general_budget", {"一般公共预算", "财政预算"}}, {"lottery_welfare", {"福彩公益金", "福利彩票公益金"}}, {"other", {"其他"}}});
}
org::FieldSpec build_statuses() {
  return org::enum_spec("status", "合同状态",
              {{"draft", {"草稿", "拟签"}}, {"signed", {"已签订"}}, {"active", {"履行中"}}, {"completed", {"已完成"}}, {"terminated", {"已终止"}}});
}

}  // namespace

const org::FieldSpec& methods() {
  static const org::FieldSpec s = build_methods();
  return s;
}
const org::FieldSpec& fundings() {
  static const org::FieldSpec s = build_fundings();
  return s;
}
const org::FieldSpec& statuses() {
  static const org::FieldSpec s = build_statuses();
  return s;
}

// ---- budgets ----

namespace {

struct Line {
  int year = 0;
  std::string purchaser, field;
};

Line line_of(Problems& p, const BudgetLine& l) {
  Line out;
  if (auto y = p.year("year", l.year)) out.year = *y;
  out.purchaser = io::trim(l.purchaser);
  p.text("purchaser", out.purchaser);
  if (!io::trim(l.field).empty()) {
    auto code = org::enum_code(org::fields()[org::kCategory], l.field);
    if (!code) p.bad("field", trf("'{}' is not one of {}", io::trim(l.field), org::enum_codes_list(org::fields()[org::kCategory])));
    else out.field = *code;
  }
  return out;
}

}  // namespace

void set_budget(Registry& reg, const BudgetLine& l, const std::string& amount_text) {
  registry::Transaction tx(reg);
  Problems p;
  Line line = line_of(p, l);
  auto amount = money_of(p, "amount", amount_text, true, false);
  p.raise(tr("nothing was recorded"));
  auto q = reg.prepare("SELECT 1 FROM budget WHERE year = ? AND purchaser = ? AND field = ?");
  q.bind(1, static_cast<std::int64_t>(line.year)).bind(2, line.purchaser).bind(3, line.field);
  if (q.step())
    throw_invalid(trf("{} is set already; it changes only by a recorded adjustment (kunqu contract budget adjust)",
                      line_name(line.year, line.purchaser, line.field)));
  io::JsonObject detail;
  detail.add("year", static_cast<long long>(line.year)).add("purchaser", line.purchaser).add("field", line.field);
  detail.add("amount", validate::format_money(*amount));
  std::int64_t audit_id = reg.audit("budget.set", std::nullopt, detail.str());
  auto ins = reg.prepare("INSERT INTO budget (year, purchaser, field, amount, audit_id) VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, static_cast<std::int64_t>(line.year)).bind(2, line.purchaser).bind(3, line.field).bind(4, *amount).bind(5, audit_id);
  ins.run();
  tx.commit();
}

void adjust_budget(Registry& reg, const BudgetLine& l, const std::string& change_text, const std::string& date_text,
                   const std::string& document, const std::string& reason) {
  registry::Transaction tx(reg);
  Problems p;
  Line line = line_of(p, l);
  std::optional<std::int64_t> change;
  std::string c = io::trim(change_text);
  bool minus = !c.empty() && (c[0] == '-' || c[0] == '+');
  if (c.empty()) p.bad("change", tr("is required: the amount added (+) or taken away (-), in yuan"));
  else if (auto m = money_of(p, "change", minus ? c.substr(1) : c, true)) change = c[0] == '-' ? -*m : *m;
  auto date = p.date("date", date_text, reg.today());
  if (io::trim(document).empty()) p.bad("document", tr("is required: the adjustment's document number (文号)"));
  if (io::trim(reason).empty()) p.bad("reason", tr("is required"));
  p.raise(tr("nothing was changed"));
  auto q = reg.prepare(fmt::format("SELECT b.id, {}, {} FROM budget b WHERE b.year = ?2 AND b.purchaser = ?3 AND b.field = ?4",
                                   kBudgetTotal, fmt::format(kCommitted, 1)));
  q.bind(1, std::int64_t{0}).bind(2, static_cast<std::int64_t>(line.year)).bind(3, line.purchaser).bind(4, line.field);
  if (!q.step())
    throw_not_found(trf("{} is not set (kunqu contract budget set)", line_name(line.year, line.purchaser, line.field)));
  const std::int64_t id = *q.integer(0), total = *q.integer(1), committed = *q.integer(2);
  std::int64_t after = 0;
  if (__builtin_add_overflow(total, *change, &after) || after < 0 || after > validate::kMaxMoney)
    throw_invalid(trf("{} would be {} {}, outside the amounts kunqu keeps (0 to {})",
                      line_name(line.year, line.purchaser, line.field), yuan(total), c, yuan(validate::kMaxMoney)));
  if (total + *change < committed)
    throw_invalid(trf("{} would be {}, below the {} committed against it", line_name(line.year, line.purchaser, line.field),
                      yuan(total + *change), yuan(committed)));
  io::JsonObject detail;
  detail.add("year", static_cast<long long>(line.year)).add("purchaser", line.purchaser).add("field", line.field);
  detail.add("before", validate::format_money(total)).add("after", validate::format_money(total + *change));
  detail.add("date", *date).add("document", io::trim(document)).add("reason", io::trim(reason));
  std::int64_t audit_id = reg.audit("budget.adjust", std::nullopt, detail.str());
  auto ins = reg.prepare("INSERT INTO budget_adjustment (budget_id, date, change, document, reason, audit_id) VALUES (?, ?, ?, ?, ?, ?)");
  ins.bind(1, id).bind(2, *date).bind(3, *change).bind(4, io::trim(document)).bind(5, io::trim(reason)).bind(6, audit_id);
  ins.run();
  tx.commit();
}

io::Table budgets(Registry& reg, const std::optional<std::string>& year) {
  Problems p;
  std::optional<int> y;
  if (year) y = p.year("year", *year);
  if (!p.diags.empty()) throw_usage(p.diags[0].message);
  auto q = reg.prepare(fmt::format(
      "SELECT b.year, b.purchaser, b.field, b.amount, {0} - b.amount, {0}, {1}, "
      "(SELECT coalesce(sum(p.amount), 0) FROM payment p JOIN contract c ON c.id = p.contract_id "
      " WHERE substr(p.date, 1, 4) = printf('%d', b.year) AND (b.purchaser = '' OR c.purchaser = b.purchaser) "
      " AND (b.field = '' OR c.field = b.field)) FROM budget b WHERE (?2 IS NULL OR b.year = ?2) "
      "ORDER BY b.year, b.purchaser, b.field",
      kBudgetTotal, fmt::format(kCommitted, 1)));
  q.bind(1, std::int64_t{0});
  if (y) q.bind(2, static_cast<std::int64_t>(*y));
  else q.bind_null(2);
  io::Table t;
  t.record_name = "budget";
  t.columns = {{"year", io::ColumnType::kInteger}, {"purchaser"}, org::coded("field", org::fields()[org::kCategory]), {"set", io::ColumnType::kMoney},
               {"adjusted", io::ColumnType::kMoney}, {"budget", io::ColumnType::kMoney}, {"committed", io::ColumnType::kMoney},
               {"paid", io::ColumnType::kMoney}, {"left", io::ColumnType::kMoney}};
  while (q.step()) {
    auto m = [&](int c) { return std::optional<std::string>(validate::format_money(*q.integer(c))); };
    t.rows.push_back({q.text(0), q.text(1), q.text(2), m(3), m(4), m(5), m(6), m(7),
                      validate::format_money(*q.integer(5) - *q.integer(6))});
  }
  return t;
}

// ---- contracts ----

std::int64_t add(Registry& reg, const Draft& d) {
  registry::Transaction tx(reg);
  Problems p;
  const std::string now = reg.today();
  std::string number = io::trim(d.number);
  if (number.empty()) p.bad("number", tr("is required (the contract number)"));
  for (const auto* f : {&d.title, &d.purchaser})
    if (io::trim(*f).empty()) p.bad(f == &d.title ? "title" : "purchaser", tr("is required"));
  std::optional<org::Org> provider;
  const bool company = !io::trim(d.company).empty();
  if (company == !io::trim(d.provider).empty())
    p.bad("provider", tr("name the provider: a social organization (--provider ORG) or a company (--company NAME)"));
  if (!io::trim(d.provider).empty()) {
    try {
      provider = org::find(reg, d.provider);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kNotFound && e.kind() != ErrorKind::kUsage) throw;
      p.bad("provider", e.what());
    }
  }
  std::optional<std::string> check_on;
  if (company) {
    if (io::trim(d.company_code).empty()) p.bad("company-code", tr("a company provider needs its credit code"));
    else if (auto problem = validate::check_credit_code(io::trim(d.company_code))) p.bad("company-code", *problem);
    check_on = p.date("company-check-on", d.company_check_on, now, false);
  } else if (!io::trim(d.company_code).empty() || !io::trim(d.company_check_on).empty()) {
    p.bad("company-code", tr("only a company provider has a company code and credit check"));
  }
  auto field = org::enum_of(p, "field", org::fields()[org::kCategory], d.field);
  auto amount = money_of(p, "amount", d.amount, true);
  auto method = org::enum_of(p, "method", methods(), d.method);
  auto funding = org::enum_of(p, "funding", fundings(), d.funding);
  auto starts = validate::parse_date(d.starts_on), ends = validate::parse_date(d.ends_on);
  if (io::trim(d.starts_on).empty()) p.bad("starts-on", tr("is required (YYYY-MM-DD)"));
  else if (!starts) p.bad("starts-on", starts.error, starts.hint);
  if (io::trim(d.ends_on).empty()) p.bad("ends-on", tr("is required (YYYY-MM-DD)"));
  else if (!ends) p.bad("ends-on", ends.error, ends.hint);
  std::map<int, std::int64_t> years;
  if (starts && ends) {
    if (*ends.value <= *starts.value) p.bad("ends-on", trf("{} is not after the start {}", *ends.value, *starts.value));
    else if (*ends.value > validate::add_months(*starts.value, 36))
      p.bad("ends-on", trf("the period {} to {} is longer than three years", *starts.value, *ends.value));
    else years = allocations_of(p, d.allocations, *starts.value, *ends.value, amount);
  }
  auto persons = p.count("target-persons", d.target_persons);
  auto times = p.count("target-person-times", d.target_person_times);
  auto hours = p.count("target-hours", d.target_hours);
  if (!number.empty()) {
    auto q = reg.prepare("SELECT 1 FROM contract WHERE number = ?");
    q.bind(1, number);
    if (q.step()) p.bad("number", trf("contract {} exists already", number));
  }
  p.raise(tr("nothing was recorded"));

  std::string items;
  for (const auto& i : d.items)
    if (!io::trim(i).empty()) items += (items.empty() ? "" : "\n") + io::trim(i);
  auto q = reg.prepare(
      "INSERT INTO contract (number, title, purchaser, provider_org_id, company_name, company_code, company_check_on, "
      "company_check, field, items, amount, original_amount, method, funding, starts_on, ends_on, target_persons, "
      "target_person_times, target_hours, target_performance, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, number).bind(2, io::trim(d.title)).bind(3, io::trim(d.purchaser));
  q.bind(4, provider ? std::optional<std::int64_t>(provider->id) : std::nullopt);
  q.bind(5, io::trimmed_or_null(d.company)).bind(6, company ? io::trimmed_or_null(d.company_code) : std::nullopt);
  q.bind(7, check_on).bind(8, company ? io::trimmed_or_null(d.company_check) : std::nullopt);
  q.bind(9, *field).bind(10, io::trimmed_or_null(items)).bind(11, *amount).bind(12, *amount).bind(13, *method).bind(14, *funding);
  q.bind(15, *starts.value).bind(16, *ends.value).bind(17, persons).bind(18, times).bind(19, hours);
  q.bind(20, io::trimmed_or_null(d.target_performance)).bind(21, io::trimmed_or_null(d.notes));
  q.run();
  const std::int64_t id = reg.last_insert_rowid();
  auto y = reg.prepare("INSERT INTO contract_year (contract_id, year, amount) VALUES (?, ?, ?)");
  io::JsonObject alloc;
  for (const auto& [year, fen] : years) {
    y.reset();
    y.bind(1, id).bind(2, static_cast<std::int64_t>(year)).bind(3, fen).run();
    alloc.add(std::to_string(year), validate::format_money(fen));
  }
  io::JsonObject detail;
  detail.add("number", number).add("title", io::trim(d.title)).add("purchaser", io::trim(d.purchaser));
  detail.add("provider", provider ? std::optional<std::string>(*provider->values[org::kKey]) : io::trimmed_or_null(d.company));
  detail.add("field", *field).add("amount", validate::format_money(*amount)).add("method", *method).add("funding", *funding);
  detail.add("starts_on", *starts.value).add("ends_on", *ends.value).add_raw("allocations", alloc.str());
  reg.audit("contract.add", provider ? std::optional<std::int64_t>(provider->id) : std::nullopt, detail.str());
  tx.commit();
  return id;
}

void sign(Registry& reg, std::string_view number, const std::string& date_text) {
  registry::Transaction tx(reg);
  Contract c = load(reg, number);
  if (c.status != "draft")
    throw_invalid(trf("contract {} is {} already (signed on {})", c.number, org::said(statuses(), c.status), c.signed_on));
  Problems p;
  auto date = p.date("date", date_text, reg.today());
  if (date && *date > c.ends_on) p.bad("date", trf("{} is after the period's end {}", *date, c.ends_on));
  p.raise(tr("nothing was signed"));
  auto refuse = [&](const std::string& who, const std::string& why) {
    throw_invalid(trf("contract {} cannot be signed on {}: {} {}", c.number, *date, who, why));
  };
  if (c.provider) {
    org::Org o = org::get_by_id(reg, *c.provider);
    const std::string who = org::label(o);
    if (o[org::kTier] != std::optional<std::string>("registered")) {
      if (o[org::kHub])
        refuse(who, trf("is a filed group, not a legal person: filed groups cannot contract themselves; its hub {} can",
                        *o[org::kHub]));
      else
        refuse(who, tr("is a filed group, not a legal person: filed groups cannot contract themselves"));
    }
    const std::string status = o[org::kStatus].value_or("active");
    const std::string status_date = o[org::kStatusDate].value_or("");
    if (status != "active" && status_date <= *date)
      refuse(who, trf("is {} (since {})", org::said(org::fields()[org::kStatus], status), status_date));
    if (o[org::kRegisteredOn].value_or("") > *date) refuse(who, trf("was not registered yet (registered on {})", *o[org::kRegisteredOn]));
    for (const char* list : {"serious", "abnormal"})
      if (auto since = supervision::listed_since(reg, o.id, list, *date))
        refuse(who, std::string(list) == "serious" ? trf("is on the serious-violation list (since {})", *since)
                                                   : trf("is on the abnormal-activity list (since {})", *since));
    {
      auto q = reg.prepare(
          "SELECT e.date FROM credit_event e WHERE e.org_id = ? AND e.kind = 'serious_in' AND e.date <= ? AND e.date > ? "
          "AND NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id) ORDER BY e.date DESC LIMIT 1");
      q.bind(1, o.id).bind(2, *date).bind(3, validate::add_months(*date, -36));
      if (q.step()) refuse(who, trf("had a serious violation within three years (listed {})", q.text_or(0, "")));
    }
    // Last year's annual check: the last year whose report was due by the signing date.
    const std::string md = profile::setting(reg, "annual_report_deadline");
    const int y = std::stoi(date->substr(0, 4));
    const int year = *date > fmt::format("{:04}-{}", y, md) ? y - 1 : y - 2;
    if (o[org::kRegisteredOn].value_or("") <= fmt::format("{:04}-12-31", year)) {
      auto q = reg.prepare("SELECT result FROM annual_check WHERE org_id = ? AND year = ?");
      q.bind(1, o.id).bind(2, static_cast<std::int64_t>(year));
      if (!q.step() || q.text_or(0, "") == "not_submitted") refuse(who, trf("has no annual check submitted for {}", year));
      if (q.text_or(0, "") == "fail") refuse(who, trf("failed its annual check for {}", year));
    }
  } else {
    if (c.company_check_on.empty() || c.company_check_on > *date)
      refuse(trf("the company {} ({})", c.company, c.company_code),
             tr("has no credit check recorded on or before that day (--company-check-on when the contract is drafted)"));
  }
  check_budgets(reg, c, stored_allocations(reg, c.id));
  io::JsonObject detail;
  detail.add("number", c.number).add("date", *date);
  reg.audit("contract.sign", c.provider, detail.str());
  auto u = reg.prepare("UPDATE contract SET status = 'signed', signed_on = ? WHERE id = ?");
  u.bind(1, *date).bind(2, c.id).run();
  tx.commit();
}

void amend(Registry& reg, std::string_view number, const Amendment& a) {
  registry::Transaction tx(reg);
  Contract c = load(reg, number);
  if (c.status != "signed" && c.status != "active")
    throw_invalid(trf("contract {} is {}: only a signed or active contract is amended", c.number, org::said(statuses(), c.status)));
  Problems p;
  auto date = p.date("date", a.date, reg.today());
  if (date && *date < c.signed_on) p.bad("date", trf("{} is before the signing on {}", *date, c.signed_on));
  if (io::trim(a.reason).empty()) p.bad("reason", tr("is required"));
  auto amount = money_of(p, "amount", a.amount, false);
  std::string ends = c.ends_on;
  if (!io::trim(a.ends_on).empty()) {
    auto e = validate::parse_date(a.ends_on);
    if (!e) p.bad("ends-on", e.error, e.hint);
    else if (*e.value <= c.starts_on) p.bad("ends-on", trf("{} is not after the start {}", *e.value, c.starts_on));
    else if (*e.value > validate::add_months(c.starts_on, 36)) p.bad("ends-on", tr("the period would be longer than three years"));
    else ends = *e.value;
  }
  const std::int64_t new_amount = amount.value_or(c.amount);
  if (amount && (new_amount - c.original) * 10 > c.original)
    p.bad("amount", trf("{} adds {} to the original {}: more than 10% (政府采购法 Art. 49 allows at most {})", yuan(new_amount),
                        yuan(new_amount - c.original), yuan(c.original), yuan(c.original + c.original / 10)));
  std::map<int, std::int64_t> years = stored_allocations(reg, c.id);
  if (!a.allocations.empty() || amount || ends != c.ends_on) {
    if (a.allocations.empty() && (amount || std::stoi(ends.substr(0, 4)) != std::stoi(c.ends_on.substr(0, 4))) &&
        std::stoi(c.starts_on.substr(0, 4)) != std::stoi(ends.substr(0, 4)))
      p.bad("allocate", tr("the amount or the period changes: say how much each budget year carries now (--allocate YEAR=AMOUNT …)"));
    else if (!a.allocations.empty() || amount)
      years = allocations_of(p, a.allocations, c.starts_on, ends, new_amount);
  }
  auto paid = reg.prepare("SELECT coalesce(sum(amount), 0) FROM payment WHERE contract_id = ?");
  paid.bind(1, c.id);
  paid.step();
  if (amount && *paid.integer(0) > new_amount)
    p.bad("amount", trf("{} is below the {} paid already", yuan(new_amount), yuan(*paid.integer(0))));
  std::string items;
  for (const auto& i : a.items)
    if (!io::trim(i).empty()) items += (items.empty() ? "" : "\n") + io::trim(i);
  // Only when nothing was given: a value refused above is its own problem, not "nothing".
  if (io::trim(a.amount).empty() && io::trim(a.ends_on).empty() && items.empty() && a.allocations.empty())
    p.bad("amount", tr("nothing to amend: give --amount, --ends-on, --item or --allocate"));
  p.raise(tr("nothing was changed"));

  io::JsonObject before, after, b_alloc, a_alloc;
  for (const auto& [y, f] : stored_allocations(reg, c.id)) b_alloc.add(std::to_string(y), validate::format_money(f));
  for (const auto& [y, f] : years) a_alloc.add(std::to_string(y), validate::format_money(f));
  before.add("amount", validate::format_money(c.amount)).add("ends_on", c.ends_on).add("items", c.items).add_raw("allocations", b_alloc.str());
  after.add("amount", validate::format_money(new_amount)).add("ends_on", ends).add("items", items.empty() ? c.items : items);
  after.add_raw("allocations", a_alloc.str());
  io::JsonObject detail;
  detail.add("number", c.number).add("date", *date).add("reason", io::trim(a.reason));
  detail.add_raw("before", before.str()).add_raw("after", after.str());
  std::int64_t audit_id = reg.audit("contract.amend", c.provider, detail.str());
  auto u = reg.prepare("UPDATE contract SET amount = ?, ends_on = ?, items = coalesce(?, items) WHERE id = ?");
  u.bind(1, new_amount).bind(2, ends).bind(3, io::trimmed_or_null(items)).bind(4, c.id).run();
  reg.prepare("DELETE FROM contract_year WHERE contract_id = ?").bind(1, c.id).run();
  auto y = reg.prepare("INSERT INTO contract_year (contract_id, year, amount) VALUES (?, ?, ?)");
  for (const auto& [year, fen] : years) {
    y.reset();
    y.bind(1, c.id).bind(2, static_cast<std::int64_t>(year)).bind(3, fen).run();
  }
  auto h = reg.prepare("INSERT INTO contract_amendment (contract_id, date, reason, detail, audit_id) VALUES (?, ?, ?, ?, ?)");
  h.bind(1, c.id).bind(2, *date).bind(3, io::trim(a.reason)).bind(4, io::JsonObject().add_raw("before", before.str()).add_raw("after", after.str()).str());
  h.bind(5, audit_id).run();
  c.amount = new_amount;
  c.ends_on = ends;
  check_budgets(reg, c, years);
  tx.commit();
}

std::int64_t pay(Registry& reg, std::string_view number, const Payment& in) {
  registry::Transaction tx(reg);
  Contract c = load(reg, number);
  if (c.status == "draft") throw_invalid(trf("contract {} is a draft: sign it before paying", c.number));
  Problems p;
  auto date = p.date("date", in.date, reg.today());
  if (date && *date < c.signed_on) p.bad("date", trf("{} is before the signing on {}", *date, c.signed_on));
  std::optional<std::int64_t> amount, reverses;
  if (!io::trim(in.reverses).empty()) {
    if (!io::trim(in.amount).empty()) p.bad("amount", tr("a reversal undoes the whole payment: leave out --amount"));
    auto n = validate::parse_count(in.reverses);
    if (!n) {
      p.bad("reverses", trf("'{}' is not a payment id", io::trim(in.reverses)));
    } else {
      auto q = reg.prepare("SELECT contract_id, amount, (SELECT r.id FROM payment r WHERE r.reverses = payment.id) FROM payment WHERE id = ?");
      q.bind(1, *n.value);
      if (!q.step() || *q.integer(0) != c.id) p.bad("reverses", trf("contract {} has no payment {}", c.number, *n.value));
      else if (*q.integer(1) < 0) p.bad("reverses", trf("payment {} is itself a reversal", *n.value));
      else if (q.integer(2)) p.bad("reverses", trf("payment {} was reversed already by payment {}", *n.value, *q.integer(2)));
      else reverses = *n.value, amount = -*q.integer(1);
    }
  } else {
    amount = money_of(p, "amount", in.amount, true);
  }
  p.raise(tr("nothing was recorded"));
  auto paid = reg.prepare("SELECT coalesce(sum(amount), 0) FROM payment WHERE contract_id = ?");
  paid.bind(1, c.id);
  paid.step();
  const std::int64_t before = *paid.integer(0);
  if (before + *amount > c.amount)
    throw_invalid(trf("contract {}: paying {} would bring payments to {}, above the contract amount {} ({} left to pay)",
                      c.number, yuan(*amount), yuan(before + *amount), yuan(c.amount), yuan(c.amount - before)));
  io::JsonObject detail;
  detail.add("number", c.number).add("date", *date).add("amount", validate::format_money(*amount));
  detail.add("milestone", io::trimmed_or_null(in.milestone)).add("note", io::trimmed_or_null(in.note));
  if (reverses) detail.add("reverses", static_cast<long long>(*reverses));
  std::int64_t audit_id = reg.audit(reverses ? "contract.pay.reverse" : "contract.pay", c.provider, detail.str());
  auto q = reg.prepare("INSERT INTO payment (contract_id, date, amount, milestone, reverses, note, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, c.id).bind(2, *date).bind(3, *amount).bind(4, io::trimmed_or_null(in.milestone)).bind(5, reverses);
  q.bind(6, io::trimmed_or_null(in.note)).bind(7, audit_id).run();
  const std::int64_t id = reg.last_insert_rowid();
  if (c.status == "signed") reg.prepare("UPDATE contract SET status = 'active' WHERE id = ?").bind(1, c.id).run();
  tx.commit();
  return id;
}

// ---- views ----

namespace {

constexpr const char* kProvider =
    "CASE WHEN c.provider_org_id IS NOT NULL THEN (SELECT coalesce(o.credit_code, o.filing_no, printf('K%07d', o.id)) FROM org o "
    "WHERE o.id = c.provider_org_id) ELSE c.company_code END";
constexpr const char* kProviderName =
    "coalesce((SELECT o.name FROM org o WHERE o.id = c.provider_org_id), c.company_name)";
constexpr const char* kPaid = "(SELECT coalesce(sum(p.amount), 0) FROM payment p WHERE p.contract_id = c.id)";

}  // namespace

io::Table list(Registry& reg, const Filter& f) {
  std::string where = " WHERE 1";
  std::vector<std::string> params;
  auto add = [&](const std::string& clause, std::string v) {
    where += clause;
    params.push_back(std::move(v));
  };
  auto enum_filter = [&](const std::optional<std::string>& v, const org::FieldSpec& s, const char* flag, const char* col) {
    if (!v) return;
    auto code = org::enum_code(s, *v);
    if (!code) throw_usage(trf("--{} '{}' is not one of {}", flag, *v, org::enum_codes_list(s)));
    add(fmt::format(" AND c.{} = ?", col), *code);
  };
  enum_filter(f.field, org::fields()[org::kCategory], "field", "field");
  enum_filter(f.status, statuses(), "status", "status");
  enum_filter(f.method, methods(), "method", "method");
  enum_filter(f.funding, fundings(), "funding", "funding");
  if (f.year) {
    std::string y = io::trim(*f.year);
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) throw_usage(trf("--year '{}' is not a year", y));
    add(" AND EXISTS (SELECT 1 FROM contract_year y WHERE y.contract_id = c.id AND y.year = ? AND y.amount > 0)", y);
  }
  if (f.purchaser) add(" AND c.purchaser = ?", io::trim(*f.purchaser));
  if (f.provider) {
    std::string t = io::trim(*f.provider);
    auto q = reg.prepare("SELECT 1 FROM contract WHERE company_code = ? OR company_name = ? LIMIT 1");
    q.bind(1, t).bind(2, t);
    if (q.step()) {
      add(" AND (c.company_code = ? OR c.company_name = ?)", t);
      params.push_back(t);
    } else add(" AND c.provider_org_id = ?", std::to_string(org::find(reg, t).id));
  }
  for (auto* d : {&f.signed_since, &f.signed_until}) {
    if (!*d) continue;
    auto parsed = validate::parse_date(**d);
    if (!parsed) throw_usage(fmt::format("--signed-{}: {}", d == &f.signed_since ? "since" : "until", parsed.error));
    add(d == &f.signed_since ? " AND c.signed_on >= ?" : " AND c.signed_on <= ?", *parsed.value);
  }
  if (f.paid_below) {
    std::string s = io::trim(*f.paid_below);
    if (!s.empty() && s.back() == '%') s.pop_back();
    if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos || std::stoi(s) > 100)
      throw_usage(trf("--paid-below '{}' is not a share like 50%", *f.paid_below));
    add(fmt::format(" AND {} * 100 < c.amount * ?", kPaid), s);
  }
  if (f.no_delivery_for) {
    // The span back from today: '90d', '6m', '1y'.
    auto cutoff = validate::subtract_span(reg.today(), io::trim(*f.no_delivery_for));
    if (!cutoff) throw_usage(trf("--no-delivery-for '{}' is not a span like 90d, 6m or 1y", *f.no_delivery_for));
    add(" AND (c.status = 'signed' OR c.status = 'active') AND coalesce((SELECT max(d.period_to) FROM delivery d "
        "WHERE d.contract_id = c.id), c.signed_on) < ?",
        *cutoff);
  }
  std::string sql = fmt::format(
      "SELECT c.number, c.title, c.purchaser, {}, {}, c.field, c.method, c.funding, c.amount, {}, c.starts_on, c.ends_on, "
      "c.signed_on, c.status FROM contract c{} ORDER BY coalesce(c.signed_on, c.starts_on), c.number",
      kProvider, kProviderName, kPaid, where);
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  io::Table t;
  t.record_name = "contract";
  for (const char* name : {"number", "title", "purchaser", "provider", "provider_name", "field", "method", "funding"})
    t.columns.push_back(shown_column(Kind::kContract, name));
  for (const char* name : {"amount", "paid"}) t.columns.push_back(shown_column(Kind::kContract, name, io::ColumnType::kMoney));
  for (const char* name : {"starts_on", "ends_on", "signed_on"}) t.columns.push_back(shown_column(Kind::kContract, name, io::ColumnType::kDate));
  t.columns.push_back(shown_column(Kind::kContract, "status"));
  while (q.step()) {
    io::Row row;
    for (int c = 0; c < 14; ++c)
      row.push_back(c == 8 || c == 9 ? std::optional<std::string>(validate::format_money(*q.integer(c))) : q.text(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

io::Table show(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare(fmt::format(
      "SELECT c.number, c.title, c.purchaser, {}, {}, c.company_check_on, c.company_check, c.field, c.items, c.amount, "
      "c.original_amount, {}, c.method, c.funding, c.starts_on, c.ends_on, c.target_persons, c.target_person_times, "
      "c.target_hours, c.target_performance, c.notes, c.status, c.signed_on, c.closed_on, c.close_reason "
      "FROM contract c WHERE c.id = ?",
      kProvider, kProviderName, kPaid));
  q.bind(1, c.id);
  q.step();
  io::Table t;
  t.record_name = "contract";
  const std::vector<std::pair<const char*, io::ColumnType>> cols = {
      {"number", io::ColumnType::kText},          {"title", io::ColumnType::kText},
      {"purchaser", io::ColumnType::kText},       {"provider", io::ColumnType::kText},
      {"provider_name", io::ColumnType::kText},   {"company_check_on", io::ColumnType::kDate},
      {"company_check", io::ColumnType::kText},   {"field", io::ColumnType::kText},
      {"items", io::ColumnType::kText},           {"amount", io::ColumnType::kMoney},
      {"original_amount", io::ColumnType::kMoney}, {"paid", io::ColumnType::kMoney},
      {"method", io::ColumnType::kText},          {"funding", io::ColumnType::kText},
      {"starts_on", io::ColumnType::kDate},       {"ends_on", io::ColumnType::kDate},
      {"target_persons", io::ColumnType::kInteger}, {"target_person_times", io::ColumnType::kInteger},
      {"target_hours", io::ColumnType::kInteger}, {"target_performance", io::ColumnType::kText},
      {"notes", io::ColumnType::kText},           {"status", io::ColumnType::kText},
      {"signed_on", io::ColumnType::kDate},       {"closed_on", io::ColumnType::kDate},
      {"close_reason", io::ColumnType::kText}};
  io::Row row;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    t.columns.push_back(shown_column(Kind::kContract, cols[i].first, cols[i].second));
    if (cols[i].second == io::ColumnType::kMoney)
      row.push_back(q.integer(static_cast<int>(i)) ? std::optional<std::string>(validate::format_money(*q.integer(static_cast<int>(i)))) : std::nullopt);
    else
      row.push_back(q.text(static_cast<int>(i)));
  }
  t.rows.push_back(std::move(row));
  return t;
}

io::Table allocations(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare(
      "SELECT y.year, y.amount, (SELECT coalesce(sum(p.amount), 0) FROM payment p WHERE p.contract_id = y.contract_id "
      "AND substr(p.date, 1, 4) = printf('%d', y.year)) FROM contract_year y WHERE y.contract_id = ? ORDER BY y.year");
  q.bind(1, c.id);
  io::Table t;
  t.record_name = "allocation";
  t.columns = {{"year", io::ColumnType::kInteger}, {"amount", io::ColumnType::kMoney}, {"paid", io::ColumnType::kMoney}};
  while (q.step())
    t.rows.push_back({q.text(0), validate::format_money(*q.integer(1)), validate::format_money(*q.integer(2))});
  return t;
}

io::Table payments(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare(
      "SELECT p.id, p.date, p.amount, p.milestone, p.reverses, (SELECT r.id FROM payment r WHERE r.reverses = p.id), p.note "
      "FROM payment p WHERE p.contract_id = ? ORDER BY p.date, p.id");
  q.bind(1, c.id);
  io::Table t;
  t.record_name = "payment";
  t.columns = {shown_column(Kind::kPayment, "id", io::ColumnType::kInteger), shown_column(Kind::kPayment, "date", io::ColumnType::kDate),
               shown_column(Kind::kPayment, "amount", io::ColumnType::kMoney), shown_column(Kind::kPayment, "milestone"),
               shown_column(Kind::kPayment, "reverses", io::ColumnType::kInteger), {"reversed_by", io::ColumnType::kInteger},
               shown_column(Kind::kPayment, "note")};
  while (q.step())
    t.rows.push_back({q.text(0), q.text(1), validate::format_money(*q.integer(2)), q.text(3), q.text(4), q.text(5), q.text(6)});
  return t;
}

io::Table amendments(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare("SELECT date, reason, detail FROM contract_amendment WHERE contract_id = ? ORDER BY date, id");
  q.bind(1, c.id);
  io::Table t;
  t.record_name = "amendment";
  t.columns = {{"date", io::ColumnType::kDate}, {"reason"}, {"detail"}};
  while (q.step()) t.rows.push_back({q.text(0), q.text(1), q.text(2)});
  return t;
}

}  // namespace kunqu::contract
