// The checks of `db check`. Each is a query whose rows are findings, or a walk over rows that
// the rule needs in order (the credit lists).
#include "check/check.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "contract/contract.h"
#include "error.h"
#include "i18n/messages.h"
#include "incubate/incubate.h"
#include "io/text.h"
#include "org/fields.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "registry/seal.h"
#include "registry/structure.h"
#include "supervision/supervision.h"
#include "validate/credit_code.h"
#include "validate/divisions.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::check {

namespace {

struct Finding {
  std::string check, subject, finding;
};
using Findings = std::vector<Finding>;

// A check by query: each row is a finding, its column 0 the subject and the columns after it
// the arguments of `message` (a table entry, translated where the finding is written).
struct QueryCheck {
  const char* check;
  const char* message;
  const char* sql;
  const vocab::FieldSpec& (*codes)() = nullptr;  // the enumeration the first argument is a code of
};

// Every check's name, marked for the catalogue: a table for people shows its Chinese words.
const char* const kCheckNames[] = {
    NC_("check", "integrity"),     NC_("check", "foreign keys"),  NC_("check", "payments"),
    NC_("check", "reversals"),     NC_("check", "allocations"),   NC_("check", "contract status"),
    NC_("check", "incubator"),     NC_("check", "credit events"), NC_("check", "filed groups"),
    NC_("check", "registered orgs"), NC_("check", "demands"),     NC_("check", "credit codes"),
    NC_("check", "credit lists"),  NC_("check", "budgets"),       NC_("check", "audit chain"),
    NC_("check", "seal"),          NC_("check", "row seals"),     NC_("check", "names"),
    NC_("check", "schema")};

// The check column: each name with its Chinese words, whatever the language of messages.
io::Column check_column() {
  io::Column c{"check"};
  i18n::InChinese zh;
  for (const char* name : kCheckNames) c.enum_zh.emplace_back(name, i18n::label("check", name));
  return c;
}

const std::vector<QueryCheck>& queries() {
  static const std::vector<QueryCheck> q = {
      {"payments", N_("payments add up to {}, above the contract amount {}"),
       "SELECT c.number, printf('%d.%02d', sum(p.amount) / 100, abs(sum(p.amount)) % 100), "
       "printf('%d.%02d', c.amount / 100, c.amount % 100) "
       "FROM payment p JOIN contract c ON c.id = p.contract_id GROUP BY c.id HAVING sum(p.amount) > c.amount OR sum(p.amount) < 0"},
      {"reversals", N_("reverses payment {} but does not undo its amount or contract"),
       "SELECT 'payment ' || r.id, r.reverses FROM payment r "
       "JOIN payment p ON p.id = r.reverses WHERE r.amount <> -p.amount OR r.contract_id <> p.contract_id"},
      {"payments", N_("payment {} is charged to {}, a budget year the contract allocates nothing to"),
       "SELECT c.number, p.id, coalesce(p.budget_year, '-') FROM payment p JOIN contract c ON c.id = p.contract_id "
       "WHERE p.budget_year IS NULL OR NOT EXISTS (SELECT 1 FROM contract_year y WHERE y.contract_id = p.contract_id "
       "AND y.year = p.budget_year) ORDER BY p.id"},
      {"allocations", N_("payments charged to {} add up to {}, above the {} allocated to it"),
       "SELECT c.number, y.year, printf('%d.%02d', sum(p.amount) / 100, abs(sum(p.amount)) % 100), "
       "printf('%d.%02d', y.amount / 100, y.amount % 100) FROM contract_year y JOIN contract c ON c.id = y.contract_id "
       "JOIN payment p ON p.contract_id = y.contract_id AND p.budget_year = y.year GROUP BY y.contract_id, y.year "
       "HAVING sum(p.amount) > y.amount ORDER BY c.number, y.year"},
      {"allocations", N_("the budget years carry {} fen in all, the amount is {} fen"),
       "SELECT c.number, (SELECT coalesce(sum(y.amount), 0) FROM contract_year y WHERE y.contract_id = c.id), c.amount "
       "FROM contract c WHERE (SELECT coalesce(sum(y.amount), 0) FROM contract_year y WHERE y.contract_id = c.id) <> c.amount"},
      {"contract status", N_("is {} without a signing date"),
       "SELECT number, status FROM contract WHERE status <> 'draft' AND signed_on IS NULL", &contract::statuses},
      {"contract status", N_("is {} without a closing date"),
       "SELECT number, status FROM contract WHERE (status = 'completed' OR status = 'terminated') AND closed_on IS NULL",
       &contract::statuses},
      {"incubator", N_("{} stays in residence at once"),
       "SELECT printf('K%07d', org_id), count(*) FROM incubation WHERE status = 'in_residence' "
       "GROUP BY org_id HAVING count(*) > 1"},
      {"credit events", N_("reverses event {} of another org"),
       "SELECT 'event ' || r.id, r.reverses FROM credit_event r JOIN credit_event e "
       "ON e.id = r.reverses WHERE r.org_id <> e.org_id"},
      {"filed groups", N_("a filed group without its filing date"),
       "SELECT printf('K%07d', id) FROM org WHERE tier = 'grassroots' AND filed_on IS NULL"},
      {"registered orgs", N_("a registered org without its credit code"),
       "SELECT printf('K%07d', id) FROM org WHERE tier = 'registered' AND credit_code IS NULL"},
      {"demands", N_("answered without a contract"),
       "SELECT 'demand ' || id FROM demand WHERE status = 'answered' AND contract_id IS NULL"},
      {"demands", N_("answered by contract {}, which does not buy its catalogue item"),
       "SELECT 'demand ' || d.id, c.number "
       "FROM demand d JOIN contract c ON c.id = d.contract_id WHERE d.catalog_item_id IS NOT NULL AND NOT EXISTS "
       "(SELECT 1 FROM contract_item x WHERE x.contract_id = d.contract_id AND x.catalog_item_id = d.catalog_item_id)"},
  };
  return q;
}

// The finding of the row `q` stands on, in the reader's language.
std::string finding_of(const QueryCheck& c, const registry::Query& q) {
  const char* message = c.message;
  std::vector<std::string> a;
  for (int i = 1; i < q.column_count(); ++i) a.push_back(q.text_or(i, ""));
  if (c.codes && !a.empty()) a[0] = vocab::said(c.codes(), a[0]);
  switch (a.size()) {
    case 0:
      return tr(message);
    case 1:
      return trf(message, a[0]);
    case 2:
      return trf(message, a[0], a[1]);
    default:
      return trf(message, a[0], a[1], a[2]);
  }
}

void sqlite_checks(registry::Registry& reg, Findings& out) {
  auto q = reg.prepare("PRAGMA integrity_check");
  while (q.step())
    if (q.text_or(0, "") != "ok") out.push_back({"integrity", "", q.text_or(0, "")});
  auto fk = reg.prepare("PRAGMA foreign_key_check");
  while (fk.step())
    out.push_back({"foreign keys", fmt::format("{} row {}", fk.text_or(0, ""), fk.text_or(1, "")),
                   trf("refers to a missing {} row", fk.text_or(2, ""))});
  for (auto& d : registry::schema_differences(reg)) out.push_back({"schema", d.subject, d.finding});
}

void credit_codes(registry::Registry& reg, Findings& out) {
  auto q = reg.prepare("SELECT printf('K%07d', id), credit_code FROM org WHERE credit_code IS NOT NULL ORDER BY id");
  while (q.step()) {
    const std::string code = q.text_or(1, "");
    validate::CreditCodeParts parts;
    if (auto problem = validate::check_credit_code(code, &parts))
      out.push_back({"credit codes", q.text_or(0, ""), fmt::format("{}: {}", code, *problem)});
    else if (auto region = validate::region_problem(parts.region))
      out.push_back({"credit codes", q.text_or(0, ""), fmt::format("{}: {}", code, *region)});
  }
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
    if (entry == now) {
      const bool serious = list == "serious";  // else "abnormal": the kinds the query takes
      const char* message = now ? (serious ? N_("{} on {} while already on the serious list")
                                           : N_("{} on {} while already on the abnormal list"))
                                : (serious ? N_("{} on {} while not on the serious list")
                                           : N_("{} on {} while not on the abnormal list"));
      out.push_back({"credit lists", q.text_or(0, ""), trf(message, vocab::said(supervision::event_kinds(), kind), q.text_or(3, ""))});
    }
    now = entry;
  }
}

