// An org's standing as dated events (schemas/migrations/010_org_event.sql): registration,
// filing and upgrade are the org's own dates; suspensions, reinstatements, revocations,
// deregistrations and the corrections that reverse a mistaken one are rows kept for good. The
// standing on a day follows from the events that took effect by its end, ordered by their date
// and, on one day, by the order they were recorded — whenever they were typed in.
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

namespace kunqu::org {

// The schema that brought the events (schemas/migrations/010_org_event.sql).
inline constexpr int kEventSchema = 10;

// The kinds of event with their Chinese names: registered, filed, upgraded (the org's own
// dates), suspended, reinstated, revoked (撤销登记), certificate_revoked (吊销登记证书),
// change_revoked (撤销变更登记), deregistered, filing_revoked, correction.
const FieldSpec& event_kinds();

struct Event {
  std::int64_t id = 0;  // 0: one of the org's own dates (registered, filed, upgraded)
  std::string kind, date;
  std::optional<std::string> reason, authority, document;
  std::optional<std::int64_t> corrects;      // a correction: the event it reverses
  std::optional<std::int64_t> corrected_by;  // the correction that reversed this one
  std::optional<std::int64_t> audit_id;      // the entry that recorded it
};

// The noun a message names an event kind by: "suspension", "revocation of the certificate" ….
std::string event_noun(const std::string& kind);

// "the suspension of 2015-03-01 (event 12)": how messages name an event.
std::string describe(const Event& e);

// Every event of `org`, in the order they took effect: its own dates first on their day, then
// the recorded events and corrections by date and the order recorded.
std::vector<Event> events_of(Registry& reg, const Org& org);

// The status an event of `kind` leads to: suspended, active (a reinstatement), deregistered,
// else revoked. A revoked change registration leaves the standing as it was; its date and
// fields are checked as a revocation's.
std::string status_after(const std::string& kind);

// What the events that took effect by the end of `day` ("": all of them) make of an org.
struct Standing {
  bool entered = false;    // the org had entered the registry by then
  std::string tier;        // registered | grassroots
  std::string status;      // active | suspended | revoked | deregistered
  const Event* last = nullptr;  // the event that set the status (nullptr: active since entry)
};
Standing standing(const Org& org, const std::vector<Event>& events, const std::string& day = {});
// `last` points into `events`: they must outlive the standing, so a temporary is refused.
Standing standing(const Org& org, std::vector<Event>&& events, const std::string& day = {}) = delete;

// The org as it stood at the end of `day`: tier, status and the status fields from its events.
// nullopt when it had not entered the registry by then.
std::optional<Org> as_of(Registry& reg, const Org& org, const std::string& day);

// What queries read as `org o`: the table itself, or with `day` (a checked YYYY-MM-DD) the orgs
// that had entered by its end, each with the tier, status and status fields of that day.
std::string org_source(Registry& reg, const std::optional<std::string>& day);

// The day `given` names for --as-of (YYYY-MM-DD, not after today); throws kUsage otherwise.
std::string as_of_day(Registry& reg, std::string_view given);

// Records a correction that reverses the event `event_id` of the org `token` as a mistake: the
// event no longer counts in any standing, but both stay in the history. Refused when the event
// is not the org's, is one of its own dates, a correction, already corrected, or when the
// events left would make an impossible sequence.
struct Correction {
  std::string date;  // the day the correction was decided; default today
  std::string reason, authority, document;
};
Org correct(Registry& reg, std::string_view token, std::int64_t event_id, const Correction& correction);

// Inside a write that changed the events or the dates of org `id`: refuses (kInvalidData, at
// `field` of `where`) a sequence of events that cannot be, naming the event in conflict, and
// stores the standing the events give as the org's status fields. `new_event` is the event
// just recorded, 0 for none.
void restate(Registry& reg, std::int64_t id, std::int64_t new_event = 0);

// The events of one org as a table: event, date, kind, reason, authority, document, corrects,
// corrected_by, entry (its audit entry).
io::Table events_table(Registry& reg, const Org& org);

// The events file (event_files.cpp): org (key, credit code or filing number), org_name
// (checked), id (the exporting registry's event number), event, date, until (a suspension's
// end), reason, authority, document, corrects (a correction: the id of an earlier row of the
// file, else the registry's event). Each row goes through set_status or correct, in the order
// of the file: list each org's events by date, as export does.
struct EventFilter {
  std::optional<std::string> org, kind, since, until;
};
io::Table export_events(Registry& reg, const EventFilter& filter);
registry::ImportResult import_events(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);
std::optional<std::size_t> resolve_event_header(std::string_view header);
// The columns import reads, with the headers it reads them by: what `help columns` lists.
const std::vector<vocab::FileColumn>& event_import_columns();
std::string event_header_zh(std::string_view name);  // a column's Chinese header, '' for none
const std::vector<std::string>& event_file_columns();

// After a migration to the events' schema: what it could not know, one line each (orgs whose
// status changes in the audit log do not lead to their status; orgs whose status today is the
// only change known).
std::vector<std::string> migration_notes(Registry& reg);

}  // namespace kunqu::org
