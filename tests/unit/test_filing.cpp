// Tests for the filing track: filing numbers from the pattern (gapless per year, historical
// numbers never reissued), filing dates, filed-group imports, reviews, the filing list and its
// filters, upgrades (转登记), revocation, hubs' groups, and the schema 1 → 2 migration.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "filing/filing.h"
#include "profile/filing_pattern.h"
#include "fixture.h"
#include "org/org.h"
#include "registry/migrations.h"
#include "registry/registry.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
using test::column;
using test::contains;
using test::error_of;
using test::refusal;

namespace {

const std::string kDistrict = "150203";
const std::string kCodeHub = test::make_code('2', kDistrict, "MJ100001");   // social_service: the hub
const std::string kCodeUp = test::make_code('1', kDistrict, "MJ100002");    // social_group: an upgrade
const std::string kCodeUp2 = test::make_code('2', kDistrict, "MJ100003");   // social_service

// A filing as `filing add` hands it over: the zero-threshold fields.
io::RawRecord filed(const std::string& name, const std::string& filed_on, const std::string& community = "乌兰社区") {
  return test::make_record({{kName, name},
                            {kTier, "grassroots"},
                            {kType, "social_group"},
                            {kCategory, "culture_sports"},
                            {kStreet, "林荫路街道"},
                            {kCommunity, community},
                            {kFiledOn, filed_on}});
}

Org add_hub(Registry& reg) {
  return org::add(reg, test::make_record({{kName, "林荫路街道社区社会组织促进会"},
                                          {kTier, "registered"},
                                          {kType, "social_service"},
                                          {kCategory, "other"},
                                          {kStreet, "林荫路街道"},
                                          {kCreditCode, kCodeHub},
                                          {kRegisteredOn, "2012-05-01"}}));
}

std::string value(const Org& o, Field f) { return o[f].value_or("<null>"); }
long long count(Registry& reg, const std::string& sql) { return test::count_rows(reg, sql); }

ImportResult import_csv(Registry& reg, const std::string& text, const ImportOptions& options = {}) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.format = io::InputFormat::kCsv;
  ro.resolve = org::resolve_header;
  ro.table_name = "filing";
  io::RecordReader reader(in, "filings.csv", ro);
  return org::import(reg, reader, options);
}

ImportOptions filing_import() {
  ImportOptions o;
  o.tier = "grassroots";
  o.action = "filing.import";
  return o;
}


filing::Review a_review(const std::string& date, const std::string& outcome = "pass",
                        std::optional<std::string> stars = std::nullopt) {
  return filing::Review{date, outcome, std::move(stars), "林荫路街道社区社会组织促进会", ""};
}

}  // namespace

TEST_CASE("filing numbers follow the pattern, gapless within a year, and skip numbers already carried") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, filed("夕阳红舞蹈队", "2015-03-01"), "filing.add");
  Org b = org::add(reg, filed("腰鼓队", "2015-04-01"));
  Org c = org::add(reg, filed("合唱团", "2014-11-20"));
  CHECK(value(a, kFilingNo) == "KQBA-2015-0001");
  CHECK(value(b, kFilingNo) == "KQBA-2015-0002");
  CHECK(value(c, kFilingNo) == "KQBA-2014-0001");
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'filing.add' AND org_id = " + std::to_string(a.id)) == 1);

  // A historical number further on is kept; the sequence goes on after it, never back.
  auto hist = filed("老年门球队", "2015-01-05");
  hist.fields.push_back({kFilingNo, "KQBA-2015-0041", 0, 0});
  org::add(reg, hist);
  CHECK(value(org::add(reg, filed("书法协会", "2015-05-01")), kFilingNo) == "KQBA-2015-0042");
  // Other shapes under the same prefix are not numbers of this pattern.
  auto odd = filed("棋牌队", "2015-01-06");
  odd.fields.push_back({kFilingNo, "KQBA-2015-0099-补", 0, 0});
  org::add(reg, odd);
  CHECK(value(org::add(reg, filed("太极队", "2015-05-02")), kFilingNo) == "KQBA-2015-0043");

  SUBCASE("another pattern, without a year and without a width") {
    reg.set_setting("filing_number_pattern", "林备{seq}号");
    CHECK(value(org::add(reg, filed("剪纸队", "2015-05-03")), kFilingNo) == "林备1号");
    CHECK(value(org::add(reg, filed("京剧队", "2013-05-03")), kFilingNo) == "林备2号");
  }
  SUBCASE("an unusable stored pattern is refused, naming the setting") {
    reg.set_setting("filing_number_pattern", "KQBA-{year}");
    Error e = error_of([&] { org::add(reg, filed("剪纸队", "2015-05-03")); });
    CHECK(e.kind() == ErrorKind::kInvalidData);
    CHECK(contains(e.what(), "filing_number_pattern"));
    CHECK(count(reg, "SELECT count(*) FROM org WHERE name = '剪纸队'") == 0);
  }
}

