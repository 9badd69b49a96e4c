// Demand files: their columns, export, and import through the demand verbs.
#include <fmt/format.h>

#include "demand/demand.h"
#include "i18n/messages.h"
#include "io/records.h"
#include "io/text.h"
#include "org/fields.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::demand {

namespace {

const std::vector<vocab::FileColumn>& columns() {
  static const std::vector<vocab::FileColumn> s = {
      vocab::required({"street", {"街道", "街道（镇）"}}),
      vocab::required({"community", {"社区", "社区（村）"}}),
      vocab::required({"category", {"类别", "需求类别", "服务领域"}, io::ColumnType::kText, &org::fields()[org::kCategory]}),
      vocab::required({"description", {"需求描述", "需求内容", "需求"}}),
      vocab::required({"source", {"来源", "需求来源"}, io::ColumnType::kText, &sources()}),
      vocab::required({"raised_on", {"提出日期", "收集日期"}, io::ColumnType::kDate}),
      {"persons", {"涉及人数", "人数"}, io::ColumnType::kInteger},
      {"status", {"状态", "处理状态"}, io::ColumnType::kText, &statuses()},
      vocab::required_when({"status_date", {"处理日期"}, io::ColumnType::kDate}, N_("with a status other than open")),
      vocab::required_when({"reason", {"原因", "不予采纳原因"}}, N_("for a demand declined")),
      vocab::required_when({"item", {"目录项目", "纳入目录"}}, N_("for a demand accepted (YEAR/CODE, like 2015/YL-01)")),
      vocab::required_when({"contract", {"合同编号", "承接合同"}}, N_("for a demand answered")),
      {"note", {"备注"}},
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

io::Table export_demands(Registry& reg, const Filter& filter) {
  io::Table t = vocab::file_table("demand", columns());
  auto q = reg.prepare(
      "SELECT d.street, d.community, d.category, d.description, d.source, d.raised_on, d.persons, d.status, d.status_date, d.reason, "
      "(SELECT i.year || '/' || i.code FROM catalog_item i WHERE i.id = d.catalog_item_id), "
      "(SELECT c.number FROM contract c WHERE c.id = d.contract_id), d.note FROM demand d WHERE d.id = ?");
  for (const auto& listed : list(reg, filter).rows) {
    q.reset();
    q.bind(1, *listed[0]);
    if (!q.step()) continue;
    io::Row row;
    for (int c = 0; c < 13; ++c) row.push_back(q.text(c));
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
      if (r.recorded(registry::first_id(q), "description", trf("the demand '{}' of {} raised on {}", r.cell("description"),
                                                       r.cell("community"), *raised)) != Found::kNew)
        return std::nullopt;
    }
    Demand d{r.cell("street"), r.cell("community"), r.cell("category"), r.cell("description"), r.cell("source"),
             r.cell("raised_on"),  r.cell("persons"),   r.cell("note")};
    std::int64_t id = 0;
    if (!r.attempt([&] { id = add(reg, d); }, "description")) return std::nullopt;
    // Its decisions, as the file says: accepted into the item (when one is named), then
    // answered by the contract, or declined, or closed — each on status_date.
    std::string status;
    if (!r.cell("status").empty()) {
      auto code = vocab::enum_code(statuses(), r.cell("status"));
      if (!code) {
        r.bad("status", trf("'{}' is not one of {}", r.cell("status"), vocab::enum_codes_list(statuses())));
        return std::nullopt;
      }
      status = *code;
    }
    const std::string key = std::to_string(id);
    auto decide = [&](const std::string& to) {
      Update u;
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
      return r.attempt([&] { update(reg, key, u); }, at, {{"date", "status_date"}});
    };
    if (status == "accepted" || (status == "answered" && !r.cell("item").empty()))
      if (!decide("accepted")) return std::nullopt;
    if (status == "answered" || status == "declined" || status == "closed")
      if (!decide(status)) return std::nullopt;
    if ((status.empty() || status == "open") && !r.cell("item").empty())
      r.bad("item", tr("an open demand is in no catalogue item yet: give the status accepted or answered"));
    return id;
  };
  return registry::import_rows(reg, reader, options, "demand.import", "demand", file_columns(), one);
}

}  // namespace kunqu::demand
