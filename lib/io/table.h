// Rows of values with typed columns: what every query hands to the renderers (table, CSV,
// JSON, TOML). Values are canonical text — integers '42', money '1234.50', booleans
// 'true'/'false', dates 'YYYY-MM-DD' — and std::nullopt for an absent value.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kunqu::io {

enum class ColumnType { kText, kInteger, kMoney, kBool, kDate };

struct Column {
  Column() = default;
  Column(std::string name, ColumnType type = ColumnType::kText, std::string label_zh = {},
         std::vector<std::pair<std::string, std::string>> enum_zh = {})
      : name(std::move(name)), type(type), label_zh(std::move(label_zh)), enum_zh(std::move(enum_zh)) {}

  std::string name;  // snake_case, stable: the machine formats' contract
  ColumnType type = ColumnType::kText;
  // For people (table output in Chinese, --labels zh): the Chinese header, which import accepts
  // as an alias of `name`, and the Chinese label of each enum code, which import accepts too.
  // Empty where there is none: the name and the codes are shown then.
  std::string label_zh;
  std::vector<std::pair<std::string, std::string>> enum_zh;  // code, label
};

using Row = std::vector<std::optional<std::string>>;

struct Table {
  std::string record_name;  // TOML array-of-tables name: "org" gives [[org]]
  std::vector<Column> columns;
  std::vector<Row> rows;
};

}  // namespace kunqu::io
