// The supervision records as files: credit events, annual checks and grades, exported in the
// columns import reads, and imported row by row through the verbs that record them (add_event,
// add_check, set_grade, change_grade), so that a file is held to the rules of the commands.
#include <fmt/format.h>

#include "i18n/messages.h"
#include "org/org.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "supervision/internal.h"
#include "supervision/supervision.h"
#include "vocab/vocab.h"

namespace kunqu::supervision {

namespace {

using Found = registry::ImportRow::Found;
using io::ColumnType;

const std::vector<vocab::FileColumn>& credit_columns() {
  static const std::vector<vocab::FileColumn> s = {
      vocab::required({"org", {"组织", "统一社会信用代码", "备案号", "编号"}}),
      {"org_name", {"组织名称", "名称"}},
      {"id", {"信用信息序号"}, ColumnType::kInteger},
      vocab::required({"kind", {"信用信息类别", "类别"}, ColumnType::kText, &event_kinds()}),
      vocab::required({"date", {"日期", "决定日期"}, ColumnType::kDate}),
      vocab::required_when({"amount", {"罚款金额", "金额"}, ColumnType::kMoney}, N_("for a fine")),
      vocab::required_when({"deadline", {"整改期限"}, ColumnType::kDate}, N_("for an order to rectify")),
      {"authority", {"决定机关"}},
      {"document", {"文号", "决定文号"}},
      {"reason", {"事由", "原因"}},
      {"rule", {"适用规则"}},
      vocab::required_when({"reverses", {"撤回信用信息"}, ColumnType::kInteger}, N_("for a reversal")),
      {"note", {"备注"}},
  };
  return s;
}

const std::vector<vocab::FileColumn>& check_columns() {
  static const std::vector<vocab::FileColumn> s = {
      vocab::required({"org", {"组织", "统一社会信用代码", "编号"}}),
      {"org_name", {"组织名称", "名称"}},
      vocab::required({"year", {"年检年度", "年度"}, ColumnType::kInteger}),
      vocab::required({"result", {"年检结论", "结论"}, ColumnType::kText, &check_results()}),
      vocab::required({"date", {"结论日期", "日期"}, ColumnType::kDate}),
      {"authority", {"登记管理机关", "年检机关"}},
      {"note", {"备注"}},
  };
  return s;
}

const std::vector<vocab::FileColumn>& grade_columns() {
  static const std::vector<vocab::FileColumn> s = {
      vocab::required({"org", {"组织", "统一社会信用代码", "编号"}}),
      {"org_name", {"组织名称", "名称"}},
      vocab::required({"grade", {"评估等级", "等级"}}),
      {"score", {"评估得分", "得分"}, ColumnType::kInteger},
      vocab::required({"date", {"评估日期", "授予日期"}, ColumnType::kDate}),
      {"authority", {"评估机关"}},
      {"document", {"文号", "决定文号"}},
      {"reevaluation", {"复评依据", "重新评估文号"}},
      {"status", {"等级状态", "状态"}, ColumnType::kText, &grade_statuses()},
      vocab::required_when({"lowered_to", {"降至等级"}}, N_("for a grade lowered")),
      vocab::required_when({"changed_on", {"降级或撤销日期", "变更日期"}, ColumnType::kDate}, N_("for a grade lowered or withdrawn")),
      vocab::required_when({"change_reason", {"降级或撤销原因", "变更原因"}}, N_("for a grade lowered or withdrawn")),
  };
  return s;
}

template <const std::vector<vocab::FileColumn>& (*Columns)()>
const std::vector<std::string>& names() {
  static const std::vector<std::string> n = vocab::names_of(Columns());
  return n;
}

}  // namespace

const std::vector<vocab::FileColumn>& credit_import_columns() { return credit_columns(); }
const std::vector<vocab::FileColumn>& check_import_columns() { return check_columns(); }
const std::vector<vocab::FileColumn>& grade_import_columns() { return grade_columns(); }

// ---- credit events ----

const std::vector<std::string>& credit_file_columns() { return names<credit_columns>(); }
std::optional<std::size_t> resolve_credit_header(std::string_view h) { return vocab::resolve_header(credit_columns(), h); }
std::string credit_header_zh(std::string_view name) { return vocab::chinese_header(credit_columns(), name); }

io::Table export_credit(Registry& reg, const org::RecordFilter& filter) {
  return org::record_rows(reg, org::record_where(reg, filter, "e.org_id", "e.date"),
                          "o.name, e.id, e.kind, e.date, e.amount, e.deadline, e.authority, e.document, e.reason, "
                          "e.rule, e.reverses, e.note",
                          "credit_event e JOIN org o ON o.id = e.org_id", "e.date, e.id", "credit_event", credit_columns());
}

registry::ImportResult import_credit(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  registry::FileIds file_ids;
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    if (!file_ids.note(r)) return std::nullopt;
    auto o = org::row_org(reg, r);
    if (!o || r.problems()) return std::nullopt;
    CreditEvent e{r.cell("kind"),   r.cell("date"),   r.cell("authority"), r.cell("document"), r.cell("amount"),
                  r.cell("deadline"), r.cell("reason"), r.cell("rule"),      r.cell("reverses"), r.cell("note")};
    std::optional<std::int64_t> existing;
    if (auto kind = vocab::enum_code(event_kinds(), e.kind); kind == std::optional<std::string>("reversal")) {
      if (!e.reverses.empty()) {
        auto target = file_ids.resolve(r, "reverses");
        if (!target) return std::nullopt;
        e.reverses = std::to_string(*target);
        auto q = reg.prepare("SELECT id FROM credit_event WHERE reverses = ?");
        q.bind(1, *target);
        existing = registry::first_id(q);
      }
    } else if (kind) {
      // The same decision: same org, kind, date and document.
      auto q = reg.prepare("SELECT id FROM credit_event WHERE org_id = ? AND kind = ? AND date = ? AND coalesce(document, '') = ?");
      q.bind(1, o->id).bind(2, *kind).bind(3, e.date).bind(4, e.document);
      existing = registry::first_id(q);
    }
    const auto kind = vocab::enum_code(event_kinds(), e.kind);
    auto found = r.recorded(existing, "date",
                            trf("the {} of {} on {}", kind ? vocab::said(event_kinds(), *kind) : e.kind, org::label(*o), e.date));
    if (found == Found::kSkipped) file_ids.map(r, *existing);
    if (found != Found::kNew) return std::nullopt;
    std::int64_t id = 0;
    if (!r.attempt([&] { id = add_event(reg, *o->values[org::kKey], e); }, "kind")) return std::nullopt;
    file_ids.map(r, id);
    return id;
  };
  return registry::import_rows(reg, reader, options, "credit.import", "credit event", credit_file_columns(), one);
}

