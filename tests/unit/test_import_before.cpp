// An import into a registry that holds orgs, on two cores (lib/org/lookups.cpp): the rows'
// look-ups read the registry as it was before the import, on a connection of their own, while
// the inserts run on a second thread; a look-up by a value the import wrote waits for the
// writes and reads them. Whatever a file repeats, updates or names as a hub, the outcome is the
// one a single thread gives: the same problems, the same rows, the same links.
#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "error.h"
#include "fixture.h"
#include "org/checker.h"
#include "org/internal.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/registry.h"

using namespace kunqu;
using namespace kunqu::org;
using namespace kunqu::test::orgs;
using kunqu::registry::Registry;

namespace {

std::string group_row(int i, const std::string& hub, const std::string& filing_no = "") {
  return "舞蹈队" + std::to_string(i) + ",grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + hub + ",," +
         (filing_no.empty() ? filing_of(i) : filing_no) + ",2013-05-01,2015-03-01,";
}
// Enough rows that the ones after them are checked while these are still queued for writing.
std::string filler(int from, int n) {
  std::string text;
  for (int i = from; i < from + n; ++i) text += registered_row(i) + "\n";
  return text;
}

// The registry's hub, 心愿公益协会 (kCodeA) and one group: what the second import meets.
const std::string kFirst = kHeader + "\n" + hub_row() + "\n" + a_row() + "\n" + kGroupRow + "\n";

// What an import left: its counts or its problems, and the orgs, links and events.
struct Outcome {
  std::string result, rows;
};

Outcome import_into(Registry& reg, const std::string& second, const ImportOptions& options) {
  import_text(reg, kFirst);
  Outcome out;
  try {
    ImportResult r = import_text(reg, second, options);
    out.result = "added " + std::to_string(r.added) + ", updated " + std::to_string(r.updated) + ", unchanged " +
                 std::to_string(r.unchanged) + ", skipped " + std::to_string(r.skipped);
  } catch (const Error& e) {
    out.result = e.what();
    for (const auto& d : e.diagnostics()) out.result += "\n" + d.to_string();
  }
  for (const char* sql :
       {"SELECT id, name, name_key, tier, credit_code, filing_no, hub_id, status, status_date FROM org ORDER BY id",
        "SELECT org_id, hub_id, starts_on, ends_on FROM hub_link ORDER BY org_id, starts_on",
        "SELECT org_id, kind, on_date, reason FROM org_event ORDER BY org_id, on_date"}) {
    auto q = reg.prepare(sql);
    while (q.step()) {
      for (int c = 0; c < q.column_count(); ++c) out.rows += q.text_or(c, "NULL") + "|";
      out.rows += "\n";
    }
  }
  return out;
}

// The import of `second` into a registry file (look-ups beside the writes) and into an
// in-memory registry (one thread, no second connection): both must come out the same.
Outcome both_ways(const std::string& second, const ImportOptions& options = {}) {
  test::TempDir dir;
  Registry on_file = test::make_file_registry(dir.file("r.db"));
  Registry in_memory = test::make_registry();
  const Outcome a = import_into(on_file, second, options), b = import_into(in_memory, second, options);
  CHECK(a.result == b.result);
  CHECK(a.rows == b.rows);
  return a;
}

long long id_of(const Outcome& o, const std::string& name) {
  std::istringstream rows(o.rows);
  for (std::string line; std::getline(rows, line);)
    if (line.find("|" + name + "|") != std::string::npos) return std::stoll(line.substr(0, line.find('|')));
  return 0;
}
std::string hub_of(const Outcome& o, const std::string& name) {
  std::istringstream rows(o.rows);
  for (std::string line; std::getline(rows, line);)
    if (line.find("|" + name + "|") != std::string::npos) {
      std::size_t at = 0;
      for (int i = 0; i < 6; ++i) at = line.find('|', at) + 1;
      return line.substr(at, line.find('|', at) - at);
    }
  return "";
}

}  // namespace

