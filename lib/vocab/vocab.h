// The vocabulary every record kind shares: enumerations with their stable codes (what machine
// formats carry) and their Chinese names (what people read and import accepts), field kinds,
// and the output columns that show codes as labels.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"

namespace kunqu::validate {
struct Problems;
}

namespace kunqu::vocab {

enum class FieldKind { kKey, kText, kEnum, kDate, kMoney, kCount, kBool, kCreditCode, kOrgRef };

struct EnumValue {
  std::string code;                 // what machine formats carry
  std::vector<std::string> labels;  // Chinese names accepted on input; labels[0] is the label
};

struct FieldSpec {
  std::string name;
  FieldKind kind;
  std::string label_zh;                 // the Chinese header
  std::vector<std::string> aliases;     // further accepted headers
  std::vector<EnumValue> values;        // kEnum only
};

// The enum code for `text` (a code or a Chinese label), nullopt when it is neither.
std::optional<std::string> enum_code(const FieldSpec& spec, std::string_view text);

// "a, b, c": the codes of an enum field, for messages.
std::string enum_codes_list(const FieldSpec& spec);

// An enumeration's spec: its codes with their Chinese names.
FieldSpec enum_spec(const char* name, const char* zh, std::vector<EnumValue> values);

// The code `text` names in `spec`; a problem at `field` naming the codes when it is empty or
// names none (nullopt then).
std::optional<std::string> enum_of(validate::Problems& p, const char* field, const FieldSpec& spec, const std::string& text);

// The column type a field renders as.
io::ColumnType column_type(const FieldSpec& spec);

// The output column of a field: its name and type, its Chinese header and enum labels.
io::Column column_of(const FieldSpec& spec);

// An output column of an import file's columns: `name` and `type`, as its Chinese header the
// first alias in Chinese (import accepts it), and the Chinese labels of `values` when the
// column holds its codes.
io::Column file_column(std::string name, io::ColumnType type, const std::vector<std::string>& aliases,
                       const FieldSpec* values = nullptr);

// Whether the rows of an import file must fill a column: every row, some rows (a column's
// `when` says which), or none. What the checks of the import hold to; `help columns` says it.
enum class Need { kOptional, kRequired, kSometimes };

// A column of a record's file: its name (what export writes, import reads), the other headers
// import reads it by, its type, and the enumeration whose codes it holds, if it does (an export
// with Chinese labels writes their names; import reads them back); whether rows must fill it.
struct FileColumn {
  std::string name;
  std::vector<std::string> aliases;
  io::ColumnType type = io::ColumnType::kText;
  const FieldSpec* codes = nullptr;
  Need need = Need::kOptional;
  const char* when = nullptr;  // kSometimes: the rows that must fill it, marked N_() ("for a filed group")
};
// A required column; one some rows must fill (`when`, marked N_()).
FileColumn required(FileColumn column);
FileColumn required_when(FileColumn column, const char* when);
// The columns' names, in order.
std::vector<std::string> names_of(const std::vector<FileColumn>& columns);
// The column a header names: its name or an alias (trimmed, ASCII letters in any case).
std::optional<std::size_t> resolve_header(const std::vector<FileColumn>& columns, std::string_view header);
// The Chinese name of column `name` (key or alias): its first Chinese alias, as export writes
// it with Chinese headers; '' when it has none or the file no such column.
std::string chinese_header(const std::vector<FileColumn>& columns, std::string_view name);
// The column `name`, or nullptr when the file has none.
const FileColumn* find_column(const std::vector<FileColumn>& columns, std::string_view name);
// An empty table of the file's columns, as export writes them.
io::Table file_table(std::string record, const std::vector<FileColumn>& columns);
// Column `name` of a list or view of the file's records: where the file has the column, its
// Chinese header and the labels of its codes, as export writes them; else the name alone.
io::Column shown_column(const std::vector<FileColumn>& columns, std::string_view name, io::ColumnType type);

// A code of `spec` as a sentence for people says it: its Chinese label where messages are in
// Chinese ("合同 HT-1 为已签订状态"), the code itself in English.
std::string said(const FieldSpec& spec, const std::string& code);

// An output column (not an import file's) holding the codes of `values`: tables for people show
// their Chinese labels; its header comes from the message catalogue (lib/i18n/glossary.cpp).
io::Column coded(std::string name, const FieldSpec& values);

}  // namespace kunqu::vocab