// Live orgs of one scope whose names read the same under the name key (io::name_key: NFKC)
// though their stored keys differ: written before the key folded compatibility forms, kept by
// the migration, named here. The unique index holds every stored key apart, so only a name
// whose key is not the one stored can be part of such a pair.
void names(registry::Registry& reg, Findings& out) {
  auto q = reg.prepare(
      "SELECT id, name_scope, name, coalesce(name_key, name) FROM org WHERE status = 'active' OR status = 'suspended' "
      "ORDER BY id");
  auto owner = reg.prepare(
      "SELECT id, name FROM org WHERE name_scope = ? AND coalesce(name_key, name) = ? AND id <> ? "
      "AND (status = 'active' OR status = 'suspended') ORDER BY id LIMIT 1");
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::string>> stale;  // (scope, key) → first
  while (q.step()) {
    const std::string name = q.text_or(2, "");
    const std::string key = io::name_key(name);
    if (key == q.text_or(3, "")) continue;
    const std::int64_t id = q.integer(0).value_or(0);
    const std::string scope = q.text_or(1, "");
    owner.reset();
    owner.bind(1, scope).bind(2, key).bind(3, id);
    std::optional<std::pair<std::int64_t, std::string>> other;
    if (owner.step()) other = std::make_pair(owner.integer(0).value_or(0), owner.text_or(1, ""));
    auto [it, first] = stale.try_emplace({scope, key}, id, name);
    if (!other && !first) other = it->second;
    if (other)
      out.push_back({"names", registry::org_key(id),
                     trf("'{}' reads the same as '{}' ({}) in its scope; new writes of such a name are refused",
                         io::printable(name), io::printable(other->second), registry::org_key(other->first))});
  }
}

