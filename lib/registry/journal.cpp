// The journal a registry is written through. WAL mode always (readers read while one writes),
// but for a first load into a table with no rows: in WAL mode its pages went into the WAL and
// were copied again into the file when the WAL was checkpointed, as much written twice as the
// registry holds (667 MB at a million orgs). Under a rollback journal the pages past the file's
// old end need no journal, so each is written once (README.md, "The registry").
#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "registry/access.h"
#include "registry/internal.h"

namespace kunqu::registry {

std::string journal_mode(SQLite::Database& db) {
  SQLite::Statement q(db, "PRAGMA journal_mode");
  q.executeStep();
  return q.getColumn(0).getString();
}

namespace {

// WAL mode, and its two files made now and given the registry's group and mode (SQLite makes
// them at the first read after the switch): a reader who may not write the folder reads a
// registry in WAL mode only while they are there.
void to_wal(SQLite::Database& db, const std::string& path) {
  db.exec("PRAGMA journal_mode = WAL");
  SQLite::Statement read(db, "SELECT count(*) FROM sqlite_schema");
  read.executeStep();
  read.reset();
  share_side_files(path);
}

}  // namespace

void reset_statements(SQLite::Database& db) {
  sqlite3* handle = db.getHandle();
  for (sqlite3_stmt* s = sqlite3_next_stmt(handle, nullptr); s; s = sqlite3_next_stmt(handle, s))
    if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
}

void keep_wal(SQLite::Database& db) {
  // The first read also rolls back what a stopped load left in the rollback journal.
  if (journal_mode(db) != "wal") to_wal(db, db.getFilename());
}

void undo_stopped_load(const std::string& path, const Session& session) {
  if (!write_refusal(access_of(path)).empty())
    throw Error(ErrorKind::kIo, trf("registry '{}' holds the journal of an import that stopped before its end; "
                                    "it is undone when someone who may write the registry runs kunqu on it",
                                    path));
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE, session.busy_timeout_ms);
    keep_side_files(db, true);
    keep_wal(db);
  } catch (const SQLite::Exception& e) {
    translate(e, path);
  }
}

bool Registry::leave_wal_for_load() {
  SQLite::Database& db = impl_->db;
  if (path_ == ":memory:" || sqlite3_get_autocommit(db.getHandle()) == 0) return false;
  // A registry renamed or removed while open is written only through the WAL it has open: a
  // rollback journal would be made beside a name that is no longer the registry's.
  int moved = 0;
  sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved);
  if (moved) return false;
  reset_statements(db);
  // The connection keeps the lock it takes to leave WAL mode until it is back in it: no reader
  // comes between, to hold the load up at each spill of its cache or at its commit, or to
  // keep it from WAL mode after.
  db.exec("PRAGMA locking_mode = EXCLUSIVE");
  try {
    // Refused at once (SQLITE_BUSY, no wait) while another connection has the registry open.
    SQLite::Statement q(db, "PRAGMA journal_mode = DELETE");
    impl_->left_wal = q.executeStep() && q.getColumn(0).getString() == "delete";
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xff) != SQLITE_BUSY) translate(e, path_);
  }
  if (!impl_->left_wal) db.exec("PRAGMA locking_mode = NORMAL");
  return impl_->left_wal;
}

void Registry::return_to_wal() noexcept {
  if (!impl_->left_wal) return;
  impl_->left_wal = false;
  try {
    reset_statements(impl_->db);
    // Still holding the lock: the switch back cannot be refused; the lock goes with it (and the
    // rollback journal, kept while the lock was: SQLite's exclusive mode empties it instead).
    impl_->db.exec("PRAGMA locking_mode = NORMAL");
    to_wal(impl_->db, path_);
  } catch (...) {
    // Left as it is, the registry is in WAL mode again at the next command that writes (keep_wal).
  }
}

bool Registry::in_rollback_journal() const { return impl_->left_wal; }

}  // namespace kunqu::registry