// ---- annual checks ----

const std::vector<std::string>& check_file_columns() { return names<check_columns>(); }
std::optional<std::size_t> resolve_check_header(std::string_view h) { return vocab::resolve_header(check_columns(), h); }
std::string check_header_zh(std::string_view name) { return vocab::chinese_header(check_columns(), name); }

io::Table export_checks(Registry& reg, const org::RecordFilter& filter) {
  return org::record_rows(reg, org::record_where(reg, filter, "c.org_id", "c.date"),
                          "o.name, c.year, c.result, c.date, c.authority, c.note",
                          "annual_check c JOIN org o ON o.id = c.org_id", "c.year, c.org_id", "annual_check", check_columns());
}

registry::ImportResult import_checks(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    auto o = org::row_org(reg, r);
    if (!o || r.problems()) return std::nullopt;
    AnnualCheck c{r.cell("year"), r.cell("result"), r.cell("date"), r.cell("authority"), r.cell("note")};
    auto q = reg.prepare("SELECT rowid FROM annual_check WHERE org_id = ? AND year = ?");
    q.bind(1, o->id).bind(2, c.year);
    if (r.recorded(registry::first_id(q), "year", trf("the annual check of {} for {}", org::label(*o), c.year)) != Found::kNew)
      return std::nullopt;
    if (!r.attempt([&] { add_check(reg, *o->values[org::kKey], c); }, "year")) return std::nullopt;
    q.reset();
    return registry::first_id(q);
  };
  return registry::import_rows(reg, reader, options, "annual_check.import", "annual check", check_file_columns(), one);
}

