// What the files of lib/org share about the org table: how a record is read, bound and
// written, and how a change is described for the audit log. Internal to lib/org; not part of
// the library's interface.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "io/table.h"
#include "org/org.h"
#include "registry/seal.h"

namespace kunqu::registry {
class ImportRun;
class Query;
}

namespace kunqu::org {

struct Lookups;

const FieldSpec& spec(Field f);
const std::string& fname(Field f);
io::Column column(Field f);

// Fields stored in a column of the same name.
inline bool stored(Field f) { return f != kKey && f != kHub && f != kHubSince; }

// The hub as rows show it: its credit code (every registered org has one), else its key.
inline constexpr const char* kHubColumn =
    "CASE WHEN h.id IS NOT NULL THEN coalesce(h.credit_code, printf('K%07d', h.id)) END";

// The day the link to the hub of today began: the open link's start.
inline constexpr const char* kHubSinceColumn =
    "(SELECT l.starts_on FROM hub_link l WHERE l.org_id = o.id AND l.ends_on IS NULL ORDER BY l.id DESC LIMIT 1)";

// SELECT of every stored field of `org o` (with its hub `h`), in the order read_org reads.
std::string select_sql();
// DB value → canonical text.
Org read_org(const registry::Query& q);
std::optional<Org> get(Registry& reg, std::int64_t id);

std::string name_key(const std::string& name);
// What the name_key column holds: the key only where it differs from the name.
std::optional<std::string> stored_name_key(const std::string& name);
// Mirrors the org.name_scope generated column.
std::string name_scope(const Org& o);
// Whether an org of this status counts as live (active or suspended; no status yet: live).
bool is_live(const std::optional<std::string>& status);

std::string insert_sql();
std::string update_sql();
// What insert_org stores in each column of the org table, for sealing a row as it is written
// (registry::seal::Feed); the columns are resolved once.
class StoredRow {
 public:
  explicit StoredRow(const std::vector<std::string>& columns);
  // The value of column `index` insert_org stored for `org` under key `id` with `batch` and
  // `name_key` (text is valid while they are); nullopt for a column it does not bind.
  std::optional<registry::seal::Feed::Value> value(std::size_t index, const Org& org, std::int64_t id,
                                                   std::optional<std::int64_t> batch,
                                                   const std::optional<std::string>& name_key) const;

 private:
  enum Source : int { kId = -1, kNameKey = -2, kHubId = -3, kCreatedBatch = -4, kUpdatedBatch = -5, kUnknown = -6 };
  std::vector<int> source_;  // a Field, or a Source
};
// Inserts `org`, its name's key `name_key` (stored_name_key of its name, worked out once by a
// caller that seals the row too); with org.id set, under that key. Returns the id.
std::int64_t insert_org(Registry& reg, registry::Query& q, const Org& org, std::optional<std::int64_t> batch,
                        const std::optional<std::string>& name_key);
void update_org(registry::Query& q, const Org& org, std::optional<std::int64_t> batch);

// The fields that differ between two versions, as before/after JSON objects.
// `date`, when given, is the business date of the change (a status decision); `event` the
// event it recorded (org/events.h).
std::string change_detail(const Org& before, const Org& after, const std::string& date = {},
                          std::int64_t event = 0);
// Every field that has a value, as a JSON object.
std::string snapshot(const Org& org);

// An import wrote the status fields of org `id` (batch `batch`): a status the events do not
// give is recorded as a new event of its status date, and the standing restated. Returns what
// is wrong instead (a reinstatement has no date in a file; an impossible history), nothing
// written then.
std::optional<std::string> restate_from_row(Registry& reg, std::int64_t id, std::int64_t batch);
// The same for the orgs an import adds with a status other than active (they have no events
// yet): each kept as its row is written (add(), on the thread that writes), then every event
// recorded at once (record()), ordered by date and key, without reading the org table again.
class ImportedStatuses {
 public:
  explicit ImportedStatuses(Registry& reg);
  void add(std::int64_t id, const Org& org);
  // Returns the events recorded.
  std::size_t record(std::int64_t batch);