TEST_CASE("filing number patterns are checked") {
  CHECK(profile::parse_filing_pattern("KQBA-{year}-{seq:04}").error.empty());
  CHECK(profile::parse_filing_pattern("{seq}").error.empty());
  CHECK(contains(profile::parse_filing_pattern("KQBA-{year}").error, "{seq}"));
  CHECK(contains(profile::parse_filing_pattern("KQBA-{seq:x}").error, "{seq:0N}"));
  CHECK(contains(profile::parse_filing_pattern("KQBA-{month}-{seq}").error, "placeholder"));
  CHECK(contains(profile::parse_filing_pattern("{seq}-{seq}").error, "twice"));
}

TEST_CASE("a filed group's date is its filing date, apart from any registration date") {
  Registry reg = test::make_registry();
  SUBCASE("required") {
    auto in = filed("夕阳红舞蹈队", "");
    auto ds = refusal([&] { org::add(reg, in); });
    CHECK_DIAG(ds, "filed_on", "is required");
  }
  SUBCASE("a registration date on a filed group is read as its filing date") {
    auto in = test::make_record({{kName, "腰鼓队"}, {kTier, "grassroots"}, {kType, "social_group"},
                                 {kCategory, "culture_sports"}, {kStreet, "林荫路街道"}, {kCommunity, "乌兰社区"},
                                 {kRegisteredOn, "2015-02-01"}});
    Org o = org::add(reg, in);
    CHECK(value(o, kFiledOn) == "2015-02-01");
    CHECK_FALSE(o[kRegisteredOn]);
  }
  SUBCASE("both dates on a filed group are refused") {
    auto in = filed("腰鼓队", "2015-02-01");
    in.fields.push_back({kRegisteredOn, "2015-02-02", 0, 0});
    auto ds = refusal([&] { org::add(reg, in); });
    CHECK_DIAG(ds, "registered_on", "its date is filed_on");
  }
  SUBCASE("a registered org carries a filing date only with its filing number, and not after registering") {
    auto in = test::make_record({{kName, "心愿公益协会"}, {kTier, "registered"}, {kType, "social_group"},
                                 {kCategory, "volunteer"}, {kCreditCode, kCodeUp}, {kRegisteredOn, "2015-02-01"},
                                 {kFiledOn, "2015-03-01"}});
    auto ds = refusal([&] { org::add(reg, in); });
    CHECK_DIAG(ds, "filed_on", "give filing_no too");
    CHECK_DIAG(ds, "filed_on", "after the registration date 2015-02-01");
    in.fields.push_back({kFilingNo, "KQBA-2013-0021", 0, 0});
    for (auto& f : in.fields)
      if (f.field == kFiledOn) f.value = "2013-06-01";
    Org o = org::add(reg, in);
    CHECK(value(o, kFilingNo) == "KQBA-2013-0021");
    CHECK(value(o, kFiledOn) == "2013-06-01");
  }
  SUBCASE("the founding date is checked against the filing date") {
    auto in = filed("腰鼓队", "2015-02-01");
    in.fields.push_back({kFounded, "2015-03-01", 0, 0});
    auto ds = refusal([&] { org::add(reg, in); });
    CHECK_DIAG(ds, "founded", "after the filing date 2015-02-01");
  }
  CHECK(count(reg, "SELECT count(*) FROM org WHERE tier = 'grassroots' AND registered_on IS NOT NULL") == 0);
}

