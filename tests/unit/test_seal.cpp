// The audit chain and the row seals (lib/registry/seal.cpp): what kunqu writes seals itself,
// whatever the transaction's shape; an older registry is sealed whole by its migration.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fixture.h"
#include "check/check.h"
#include "org/org.h"
#include "registry/registry.h"
#include "registry/seal.h"

using namespace kunqu;
using registry::Mode;
using registry::Registry;
using namespace kunqu::org;

namespace {

using test::TempDir;

std::string findings(Registry& reg) {
  std::string s;
  for (const auto& f : registry::seal::verify(reg, std::nullopt)) s += f.check + " | " + f.subject + " | " + f.finding + "\n";
  return s;
}

io::RawRecord a_group(const std::string& name) {
  return test::make_record({{kName, name}, {kTier, "grassroots"}, {kType, "social_group"}, {kCategory, "culture_sports"},
                            {kStreet, "林荫路街道"}, {kCommunity, "乌兰社区"}, {kFiledOn, "2015-03-01"}});
}

void add_org(Registry& reg, const std::string& name) { org::add(reg, a_group(name)); }

// The same in a registry of an older schema, as its kunqu wrote it.
void add_old_org(Registry& reg, const std::string& name) { test::add_old_org(reg, a_group(name)); }

}  // namespace

TEST_CASE("every commit seals its rows and chains its audit entries") {
  Registry reg = test::make_registry();
  CHECK(findings(reg) == "");
  add_org(reg, "夕阳红舞蹈队");
  CHECK(findings(reg) == "");
  // Each entry is chained to the one before it.
  auto q = reg.prepare("SELECT a.id FROM audit a JOIN audit b ON b.id = a.id - 1 WHERE a.prev <> b.hash");
  CHECK_FALSE(q.step());
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE hash IS NULL") == 0);
  // The entry lists the row it wrote; its state is the root of the seal tree, kept in seal_node.
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE id = (SELECT max(id) FROM audit) AND wrote = 'org:1' "
                              "AND state IN (SELECT lower(hex(hash)) FROM seal_node)") == 1);
  auto head = registry::seal::head(reg);
  REQUIRE(head);
  CHECK(head->action == "org.add");
  CHECK(head->hash.size() == 64);
  CHECK(registry::seal::verify(reg, head->hash).empty());
}

TEST_CASE("a savepoint undone, a transaction rolled back, a write without an entry: all stay sealed") {
  Registry reg = test::make_registry();
  {
    registry::Transaction outer(reg);
    reg.set_setting("density_target", "25");
    {
      registry::Transaction inner(reg);
      reg.set_setting("extra", "1");
      reg.audit("test.inner", std::nullopt, "{}");
    }  // undone: its row and its entry are gone
    reg.audit("test.outer", std::nullopt, "{}");
    outer.commit();
  }
  CHECK(findings(reg) == "");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'test.inner'") == 0);
  {
    registry::Transaction tx(reg);
    reg.set_setting("density_target", "30");
    reg.audit("test.lost", std::nullopt, "{}");
  }  // rolled back
  {
    registry::Transaction tx(reg);
    reg.set_setting("density_target", "35");
    tx.commit();  // no entry of its own: one is written for it
  }
  CHECK(findings(reg) == "");
  CHECK(registry::seal::head(reg)->action == "db.write");
  CHECK(reg.setting("density_target") == std::optional<std::string>("35"));
}

TEST_CASE("two connections writing in turn keep one chain") {
  TempDir dir;
  const std::string path = dir.file("kunqu.db");
  { Registry::create(path, test::test_session()); }
  Registry a = Registry::open(path, Mode::kReadWrite, test::test_session());
  Registry b = Registry::open(path, Mode::kReadWrite, test::test_session());
  for (int i = 0; i < 5; ++i) {
    Registry& r = i % 2 ? b : a;
    registry::Transaction tx(r);
    r.set_setting("turn", std::to_string(i));
    r.audit("test.turn", std::nullopt, "{}");
    tx.commit();
  }
  CHECK(findings(a) == "");
  CHECK(test::count_rows(a, "SELECT count(*) FROM audit WHERE action = 'test.turn'") == 5);
}

