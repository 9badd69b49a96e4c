// Demand and catalogue files: their columns, export, and import through the menu's verbs.
#include <fmt/format.h>

#include "i18n/messages.h"
#include "io/records.h"
#include "io/row_scope.h"
#include "io/text.h"
#include "menu/menu.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::menu {

namespace {

struct ColSpec {
  const char* name;
  std::vector<std::string> aliases;
  io::ColumnType type = io::ColumnType::kText;
};

const std::vector<ColSpec>& demand_specs() {
  static const std::vector<ColSpec> s = {
      {"street", {"街道", "街道（镇）"}},
      {"community", {"社区", "社区（村）"}},
      {"category", {"类别", "需求类别", "服务领域"}},
      {"description", {"需求描述", "需求内容", "需求"}},
      {"source", {"来源", "需求来源"}},
      {"raised_on", {"提出日期", "收集日期"}, io::ColumnType::kDate},
      {"persons", {"涉及人数", "人数"}, io::ColumnType::kInteger},
      {"status", {"状态", "处理状态"}},
      {"status_date", {"处理日期"}, io::ColumnType::kDate},
      {"reason", {"原因", "不予采纳原因"}},
      {"item", {"目录项目", "纳入目录"}},
      {"contract", {"合同编号", "承接合同"}},
      {"note", {"备注"}},
  };
  return s;
}

const std::vector<ColSpec>& catalog_specs() {
  static const std::vector<ColSpec> s = {
      {"year", {"年度"}, io::ColumnType::kInteger},
      {"code", {"项目编号", "编号"}},
      {"category", {"类别", "服务领域"}},
      {"item", {"服务项目", "项目名称"}},
      {"description", {"说明", "服务内容"}},
      {"unit", {"计量单位", "单位"}},
      {"price_guide", {"指导价格", "指导价"}, io::ColumnType::kMoney},
      {"contracts", {"合同编号", "购买合同"}},
  };
  return s;
}

std::vector<std::string> names_of(const std::vector<ColSpec>& specs) {
  std::vector<std::string> n;
  for (const auto& s : specs) n.push_back(s.name);
  return n;
}

std::optional<std::size_t> resolve(const std::vector<ColSpec>& specs, std::string_view header) {
  const std::string h = io::to_lower_ascii(io::trim(header));
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (h == specs[i].name) return i;
    for (const auto& a : specs[i].aliases)
      if (h == a) return i;
  }
  return std::nullopt;
}

// The codes a column of a demand or catalogue file holds (their Chinese labels go out with
// --labels zh and come back in through import), or none.
const vocab::FieldSpec* codes_of(std::string_view record, std::string_view column) {
  if (column == "category") return &org::fields()[org::kCategory];
  if (record == "demand" && column == "source") return &sources();
  if (record == "demand" && column == "status") return &demand_statuses();
  if (record == "catalog" && column == "unit") return &units();
  return nullptr;
}

io::Table header_of(const char* record, const std::vector<ColSpec>& specs) {
  io::Table t;
  t.record_name = record;
  for (const auto& s : specs) t.columns.push_back(vocab::file_column(s.name, s.type, s.aliases, codes_of(record, s.name)));
  return t;
}

std::optional<std::int64_t> first_id(registry::Query& q) {
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

}  // namespace

io::Column shown_column(std::string_view record, const char* name, io::ColumnType type) {
  for (const auto& s : record == "demand" ? demand_specs() : catalog_specs())
    if (std::string_view(s.name) == name) return vocab::file_column(name, type, s.aliases, codes_of(record, name));
  return {name, type};
}

const std::vector<std::string>& demand_columns() {
  static const std::vector<std::string> n = names_of(demand_specs());
  return n;
}
const std::vector<std::string>& catalog_columns() {
  static const std::vector<std::string> n = names_of(catalog_specs());
  return n;
}
std::optional<std::size_t> resolve_demand_header(std::string_view h) { return resolve(demand_specs(), h); }
std::optional<std::size_t> resolve_catalog_header(std::string_view h) { return resolve(catalog_specs(), h); }

