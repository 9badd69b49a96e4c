// The import on two cores (registry/import.h): the inserts of an org load into an empty
// registry run on a second thread, in batches, while the rows after them are read and checked. What a row's checks need
// of the rows still queued must come out as it did with one thread: repeats, hubs named by an
// earlier row, keys chosen ahead; a write that fails there fails the whole import.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/registry.h"
#include "registry/seal.h"

using namespace kunqu;
using namespace kunqu::org;
using namespace kunqu::test::orgs;
using kunqu::registry::Registry;
using test::contains;

namespace {

std::string group_row(int i, const std::string& hub, const std::string& filing_no) {
  return "舞蹈队" + std::to_string(i) + ",grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + hub + ",," +
         filing_no + ",2013-05-01,2015-03-01,";
}

// The registry's hub, 600 registered orgs, then 600 groups: group 300 names the registered org
// just before it in the file as its hub (still queued when the group is checked), the others
// the first row. Registered org i is on line i + 3.
std::string many_rows() {
  std::string text = kHeader + "\n" + hub_row() + "\n";
  for (int i = 0; i < 600; ++i) text += registered_row(i) + "\n";
  for (int i = 0; i < 600; ++i) {
    if (i == 300) text += registered_row(600) + "\n";
    text += group_row(i, i == 300 ? row_code(600) : kCodeHub, filing_of(i + 1)) + "\n";
  }
  return text;
}

long long count(Registry& reg, const std::string& sql) { return test::count_rows(reg, sql); }

// Every finding of the seals' check, a line each ('' when they hold).
std::string seal_findings(Registry& reg) {
  std::string s;
  for (const auto& f : registry::seal::verify(reg, std::nullopt)) s += f.check + " | " + f.subject + " | " + f.finding + "\n";
  return s;
}

std::string wrote_of(Registry& reg, std::int64_t entry) {
  auto q = reg.prepare("SELECT wrote FROM audit WHERE id = ?");
  q.bind(1, entry);
  return q.step() ? q.text_or(0, "") : "";
}

// Every problem an import of `text` hands to its problem report (ImportOptions::on_problem),
// worded, while it shows at most `max_errors`.
std::vector<std::string> problem_report(Registry& reg, const std::string& text, std::size_t max_errors) {
  ImportOptions o;
  o.max_errors = max_errors;
  std::vector<std::string> reported;
  o.on_problem = [&](Diagnostic& d) { reported.push_back(d.to_string()); };
  import_text(reg, text, o);
  return reported;
}

}  // namespace

TEST_CASE("a load into an empty registry writes on the second thread as it did on one") {
  Registry reg = test::make_registry();

  SUBCASE("every row is written, with the keys SQLite would have given, hubs resolved") {
    ImportResult r = import_text(reg, many_rows());
    CHECK(r.added == 1202);
    CHECK(org_count(reg) == 1202);
    const std::string batch = std::to_string(r.batch);
    // The keys follow the file's order.
    CHECK(count(reg, "SELECT count(*) FROM org WHERE id BETWEEN 1 AND 1202") == 1202);
    const std::int64_t hub = org::find(reg, kCodeHub).id;
    CHECK(hub == 1);
    CHECK(org::find(reg, row_code(0)).id == 2);
    CHECK(org::find(reg, filing_of(1)).id == 602);
    CHECK(org::find(reg, row_code(600)).id == 902);
    CHECK(org::find(reg, filing_of(301)).id == 903);
    CHECK(org::find(reg, filing_of(600)).id == 1202);
    // The hub named by the row before, still queued when the group was checked.
    CHECK(org::find(reg, filing_of(301)).hub_id == std::optional<std::int64_t>(902));
    CHECK(org::find(reg, filing_of(302)).hub_id == std::optional<std::int64_t>(hub));
    CHECK(count(reg, "SELECT count(*) FROM hub_link WHERE audit_id = " + batch) == 600);
    CHECK(count(reg, "SELECT count(*) FROM hub_link WHERE hub_id = 902 AND org_id = 903") == 1);
    // The indexes were built with a smaller page cache; the import's own (16 MB) is back after.
    CHECK(count(reg, "PRAGMA cache_size") == -16384);
  }

  SUBCASE("rows repeating rows still queued are refused, and nothing is written") {
    // Each repeats the row just before it, still queued when it is checked.
    std::string text = kHeader + "\n";
    for (int i = 0; i < 300; ++i) text += registered_row(i) + "\n";
    const std::string again = registered_row(299, "另一个协会");
    text += again + "\n";                                        // line 302: the code of line 301
    for (int i = 0; i < 300; ++i) text += group_row(i, row_code(0), filing_of(i + 1)) + "\n";
    text += group_row(900, row_code(0), filing_of(300)) + "\n";         // line 603: the number of line 602
    text += group_row(299, row_code(0), filing_of(301)) + "\n";         // line 604: the name of line 602
    const auto ds = test::refusal([&] { import_text(reg, text); });
    REQUIRE_MESSAGE(ds.size() == 3, test::describe(ds));
    // A code is checked as its row is read, against the codes written before (at its cell).
    CHECK(ds[0].line == 302);
    CHECK(ds[0].column == column_of(again, 7));
    CHECK(ds[0].field == "credit_code");
    CHECK(ds[0].message == "repeats the org of line 301 of this file (same credit_code)");
    // Numbers and names when their unique indexes are built again.
    CHECK(ds[1].line == 603);
    CHECK(ds[1].field == "filing_no");
    CHECK(ds[1].message == "repeats the org of line 602 of this file (same filing_no)");
    CHECK(ds[2].line == 604);
    CHECK(ds[2].field == "name");
    CHECK(ds[2].message == "repeats the org of line 602 of this file (same name in the same community)");
    CHECK(org_count(reg) == 0);
    CHECK(count(reg, "SELECT count(*) FROM hub_link") == 0);
  }
}

