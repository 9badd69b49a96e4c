// Enumerations: codes, their Chinese names, and how tables and sentences show them.
#include "vocab/vocab.h"

#include <algorithm>

#include "i18n/messages.h"
#include "io/text.h"
#include "validate/problems.h"

namespace kunqu::vocab {

std::optional<std::string> enum_code(const FieldSpec& spec, std::string_view text) {
  std::string t = io::trim(text);
  std::string lower = io::to_lower_ascii(t);
  for (const auto& v : spec.values) {
    if (lower == v.code) return v.code;
    for (const auto& l : v.labels)
      if (t == l) return v.code;
  }
  return std::nullopt;
}

FieldSpec enum_spec(const char* name, const char* zh, std::vector<EnumValue> values) {
  return {name, FieldKind::kEnum, zh, {}, std::move(values)};
}

std::optional<std::string> enum_of(validate::Problems& p, const char* field, const FieldSpec& spec, const std::string& text) {
  if (io::trim(text).empty()) {
    p.bad(field, trf("is required ({})", enum_codes_list(spec)));
    return std::nullopt;
  }
  auto code = enum_code(spec, text);
  if (!code) p.bad(field, trf("'{}' is not one of {}", io::trim(text), enum_codes_list(spec)));
  return code;
}

std::string enum_codes_list(const FieldSpec& spec) {
  std::string out;
  for (const auto& v : spec.values) {
    if (!out.empty()) out += ", ";
    out += v.code;
  }
  return out;
}

io::ColumnType column_type(const FieldSpec& spec) {
  switch (spec.kind) {
    case FieldKind::kDate: return io::ColumnType::kDate;
    case FieldKind::kMoney: return io::ColumnType::kMoney;
    case FieldKind::kCount: return io::ColumnType::kInteger;
    case FieldKind::kBool: return io::ColumnType::kBool;
    default: return io::ColumnType::kText;
  }
}

namespace {

std::vector<std::pair<std::string, std::string>> enum_labels(const FieldSpec& spec) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& v : spec.values)
    if (!v.labels.empty()) out.emplace_back(v.code, v.labels[0]);
  return out;
}

}  // namespace

io::Column column_of(const FieldSpec& spec) { return {spec.name, column_type(spec), spec.label_zh, enum_labels(spec)}; }

std::string said(const FieldSpec& spec, const std::string& code) {
  if (!i18n::chinese()) return code;
  for (const auto& v : spec.values)
    if (v.code == code && !v.labels.empty()) return v.labels[0];
  return code;
}

io::Column coded(std::string name, const FieldSpec& values) {
  return {std::move(name), io::ColumnType::kText, {}, enum_labels(values)};
}

io::Column file_column(std::string name, io::ColumnType type, const std::vector<std::string>& aliases,
                       const FieldSpec* values) {
  std::string label;
  for (const auto& a : aliases) {
    const bool ascii = std::all_of(a.begin(), a.end(), [](unsigned char c) { return c < 0x80; });
    if (!ascii) {
      label = a;
      break;
    }
  }
  return {std::move(name), type, std::move(label), values ? enum_labels(*values) : std::vector<std::pair<std::string, std::string>>{}};
}

FileColumn required(FileColumn column) {
  column.need = Need::kRequired;
  return column;
}

FileColumn required_when(FileColumn column, const char* when) {
  column.need = Need::kSometimes;
  column.when = when;
  return column;
}

std::vector<std::string> names_of(const std::vector<FileColumn>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  return names;
}

std::optional<std::size_t> resolve_header(const std::vector<FileColumn>& columns, std::string_view header) {
  const std::string h = io::to_lower_ascii(io::trim(header));
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (h == columns[i].name || std::find(columns[i].aliases.begin(), columns[i].aliases.end(), h) != columns[i].aliases.end())
      return i;
  return std::nullopt;
}

std::string chinese_header(const std::vector<FileColumn>& columns, std::string_view name) {
  const auto i = resolve_header(columns, name);
  return i ? file_column(columns[*i].name, columns[*i].type, columns[*i].aliases).label_zh : std::string();
}

const FileColumn* find_column(const std::vector<FileColumn>& columns, std::string_view name) {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

io::Table file_table(std::string record, const std::vector<FileColumn>& columns) {
  io::Table t;
  t.record_name = std::move(record);
  for (const auto& c : columns) t.columns.push_back(file_column(c.name, c.type, c.aliases, c.codes));
  return t;
}

io::Column shown_column(const std::vector<FileColumn>& columns, std::string_view name, io::ColumnType type) {
  if (auto* c = find_column(columns, name)) return file_column(std::string(name), type, c->aliases, c->codes);
  return {std::string(name), type};
}

}  // namespace kunqu::vocab