TEST_CASE("a registry from before the seals is sealed whole by its migration") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    // As a kunqu of schema 7 made it, before issue 8: no seals, no schema stamps.
    Registry reg = Registry::create(path, test::test_session(), std::nullopt, 7);
    add_old_org(reg, "夕阳红舞蹈队");
    add_old_org(reg, "读书会");
  }
  Registry reg = Registry::open(path, Mode::kReadWrite, test::test_session());
  CHECK(reg.info().schema_version == registry::latest_schema_version());
  CHECK(findings(reg) == "");
  CHECK(registry::seal::head(reg)->action == "db.migrate");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'db.migrate' AND ';' || wrote || ';' LIKE '%;org:1..2;%'") == 1);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE hash IS NULL") == 0);
  // And a change behind kunqu's back afterwards is named.
  reg.exec("UPDATE org SET name = '读书社' WHERE id = 2");
  CHECK(findings(reg) == "row seals | K0000002 | org row 2 was changed outside kunqu\n");
}

namespace {

// `path`'s bytes, and those of its -wal file (a migration refused must leave both as they were).
std::string file_state(const std::string& path) {
  std::string all;
  for (const std::string& f : {path, path + "-wal"}) {
    std::ifstream in(f, std::ios::binary);
    all += std::string(std::istreambuf_iterator<char>(in), {}) + "|";
  }
  return all;
}

// The message of what `f` throws, or "".
template <typename F>
std::string refusal(F f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kIo);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a registry whose version was set back is refused, not resealed") {
  TempDir dir;
  const std::string path = dir.file("r.db");
  {
    Registry reg = Registry::create(path, test::test_session());
    add_org(reg, "夕阳红舞蹈队");
    add_org(reg, "读书会");
  }
  {
    // The laundering recipe: a row changed, the seals dropped, the version set back to 7 so that
    // a migration would seal everything anew.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE org SET name = '读书社' WHERE id = 2");
    db.exec("DROP TABLE seal_node");
    for (const char* c : {"prev", "wrote", "state", "hash"}) db.exec(std::string("ALTER TABLE audit DROP COLUMN ") + c);
    db.exec("PRAGMA user_version = 7");
  }
  const std::string before = file_state(path);
  const std::string latest = std::to_string(registry::latest_schema_version());
  const std::string message = refusal([&] { Registry::open(path, Mode::kReadWrite, test::test_session()); });
  CHECK(message == "registry '" + path + "' says schema version 7, but its own records were written by a later kunqu; "
                   "it was changed outside kunqu, and nothing was migrated (restore a backup):\n"
                   "  audit entry 1 was written under schema " + latest + "\n"
                   "  audit entry 2 was written under schema " + latest + "\n"
                   "  audit entry 3 was written under schema " + latest + "\n"
                   "  audit entry 1 (db.create) made it schema " + latest);
  CHECK(file_state(path) == before);
  CHECK_FALSE(std::filesystem::exists(path + ".v7-20150630T080000Z.bak"));

  // Without the stamps, the entry that made the registry still tells.
  { SQLite::Database(path, SQLite::OPEN_READWRITE).exec("ALTER TABLE audit DROP COLUMN schema"); }
  CHECK(refusal([&] { Registry::open(path, Mode::kReadWrite, test::test_session()); }) ==
        "registry '" + path + "' says schema version 7, but its own records were written by a later kunqu; it was "
        "changed outside kunqu, and nothing was migrated (restore a backup):\n  audit entry 1 (db.create) made it schema " + latest);

  // A registry claiming 7 that still holds the seal tree of 16.
  {
    Registry fresh = Registry::create(dir.file("s.db"), test::test_session());
  }
  {
    SQLite::Database db(dir.file("s.db"), SQLite::OPEN_READWRITE);
    db.exec("ALTER TABLE audit DROP COLUMN schema");
    db.exec("UPDATE audit SET detail = '{\"schema\":7}'");
    db.exec("PRAGMA user_version = 7");
  }
  CHECK(refusal([&] { Registry::open(dir.file("s.db"), Mode::kReadWrite, test::test_session()); }) ==
        "registry '" + dir.file("s.db") + "' says schema version 7, but its own records were written by a later kunqu; "
        "it was changed outside kunqu, and nothing was migrated (restore a backup):\n"
        "  its audit entries are sealed, as from schema 8\n  it holds the seal tree of schema 16");
}