TEST_CASE("a write that fails on the second thread fails the import, and nothing is written") {
  Registry reg = test::make_registry();
  // A write SQLite refuses halfway through the file, long after its row was checked.
  reg.exec(
      "CREATE TEMP TRIGGER refuse_row BEFORE INSERT ON main.org WHEN NEW.name = '协会700' "
      "BEGIN SELECT RAISE(ABORT, 'row 700 refused'); END");
  std::string text = kHeader + "\n";
  for (int i = 0; i < 1000; ++i) text += registered_row(i) + "\n";
  Error e = test::error_of([&] { import_text(reg, text); });
  CHECK_MESSAGE(contains(e.what(), "row 700 refused"), e.what());
  CHECK(org_count(reg) == 0);
  CHECK(audit_count(reg) == 0);
  // The registry takes the next import as if nothing happened.
  reg.exec("DROP TRIGGER temp.refuse_row");
  CHECK(import_text(reg, text).added == 1000);
}

TEST_CASE("past the largest key a row's key cannot be chosen ahead: it is written at once") {
  Registry reg = test::make_registry();
  const std::string header = "key," + kHeader;
  std::string text = header + "\n";
  text += "K9223372036854775807," + registered_row(0) + "\n";
  for (int i = 1; i < 400; ++i) text += "," + registered_row(i) + "\n";
  text += "," + group_row(1, row_code(399), filing_of(1)) + "\n";
  ImportResult r = import_text(reg, text);
  CHECK(r.added == 401);
  CHECK(org::find(reg, row_code(0)).id == INT64_MAX);
  // SQLite chose the others' keys at random below the largest; each is one org.
  CHECK(count(reg, "SELECT count(DISTINCT id) FROM org") == 401);
  CHECK(org::find(reg, filing_of(1)).hub_id == std::optional<std::int64_t>(org::find(reg, row_code(399)).id));
}