TEST_CASE("filing import: filed groups only, numbers given once every number in the file is known") {
  Registry reg = test::make_registry();
  const std::string header = "name,type,category,street,community,filing_no,filed_on,filing_office,activity_area\n";
  SUBCASE("numbers follow the filing dates and skip the file's own") {
    ImportResult r = import_csv(reg, header +
                                         "腰鼓队,social_group,culture_sports,林荫路街道,乌兰社区,,2015-04-01,林荫路街道办事处,乌兰社区辖区\n"
                                         "合唱团,social_group,culture_sports,林荫路街道,乌兰社区,,2015-02-01,林荫路街道办事处,\n"
                                         "门球队,social_group,culture_sports,林荫路街道,乌兰社区,KQBA-2015-0001,2015-01-01,,\n",
                                filing_import());
    CHECK(r.added == 3);
    CHECK(r.numbered == 2);
    CHECK(value(org::find(reg, "KQBA-2015-0002"), kName) == "合唱团");
    CHECK(value(org::find(reg, "KQBA-2015-0003"), kName) == "腰鼓队");
    Org g = org::find(reg, "KQBA-2015-0003");
    CHECK(value(g, kTier) == "grassroots");
    CHECK(value(g, kFilingOffice) == "林荫路街道办事处");
    CHECK(value(g, kActivityArea) == "乌兰社区辖区");
    CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'filing.import' AND detail LIKE '%\"filing_numbers_assigned\":2%'") == 1);
  }
  SUBCASE("a registered org in a filing import is refused, with where it belongs") {
    const std::string text = "name,tier,type,category,credit_code,registered_on\n心愿公益协会,registered,social_group,volunteer," +
                             kCodeUp + ",2015-01-01\n";
    Error e = error_of([&] { import_csv(reg, text, filing_import()); });
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].field == "tier");
    CHECK(e.diagnostics()[0].line == 2);
    CHECK(contains(e.diagnostics()[0].hint, "‹org import›"));
    CHECK(count(reg, "SELECT count(*) FROM org") == 0);
  }
  SUBCASE("a dry run assigns nothing") {
    ImportOptions o = filing_import();
    o.dry_run = true;
    ImportResult r = import_csv(reg, header + "腰鼓队,social_group,culture_sports,林荫路街道,乌兰社区,,2015-04-01,,\n", o);
    CHECK(r.numbered == 1);
    CHECK(count(reg, "SELECT count(*) FROM org") == 0);
  }
}

TEST_CASE("reviews: recorded with the audit, refused with every problem and nothing written") {
  Registry reg = test::make_registry();
  add_hub(reg);
  Org g = org::add(reg, filed("夕阳红舞蹈队", "2014-03-01"));
  filing::review(reg, "KQBA-2014-0001", a_review("2014-12-20", "合格", std::string("4")));
  CHECK(count(reg, "SELECT count(*) FROM filing_review WHERE outcome = 'pass' AND stars = 4 AND reviewed_on = '2014-12-20'") == 1);
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'filing.review' AND org_id = " + std::to_string(g.id) +
                       " AND detail LIKE '%\"stars\":4%'") == 1);
  const long long audits = count(reg, "SELECT count(*) FROM audit");

  SUBCASE("bad values, all at once") {
    auto ds = refusal([&] { filing::review(reg, g[kKey].value(), a_review("2014-02-01", "优秀", std::string("6"))); });
    CHECK(ds.size() == 3);
    CHECK_DIAG(ds, "date", "before the filing date 2014-03-01");
    CHECK_DIAG(ds, "outcome", "not one of pass, basic_pass, fail");
    CHECK_DIAG(ds, "stars", "from 1 to 5");
  }
  SUBCASE("a date in the future or missing") {
    CHECK_DIAG(refusal([&] { filing::review(reg, g[kKey].value(), a_review("2015-07-01")); }), "date", "in the future");
    CHECK_DIAG(refusal([&] { filing::review(reg, g[kKey].value(), a_review("")); }), "date", "is required");
  }
  SUBCASE("a registered org") {
    Error e = error_of([&] { filing::review(reg, kCodeHub, a_review("2015-01-01")); });
    CHECK(e.kind() == ErrorKind::kInvalidData);
    CHECK(contains(e.what(), "reviews are for filed groups"));
  }
  SUBCASE("a closed filing") {
    org::set_status(reg, g[kKey].value(), {"filing_revoked", "2015-01-10", "长期不开展活动", "", "", "", "grassroots", "filing.revoke"});
    const long long after_revoke = count(reg, "SELECT count(*) FROM audit");
    Error e = error_of([&] { filing::review(reg, g[kKey].value(), a_review("2015-02-01")); });
    CHECK_MESSAGE(contains(e.what(), "was revoked on 2015-02-01: its filing was closed (the revocation of the filing of 2015-01-10"),
                  e.what());
    CHECK(count(reg, "SELECT count(*) FROM audit") == after_revoke);
    // A review of the year it was still filed is history, and recorded.
    filing::review(reg, g[kKey].value(), a_review("2015-01-05"));
    CHECK(count(reg, "SELECT count(*) FROM filing_review WHERE reviewed_on = '2015-01-05'") == 1);
    return;
  }
  CHECK(count(reg, "SELECT count(*) FROM filing_review") == 1);
  CHECK(count(reg, "SELECT count(*) FROM audit") == audits);
}