void budgets(registry::Registry& reg, Findings& out) {
  io::Table t = contract::budgets(reg, std::nullopt);
  for (const auto& row : t.rows) {
    const std::string left = row[8].value_or("0");
    if (!left.empty() && left[0] == '-')
      out.push_back({"budgets", fmt::format("{} {} {}", row[0].value_or(""), row[1].value_or(""), row[2].value_or("")),
                     trf("contracts commit {} of a budget of {} ({} over)", row[6].value_or(""), row[5].value_or(""),
                         left.substr(1))});
    // Paid out of the year's money above what the year budgets.
    auto paid = validate::parse_money(row[7].value_or("0")), budget = validate::parse_money(row[5].value_or("0"));
    if (paid && budget && *paid.value > *budget.value)
      out.push_back({"budgets", fmt::format("{} {} {}", row[0].value_or(""), row[1].value_or(""), row[2].value_or("")),
                     trf("payments charged to it add up to {}, above its budget of {}", row[7].value_or(""),
                         row[5].value_or(""))});
  }
}

}  // namespace

std::size_t count() {
  // A check may take more than one query (one per message): count the checks, not the queries.
  std::set<std::string> checks;
  for (const auto& c : queries()) checks.insert(c.check);
  return checks.size() + 9;
}

io::Table run(registry::Registry& reg, const std::optional<std::string>& sealed, bool seals,
              registry::seal::SealedHead* proven) {
  Findings found;
  sqlite_checks(reg, found);
  for (const auto& c : queries()) {
    auto q = reg.prepare(c.sql);
    while (q.step()) found.push_back({c.check, q.text_or(0, ""), finding_of(c, q)});
  }
  credit_codes(reg, found);
  names(reg, found);
  for (auto& [site, problem] : incubate::site_problems(reg, profile::setting(reg, "incubator_sites")))
    found.push_back({"incubator", site, problem});
  credit_lists(reg, found);
  budgets(reg, found);
  if (seals)
    for (auto& f : registry::seal::verify(reg, sealed, proven)) found.push_back({f.check, f.subject, f.finding});
  io::Table t;
  t.record_name = "finding";
  t.columns = {check_column(), {"subject"}, {"finding"}};
  for (auto& f : found) t.rows.push_back({f.check, f.subject, f.finding});
  return t;
}

void before_migration_commits(registry::Registry& reg) {
  const io::Table findings = run(reg, std::nullopt, false);
  if (findings.rows.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < findings.rows.size() && i < 10; ++i)
    list += fmt::format("\n  {} {}: {}", findings.rows[i][0].value_or(""), findings.rows[i][1].value_or(""),
                        findings.rows[i][2].value_or(""));
  if (findings.rows.size() > 10) list += "\n  …";
  throw Error(ErrorKind::kIo, trf("registry '{}' fails '‹db check›', so it is not migrated; nothing was written:{}",
                                  reg.path(), list));
}

}  // namespace kunqu::check