TEST_CASE("a load's rows are sealed as they are written, and the seals hold as if read back") {
  Registry reg = test::make_registry();

  SUBCASE("every row fed: the entry lists them, and the check finds the rows as sealed") {
    ImportResult r = import_text(reg, many_rows());
    CHECK(wrote_of(reg, r.batch) == "hub_link:1..600;org:1..1202");
    CHECK(seal_findings(reg) == "");
  }

  SUBCASE("rows changed after they were fed: hubs named before their row, numbers given at the end") {
    // 300 groups naming a hub that comes after them, 300 without a filing number; then the hub.
    std::string text = kHeader + "\n";
    for (int i = 0; i < 300; ++i) text += group_row(i, row_code(7), filing_of(i + 1)) + "\n";
    for (int i = 300; i < 600; ++i) text += group_row(i, "", "") + "\n";
    text += registered_row(7) + "\n";
    ImportResult r = import_text(reg, text);
    CHECK(r.added == 601);
    CHECK(org::find(reg, filing_of(1)).hub_id == std::optional<std::int64_t>(601));
    CHECK(count(reg, "SELECT count(*) FROM org WHERE tier = 'grassroots' AND filing_no IS NULL") == 0);
    CHECK(wrote_of(reg, r.batch) == "hub_link:1..300;org:1..601");
    CHECK(seal_findings(reg) == "");
    // What the seals hold is what the rows hold: a number changed afterwards is found.
    reg.exec("UPDATE org SET filing_no = 'KQBA-2016-9999' WHERE id = 450");
    CHECK(contains(seal_findings(reg), "K0000450"));
  }

  SUBCASE("into a registry that holds orgs: new rows fed, an updated one read back") {
    std::string first = kHeader + "\n";
    for (int i = 0; i < 100; ++i) first += registered_row(i) + "\n";
    import_text(reg, first);
    std::string text = kHeader + "\n";
    for (int i = 100; i < 150; ++i) text += registered_row(i) + "\n";
    text += registered_row(5, "改名协会") + "\n";  // updates org 6
    for (int i = 150; i < 200; ++i) text += registered_row(i) + "\n";
    ImportOptions update;
    update.on_conflict = OnConflict::kUpdate;
    ImportResult r = import_text(reg, text, update);
    CHECK(r.added == 100);
    CHECK(r.updated == 1);
    CHECK(value(org::find(reg, row_code(5)), kName) == "改名协会");
    CHECK(wrote_of(reg, r.batch) == "org:6,101..200;org_change:1");
    CHECK(seal_findings(reg) == "");
  }

  SUBCASE("keys out of order stop the feed; the rows after are read back at the commit") {
    const std::string header = "key," + kHeader;
    std::string text = header + "\n";
    for (int i = 0; i < 300; ++i) text += "K" + std::to_string(1000 + i) + "," + registered_row(i) + "\n";
    for (int i = 300; i < 600; ++i) text += "K" + std::to_string(1000 - i) + "," + registered_row(i) + "\n";
    for (int i = 600; i < 700; ++i) text += "," + registered_row(i) + "\n";
    ImportResult r = import_text(reg, text);
    CHECK(r.added == 700);
    CHECK(org::find(reg, row_code(599)).id == 401);
    CHECK(org::find(reg, row_code(600)).id == 1300);
    CHECK(wrote_of(reg, r.batch) == "org:401..700,1000..1399");
    CHECK(seal_findings(reg) == "");
  }
}

TEST_CASE("groups filed before their hub registered: each warned, past --max-errors counted only") {
  Registry reg = test::make_registry();
  // The hub registered on 2012-08-11; five groups filed in 2010, then one after it.
  std::string text = kHeader + "\n" + hub_row() + "\n";
  for (int i = 0; i < 5; ++i)
    text += "舞蹈队" + std::to_string(i) + ",grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + kCodeHub + ",," +
            filing_of(i + 1) + ",2009-05-01,2010-03-0" + std::to_string(i + 1) + ",\n";
  text += group_row(5, kCodeHub, filing_of(6)) + "\n";
  std::vector<std::string> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d.to_string()); };
  const std::string first = "orgs.csv:3: hub: the link to K0000001 '林荫路街道社会组织服务中心' starts on its "
                            "registration, 2012-08-11, after the filing date 2010-03-01";

  SUBCASE("within --max-errors: each one, at its row's line") {
    import_text(reg, text);
    REQUIRE(warned.size() == 5);
    CHECK(warned[0] == first);
    CHECK(contains(warned[4], "orgs.csv:7: hub: "));
    CHECK(count(reg, "SELECT count(*) FROM hub_link WHERE starts_on = '2012-08-11'") == 5);
    CHECK(count(reg, "SELECT count(*) FROM hub_link WHERE starts_on = '2015-03-01'") == 1);
  }
  SUBCASE("past --max-errors: the rest counted, every link made all the same") {
    ImportOptions o;
    o.max_errors = 2;
    import_text(reg, text, o);
    CHECK(warned == std::vector<std::string>{first, warned[1], "… and 3 more warnings not shown (raise ‹max_errors› to see them)"});
    CHECK(contains(warned[1], "orgs.csv:4: hub: "));
    CHECK(count(reg, "SELECT count(*) FROM hub_link") == 6);
    CHECK(seal_findings(reg) == "");
  }
  SUBCASE("a problem report gets every one in words, however few are shown") {
    const std::vector<std::string> reported = problem_report(reg, text, 1);
    REQUIRE(reported.size() == 5);
    CHECK(reported[0] == first);
    CHECK(contains(reported[4], "after the filing date 2010-03-05"));
    CHECK(warned.size() == 2);
  }
  SUBCASE("a group refused after others were linked: the links are taken back, the rows refused") {
    // The same file with a last group whose link began in 2011, before its hub registered.
    std::string refused_text = "hub_since," + kHeader + "\n," + hub_row() + "\n";
    for (int i = 0; i < 5; ++i) refused_text += "," + group_row(i, kCodeHub, filing_of(i + 1)) + "\n";
    refused_text += "2011-01-01,晨练队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + kCodeHub + ",," +
                    filing_of(6) + ",2009-05-01,2010-03-01,\n";
    auto ds = import_error(reg, refused_text).diagnostics();
    REQUIRE_MESSAGE(ds.size() == 1, test::describe(ds));
    CHECK(ds[0].to_string() == "orgs.csv:8: hub_since: K0000001 '林荫路街道社会组织服务中心' was not a registered org on "
                               "2011-01-01, when the link would start (registered on 2012-08-11)");
    CHECK(count(reg, "SELECT count(*) FROM org") == 0);
    CHECK(count(reg, "SELECT count(*) FROM hub_link") == 0);
  }
  SUBCASE("under --strict each is an error, listed up to --max-errors") {
    reg.session().strict = true;
    ImportOptions o;
    o.max_errors = 2;
    Error e = import_error(reg, text, o);
    CHECK(std::string(e.what()) == "5 problems; nothing was imported from 'orgs.csv'");
    std::vector<std::string> listed;
    for (const auto& d : e.diagnostics()) listed.push_back(d.to_string());
    REQUIRE(listed.size() == 3);
    CHECK(listed[0] == first);
    CHECK(contains(listed[1], "orgs.csv:4: hub: the link to K0000001"));
    CHECK(listed[2] == "… and 3 more problems not listed (raise ‹max_errors› to see them)");
    CHECK(count(reg, "SELECT count(*) FROM org") == 0);
  }
}