TEST_CASE("into a registry that holds orgs, hubs of the same file are found as with one thread") {
  // Groups name registered orgs of this file as their hubs, by code and by name, some just
  // before them (still queued), and the registry's own hub.
  std::string text = kHeader + "\n" + filler(0, 300);
  for (int i = 0; i < 300; ++i) {
    if (i == 150) text += registered_row(300) + "\n";
    const std::string hub = i == 150 ? row_code(300) : i % 3 == 0 ? row_code(i % 7) : i % 3 == 1 ? "协会" + std::to_string(i % 5) : kCodeHub;
    text += group_row(i + 1, hub) + "\n";
  }
  const Outcome o = both_ways(text);
  CHECK(o.result == "added 601, updated 0, unchanged 0, skipped 0");
  CHECK(hub_of(o, "舞蹈队151") == std::to_string(id_of(o, "协会300")));
  CHECK(hub_of(o, "舞蹈队2") == std::to_string(id_of(o, "协会1")));
  CHECK(hub_of(o, "舞蹈队1") == std::to_string(id_of(o, "协会0")));
  CHECK(hub_of(o, "舞蹈队3") == "1");
}

TEST_CASE("into a registry that holds orgs, rows repeating rows still queued are refused as with one thread") {
  std::string text = kHeader + "\n" + filler(0, 300);
  text += registered_row(299, "另一个协会") + "\n";  // line 302: the code of line 301
  text += group_row(1, kCodeHub) + "\n" + filler(400, 200);  // line 303
  text += group_row(2, kCodeHub, filing_of(1)) + "\n";  // line 504: the number of line 303
  text += group_row(1, kCodeHub, filing_of(3)) + "\n";  // line 505: the name of line 303
  text += registered_row(1, "心愿公益协会") + "\n";  // line 506: the name of an org already in
  text += "另一个心愿," + a_row().substr(a_row().find(',') + 1) + "\n";  // line 507: the code of one already in
  const Outcome o = both_ways(text);
  CHECK(o.result.find("orgs.csv:302:") != std::string::npos);
  CHECK(o.result.find("repeats the org of line 301 of this file (same credit_code)") != std::string::npos);
  CHECK(o.result.find("orgs.csv:504:") != std::string::npos);
  CHECK(o.result.find("orgs.csv:505:") != std::string::npos);
  CHECK(o.result.find("orgs.csv:506:") != std::string::npos);
  CHECK(o.result.find("orgs.csv:507:") != std::string::npos);
  CHECK(id_of(o, "协会0") == 0);  // nothing written
}

TEST_CASE("into a registry that holds orgs, a name an update frees is taken by a later row as with one thread") {
  // 心愿公益协会 is a hub before it is renamed; after, the name is a new org's, and a group that
  // names it as its hub gets the new org.
  std::string text = kHeader + "\n" + group_row(1, "心愿公益协会") + "\n" + filler(0, 200);
  text += "新名协会,registered,social_group,volunteer,,,," + kCodeA + ",,2014-08-01,2014-09-10,\n";
  text += filler(200, 200);
  text += registered_row(900, "心愿公益协会") + "\n";
  text += group_row(2, "心愿公益协会") + "\n";
  ImportOptions update;
  update.on_conflict = registry::OnConflict::kUpdate;
  const Outcome o = both_ways(text, update);
  CHECK(o.result == "added 403, updated 1, unchanged 0, skipped 0");
  CHECK(hub_of(o, "舞蹈队1") == std::to_string(id_of(o, "新名协会")));
  CHECK(hub_of(o, "舞蹈队2") == std::to_string(id_of(o, "心愿公益协会")));
  CHECK(id_of(o, "心愿公益协会") > id_of(o, "新名协会"));
}

TEST_CASE("into a registry that holds orgs, keys taken before and in the file are refused as with one thread") {
  const std::string header = "key," + kHeader;
  std::string text = header + "\n";
  for (int i = 0; i < 300; ++i) text += "," + registered_row(i) + "\n";
  text += "K0000002," + registered_row(500) + "\n";  // line 302: 心愿公益协会's key
  text += "K0000500," + registered_row(501) + "\n";  // line 303
  text += "K0000500," + registered_row(502) + "\n";  // line 304: the key of line 303
  const Outcome o = both_ways(text);
  CHECK(o.result.find("orgs.csv:302:") != std::string::npos);
  CHECK(o.result.find("orgs.csv:304:") != std::string::npos);
  CHECK(o.result.find("orgs.csv:303:") == std::string::npos);
}

