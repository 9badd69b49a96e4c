// Supervision records the bureau keeps for the registering authority's decisions: the credit
// record (信用信息) with the abnormal-activity and serious-violation lists derived from it, the
// rules of MCA Order No. 60 that say when a list entry or exit is due, annual checks (年检),
// and grades (等级评估, Order No. 39). Every write is one transaction with one audit entry;
// nothing is deleted — a credit event is undone by a reversal event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"
#include "io/records.h"
#include "org/fields.h"
#include "org/org.h"
#include "registry/import.h"
#include "vocab/rules.h"
#include "vocab/vocab.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::supervision {

using registry::Registry;

// ---- credit record ----

// The kinds of credit event, with their Chinese names.
const vocab::FieldSpec& event_kinds();

struct CreditEvent {
  std::string kind;       // a code of event_kinds() or its Chinese name
  std::string date;       // YYYY-MM-DD
  std::string authority;  // who decided
  std::string document;   // 文号
  std::string amount;     // fines: yuan ('5000', '5万')
  std::string deadline;   // rectification orders: YYYY-MM-DD
  std::string reason;
  std::string rule;       // list entries and exits: the rule applied (a code of rules())
  std::string reverses;   // reversals: the id of the event undone
  std::string note;
};

// Records `e` for the org `token`; returns the event's id. Throws kInvalidData with every
// problem (nothing written): a list event for a filed group, an entry while already listed,
// an exit while not listed, a fine without an amount, a date in the future …
std::int64_t add_event(Registry& reg, std::string_view token, const CreditEvent& e);

struct EventFilter {
  std::optional<std::string> org, kind, authority, since, until;
  std::size_t limit = 0;
};
// Credit events, oldest first; a reversed event says which event reversed it.
io::Table list_events(Registry& reg, const EventFilter& filter);

// Since when the org is on `list` ('abnormal' | 'serious'), as the events that stand say;
// nullopt when it is not on it.
// With `as_of`, as the events dated up to that day say.
std::optional<std::string> listed_since(Registry& reg, std::int64_t org_id, const std::string& list,
                                        const std::string& as_of = {});

// The rules of the credit lists (Order No. 60): those of vocab::rules() with a list.
using Rule = vocab::Rule;
const std::vector<Rule>& rules();

// For every registered org, each rule that calls for action on `as_of`, with the dates behind
// it: key, name, credit_code, list, action, rule, since (the date the rule counts from),
// detail. kunqu suggests; a person records the event.
// `list` (abnormal | serious) and `action` (entry | exit), when given, keep only those rules.
io::Table due(Registry& reg, const std::string& as_of, const std::optional<std::string>& list = std::nullopt,
              const std::optional<std::string>& action = std::nullopt);

// ---- annual checks ----

const vocab::FieldSpec& check_results();

struct AnnualCheck {
  std::string year;    // the year reported on
  std::string result;  // pass | basic_pass | fail | not_submitted (or Chinese)
  std::string date;    // the conclusion's date
  std::string authority;
  std::string note;
  bool correct = false;  // replace the year's recorded check (audited before/after)
};
void add_check(Registry& reg, std::string_view token, const AnnualCheck& check);

// The annual-check calendar the settings make (annual_report_deadline, annual_check_late_exempt),
// read once: for rules that ask it of every org.
class CheckCalendar {
 public:
  explicit CheckCalendar(Registry& reg);
  // The last year whose annual report was due by `day`, and that year's deadline.
  int report_year_due(const std::string& day) const;
  std::string report_deadline(int year) const;
  // As first_check_year below.
  int first_check_year(const std::string& type, const std::string& registered_on) const;

 private:
  std::string deadline_;  // MM-DD of the next year
  bool late_exempt_all_ = true;
};

// The last year whose annual report was due by `day` (the deadline is the setting
// annual_report_deadline of the next year), and that deadline.
int report_year_due(Registry& reg, const std::string& day);
std::string report_deadline(Registry& reg, int year);
// The first year an org owes an annual check for: the year it was registered, or the next one
// when it was registered on or after 1 July — for a social service organization as 民政部令第27号
// art. 3 says, for social groups and foundations as the setting annual_check_late_exempt says
// (by default the same). An org registered on 30 June owes that year's check.
int first_check_year(Registry& reg, const std::string& type, const std::string& registered_on);
// The same for the org `o` of a query, as an SQL expression.
std::string first_check_year_sql(Registry& reg, const std::string& o = "o");

struct CheckFilter {
  std::optional<std::string> org, year, result;
  std::optional<std::string> missing;  // a year: registered, live orgs with no submitted check for it
  std::size_t limit = 0;
};
io::Table list_checks(Registry& reg, const CheckFilter& filter);

// ---- grades ----