TEST_CASE("a row check's warnings: past --max-errors counted only, in words for a report or --strict") {
  Registry reg = test::make_registry();
  // Five registered orgs whose codes were issued in another province (北京市海淀区).
  std::string text = kHeader + "\n";
  for (int i = 0; i < 5; ++i)
    text += "协会" + std::to_string(i) + ",registered,social_group,volunteer,,,," +
            test::make_code('1', "110108", "MJ50000" + std::to_string(i)) + ",,2014-08-01,2014-09-10,\n";
  std::vector<std::string> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d.to_string()); };
  // At the credit code's cell, column H.
  const std::string said = ":H credit_code: region 110108 is in 北京市, another province than the district's";

  SUBCASE("past --max-errors the rest are counted, and every row is written") {
    ImportOptions o;
    o.max_errors = 2;
    CHECK(import_text(reg, text, o).added == 5);
    CHECK(warned == std::vector<std::string>{"orgs.csv:2" + said, "orgs.csv:3" + said,
                                             "… and 3 more warnings not shown (raise ‹max_errors› to see them)"});
  }
  SUBCASE("a problem report gets every one in words") {
    const std::vector<std::string> reported = problem_report(reg, text, 1);
    REQUIRE(reported.size() == 5);
    CHECK(reported[4] == "orgs.csv:6" + said);
  }
  SUBCASE("under --strict each is an error, counted past --max-errors") {
    reg.session().strict = true;
    ImportOptions o;
    o.max_errors = 1;
    Error e = import_error(reg, text, o);
    CHECK(std::string(e.what()) == "5 problems; nothing was imported from 'orgs.csv'");
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.diagnostics()[0].to_string() == "orgs.csv:2" + said);
  }
}

TEST_CASE("a set of rowids less another") {
  using registry::seal::RowSet;
  auto set = [](std::vector<std::pair<std::int64_t, std::int64_t>> runs) {
    RowSet s;
    for (auto [a, b] : runs) s.add_run(a, b);
    s.normalize();
    return s;
  };
  auto less = [&](RowSet a, const RowSet& b) {
    a.remove(b);
    return a.runs();
  };
  using Runs = std::vector<std::pair<std::int64_t, std::int64_t>>;
  CHECK(less(set({{1, 10}}), set({{1, 10}})) == Runs{});
  CHECK(less(set({{1, 10}}), set({{3, 4}, {7, 7}})) == Runs{{1, 2}, {5, 6}, {8, 10}});
  CHECK(less(set({{1, 3}, {5, 9}, {20, 30}}), set({{2, 6}, {25, 40}})) == Runs{{1, 1}, {7, 9}, {20, 24}});
  CHECK(less(set({{5, 9}}), set({{1, 2}, {12, 13}})) == Runs{{5, 9}});
  CHECK(less(set({{INT64_MAX - 1, INT64_MAX}}), set({{INT64_MAX, INT64_MAX}})) == Runs{{INT64_MAX - 1, INT64_MAX - 1}});
  CHECK(less(set({{INT64_MIN, INT64_MIN + 2}}), set({{INT64_MIN, INT64_MIN}})) == Runs{{INT64_MIN + 1, INT64_MIN + 2}});
  CHECK(less(set({{1, 5}}), RowSet{}) == Runs{{1, 5}});
}

