// Residents' needs (点菜): raised in their communities, taken into an item of the year's
// catalogue (lib/catalog), answered by a contract that buys the item, or declined, or closed.
// A need is carried from its community to the item that takes it and the contract that answers it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"
#include "registry/import_rows.h"
#include "vocab/vocab.h"

namespace kunqu::io {
class RecordReader;
}

namespace kunqu::demand {

using registry::Registry;

const vocab::FieldSpec& sources();   // resident_meeting 居民议事会, community_office, hotline, survey, petition, other
const vocab::FieldSpec& statuses();  // open, accepted, answered, declined, closed

struct Demand {
  std::string street, community, category, description, source, raised_on, persons, note;
};
// Records a need; returns its number. Street and community as the profile lists them.
std::int64_t add(Registry& reg, const Demand& d);

struct Update {
  std::string status;                // accepted | answered | declined | closed ('' = no change)
  std::string date;                  // of the decision (default: today)
  std::string item_year, item_code;  // accepted: the catalogue item that takes the need
  std::string contract;              // answered: the contract that answers it
  std::string reason;                // declined (required), closed
  std::optional<std::string> description, persons, category, note;  // edits
};
// Moves a demand on: open → accepted (into a catalogue item) → answered (by a signed contract
// that buys that item); open or accepted → declined (with a reason); any → closed. Refusals
// name the rule: a demand answered twice, a contract that does not buy the item, a date before
// the demand was raised.
void update(Registry& reg, const std::string& id, const Update& u);

// The demand and the whole path: need → catalogue item → contract → provider → delivery and
// satisfaction (one record; delivery against targets comes from contract::delivered).
io::Table show(Registry& reg, const std::string& id);
// The contract that answered the demand (nullopt when none has).
std::optional<std::string> answered_by(Registry& reg, const std::string& id);

struct Filter {
  std::optional<std::string> street, community, category, status, year;
  std::optional<std::string> item;         // YEAR/CODE: the demands a catalogue item took
  std::optional<std::string> contract;     // the demands a contract answered
  bool unanswered = false;                 // open or accepted
  std::optional<std::string> older_than;  // raised more than this long ago: 90d, 6m, 1y
  std::size_t limit = 0;
};
io::Table list(Registry& reg, const Filter& filter);
// The demands a catalogue item took, and those a contract answered.
io::Table item_demands(Registry& reg, const std::string& year, const std::string& code);
io::Table contract_demands(Registry& reg, std::string_view number);

// ---- files (files.cpp) ----
// Demand files ([[demand]]): street, community, category, description, source, raised_on,
// persons, status, status_date, reason, item (YEAR/CODE), contract, note. Export writes what
// import reads.
const std::vector<std::string>& file_columns();
std::optional<std::size_t> resolve_header(std::string_view header);
// The columns import reads, with the headers it reads them by: what `help columns` lists.
const std::vector<vocab::FileColumn>& import_columns();
// The Chinese header of column `name` ('' when it has none): a problem's place names it.
std::string header_zh(std::string_view name);
// Column `name` of a list or view of demands: where the file has the column, its Chinese
// header and the labels of its codes, as export writes them; else the name alone.
io::Column shown_column(const char* name, io::ColumnType type = io::ColumnType::kText);
io::Table export_demands(Registry& reg, const Filter& filter);
// All or nothing, each row through add and update, every problem at its cell; a demand is the
// one recorded when street, community, raised_on and description agree.
registry::ImportResult import_demands(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);

}  // namespace kunqu::demand
