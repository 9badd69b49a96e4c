// The government's menu (定菜): each year's catalogue of the services it buys, with their units
// and guide prices, and the contracts that buy its items. Residents' needs (lib/demand) are
// taken into these items.
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

namespace kunqu::catalog {

using registry::Registry;

const vocab::FieldSpec& units();  // hour 小时, person_time 人次, person, household, project, month, other

struct Item {
  std::string year, code, category, item, description, unit, price_guide;  // price: yuan per unit
};

// Adds an item to a year's catalogue; refused (every problem at once) when the code is taken
// in that year.
void add_item(Registry& reg, const Item& item);

// An item as other records name it, by year and code (kNotFound when there is none).
struct ItemRef {
  std::int64_t id = 0;
  std::string label;  // "2015/YL-01 居家上门服务"
};
ItemRef find_item(Registry& reg, const std::string& year, const std::string& code);

// One item as a record, and the contracts that buy it.
io::Table show_item(Registry& reg, const std::string& year, const std::string& code);
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

// The catalogue items contract `number` buys.
io::Table contract_items(Registry& reg, std::string_view number);

// ---- files (files.cpp) ----
// Catalogue files ([[catalog]]): year, code, category, item, description, unit, price_guide,
// contracts (the contracts that buy the item, '; ' between them). Export writes what import
// reads.
const std::vector<std::string>& file_columns();
std::optional<std::size_t> resolve_header(std::string_view header);
// The columns import reads, with the headers it reads them by: what `help columns` lists.
const std::vector<vocab::FileColumn>& import_columns();
// The Chinese header of column `name` ('' when it has none): a problem's place names it.
std::string header_zh(std::string_view name);
// Column `name` of a list or view of items: where the file has the column, its Chinese header
// and the labels of its codes, as export writes them; else the name alone.
io::Column shown_column(const char* name, io::ColumnType type = io::ColumnType::kText);
io::Table export_items(Registry& reg, const ItemFilter& filter);
// All or nothing, each row through add_item and link, every problem at its cell; an item is
// the one recorded when year and code agree.
registry::ImportResult import_items(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);

}  // namespace kunqu::catalog
