// Catalogue files: their columns, export, and import through the catalogue's verbs.
#include <fmt/format.h>

#include "catalog/catalog.h"
#include "i18n/messages.h"
#include "io/records.h"
#include "io/text.h"
#include "org/fields.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::catalog {

namespace {

const std::vector<vocab::FileColumn>& columns() {
  static const std::vector<vocab::FileColumn> s = {
      vocab::required({"year", {"年度"}, io::ColumnType::kInteger}),
      vocab::required({"code", {"项目编号", "编号"}}),
      vocab::required({"category", {"类别", "服务领域"}, io::ColumnType::kText, &org::fields()[org::kCategory]}),
      vocab::required({"item", {"服务项目", "项目名称"}}),
      {"description", {"说明", "服务内容"}},
      vocab::required({"unit", {"计量单位", "单位"}, io::ColumnType::kText, &units()}),
      {"price_guide", {"指导价格", "指导价"}, io::ColumnType::kMoney},
      {"contracts", {"合同编号", "购买合同"}},
  };
  return s;
}

}  // namespace

io::Column shown_column(const char* name, io::ColumnType type) { return vocab::shown_column(columns(), name, type); }

const std::vector<std::string>& file_columns() {
  static const std::vector<std::string> n = vocab::names_of(columns());
  return n;
}

std::optional<std::size_t> resolve_header(std::string_view h) { return vocab::resolve_header(columns(), h); }
std::string header_zh(std::string_view name) { return vocab::chinese_header(columns(), name); }

const std::vector<vocab::FileColumn>& import_columns() { return columns(); }

io::Table export_items(Registry& reg, const ItemFilter& filter) {
  io::Table t = vocab::file_table("catalog", columns());
  auto q = reg.prepare(
      "SELECT i.year, i.code, i.category, i.item, i.description, i.unit, i.price_guide, "
      "(SELECT group_concat(number, '; ') FROM (SELECT c.number FROM contract_item x JOIN contract c ON c.id = x.contract_id "
      "WHERE x.catalog_item_id = i.id ORDER BY c.number)) FROM catalog_item i WHERE i.year = ? AND i.code = ?");
  for (const auto& listed : list_items(reg, filter).rows) {
    q.reset();
    q.bind(1, *listed[0]).bind(2, *listed[1]);
    if (!q.step()) continue;
    io::Row row;
    for (int c = 0; c < 8; ++c)
      row.push_back(c == 6 && q.integer(6) ? std::optional<std::string>(validate::format_money(*q.integer(6))) : q.text(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

registry::ImportResult import_items(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  using Found = registry::ImportRow::Found;
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    auto q = reg.prepare("SELECT id FROM catalog_item WHERE year = ? AND code = ?");
    q.bind(1, r.cell("year")).bind(2, r.cell("code"));
    if (r.recorded(registry::first_id(q), "code", trf("item {} of the {} catalogue", r.cell("code"), r.cell("year"))) != Found::kNew)
      return std::nullopt;
    Item item{r.cell("year"), r.cell("code"), r.cell("category"), r.cell("item"), r.cell("description"), r.cell("unit"),
              r.cell("price_guide")};
    if (!r.attempt([&] { add_item(reg, item); }, "code", {{"price", "price_guide"}})) return std::nullopt;
    for (const auto& number : io::split_list(r.cell("contracts")))
      if (!r.attempt([&] { link(reg, number, item.year, item.code); }, "contracts")) return std::nullopt;
    q.reset();
    return registry::first_id(q);
  };
  return registry::import_rows(reg, reader, options, "catalog.import", "catalog item", file_columns(), one);
}

}  // namespace kunqu::catalog
