// Contracts as an Open Contracting Data Standard 1.1 release package. Money goes out as
// JSON numbers written from integer fen ("250000.00"), never through a float.
#include <fmt/format.h>

#include "contract/contract.h"
#include "contract/internal.h"
#include "io/json.h"
#include "io/text.h"
#include "org/fields.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::contract {

namespace {

using io::JsonArray;
using io::JsonObject;

std::string value_of(std::int64_t fen) {
  return JsonObject().add_raw("amount", validate::format_money(fen)).add("currency", "CNY").str();
}

// OCDS dates are date-times; kunqu's dates are days in China.
std::string day(const std::string& date) { return date + "T00:00:00+08:00"; }

// The procurementMethod codelist (open, selective, limited, direct) for kunqu's methods.
std::optional<std::string> ocds_method(const std::string& method) {
  if (method == "open_tender") return "open";
  if (method == "invited_tender") return "selective";
  if (method == "competitive_negotiation" || method == "competitive_consultation" || method == "inquiry") return "limited";
  if (method == "single_source") return "direct";
  return std::nullopt;
}

std::string ocds_status(const std::string& status) {
  if (status == "draft") return "pending";
  if (status == "signed" || status == "active") return "active";
  return "terminated";  // completed or terminated: OCDS closes both as terminated
}

std::string zh(const vocab::FieldSpec& spec, const std::string& code) {
  for (const auto& v : spec.values)
    if (v.code == code && !v.labels.empty()) return v.labels.front();
  return code;
}

std::string milestone(const std::string& id, const std::string& title, const char* type, const char* status,
                      const std::string& date, const std::string& description) {
  JsonObject m;
  m.add("id", id).add("title", title).add("type", type).add("status", status).add("dateMet", day(date));
  if (!description.empty()) m.add("description", description);
  return m.str();
}

}  // namespace

