// Tests for registry: creating and opening registry files (permissions, refusals that leave a
// file untouched, migration with a backup), pragmas, keys, the audit log, transactions and
// settings. Files live in a fresh mkdtemp directory under /tmp, removed afterwards.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "error.h"
#include "fixture.h"
#include "registry/registry.h"

using namespace kunqu;
using kunqu::registry::Mode;
using kunqu::registry::Registry;
namespace fs = std::filesystem;

namespace {

using test::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// The kind and message of the Error `f` throws; fails the test when it throws nothing.
template <typename F>
std::optional<Error> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL_CHECK("expected a kunqu::Error");
  return std::nullopt;
}

using test::contains;

// A plain SQLite file made without kunqu; `sql` runs in it.
void make_sqlite_file(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(sql);
}

int pragma(const std::string& path, const std::string& name) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "PRAGMA " + name);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

TEST_CASE("create makes a 0600 registry with the schema applied and WAL journal") {
  TempDir dir;
  const std::string path = dir.file("kunqu.db");
  {
    Registry reg = Registry::create(path, test::test_session());
    CHECK(reg.path() == path);
    auto info = reg.info();
    CHECK(info.schema_version == registry::latest_schema_version());
    CHECK(info.binary_schema_version == registry::latest_schema_version());
    CHECK(info.journal_mode == "wal");
    CHECK(reg.migration_backup().empty());
    CHECK(test::count_rows(reg, "SELECT count(*) FROM org") == 0);
  }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(pragma(path, "application_id") == registry::kApplicationId);
  CHECK(pragma(path, "user_version") == registry::latest_schema_version());
  CHECK(pragma(path, "page_size") == 16384);
  CHECK(registry::latest_schema_version() >= 1);

  // Reopened, the journal mode is still WAL and nothing needs migrating.
  Registry again = Registry::open(path, Mode::kReadWrite, test::test_session());
  CHECK(again.info().journal_mode == "wal");
  CHECK(again.migration_backup().empty());
}

TEST_CASE("SQLite keeps no memory statistics: its allocations take no global mutex") {
  TempDir dir;
  Registry reg = Registry::create(dir.file("kunqu.db"), test::test_session());
  reg.exec("CREATE TEMP TABLE t (x TEXT)");
  reg.exec("INSERT INTO temp.t SELECT hex(randomblob(100)) FROM (SELECT 1 UNION ALL SELECT 2)");
  // With the statistics on, SQLite counts what it holds: its schema and page cache at least.
  sqlite3_int64 used = -1, highest = -1;
  REQUIRE(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highest, 0) == SQLITE_OK);
  CHECK(used == 0);
  CHECK(highest == 0);
}

