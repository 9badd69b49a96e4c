// The catalogue's items and the contracts that buy them (their files: files.cpp).
#include "catalog/catalog.h"

#include <fmt/format.h>

#include "contract/contract.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/fields.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/problems.h"
#include "validate/values.h"

namespace kunqu::catalog {

namespace {

vocab::FieldSpec build_units() {
  return vocab::enum_spec("unit", "计量单位",
              {{"hour", {"小时"}}, {"person_time", {"人次"}}, {"person", {"人"}}, {"household", {"户"}},
               {"project", {"项目", "项"}}, {"month", {"月"}}, {"other", {"其他"}}});
}

constexpr const char* kItemColumns =
    "i.year, i.code, i.category, i.item, i.description, i.unit, i.price_guide, "
    "(SELECT count(*) FROM demand d WHERE d.catalog_item_id = i.id), "
    "(SELECT count(*) FROM contract_item x WHERE x.catalog_item_id = i.id)";

io::Table item_table(registry::Query& q) {
  using io::ColumnType;
  return registry::table_of(q, "catalog",
                            {shown_column("year", ColumnType::kInteger), shown_column("code"), shown_column("category"),
                             shown_column("item"), shown_column("description"), shown_column("unit"),
                             shown_column("price_guide", ColumnType::kMoney), {"demands", ColumnType::kInteger},
                             {"contracts", ColumnType::kInteger}});
}

}  // namespace

const vocab::FieldSpec& units() {
  static const vocab::FieldSpec s = build_units();
  return s;
}

ItemRef find_item(Registry& reg, const std::string& year, const std::string& code) {
  auto q = reg.prepare("SELECT id, item FROM catalog_item WHERE year = ? AND code = ?");
  q.bind(1, io::trim(year)).bind(2, io::trim(code));
  if (!q.step())
    throw_not_found(trf("no item {} in the {} catalogue (‹catalog list› ‹year› {} shows them)", io::trim(code),
                        io::trim(year), io::trim(year)));
  return {*q.integer(0), fmt::format("{}/{} {}", io::trim(year), io::trim(code), q.text_or(1, ""))};
}

void add_item(Registry& reg, const Item& in) {
  registry::Transaction tx(reg);
  validate::Problems p;
  auto year = p.year("year", in.year);
  const std::string code = io::trim(in.code), item = io::trim(in.item);
  if (code.empty()) p.bad("code", tr("is required (the item's code in the year's catalogue)"));
  if (item.empty()) p.bad("item", tr("is required (what is bought)"));
  const std::string category = vocab::enum_of(p, "category", org::fields()[org::kCategory], in.category).value_or("");
  const std::string unit = vocab::enum_of(p, "unit", units(), in.unit).value_or("");
  std::optional<std::int64_t> price;
  if (!io::trim(in.price_guide).empty()) {
    auto m = validate::parse_money(in.price_guide);
    if (!m) p.bad("price", m.error, m.hint);
    else price = m.value;
  }
  if (year && !code.empty()) {
    auto q = reg.prepare("SELECT item FROM catalog_item WHERE year = ? AND code = ?");
    q.bind(1, *year).bind(2, code);
    if (q.step()) p.bad("code", trf("{} is taken in the {} catalogue ({})", code, *year, q.text_or(0, "")));
  }
  p.raise(tr("nothing was recorded"));
  io::JsonObject detail;
  detail.add("year", static_cast<long long>(*year)).add("code", code).add("category", category).add("item", item).add("unit", unit);
  if (price) detail.add("price_guide", validate::format_money(*price));
  const std::int64_t audit = reg.audit("catalog.add", std::nullopt, detail.str());
  reg.prepare("INSERT INTO catalog_item (year, code, category, item, description, unit, price_guide, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, *year).bind(2, code).bind(3, category).bind(4, item).bind(5, io::trimmed_or_null(in.description)).bind(6, unit)
      .bind(7, price).bind(8, audit).run();
  tx.commit();
}

io::Table show_item(Registry& reg, const std::string& year, const std::string& code) {
  ItemRef item = find_item(reg, year, code);
  auto q = reg.prepare(fmt::format("SELECT {} FROM catalog_item i WHERE i.id = ?", kItemColumns));
  q.bind(1, item.id);
  return item_table(q);
}

io::Table list_items(Registry& reg, const ItemFilter& f) {
  registry::Where where;
  if (f.year) where.add(" AND i.year = ?", std::to_string(registry::option_year("year", *f.year)));
  where.code("category", f.category, org::fields()[org::kCategory], " AND i.category = ?");
  if (f.without_contract) where.add(" AND NOT EXISTS (SELECT 1 FROM contract_item x WHERE x.catalog_item_id = i.id)");
  std::string sql = fmt::format("SELECT {} FROM catalog_item i{} ORDER BY i.year, i.code", kItemColumns, where.sql());
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
  return item_table(q);
}

io::Table item_contracts(Registry& reg, const std::string& year, const std::string& code) {
  ItemRef item = find_item(reg, year, code);
  auto q = reg.prepare(
      "SELECT c.number, c.title, coalesce((SELECT o.name FROM org o WHERE o.id = c.provider_org_id), c.company_name), c.amount, "
      "c.signed_on, c.status FROM contract_item x JOIN contract c ON c.id = x.contract_id WHERE x.catalog_item_id = ? "
      "ORDER BY c.signed_on, c.number");
  q.bind(1, item.id);
  return registry::table_of(q, "contract",
                            {{"number"},
                             {"title"},
                             {"provider_name"},
                             {"amount", io::ColumnType::kMoney},
                             {"signed_on", io::ColumnType::kDate},
                             vocab::coded("status", contract::statuses())});
}

void link(Registry& reg, std::string_view number, const std::string& year, const std::string& code) {
  registry::Transaction tx(reg);
  contract::Ref c = contract::find(reg, number);
  ItemRef item = find_item(reg, year, code);
  auto years = reg.prepare("SELECT group_concat(year, ', ') FROM (SELECT year FROM contract_year WHERE contract_id = ? AND amount > 0 ORDER BY year)");
  years.bind(1, c.id);
  years.step();
  auto in_year = reg.prepare("SELECT 1 FROM contract_year WHERE contract_id = ? AND year = ? AND amount > 0");
  in_year.bind(1, c.id).bind(2, io::trim(year));
  if (!in_year.step())
    throw_invalid(trf("contract {} is paid from the {} budget, not {}: item {} is in another year's catalogue", c.number,
                      years.text_or(0, tr("(no)")), io::trim(year), item.label));
  auto dup = reg.prepare("SELECT 1 FROM contract_item WHERE contract_id = ? AND catalog_item_id = ?");
  dup.bind(1, c.id).bind(2, item.id);
  if (dup.step()) throw_invalid(trf("contract {} buys {} already", c.number, item.label));
  io::JsonObject detail;
  detail.add("number", c.number).add("year", io::trim(year)).add("code", io::trim(code));
  const std::int64_t audit = reg.audit("catalog.link", std::nullopt, detail.str());
  reg.prepare("INSERT INTO contract_item (contract_id, catalog_item_id, audit_id) VALUES (?, ?, ?)").bind(1, c.id).bind(2, item.id).bind(3, audit).run();
  tx.commit();
}

io::Table contract_items(Registry& reg, std::string_view number) {
  contract::Ref c = contract::find(reg, number);
  auto q = reg.prepare(fmt::format("SELECT {} FROM contract_item x JOIN catalog_item i ON i.id = x.catalog_item_id "
                                   "WHERE x.contract_id = ? ORDER BY i.year, i.code",
                                   kItemColumns));
  q.bind(1, c.id);
  return item_table(q);
}

}  // namespace kunqu::catalog