std::string ocds_release_package(Registry& reg, const Filter& filter, std::size_t* count) {
  const std::string now = reg.now_utc();
  const std::string prefix = profile::setting(reg, "ocds_prefix");
  std::string publisher = profile::setting(reg, "ocds_publisher");
  if (publisher.empty()) publisher = profile::setting(reg, "district.name");
  if (publisher.empty()) publisher = "kunqu";
  std::string stamp;
  for (char ch : now)
    if (ch != '-' && ch != ':') stamp += ch;

  auto q = reg.prepare(
      "SELECT c.id, c.number, c.title, c.purchaser, o.name, o.credit_code, coalesce(o.filing_no, printf('K%07d', o.id)), "
      "c.company_name, c.company_code, c.field, c.items, c.amount, c.method, c.starts_on, c.ends_on, c.target_performance, "
      "c.status, c.signed_on, c.closed_on, c.close_reason FROM contract c LEFT JOIN org o ON o.id = c.provider_org_id "
      "WHERE c.number = ?");
  auto payments =
      reg.prepare("SELECT id, date, amount, milestone, reverses, budget_year FROM payment WHERE contract_id = ? ORDER BY date, id");
  auto amendments = reg.prepare(
      "SELECT id, date, reason, json_extract(detail, '$.before.amount'), json_extract(detail, '$.after.amount'), "
      "json_extract(detail, '$.before.ends_on'), json_extract(detail, '$.after.ends_on'), "
      "json_extract(detail, '$.before.items') IS NOT json_extract(detail, '$.after.items') "
      "FROM contract_amendment WHERE contract_id = ? ORDER BY date, id");
  auto deliveries = reg.prepare(
      "SELECT d.id, d.period_from, d.period_to, d.service_hours, (SELECT coalesce(sum(n.person_times), 0) FROM delivery_count n "
      "WHERE n.delivery_id = d.id), (SELECT coalesce(sum(n.persons), 0) FROM delivery_count n WHERE n.delivery_id = d.id) "
      "FROM delivery d WHERE d.contract_id = ? ORDER BY d.period_from");
  auto acceptances = reg.prepare("SELECT id, date, result, note FROM acceptance WHERE contract_id = ? ORDER BY date, id");
  auto assessments =
      reg.prepare("SELECT id, date, score, grade, assessor FROM assessment WHERE contract_id = ? ORDER BY date, id");
  auto surveys = reg.prepare("SELECT id, date, method, respondents, satisfied FROM survey WHERE contract_id = ? ORDER BY date, id");

  JsonArray releases;
  for (const auto& listed : list(reg, filter).rows) {
    q.reset();
    q.bind(1, *listed[0]);
    if (!q.step()) continue;
    const std::int64_t id = *q.integer(0);
    const std::string number = q.text_or(1, ""), title = q.text_or(2, ""), purchaser = q.text_or(3, "");
    const std::string status = q.text_or(16, ""), signed_on = q.text_or(17, ""), closed_on = q.text_or(18, "");
    const std::int64_t amount = *q.integer(11);

    // The parties: the purchasing department, and the provider with its credit code.
    const std::string buyer_ref = JsonObject().add("id", purchaser).add("name", purchaser).str();
    const bool company = !q.is_null(7);
    const std::string supplier_name = company ? q.text_or(7, "") : q.text_or(4, "");
    const std::optional<std::string> code = company ? q.text(8) : q.text(5);
    const std::string supplier_id = code ? "CN-USCI-" + *code : "kunqu-" + q.text_or(6, "");
    const std::string supplier_ref = JsonObject().add("id", supplier_id).add("name", supplier_name).str();
    JsonObject supplier;
    supplier.add("id", supplier_id).add("name", supplier_name);
    if (code)
      supplier.add_raw("identifier", JsonObject().add("scheme", "CN-USCI").add("id", *code).add("legalName", supplier_name).str());
    supplier.add_raw("roles", JsonArray().add("supplier").str());
    JsonArray parties;
    parties.add_raw(JsonObject().add("id", purchaser).add("name", purchaser).add_raw("roles", JsonArray().add("buyer").str()).str());
    parties.add_raw(supplier.str());

    JsonObject tender;
    tender.add("id", number).add("title", title).add("status", "complete");
    if (auto m = ocds_method(q.text_or(12, ""))) tender.add("procurementMethod", *m);
    tender.add("procurementMethodDetails", zh(methods(), q.text_or(12, ""))).add("mainProcurementCategory", "services");

    JsonObject award;
    award.add("id", number).add("title", title).add("status", status == "draft" ? "pending" : "active");
    if (!signed_on.empty()) award.add("date", day(signed_on));
    award.add_raw("value", value_of(amount)).add_raw("suppliers", JsonArray().add_raw(supplier_ref).str());

    JsonArray items;
    int item_no = 0;
    const std::string all_items = q.text_or(10, "");  // one item per line
    for (std::size_t start = 0; start < all_items.size();) {
      std::size_t end = all_items.find('\n', start);
      if (end == std::string::npos) end = all_items.size();
      if (std::string item = io::trim(all_items.substr(start, end - start)); !item.empty())
        items.add_raw(JsonObject().add("id", std::to_string(++item_no)).add("description", item).str());
      start = end + 1;
    }

    JsonArray milestones, transactions, amends;
    payments.reset();
    payments.bind(1, id);
    while (payments.step()) {
      const std::int64_t fen = *payments.integer(2);
      const std::string date = payments.text_or(1, ""), pid = payments.text_or(0, "");
      JsonObject t;
      t.add("id", pid).add("date", day(date)).add_raw("value", value_of(fen)).add_raw("payer", buyer_ref).add_raw("payee", supplier_ref);
      // An additional field: the budget year of the contract's allocations the payment is charged to.
      if (auto year = payments.integer(5)) t.add("budgetYear", static_cast<long long>(*year));
      transactions.add_raw(t.str());
      if (fen > 0)
        milestones.add_raw(milestone("payment-" + pid, payments.text_or(3, "拨付"), "financing", "met", date,
                                     fmt::format("拨付 ¥{}", validate::format_money(fen))));
    }
    deliveries.reset();
    deliveries.bind(1, id);
    while (deliveries.step())
      milestones.add_raw(milestone("delivery-" + deliveries.text_or(0, ""),
                                   fmt::format("服务记录 {} 至 {}", deliveries.text_or(1, ""), deliveries.text_or(2, "")),
                                   "delivery", "met", deliveries.text_or(2, ""),
                                   fmt::format("服务 {} 小时，{} 人次，{} 人", *deliveries.integer(3), *deliveries.integer(4),
                                               *deliveries.integer(5))));
    acceptances.reset();
    acceptances.bind(1, id);
    while (acceptances.step()) {
      const std::string result = acceptances.text_or(2, "");
      const char* met = result == "passed" ? "met" : result == "passed_with_issues" ? "partiallyMet" : "notMet";
      std::string note = acceptances.text_or(3, "");
      milestones.add_raw(milestone("acceptance-" + acceptances.text_or(0, ""), "验收", "approval", met, acceptances.text_or(1, ""),
                                   zh(acceptance_results(), result) + (note.empty() ? "" : "：" + note)));
    }
    assessments.reset();
    assessments.bind(1, id);
    while (assessments.step()) {
      const auto score = assessments.integer(2);
      const std::string grade = assessments.text_or(3, "");
      const bool failed = grade == "fail" || (score && *score < 60);
      std::string text;
      if (score) text = fmt::format("得分 {}", *score);
      if (!grade.empty()) text += (text.empty() ? "" : "，") + zh(assessment_grades(), grade);
      text += "，评价机构 " + assessments.text_or(4, "");
      milestones.add_raw(milestone("assessment-" + assessments.text_or(0, ""), "绩效评价", "assessment", failed ? "notMet" : "met",
                                   assessments.text_or(1, ""), text));
    }
    surveys.reset();
    surveys.bind(1, id);
    while (surveys.step())
      milestones.add_raw(milestone("survey-" + surveys.text_or(0, ""), "满意度回访", "assessment", "met", surveys.text_or(1, ""),
                                   fmt::format("{}：回访 {} 人，满意 {} 人，满意率 {}", zh(survey_methods(), surveys.text_or(2, "")),
                                               *surveys.integer(3), *surveys.integer(4),
                                               rate(*surveys.integer(4), *surveys.integer(3)))));
    amendments.reset();
    amendments.bind(1, id);
    while (amendments.step()) {
      std::vector<std::string> changes;
      if (amendments.text(3) != amendments.text(4))
        changes.push_back(fmt::format("金额 ¥{} 改为 ¥{}", amendments.text_or(3, ""), amendments.text_or(4, "")));
      if (amendments.text(5) != amendments.text(6))
        changes.push_back(fmt::format("服务期截至 {} 改为 {}", amendments.text_or(5, ""), amendments.text_or(6, "")));
      if (amendments.integer(7).value_or(0)) changes.push_back("服务事项调整");
      std::string text;
      for (const auto& c : changes) text += (text.empty() ? "" : "；") + c;
      JsonObject a;
      a.add("id", amendments.text_or(0, "")).add("date", day(amendments.text_or(1, ""))).add("rationale", amendments.text_or(2, ""));
      if (!text.empty()) a.add("description", text);
      amends.add_raw(a.str());
    }

    JsonObject contract;
    contract.add("id", number).add("awardID", number).add("title", title);
    if (auto goals = q.text(15)) contract.add("description", *goals);
    contract.add("status", ocds_status(status));
    contract.add_raw("period", JsonObject().add("startDate", day(q.text_or(13, ""))).add("endDate", day(q.text_or(14, ""))).str());
    contract.add_raw("value", value_of(amount));
    if (!items.empty()) contract.add_raw("items", items.str());
    if (!signed_on.empty()) contract.add("dateSigned", day(signed_on));
    if (!amends.empty()) contract.add_raw("amendments", amends.str());
    if (!milestones.empty()) contract.add_raw("milestones", milestones.str());
    if (!transactions.empty()) contract.add_raw("implementation", JsonObject().add_raw("transactions", transactions.str()).str());

    JsonArray tags;
    tags.add("award").add("contract");
    if (!amends.empty()) tags.add("contractAmendment");
    if (!transactions.empty() || !milestones.empty()) tags.add("implementation");
    if (!closed_on.empty()) tags.add("contractTermination");

    JsonObject release;
    release.add("ocid", prefix + "-" + number).add("id", number + "-" + stamp).add("date", now).add_raw("tag", tags.str());
    release.add("initiationType", "tender").add("language", "zh").add_raw("parties", parties.str());
    release.add_raw("buyer", buyer_ref).add_raw("tender", tender.str()).add_raw("awards", JsonArray().add_raw(award.str()).str());
    release.add_raw("contracts", JsonArray().add_raw(contract.str()).str());
    releases.add_raw(release.str());
    if (count) ++*count;
  }
  JsonObject package;
  package.add("uri", fmt::format("urn:kunqu:{}:release-package:{}", prefix, stamp)).add("version", "1.1");
  package.add("publishedDate", now).add_raw("publisher", JsonObject().add("name", publisher).str());
  package.add_raw("releases", releases.str());
  return package.str() + "\n";
}

}  // namespace kunqu::contract
