// The schema migrations built into the binary from schemas/migrations/NNN_name.sql
// (see cmake/embed_migrations.cmake). Version N is reached by applying 1..N in order.
#pragma once

#include <vector>

namespace kunqu::registry {

// The texts are the ones built into the binary, not copies: every command that opens a
// registry asks for the newest version, and copying 84 KB of SQL to learn it took a twentieth of
// `kunqu org show`'s memory.
struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// All migrations, ordered by version, versions 1..N without gaps.
const std::vector<Migration>& migrations();

}  // namespace kunqu::registry
