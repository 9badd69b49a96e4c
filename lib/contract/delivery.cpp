// Delivery (服务记录), acceptance (验收), assessment (绩效评价), surveys (满意度回访) and closing.
#include <fmt/format.h>

#include <set>
#include <tuple>

#include "contract/contract.h"
#include "contract/internal.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "registry/registry.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::contract {

namespace {

using detail::Contract;
using detail::load;
using detail::shown_column;
using validate::Problems;

// A contract that is being carried out: signed or active. `what` (marked with N_) is what the
// verb does, translated here.
Contract running(Registry& reg, std::string_view number, const char* what) {
  Contract c = load(reg, number);
  if (c.status != "signed" && c.status != "active")
    throw_invalid(trf("contract {} is {}: {} only a signed or active contract", c.number, vocab::said(statuses(), c.status), tr(what)));
  return c;
}

std::optional<std::string> date_in_contract(Problems& p, const char* field, const std::string& text, const Contract& c,
                                            const std::string& now) {
  auto d = p.date(field, text, now);
  if (d && *d < c.signed_on) {
    p.bad(field, trf("{} is before the signing on {}", *d, c.signed_on));
    return std::nullopt;
  }
  return d;
}

// The code `text` names in `s`, '' (and a problem) when none.
std::string code_or(Problems& p, const char* field, const vocab::FieldSpec& s, const std::string& text) {
  return vocab::enum_of(p, field, s, text).value_or("");
}

vocab::FieldSpec build_beneficiaries() {
  return vocab::enum_spec("beneficiary", "服务对象类别",
              {{"advanced_age", {"高龄"}}, {"living_alone", {"独居", "空巢"}}, {"bereaved_parents", {"失独"}},
               {"entitled", {"优抚"}}, {"subsistence", {"低保"}}, {"disabled", {"残疾"}}, {"youth", {"青少年"}}, {"other", {"其他"}}});
}
vocab::FieldSpec build_tiers() { return vocab::enum_spec("tier", "付费方式", {{"free", {"无偿"}}, {"reduced", {"低偿"}}, {"self_paid", {"自费"}}}); }
vocab::FieldSpec build_results() {
  return vocab::enum_spec("result", "验收结果", {{"passed", {"合格", "验收合格"}}, {"passed_with_issues", {"基本合格"}}, {"failed", {"不合格"}}});
}
vocab::FieldSpec build_grades() {
  return vocab::enum_spec("grade", "评价等级", {{"excellent", {"优秀"}}, {"good", {"良好"}}, {"pass", {"合格"}}, {"fail", {"不合格"}}});
}
vocab::FieldSpec build_methods() {
  return vocab::enum_spec("method", "回访方式", {{"phone", {"电话回访", "电话"}}, {"visit", {"入户回访", "上门"}}, {"questionnaire", {"问卷", "问卷调查"}}, {"other", {"其他"}}});
}

}  // namespace

const vocab::FieldSpec& beneficiaries() {
  static const vocab::FieldSpec s = build_beneficiaries();
  return s;
}
const vocab::FieldSpec& tiers() {
  static const vocab::FieldSpec s = build_tiers();
  return s;
}
const vocab::FieldSpec& acceptance_results() {
  static const vocab::FieldSpec s = build_results();
  return s;
}
const vocab::FieldSpec& assessment_grades() {
  static const vocab::FieldSpec s = build_grades();
  return s;
}
const vocab::FieldSpec& survey_methods() {
  static const vocab::FieldSpec s = build_methods();
  return s;
}

