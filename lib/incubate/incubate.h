// The incubator (孵化): stays of orgs in the district's incubator park and the street centres —
// admission against the rules, reviews with a score, graduation (出壳, early when before the
// planned end), withdrawal, extension — and the views and files of them. Sites and their
// capacities, the planned term and the pass mark are registry settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/records.h"
#include "io/table.h"
#include "org/org.h"
#include "registry/import.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::incubate {

using registry::Registry;
using ImportOptions = registry::ImportOptions;
using ImportResult = registry::ImportResult;

struct Admission {
  std::string site;
  std::string date;
  std::string term;   // a span (2y, 18m) — default: the incubation_term setting
  std::string until;  // or the planned end itself
  std::string mentor;
  std::string project;
  std::string note;
};
// Admits the org `token`; returns the stay's id. Refused with the rule named when the org is
// deregistered, revoked or suspended, already in residence, on a credit list, or the site is
// full on the admission date (or on any later admission date while this stay would last).
std::int64_t admit(Registry& reg, std::string_view token, const Admission& a);

// A review of a stay of the org: date, score 0–100 (passing at the pass mark), note. The stay is
// the one admitted on `admitted` (an ended one too, within its dates), else the one in residence.
void review(Registry& reg, std::string_view token, const std::string& date, const std::string& score,
            const std::string& note, const std::string& admitted = {});

struct Graduation {
  std::string date;
  std::string note;
  std::string reason;  // required when before the planned end (early)
  std::string force;   // graduate without a passing review: the reason, recorded
};
void graduate(Registry& reg, std::string_view token, const Graduation& g);
void withdraw(Registry& reg, std::string_view token, const std::string& date, const std::string& reason);
// Moves the planned end of the current stay to `until` (later than it is), with a reason.
void extend(Registry& reg, std::string_view token, const std::string& until, const std::string& reason,
            const std::string& date);

struct Filter {
  std::optional<std::string> site, status, admitted_since, admitted_until, org;
  std::optional<std::string> due_within;  // in residence, planned end within this span from today
  bool overdue = false;                   // in residence past the planned end
  std::size_t limit = 0;
};
// Stays, one row each, by admission date.
io::Table list(Registry& reg, const Filter& filter);
// The reviews and extensions of one stay.
io::Table reviews(Registry& reg, std::int64_t stay);
io::Table extensions(Registry& reg, std::int64_t stay);
// The stays of one org, oldest first (for org show and incubate show), and its latest stay's id.
io::Table stays_of(Registry& reg, std::int64_t org_id, std::optional<std::int64_t>* latest = nullptr);

// Sites with their capacity and occupancy on `date`.
io::Table sites(Registry& reg, const std::string& date);

// What the incubator_sites setting `value` ('NAME=N; NAME=N') would leave wrong for the orgs in
// residence now: a site dropped that has residents, or fewer places than residents. One
// (site, message) pair each, naming the residents; empty when the setting fits.
std::vector<std::pair<std::string, std::string>> site_problems(Registry& reg, const std::string& value);

// Sets the incubator_sites setting to `value` (as profile::change_setting does), refused with
// every site_problems() when it does not fit the orgs in residence. Returns the value stored.
std::string set_sites(Registry& reg, const std::string& value);

// The columns of incubation files (export writes them, import reads them).
const std::vector<std::string>& file_columns();
std::optional<std::size_t> resolve_header(std::string_view header);
// The columns import reads, with the headers it reads them by: what `help columns` lists.
const std::vector<vocab::FileColumn>& import_columns();
std::string header_zh(std::string_view name);  // a column's Chinese header, '' for none
// Whether the file column `column` (as resolve_header numbers them) may hold several lines: the
// reason and the note; the others hold one.
bool several_lines(std::size_t column);

// The reviews file: org, org_name (checked), admitted_on (the stay's admission; empty: the stay
// in residence), date, score, note. Export writes the columns import reads; import is all or
// nothing, each row through review(), every problem at its cell; a review of the same stay on
// the same day is recorded already.
io::Table export_reviews(Registry& reg, const org::RecordFilter& filter);
ImportResult import_reviews(Registry& reg, io::RecordReader& reader, const ImportOptions& options);
std::optional<std::size_t> resolve_review_header(std::string_view header);
const std::vector<vocab::FileColumn>& review_import_columns();
std::string review_header_zh(std::string_view name);
const std::vector<std::string>& review_file_columns();

// The stays `filter` selects, in the file columns (org by credit code, else filing number, else key).
io::Table export_stays(Registry& reg, const Filter& filter);

// Imports stays, all or nothing, every problem positioned.
ImportResult import(Registry& reg, io::RecordReader& reader, const ImportOptions& options);

}  // namespace kunqu::incubate