TEST_CASE("a look-up by a value the import wrote waits for the writes; any other reads the registry as it was") {
  Registry reg = test::make_registry(), other = test::make_registry();
  Lookups L(reg), before(other);
  int settled = 0;
  L.settle = [&] { ++settled; };
  // Without a registry as it was, every look-up waits for the writes, as on one thread.
  CHECK(&L.by({"anything"}) == &L);
  CHECK(settled == 1);
  L.before = &before;
  CHECK(&L.by({"anything"}, 7) == &before);
  CHECK(settled == 1);

  Org o;
  o.id = 7;
  o.values[kName] = "夕阳红舞蹈队";
  o.values[kTier] = "grassroots";
  o.values[kStreet] = "林荫路街道";
  o.values[kCommunity] = "乌兰社区";
  o.values[kFilingNo] = "KQBA-2015-0001";
  L.wrote(o);
  CHECK(&L.by({}, 7) == &L);
  CHECK(&L.by({"KQBA-2015-0001"}) == &L);
  CHECK(&L.by({Lookups::scoped(name_scope(o), name_key("夕阳红舞蹈队"))}) == &L);
  CHECK(&L.by({"夕阳红舞蹈队"}) == &L);
  CHECK(settled == 5);
  CHECK(&L.by({"KQBA-2015-0002", "夕阳红合唱队"}, 8) == &before);
  CHECK(settled == 5);

  // What a hub reference named is kept until a row is written with the reference or its key.
  L.keep_hub_ref("心愿公益协会", 3);
  L.keep_hub_ref(kCodeHub, 1);
  Org renamed;
  renamed.id = 9;
  renamed.values[kName] = "乌兰合唱团";
  L.wrote(renamed);
  CHECK(L.hub_refs.size() == 2);
  renamed.values[kName] = "心愿公益协会";
  L.wrote(renamed);
  CHECK(L.hub_refs.empty());
}

TEST_CASE("the values an import wrote: every one held, few others taken for them") {
  WrittenValues w;
  CHECK(!w.may_hold("KQBA-2015-0001"));
  CHECK(!w.may_hold(std::int64_t{1}));
  for (int i = 0; i < 200000; ++i) {
    w.add("KQBA-" + std::to_string(i));
    w.add(std::int64_t{i});
  }
  int held = 0, taken = 0;
  for (int i = 0; i < 200000; ++i) {
    held += w.may_hold("KQBA-" + std::to_string(i)) && w.may_hold(std::int64_t{i});
    taken += w.may_hold("KQBB-" + std::to_string(i)) + w.may_hold(std::int64_t{i + 1000000});
  }
  CHECK(held == 200000);
  CHECK(taken < 20);
}

TEST_CASE("a registry that cannot be opened a second time imports on one thread, as well") {
  // The file is moved away while the registry holds it open: the import cannot open it again
  // for its look-ups, and runs them on the writing connection.
  test::TempDir dir;
  const std::string path = dir.file("r.db"), away = dir.file("away.db");
  Registry on_file = test::make_file_registry(path);
  Registry in_memory = test::make_registry();
  const std::string text = kHeader + "\n" + filler(0, 300) + group_row(1, row_code(299)) + "\n" + registered_row(5) + "\n";
  REQUIRE(std::rename(path.c_str(), away.c_str()) == 0);
  const Outcome a = import_into(on_file, text, {});
  REQUIRE(std::rename(away.c_str(), path.c_str()) == 0);
  const Outcome b = import_into(in_memory, text, {});
  CHECK(a.result == b.result);
  CHECK(a.rows == b.rows);
  CHECK(a.result.find("orgs.csv:303:") != std::string::npos);  // 协会5 again
}

TEST_CASE("the look-ups' connection closes with the import, whatever the writer's session says") {
  // A process that ends with its command leaves a reading connection open (Session::
  // ends_with_process); the import's own reader is closed, so the writer's close is the last.
  test::TempDir dir;
  const std::string path = dir.file("r.db");
  test::make_file_registry(path);
  const registry::Session ending = test::ending_session();
  {
    Registry writer = Registry::open(path, registry::Mode::kReadWrite, ending);
    import_text(writer, kFirst);
    import_text(writer, kHeader + "\n" + filler(10, 300));  // look-ups on a second connection
  }
  CHECK(test::open_files(path) == 0);
}
