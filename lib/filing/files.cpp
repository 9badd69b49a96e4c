// The filing reviews file: the yearly reviews hubs gave their groups, exported in the columns
// import reads and imported row by row through review(), each problem at its cell.
#include <fmt/format.h>

#include "filing/filing.h"
#include "i18n/messages.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "vocab/vocab.h"

namespace kunqu::filing {

namespace {

const std::vector<vocab::FileColumn>& columns() {
  static const std::vector<vocab::FileColumn> s = {
      vocab::required({"org", {"组织", "备案号", "编号"}}),
      {"org_name", {"组织名称", "名称"}},
      vocab::required({"date", {"评议日期", "日期"}, io::ColumnType::kDate}),
      vocab::required({"outcome", {"评议结果", "结果"}, io::ColumnType::kText, &outcomes()}),
      {"stars", {"星级"}, io::ColumnType::kInteger},
      {"reviewer", {"评议单位", "评议人"}},
      {"note", {"备注"}},
  };
  return s;
}

}  // namespace

const std::vector<vocab::FileColumn>& review_import_columns() { return columns(); }

const std::vector<std::string>& review_file_columns() {
  static const std::vector<std::string> n = vocab::names_of(columns());
  return n;
}

std::optional<std::size_t> resolve_review_header(std::string_view h) { return vocab::resolve_header(columns(), h); }
std::string review_header_zh(std::string_view name) { return vocab::chinese_header(columns(), name); }

io::Table export_reviews(Registry& reg, const org::RecordFilter& filter) {
  return org::record_rows(reg, org::record_where(reg, filter, "r.org_id", "r.reviewed_on"),
                          "o.name, r.reviewed_on, r.outcome, r.stars, r.reviewer, r.note",
                          "filing_review r JOIN org o ON o.id = r.org_id", "r.reviewed_on, r.id", "filing_review", columns());
}

registry::ImportResult import_reviews(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    auto o = org::row_org(reg, r);
    if (!o || r.problems()) return std::nullopt;
    auto q = reg.prepare("SELECT id FROM filing_review WHERE org_id = ? AND reviewed_on = ?");
    q.bind(1, o->id).bind(2, r.cell("date"));
    if (r.recorded(registry::first_id(q), "date", trf("the review of {} on {}", org::label(*o), r.cell("date"))) !=
        registry::ImportRow::Found::kNew)
      return std::nullopt;
    Review review{r.cell("date"), r.cell("outcome"), std::nullopt, r.cell("reviewer"), r.cell("note")};
    if (!r.cell("stars").empty()) review.stars = r.cell("stars");
    if (!r.attempt([&] { filing::review(reg, *o->values[org::kKey], review); }, "date")) return std::nullopt;
    q.reset();
    return registry::first_id(q);
  };
  return registry::import_rows(reg, reader, options, "filing.review.import", "filing review", review_file_columns(), one);
}

}  // namespace kunqu::filing