TEST_CASE("the filing list: status, last review, due for review, stars, hub, year") {
  Registry reg = test::make_registry();  // today is 2015-06-30
  Org hub = add_hub(reg);
  auto with_hub = [&](io::RawRecord r) {
    r.fields.push_back({kHub, kCodeHub, 0, 0});
    return r;
  };
  Org never = org::add(reg, with_hub(filed("门球队", "2014-03-01")));           // filed over a year ago: due
  Org fresh = org::add(reg, filed("腰鼓队", "2015-03-01"));                      // filed this year: not due
  Org old_review = org::add(reg, with_hub(filed("合唱团", "2013-05-01")));       // reviewed 2014-06-01: due
  Org recent = org::add(reg, filed("书法队", "2013-05-02"));                     // reviewed 2014-12-01: not due
  Org exactly = org::add(reg, filed("太极队", "2013-05-03"));                    // reviewed 2014-06-30: due today
  filing::review(reg, old_review[kKey].value(), a_review("2014-06-01", "basic_pass", std::string("3")));
  filing::review(reg, recent[kKey].value(), a_review("2014-01-01", "fail", std::string("1")));
  filing::review(reg, recent[kKey].value(), a_review("2014-12-01", "pass", std::string("5")));
  filing::review(reg, exactly[kKey].value(), a_review("2014-06-30"));
  Org revoked = org::add(reg, filed("棋牌队", "2013-01-01"));
  org::set_status(reg, revoked[kKey].value(), {"filing_revoked", "2015-01-10", "长期不开展活动", "", "", "", "grassroots", "filing.revoke"});

  auto keys = [&](filing::Filter f) { return column(filing::list(reg, f), "key"); };
  using V = std::vector<std::string>;
  filing::Filter all;
  io::Table t = filing::list(reg, all);
  CHECK(column(t, "key") == V{*never[kKey], *fresh[kKey], *old_review[kKey], *recent[kKey], *exactly[kKey], *revoked[kKey]});
  CHECK(column(t, "filing_status") == V{"open", "open", "open", "open", "open", "revoked"});
  CHECK(column(t, "last_review") == V{"", "", "2014-06-01", "2014-12-01", "2014-06-30", ""});
  CHECK(column(t, "stars") == V{"", "", "3", "5", "", ""});
  CHECK(column(t, "hub") == V{kCodeHub, "", kCodeHub, "", "", ""});

  filing::Filter due;
  due.due = true;
  CHECK(keys(due) == V{*never[kKey], *old_review[kKey], *exactly[kKey]});
  filing::Filter stars;
  stars.stars = "5";
  CHECK(keys(stars) == V{*recent[kKey]});
  filing::Filter by_hub;
  by_hub.hub = kCodeHub;
  CHECK(keys(by_hub) == V{*never[kKey], *old_review[kKey]});
  filing::Filter year;
  year.year = "2013";
  CHECK(keys(year) == V{*old_review[kKey], *recent[kKey], *exactly[kKey], *revoked[kKey]});
  filing::Filter status;
  status.status = "撤销备案";
  CHECK(keys(status) == V{*revoked[kKey]});
  filing::Filter limited;
  limited.limit = 2;
  std::size_t total = 0;
  CHECK(filing::list(reg, limited, &total).rows.size() == 2);
  CHECK(total == 6);

  filing::Filter bad;
  bad.stars = "6";
  CHECK(error_of([&] { filing::list(reg, bad); }).kind() == ErrorKind::kUsage);
  bad = {};
  bad.status = "closed";
  CHECK(error_of([&] { filing::list(reg, bad); }).kind() == ErrorKind::kUsage);

  // The hub's own view lists its groups.
  io::Table groups = filing::groups_of_hub(reg, hub.id);
  CHECK(column(groups, "key") == V{*never[kKey], *old_review[kKey]});
  // The reviews of one group, oldest first.
  CHECK(column(filing::reviews(reg, recent.id), "outcome") == V{"fail", "pass"});
  io::Table shown = filing::show(reg, *recent[kKey]);
  CHECK(column(shown, "review_count") == V{"2"});
  CHECK(column(shown, "stars") == V{"5"});
  CHECK(column(shown, "filing_status") == V{"open"});
}

