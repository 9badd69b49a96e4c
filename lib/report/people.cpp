// The report in words for people: the codes of its section, metric, dimension and unit columns
// as the message catalogue words them, and each key that is a code by the label of the
// enumeration its dimension counts by.
#include <algorithm>
#include <iterator>
#include <map>

#include "contract/contract.h"
#include "i18n/messages.h"
#include "org/credit_lists.h"
#include "org/fields.h"
#include "report/report.h"
#include "supervision/supervision.h"
#include "vocab/vocab.h"

namespace kunqu::report {

namespace {

// Every code the report writes, marked for xgettext; po/zh_CN.po words them.
const std::vector<const char*>& section_codes() {
  static const std::vector<const char*> c = {
      NC_("section", "orgs"),      NC_("section", "density"), NC_("section", "credit"),  NC_("section", "incubator"),
      NC_("section", "contracts"), NC_("section", "menu"),    NC_("section", "registry")};
  return c;
}

const std::vector<const char*>& metric_codes() {
  static const std::vector<const char*> c = {
      NC_("metric", "orgs"), NC_("metric", "entered"), NC_("metric", "registered"), NC_("metric", "filed"),
      NC_("metric", "upgraded"), NC_("metric", "suspended"), NC_("metric", "revoked"), NC_("metric", "deregistered"),
      NC_("metric", "target"), NC_("metric", "population_year"), NC_("metric", "population_years_behind"),
      NC_("metric", "residents"), NC_("metric", "density_all"), NC_("metric", "density_registered"),
      NC_("metric", "target_reached"), NC_("metric", "listed"), NC_("metric", "events"), NC_("metric", "annual_checks"),
      NC_("metric", "annual_checks_outstanding"), NC_("metric", "grades"), NC_("metric", "grades_expiring"),
      NC_("metric", "in_residence"), NC_("metric", "admitted"), NC_("metric", "graduated"), NC_("metric", "withdrawn"),
      NC_("metric", "orgs_admitted"), NC_("metric", "orgs_graduated"), NC_("metric", "due"), NC_("metric", "in_force"),
      NC_("metric", "in_force_amount"), NC_("metric", "signed"), NC_("metric", "signed_amount"),
      NC_("metric", "signed_fields"), NC_("metric", "paid"), NC_("metric", "budget"), NC_("metric", "budget_committed"),
      NC_("metric", "budget_paid"), NC_("metric", "budget_left"), NC_("metric", "service_hours"),
      NC_("metric", "person_times"), NC_("metric", "persons"), NC_("metric", "volunteer_hours"), NC_("metric", "vouchers"),
      NC_("metric", "acceptances"), NC_("metric", "assessments"), NC_("metric", "respondents"), NC_("metric", "satisfied"),
      NC_("metric", "satisfaction"), NC_("metric", "raised"), NC_("metric", "accepted"), NC_("metric", "answered"),
      NC_("metric", "declined"), NC_("metric", "closed"), NC_("metric", "open"), NC_("metric", "answered_share"),
      NC_("metric", "median_days_to_answer"), NC_("metric", "items"), NC_("metric", "items_without_contract"),
      NC_("metric", "contract_amount"), NC_("metric", "audit_head"), NC_("metric", "target_persons"),
      NC_("metric", "target_person_times"), NC_("metric", "target_hours")};
  return c;
}

const std::vector<const char*>& dimension_codes() {
  static const std::vector<const char*> c = {
      NC_("dimension", "total"),    NC_("dimension", "to_date"),  NC_("dimension", "tier"),
      NC_("dimension", "type"),     NC_("dimension", "registration_authority"),
      NC_("dimension", "level"),    NC_("dimension", "category"), NC_("dimension", "street"),
      NC_("dimension", "hub"),      NC_("dimension", "period"),   NC_("dimension", "district"),
      NC_("dimension", "list"),     NC_("dimension", "kind"),     NC_("dimension", "result"),
      NC_("dimension", "year"),     NC_("dimension", "grade"),    NC_("dimension", "within"),
      NC_("dimension", "site"),     NC_("dimension", "timing"),   NC_("dimension", "field"),
      NC_("dimension", "year_to_date"), NC_("dimension", "line"), NC_("dimension", "end"),
      NC_("dimension", "catalogue"), NC_("dimension", "entry"), NC_("dimension", "supplier_kind")};
  return c;
}

const std::vector<const char*>& unit_codes() {
  static const std::vector<const char*> c = {
      NC_("unit", "orgs"),      NC_("unit", "per_10k"),  NC_("unit", "year"),         NC_("unit", "years"),
      NC_("unit", "residents"), NC_("unit", "percent"),  NC_("unit", "events"),       NC_("unit", "checks"),
      NC_("unit", "grades"),    NC_("unit", "stays"),    NC_("unit", "contracts"),    NC_("unit", "yuan"),
      NC_("unit", "wan_yuan"),  NC_("unit", "fields"),   NC_("unit", "hours"),        NC_("unit", "person_times"),
      NC_("unit", "persons"),   NC_("unit", "vouchers"), NC_("unit", "demands"),      NC_("unit", "items"),
      NC_("unit", "days"),      NC_("unit", "sha256")};
  return c;
}

// Keys that are neither a name nor an enumeration's code: timings, budget lines, credit lists.
const std::vector<const char*>& key_codes() {
  static const std::vector<const char*> c = {NC_("key", "early"), NC_("key", "on_time"), NC_("key", "90d"), NC_("key", "all")};
  return c;
}

// The enumeration whose codes the keys of (section, metric, dimension) are, or none.
const vocab::FieldSpec* codes_of(const std::string& metric, const std::string& dimension) {
  const auto& f = org::fields();
  if (dimension == "tier") return &f[org::kTier];
  if (dimension == "type") return &f[org::kType];
  if (dimension == "registration_authority") return &f[org::kAuthority];
  if (dimension == "level") return &f[org::kLevel];
  if (dimension == "category" || dimension == "field") return &f[org::kCategory];
  if (dimension == "kind") return &supervision::event_kinds();
  if (dimension == "supplier_kind") return &contract::supplier_kinds();
  if (dimension == "list") return &org::list_states();
  if (dimension == "result" && metric == "annual_checks") return &supervision::check_results();
  if (dimension == "result" && metric == "acceptances") return &contract::acceptance_results();
  if (dimension == "grade" && metric == "assessments") return &contract::assessment_grades();
  return nullptr;
}

// A budget line "purchaser / field": 'all' and the field's code in words.
std::string line_label(const std::string& key) {
  const auto slash = key.rfind(" / ");
  if (slash == std::string::npos) return key;
  std::string purchaser = key.substr(0, slash), field = key.substr(slash + 3);
  purchaser = purchaser == "all" ? i18n::label("key", "all") : purchaser;
  field = field == "all" ? i18n::label("key", "all") : vocab::said(org::fields()[org::kCategory], field);
  return purchaser + " / " + field;
}

}  // namespace

std::vector<std::pair<std::string, std::vector<const char*>>> codes() {
  return {{"section", section_codes()}, {"metric", metric_codes()}, {"dimension", dimension_codes()},
          {"unit", unit_codes()},       {"key", key_codes()}};
}

std::string key_for_people(const std::string& metric, const std::string& dimension, const std::string& key) {
  if (!i18n::chinese() || key.empty()) return key;
  if (const auto* spec = codes_of(metric, dimension)) return vocab::said(*spec, key);
  if (dimension == "timing" || dimension == "within") return i18n::label("key", key);
  if (dimension == "line") return line_label(key);
  return key;
}

io::Table blanks_in_words(io::Table t) {
  // The dimensions whose rows have no key by design: a total, a period, the district …
  static const char* const kUnkeyed[] = {"total", "to_date", "period", "district", "year_to_date", "end", "catalogue"};
  for (auto& row : t.rows) {
    if (row[3] && !row[3]->empty()) continue;
    const std::string dimension = row[2].value_or("");
    if (std::find(std::begin(kUnkeyed), std::end(kUnkeyed), dimension) != std::end(kUnkeyed)) continue;
    row[3] = dimension == "registration_authority" ? tr("(none: filed groups have no authority)") : tr("(not recorded)");
  }
  return t;
}

io::Table for_people(const io::Table& t) {
  if (!i18n::chinese()) return t;
  io::Table out = t;
  for (auto& row : out.rows) {
    const std::string metric = row[1].value_or(""), dimension = row[2].value_or("");
    if (row[3]) row[3] = key_for_people(metric, dimension, *row[3]);
    if (row[0]) row[0] = i18n::label("section", *row[0]);
    if (row[1]) row[1] = i18n::label("metric", *row[1]);
    if (row[2]) row[2] = i18n::label("dimension", *row[2]);
    if (row[7]) row[7] = i18n::label("unit", *row[7]);
  }
  return out;
}

}  // namespace kunqu::report
