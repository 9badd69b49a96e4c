// Contract files: the columns of each kind, export, and import through the verbs' own rules.
#include <fmt/format.h>

#include <functional>
#include <map>
#include <utility>

#include "contract/contract.h"
#include "contract/internal.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/records.h"
#include "io/row_scope.h"
#include "io/text.h"
#include "org/org.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::contract {

namespace {

using io::ColumnType;

using ColSpec = vocab::FileColumn;

struct KindSpec {
  const char* name;
  std::vector<std::string> zh;
  std::vector<ColSpec> cols;
};

const std::vector<KindSpec>& kinds() {
  using vocab::required;
  using vocab::required_when;
  static const ColSpec contract_col = required({"contract", {"合同编号", "合同"}});
  static const std::vector<KindSpec> specs = {
      {"contract",
       {"合同"},
       {required({"number", {"合同编号", "编号"}}),
        required({"title", {"项目名称", "合同名称"}}),
        required({"purchaser", {"购买主体", "采购单位", "购买方"}}),
        required_when({"provider", {"承接主体", "承接组织", "统一社会信用代码"}}, N_("unless a company provides")),
        {"provider_name", {"承接主体名称", "承接组织名称"}},
        required_when({"company", {"承接企业", "企业名称"}}, N_("when a company provides, not an org")),
        required_when({"company_code", {"企业信用代码", "企业统一社会信用代码"}}, N_("with a company")),
        {"company_check_on", {"企业信用核查日期"}, ColumnType::kDate},
        {"company_check", {"企业信用核查结果"}},
        required({"field", {"服务领域", "领域"}, ColumnType::kText, &org::fields()[org::kCategory]}),
        {"items", {"服务事项", "服务内容"}},
        required({"amount", {"合同金额", "金额"}, ColumnType::kMoney}),
        {"allocations", {"年度安排", "分年度金额"}},
        required({"method", {"采购方式"}, ColumnType::kText, &methods()}),
        required({"funding", {"资金来源"}, ColumnType::kText, &fundings()}),
        required({"starts_on", {"服务开始日期", "开始日期"}, ColumnType::kDate}),
        required({"ends_on", {"服务结束日期", "结束日期"}, ColumnType::kDate}),
        {"target_persons", {"目标人数"}, ColumnType::kInteger},
        {"target_person_times", {"目标人次"}, ColumnType::kInteger},
        {"target_hours", {"目标服务时长"}, ColumnType::kInteger},
        {"target_performance", {"绩效目标"}},
        {"notes", {"备注"}},
        required_when({"status", {"合同状态", "状态"}, ColumnType::kText, &statuses()}, N_("with a closed_on")),
        required_when({"signed_on", {"签订日期"}, ColumnType::kDate}, N_("for a contract signed, active or closed")),
        required_when({"closed_on", {"完结日期", "终止日期"}, ColumnType::kDate}, N_("for a contract completed or terminated")),
        {"close_reason", {"终止原因"}}}},
      {"payment",
       {"拨付", "付款"},
       {contract_col,
        {"id", {"付款序号", "序号"}, ColumnType::kInteger},
        required({"date", {"拨付日期", "日期"}, ColumnType::kDate}),
        required_when({"amount", {"拨付金额", "金额"}, ColumnType::kMoney}, N_("unless the row reverses a payment")),
        {"budget_year", {"预算年度"}, ColumnType::kInteger},
        {"milestone", {"拨付节点", "节点"}},
        {"reverses", {"冲销序号", "冲销"}, ColumnType::kInteger},
        {"note", {"备注"}}}},
      {"delivery",
       {"服务记录"},
       {contract_col,
        required({"from", {"开始日期", "起"}, ColumnType::kDate}),
        required({"to", {"结束日期", "止"}, ColumnType::kDate}),
        required({"hours", {"服务时长", "服务小时"}, ColumnType::kInteger}),
        {"served", {"服务对象", "服务人次人数"}},
        {"volunteer_hours", {"志愿服务时长"}, ColumnType::kInteger},
        {"vouchers", {"服务券", "服务券张数"}, ColumnType::kInteger},
        {"voucher_value", {"服务券金额"}, ColumnType::kMoney},
        {"note", {"备注"}}}},
      {"acceptance",
       {"验收"},
       {contract_col,
        required({"date", {"验收日期", "日期"}, ColumnType::kDate}),
        required({"result", {"验收结果", "结果"}, ColumnType::kText, &acceptance_results()}),
        {"note", {"备注"}}}},
      {"assessment",
       {"绩效评价", "评估"},
       {contract_col,
        required({"date", {"评价日期", "日期"}, ColumnType::kDate}),
        required_when({"score", {"得分", "分数"}, ColumnType::kInteger}, N_("without a grade")),
        required_when({"grade", {"等级", "评价等级"}, ColumnType::kText, &assessment_grades()}, N_("without a score")),
        required({"assessor", {"评价机构", "评估机构"}}),
        {"note", {"备注"}}}},
      {"survey",
       {"满意度回访", "回访"},
       {contract_col,
        required({"date", {"回访日期", "日期"}, ColumnType::kDate}),
        required({"method", {"回访方式", "方式"}, ColumnType::kText, &survey_methods()}),
        required({"respondents", {"回访人数", "受访人数"}, ColumnType::kInteger}),
        required({"satisfied", {"满意人数"}, ColumnType::kInteger}),
        {"note", {"备注"}}}},
  };
  return specs;
}

const KindSpec& spec_of(Kind k) { return kinds()[static_cast<std::size_t>(k)]; }

std::optional<std::size_t> index_of(const KindSpec& s, std::string_view name) {
  for (std::size_t i = 0; i < s.cols.size(); ++i)
    if (name == s.cols[i].name) return i;
  return std::nullopt;
}

// The columns of a contract row that go into the draft as they are.
const std::pair<const char*, std::string Draft::*> kDraftCells[] = {
    {"title", &Draft::title},
    {"purchaser", &Draft::purchaser},
    {"provider", &Draft::provider},
    {"company", &Draft::company},
    {"company_code", &Draft::company_code},
    {"company_check_on", &Draft::company_check_on},
    {"company_check", &Draft::company_check},
    {"field", &Draft::field},
    {"amount", &Draft::amount},
    {"method", &Draft::method},
    {"funding", &Draft::funding},
    {"starts_on", &Draft::starts_on},
    {"ends_on", &Draft::ends_on},
    {"target_persons", &Draft::target_persons},
    {"target_person_times", &Draft::target_person_times},
    {"target_hours", &Draft::target_hours},
    {"target_performance", &Draft::target_performance},
    {"notes", &Draft::notes},
};

}  // namespace