io::Table export_demands(Registry& reg, const DemandFilter& filter) {
  io::Table t = header_of("demand", demand_specs());
  auto q = reg.prepare(
      "SELECT d.street, d.community, d.category, d.description, d.source, d.raised_on, d.persons, d.status, d.status_date, d.reason, "
      "(SELECT i.year || '/' || i.code FROM catalog_item i WHERE i.id = d.catalog_item_id), "
      "(SELECT c.number FROM contract c WHERE c.id = d.contract_id), d.note FROM demand d WHERE d.id = ?");
  for (const auto& listed : list_demands(reg, filter).rows) {
    q.reset();
    q.bind(1, *listed[0]);
    if (!q.step()) continue;
    io::Row row;
    for (int c = 0; c < 13; ++c) row.push_back(q.text(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

io::Table export_items(Registry& reg, const ItemFilter& filter) {
  io::Table t = header_of("catalog", catalog_specs());
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

registry::ImportResult import_demands(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  using Found = registry::ImportRow::Found;
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    // The demand recorded already: the same street, community, day and description.
    if (auto raised = validate::parse_date(r.cell("raised_on")).value) {
      auto q = reg.prepare("SELECT id FROM demand WHERE street = ? AND community = ? AND raised_on = ? AND description = ?");
      q.bind(1, r.cell("street")).bind(2, r.cell("community")).bind(3, *raised).bind(4, r.cell("description"));
      if (r.recorded(first_id(q), "description", trf("the demand '{}' of {} raised on {}", r.cell("description"),
                                                       r.cell("community"), *raised)) != Found::kNew)
        return std::nullopt;
    }
    Demand d{r.cell("street"), r.cell("community"), r.cell("category"), r.cell("description"), r.cell("source"),
             r.cell("raised_on"),  r.cell("persons"),   r.cell("note")};
    std::int64_t id = 0;
    if (!r.attempt([&] { id = add_demand(reg, d); }, "description")) return std::nullopt;
    // Its decisions, as the file says: accepted into the item (when one is named), then
    // answered by the contract, or declined, or closed — each on status_date.
    std::string status;
    if (!r.cell("status").empty()) {
      auto code = vocab::enum_code(demand_statuses(), r.cell("status"));
      if (!code) {
        r.bad("status", trf("'{}' is not one of {}", r.cell("status"), vocab::enum_codes_list(demand_statuses())));
        return std::nullopt;
      }
      status = *code;
    }
    const std::string key = std::to_string(id);
    auto decide = [&](const std::string& to) {
      DemandUpdate u;
      u.status = to;
      u.date = r.cell("status_date");
      if (u.date.empty()) {
        r.bad("status_date", trf("is required for a demand that is {}", status));
        return false;
      }
      if (to == "accepted") {
        const std::string item = r.cell("item");
        const auto slash = item.find('/');
        if (slash == std::string::npos) {
          r.bad("item", trf("'{}' is not YEAR/CODE, like 2015/YL-01", item));
          return false;
        }
        u.item_year = item.substr(0, slash);
        u.item_code = item.substr(slash + 1);
      }
      u.contract = r.cell("contract");
      u.reason = r.cell("reason");
      const char* at = to == "accepted" ? "item" : to == "answered" ? "contract" : "status";
      return r.attempt([&] { update_demand(reg, key, u); }, at, {{"date", "status_date"}});
    };
    if (status == "accepted" || (status == "answered" && !r.cell("item").empty()))
      if (!decide("accepted")) return std::nullopt;
    if (status == "answered" || status == "declined" || status == "closed")
      if (!decide(status)) return std::nullopt;
    if ((status.empty() || status == "open") && !r.cell("item").empty())
      r.bad("item", tr("an open demand is in no catalogue item yet: give the status accepted or answered"));
    return id;
  };
  return registry::import_rows(reg, reader, options, "demand.import", "demand", demand_columns(), one);
}

registry::ImportResult import_items(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  using Found = registry::ImportRow::Found;
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    auto q = reg.prepare("SELECT id FROM catalog_item WHERE year = ? AND code = ?");
    q.bind(1, r.cell("year")).bind(2, r.cell("code"));
    if (r.recorded(first_id(q), "code", trf("item {} of the {} catalogue", r.cell("code"), r.cell("year"))) != Found::kNew)
      return std::nullopt;
    Item item{r.cell("year"), r.cell("code"), r.cell("category"), r.cell("item"), r.cell("description"), r.cell("unit"),
              r.cell("price_guide")};
    if (!r.attempt([&] { add_item(reg, item); }, "code", {{"price", "price_guide"}})) return std::nullopt;
    for (const auto& number : io::split_list(r.cell("contracts")))
      if (!r.attempt([&] { link(reg, number, item.year, item.code); }, "contracts")) return std::nullopt;
    q.reset();
    return first_id(q);
  };
  return registry::import_rows(reg, reader, options, "catalog.import", "catalog item", catalog_columns(), one);
}

}  // namespace kunqu::menu