TEST_CASE("a sealed registry is migrated only when its seals hold and db check finds nothing") {
  TempDir dir;
  const std::string original = dir.file("v8.db");
  {
    // As a kunqu of schema 8 made it: sealed, without the entries' schema stamps.
    Registry reg = Registry::create(original, test::test_session(), std::nullopt, 8);
    add_old_org(reg, "夕阳红舞蹈队");
    CHECK(findings(reg) == "");
  }
  const std::string path = dir.file("r.db");
  auto fresh = [&](const char* change) {
    std::filesystem::remove(path);
    std::filesystem::copy_file(original, path);
    SQLite::Database(path, SQLite::OPEN_READWRITE).exec(change);
  };

  // A row changed behind kunqu's back: the seals fail, nothing is migrated.
  fresh("UPDATE org SET name = '夕阳红舞蹈团' WHERE id = 1");
  std::string before = file_state(path);
  const std::string message = refusal([&] { Registry::open(path, Mode::kReadWrite, test::test_session()); });
  CHECK(message == "registry '" + path + "' fails its seals, so it is not migrated (a migration would seal what was "
                   "changed); nothing was written. See '‹db check›':\n  row seals K0000001: org row 1 was changed "
                   "outside kunqu");
  CHECK(file_state(path) == before);

  // Its schema changed behind kunqu's back: an index dropped, a trigger planted. Each is named,
  // before a migration's own DROP INDEX could fail on it or the trigger be carried on.
  fresh("DROP INDEX org_hub; CREATE TRIGGER org_double AFTER INSERT ON org BEGIN SELECT 1; END");
  before = file_state(path);
  CHECK(refusal([&] { Registry::open(path, Mode::kReadWrite, test::test_session()); }) ==
        "registry '" + path + "' has a schema the migrations to version 8 do not make: it was changed outside kunqu, "
        "and nothing was migrated. See '‹db check›':\n  index org_hub: the index org_hub of kunqu's schema is missing: "
        "it was dropped outside kunqu\n  trigger org_double: the trigger org_double is not in kunqu's schema: it was "
        "added outside kunqu ('create trigger org_double after insert on org begin select 1 ; end')");
  CHECK(file_state(path) == before);

  // db check's own findings refuse it too, inside the migration's transaction.
  fresh("SELECT 1");
  auto finding = [](Registry&) { throw Error(ErrorKind::kIo, "a finding"); };
  CHECK(refusal([&] { Registry::open(path, Mode::kReadWrite, test::test_session(), finding); }) == "a finding");
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 8);
    CHECK(db.execAndGet("SELECT count(*) FROM audit").getInt() == 2);
  }

  // Untouched, it migrates, and the chain holds across the two forms of entry hash.
  Registry reg = Registry::open(path, Mode::kReadWrite, test::test_session());
  CHECK(reg.info().schema_version == registry::latest_schema_version());
  CHECK(findings(reg) == "");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE schema IS NULL") == 2);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'db.migrate' AND schema = " +
                                  std::to_string(registry::latest_schema_version())) == 1);
  // A stamp changed afterwards breaks its entry's hash.
  reg.exec("UPDATE audit SET schema = 7 WHERE action = 'db.migrate'");
  CHECK(findings(reg) == "audit chain | audit 3 | was changed after it was written: its content no longer matches its hash\n");
}

TEST_CASE("migrating to the NFKC name key keeps names that now read the same, and db check names them") {
  TempDir dir;
  const std::string path = dir.file("v8.db");
  {
    Registry reg = Registry::create(path, test::test_session(), std::nullopt, 8);
    add_old_org(reg, "广场舞队");
    add_old_org(reg, "广场舞队X");
    add_old_org(reg, "Ｋ歌队");
    // As a kunqu of schema 8 wrote them: its key folded full-width forms and trimmed, no more.
    registry::Transaction tx(reg);
    reg.exec("UPDATE org SET name = '广场舞队' || char(160), name_key = NULL WHERE id = 2");
    reg.exec("UPDATE org SET name_key = 'K歌队' WHERE id = 3");
    reg.audit("org.update", std::nullopt, "{}");
    tx.commit();
  }
  Registry reg = Registry::open(path, Mode::kReadWrite, test::test_session());
  CHECK(findings(reg) == "");
  // The no-break space: its key is taken by K0000001, so it keeps its old one.
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org WHERE id = 2 AND name_key IS NULL") == 1);
  io::Table t = check::run(reg);
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0][0] == std::optional<std::string>("names"));
  CHECK(t.rows[0][1] == std::optional<std::string>("K0000002"));
  CHECK(t.rows[0][2] == std::optional<std::string>(
                            "'广场舞队\xC2\xA0' reads the same as '广场舞队' (K0000001) in its scope; new writes of such a name are refused"));
  // A new write of the name is refused.
  Error e = test::error_of([&] { add_org(reg, "广场舞队\xE3\x80\x80"); });
  CHECK(e.kind() == ErrorKind::kInvalidData);
}
