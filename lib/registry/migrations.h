// The schema migrations built into the binary from schemas/migrations/NNN_name.sql
// (see cmake/embed_migrations.cmake). Version N is reached by applying 1..N in order.
#pragma once

#include <string>
#include <vector>

namespace kunqu::registry {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// All migrations, ordered by version, versions 1..N without gaps.
const std::vector<Migration>& migrations();

}  // namespace kunqu::registry
