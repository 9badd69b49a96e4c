// The audit chain and the row seals (lib/registry/seal.cpp): what kunqu writes seals itself,
// whatever the transaction's shape; an older registry is sealed whole by its migration.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "fixture.h"
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

void add_org(Registry& reg, const std::string& name) {
  org::add(reg, test::make_record({{kName, name}, {kTier, "grassroots"}, {kType, "social_group"}, {kCategory, "culture_sports"},
                                   {kStreet, "林荫路街道"}, {kCommunity, "乌兰社区"}, {kFiledOn, "2015-03-01"}}));
}

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
  CHECK(test::count_rows(reg, "SELECT count(*) FROM seal WHERE k >> 40 = (SELECT no FROM seal_table WHERE name = 'org')") == 1);
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
    Registry reg = Registry::create(path, test::test_session());
    add_org(reg, "夕阳红舞蹈队");
    add_org(reg, "读书会");
  }
  {
    // Back to schema 7, as a registry written before issue 8 was.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE seal");
    db.exec("DROP TABLE seal_table");
    for (const char* c : {"prev", "wrote", "state", "hash"}) db.exec(std::string("ALTER TABLE audit DROP COLUMN ") + c);
    db.exec("PRAGMA user_version = 7");
  }
  Registry reg = Registry::open(path, Mode::kReadWrite, test::test_session());
  CHECK(reg.info().schema_version == registry::latest_schema_version());
  CHECK(findings(reg) == "");
  CHECK(registry::seal::head(reg)->action == "db.migrate");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM seal WHERE k >> 40 = (SELECT no FROM seal_table WHERE name = 'org')") == 2);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE hash IS NULL") == 0);
  // And a change behind kunqu's back afterwards is named.
  reg.exec("UPDATE org SET name = '读书社' WHERE id = 2");
  CHECK(findings(reg) == "row seals | K0000002 | org row 2 was changed outside kunqu\n");
}
