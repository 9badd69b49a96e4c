// The seal tree (lib/registry/seal_tree.cpp) and what it holds against a forger who knows the
// format: a row changed before a sealed head and resealed after it, a node changed in place,
// keys of 2^40 and more; and the schema check (lib/registry/structure.cpp): a planted trigger,
// a dropped unique index.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "fixture.h"
#include "io/digest.h"
#include "io/records.h"
#include "org/org.h"
#include "registry/registry.h"
#include "registry/seal.h"
#include "registry/seal_internal.h"
#include "registry/seal_tree.h"
#include "registry/structure.h"

using namespace kunqu;
using registry::Registry;
namespace seal = kunqu::registry::seal;
namespace tree = kunqu::registry::seal::tree;

namespace {

std::string findings(Registry& reg, const std::optional<std::string>& sealed = std::nullopt,
                     seal::SealedHead* proven = nullptr) {
  std::string s;
  for (const auto& f : seal::verify(reg, sealed, proven)) s += f.check + " | " + f.subject + " | " + f.finding + "\n";
  return s;
}

void add_org(Registry& reg, const std::string& name) {
  org::add(reg, test::make_record({{org::kName, name}, {org::kTier, "grassroots"}, {org::kType, "social_group"},
                                   {org::kCategory, "culture_sports"}, {org::kStreet, "林荫路街道"},
                                   {org::kCommunity, "乌兰社区"}, {org::kFiledOn, "2015-03-01"}}));
}

seal::Digest digest_of(const std::string& s) {
  io::Sha256 h;
  h.update(s);
  return h.bytes();
}

std::int64_t newest_entry(Registry& reg) { return test::count_rows(reg, "SELECT max(id) FROM audit"); }

// What a forger who knows the format does to the registry at `path`: runs `change`, reseals org
// row `id` as it then stands in the newest entry's state (a new root built on it), and chains
// that entry again, its list of the rows it wrote set to `wrote`. On a connection of its own,
// which never commits a transaction: kunqu's own sealing is kept out of it.
void reseal_in_newest(const std::string& path, const std::string& change, std::int64_t id, const std::string& wrote) {
  Registry reg = Registry::open(path, registry::Mode::kReadWrite, test::test_session());
  reg.exec(change);
  const std::int64_t entry = newest_entry(reg);
  std::string state;
  {
    auto q = reg.prepare("SELECT state FROM audit WHERE id = ?");
    q.bind(1, entry);
    REQUIRE(q.step());
    state = q.text_or(0, "");
  }
  tree::Store store(reg);
  auto root = tree::decode_root(*store.get(*seal::from_hex(state)));
  REQUIRE(root);
  tree::Updater up(store, root->at("org"));
  const auto table = *seal::sealed_table(reg, "org");
  auto row = reg.prepare(seal::row_sql(table, "WHERE rowid = ?"));
  row.bind(1, id);
  REQUIRE(row.step());
  tree::RowDigest digest;
  up.set(tree::key_of(id), digest.of(table, row));
  (*root)["org"] = *up.finish();
  const std::string forged = io::to_hex(store.put(tree::encode(*root)));
  auto clear = reg.prepare("UPDATE audit SET prev = NULL, wrote = NULL, state = NULL, hash = NULL WHERE id = ?");
  clear.bind(1, entry);
  clear.run();
  seal::chain(reg, {entry}, wrote, forged);
}

}  // namespace

