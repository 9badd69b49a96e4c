// Budgets: the lines a year's money is planned in, their adjustments, what contracts commit
// against them, and the check that a contract's allocation fits every line that covers it.
#include "contract/contract.h"
#include "contract/internal.h"

#include <fmt/format.h>

#include <map>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/fields.h"
#include "registry/registry.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::contract {

using detail::money_of;
using detail::yuan;
using validate::Problems;

namespace {

// What contracts other than `except` commit against a budget line: the allocations of signed,
// active and completed ones; for terminated ones, what was paid out of that year's money.
constexpr const char* kCommitted =
    "(SELECT coalesce(sum(y.amount), 0) FROM contract_year y JOIN contract c ON c.id = y.contract_id "
    " WHERE y.year = b.year AND (b.purchaser = '' OR c.purchaser = b.purchaser) AND (b.field = '' OR c.field = b.field) "
    " AND (c.status = 'signed' OR c.status = 'active' OR c.status = 'completed') AND c.id <> ?{0}) + "
    "(SELECT coalesce(sum(p.amount), 0) FROM payment p JOIN contract c ON c.id = p.contract_id "
    " WHERE p.budget_year = b.year AND (b.purchaser = '' OR c.purchaser = b.purchaser) "
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

}  // namespace

void detail::check_budgets(Registry& reg, const Contract& c, const std::map<int, std::int64_t>& years) {
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
                          "for {} would exceed it by {} (a budget changes only by ‹contract budget adjust›)",
                          c.number, line_name(year, q.text_or(1, ""), q.text_or(2, "")), yuan(budget),
                          yuan(committed), yuan(amount), year, yuan(committed + amount - budget)));
    }
    if (!covered)
      throw_invalid(trf("contract {}: no budget covers {} for {} in {} (‹contract budget set› {} AMOUNT)",
                        c.number, c.purchaser, c.field, year, year));
  }
}

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
    auto code = vocab::enum_code(org::fields()[org::kCategory], l.field);
    if (!code) p.bad("field", trf("'{}' is not one of {}", io::trim(l.field), vocab::enum_codes_list(org::fields()[org::kCategory])));
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
    throw_invalid(trf("{} is set already; it changes only by a recorded adjustment (‹contract budget adjust›)",
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
    throw_not_found(trf("{} is not set (‹contract budget set›)", line_name(line.year, line.purchaser, line.field)));
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
      " WHERE p.budget_year = b.year AND (b.purchaser = '' OR c.purchaser = b.purchaser) "
      " AND (b.field = '' OR c.field = b.field)) FROM budget b WHERE (?2 IS NULL OR b.year = ?2) "
      "ORDER BY b.year, b.purchaser, b.field",
      kBudgetTotal, fmt::format(kCommitted, 1)));
  q.bind(1, std::int64_t{0});
  if (y) q.bind(2, static_cast<std::int64_t>(*y));
  else q.bind_null(2);
  io::Table t;
  t.record_name = "budget";
  t.columns = {{"year", io::ColumnType::kInteger}, {"purchaser"}, vocab::coded("field", org::fields()[org::kCategory]), {"set", io::ColumnType::kMoney},
               {"adjusted", io::ColumnType::kMoney}, {"budget", io::ColumnType::kMoney}, {"committed", io::ColumnType::kMoney},
               {"paid", io::ColumnType::kMoney}, {"left", io::ColumnType::kMoney}};
  while (q.step()) {
    auto m = [&](int c) { return std::optional<std::string>(validate::format_money(*q.integer(c))); };
    t.rows.push_back({q.text(0), q.text(1), q.text(2), m(3), m(4), m(5), m(6), m(7),
                      validate::format_money(*q.integer(5) - *q.integer(6))});
  }
  return t;
}

}  // namespace kunqu::contract