std::string rate(std::int64_t satisfied, std::int64_t respondents) {
  if (respondents <= 0) return {};
  // Tenths of a percent, rounded half up, in integers.
  const std::int64_t tenths = (satisfied * 2000 + respondents) / (2 * respondents);
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

std::int64_t deliver(Registry& reg, std::string_view number, const Delivery& d) {
  registry::Transaction tx(reg);
  // A closed contract still takes the report of a period it served before it closed.
  Contract c = load(reg, number);
  if (c.status == "draft") throw_invalid(trf("contract {} is draft: sign it before recording delivery", c.number));
  const std::string now = reg.today();
  Problems p;
  auto from = date_in_contract(p, "from", d.from, c, now);
  auto to = p.date("to", d.to, now);
  if (to && !c.closed_on.empty() && *to > c.closed_on)
    p.bad("to", trf("{} is after contract {} was {} on {}", *to, c.number, vocab::said(statuses(), c.status), c.closed_on));
  if (from && *from < c.starts_on) p.bad("from", trf("{} is before the service period starts ({})", *from, c.starts_on));
  if (to && *to > c.ends_on) p.bad("to", trf("{} is after the service period ends ({})", *to, c.ends_on));
  if (from && to && *to < *from) p.bad("to", trf("{} is before {}", *to, *from));
  auto hours = p.count("hours", d.hours, true);
  auto volunteer = p.count("volunteer-hours", d.volunteer_hours, false);
  auto vouchers = p.count("vouchers", d.vouchers, false);
  std::optional<std::int64_t> voucher_value;
  if (!io::trim(d.voucher_value).empty()) {
    auto m = validate::parse_money(d.voucher_value);
    if (!m || *m.value < 0) p.bad("voucher-value", m ? tr("must not be negative") : m.error, m.hint);
    else voucher_value = m.value;
  }
  struct Served {
    std::string beneficiary, tier;
    std::int64_t times = 0, persons = 0;
  };
  std::vector<Served> served;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& s : d.served) {
    std::string line = s;
    for (std::size_t at; (at = line.find("，")) != std::string::npos;) line.replace(at, 3, ",");  // full-width commas too
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      auto end = line.find(',', start);
      parts.push_back(io::trim(line.substr(start, end == std::string::npos ? std::string::npos : end - start)));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    if (parts.size() != 4) {
      p.bad("served", trf("'{}' is not BENEFICIARY,TIER,PERSON_TIMES,PERSONS (like 高龄,低偿,240,35)", s));
      continue;
    }
    Served x;
    x.beneficiary = code_or(p, "served", beneficiaries(), parts[0]);
    x.tier = code_or(p, "served", tiers(), parts[1]);
    auto t = p.count("served", parts[2], true), n = p.count("served", parts[3], true);
    if (x.beneficiary.empty() || x.tier.empty() || !t || !n) continue;
    if (*n > *t) p.bad("served", trf("'{}': {} persons cannot make {} person-times", s, *n, *t));
    if (!seen.insert({x.beneficiary, x.tier}).second) p.bad("served", trf("{} / {} is given twice", x.beneficiary, x.tier));
    x.times = *t;
    x.persons = *n;
    served.push_back(x);
  }
  if (from && to) {
    auto q = reg.prepare("SELECT period_from, period_to FROM delivery WHERE contract_id = ? AND period_from <= ? AND period_to >= ? LIMIT 1");
    q.bind(1, c.id).bind(2, *to).bind(3, *from);
    if (q.step()) p.bad("from", trf("{} to {} overlaps the delivery recorded for {} to {}", *from, *to, q.text_or(0, ""), q.text_or(1, "")));
  }
  p.raise(tr("nothing was recorded"));
  io::JsonObject detail;
  detail.add("number", c.number).add("from", *from).add("to", *to).add("hours", static_cast<long long>(*hours));
  std::int64_t times = 0, persons = 0;
  for (const auto& x : served) times += x.times, persons += x.persons;
  detail.add("person_times", static_cast<long long>(times)).add("persons", static_cast<long long>(persons));
  std::int64_t audit_id = reg.audit("contract.deliver", c.provider, detail.str());
  auto q = reg.prepare(
      "INSERT INTO delivery (contract_id, period_from, period_to, service_hours, volunteer_hours, vouchers, voucher_value, note, audit_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, c.id).bind(2, *from).bind(3, *to).bind(4, *hours).bind(5, volunteer).bind(6, vouchers).bind(7, voucher_value);
  q.bind(8, io::trimmed_or_null(d.note)).bind(9, audit_id).run();
  const std::int64_t id = reg.last_insert_rowid();
  auto n = reg.prepare("INSERT INTO delivery_count (delivery_id, beneficiary, tier, person_times, persons) VALUES (?, ?, ?, ?, ?)");
  for (const auto& x : served) {
    n.reset();
    n.bind(1, id).bind(2, x.beneficiary).bind(3, x.tier).bind(4, x.times).bind(5, x.persons).run();
  }
  if (c.status == "signed") reg.prepare("UPDATE contract SET status = 'active' WHERE id = ?").bind(1, c.id).run();
  tx.commit();
  return id;
}

void accept(Registry& reg, std::string_view number, const std::string& date, const std::string& result, const std::string& note) {
  registry::Transaction tx(reg);
  Contract c = load(reg, number);
  if (c.status == "draft") throw_invalid(trf("contract {} is a draft: nothing to accept", c.number));
  Problems p;
  auto d = date_in_contract(p, "date", date, c, reg.today());
  std::string r = code_or(p, "result", acceptance_results(), result);
  p.raise(tr("nothing was recorded"));
  io::JsonObject detail;
  detail.add("number", c.number).add("date", *d).add("result", r).add("note", io::trimmed_or_null(note));
  std::int64_t audit_id = reg.audit("contract.accept", c.provider, detail.str());
  reg.prepare("INSERT INTO acceptance (contract_id, date, result, note, audit_id) VALUES (?, ?, ?, ?, ?)")
      .bind(1, c.id).bind(2, *d).bind(3, r).bind(4, io::trimmed_or_null(note)).bind(5, audit_id).run();
  tx.commit();
}

void assess(Registry& reg, std::string_view number, const std::string& date, const std::string& score_text,
            const std::string& grade_text, const std::string& assessor, const std::string& note) {
  registry::Transaction tx(reg);
  Contract c = load(reg, number);
  if (c.status == "draft") throw_invalid(trf("contract {} is a draft: nothing to assess", c.number));
  Problems p;
  auto d = date_in_contract(p, "date", date, c, reg.today());
  std::optional<std::int64_t> score;
  if (!io::trim(score_text).empty()) {
    auto s = validate::parse_count(score_text);
    if (!s || *s.value > 100) p.bad("score", trf("'{}' is not a score from 0 to 100", io::trim(score_text)));
    else score = s.value;
  }
  std::optional<std::string> grade;
  if (!io::trim(grade_text).empty()) {
    std::string g = code_or(p, "grade", assessment_grades(), grade_text);
    if (!g.empty()) grade = g;
  }
  if (io::trim(score_text).empty() && io::trim(grade_text).empty()) p.bad("score", tr("give a score (0-100) or a grade (excellent, good, pass, fail)"));
  if (io::trim(assessor).empty()) p.bad("assessor", tr("is required: who assessed (a third party, the purchaser …)"));
  p.raise(tr("nothing was recorded"));
  io::JsonObject detail;
  detail.add("number", c.number).add("date", *d).add("grade", grade).add("assessor", io::trim(assessor));
  if (score) detail.add("score", static_cast<long long>(*score));
  std::int64_t audit_id = reg.audit("contract.assess", c.provider, detail.str());
  reg.prepare("INSERT INTO assessment (contract_id, date, score, grade, assessor, note, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, c.id).bind(2, *d).bind(3, score).bind(4, grade).bind(5, io::trim(assessor)).bind(6, io::trimmed_or_null(note))
      .bind(7, audit_id).run();
  tx.commit();
}

void survey(Registry& reg, std::string_view number, const std::string& date, const std::string& method,
            const std::string& respondents_text, const std::string& satisfied_text, const std::string& note) {
  registry::Transaction tx(reg);
  Contract c = load(reg, number);
  if (c.status == "draft") throw_invalid(trf("contract {} is a draft: nobody to survey yet", c.number));
  Problems p;
  auto d = date_in_contract(p, "date", date, c, reg.today());
  std::string m = code_or(p, "method", survey_methods(), method);
  auto respondents = p.count("respondents", respondents_text, true);
  auto satisfied = p.count("satisfied", satisfied_text, true);
  if (respondents && *respondents == 0) p.bad("respondents", tr("must be more than 0"));
  if (respondents && satisfied && *satisfied > *respondents)
    p.bad("satisfied", trf("{} satisfied of {} respondents is more than all of them", *satisfied, *respondents));
  p.raise(tr("nothing was recorded"));
  io::JsonObject detail;
  detail.add("number", c.number).add("date", *d).add("method", m).add("respondents", static_cast<long long>(*respondents));
  detail.add("satisfied", static_cast<long long>(*satisfied)).add("rate", rate(*satisfied, *respondents));
  std::int64_t audit_id = reg.audit("contract.survey", c.provider, detail.str());
  reg.prepare("INSERT INTO survey (contract_id, date, method, respondents, satisfied, note, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, c.id).bind(2, *d).bind(3, m).bind(4, *respondents).bind(5, *satisfied).bind(6, io::trimmed_or_null(note))
      .bind(7, audit_id).run();
  tx.commit();
}

void close(Registry& reg, std::string_view number, const std::string& status, const std::string& date, const std::string& reason) {
  registry::Transaction tx(reg);
  // TRANSLATORS: what contract close does, in "contract {} is {}: {} only a signed or active contract".
  Contract c = running(reg, number, N_("closes"));
  Problems p;
  auto d = date_in_contract(p, "date", date, c, reg.today());
  std::string s = io::trim(status);
  if (s != "completed" && s != "terminated") p.bad("as", trf("'{}' is not completed or terminated", s));
  if (s == "terminated" && io::trim(reason).empty()) p.bad("reason", tr("is required: why the contract is terminated"));
  p.raise(tr("nothing was changed"));
  io::JsonObject detail;
  detail.add("number", c.number).add("status", s).add("date", *d).add("reason", io::trimmed_or_null(reason));
  reg.audit("contract.close", c.provider, detail.str());
  reg.prepare("UPDATE contract SET status = ?, closed_on = ?, close_reason = ? WHERE id = ?")
      .bind(1, s).bind(2, *d).bind(3, io::trimmed_or_null(reason)).bind(4, c.id).run();
  tx.commit();
}

io::Table deliveries(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare(
      "SELECT d.period_from, d.period_to, d.service_hours, (SELECT coalesce(sum(n.person_times), 0) FROM delivery_count n "
      "WHERE n.delivery_id = d.id), (SELECT coalesce(sum(n.persons), 0) FROM delivery_count n WHERE n.delivery_id = d.id), "
      "d.volunteer_hours, d.vouchers, d.voucher_value, d.note FROM delivery d WHERE d.contract_id = ? ORDER BY d.period_from");
  q.bind(1, c.id);
  return registry::table_of(q, "delivery",
                            {{"from", io::ColumnType::kDate},
                             {"to", io::ColumnType::kDate},
                             {"hours", io::ColumnType::kInteger},
                             {"person_times", io::ColumnType::kInteger},
                             {"persons", io::ColumnType::kInteger},
                             {"volunteer_hours", io::ColumnType::kInteger},
                             {"vouchers", io::ColumnType::kInteger},
                             {"voucher_value", io::ColumnType::kMoney},
                             {"note"}});
}

io::Table delivered(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare(
      "SELECT c.target_hours, (SELECT coalesce(sum(d.service_hours), 0) FROM delivery d WHERE d.contract_id = c.id), "
      "c.target_person_times, (SELECT coalesce(sum(n.person_times), 0) FROM delivery d JOIN delivery_count n ON n.delivery_id = d.id WHERE d.contract_id = c.id), "
      "c.target_persons, (SELECT coalesce(sum(n.persons), 0) FROM delivery d JOIN delivery_count n ON n.delivery_id = d.id WHERE d.contract_id = c.id), "
      "(SELECT coalesce(sum(s.respondents), 0) FROM survey s WHERE s.contract_id = c.id), "
      "(SELECT coalesce(sum(s.satisfied), 0) FROM survey s WHERE s.contract_id = c.id) FROM contract c WHERE c.id = ?");
  q.bind(1, c.id);
  q.step();
  io::Table t = no_delivery();
  auto share = [](std::optional<std::int64_t> target, std::int64_t got) -> std::optional<std::string> {
    if (!target || *target == 0) return std::nullopt;
    return rate(got, *target);
  };
  const char* names[] = {"service_hours", "person_times", "persons"};
  for (int i = 0; i < 3; ++i)
    t.rows.push_back({std::string(names[i]), q.text(2 * i), std::to_string(*q.integer(2 * i + 1)), share(q.integer(2 * i), *q.integer(2 * i + 1))});
  const std::int64_t respondents = *q.integer(6), satisfied = *q.integer(7);
  t.rows.push_back({std::string("satisfied"), std::to_string(respondents), std::to_string(satisfied),
                    respondents ? std::optional<std::string>(rate(satisfied, respondents)) : std::nullopt});
  return t;
}

io::Table no_delivery() {
  static const vocab::FieldSpec measures = vocab::enum_spec(
      "measure", "指标",
      {{"service_hours", {"服务时长"}}, {"person_times", {"服务人次"}}, {"persons", {"服务人数"}}, {"satisfied", {"满意人数"}}});
  io::Table t;
  t.record_name = "delivered";
  t.columns = {vocab::coded("measure", measures), {"target", io::ColumnType::kInteger}, {"delivered", io::ColumnType::kInteger}, {"share"}};
  return t;
}

io::Table acceptances(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare("SELECT date, result, note FROM acceptance WHERE contract_id = ? ORDER BY date, id");
  q.bind(1, c.id);
  return registry::table_of(q, "acceptance",
                            {shown_column(Kind::kAcceptance, "date", io::ColumnType::kDate),
                             shown_column(Kind::kAcceptance, "result"), shown_column(Kind::kAcceptance, "note")});
}

io::Table assessments(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare("SELECT date, score, grade, assessor, note FROM assessment WHERE contract_id = ? ORDER BY date, id");
  q.bind(1, c.id);
  return registry::table_of(
      q, "assessment",
      {shown_column(Kind::kAssessment, "date", io::ColumnType::kDate),
       shown_column(Kind::kAssessment, "score", io::ColumnType::kInteger), shown_column(Kind::kAssessment, "grade"),
       shown_column(Kind::kAssessment, "assessor"), shown_column(Kind::kAssessment, "note")});
}

io::Table surveys(Registry& reg, std::string_view number) {
  Contract c = load(reg, number);
  auto q = reg.prepare("SELECT date, method, respondents, satisfied, note FROM survey WHERE contract_id = ? ORDER BY date, id");
  q.bind(1, c.id);
  io::Table t;
  t.record_name = "survey";
  t.columns = {shown_column(Kind::kSurvey, "date", io::ColumnType::kDate), shown_column(Kind::kSurvey, "method"),
               shown_column(Kind::kSurvey, "respondents", io::ColumnType::kInteger),
               shown_column(Kind::kSurvey, "satisfied", io::ColumnType::kInteger), {"rate"}, shown_column(Kind::kSurvey, "note")};
  while (q.step())
    t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3), rate(*q.integer(3), *q.integer(2)), q.text(4)});
  return t;
}

}  // namespace kunqu::contract