// ---- grades ----

const std::vector<std::string>& grade_file_columns() { return names<grade_columns>(); }
std::optional<std::size_t> resolve_grade_header(std::string_view h) { return vocab::resolve_header(grade_columns(), h); }
std::string grade_header_zh(std::string_view name) { return vocab::chinese_header(grade_columns(), name); }

io::Table export_grades(Registry& reg, const org::RecordFilter& filter) {
  return org::record_rows(reg, org::record_where(reg, filter, "g.org_id", "g.awarded_on"),
                          "o.name, g.awarded_grade || 'A', g.score, g.awarded_on, g.authority, g.document, g.reevaluation, g.status, "
                          "CASE WHEN g.status = 'lowered' THEN g.grade || 'A' END, g.changed_on, g.change_reason",
                          "grade g JOIN org o ON o.id = g.org_id", "g.awarded_on, g.id", "grade", grade_columns());
}

registry::ImportResult import_grades(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    auto o = org::row_org(reg, r);
    std::string status = "valid";
    if (!r.cell("status").empty()) {
      auto s = vocab::enum_code(grade_statuses(), r.cell("status"));
      if (!s) r.bad("status", trf("'{}' is not one of {}", r.cell("status"), vocab::enum_codes_list(grade_statuses())));
      else if (*s != "expired") status = *s;  // expired: its five years are past, as kunqu says of a valid grade
    }
    const bool changed = status == "lowered" || status == "withdrawn";
    if (status == "lowered" && r.cell("lowered_to").empty()) r.bad("lowered_to", tr("is required for a grade lowered"));
    if (status != "lowered" && !r.cell("lowered_to").empty()) r.bad("lowered_to", tr("only a grade lowered has one"));
    for (const char* c : {"changed_on", "change_reason"}) {
      if (changed && r.cell(c).empty()) r.bad(c, trf("is required for a grade {}", vocab::said(grade_statuses(), status)));
      if (!changed && !r.cell(c).empty()) r.bad(c, tr("only a grade lowered or withdrawn has one"));
    }
    if (!o || r.problems()) return std::nullopt;
    auto q = reg.prepare("SELECT id FROM grade WHERE org_id = ? AND awarded_on = ?");
    q.bind(1, o->id).bind(2, r.cell("date"));
    if (r.recorded(registry::first_id(q), "date", trf("the grade of {} awarded on {}", org::label(*o), r.cell("date"))) !=
        Found::kNew)
      return std::nullopt;
    const std::string key = *o->values[org::kKey];
    GradeAward award{r.cell("grade"),     r.cell("score"),    r.cell("date"),
                     r.cell("authority"), r.cell("document"), r.cell("reevaluation")};
    if (!r.attempt([&] { set_grade(reg, key, award); }, "date")) return std::nullopt;
    if (changed) {
      std::optional<std::string> to;
      if (status == "lowered") to = r.cell("lowered_to");
      if (!r.attempt([&] { change_grade(reg, key, to, r.cell("changed_on"), r.cell("change_reason")); }, "changed_on",
                     {{"grade", "lowered_to"}, {"date", "changed_on"}, {"reason", "change_reason"}}))
        return std::nullopt;
    }
    q.reset();
    return registry::first_id(q);
  };
  return registry::import_rows(reg, reader, options, "grade.import", "grade", grade_file_columns(), one);
}

}  // namespace kunqu::supervision