std::optional<Kind> parse_kind(std::string_view text) {
  std::string t = io::to_lower_ascii(io::trim(text));
  for (std::size_t i = 0; i < kinds().size(); ++i) {
    if (t == kinds()[i].name || t == std::string(kinds()[i].name) + "s") return static_cast<Kind>(i);
    for (const auto& z : kinds()[i].zh)
      if (t == z) return static_cast<Kind>(i);
  }
  if (t == "deliveries") return Kind::kDelivery;
  return std::nullopt;
}

const char* kind_name(Kind kind) { return spec_of(kind).name; }

const std::vector<std::string>& file_columns(Kind kind) {
  static const std::vector<std::vector<std::string>> names = [] {
    std::vector<std::vector<std::string>> all;
    for (const auto& k : kinds()) {
      all.emplace_back();
      all.back() = vocab::names_of(k.cols);
    }
    return all;
  }();
  return names[static_cast<std::size_t>(kind)];
}

std::optional<std::size_t> resolve_header(Kind kind, std::string_view header) {
  return vocab::resolve_header(spec_of(kind).cols, header);
}

const std::vector<vocab::FileColumn>& import_columns(Kind kind) { return spec_of(kind).cols; }
std::string header_zh(Kind kind, std::string_view name) { return vocab::chinese_header(spec_of(kind).cols, name); }