TEST_CASE("a row's digest is the SHA-256 of its table, rowid and columns, as registries hold them") {
  // The exact bytes: a registry's seals were made with them, so they may never change.
  tree::RowDigest digest;
  digest.begin("org", -42);
  digest.integer("funds", 1234500);
  digest.text("name", "心愿公益协会");
  digest.integer("members", -7);
  digest.real("share", 0.5);
  digest.blob("raw", std::string("a\0b", 3));
  digest.text("notes", "");
  io::Sha256 sha;
  sha.update(std::string("kunqu-row-2\x1eorg\x1e-42") + "\x1e" "funds=i7:1234500" + "\x1e" "name=t18:心愿公益协会" +
             "\x1e" "members=i2:-7" + "\x1e" "share=r16:3fe0000000000000" + "\x1e" "raw=b3:" + std::string("a\0b", 3) +
             "\x1e" "notes=t0:");
  CHECK(digest.finish() == sha.bytes());
  // Used again, it starts over.
  digest.begin("hub_link", 9223372036854775807);
  io::Sha256 again;
  again.update("kunqu-row-2\x1ehub_link\x1e" "9223372036854775807");
  CHECK(digest.finish() == again.bytes());
}

TEST_CASE("the seal tree depends on the rows alone, and a diff names exactly the rows changed") {
  Registry reg = test::make_registry(false);
  tree::Store store(reg);
  auto build = [&](std::int64_t from, std::int64_t to, std::optional<seal::Digest> root) {
    tree::Updater up(store, root);
    for (std::int64_t id = from; id <= to; ++id) CHECK(up.set(tree::key_of(id), digest_of(std::to_string(id))));
    return up.finish();
  };
  const auto whole = build(1, 1000, std::nullopt);
  const auto in_two = build(501, 1000, build(1, 500, std::nullopt));
  REQUIRE(whole);
  CHECK(whole == in_two);
  // Rowids far apart — 2^40 and the ends of the range — are rows like any other.
  const std::int64_t big = std::int64_t(1) << 40;
  std::optional<seal::Digest> wide;
  {
    tree::Updater up(store, whole);
    CHECK(up.set(tree::key_of(-5), digest_of("-5")));
    CHECK(up.set(tree::key_of(7), digest_of("seven")));
    CHECK_FALSE(up.set(tree::key_of(8), digest_of("8")));  // unchanged
    CHECK(up.set(tree::key_of(9), std::nullopt));
    CHECK(up.set(tree::key_of(big), digest_of("big")));
    CHECK(up.set(tree::key_of(INT64_MAX), digest_of("max")));
    wide = up.finish();
  }
  struct Seen : tree::DiffVisitor {
    std::vector<std::int64_t> rows;
    int damaged_nodes = 0;
    void leaf(std::uint64_t key, const std::optional<seal::Digest>&, const std::optional<seal::Digest>&) override {
      rows.push_back(tree::rowid_of(key));
    }
    void damaged(int, std::uint64_t, bool) override { ++damaged_nodes; }
  } seen;
  tree::diff(store, whole, wide, seen);
  CHECK(seen.rows == std::vector<std::int64_t>{-5, 7, 9, big, INT64_MAX});
  CHECK(seen.damaged_nodes == 0);
  // Taking every row away again leaves no tree.
  tree::Updater up(store, whole);
  for (std::int64_t id = 1; id <= 1000; ++id) up.set(tree::key_of(id), std::nullopt);
  CHECK_FALSE(up.finish());
  CHECK(tree::rowids_under(0, tree::key_of(1) >> 4) == std::pair<std::int64_t, std::int64_t>(0, 15));
}

