// What the files of lib/contract share: a contract's row and how to find it by number, money
// read from a flag, and the budget check. Internal to lib/contract; not part of the interface.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/contract.h"
#include "org/fields.h"

namespace kunqu::registry {
class Registry;
}
namespace kunqu::validate {
struct Problems;
}

namespace kunqu::contract::detail {

struct Contract {
  std::int64_t id = 0;
  std::string number, title, purchaser, field, status, starts_on, ends_on, signed_on, closed_on;
  std::optional<std::int64_t> provider;
  std::string company, company_code, company_check_on;
  std::int64_t amount = 0, original = 0;
  std::string items;
};

// The contract numbered `number` (kNotFound when there is none).
Contract load(registry::Registry& reg, std::string_view number);

// "¥1234.50"
std::string yuan(std::int64_t fen);

// Money in yuan (250000, 250000.00, 25万) as fen: nullopt (and a problem at `field`) when it is
// not, or when it is empty and `required`; `positive`: more than zero.
std::optional<std::int64_t> money_of(validate::Problems& p, const char* field, const std::string& text, bool required,
                                     bool positive = true);

// Each year's allocation of `c` must fit every budget line that covers it: throws the refusal.
void check_budgets(registry::Registry& reg, const Contract& c, const std::map<int, std::int64_t>& years);

// Column `name` of a list or view of `kind` records (transfer.cpp): where `kind`'s file has the
// column, its Chinese header and the labels of its codes, as export writes them; else the name.
io::Column shown_column(Kind kind, const char* name, io::ColumnType type = io::ColumnType::kText);

}  // namespace kunqu::contract::detail
