// `db check`: whether a registry still holds what kunqu promises — SQLite's own integrity and
// foreign keys, and kunqu's invariants over the data (money, budgets, the credit lists, the
// incubator, codes, the menu).
#pragma once

#include "io/table.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::check {

// Every finding as a row: check, subject, finding. No rows: everything holds.
io::Table run(registry::Registry& reg);

// The number of checks `run` makes (for the summary line).
std::size_t count();

}  // namespace kunqu::check
