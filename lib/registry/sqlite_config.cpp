// How SQLite is set up in a process that loads libkunqu: before its first connection, for all
// of them (sqlite3_config works only before SQLite initializes; in a process where it already
// has, this changes nothing).
#include <sqlite3.h>

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

}  // namespace
}  // namespace kunqu::registry
