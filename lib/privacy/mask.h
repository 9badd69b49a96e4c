// Personal data (个人信息保护法): which output columns hold it, and how they are masked —
// representatives' names (王**), phone numbers (138****5678) and addresses (the street kept,
// the rest ****).
#pragma once

#include <string>
#include <string_view>

namespace kunqu::privacy {

enum class Kind {
  kNone,
  kName,
  kPhone,
  kAddress,
  kJson,     // an audit entry's detail: the values of those keys inside it
  kCommand,  // a command line as typed: the values of those flags in it
};

// The kind of personal data an output column holds, by its (English, machine) name.
Kind kind_of_column(std::string_view column);

// The first character kept, every other one a '*': 王小明 → 王**.
std::string mask_name(std::string_view name);
// Digits but the first three and the last four become '*', separators stay: 13812345678 →
// 138****5678, 0472-2150001 → 047*-***0001. Fewer than eight digits: all but the last two.
std::string mask_phone(std::string_view phone);
// Kept through the last administrative unit (省 市 区 县 旗 镇 乡 街道, or a 社区) before the
// first number, then ****: 包头市昆都仑区沼潭街道176号 → 包头市昆都仑区沼潭街道****,
// 包头市昆都仑区沼潭路113号 → 包头市昆都仑区****. Without one, the first two characters
// and ****.
std::string mask_address(std::string_view address);

// The values of "representative", "phone" and "address" in JSON text masked as above.
std::string mask_json(std::string_view json);
// The arguments of --representative/--person-in-charge, --phone and --address/--venue in a
// command line masked as above.
std::string mask_command(std::string_view command);

std::string mask(Kind kind, std::string_view value);
// Whether `value`, of a column of `kind`, holds personal data (for kJson and kCommand: a key or
// flag of it with a value).
bool holds_personal_data(Kind kind, std::string_view value);

}  // namespace kunqu::privacy