TEST_CASE("groups linked as they are written and those linked at the end: one run of keys, one seal") {
  Registry reg = test::make_registry();
  // 200 registered orgs (keys 1 to 200), 400 groups (201 to 600): the even ones name the first
  // org, an earlier row, and are linked as they are written; the odd ones name an org that comes
  // after them (601), and are linked once every row is in.
  std::string text = kHeader + "\n";
  for (int i = 0; i < 200; ++i) text += registered_row(i) + "\n";
  for (int i = 0; i < 400; ++i) text += group_row(i, i % 2 ? row_code(900) : row_code(0), filing_of(i + 1)) + "\n";
  text += registered_row(900) + "\n";
  ImportResult r = import_text(reg, text);
  CHECK(r.added == 601);
  CHECK(org::find(reg, row_code(900)).id == 601);
  CHECK(count(reg, "SELECT count(*) FROM hub_link") == 400);
  CHECK(count(reg, "SELECT count(*) FROM hub_link l JOIN org o ON o.id = l.org_id WHERE l.id BETWEEN 1 AND 200 "
                   "AND l.hub_id = 1 AND o.hub_id = 1 AND o.id % 2 = 1") == 200);
  CHECK(count(reg, "SELECT count(*) FROM hub_link l JOIN org o ON o.id = l.org_id WHERE l.id BETWEEN 201 AND 400 "
                   "AND l.hub_id = 601 AND o.hub_id = 601 AND o.id % 2 = 0") == 200);
  // Each run in the order of the rows; every link from the filing (after both hubs registered).
  CHECK(count(reg, "SELECT count(*) FROM hub_link a JOIN hub_link b ON b.id = a.id + 1 WHERE a.id <> 200 AND "
                   "b.org_id < a.org_id") == 0);
  CHECK(count(reg, "SELECT count(*) FROM hub_link WHERE starts_on = '2015-03-01' AND ends_on IS NULL AND audit_id = " +
                       std::to_string(r.batch)) == 400);
  CHECK(wrote_of(reg, r.batch) == "hub_link:1..400;org:1..601");
  CHECK(seal_findings(reg) == "");
  // The seal holds the links as written: one changed afterwards is found.
  reg.exec("UPDATE hub_link SET starts_on = '2015-03-02' WHERE id = 7");
  CHECK(contains(seal_findings(reg), "hub_link"));
}

TEST_CASE("a digest taken on another thread is the one the feed would take, and judged as its own") {
  Registry reg = test::make_registry();
  registry::Transaction tx(reg);
  using Feed = registry::seal::Feed;
  Feed feed(reg, "hub_link");
  const auto columns = feed.columns();
  REQUIRE(!columns.empty());
  Feed::Digester digester = feed.digester();
  auto values = [&](std::int64_t id) {
    return [&columns, id](std::size_t c) -> std::optional<Feed::Value> {
      const std::string& name = columns[c];
      if (name == "id") return Feed::Value{Feed::Value::kInteger, id, {}};
      if (name == "org_id" || name == "hub_id") return Feed::Value{Feed::Value::kInteger, 1, {}};
      if (name == "starts_on") return Feed::Value{Feed::Value::kText, 0, "2015-03-01"};
      return Feed::Value{};
    };
  };
  const auto taken = digester.digest(5, values(5));
  REQUIRE(taken);
  CHECK(taken == feed.digest(5, values(5)));
  CHECK(taken != digester.digest(6, values(6)));
  // A value not known: no digest, and the feed, handed none, stops.
  CHECK_FALSE(digester.digest(6, [](std::size_t) { return std::optional<Feed::Value>(); }));
  feed.add_computed(6, std::nullopt);
  CHECK_FALSE(feed.digest(7, values(7)));
  // A key not above the last one's stops a feed as well.
  Feed again(reg, "org_event");
  again.add_computed(3, again.digester().digest(3, [](std::size_t) { return std::optional<Feed::Value>(Feed::Value{}); }));
  again.add_computed(2, again.digester().digest(2, [](std::size_t) { return std::optional<Feed::Value>(Feed::Value{}); }));
  CHECK_FALSE(again.digest(4, [](std::size_t) { return std::optional<Feed::Value>(Feed::Value{}); }));
  // A stopped feed's digester takes none.
  CHECK_FALSE(again.digester().digest(9, [](std::size_t) { return std::optional<Feed::Value>(Feed::Value{}); }));
}
