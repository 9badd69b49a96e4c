// The journal a registry is written through (registry/journal.cpp): WAL mode, but for a first
// load into a registry with no orgs, which runs under a rollback journal where it is the
// registry's one connection; a load that stopped before its end is undone by the next command,
// a reading one included.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "error.h"
#include "fixture.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/registry.h"
#include "registry/seal.h"

using namespace kunqu;
using namespace kunqu::test::orgs;
using kunqu::registry::Mode;
using kunqu::registry::Registry;
namespace fs = std::filesystem;

namespace {

// The hub and `n` registered orgs, one a line.
std::string rows(int n) {
  std::string text = kHeader + "\n" + hub_row() + "\n";
  for (int i = 0; i < n; ++i) text += registered_row(i) + "\n";
  return text;
}

// How the registry's files stood while an import ran, seen from its progress.
struct During {
  bool seen = false, rollback = false, journal_file = false;
  bool reader_waits = false;  // a reader opening then was refused for the lock (busy timeout 0)
};

ImportOptions watching(Registry& reg, During& during) {
  ImportOptions options;
  options.progress = [&reg, &during](std::uint64_t, std::uint64_t) {
    if (during.seen) return;
    during.seen = true;
    during.rollback = reg.in_rollback_journal();
    during.journal_file = fs::exists(reg.path() + "-journal");
    registry::Session impatient = test::test_session();
    impatient.busy_timeout_ms = 0;
    try {
      Registry reader = Registry::open(reg.path(), Mode::kReadOnly, impatient);
      test::count_rows(reader, "SELECT count(*) FROM org");
    } catch (const Error& e) {
      during.reader_waits = e.kind() == ErrorKind::kBusy;
    }
  };
  return options;
}

std::string journal_mode(Registry& reg) { return reg.info().journal_mode; }

// The size of the registry's -wal file (-1 without one).
long long wal_size(const std::string& path) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path + "-wal", ec);
  return ec ? -1 : static_cast<long long>(size);
}

}  // namespace