struct GradeAward {
  std::string grade;  // 1A … 5A (or 1 … 5)
  std::string score;
  std::string date;
  std::string authority;
  std::string document;
  std::string reevaluation;  // a re-evaluation: the document of the authority that ordered or allowed it
};
// Refused with the rule named (Order No. 39) when the org is a filed group, not active,
// registered less than two years, missed or failed last year's annual check or had
// basic_pass two years running, was penalised last year (a suspension or revocation
// included), is on a credit list, or holds a grade in force and the award is not a
// re-evaluation. An `authority` whose name is of another level than the org's registration
// authority gives a warning: the authority that registered an org grades it.
void set_grade(Registry& reg, std::string_view token, const GradeAward& award);
// Lowers the org's current grade (to `grade`) or withdraws it, with a reason.
void change_grade(Registry& reg, std::string_view token, const std::optional<std::string>& lower_to,
                  const std::string& date, const std::string& reason);

// An SQL condition: `grade g` is its org's grade in force at the end of the day bound as ?1 —
// the latest awarded by then, not withdrawn by then, its five years not past.
inline constexpr const char* kGradeInForce =
    "g.id = (SELECT x.id FROM grade x WHERE x.org_id = g.org_id AND x.awarded_on <= ?1 "
    "ORDER BY x.awarded_on DESC, x.id DESC LIMIT 1) AND (g.status <> 'withdrawn' OR g.changed_on > ?1) "
    "AND g.valid_until > ?1";
// An SQL expression: the grade `grade g` stood at on that day (1–5), lowered or not by then.
inline constexpr const char* kGradeOnDay = "(CASE WHEN g.changed_on > ?1 THEN g.awarded_grade ELSE g.grade END)";

// For every org with a grade in force on `as_of`, each rule of Order No. 39 that calls for the
// grade to be lowered or withdrawn, with the dates behind it: key, name, credit_code, grade,
// valid_until, rule (grade.basic_pass_twice, grade.check_failed, grade.penalty), since,
// detail. Only what came after the grade counts, and after its last lowering. kunqu suggests;
// a person decides and records it.
io::Table grade_due(Registry& reg, const std::string& as_of);

struct GradeFilter {
  std::optional<std::string> org, grade;
  bool expired = false;
  std::optional<std::string> expiring_within;  // '90d', '6m', '1y'
  std::size_t limit = 0;
};
io::Table list_grades(Registry& reg, const GradeFilter& filter);

// An org's standing for `org show`: its list state, current grade and last annual check — at
// the end of `day` when given, else today. `org` as the registry holds it now (its tier says
// whether it can be on the lists). `held`: what org::holdings says of it, when the caller has
// asked already.
io::Table standing(Registry& reg, const org::Org& org, const std::optional<std::string>& day = std::nullopt,
                   const org::Holdings* held = nullptr);

// ---- files ----
// Credit events, annual checks and grades as files: export writes the columns import reads
// (the org by credit code, else filing number, else key; its name, checked on import). Import
// is all or nothing, each row through the verb that records it, in the order of the file —
// as export writes it, by date — every problem at its cell; a row recorded already is a
// conflict (‹on_conflict› skip leaves it).
//   credit events: org, org_name, id (the exporting registry's number), kind, date, amount
//     (yuan), deadline, authority, document, reason, rule, reverses (a reversal: the id of an
//     earlier row of the file, else the registry's event);
//   annual checks: org, org_name, year, result, date, authority, note;
//   grades: org, org_name, grade (as awarded), score, date, authority, document, reevaluation
//     (a re-evaluation's document), status (valid, lowered, withdrawn), lowered_to, changed_on,
//     change_reason.
io::Table export_credit(Registry& reg, const org::RecordFilter& filter);
registry::ImportResult import_credit(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);
std::optional<std::size_t> resolve_credit_header(std::string_view header);
// The columns import reads, with the headers it reads them by: what `help columns` lists.
const std::vector<vocab::FileColumn>& credit_import_columns();
std::string credit_header_zh(std::string_view name);  // a column's Chinese header, '' for none
const std::vector<std::string>& credit_file_columns();

io::Table export_checks(Registry& reg, const org::RecordFilter& filter);
registry::ImportResult import_checks(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);
std::optional<std::size_t> resolve_check_header(std::string_view header);
const std::vector<vocab::FileColumn>& check_import_columns();
std::string check_header_zh(std::string_view name);  // a column's Chinese header, '' for none
const std::vector<std::string>& check_file_columns();

io::Table export_grades(Registry& reg, const org::RecordFilter& filter);
registry::ImportResult import_grades(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);
std::optional<std::size_t> resolve_grade_header(std::string_view header);
const std::vector<vocab::FileColumn>& grade_import_columns();
std::string grade_header_zh(std::string_view name);  // a column's Chinese header, '' for none
const std::vector<std::string>& grade_file_columns();

}  // namespace kunqu::supervision
