// Purchase of services (政府购买服务): budgets per year — per purchaser and field when given —
// changed only by recorded adjustments; contracts drafted, signed against the provider's
// eligibility and the budgets, amended within 10% of the original amount, and paid in
// instalments never above the amount (a mistaken payment is reversed, never deleted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"
#include "org/fields.h"
#include "registry/import_rows.h"
#include "vocab/vocab.h"

namespace kunqu::registry {
class Registry;
}
namespace kunqu::io {
class RecordReader;
}

namespace kunqu::contract {

using registry::Registry;

const vocab::FieldSpec& methods();  // procurement methods (公开招标 …)
const vocab::FieldSpec& fundings();  // funding sources (一般公共预算 …)
const vocab::FieldSpec& statuses();  // draft, signed, active, completed, terminated
// The kind of a contract's supplier, from its credit code: social_org 社会组织 (an org of the
// registry; codes of authority 5 recorded before they were refused as companies), company 企业
// (authority 9, market regulation), government_body 机关 (11), public_institution 事业单位 (12),
// mass_organization 群众团体 (13), other 其他 bodies (the other authorities and types).
const vocab::FieldSpec& supplier_kinds();
// The supplier kind of the contract `c` as an SQL expression.
const char* supplier_kind_sql();

// ---- budgets ----
struct BudgetLine {
  std::string year;
  std::string purchaser;  // '' = every purchaser
  std::string field;      // '' = every field
};
// Sets a year's budget (of a purchaser, of a field, when given). Refused when that line is
// set already: a budget changes only by adjust_budget.
void set_budget(Registry& reg, const BudgetLine& line, const std::string& amount);
// Changes a budget line by `change` yuan (+ or −), with the date, document number and reason.
// Refused when the budget would fall below what is committed against it.
void adjust_budget(Registry& reg, const BudgetLine& line, const std::string& change, const std::string& date,
                   const std::string& document, const std::string& reason);
// Every budget line (of `year`, when given): budget, adjustments, committed, paid, left.
io::Table budgets(Registry& reg, const std::optional<std::string>& year);

// ---- contracts ----
struct Draft {
  std::string number, title, purchaser;
  std::string provider;  // an org: key, credit code or filing number
  std::string company, company_code, company_check_on, company_check;  // or a company
  std::string field;
  std::vector<std::string> items;
  std::string amount, method, funding, starts_on, ends_on;
  std::vector<std::string> allocations;  // "YEAR=AMOUNT"; default: all in the one year of the period
  std::string target_persons, target_person_times, target_hours, target_performance, notes;
};
// A contract as other records name it, by its number (kNotFound when there is none).
struct Ref {
  std::int64_t id = 0;
  std::string number, status, signed_on;
};
Ref find(Registry& reg, std::string_view number);

// Records a draft contract; returns its id. Every problem at once (kInvalidData).
std::int64_t add(Registry& reg, const Draft& draft);

// Signs the draft `number` on `date`: the provider must be eligible that day (the README's Rules kept)
// and each year's allocation must fit every budget line that covers it. Refusals name the
// rule and the figures.
void sign(Registry& reg, std::string_view number, const std::string& date);

struct Amendment {
  std::string date, reason;
  std::string amount;                   // the new total, when it changes
  std::string ends_on;                  // the new end of the period, when it changes
  std::vector<std::string> items;       // new service items, when they change
  std::vector<std::string> allocations;  // "YEAR=AMOUNT" — required when the amount changes
};
void amend(Registry& reg, std::string_view number, const Amendment& a);

// A payment is charged to a budget year of the contract's allocations: `year` when given, else
// the allocation of the payment's own year, else the earliest with money left; one larger than
// what its year has left is refused (split it). A reversal is charged where the payment was.
struct Payment {
  std::string date, amount, milestone, note;
  std::string reverses;  // a payment id: this entry undoes it (amount: the negative of it)
  std::string year;      // the budget year charged
};
std::int64_t pay(Registry& reg, std::string_view number, const Payment& p);

// ---- delivery and its judgement (delivery.cpp) ----
const vocab::FieldSpec& beneficiaries();  // 高龄, 独居, 失独, 优抚, 低保, 残疾, 青少年, 其他
const vocab::FieldSpec& tiers();          // 无偿, 低偿, 自费

struct Delivery {
  std::string from, to;             // the period delivered
  std::string hours;                // service hours
  std::string volunteer_hours, vouchers, voucher_value;
  std::vector<std::string> served;  // "BENEFICIARY,TIER,PERSON_TIMES,PERSONS", e.g. "高龄,低偿,240,35"
  std::string note;
};
// Records one period's delivery of a signed or active contract (it becomes active); counts
// only. Refused when the period lies outside the contract's or overlaps a recorded one.
std::int64_t deliver(Registry& reg, std::string_view number, const Delivery& d);

const vocab::FieldSpec& acceptance_results();  // passed, passed_with_issues, failed
void accept(Registry& reg, std::string_view number, const std::string& date, const std::string& result,
            const std::string& note);
const vocab::FieldSpec& assessment_grades();  // excellent, good, pass, fail
void assess(Registry& reg, std::string_view number, const std::string& date, const std::string& score,
            const std::string& grade, const std::string& assessor, const std::string& note);
const vocab::FieldSpec& survey_methods();  // phone, visit, questionnaire, other
void survey(Registry& reg, std::string_view number, const std::string& date, const std::string& method,
            const std::string& respondents, const std::string& satisfied, const std::string& note);
// Closes a signed or active contract as completed or terminated (a reason is required then).
void close(Registry& reg, std::string_view number, const std::string& status, const std::string& date,
           const std::string& reason);

io::Table deliveries(Registry& reg, std::string_view number);
// Delivery against the targets: hours, person-times, persons, and the satisfaction rate.
io::Table delivered(Registry& reg, std::string_view number);
// The columns of delivered() with no rows: what a demand not answered by a contract shows.
io::Table no_delivery();
io::Table acceptances(Registry& reg, std::string_view number);
io::Table assessments(Registry& reg, std::string_view number);
io::Table surveys(Registry& reg, std::string_view number);
// "99.0%": satisfied of respondents, to one decimal, rounded half up, exact (integers only).
std::string rate(std::int64_t satisfied, std::int64_t respondents);

// One contract as a record, and its lists.
io::Table show(Registry& reg, std::string_view number);
io::Table allocations(Registry& reg, std::string_view number);
io::Table payments(Registry& reg, std::string_view number);
io::Table amendments(Registry& reg, std::string_view number);

struct Filter {
  std::optional<std::string> year, field, status, provider, purchaser, method, funding, signed_since, signed_until;
  std::optional<std::string> paid_below;  // a share: '50%' — contracts paid less than that
  std::optional<std::string> no_delivery_for;  // a span: signed or active, nothing delivered for that long
  std::size_t limit = 0;
};
io::Table list(Registry& reg, const Filter& filter);

// ---- files (transfer.cpp, ocds.cpp) ----
// Contracts and what is recorded on them travel in files of their own kind; a kind's record
// name is its TOML array of tables ([[contract]], [[payment]] …). Export writes exactly the
// columns import reads.
enum class Kind { kContract, kPayment, kDelivery, kAcceptance, kAssessment, kSurvey };
// A kind from its record name (contract, payment, delivery, acceptance, assessment, survey)
// or its Chinese name (合同, 拨付, 服务记录, 验收, 绩效评价, 满意度回访).
std::optional<Kind> parse_kind(std::string_view text);
const char* kind_name(Kind kind);
const std::vector<std::string>& file_columns(Kind kind);
// A column of `kind`'s files from its header (English or the Chinese names staff use).
std::optional<std::size_t> resolve_header(Kind kind, std::string_view header);
// The columns import reads, with the headers it reads them by: what `help columns` lists.
const std::vector<vocab::FileColumn>& import_columns(Kind kind);
// The Chinese header of column `name` of `kind`'s files ('' when it has none).
std::string header_zh(Kind kind, std::string_view name);

// The records of `kind` of the contracts `filter` selects, in the file columns.
io::Table export_records(Registry& reg, Kind kind, const Filter& filter);

using ImportOptions = registry::ImportOptions;
using ImportResult = registry::ImportResult;
// Imports a file of `kind`, all or nothing: every row goes through the rules of its verb
// (a contract row through add, sign and close; a payment row through pay …), and every
// problem of every row is reported with its position (kInvalidData).
ImportResult import(Registry& reg, Kind kind, io::RecordReader& reader, const ImportOptions& options);

// The contracts `filter` selects as an Open Contracting Data Standard 1.1 release package
// (JSON): one release per contract with buyer, supplier (CN-USCI identifiers), award,
// contract value, period, status, items, amendments, milestones (payments, delivery,
// acceptance, assessment, surveys) and payments as implementation transactions.
std::string ocds_release_package(Registry& reg, const Filter& filter, std::size_t* releases = nullptr);

}  // namespace kunqu::contract