TEST_CASE("a first load writes under a rollback journal; the registry is in WAL mode before and after") {
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  Registry reg = test::make_file_registry(path);
  CHECK(journal_mode(reg) == "wal");
  During during;
  const ImportResult r = import_text(reg, rows(600), watching(reg, during));
  CHECK(r.added == 601);
  REQUIRE(during.seen);
  CHECK(during.rollback);
  CHECK(during.journal_file);
  CHECK(during.reader_waits);
  CHECK_FALSE(reg.in_rollback_journal());
  CHECK(journal_mode(reg) == "wal");
  CHECK(wal_size(path) == 0);  // nothing of the load went through the WAL
  CHECK(fs::exists(path + "-shm"));
  CHECK_FALSE(fs::exists(path + "-journal"));
  // The side files have the registry's mode (0600), as a new registry's have.
  CHECK((fs::status(path + "-shm").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(registry::seal::verify(reg, std::nullopt).empty());

  // The next load adds to orgs: in WAL mode throughout.
  During next;
  std::string more = kHeader + "\n";
  for (int i = 600; i < 1000; ++i) more += registered_row(i) + "\n";
  CHECK(import_text(reg, more, watching(reg, next)).added == 400);
  REQUIRE(next.seen);
  CHECK_FALSE(next.rollback);
  CHECK_FALSE(next.journal_file);
  CHECK_FALSE(next.reader_waits);
  CHECK(wal_size(path) > 0);  // this one did
  CHECK(org_count(reg) == 1001);
}

TEST_CASE("a dry run of a first load keeps the registry in WAL mode") {
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  Registry reg = test::make_file_registry(path);
  During during;
  ImportOptions options = watching(reg, during);
  options.dry_run = true;
  CHECK(import_text(reg, rows(600), options).added == 601);
  REQUIRE(during.seen);
  CHECK_FALSE(during.rollback);
  CHECK_FALSE(during.journal_file);
  CHECK_FALSE(during.reader_waits);
  CHECK(org_count(reg) == 0);
}

TEST_CASE("a first load stays in WAL mode while another connection holds the registry") {
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  Registry reg = test::make_file_registry(path);
  Registry reader = Registry::open(path, Mode::kReadOnly, test::test_session());
  CHECK(org_count(reader) == 0);
  During during;
  CHECK(import_text(reg, rows(600), watching(reg, during)).added == 601);
  REQUIRE(during.seen);
  CHECK_FALSE(during.rollback);
  CHECK_FALSE(during.journal_file);
  CHECK_FALSE(during.reader_waits);
  CHECK(org_count(reg) == 601);
  CHECK(org_count(reader) == 0);  // its snapshot, taken before the load
  CHECK(journal_mode(reg) == "wal");
}

TEST_CASE("a first load refused leaves nothing written and the registry in WAL mode") {
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  Registry reg = test::make_file_registry(path);
  const std::string text = rows(600) + "坏行,bogus,social_group,volunteer,,,,,,,,\n";
  During during;
  import_error(reg, text, watching(reg, during));
  CHECK(during.rollback);
  CHECK(org_count(reg) == 0);
  CHECK(journal_mode(reg) == "wal");
  CHECK_FALSE(fs::exists(path + "-journal"));
}

TEST_CASE("the rollback journal only for a file, outside a transaction, where the registry was not moved") {
  Registry in_memory = test::make_registry();
  CHECK_FALSE(in_memory.leave_wal_for_load());

  test::TempDir dir;
  const std::string path = dir.file("r.db"), away = dir.file("away.db");
  Registry reg = test::make_file_registry(path);
  {
    registry::Transaction tx(reg);
    CHECK_FALSE(reg.leave_wal_for_load());
  }
  REQUIRE(std::rename(path.c_str(), away.c_str()) == 0);
  CHECK_FALSE(reg.leave_wal_for_load());
  REQUIRE(std::rename(away.c_str(), path.c_str()) == 0);
  CHECK(reg.leave_wal_for_load());
  CHECK(journal_mode(reg) == "delete");
  reg.return_to_wal();
  CHECK(journal_mode(reg) == "wal");
}

TEST_CASE("a registry left in its rollback journal is in WAL mode again once a command writes") {
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  {
    Registry reg = test::make_file_registry(path);
    REQUIRE(reg.leave_wal_for_load());
  }  // closed without return_to_wal(), as a process killed after its load
  {
    Registry reader = Registry::open(path, Mode::kReadOnly, test::test_session());
    CHECK(journal_mode(reader) == "delete");  // a reader changes nothing
  }
  Registry writer = Registry::open(path, Mode::kReadWrite, test::test_session());
  CHECK(journal_mode(writer) == "wal");
  CHECK(fs::exists(path + "-wal"));
}

TEST_CASE("a load that stopped before its end is undone by the next command, a reading one too") {
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  { Registry made = test::make_file_registry(path); }
  // A child process starts a load that spills pages into the file, and ends without a word.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      Registry reg = Registry::open(path, Mode::kReadWrite, test::test_session());
      if (!reg.leave_wal_for_load()) ::_exit(2);
      registry::Transaction tx(reg);
      reg.exec("PRAGMA cache_size = 10");
      reg.exec("INSERT INTO setting (key, value) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
               "WHERE i < 2000) SELECT 'stopped.' || i, printf('%.500c', 'x') FROM n");
      ::_exit(0);
    } catch (...) {
      ::_exit(3);
    }
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  REQUIRE(fs::exists(path + "-journal"));
  CHECK(fs::file_size(path + "-journal") > 0);

  Registry reader = Registry::open(path, Mode::kReadOnly, test::test_session());
  CHECK(test::count_rows(reader, "SELECT count(*) FROM setting WHERE key LIKE 'stopped.%'") == 0);
  CHECK(journal_mode(reader) == "wal");
  CHECK_FALSE(fs::exists(path + "-journal"));
  CHECK(wal_size(path) == 0);  // the -wal and -shm kept by the connection that undid the load
  CHECK(fs::exists(path + "-shm"));
  CHECK(registry::seal::verify(reader, std::nullopt).empty());
}
