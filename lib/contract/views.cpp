// The contract views: lists with filters, one contract with its allocations, payments and
// amendments.
#include "contract/contract.h"
#include "contract/internal.h"

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"
#include "org/fields.h"
#include "org/org.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::contract {

using detail::Contract;
using detail::load;
using detail::shown_column;
using detail::yuan;

namespace {

constexpr const char* kProvider =
    "CASE WHEN c.provider_org_id IS NOT NULL THEN (SELECT coalesce(o.credit_code, o.filing_no, printf('K%07d', o.id)) FROM org o "
    "WHERE o.id = c.provider_org_id) ELSE c.company_code END";
constexpr const char* kProviderName =
    "coalesce((SELECT o.name FROM org o WHERE o.id = c.provider_org_id), c.company_name)";
constexpr const char* kPaid = "(SELECT coalesce(sum(p.amount), 0) FROM payment p WHERE p.contract_id = c.id)";

}  // namespace

io::Table list(Registry& reg, const Filter& f) {
  registry::Where where;
  where.code("field", f.field, org::fields()[org::kCategory], " AND c.field = ?");
  where.code("status", f.status, statuses(), " AND c.status = ?");
  where.code("method", f.method, methods(), " AND c.method = ?");
  where.code("funding", f.funding, fundings(), " AND c.funding = ?");
  if (f.year)
    where.add(" AND EXISTS (SELECT 1 FROM contract_year y WHERE y.contract_id = c.id AND y.year = ? AND y.amount > 0)",
              std::to_string(registry::option_year("year", *f.year)));
  where.text(f.purchaser, " AND c.purchaser = ?");
  if (f.provider) {
    std::string t = io::trim(*f.provider);
    auto q = reg.prepare("SELECT 1 FROM contract WHERE company_code = ? OR company_name = ? LIMIT 1");
    q.bind(1, t).bind(2, t);
    if (q.step()) {
      where.add(" AND (c.company_code = ?", t);
      where.add(" OR c.company_name = ?)", t);
    } else where.add(" AND c.provider_org_id = ?", std::to_string(org::find(reg, t).id));
  }
  where.dates("signed", f.signed_since, f.signed_until, "c.signed_on");
  if (f.paid_below) {
    std::string s = io::trim(*f.paid_below);
    if (!s.empty() && s.back() == '%') s.pop_back();
    if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos || std::stoi(s) > 100)
      throw_usage(trf("{} '{}' is not a share like 50%", input_name("paid_below"), *f.paid_below));
    where.add(fmt::format(" AND {} * 100 < c.amount * ?", kPaid), s);
  }
  if (f.no_delivery_for)
    where.add(" AND (c.status = 'signed' OR c.status = 'active') AND coalesce((SELECT max(d.period_to) FROM delivery d "
              "WHERE d.contract_id = c.id), c.signed_on) < ?",
              registry::option_span("no_delivery_for", *f.no_delivery_for, reg.today(), true));
  std::string sql = fmt::format(
      "SELECT c.number, c.title, c.purchaser, {}, {}, c.field, c.method, c.funding, c.amount, {}, c.starts_on, c.ends_on, "
      "c.signed_on, c.status FROM contract c{} ORDER BY coalesce(c.signed_on, c.starts_on), c.number",
      kProvider, kProviderName, kPaid, where.sql());
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
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
      "AND p.budget_year = y.year) FROM contract_year y WHERE y.contract_id = ? ORDER BY y.year");
  q.bind(1, c.id);
  return registry::table_of(
      q, "allocation",
      {{"year", io::ColumnType::kInteger}, {"amount", io::ColumnType::kMoney}, {"paid", io::ColumnType::kMoney}});
}

io::Table payments(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare(
      "SELECT p.id, p.date, p.amount, p.budget_year, p.milestone, p.reverses, (SELECT r.id FROM payment r WHERE r.reverses = p.id), "
      "p.note FROM payment p WHERE p.contract_id = ? ORDER BY p.date, p.id");
  q.bind(1, c.id);
  return registry::table_of(q, "payment",
                            {shown_column(Kind::kPayment, "id", io::ColumnType::kInteger),
                             shown_column(Kind::kPayment, "date", io::ColumnType::kDate),
                             shown_column(Kind::kPayment, "amount", io::ColumnType::kMoney),
                             shown_column(Kind::kPayment, "budget_year", io::ColumnType::kInteger),
                             shown_column(Kind::kPayment, "milestone"),
                             shown_column(Kind::kPayment, "reverses", io::ColumnType::kInteger),
                             {"reversed_by", io::ColumnType::kInteger},
                             shown_column(Kind::kPayment, "note")});
}

io::Table amendments(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare("SELECT date, reason, detail FROM contract_amendment WHERE contract_id = ? ORDER BY date, id");
  q.bind(1, c.id);
  return registry::table_of(q, "amendment", {{"date", io::ColumnType::kDate}, {"reason"}, {"detail"}});
}

}  // namespace kunqu::contract