TEST_CASE("create refuses an existing path and makes missing parent directories") {
  TempDir dir;
  const std::string existing = dir.file("existing.db");
  write_bytes(existing, "keep me");
  auto e = error_of([&] { Registry::create(existing, test::test_session()); });
  REQUIRE(e);
  CHECK(e->kind() == ErrorKind::kIo);
  CHECK(contains(e->what(), "already exists"));
  CHECK(read_bytes(existing) == "keep me");

  // Creating over an existing registry refuses too.
  const std::string reg_path = dir.file("reg.db");
  { Registry::create(reg_path, test::test_session()); }
  auto again = error_of([&] { Registry::create(reg_path, test::test_session()); });
  REQUIRE(again);
  CHECK(again->kind() == ErrorKind::kIo);

  const std::string nested = dir.file("a/b/c/kunqu.db");
  { Registry::create(nested, test::test_session()); }
  CHECK(fs::is_regular_file(nested));
  CHECK(fs::is_directory(dir.path / "a" / "b" / "c"));
  struct stat st {};
  REQUIRE(::stat(nested.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("create with an unknown group is a usage error and leaves no file") {
  TempDir dir;
  const std::string path = dir.file("shared.db");
  auto e = error_of([&] { Registry::create(path, test::test_session(), std::string("kunqu-no-such-group-zz")); });
  REQUIRE(e);
  CHECK(e->kind() == ErrorKind::kUsage);
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a reading connection goes without SQLite's connection mutex, a writing one keeps it") {
  TempDir dir;
  const std::string path = dir.file("registry.db");
  Registry::create(path, test::test_session());
  // The import hands a writing connection to its second thread: only with the mutex.
  CHECK(Registry::open(path, Mode::kReadWrite, test::test_session()).serialized());
  Registry reader = Registry::open(path, Mode::kReadOnly, test::test_session());
  CHECK_FALSE(reader.serialized());
  auto q = reader.prepare("SELECT count(*) FROM org");
  REQUIRE(q.step());
  CHECK(q.integer(0) == 0);
}

TEST_CASE("a reading connection reads one state of the registry, whatever is written meanwhile") {
  TempDir dir;
  const std::string path = dir.file("registry.db");
  Registry::create(path, test::test_session());
  auto entries = [](Registry& reg) {
    auto q = reg.prepare("SELECT count(*) FROM audit");
    REQUIRE(q.step());
    return q.integer(0).value_or(-1);
  };
  Registry reader = Registry::open(path, Mode::kReadOnly, test::test_session());
  const std::int64_t before = entries(reader);
  {
    Registry writer = Registry::open(path, Mode::kReadWrite, test::test_session());
    registry::Transaction tx(writer);
    writer.audit("test.write", std::nullopt, "{}");
    tx.commit();
    CHECK(entries(writer) == before + 1);
  }
  CHECK(entries(reader) == before);  // as at its first read
  Registry later = Registry::open(path, Mode::kReadOnly, test::test_session());
  CHECK(entries(later) == before + 1);
}

TEST_CASE("a reading connection of a process that ends with it stays open until the next open") {
  TempDir dir;
  const std::string path = dir.file("registry.db");
  Registry::create(path, test::test_session());
  const registry::Session ending = test::ending_session();
  REQUIRE(test::open_files(path) == 0);
  for (Mode mode : {Mode::kLookUp, Mode::kReadOnly}) {
    {
      Registry reader = Registry::open(path, mode, ending);
      auto q = reader.prepare("SELECT count(*) FROM org");
      REQUIRE(q.step());
      CHECK(test::open_files(path) == 1);
    }
    CHECK(test::open_files(path) == 1);  // left for the system to close
  }
  {
    // The next open closes it first: a load into an empty registry needs to be the only
    // connection, and a writer's close the last one (its checkpoint).
    Registry writer = Registry::open(path, Mode::kReadWrite, ending);
    CHECK(test::open_files(path) == 1);
    registry::Transaction tx(writer);
    writer.audit("test.write", std::nullopt, "{}");
    tx.commit();
  }
  CHECK(test::open_files(path) == 0);  // a writing connection is closed, whatever the session says
  {
    Registry reader = Registry::open(path, Mode::kReadOnly, test::test_session());
    auto q = reader.prepare("SELECT count(*) FROM audit WHERE action = 'test.write'");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 1);
  }
  CHECK(test::open_files(path) == 0);  // and so is a reading one where the process goes on
}

TEST_CASE("a reading connection left for the process's end holds no snapshot of the registry") {
  TempDir dir;
  const std::string path = dir.file("registry.db");
  Registry::create(path, test::test_session());
  const registry::Session ending = test::ending_session();
  {
    Registry reader = Registry::open(path, Mode::kLookUp, ending);
    auto q = reader.prepare("SELECT count(*) FROM audit");
    REQUIRE(q.step());  // its snapshot taken
  }
  REQUIRE(test::open_files(path) == 1);
  // Another program writes and checkpoints: no reader's mark keeps the WAL from being emptied.
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("CREATE TABLE scratch (x INTEGER); INSERT INTO scratch VALUES (1)");
  SQLite::Statement checkpoint(other, "PRAGMA wal_checkpoint(TRUNCATE)");
  REQUIRE(checkpoint.executeStep());
  CHECK(checkpoint.getColumn(0).getInt() == 0);  // not busy
  CHECK(checkpoint.getColumn(1).getInt() == 0);  // the WAL emptied
}

TEST_CASE("a reading connection that open refuses is closed, whatever the session says") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  Registry::create(path, test::test_session(), std::nullopt, 17);
  const registry::Session ending = test::ending_session();
  CHECK_THROWS_AS(Registry::open(path, Mode::kReadOnly, ending), Error);  // older than this kunqu
  CHECK(test::open_files(path) == 0);
}

TEST_CASE("open refuses a file that is not a kunqu registry and leaves it untouched") {
  TempDir dir;

  SUBCASE("not SQLite at all") {
    const std::string path = dir.file("notes.db");
    const std::string bytes = "名称,类型\nthis is not a database, just some text that is long enough\n";
    write_bytes(path, bytes);
    for (Mode mode : {Mode::kReadWrite, Mode::kReadOnly}) {
      auto e = error_of([&] { Registry::open(path, mode, test::test_session()); });
      REQUIRE(e);
      CHECK(e->kind() == ErrorKind::kIo);
      CHECK(contains(e->what(), "not a kunqu registry"));
      CHECK(read_bytes(path) == bytes);
    }
  }

  SUBCASE("a SQLite file of another application") {
    const std::string path = dir.file("other.sqlite");
    make_sqlite_file(path, "PRAGMA application_id = 1234; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
    const std::string bytes = read_bytes(path);
    REQUIRE_FALSE(bytes.empty());
    for (Mode mode : {Mode::kReadWrite, Mode::kReadOnly}) {
      auto e = error_of([&] { Registry::open(path, mode, test::test_session()); });
      REQUIRE(e);
      CHECK(e->kind() == ErrorKind::kIo);
      CHECK(contains(e->what(), "not a kunqu registry"));
      CHECK(read_bytes(path) == bytes);
    }
    CHECK(pragma(path, "user_version") == 0);
    CHECK(pragma(path, "application_id") == 1234);
  }
}

TEST_CASE("open refuses a registry with a newer schema, untouched") {
  TempDir dir;
  const std::string path = dir.file("future.db");
  { Registry::create(path, test::test_session()); }
  const int newer = registry::latest_schema_version() + 1;
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  const std::string bytes = read_bytes(path);
  for (Mode mode : {Mode::kReadWrite, Mode::kReadOnly}) {
    auto e = error_of([&] { Registry::open(path, mode, test::test_session()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::kIo);
    CHECK(contains(e->what(), "newer"));
    CHECK(read_bytes(path) == bytes);
  }
  CHECK(pragma(path, "user_version") == newer);
  int backups = 0;
  for (const auto& entry : fs::directory_iterator(dir.path))
    if (contains(entry.path().string(), ".bak")) ++backups;
  CHECK(backups == 0);
}

TEST_CASE("an older registry is migrated on a read-write open, with a backup beside it") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  make_sqlite_file(path, "PRAGMA application_id = " + std::to_string(registry::kApplicationId) + ";");
  REQUIRE(pragma(path, "application_id") == registry::kApplicationId);
  REQUIRE(pragma(path, "user_version") == 0);
  const std::string bytes = read_bytes(path);

  // Read-only: refused with advice, the file as it was.
  auto e = error_of([&] { Registry::open(path, Mode::kReadOnly, test::test_session()); });
  REQUIRE(e);
  CHECK(e->kind() == ErrorKind::kIo);
  CHECK(contains(e->what(), "older"));
  CHECK(contains(e->what(), "‹db migrate›"));
  CHECK(read_bytes(path) == bytes);

  std::string backup;
  {
    Registry reg = Registry::open(path, Mode::kReadWrite, test::test_session());
    backup = reg.migration_backup();
    CHECK(reg.info().schema_version == registry::latest_schema_version());
    CHECK(reg.info().journal_mode == "wal");
    CHECK(test::count_rows(reg, "SELECT count(*) FROM org") == 0);
    // The migration itself is audited, naming the versions and the backup.
    CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'db.migrate'") == 1);
    CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE detail LIKE '%\"from\":0,\"to\":" +
                                     std::to_string(registry::latest_schema_version()) + ",%'") == 1);
    // Migrating again has nothing to do.
    CHECK(reg.migrate().empty());
  }
  REQUIRE_FALSE(backup.empty());
  CHECK(backup == path + ".v0-20150630T080000Z.bak");
  CHECK(fs::path(backup).parent_path() == dir.path);
  REQUIRE(fs::is_regular_file(backup));
  // The backup is the registry as it was before migrating.
  CHECK(pragma(backup, "user_version") == 0);
  CHECK(pragma(backup, "application_id") == registry::kApplicationId);
  struct stat st {};
  REQUIRE(::stat(backup.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(pragma(path, "user_version") == registry::latest_schema_version());
  // A registry keeps the page size it was made with (SQLite's 4 KB here); only `db init` sets it.
  CHECK(pragma(path, "page_size") == 4096);

  // Now current: a read-only open works and writes no backup.
  Registry ro = Registry::open(path, Mode::kReadOnly, test::test_session());
  CHECK(ro.migration_backup().empty());
}

TEST_CASE("data written in a committed transaction survives reopening") {
  TempDir dir;
  const std::string path = dir.file("kunqu.db");
  {
    Registry reg = Registry::create(path, test::test_session());
    registry::Transaction tx(reg);
    reg.set_setting("district.name", "昆都仑区");
    reg.audit("db.init", std::nullopt, "{}");
    tx.commit();
  }
  Registry reg = Registry::open(path, Mode::kReadOnly, test::test_session());
  CHECK(reg.setting("district.name") == std::optional<std::string>("昆都仑区"));
  // The schema's own entry, then this one.
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit") == 2);
}

TEST_CASE("org_key and parse_org_key round trip") {
  CHECK(registry::org_key(1) == "K0000001");
  CHECK(registry::org_key(42) == "K0000042");
  CHECK(registry::org_key(9999999) == "K9999999");
  CHECK(registry::org_key(12345678) == "K12345678");
  for (std::int64_t id : {1LL, 42LL, 514LL, 9999999LL, 12345678LL})
    CHECK(registry::parse_org_key(registry::org_key(id)) == std::optional<std::int64_t>(id));
  CHECK(registry::parse_org_key("k0000042") == std::optional<std::int64_t>(42));
  CHECK(registry::parse_org_key("K42") == std::optional<std::int64_t>(42));
  for (const char* bad : {"", "K", "K0", "K0000000", "X0000042", "0000042", "K00000a2", "K-1", " K0000042",
                          "K99999999999999999999", "52150203MJ0000010X"}) {
    INFO("key: '" << std::string(bad) << "'");
    CHECK_FALSE(registry::parse_org_key(bad).has_value());
  }
}

TEST_CASE("audit entries carry the session's actor, command line and time") {
  Registry reg = test::make_registry(false);
  CHECK(reg.now_utc() == "2015-06-30T08:00:00Z");
  std::int64_t first = 0, second = 0;
  {
    registry::Transaction tx(reg);
    first = reg.audit("test.first", std::nullopt, R"({"n":1})");
    second = reg.audit("test.second", std::int64_t{7}, "{}");
    reg.set_audit_detail(second, R"({"rows":3})");
    tx.commit();
  }
  CHECK(second == first + 1);
  auto q = reg.prepare("SELECT at, actor, command, action, org_id, detail FROM audit WHERE id = ?");
  q.bind(1, first);
  REQUIRE(q.step());
  CHECK(q.text(0) == std::optional<std::string>("2015-06-30T08:00:00Z"));
  CHECK(q.text(1) == std::optional<std::string>("tester"));
  CHECK(q.text(2) == std::optional<std::string>("kunqu test"));
  CHECK(q.text(3) == std::optional<std::string>("test.first"));
  CHECK(q.is_null(4));
  CHECK(q.text(5) == std::optional<std::string>(R"({"n":1})"));

  auto q2 = reg.prepare("SELECT org_id, detail FROM audit WHERE id = ?");
  q2.bind(1, second);
  REQUIRE(q2.step());
  CHECK(q2.integer(0) == std::optional<std::int64_t>(7));
  CHECK(q2.text(1) == std::optional<std::string>(R"({"rows":3})"));

  // The session can change between commands (e.g. another actor).
  reg.session().actor = "王芳";
  {
    registry::Transaction tx(reg);
    reg.audit("test.third", std::nullopt, "{}");
    tx.commit();
  }
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE actor = '王芳'") == 1);
}

TEST_CASE("a transaction that is not committed rolls back") {
  Registry reg = test::make_registry(false);
  {
    registry::Transaction tx(reg);
    reg.set_setting("density_target", "25");
    reg.audit("test.lost", std::nullopt, "{}");
  }
  CHECK_FALSE(reg.setting("density_target").has_value());
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'test.lost'") == 0);

  {
    registry::Transaction tx(reg);
    reg.set_setting("density_target", "25");
    tx.rollback();
  }
  CHECK_FALSE(reg.setting("density_target").has_value());

  // A throw inside the transaction leaves nothing behind either.
  try {
    registry::Transaction tx(reg);
    reg.set_setting("density_target", "30");
    throw_invalid("stop");
  } catch (const Error&) {
  }
  CHECK_FALSE(reg.setting("density_target").has_value());

  {
    registry::Transaction tx(reg);
    reg.set_setting("density_target", "25");
    tx.commit();
  }
  CHECK(reg.setting("density_target") == std::optional<std::string>("25"));
}

TEST_CASE("settings round trip") {
  Registry reg = test::make_registry(false);
  CHECK_FALSE(reg.setting("district.name").has_value());
  reg.set_setting("district.name", "昆都仑区");
  reg.set_setting("filing_number_pattern", "KQBA-{year}-{seq:04}");
  CHECK(reg.setting("district.name") == std::optional<std::string>("昆都仑区"));
  CHECK(reg.setting("filing_number_pattern") == std::optional<std::string>("KQBA-{year}-{seq:04}"));
  reg.set_setting("district.name", "青山区");
  CHECK(reg.setting("district.name") == std::optional<std::string>("青山区"));
  CHECK(test::count_rows(reg, "SELECT count(*) FROM setting") == 2);
  reg.set_setting("notes", "");
  CHECK(reg.setting("notes") == std::optional<std::string>(""));
}

TEST_CASE("in_memory registries have every migration and foreign keys on") {
  Registry reg = test::make_registry(false);
  CHECK(reg.path() == ":memory:");
  CHECK(reg.info().schema_version == registry::latest_schema_version());
  CHECK(reg.migrate().empty());
  auto q = reg.prepare("PRAGMA foreign_keys");
  REQUIRE(q.step());
  CHECK(q.integer(0) == std::optional<std::int64_t>(1));
  // A constraint failure surfaces as kInvalidData.
  auto e = error_of([&] { reg.exec("INSERT INTO community (street_id, name) VALUES (999, 'x')"); });
  REQUIRE(e);
  CHECK(e->kind() == ErrorKind::kInvalidData);
}

TEST_CASE("a transaction inside another is a savepoint: undone alone, kept only with the outer one") {
  Registry reg = test::make_registry(false);
  {
    registry::Transaction outer(reg);
    reg.set_setting("district.name", "昆都仑区");
    {
      registry::Transaction inner(reg);
      reg.set_setting("density_target", "25");
    }  // not committed: only the inner write is undone
    CHECK_FALSE(reg.setting("density_target").has_value());
    CHECK(reg.setting("district.name") == std::optional<std::string>("昆都仑区"));
    try {
      registry::Transaction inner(reg);
      reg.set_setting("density_target", "30");
      throw_invalid("stop");
    } catch (const Error&) {
    }
    CHECK_FALSE(reg.setting("density_target").has_value());
    {
      registry::Transaction inner(reg);
      reg.set_setting("density_target", "40");
      inner.commit();
    }
    CHECK(reg.setting("density_target") == std::optional<std::string>("40"));
  }  // the outer one is not committed: everything goes
  CHECK_FALSE(reg.setting("district.name").has_value());
  CHECK_FALSE(reg.setting("density_target").has_value());
  {
    registry::Transaction outer(reg);
    {
      registry::Transaction inner(reg);
      reg.set_setting("density_target", "40");
      inner.commit();
    }
    outer.commit();
  }
  CHECK(reg.setting("density_target") == std::optional<std::string>("40"));
}

TEST_CASE("backup_to: a consistent copy, mode 0600, never over an existing file") {
  TempDir dir;
  const std::string path = dir.file("kunqu.db"), copy = dir.file("backup.db");
  Registry reg = Registry::create(path, test::test_session());
  {
    registry::Transaction tx(reg);
    reg.set_setting("district.name", "昆都仑区");
    reg.audit("db.init", std::nullopt, "{}");
    tx.commit();
  }
  reg.backup_to(copy);
  struct stat st {};
  REQUIRE(::stat(copy.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  Registry restored = Registry::open(copy, Mode::kReadOnly, test::test_session());
  CHECK(restored.setting("district.name") == std::optional<std::string>("昆都仑区"));
  CHECK(test::count_rows(restored, "SELECT count(*) FROM audit") == 2);
  Error e = test::error_of([&] { reg.backup_to(copy); });
  CHECK(e.kind() == ErrorKind::kIo);
  CHECK(test::contains(e.what(), "exists already"));
}
