// `db check`: whether a registry still holds what kunqu promises — SQLite's own integrity and
// foreign keys, and kunqu's invariants over the data (money, budgets, the credit lists, the
// incubator, codes, the menu).
#pragma once

#include <optional>
#include <string>

#include "io/table.h"
#include "registry/seal.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::check {

// Every finding as a row: check, subject, finding. No rows: everything holds. `sealed`: a chain
// head recorded earlier (`db seal`, a monthly report) that the audit chain must still contain.
// `seals`: false leaves out the audit chain and row seals (a registry being migrated, whose seals
// were verified before and are written as it commits).
io::Table run(registry::Registry& reg, const std::optional<std::string>& sealed = std::nullopt, bool seals = true,
              registry::seal::SealedHead* proven = nullptr);

// The check a migration makes before it commits (registry::MigrationCheck): every check but the
// seals; a finding refuses the migration (kIo), naming the findings.
void before_migration_commits(registry::Registry& reg);

// The number of checks `run` makes (for the summary line).
std::size_t count();

}  // namespace kunqu::check
