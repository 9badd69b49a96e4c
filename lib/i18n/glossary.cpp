// The column names of tables people read that are not import headers (a contract list, a
// report, `db info` …), marked for xgettext: po/zh_CN.po gives each its Chinese header, which
// tables show in Chinese and --labels zh writes (cmd/render.cpp). Columns of import files carry
// their own Chinese header instead, the first Chinese alias import accepts (io::Column::label_zh).
// The names of the lists a record shows below it (a contract's payments …) are here too.
#include "i18n/glossary.h"

#include "i18n/messages.h"

namespace kunqu::i18n {

const std::vector<const char*>& column_names() {
  static const std::vector<const char*> names = {
    // A record's own word for a column, where the common one would mislead: a report's key is a
    // breakdown's item and its value the period's figure; a setting's key is its name.
    NC_("column", "figure.key"), NC_("column", "figure.value"), NC_("column", "setting.key"), NC_("column", "setting.value"),
    // A problem's field is the file's column it is about, not a service's field.
    NC_("column", "problem.field"),
    NC_("column", "action"), NC_("column", "active"), NC_("column", "actor"), NC_("column", "adjusted"),
    NC_("column", "admitted_on"), NC_("column", "amount"), NC_("column", "assessor"), NC_("column", "at"),
    NC_("column", "audit_entries"), NC_("column", "authority"), NC_("column", "awarded_grade"),
    NC_("column", "awarded_on"), NC_("column", "binary_schema_version"), NC_("column", "budget"),
    NC_("column", "capacity"), NC_("column", "category"), NC_("column", "change"), NC_("column", "change_reason"),
    NC_("column", "changed_on"), NC_("column", "check"), NC_("column", "close_reason"), NC_("column", "closed_on"),
    NC_("column", "code"), NC_("column", "command"), NC_("column", "committed"), NC_("column", "communities"),
    NC_("column", "community"), NC_("column", "company_check"), NC_("column", "company_check_on"),
    NC_("column", "after"), NC_("column", "before"), NC_("column", "contract"), NC_("column", "contract_status"), NC_("column", "contract_title"),
    NC_("column", "contracts"), NC_("column", "credit_code"), NC_("column", "credit_events"),
    NC_("column", "credit_list"), NC_("column", "date"), NC_("column", "days_to_decision"), NC_("column", "deadline"),
    NC_("column", "delivered"), NC_("column", "demands"), NC_("column", "description"), NC_("column", "detail"),
    NC_("column", "dimension"), NC_("column", "district"), NC_("column", "district_code"), NC_("column", "document"),
    NC_("column", "early"), NC_("column", "ended_on"), NC_("column", "ends_on"), NC_("column", "entry"),
    NC_("column", "field"), NC_("column", "filed_on"), NC_("column", "filing_no"), NC_("column", "filing_status"),
    NC_("column", "finding"), NC_("column", "free"), NC_("column", "from"), NC_("column", "funding"),
    NC_("column", "grade"), NC_("column", "grade_valid_until"), NC_("column", "grassroots"), NC_("column", "group"),
    NC_("column", "hash"), NC_("column", "hours"), NC_("column", "hub"), NC_("column", "hub_name"),
    NC_("column", "id"), NC_("column", "in_residence"), NC_("column", "item"), NC_("column", "item_code"),
    NC_("column", "item_year"), NC_("column", "items"), NC_("column", "journal_mode"), NC_("column", "key"),
    NC_("column", "kind"), NC_("column", "last_annual_check"), NC_("column", "last_change"),
    NC_("column", "last_review"), NC_("column", "left"), NC_("column", "level"), NC_("column", "list"),
    NC_("column", "measure"), NC_("column", "mentor"), NC_("column", "method"), NC_("column", "metric"),
    NC_("column", "milestone"), NC_("column", "name"), NC_("column", "new_end"), NC_("column", "note"),
    NC_("column", "notes"), NC_("column", "number"), NC_("column", "old_end"), NC_("column", "org"),
    NC_("column", "orgs"), NC_("column", "original_amount"), NC_("column", "outcome"), NC_("column", "paid"),
    NC_("column", "passed"), NC_("column", "path"), NC_("column", "path_from"), NC_("column", "person_times"),
    NC_("column", "persons"), NC_("column", "planned_end"), NC_("column", "previous"), NC_("column", "price_guide"),
    NC_("column", "profile"), NC_("column", "project"), NC_("column", "provider"), NC_("column", "provider_name"),
    NC_("column", "purchaser"), NC_("column", "raised_on"), NC_("column", "rate"), NC_("column", "reason"), NC_("column", "reevaluation"),
    NC_("column", "registered"), NC_("column", "registered_on"), NC_("column", "registration_authority"),
    NC_("column", "respondents"), NC_("column", "result"), NC_("column", "reversed_by"), NC_("column", "reverses"),
    NC_("column", "review_count"), NC_("column", "reviewer"), NC_("column", "rule"), NC_("column", "satisfied"),
    NC_("column", "schema_version"), NC_("column", "score"), NC_("column", "section"), NC_("column", "set"),
    NC_("column", "share"), NC_("column", "signed_on"), NC_("column", "since"), NC_("column", "site"),
    NC_("column", "source"), NC_("column", "stars"), NC_("column", "starts_on"), NC_("column", "status"),
    NC_("column", "status_date"), NC_("column", "street"), NC_("column", "streets"), NC_("column", "subject"),
    NC_("column", "target"), NC_("column", "target_hours"), NC_("column", "target_performance"),
    NC_("column", "target_person_times"), NC_("column", "target_persons"), NC_("column", "tier"),
    NC_("column", "title"), NC_("column", "to"), NC_("column", "type"), NC_("column", "unit"),
    NC_("column", "valid_until"), NC_("column", "value"), NC_("column", "volunteer_hours"),
    NC_("column", "voucher_value"), NC_("column", "vouchers"), NC_("column", "year"),
    NC_("column", "event"), NC_("column", "corrects"), NC_("column", "corrected_by"), NC_("column", "basis"),
    NC_("column", "until"), NC_("column", "successor"), NC_("column", "population_years"),
    NC_("column", "named_from"), NC_("column", "named_until"), NC_("column", "text"), NC_("column", "end_reason"),
    // The problems of an import (--errors FILE.csv): where each is, what it is about, what it says.
    NC_("column", "file"), NC_("column", "sheet"), NC_("column", "row"), NC_("column", "line"),
    NC_("column", "column"), NC_("column", "column_letter"), NC_("column", "header"), NC_("column", "field_name"),
    NC_("column", "severity"), NC_("column", "message"), NC_("column", "hint"),
  };
  return names;
}

std::string column_label(const std::string& record, const std::string& name) {
  const std::string own = record + "." + name;
  std::string word = label("column", own);
  return word == own ? label("column", name) : word;
}

const std::vector<const char*>& list_names() {
  static const std::vector<const char*> names = {
    NC_("list", "allocations"), NC_("list", "payments"), NC_("list", "delivered"), NC_("list", "deliveries"),
    NC_("list", "acceptances"), NC_("list", "assessments"), NC_("list", "surveys"), NC_("list", "amendments"),
    NC_("list", "catalog_items"), NC_("list", "demands"), NC_("list", "contracts"), NC_("list", "reviews"),
    NC_("list", "extensions"), NC_("list", "filed_groups"), NC_("list", "incubations"), NC_("list", "stays"),
    NC_("list", "events"), NC_("list", "entries"), NC_("list", "hubs")
  };
  return names;
}

}  // namespace kunqu::i18n
