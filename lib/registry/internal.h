// What the files of lib/registry share about SQLite. Internal to lib/registry: SQLite's types
// stay out of every other header.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cstring>
#include <string>
#include <string_view>

#include "registry/registry.h"
#include "registry/seal.h"

namespace kunqu::registry {

// Throws SQLite's failure `e` as a kunqu::Error of the kind it is (busy, constraint, disk full,
// not a database …), `context` before its message.
[[noreturn]] void translate(const SQLite::Exception& e, std::string_view context = {});

// Runs migrations from+1 .. to (to 0: the newest) on `db`, setting its user_version after each.
void apply_migrations(SQLite::Database& db, int from, int to);

// The -wal and -shm files stay beside the registry when the last connection closes (the -wal
// emptied): a reader who may not write in the folder can read a registry in WAL mode only while
// they exist (SQLite's "Read-Only WAL databases"). Never immutable=1: the registry changes under
// its readers. For every connection to a registry file.
inline void keep_side_files(SQLite::Database& db, bool writes) {
  int persist = 1;
  sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  // How far a writer's checkpoint shrinks the -wal file (a reader never writes it).
  if (writes) db.exec("PRAGMA journal_size_limit = 4194304");
}

struct Registry::Impl {
  SQLite::Database db;
  int savepoints = 0;  // names nested transactions uniquely
  seal::Touched touched;  // what the open transaction wrote, for sealing at its commit
  bool left_wal = false;  // in the rollback journal of a first load (Registry::leave_wal_for_load)
  // SQLite's update hook cannot run SQL: it only notes the row, sealed at the commit.
  static void on_update(void* self, int, const char* database, const char* table, sqlite3_int64 rowid) {
    auto& t = static_cast<Impl*>(self)->touched;
    if (std::strcmp(database, "main") != 0 || std::strncmp(table, "sqlite_", 7) == 0) return;
    if (std::strcmp(table, "seal") == 0 || std::strcmp(table, "seal_table") == 0 || std::strcmp(table, "seal_node") == 0)
      return;  // the seals themselves
    if (std::strcmp(table, "audit") == 0) {
      t.audit.push_back(rowid);
      return;
    }
    auto it = t.rows.find(std::string_view(table));
    if (it == t.rows.end()) it = t.rows.emplace(table, seal::RowSet{}).first;
    it->second.add(rowid);
  }
  Impl(const std::string& path, int flags, int busy_ms) : db(path, flags, busy_ms) {
    sqlite3_update_hook(db.getHandle(), &Impl::on_update, this);
    if (path != ":memory:") keep_side_files(db, !(flags & SQLITE_OPEN_READONLY));
  }
};

// Resets every statement of `db` that was stepped and not reset (a look-up that read its one
// row): SQLite refuses to drop an index or change the journal while one is active.
// REQUIRES: no caller is in the middle of a statement's rows.
void reset_statements(SQLite::Database& db);

// The journal mode of `db`'s registry ("wal", "delete" …), as SQLite names it.
std::string journal_mode(SQLite::Database& db);

// On a connection that writes: the registry in WAL mode, where a first load that stopped before
// its end may have left it in its rollback journal (journal.cpp).
void keep_wal(SQLite::Database& db);

// A reading command met the rollback journal of a first load that stopped before its end
// (SQLITE_READONLY_ROLLBACK): undoes it on a connection that writes, and puts the registry back
// in WAL mode. Throws (kIo) when this user may not write the registry.
void undo_stopped_load(const std::string& path, const Session& session);

struct Query::Impl {
  SQLite::Statement stmt;
  Impl(SQLite::Database& db, std::string_view sql) : stmt(db, std::string(sql)) {}
};

}  // namespace kunqu::registry