TEST_CASE("upgrade: a filed group registers and keeps its key, filing and history") {
  Registry reg = test::make_registry();
  add_hub(reg);
  auto in = filed("乌兰社区志愿服务队", "2013-06-01");
  in.fields.push_back({kHub, kCodeHub, 0, 0});
  Org g = org::add(reg, in);
  filing::review(reg, g[kKey].value(), a_review("2014-12-01", "pass", std::string("5")));

  SUBCASE("registered") {
    Org up = org::upgrade(reg, "KQBA-2013-0001",
                          test::make_record({{kCreditCode, kCodeUp},
                                             {kRegisteredOn, "2015-05-12"},
                                             {kName, "包头市昆都仑区乌兰志愿服务协会"},
                                             {kRepresentative, "张丽"}}));
    CHECK(up.id == g.id);
    CHECK(value(up, kTier) == "registered");
    CHECK(value(up, kCreditCode) == kCodeUp);
    CHECK(value(up, kAuthority) == "district");
    CHECK(value(up, kRegisteredOn) == "2015-05-12");
    CHECK(value(up, kFilingNo) == "KQBA-2013-0001");
    CHECK(value(up, kFiledOn) == "2013-06-01");
    CHECK(value(up, kName) == "包头市昆都仑区乌兰志愿服务协会");
    CHECK_FALSE(up[kHub]);
    CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'filing.upgrade' AND org_id = " + std::to_string(g.id) +
                         " AND detail LIKE '%\"date\":\"2015-05-12\"%' AND detail LIKE '%\"tier\":\"grassroots\"%'") == 1);
    CHECK(column(filing::show(reg, kCodeUp), "filing_status") == std::vector<std::string>{"upgraded"});
    filing::Filter f;
    f.status = "upgraded";
    CHECK(column(filing::list(reg, f), "key") == std::vector<std::string>{*g[kKey]});
    // Its history goes on under the same key; it is no longer reviewed as a filed group.
    CHECK(error_of([&] { filing::review(reg, kCodeUp, a_review("2015-06-01")); }).kind() == ErrorKind::kInvalidData);
    Error again = error_of([&] { org::upgrade(reg, kCodeUp, test::make_record({{kCreditCode, kCodeUp2}, {kRegisteredOn, "2015-06-01"}})); });
    CHECK(contains(again.what(), "already registered"));
  }
  SUBCASE("refusals name every problem; nothing changes") {
    auto ds = refusal([&] {
      org::upgrade(reg, g[kKey].value(),
                   test::make_record({{kCreditCode, kCodeUp2}, {kRegisteredOn, "2013-01-01"}, {kFilingNo, "X-1"}}));
    });
    CHECK_DIAG(ds, "credit_code", "type digit (position 2) is '2' but the org's type social_group needs '1'");
    CHECK_DIAG(ds, "filed_on", "after the registration date 2013-01-01");
    CHECK_DIAG(ds, "filing_no", "is not part of a registration");
    auto missing = refusal([&] { org::upgrade(reg, g[kKey].value(), io::RawRecord{}); });
    CHECK_DIAG(missing, "credit_code", "is required");
    CHECK_DIAG(missing, "registered_on", "is required");
    // The registered name must be free among the authority's orgs.
    auto taken = refusal([&] {
      org::upgrade(reg, g[kKey].value(), test::make_record({{kCreditCode, kCodeUp}, {kRegisteredOn, "2015-05-12"},
                                                             {kName, "林荫路街道社区社会组织促进会"}}));
    });
    CHECK_DIAG(taken, "name", "is already the name of");
    Org now = org::find(reg, g[kKey].value());
    CHECK(value(now, kTier) == "grassroots");
    CHECK(value(now, kHub) == kCodeHub);
  }
  SUBCASE("only an active filed group registers") {
    org::set_status(reg, g[kKey].value(), {"suspended", "2015-01-10", "", "", "", "", std::nullopt, ""});
    Error e = error_of([&] { org::upgrade(reg, g[kKey].value(), test::make_record({{kCreditCode, kCodeUp}, {kRegisteredOn, "2015-05-12"}})); });
    CHECK(contains(e.what(), "only an active filed group can register"));
  }
}