 private:
  Registry& reg_;
  registry::Query add_;
};

// Hub links (org/hubs.cpp). Where a link to hub `hub_id` wanted from `wanted` starts: there,
// or — `may_wait`, for a group filed before its hub registered — on the hub's registration, with
// a note saying so; `refused` when the hub is no registered org by then (and may not wait) or
// did not stand that day.
struct LinkStart {
  std::string start;
  std::optional<std::string> refused, note;
};
LinkStart link_start(Registry& reg, std::int64_t hub_id, const std::string& wanted, bool may_wait);
// Brings the open hub link of org `id` in line with its hub: ends a link to another hub on `day`
// (for `reason`), starts one to its hub — `from_filing` (a group filed with its hub) from its
// filing date, else from `day`. Returns what refuses the new link instead.
std::optional<std::string> sync_hub_link(Registry& reg, std::int64_t id, const std::string& day, const char* reason,
                                         bool from_filing = false);
// A link that stays keeps its start: when `day` is not the start of the org's open link to its
// hub, the refusal (naming the start, and ‹filing move›, which attaches a group from a day).
std::optional<std::string> other_link_start(const Org& org, const std::string& day);
// The hub links an import makes: each inserted under the next key and sealed as it is written
// (the table's one feed in the transaction). Made on the importing thread; add() may then run on
// the import's second thread, in turn, and close() once every link is in.
class NewLinks {
 public:
  NewLinks(Registry& reg, std::int64_t batch);
  ~NewLinks();
  NewLinks(const NewLinks&) = delete;
  NewLinks& operator=(const NewLinks&) = delete;
  void add(std::int64_t org_id, std::int64_t hub_id, const std::optional<std::string>& start);
  std::int64_t next() const;  // the key of the next link
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
// Where a new group's link to a registered hub starts: the day its row gave, else its filing
// date or the hub's registration, whichever is later (nothing when either is missing).
std::optional<std::string> new_link_start(const std::optional<std::string>& filed, const std::optional<std::string>& registered,
                                          const std::optional<std::string>& given);
// Hands `run` the warning, at `line`, that a new group filed on `filed` is linked to its hub only
// from the hub's registration, when that is later and its row gave no day of its own; past the
// warnings shown it is only counted.
void warn_late_hub(registry::ImportRun& run, int line, std::int64_t hub_id, const std::string& hub_name,
                   const std::optional<std::string>& filed, const std::optional<std::string>& registered,
                   const std::optional<std::string>& given);
// A bulk load's new group whose hub is an earlier row of the file, linked as it is written: where
// the link starts, with the warning of a hub registered after the filing handed to `run` now, at
// `line`, in the order of the rows. The hub stands (checked with the row: a hub that is not live
// refused it) and no event closes it yet (the file's statuses become events at the end). nullopt
// leaves the group to link_new_groups: a day given before the hub registered, which it words.
std::optional<std::string> link_as_written(registry::ImportRun& run, Lookups& lookups, int line, const Org& org,
                                           const std::optional<std::string>& given);
// Links the groups the import `run` added with a hub — those in `only` when given (a bulk load
// links the others as it writes them), else every one from `first` to `last` (only those rows
// are read) — from the filing date (or the hub's registration, when later: a warning), and
// seals the links as it writes them. Hands each warning and refusal to the run, at the line of
// the group's row; links nothing when one is a refusal (which refuses the import).
void link_new_groups(registry::ImportRun& run, NewLinks& links, std::int64_t first, std::int64_t last,
                     const std::vector<std::int64_t>* only);
// A hub closed on `day`: ends the links of the groups attached to it, which are no longer
// attached to any hub. Returns the groups.
std::vector<std::string> close_hub(Registry& reg, std::int64_t hub_id, const std::string& day);

// Refuses a single edit: kInvalidData with `diags`, "N problems; `what`".
[[noreturn]] void throw_diagnostics(std::vector<Diagnostic> diags, std::size_t total, const std::string& what);

}  // namespace kunqu::org