// ---- export ----

namespace detail {

io::Column shown_column(Kind kind, const char* name, io::ColumnType type) {
  const KindSpec& spec = spec_of(kind);
  if (auto* c = vocab::find_column(spec.cols, name)) return vocab::file_column(name, type, c->aliases, c->codes);
  return {name, type};
}

}  // namespace detail

io::Table export_records(Registry& reg, Kind kind, const Filter& filter) {
  const KindSpec& spec = spec_of(kind);
  io::Table t;
  t.record_name = spec.name;
  for (const auto& c : spec.cols) t.columns.push_back(vocab::file_column(c.name, c.type, c.aliases, c.codes));
  // Each kind's columns in order, for one contract; money columns are integer fen.
  std::string sql;
  switch (kind) {
    case Kind::kContract:
      sql =
          "SELECT c.number, c.title, c.purchaser, (SELECT coalesce(o.credit_code, o.filing_no, printf('K%07d', o.id)) FROM org o "
          "WHERE o.id = c.provider_org_id), (SELECT o.name FROM org o WHERE o.id = c.provider_org_id), c.company_name, "
          "c.company_code, c.company_check_on, c.company_check, c.field, replace(c.items, char(10), '; '), c.amount, NULL, "
          "c.method, c.funding, c.starts_on, c.ends_on, c.target_persons, c.target_person_times, c.target_hours, "
          "c.target_performance, c.notes, c.status, c.signed_on, c.closed_on, c.close_reason, c.id FROM contract c WHERE c.number = ?";
      break;
    case Kind::kPayment:
      sql = "SELECT c.number, p.id, p.date, p.amount, p.budget_year, p.milestone, p.reverses, p.note FROM payment p JOIN contract c ON "
            "c.id = p.contract_id WHERE c.number = ? ORDER BY p.date, p.id";
      break;
    case Kind::kDelivery:
      sql = "SELECT c.number, d.period_from, d.period_to, d.service_hours, NULL, d.volunteer_hours, d.vouchers, "
            "d.voucher_value, d.note, d.id FROM delivery d JOIN contract c ON c.id = d.contract_id WHERE c.number = ? "
            "ORDER BY d.period_from";
      break;
    case Kind::kAcceptance:
      sql = "SELECT c.number, a.date, a.result, a.note FROM acceptance a JOIN contract c ON c.id = a.contract_id "
            "WHERE c.number = ? ORDER BY a.date, a.id";
      break;
    case Kind::kAssessment:
      sql = "SELECT c.number, a.date, a.score, a.grade, a.assessor, a.note FROM assessment a JOIN contract c ON "
            "c.id = a.contract_id WHERE c.number = ? ORDER BY a.date, a.id";
      break;
    case Kind::kSurvey:
      sql = "SELECT c.number, s.date, s.method, s.respondents, s.satisfied, s.note FROM survey s JOIN contract c ON "
            "c.id = s.contract_id WHERE c.number = ? ORDER BY s.date, s.id";
      break;
  }
  auto q = reg.prepare(sql);
  auto years = reg.prepare("SELECT year, amount FROM contract_year WHERE contract_id = ? ORDER BY year");
  auto served = reg.prepare(
      "SELECT beneficiary, tier, person_times, persons FROM delivery_count WHERE delivery_id = ? ORDER BY rowid");
  const std::size_t n = spec.cols.size();
  for (const auto& contract : list(reg, filter).rows) {
    q.reset();
    q.bind(1, *contract[0]);
    while (q.step()) {
      io::Row row;
      for (std::size_t i = 0; i < n; ++i) {
        const int at = static_cast<int>(i);
        if (spec.cols[i].type == ColumnType::kMoney && q.integer(at)) row.push_back(validate::format_money(*q.integer(at)));
        else row.push_back(q.text(at));
      }
      if (kind == Kind::kContract) {
        std::string text;
        years.reset();
        years.bind(1, *q.integer(static_cast<int>(n)));
        while (years.step())
          text += fmt::format("{}{}={}", text.empty() ? "" : "; ", *years.integer(0), validate::format_money(*years.integer(1)));
        row[*index_of(spec, "allocations")] = text;
      }
      if (kind == Kind::kDelivery) {
        std::string text;
        served.reset();
        served.bind(1, *q.integer(static_cast<int>(n)));
        while (served.step())
          text += fmt::format("{}{},{},{},{}", text.empty() ? "" : "; ", served.text_or(0, ""), served.text_or(1, ""),
                              *served.integer(2), *served.integer(3));
        if (!text.empty()) row[*index_of(spec, "served")] = text;
      }
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

// ---- import ----

ImportResult import(Registry& reg, Kind kind, io::RecordReader& reader, const ImportOptions& options) {
  const KindSpec& spec = spec_of(kind);
  std::map<std::string, std::int64_t> file_ids;  // payments: the file's id → the registry's
  std::map<std::string, int> file_id_line;
  std::map<std::string, std::vector<std::pair<int, std::string>>> alike;  // payments: key → (line, id) of rows
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    using Found = registry::ImportRow::Found;
    std::optional<std::int64_t> added;
    Found found = Found::kNew;
    std::optional<detail::Contract> c;
    const std::string number = r.cell(kind == Kind::kContract ? "number" : "contract");
    if (kind != Kind::kContract) {
      if (number.empty()) r.bad("contract", tr("is required (the contract number)"));
      else r.attempt([&] { c = detail::load(reg, number); }, "contract");
      if (!c) return std::nullopt;
    }
    auto date_cell = [&](const char* column) { return validate::parse_date(r.cell(column)).value; };

      switch (kind) {
        case Kind::kContract: {
          auto find = [&] {
            auto q = reg.prepare("SELECT id FROM contract WHERE number = ?");
            q.bind(1, number);
            return first_id(q);
          };
          if (!number.empty()) found = r.recorded(find(), "number", trf("contract {}", number));
          if (found != Found::kNew) break;
          Draft d;
          d.number = number;
          for (const auto& [column, member] : kDraftCells) d.*member = r.cell(column);
          d.items = io::split_list(r.cell("items"));
          d.allocations = io::split_list(r.cell("allocations"));
          if (!d.provider.empty() && !r.cell("provider_name").empty()) {
            try {
              org::Org o = org::find(reg, d.provider);
              if (o[org::kName].value_or("") != r.cell("provider_name"))
                r.bad("provider_name", trf("'{}' is not the name of {}", r.cell("provider_name"), org::label(o)));
            } catch (const Error&) {
              // add() names an unknown provider
            }
          }
          const std::string signed_on = r.cell("signed_on"), closed_on = r.cell("closed_on");
          std::string status;
          if (r.cell("status").empty()) {
            if (!closed_on.empty()) r.bad("status", tr("is required with closed_on: completed or terminated"));
            status = signed_on.empty() ? "draft" : "signed";
          } else if (auto s = vocab::enum_code(statuses(), r.cell("status"))) {
            status = *s;
          } else {
            r.bad("status", trf("'{}' is not one of {}", r.cell("status"), vocab::enum_codes_list(statuses())));
          }
          const bool closed = status == "completed" || status == "terminated";
          if (status == "draft" && !signed_on.empty()) r.bad("signed_on", tr("a draft is not signed: leave it empty or give the status"));
          if (!status.empty() && status != "draft" && signed_on.empty())
            r.bad("signed_on", trf("is required for a contract that is {}", vocab::said(statuses(), status)));
          if (!closed && !closed_on.empty()) r.bad("closed_on", tr("only a completed or terminated contract is closed"));
          if (closed && closed_on.empty()) r.bad("closed_on", trf("is required for a contract that is {}", vocab::said(statuses(), status)));
          std::int64_t id = 0;
          if (!r.attempt([&] { id = add(reg, d); }, "number", {{"allocate", "allocations"}}) || r.problems()) break;
          if (status != "draft" && !r.attempt([&] { sign(reg, number, signed_on); }, "signed_on", {{"date", "signed_on"}})) break;
          if (status == "active") reg.prepare("UPDATE contract SET status = 'active' WHERE id = ?").bind(1, id).run();
          if (closed && !r.attempt([&] { close(reg, number, status, closed_on, r.cell("close_reason")); }, "closed_on",
                                   {{"date", "closed_on"}, {"as", "status"}, {"reason", "close_reason"}}))
            break;
          added = id;
          break;
        }
        case Kind::kPayment: {
          const std::string file_id = r.cell("id");
          if (!file_id.empty() && file_id_line.count(file_id))
            r.bad("id", trf("payment {} is given on line {} already", file_id, file_id_line[file_id]));
          else if (!file_id.empty())
            file_id_line[file_id] = r.line();
          Payment p{r.cell("date"), r.cell("amount"), r.cell("milestone"), r.cell("note"), r.cell("reverses"),
                    r.cell("budget_year")};
          std::optional<std::int64_t> amount, reverses;
          if (!p.reverses.empty()) {
            // A reversal names the payment it undoes: by the id of an earlier row of this file, else
            // by the registry's id.
            if (auto at = file_id_line.find(p.reverses); at != file_id_line.end() && at->second != r.line()) {
              auto f = file_ids.find(p.reverses);
              if (f == file_ids.end()) {
                r.bad("reverses", trf("undoes the payment of line {}, which is not imported", at->second));
                break;
              }
              p.reverses = std::to_string(f->second);
            }
            std::string given = p.amount;
            p.amount.clear();  // pay() takes the amount from the payment reversed
            if (auto n = validate::parse_count(p.reverses)) {
              auto q = reg.prepare("SELECT amount FROM payment WHERE id = ? AND contract_id = ?");
              q.bind(1, *n.value).bind(2, c->id);
              if (q.step()) {
                amount = -*q.integer(0);
                reverses = n.value;
                if (!given.empty() && given[0] == '-') given.erase(0, 1);
                auto m = validate::parse_money(given);
                if (!given.empty() && (!m || -*m.value != *amount))
                  r.bad("amount", trf("a reversal undoes all of payment {}: its amount is {}", *n.value,
                                      validate::format_money(*amount)));
              }
            }
          } else if (auto m = validate::parse_money(p.amount)) {
            amount = m.value;
          }
          if (auto date = date_cell("date"); date && amount) {
            // Two payments alike (the same day, amount and milestone) are two payments when the
            // file gives them ids of their own: the n-th such row is the n-th such payment.
            const std::string key = fmt::format("{}|{}|{}|{}|{}", c->id, *date, *amount, p.milestone, reverses.value_or(0));
            auto& earlier = alike[key];
            if (!earlier.empty() && (file_id.empty() || earlier.back().second.empty())) {
              r.bad("date", trf("repeats line {} of this file (the payment of {} on {} to contract {})", earlier.back().first,
                                detail::yuan(*amount), *date, c->number),
                    tr("give each row its own id when they are two payments"));
              break;
            }
            auto q = reg.prepare(
                "SELECT id FROM payment WHERE contract_id = ? AND date = ? AND amount = ? AND coalesce(milestone, '') = ? "
                "AND coalesce(reverses, 0) = ? ORDER BY id");
            q.bind(1, c->id).bind(2, *date).bind(3, *amount).bind(4, p.milestone).bind(5, reverses.value_or(0));
            std::vector<std::int64_t> recorded_before;  // alike payments not added by this file
            while (q.step())
              if (!r.added_by_file(*q.integer(0))) recorded_before.push_back(*q.integer(0));
            const std::size_t nth = earlier.size();
            earlier.emplace_back(r.line(), file_id);
            if (nth < recorded_before.size()) {
              found = r.recorded(recorded_before[nth], "date",
                               trf("the payment of {} on {} to contract {}", detail::yuan(*amount), *date, c->number));
              if (found == Found::kSkipped && !file_id.empty()) file_ids[file_id] = recorded_before[nth];
            }
          }
          if (found != Found::kNew) break;
          std::int64_t id = 0;
          if (r.attempt([&] { id = pay(reg, c->number, p); }, "amount", {{"year", "budget_year"}}) && !r.problems()) {
            added = id;
            if (!file_id.empty()) file_ids[file_id] = id;
          }
          break;
        }
        case Kind::kDelivery: {
          auto from = date_cell("from"), to = date_cell("to");
          if (from && to) {
            auto q = reg.prepare("SELECT id FROM delivery WHERE contract_id = ? AND period_from = ? AND period_to = ?");
            q.bind(1, c->id).bind(2, *from).bind(3, *to);
            found = r.recorded(first_id(q), "from", trf("the delivery of contract {} for {} to {}", c->number, *from, *to));
          }
          if (found != Found::kNew) break;
          Delivery d{r.cell("from"), r.cell("to"), r.cell("hours"), r.cell("volunteer_hours"), r.cell("vouchers"),
                     r.cell("voucher_value"), io::split_list(r.cell("served")), r.cell("note")};
          std::int64_t id = 0;
          if (r.attempt([&] { id = deliver(reg, c->number, d); }, "from")) added = id;
          break;
        }
        case Kind::kAcceptance:
        case Kind::kAssessment:
        case Kind::kSurvey: {
          // These are the same record when the contract, the date and the third column agree.
          const char* third = kind == Kind::kAcceptance ? "result" : kind == Kind::kAssessment ? "assessor" : "method";
          const vocab::FieldSpec* codes = kind == Kind::kAcceptance ? &acceptance_results()
                                        : kind == Kind::kSurvey   ? &survey_methods()
                                                                  : nullptr;
          const std::string table = spec.name;
          auto find = [&]() -> std::optional<std::int64_t> {
            auto date = date_cell("date");
            std::optional<std::string> value = r.cell(third);
            if (codes) value = vocab::enum_code(*codes, *value);
            if (!date || !value) return std::nullopt;
            auto q = reg.prepare(fmt::format("SELECT id FROM {} WHERE contract_id = ? AND date = ? AND {} = ?", table, third));
            q.bind(1, c->id).bind(2, *date).bind(3, *value);
            return first_id(q);
          };
          const std::string what =
              kind == Kind::kAcceptance   ? trf("the acceptance of contract {} on {} ({})", c->number, r.cell("date"), r.cell(third))
              : kind == Kind::kAssessment ? trf("the assessment of contract {} on {} ({})", c->number, r.cell("date"), r.cell(third))
                                          : trf("the survey of contract {} on {} ({})", c->number, r.cell("date"), r.cell(third));
          found = r.recorded(find(), "date", what);
          if (found != Found::kNew) break;
          bool ok = false;
          if (kind == Kind::kAcceptance)
            ok = r.attempt([&] { accept(reg, c->number, r.cell("date"), r.cell("result"), r.cell("note")); }, "date");
          else if (kind == Kind::kAssessment)
            ok = r.attempt([&] { assess(reg, c->number, r.cell("date"), r.cell("score"), r.cell("grade"), r.cell("assessor"), r.cell("note")); },
                           "date");
          else
            ok = r.attempt([&] { survey(reg, c->number, r.cell("date"), r.cell("method"), r.cell("respondents"), r.cell("satisfied"), r.cell("note")); },
                           "date");
          if (ok) added = find();
          break;
        }
      }
    return added;
  };
  return registry::import_rows(reg, reader, options, "contract.import", spec.name, file_columns(kind), one);
}

}  // namespace kunqu::contract
