// Rows of values with typed columns: what every query hands to the renderers (table, CSV,
// JSON, TOML). Values are canonical text — integers '42', money '1234.50', booleans
// 'true'/'false', dates 'YYYY-MM-DD' — and std::nullopt for an absent value.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kunqu::io {

enum class ColumnType { kText, kInteger, kMoney, kBool, kDate };

struct Column {
  std::string name;  // snake_case, stable: the machine formats' contract
  ColumnType type = ColumnType::kText;
};

using Row = std::vector<std::optional<std::string>>;

struct Table {
  std::string record_name;  // TOML array-of-tables name: "org" gives [[org]]
  std::vector<Column> columns;
  std::vector<Row> rows;
};

}  // namespace kunqu::io
