// Organizations: the registry's core records. Adding, finding, listing, updating, status
// changes (suspension, revocation, deregistration), history, import and export. Every write
// runs in one transaction and leaves one audit entry.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/records.h"
#include "io/row_scope.h"
#include "io/table.h"
#include "org/fields.h"
#include "registry/import.h"
#include "registry/where.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::org {

using registry::Registry;

struct Org {
  std::int64_t id = 0;
  std::optional<std::int64_t> hub_id;
  std::optional<std::int64_t> created_batch, updated_batch;  // the imports that wrote it
  // Canonical text per field (see io/table.h); kKey and kHub are derived on read.
  std::array<std::optional<std::string>, kFieldCount> values;
  const std::optional<std::string>& operator[](Field f) const { return values[f]; }
};

// "K0000042 '名称'": how messages name an org.
std::string label(const Org& o);
// The date the org entered the registry: its filing date, else its registration date.
std::string entered_on(const Org& o);

// SQL naming the org `o` in a file as import reads it back: its credit code, else its filing
// number, else its key.
inline constexpr const char* kFileToken = "coalesce(o.credit_code, o.filing_no, printf('K%07d', o.id))";

// The org a file row names in its ‹org› column, checked against its ‹org_name› when the row
// gives one; nullopt, with the problem at the cell, when it names none.
std::optional<Org> row_org(Registry& reg, io::RowScope& r);

// Which records of the orgs' history an export writes: one org's, and those dated between
// `since` and `until`.
struct RecordFilter {
  std::optional<std::string> org, since, until;
};
// The SQL conditions of `f` (" AND …") on the org id column `org_id` and the date column `date`.
registry::Where record_where(Registry& reg, const RecordFilter& f, const char* org_id, const char* date);
// The rows a history file's export writes: the org's file token, then `columns` (SQL over
// `from`, which joins `org o`), under `where`, ORDER BY `order`, as a table of the file's
// `record` in its columns `file`.
io::Table record_rows(Registry& reg, const registry::Where& where, const std::string& columns, const std::string& from,
                      const std::string& order, const std::string& record, const std::vector<vocab::FileColumn>& file);

// The org with the id `id` (kNotFound when there is none).
Org get_by_id(Registry& reg, std::int64_t id);

// Finds an org by its key (K0000042), credit code (in any case: validate::fold_credit_code),
// filing number, certificate number or organization code, else by its exact name (compared by
// name_key). Throws kNotFound when nothing matches and kUsage when the token names more than one
// org (a name several orgs carry: the message lists each one's key, number and place).
Org find(Registry& reg, std::string_view token);

// Which of the records kept beside an org's row it has any of (for `org show`: most orgs have
// none, and a section with nothing to show is then not looked up): credit events, grades,
// annual checks, incubator stays, and as a hub, filed groups attached to it now.
struct Holdings {
  bool credit_events = false, grades = false, annual_checks = false, stays = false, groups = false;
};
Holdings holdings(Registry& reg, std::int64_t id);

// The filed groups attached to a hub now, as an SQL condition on the org table (the hub's key
// bound to ?1): what filing::groups_of_hub lists and holdings() looks for are the same rows.
constexpr const char* kGroupsOfHub = "hub_id = ?1 AND tier = 'grassroots'";

// Adds one org from `input` (cells named by field, as a form or flags give them).
// Throws kInvalidData with every problem found; writes nothing then.
// A filed group without a filing number gets the next one (org/numbers.h). `action`
// names the audit entry.
Org add(Registry& reg, const io::RawRecord& input, std::string_view action = "org.add");

// Changes the fields `input` carries (an empty value leaves a field as it is) and clears
// the fields in `clear`. Tier and status change only through their own verbs.
Org update(Registry& reg, std::string_view token, const io::RawRecord& input,
           const std::vector<Field>& clear);

// A decision that changes an org's standing, recorded as a dated event (org/events.h):
// suspended (限期停止活动), reinstated, revoked (撤销登记), certificate_revoked (吊销登记证书),
// change_revoked (撤销变更登记, the standing stays as it was), deregistered (注销) or
// filing_revoked. The date is required; reason, authority, document optional except that a
// deregistration's reason is one of deregistration_reasons(). The event takes its place by
// its date among the org's events, and is refused (naming the event in conflict) when the
// sequence that makes cannot be; the org's status follows from the events.
struct StatusChange {
  std::string kind;
  std::string date;
  std::string reason;
  std::string authority;
  std::string document;
  std::string until;                // a suspension: the day it ended, recorded as its reinstatement
  std::optional<std::string> tier;  // when set, the org must be of this tier
  std::string action;               // the audit action; default org.<verb>
};
// `detached`, when given, receives the filed groups whose links to this org, their hub, ended
// with its revocation or deregistration.
Org set_status(Registry& reg, std::string_view token, const StatusChange& change,
               std::vector<std::string>* detached = nullptr);

