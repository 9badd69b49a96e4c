// The menu (菜单式服务): residents order (点菜) — needs raised in communities; the government
// sets the menu (定菜) — the year's catalogue of purchasable services; organizations cook
// (做菜) — contracts that buy catalogue items. A need is carried from its community to the
// item that takes it and the contract that answers it.
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

namespace kunqu::io {
class RecordReader;
}

namespace kunqu::menu {

using registry::Registry;

const vocab::FieldSpec& sources();          // resident_meeting 居民议事会, community_office, hotline, survey, petition, other
const vocab::FieldSpec& units();            // hour 小时, person_time 人次, person, household, project, month, other
const vocab::FieldSpec& demand_statuses();  // open, accepted, answered, declined, closed

// ---- the catalogue ----
struct Item {
  std::string year, code, category, item, description, unit, price_guide;  // price: yuan per unit
};
// Adds an item to a year's catalogue; refused (every problem at once) when the code is taken
// in that year.
void add_item(Registry& reg, const Item& item);
// One item as a record; its demands and the contracts that buy it.
io::Table show_item(Registry& reg, const std::string& year, const std::string& code);
io::Table item_demands(Registry& reg, const std::string& year, const std::string& code);
io::Table item_contracts(Registry& reg, const std::string& year, const std::string& code);

struct ItemFilter {
  std::optional<std::string> year, category;
  bool without_contract = false;  // items no contract buys
  std::size_t limit = 0;
};
io::Table list_items(Registry& reg, const ItemFilter& filter);

// Records that contract `number` buys catalogue item YEAR/CODE. Refused when the contract has
// no money in that budget year (an item of another year's catalogue) or buys the item already.
void link(Registry& reg, std::string_view number, const std::string& year, const std::string& code);

// The catalogue items contract `number` buys, and the demands it answered.
io::Table contract_items(Registry& reg, std::string_view number);
io::Table contract_demands(Registry& reg, std::string_view number);

// ---- demands ----
struct Demand {
  std::string street, community, category, description, source, raised_on, persons, note;
};
// Records a need; returns its number. Street and community as the profile lists them.
std::int64_t add_demand(Registry& reg, const Demand& d);

struct DemandUpdate {
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
void update_demand(Registry& reg, const std::string& id, const DemandUpdate& u);

// The demand and the whole path: need → catalogue item → contract → provider → delivery and
// satisfaction (one record; delivery against targets comes from contract::delivered).
io::Table show_demand(Registry& reg, const std::string& id);
// The contract that answered the demand (nullopt when none has).
std::optional<std::string> answered_by(Registry& reg, const std::string& id);

struct DemandFilter {
  std::optional<std::string> street, community, category, status, year;
  std::optional<std::string> item;         // YEAR/CODE: the demands a catalogue item took
  std::optional<std::string> contract;     // the demands a contract answered
  bool unanswered = false;                 // open or accepted
  std::optional<std::string> older_than;  // raised more than this long ago: 90d, 6m, 1y
  std::size_t limit = 0;
};
io::Table list_demands(Registry& reg, const DemandFilter& filter);

// ---- files (transfer.cpp) ----
// Demand files ([[demand]]): street, community, category, description, source, raised_on,
// persons, status, status_date, reason, item (YEAR/CODE), contract, note. Catalogue files
// ([[catalog]]): year, code, category, item, description, unit, price_guide, contracts (the
// contracts that buy the item, '; ' between them). Export writes what import reads.
const std::vector<std::string>& demand_columns();
// Column `name` of a list or view of `record`s ("demand" or "catalog"; transfer.cpp): where the
// record's file has the column, its Chinese header and the labels of its codes, as export
// writes them; else the name alone.
io::Column shown_column(std::string_view record, const char* name, io::ColumnType type = io::ColumnType::kText);
std::optional<std::size_t> resolve_demand_header(std::string_view header);
const std::vector<std::string>& catalog_columns();
std::optional<std::size_t> resolve_catalog_header(std::string_view header);
io::Table export_demands(Registry& reg, const DemandFilter& filter);
io::Table export_items(Registry& reg, const ItemFilter& filter);
// All or nothing, each row through the verbs (add_demand and update_demand; add_item and
// link), every problem at its cell. A demand is the one recorded when street, community,
// raised_on and description agree; an item when year and code do.
registry::ImportResult import_demands(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);
registry::ImportResult import_items(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);

}  // namespace kunqu::menu