TEST_CASE("filing revoke is for filed groups") {
  Registry reg = test::make_registry();
  add_hub(reg);
  Org g = org::add(reg, filed("夕阳红舞蹈队", "2014-03-01"));
  Error e = error_of([&] {
    org::set_status(reg, kCodeHub, {"filing_revoked", "2015-01-10", "x", "", "", "", "grassroots", "filing.revoke"});
  });
  CHECK(contains(e.what(), "is not a filed (grassroots) org"));
  Org r = org::set_status(reg, g[kKey].value(), {"filing_revoked", "2015-01-10", "长期不开展活动", "林荫路街道办事处", "", "", "grassroots", "filing.revoke"});
  CHECK(value(r, kStatus) == "revoked");
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'filing.revoke' AND org_id = " + std::to_string(g.id)) == 1);
}

TEST_CASE("migration 2 moves a filed group's date from registered_on to filed_on") {
  // A registry at schema version 1 with one filed group and one registered org.
  Registry reg = Registry::in_memory(test::test_session());
  const auto& all = registry::migrations();
  REQUIRE(all.size() >= 2);
  REQUIRE(all[1].version == 2);
  // Run migration 2 by hand on rows shaped as version 1 stored them.
  reg.exec("DROP TABLE filing_review");
  reg.exec("ALTER TABLE org DROP COLUMN filed_on");
  reg.exec("ALTER TABLE org DROP COLUMN filing_office");
  reg.exec("ALTER TABLE org DROP COLUMN activity_area");
  reg.exec("INSERT INTO org (name, tier, type, level, category, street, community, filing_no, registered_on) VALUES "
           "('腰鼓队', 'grassroots', 'social_group', 'community', 'culture_sports', '林荫路街道', '乌兰社区', 'KQBA-2012-0001', '2012-09-13')");
  reg.exec("INSERT INTO org (name, tier, type, level, category, credit_code, registered_on) VALUES "
           "('促进会', 'registered', 'social_service', 'district', 'other', '" + kCodeHub + "', '2012-05-01')");
  reg.exec(all[1].sql);
  CHECK(count(reg, "SELECT count(*) FROM org WHERE name = '腰鼓队' AND filed_on = '2012-09-13' AND registered_on IS NULL") == 1);
  CHECK(count(reg, "SELECT count(*) FROM org WHERE name = '促进会' AND filed_on IS NULL AND registered_on = '2012-05-01'") == 1);
  CHECK(count(reg, "SELECT count(*) FROM filing_review") == 0);
}
