// libkunqu's connections in the process: SQLite set up before the first of them, for all
// (sqlite3_config works only before SQLite initializes; in a process where it already has,
// this changes nothing), and the reading connections of a process that ends with them left
// for its end (Session::ends_with_process).
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <vector>

#include "registry/internal.h"
#include "registry/registry.h"

namespace kunqu::registry {
namespace {

// SQLite's memory statistics are off: with them on, every allocation SQLite makes takes a global
// mutex to count it, and kunqu reads none of them (no sqlite3_memory_used, no soft heap limit).
// An import of 100,000 orgs made 7.9 million mutex calls with them, 4.9 million without.
const bool kMemoryStatisticsOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
// Nor does a connection allocate room for 20 pages of its cache when it opens (330 KB at
// kunqu's 16 KB pages, each slot written to link it): a look-up reads its pages in place from
// the mapped file and needs none of them, and a longer command's cache grows page by page as
// it does past those 20. 41 of `org show`'s 349 page faults.
const bool kNoBulkPageCache = sqlite3_config(SQLITE_CONFIG_PAGECACHE, static_cast<void*>(nullptr), 0, 0) == SQLITE_OK;

std::mutex kept_mutex;

}  // namespace

std::vector<std::unique_ptr<Registry::Impl>>& Registry::kept() {
  static auto* connections = new std::vector<std::unique_ptr<Impl>>();  // never destroyed
  return *connections;
}

void Registry::close_kept() {
  std::lock_guard<std::mutex> lock(kept_mutex);
  kept().clear();
}

// A reading connection of a process that ends with it is kept, not closed: closing frees each
// of the objects SQLite made of the schema, 0.14 ms of `org show`. Its snapshot is let go
// first: the output may yet wait on a pipe (a pager), and a writer's checkpoint could not
// reset the WAL past a reader's mark. Where either step fails, the connection closes here.
void Registry::keep_or_close() noexcept {
  if (!impl_ || !session_.ends_with_process) return;
  sqlite3* handle = impl_->db.getHandle();
  if (!sqlite3_db_readonly(handle, "main")) return;
  if (!sqlite3_get_autocommit(handle) && sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK)
    return;
  try {
    std::lock_guard<std::mutex> lock(kept_mutex);
    kept().push_back(std::move(impl_));  // unmoved if it throws
  } catch (...) {
  }
}

}  // namespace kunqu::registry