// Moves the filed group `token` to the hub `hub` from `date`: its link to the hub before ends
// that day. The hub must be a registered org standing on that day. Recorded as filing.move.
Org move_to_hub(Registry& reg, std::string_view token, std::string_view hub, const std::string& date);

// The hubs a filed group was attached to: hub, hub_name, from, until, end_reason (moved,
// hub_closed, upgraded, cleared).
io::Table hub_links(Registry& reg, const Org& org);

// A filed group registers (转登记): it becomes a registered org with the credit code, and
// optionally the new name, type, representative, level and so on that `input` carries; its
// registration date (registered_on) is required. It keeps its key, filing number, filing date
// and history; it leaves its hub. Only an active filed group can register.
Org upgrade(Registry& reg, std::string_view token, const io::RawRecord& input);

struct Filter {
  std::optional<std::string> tier, type, authority, level, category, street, community, status;
  std::optional<std::string> founded_since, founded_until, name;
  // Contained in one of the org's numbers: credit code, filing number, registration certificate
  // number or organization code.
  std::optional<std::string> number;
  std::optional<std::string> credit;  // abnormal | serious | clear: the credit lists (registered orgs)
  std::optional<std::string> as_of;   // YYYY-MM-DD: the registry as it stood at the end of that day
  std::string sort = "key";  // key | name | founded | registered_on | street
  std::size_t limit = 0;     // 0 = no limit
};

// Columns `list` shows unless others are asked for.
const std::vector<Field>& summary_fields();

// Orgs matching `filter` with `columns`. *total receives the count without the limit.
// Filter values may be enum codes or their Chinese labels; unknown ones throw kUsage.
io::Table list(Registry& reg, const Filter& filter, const std::vector<Field>& columns,
               std::size_t* total = nullptr);

// Counts of the orgs matching `filter`, grouped by `by` (tier, type, registration_authority,
// level, category, street, community, status, hub, year of registration): the rows alone, a
// total being the reader's to add (its label is the column's 'total'). Throws kUsage for
// another `by`.
io::Table stats(Registry& reg, const Filter& filter, const std::string& by);

// The same, one row at a time: `row` is called for each org in order (the row is reused,
// copy what must outlive the call). Returns the number of rows.
std::size_t list_each(Registry& reg, const Filter& filter, const std::vector<Field>& columns,
                      const std::function<void(const io::Row&)>& row, std::size_t* total = nullptr);

// An empty table with the columns of `columns`: what renderers need before the rows come.
io::Table header(const std::vector<Field>& columns);

// All fields of one org as a one-row table.
io::Table to_table(const std::vector<Org>& orgs, const std::vector<Field>& columns);
std::vector<Field> all_fields();

// The audit entries that touched one org, oldest first.
io::Table history(Registry& reg, std::string_view token);

using OnConflict = registry::OnConflict;

struct ImportOptions : registry::ImportOptions {
  std::optional<std::string> tier;  // rows without a tier get this one; rows of another are refused
  std::string action = "org.import";  // the audit action
};

// A field an update would change: the org (its key and name), the field, before and after
// ('' for absent).
struct FieldChange {
  std::string key, name, field, before, after;
};

struct ImportResult : registry::ImportResult {
  std::size_t numbered = 0;  // filed groups added without a number that were given one
  // A dry run with ‹on_conflict› update: every field each updated row would change, in the
  // file's order (at most 10,000; `changes_left_out` counts the rest).
  std::vector<FieldChange> changes;
  std::size_t changes_left_out = 0;
};

// The fields an update changes from `before` to `after`, as an import's dry run lists them.
std::vector<FieldChange> field_changes(const Org& before, const Org& after);

// Imports every record of `reader` in one transaction. On any problem throws kInvalidData
// carrying the diagnostics (at most max_errors of them; the message counts all) and writes
// nothing. A dry run checks everything and rolls back.
ImportResult import(Registry& reg, io::RecordReader& reader, const ImportOptions& options);

// The resolver that maps an import header or TOML key to an org field.
std::optional<std::size_t> resolve_header(std::string_view header);
// The Chinese header of field `name` ('' when it has none): a problem's place names it.
std::string header_zh(std::string_view name);

// Counts for `db info`: orgs by tier and status.
io::Table counts(Registry& reg);

}  // namespace kunqu::org
