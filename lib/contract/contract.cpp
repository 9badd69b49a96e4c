// Contracts: adding, signing with its rules, amendments and payments.
#include "contract/contract.h"
#include "contract/internal.h"

#include <fmt/format.h>

#include <map>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/events.h"
#include "org/org.h"
#include "registry/registry.h"
#include "supervision/supervision.h"
#include "validate/clock.h"
#include "validate/credit_code.h"
#include "validate/divisions.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/rules.h"
#include "vocab/vocab.h"

namespace kunqu::contract {

namespace detail {

std::string yuan(std::int64_t fen) { return "¥" + validate::format_money(fen); }

Contract load(registry::Registry& reg, std::string_view number) {
  auto q = reg.prepare(
      "SELECT id, number, title, purchaser, field, status, starts_on, ends_on, coalesce(signed_on, ''), provider_org_id, "
      "coalesce(company_name, ''), coalesce(company_code, ''), coalesce(company_check_on, ''), amount, original_amount, "
      "coalesce(items, ''), coalesce(closed_on, '') FROM contract WHERE number = ?");
  q.bind(1, io::trim(number));
  if (!q.step()) throw_not_found(trf("no contract '{}' (‹contract list› shows them)", io::trim(number)));
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

Ref find(Registry& reg, std::string_view number) {
  detail::Contract c = detail::load(reg, number);
  return {c.id, c.number, c.status, c.signed_on};
}

using detail::check_budgets;
using detail::Contract;
using detail::load;
using detail::money_of;
using detail::shown_column;
using detail::yuan;
using validate::Problems;

std::optional<std::int64_t> detail::money_of(Problems& p, const char* field, const std::string& text, bool required,
                                             bool positive) {
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

namespace {

// "YEAR=AMOUNT" allocations, checked against the period and the amount.
std::map<int, std::int64_t> allocations_of(Problems& p, const std::vector<std::string>& given, const std::string& starts,
                                           const std::string& ends, std::optional<std::int64_t> amount) {
  std::map<int, std::int64_t> out;
  const int first = std::stoi(starts.substr(0, 4)), last = std::stoi(ends.substr(0, 4));
  if (given.empty()) {
    if (first != last) {
      p.bad("allocate", trf("the period runs over {}–{}: say how much each budget year carries (‹allocate› {}=AMOUNT …)",
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

// "2014, 2015": the budget years of an allocation, for messages.
std::string years_of(const std::map<int, std::int64_t>& allocated) {
  std::string out;
  for (const auto& [y, fen] : allocated) out += (out.empty() ? "" : ", ") + std::to_string(y);
  return out.empty() ? std::string("-") : out;
}


vocab::FieldSpec build_methods() {
  return vocab::enum_spec("method", "采购方式",
              {{"open_tender", {"公开招标"}},
               {"invited_tender", {"邀请招标"}},
               {"competitive_negotiation", {"竞争性谈判"}},
               {"competitive_consultation", {"竞争性磋商"}},
               {"single_source", {"单一来源"}},
               {"inquiry", {"询价"}},
               {"other", {"其他"}}});
}
vocab::FieldSpec build_fundings() {
  return vocab::enum_spec("funding", "资金来源", {{"general_budget", {"一般公共预算", "财政预算"}}, {"lottery_welfare", {"福彩公益金", "福利彩票公益金"}}, {"other", {"其他"}}});
}
vocab::FieldSpec build_statuses() {
  return vocab::enum_spec("status", "合同状态",
              {{"draft", {"草稿", "拟签"}}, {"signed", {"已签订"}}, {"active", {"履行中"}}, {"completed", {"已完成"}}, {"terminated", {"已终止"}}});
}

}  // namespace

const vocab::FieldSpec& methods() {
  static const vocab::FieldSpec s = build_methods();
  return s;
}
const vocab::FieldSpec& fundings() {
  static const vocab::FieldSpec s = build_fundings();
  return s;
}
const vocab::FieldSpec& statuses() {
  static const vocab::FieldSpec s = build_statuses();
  return s;
}
const vocab::FieldSpec& supplier_kinds() {
  static const vocab::FieldSpec s = vocab::enum_spec(
      "supplier_kind", "承接主体类型",
      {{"social_org", {"社会组织"}},
       {"company", {"企业"}},
       {"government_body", {"机关"}},
       {"public_institution", {"事业单位"}},
       {"mass_organization", {"群众团体"}},
       {"other", {"其他"}}});
  return s;
}
const char* supplier_kind_sql() {
  return "(CASE WHEN c.provider_org_id IS NOT NULL OR c.company_code LIKE '5%' THEN 'social_org' "
         "WHEN c.company_code LIKE '9%' THEN 'company' WHEN c.company_code LIKE '11%' THEN 'government_body' "
         "WHEN c.company_code LIKE '12%' THEN 'public_institution' WHEN c.company_code LIKE '13%' THEN 'mass_organization' "
         "ELSE 'other' END)";
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
    p.bad("provider", tr("name the provider: a social organization (‹provider› ORG) or a company (‹company› NAME)"));
  if (!io::trim(d.provider).empty()) {
    try {
      provider = org::find(reg, d.provider);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kNotFound && e.kind() != ErrorKind::kUsage) throw;
      p.bad("provider", e.what());
    }
  }
  std::optional<std::string> check_on;
  std::vector<Diagnostic> warnings;
  if (company) {
    // A supplier outside the registry: a company, a public institution, an organ … as its code
    // says; a social organization is one of the registry's.
    const std::string code = validate::fold_credit_code(d.company_code);
    validate::CreditCodeParts parts;
    if (code.empty()) {
      p.bad("company-code", tr("a company provider needs its credit code"));
    } else if (auto problem = validate::check_credit_code(code, &parts)) {
      p.bad("company-code", *problem);
    } else if (parts.authority == '5') {
      p.bad("company-code", trf("{} is a social organization's code (position 1 is '5', 民政): a social organization "
                                "provides as an org of the registry (‹provider› ORG)",
                                code));
    } else if (!validate::issued_region(parts.region)) {
      if (auto old = validate::division(parts.region))
        warnings.emplace_back("", 0, 0, "company-code",
                              trf("region {} ({}) went out of use in {}, before credit codes were issued; some codes "
                                  "carry it still",
                                  parts.region, old->name, old->until));
      else
        p.bad("company-code", trf("region {} (positions 3–8) is not an administrative division (GB/T 2260)", parts.region));
    }
    check_on = p.date("company-check-on", d.company_check_on, now, false);
  } else if (!io::trim(d.company_code).empty() || !io::trim(d.company_check_on).empty()) {
    p.bad("company-code", tr("only a company provider has a company code and credit check"));
  }
  auto field = vocab::enum_of(p, "field", org::fields()[org::kCategory], d.field);
  auto amount = money_of(p, "amount", d.amount, true);
  auto method = vocab::enum_of(p, "method", methods(), d.method);
  auto funding = vocab::enum_of(p, "funding", fundings(), d.funding);
  auto starts = validate::parse_date(d.starts_on), ends = validate::parse_date(d.ends_on);
  if (io::trim(d.starts_on).empty()) p.bad("starts-on", tr("is required (YYYY-MM-DD)"));
  else if (!starts) p.bad("starts-on", starts.error, starts.hint);
  if (io::trim(d.ends_on).empty()) p.bad("ends-on", tr("is required (YYYY-MM-DD)"));
  else if (!ends) p.bad("ends-on", ends.error, ends.hint);
  std::map<int, std::int64_t> years;
  if (starts && ends) {
    if (*ends.value <= *starts.value) p.bad("ends-on", trf("{} is not after the start {}", *ends.value, *starts.value));
    else if (const auto& term = vocab::rule("contract.term");
             vocab::in_force(term, *starts.value) && *ends.value > validate::add_months(*starts.value, 36))
      p.bad("ends-on", trf("the period {} to {} is longer than three years {}", *starts.value, *ends.value, vocab::cite(term)));
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
  reg.settle(warnings, p.diags);
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
  q.bind(5, io::trimmed_or_null(d.company)).bind(6, company ? io::trimmed_or_null(validate::fold_credit_code(d.company_code)) : std::nullopt);
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
    throw_invalid(trf("contract {} is {} already (signed on {})", c.number, vocab::said(statuses(), c.status), c.signed_on));
  Problems p;
  auto date = p.date("date", date_text, reg.today());
  if (date && *date > c.ends_on) p.bad("date", trf("{} is after the period's end {}", *date, c.ends_on));
  p.raise(tr("nothing was signed"));
  // Each refusal names its rule's document; a rule not yet in force on the signing day is not
  // applied.
  auto refuse = [&](const std::string& who, const std::string& why, const char* code) {
    throw_invalid(trf("contract {} cannot be signed on {}: {} {} {}", c.number, *date, who, why, vocab::cite(vocab::rule(code))));
  };
  auto applies = [&](const char* code) { return vocab::in_force(vocab::rule(code), *date); };
  if (c.provider) {
    org::Org o = org::get_by_id(reg, *c.provider);
    const std::string who = org::label(o);
    const char* standing = "contract.supplier_standing";
    if (o[org::kTier] != std::optional<std::string>("registered")) {
      if (o[org::kHub])
        refuse(who,
               trf("is a filed group, not a legal person: filed groups cannot contract themselves; its hub {} can",
                   *o[org::kHub]),
               standing);
      else
        refuse(who, tr("is a filed group, not a legal person: filed groups cannot contract themselves"), standing);
    }
    // Its standing on the signing day, from its events: a suspension since lifted still bars
    // a contract signed while it lasted.
    const auto events = org::events_of(reg, o);
    const org::Standing then = org::standing(o, events, *date);
    if (then.entered && then.status != "active")
      refuse(who,
             trf("was {} on that day ({})", vocab::said(org::fields()[org::kStatus], then.status),
                 then.last ? org::describe(*then.last) : std::string()),
             standing);
    if (o[org::kRegisteredOn].value_or("") > *date)
      refuse(who, trf("was not registered yet (registered on {})", *o[org::kRegisteredOn]), standing);
    if (applies("contract.credit_lists"))
      for (const char* list : {"serious", "abnormal"})
        if (auto since = supervision::listed_since(reg, o.id, list, *date))
          refuse(who,
                 std::string(list) == "serious" ? trf("is on the serious-violation list (since {})", *since)
                                                : trf("is on the abnormal-activity list (since {})", *since),
                 "contract.credit_lists");
    if (applies("contract.no_serious_violation")) {
      auto q = reg.prepare(
          "SELECT e.date FROM credit_event e WHERE e.org_id = ? AND e.kind = 'serious_in' AND e.date <= ? AND e.date > ? "
          "AND NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id) ORDER BY e.date DESC LIMIT 1");
      q.bind(1, o.id).bind(2, *date).bind(3, validate::add_months(*date, -36));
      if (q.step())
        refuse(who, trf("had a serious violation within three years (listed {})", q.text_or(0, "")),
               "contract.no_serious_violation");
    }
    // Last year's annual check: the last year whose report was due by the signing date.
    const int year = supervision::report_year_due(reg, *date);
    if (applies("contract.annual_check") &&
        supervision::first_check_year(reg, o[org::kType].value_or(""), o[org::kRegisteredOn].value_or("")) <= year) {
      auto q = reg.prepare("SELECT result FROM annual_check WHERE org_id = ? AND year = ?");
      q.bind(1, o.id).bind(2, static_cast<std::int64_t>(year));
      if (!q.step() || q.text_or(0, "") == "not_submitted")
        refuse(who, trf("has no annual check submitted for {}", year), "contract.annual_check");
      if (q.text_or(0, "") == "fail") refuse(who, trf("failed its annual check for {}", year), "contract.annual_check");
    }
  } else if (applies("contract.company_credit_check")) {
    if (c.company_check_on.empty() || c.company_check_on > *date)
      refuse(trf("the company {} ({})", c.company, c.company_code),
             tr("has no credit check recorded on or before that day (‹company_check_on› when the contract is drafted)"),
             "contract.company_credit_check");
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
    throw_invalid(trf("contract {} is {}: only a signed or active contract is amended", c.number, vocab::said(statuses(), c.status)));
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
    else if (const auto& term = vocab::rule("contract.term");
             vocab::in_force(term, c.starts_on) && *e.value > validate::add_months(c.starts_on, 36))
      p.bad("ends-on", trf("the period would be longer than three years {}", vocab::cite(term)));
    else ends = *e.value;
  }
  const std::int64_t new_amount = amount.value_or(c.amount);
  if (amount && date && vocab::in_force(vocab::rule("contract.amend_ten_percent"), *date) &&
      (new_amount - c.original) * 10 > c.original)
    p.bad("amount", trf("{} adds {} to the original {}: more than 10% (政府采购法 Art. 49 allows at most {})", yuan(new_amount),
                        yuan(new_amount - c.original), yuan(c.original), yuan(c.original + c.original / 10)));
  std::map<int, std::int64_t> years = stored_allocations(reg, c.id);
  if (!a.allocations.empty() || amount || ends != c.ends_on) {
    if (a.allocations.empty() && (amount || std::stoi(ends.substr(0, 4)) != std::stoi(c.ends_on.substr(0, 4))) &&
        std::stoi(c.starts_on.substr(0, 4)) != std::stoi(ends.substr(0, 4)))
      p.bad("allocate", tr("the amount or the period changes: say how much each budget year carries now (‹allocate› YEAR=AMOUNT …)"));
    else if (!a.allocations.empty() || amount)
      years = allocations_of(p, a.allocations, c.starts_on, ends, new_amount);
  }
  auto paid = reg.prepare("SELECT coalesce(sum(amount), 0) FROM payment WHERE contract_id = ?");
  paid.bind(1, c.id);
  paid.step();
  if (amount && *paid.integer(0) > new_amount)
    p.bad("amount", trf("{} is below the {} paid already", yuan(new_amount), yuan(*paid.integer(0))));
  // No budget year below what its payments were charged to it.
  auto charged = reg.prepare(
      "SELECT budget_year, sum(amount) FROM payment WHERE contract_id = ? AND budget_year IS NOT NULL "
      "GROUP BY budget_year ORDER BY budget_year");
  charged.bind(1, c.id);
  while (charged.step()) {
    const int y = static_cast<int>(*charged.integer(0));
    const auto it = years.find(y);
    const std::int64_t now = it == years.end() ? 0 : it->second;
    if (now < *charged.integer(1))
      p.bad("allocate", trf("{} would carry {}, below the {} its payments were charged to it", y, yuan(now),
                            yuan(*charged.integer(1))));
  }
  std::string items;
  for (const auto& i : a.items)
    if (!io::trim(i).empty()) items += (items.empty() ? "" : "\n") + io::trim(i);
  // Only when nothing was given: a value refused above is its own problem, not "nothing".
  if (io::trim(a.amount).empty() && io::trim(a.ends_on).empty() && items.empty() && a.allocations.empty())
    p.bad("amount", tr("nothing to amend: give ‹amount›, ‹ends_on›, ‹item› or ‹allocate›"));
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
    if (!io::trim(in.amount).empty()) p.bad("amount", tr("a reversal undoes the whole payment: leave out ‹amount›"));
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
  const std::map<int, std::int64_t> allocated = stored_allocations(reg, c.id);
  std::optional<int> year;
  if (!io::trim(in.year).empty()) {
    if ((year = p.year("year", in.year)) && !allocated.count(*year) && !reverses)
      p.bad("year", trf("contract {} allocates nothing to {} (its budget years: {})", c.number, *year, years_of(allocated)));
  }
  p.raise(tr("nothing was recorded"));
  auto charged = reg.prepare("SELECT coalesce(sum(amount), 0) FROM payment WHERE contract_id = ? AND budget_year = ?");
  auto left_in = [&](int y) {
    charged.reset();
    charged.bind(1, c.id).bind(2, static_cast<std::int64_t>(y));
    charged.step();
    auto a = allocated.find(y);
    return (a == allocated.end() ? 0 : a->second) - *charged.integer(0);
  };
  if (reverses) {
    auto q = reg.prepare("SELECT budget_year FROM payment WHERE id = ?");
    q.bind(1, *reverses);
    q.step();
    const std::optional<std::int64_t> undone = q.integer(0);
    if (year && undone != std::optional<std::int64_t>(*year))
      throw_invalid(Diagnostic("", 0, 0, "year",
                               trf("a reversal is charged to the budget year of the payment it undoes ({}), not {}",
                                   undone ? std::to_string(*undone) : std::string("-"), *year)));
    year.reset();
    if (undone) year = static_cast<int>(*undone);
  } else if (!year) {
    const int own = std::stoi(date->substr(0, 4));
    if (allocated.count(own)) year = own;
    for (auto it = allocated.begin(); !year && it != allocated.end(); ++it)
      if (left_in(it->first) > 0) year = it->first;
  }
  auto paid = reg.prepare("SELECT coalesce(sum(amount), 0) FROM payment WHERE contract_id = ?");
  paid.bind(1, c.id);
  paid.step();
  const std::int64_t before = *paid.integer(0);
  if (before + *amount > c.amount)
    throw_invalid(trf("contract {}: paying {} would bring payments to {}, above the contract amount {} ({} left to pay)",
                      c.number, yuan(*amount), yuan(before + *amount), yuan(c.amount), yuan(c.amount - before)));
  if (!reverses && year && *amount > left_in(*year))
    throw_invalid(Diagnostic("", 0, 0, "amount",
                             trf("contract {}: {} is more than the {} left of its {} allocation ({} allocated); split the "
                                 "payment between budget years (‹year›)",
                                 c.number, yuan(*amount), yuan(left_in(*year)), *year, yuan(allocated.at(*year)))));
  io::JsonObject detail;
  detail.add("number", c.number).add("date", *date).add("amount", validate::format_money(*amount));
  detail.add("milestone", io::trimmed_or_null(in.milestone)).add("note", io::trimmed_or_null(in.note));
  if (reverses) detail.add("reverses", static_cast<long long>(*reverses));
  if (year) detail.add("budget_year", static_cast<long long>(*year));
  std::int64_t audit_id = reg.audit(reverses ? "contract.pay.reverse" : "contract.pay", c.provider, detail.str());
  auto q = reg.prepare(
      "INSERT INTO payment (contract_id, date, amount, milestone, reverses, note, audit_id, budget_year) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, c.id).bind(2, *date).bind(3, *amount).bind(4, io::trimmed_or_null(in.milestone)).bind(5, reverses);
  q.bind(6, io::trimmed_or_null(in.note)).bind(7, audit_id);
  if (year) q.bind(8, static_cast<std::int64_t>(*year));
  else q.bind_null(8);
  q.run();
  const std::int64_t id = reg.last_insert_rowid();
  if (c.status == "signed") reg.prepare("UPDATE contract SET status = 'active' WHERE id = ?").bind(1, c.id).run();
  tx.commit();
  return id;
}

}  // namespace kunqu::contract
