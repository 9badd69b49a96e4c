// `db check`: whether a registry still holds what kunqu promises — SQLite's own integrity and
// foreign keys, and kunqu's invariants over the data (money, budgets, the credit lists, the
// incubator, codes, the menu).
#pragma once

#include <optional>
#include <string>

#include "io/table.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::check {

// Every finding as a row: check, subject, finding. No rows: everything holds. `sealed`: a chain
// head recorded earlier (`db seal`, a monthly report) that the audit chain must still contain.
io::Table run(registry::Registry& reg, const std::optional<std::string>& sealed = std::nullopt);

// The number of checks `run` makes (for the summary line).
std::size_t count();

}  // namespace kunqu::check
