// The checks of `db check`. Each is a query whose rows are findings, or a walk over rows that
// the rule needs in order (the credit lists).
#include "check/check.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "contract/contract.h"
#include "registry/registry.h"
#include "registry/seal.h"
#include "validate/credit_code.h"
#include "validate/values.h"

namespace kunqu::check {

namespace {

struct Finding {
  std::string check, subject, finding;
};
using Findings = std::vector<Finding>;

// Each query returns subject, finding.
const std::vector<std::pair<const char*, const char*>>& queries() {
  static const std::vector<std::pair<const char*, const char*>> q = {
      {"payments",
       "SELECT c.number, printf('payments add up to %s, above the contract amount %s', "
       "printf('%d.%02d', sum(p.amount) / 100, abs(sum(p.amount)) % 100), printf('%d.%02d', c.amount / 100, c.amount % 100)) "
       "FROM payment p JOIN contract c ON c.id = p.contract_id GROUP BY c.id HAVING sum(p.amount) > c.amount OR sum(p.amount) < 0"},
      {"reversals",
       "SELECT 'payment ' || r.id, 'reverses payment ' || r.reverses || ' but does not undo its amount or contract' FROM payment r "
       "JOIN payment p ON p.id = r.reverses WHERE r.amount <> -p.amount OR r.contract_id <> p.contract_id"},
      {"allocations",
       "SELECT c.number, printf('the budget years carry %d fen in all, the amount is %d fen', "
       "(SELECT coalesce(sum(y.amount), 0) FROM contract_year y WHERE y.contract_id = c.id), c.amount) FROM contract c "
       "WHERE (SELECT coalesce(sum(y.amount), 0) FROM contract_year y WHERE y.contract_id = c.id) <> c.amount"},
      {"contract status",
       "SELECT number, 'is ' || status || ' without a signing date' FROM contract WHERE status <> 'draft' AND signed_on IS NULL "
       "UNION ALL SELECT number, 'is ' || status || ' without a closing date' FROM contract "
       "WHERE (status = 'completed' OR status = 'terminated') AND closed_on IS NULL"},
      {"incubator",
       "SELECT printf('K%07d', org_id), count(*) || ' stays in residence at once' FROM incubation WHERE status = 'in_residence' "
       "GROUP BY org_id HAVING count(*) > 1"},
      {"credit events",
       "SELECT 'event ' || r.id, 'reverses event ' || r.reverses || ' of another org' FROM credit_event r JOIN credit_event e "
       "ON e.id = r.reverses WHERE r.org_id <> e.org_id"},
      {"filed groups",
       "SELECT printf('K%07d', id), 'a filed group without its filing date' FROM org WHERE tier = 'grassroots' AND filed_on IS NULL"},
      {"registered orgs",
       "SELECT printf('K%07d', id), 'a registered org without its credit code' FROM org WHERE tier = 'registered' AND credit_code IS NULL"},
      {"demands",
       "SELECT 'demand ' || id, 'answered without a contract' FROM demand WHERE status = 'answered' AND contract_id IS NULL "
       "UNION ALL SELECT 'demand ' || d.id, 'answered by contract ' || c.number || ', which does not buy its catalogue item' "
       "FROM demand d JOIN contract c ON c.id = d.contract_id WHERE d.catalog_item_id IS NOT NULL AND NOT EXISTS "
       "(SELECT 1 FROM contract_item x WHERE x.contract_id = d.contract_id AND x.catalog_item_id = d.catalog_item_id)"},
  };
  return q;
}

void sqlite_checks(registry::Registry& reg, Findings& out) {
  auto q = reg.prepare("PRAGMA integrity_check");
  while (q.step())
    if (q.text_or(0, "") != "ok") out.push_back({"integrity", "", q.text_or(0, "")});
  auto fk = reg.prepare("PRAGMA foreign_key_check");
  while (fk.step())
    out.push_back({"foreign keys", fmt::format("{} row {}", fk.text_or(0, ""), fk.text_or(1, "")),
                   fmt::format("refers to a missing {} row", fk.text_or(2, ""))});
}

void credit_codes(registry::Registry& reg, Findings& out) {
  auto q = reg.prepare("SELECT printf('K%07d', id), credit_code FROM org WHERE credit_code IS NOT NULL ORDER BY id");
  while (q.step())
    if (auto problem = validate::check_credit_code(q.text_or(1, "")))
      out.push_back({"credit codes", q.text_or(0, ""), fmt::format("{}: {}", q.text_or(1, ""), *problem)});
}

// The events that stand must enter and leave each list in turn.
void credit_lists(registry::Registry& reg, Findings& out) {
  auto q = reg.prepare(
      "SELECT printf('K%07d', e.org_id), e.org_id, e.kind, e.date FROM credit_event e WHERE e.kind IN ('abnormal_in', "
      "'abnormal_out', 'serious_in', 'serious_out') AND NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id) "
      "ORDER BY e.org_id, e.date, e.id");
  std::map<std::pair<std::int64_t, std::string>, bool> on;
  while (q.step()) {
    const std::string kind = q.text_or(2, "");
    const std::string list = kind.substr(0, kind.find('_'));
    const bool entry = kind.size() > 3 && kind.compare(kind.size() - 3, 3, "_in") == 0;
    bool& now = on[{*q.integer(1), list}];
    if (entry == now)
      out.push_back({"credit lists", q.text_or(0, ""),
                     fmt::format("{} on {} while {} on the {} list", kind, q.text_or(3, ""), now ? "already" : "not", list)});
    now = entry;
  }
}

void budgets(registry::Registry& reg, Findings& out) {
  io::Table t = contract::budgets(reg, std::nullopt);
  for (const auto& row : t.rows) {
    const std::string left = row[8].value_or("0");
    if (!left.empty() && left[0] == '-')
      out.push_back({"budgets", fmt::format("{} {} {}", row[0].value_or(""), row[1].value_or(""), row[2].value_or("")),
                     fmt::format("contracts commit {} of a budget of {} ({} over)", row[6].value_or(""), row[5].value_or(""),
                                 left.substr(1))});
  }
}

}  // namespace

std::size_t count() { return queries().size() + 7; }

io::Table run(registry::Registry& reg, const std::optional<std::string>& sealed) {
  Findings found;
  sqlite_checks(reg, found);
  for (const auto& [name, sql] : queries()) {
    auto q = reg.prepare(sql);
    while (q.step()) found.push_back({name, q.text_or(0, ""), q.text_or(1, "")});
  }
  credit_codes(reg, found);
  credit_lists(reg, found);
  budgets(reg, found);
  for (auto& f : registry::seal::verify(reg, sealed)) found.push_back({f.check, f.subject, f.finding});
  io::Table t;
  t.record_name = "finding";
  t.columns = {{"check"}, {"subject"}, {"finding"}};
  for (auto& f : found) t.rows.push_back({f.check, f.subject, f.finding});
  return t;
}

}  // namespace kunqu::check