TEST_CASE("a row changed before a sealed head and resealed after it is named") {
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  Registry reg = Registry::create(path, test::test_session());
  add_org(reg, "夕阳红舞蹈队");
  add_org(reg, "乌兰合唱团");
  const std::string head = seal::head(reg)->hash;
  add_org(reg, "林荫路书画社");  // after the head: K0000003
  const std::int64_t after = newest_entry(reg);
  CHECK(findings(reg, head) == "");

  // The row is changed and resealed in the newest state; the entry after the head is chained
  // again. Row and tree agree, the chain holds, the head is in it: the state no longer changes
  // only what its entry wrote.
  const std::string rename = "UPDATE org SET name = '夕阳红舞蹈团' WHERE id = 1";
  reseal_in_newest(path, rename, 1, "org:3");
  CHECK(findings(reg, head) == "row seals | K0000001 | org row 1 changed in the state entry " + std::to_string(after) +
                                   " sealed, but the entry does not record writing it: the state, or the entries "
                                   "before it, were changed outside kunqu\n");

  // Recording the write as well makes it a write of that entry, after the head: what a head
  // cannot rule out, and what db check says of the entries after it.
  reseal_in_newest(path, "SELECT 1", 1, "org:1,3");
  seal::SealedHead proven;
  CHECK(findings(reg, head, &proven) == "");
  CHECK(proven.state_proven);
  CHECK(proven.entries_since == 1);
  CHECK(proven.rows_since == 2);
  CHECK(proven.changed == std::vector<std::string>{"K0000001 (entry " + std::to_string(after) + ")",
                                                   "K0000003 (entry " + std::to_string(after) + ")"});

  // A list forged to name every rowid there is is checked run by run, not walked.
  reseal_in_newest(path, "SELECT 1", 1, "org:1..9223372036854775807");
  const std::string listed = findings(reg, head);
  CHECK(listed.find("row seals | K0000002 | entry " + std::to_string(after) +
                    " records writing org row 2, but the state it sealed does not change it\n") != std::string::npos);
  CHECK(listed.find("row seals | org | and 9223372036854775795 more rows like these\n") != std::string::npos);

  // Nothing more sealed can change the rows as they stood at the head: the entry before it now
  // differs from its hash, and the head is no longer in the chain once entries are chained anew.
  reg.exec("UPDATE audit SET wrote = 'org:1,2' WHERE id = " + std::to_string(after - 1));
  CHECK(findings(reg, head).find("audit " + std::to_string(after - 1) + " | was changed after it was written") !=
        std::string::npos);
}

TEST_CASE("a sealed node changed in place is found, with the rows under it") {
  Registry reg = test::make_registry();
  add_org(reg, "夕阳红舞蹈队");
  add_org(reg, "乌兰合唱团");
  tree::Store store(reg);
  std::string state;
  {
    auto q = reg.prepare("SELECT state FROM audit ORDER BY id DESC LIMIT 1");
    REQUIRE(q.step());
    state = q.text_or(0, "");
  }
  // Down from the root to the leaf node of org row 2.
  seal::Digest at = tree::decode_root(*store.get(*seal::from_hex(state)))->at("org");
  const std::uint64_t key = tree::key_of(2);
  for (int level = tree::kTop; level > 0; --level) {
    const std::uint64_t prefix = level == tree::kTop ? 0 : key >> (4 * (level + 1));
    at = *store.node(at, level, prefix)->slots[(key >> (4 * level)) & 15];
  }
  auto q = reg.prepare("UPDATE seal_node SET body = CAST(body || x'00' AS BLOB) WHERE hash = ?");
  q.bind_blob(1, seal::as_bytes(at));
  q.run();
  const std::string found = findings(reg);
  CHECK(found.find("the seal tree of the newest state is missing or was changed at org rows 0 to 15") != std::string::npos);
  CHECK(found.find("the seal tree of the state this entry sealed is missing or was changed at org rows 0 to 15") !=
        std::string::npos);
  // Nothing more is sealed on top of it.
  Error e = test::error_of([&] { add_org(reg, "林荫路书画社"); });
  CHECK(e.kind() == ErrorKind::kIo);
}

TEST_CASE("org keys of 2^40 and more are sealed apart from the others") {
  Registry reg = test::make_registry();
  // As an import with a key column writes them: K1099511627776 (2^40) beside K0000001, which the
  // older seal keys (table number * 2^40 + rowid) made one.
  std::istringstream in(
      "key,name,tier,type,category,street,community,filed_on\n"
      "K0000001,夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n"
      "K1099511627776,乌兰合唱团,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n"
      "K9223372036854775807,林荫路书画社,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n");
  io::ReadOptions ro;
  ro.format = io::InputFormat::kCsv;
  ro.resolve = org::resolve_header;
  ro.table_name = "org";
  io::RecordReader reader(in, "orgs.csv", ro);
  CHECK(org::import(reg, reader, {}).added == 3);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org WHERE id IN (1, 1099511627776, 9223372036854775807)") == 3);
  CHECK(findings(reg) == "");
  reg.exec("UPDATE org SET phone = '13900000000' WHERE id = 1099511627776");
  CHECK(findings(reg) == "row seals | K1099511627776 | org row 1099511627776 was changed outside kunqu\n");
}

