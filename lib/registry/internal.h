// What the files of lib/registry share about SQLite. Internal to lib/registry: SQLite's types
// stay out of every other header.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <string_view>

#include "registry/registry.h"

namespace kunqu::registry {

// Throws SQLite's failure `e` as a kunqu::Error of the kind it is (busy, constraint, disk full,
// not a database …), `context` before its message.
[[noreturn]] void translate(const SQLite::Exception& e, std::string_view context = {});

// Runs migrations from+1 .. to (to 0: the newest) on `db`, setting its user_version after each.
void apply_migrations(SQLite::Database& db, int from, int to);

struct Query::Impl {
  SQLite::Statement stmt;
  Impl(SQLite::Database& db, std::string_view sql) : stmt(db, std::string(sql)) {}
};

}  // namespace kunqu::registry