TEST_CASE("db check's schema check names a planted trigger and a dropped unique index, not spacing") {
  Registry reg = test::make_registry();
  auto differences = [&] {
    std::string s;
    for (const auto& d : registry::schema_differences(reg)) s += d.subject + " | " + d.finding + "\n";
    return s;
  };
  CHECK(differences() == "");
  reg.exec("CREATE TRIGGER payment_double AFTER INSERT ON payment BEGIN UPDATE payment SET amount = amount * 2 "
           "WHERE id = new.id; END");
  reg.exec("DROP INDEX org_credit_code");
  CHECK(differences() ==
        "index org_credit_code | the index org_credit_code of kunqu's schema is missing: it was dropped outside kunqu\n"
        "trigger payment_double | the trigger payment_double is not in kunqu's schema: it was added outside kunqu "
        "('create trigger payment_double after insert on payment begin update payment set amount = amount * 2 where id "
        "= new . id ; end')\n");
  CHECK(registry::normalized_sql("CREATE  TABLE \"Org\" (a -- note\n INT)") == "create table org ( a int )");
}

TEST_CASE("a registry of schema 17 migrates: its seal nodes kept, a write's new nodes stored together at the end") {
  test::TempDir dir;
  const std::string path = dir.file("v17.db");
  std::string head, nodes;
  const std::string all_nodes = "SELECT group_concat(lower(hex(hash)) || ':' || lower(hex(body)), ',') FROM "
                                "(SELECT hash, body FROM seal_node ORDER BY hash)";
  auto text_of = [](Registry& reg, const std::string& sql) {
    auto q = reg.prepare(sql);
    REQUIRE(q.step());
    return q.text_or(0, "");
  };
  {
    Registry reg = Registry::create(path, test::test_session(), std::nullopt, 17);
    add_org(reg, "夕阳红舞蹈队");
    add_org(reg, "乌兰合唱团");
    head = seal::head(reg)->hash;
    nodes = text_of(reg, all_nodes);
    // Kept by their hash alone: no rowid.
    CHECK(test::count_rows(reg, "SELECT count(*) FROM pragma_table_info('seal_node') WHERE name = 'id'") == 0);
  }
  Registry reg = Registry::open(path, registry::Mode::kReadWrite, test::test_session());
  REQUIRE(reg.info().schema_version == 18);
  // Every node kept as it was, found by its hash: the sealed head still proves the rows.
  CHECK(text_of(reg, all_nodes) == nodes);
  seal::SealedHead proven;
  CHECK(findings(reg, head, &proven) == "");
  CHECK(proven.state_proven);
  CHECK(registry::schema_differences(reg).empty());
  // The next write's nodes (the leaf of its row, the nodes above it, the root) take the next
  // rowids, after every node stored before.
  const long long before = test::count_rows(reg, "SELECT max(id) FROM seal_node");
  CHECK(before == test::count_rows(reg, "SELECT count(*) FROM seal_node"));
  add_org(reg, "林荫路书画社");
  const long long added = test::count_rows(reg, "SELECT count(*) FROM seal_node WHERE id > " + std::to_string(before));
  CHECK(added == tree::kTop + 2);
  CHECK(test::count_rows(reg, "SELECT max(id) FROM seal_node") == before + added);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM seal_node WHERE id > " + std::to_string(before) +
                                  " AND lower(hex(hash)) = (SELECT state FROM audit ORDER BY id DESC LIMIT 1)") == 1);
  // A node's hash is still one of one.
  CHECK_THROWS(reg.exec("INSERT INTO seal_node (hash, body) SELECT hash, body FROM seal_node LIMIT 1"));
  CHECK(findings(reg, head) == "");
}
