// Tests for the incubator: admission and its refusals (status, residence, credit lists,
// capacity on the admission date and on later admission dates), terms and date arithmetic,
// reviews against the pass mark, graduation (passing review, early with a reason, --force),
// withdrawal, extension, stays again, list filters, sites, and import/export of stays.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "check/check.h"
#include "incubate/incubate.h"
#include "validate/values.h"
#include "org/org.h"
#include "registry/registry.h"
#include "supervision/supervision.h"
#include "validate/values.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
using test::column;
using test::contains;
using test::error_of;
using test::refusal;
using test::refusal_text;
namespace inc = kunqu::incubate;

namespace {

using V = std::vector<std::string>;

Org add_group(Registry& reg, const std::string& name, const std::string& filed_on = "2013-01-01") {
  return org::add(reg, test::make_record({{kName, name},
                                          {kTier, "grassroots"},
                                          {kType, "social_group"},
                                          {kCategory, "volunteer"},
                                          {kStreet, "林荫路街道"},
                                          {kCommunity, "乌兰社区"},
                                          {kFiledOn, filed_on}}));
}

Registry incubator_registry(const std::string& now = "") {
  Registry reg = test::make_registry(true, now);
  reg.set_setting("incubator_sites", "孵化园=2; 林荫路中心=5");
  return reg;
}

inc::Admission at(const std::string& site, const std::string& date) {
  inc::Admission a;
  a.site = site;
  a.date = date;
  return a;
}


long long count(Registry& reg, const std::string& sql) { return test::count_rows(reg, sql); }

}  // namespace

TEST_CASE("date spans: month ends and leap days") {
  CHECK(validate::add_months("2016-02-29", 24) == "2018-02-28");
  CHECK(validate::add_months("2016-02-29", 48) == "2020-02-29");
  CHECK(validate::add_months("2015-01-31", 1) == "2015-02-28");
  CHECK(validate::add_months("2015-08-31", 18) == "2017-02-28");
  CHECK(validate::add_months("2015-03-31", -1) == "2015-02-28");
  CHECK(validate::add_days("2016-02-28", 1) == "2016-02-29");
  CHECK(validate::add_days("2015-12-31", 1) == "2016-01-01");
  CHECK(validate::add_days("2016-03-01", -1) == "2016-02-29");
  CHECK(validate::add_span("2015-06-30", "90d") == std::optional<std::string>("2015-09-28"));
  CHECK(validate::add_span("2015-06-30", "2y") == std::optional<std::string>("2017-06-30"));
  CHECK_FALSE(validate::add_span("2015-06-30", "2w"));
  CHECK_FALSE(validate::add_span("2015-06-30", "y"));
}

TEST_CASE("admission: the term, and every refusal with its rule") {
  Registry reg = incubator_registry("2016-06-30T08:00:00Z");
  Org a = add_group(reg, "志愿服务队");
  inc::admit(reg, *a[kKey], at("孵化园", "2016-02-29"));
  io::Table t = inc::list(reg, {});
  CHECK(column(t, "planned_end") == V{"2018-02-28"});
  CHECK(column(t, "status") == V{"in_residence"});
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'incubate.admit'") == 1);

  SUBCASE("terms: a span, an end date, the setting") {
    Org b = add_group(reg, "读书会");
    auto x = at("林荫路中心", "2015-01-31");
    x.term = "18m";
    inc::admit(reg, *b[kKey], x);
    Org c = add_group(reg, "合唱团");
    auto y = at("林荫路中心", "2015-01-31");
    y.until = "2015-12-31";
    inc::admit(reg, *c[kKey], y);
    reg.set_setting("incubation_term", "1y");
    Org d = add_group(reg, "舞蹈队");
    inc::admit(reg, *d[kKey], at("林荫路中心", "2015-03-01"));
    CHECK(column(inc::list(reg, {}), "planned_end") == V{"2016-07-31", "2015-12-31", "2016-03-01", "2018-02-28"});
    Org e = add_group(reg, "象棋队");
    auto z = at("林荫路中心", "2015-03-01");
    z.until = "2015-02-01";
    z.term = "2y";
    auto ds = refusal([&] { inc::admit(reg, *e[kKey], z); });
    CHECK_DIAG(ds, "term", "not both");
    CHECK_DIAG(ds, "until", "not after the admission date");
  }
  SUBCASE("the org's own state") {
    CHECK(contains(refusal_text([&] { inc::admit(reg, *a[kKey], at("林荫路中心", "2016-03-01")); }),
                   "already in residence at 孵化园 since 2016-02-29"));
    Org s = add_group(reg, "暂停队");
    org::set_status(reg, *s[kKey], {"suspended", "2016-01-10", "", "", "", "", std::nullopt, ""});
    CHECK(contains(refusal_text([&] { inc::admit(reg, *s[kKey], at("林荫路中心", "2016-03-01")); }),
                   "is not admitted: it is suspended; only an active org is admitted"));
    Org r = add_group(reg, "撤销队");
    org::set_status(reg, *r[kKey], {"revoked", "2016-01-10", "x", "", "", "", std::nullopt, ""});
    CHECK(contains(refusal_text([&] { inc::admit(reg, *r[kKey], at("林荫路中心", "2016-03-01")); }), "it is revoked"));
    Org listed = org::add(reg, test::make_record({{kName, "某协会"}, {kTier, "registered"}, {kType, "social_group"},
                                                  {kCategory, "volunteer"}, {kCreditCode, test::make_code('1', "150203", "MJ200001")},
                                                  {kRegisteredOn, "2012-01-01"}}));
    supervision::CreditEvent ev;
    ev.kind = "abnormal_in";
    ev.date = "2016-01-05";
    supervision::add_event(reg, *listed[kKey], ev);
    CHECK(contains(refusal_text([&] { inc::admit(reg, *listed[kKey], at("林荫路中心", "2016-03-01")); }),
                   "on the abnormal-activity list (since 2016-01-05)"));
  }
  SUBCASE("bad values, all at once; unknown sites") {
    Org b = add_group(reg, "读书会", "2015-05-01");
    auto ds = refusal([&] { inc::admit(reg, *b[kKey], at("火星基地", "2015-04-01")); });
    CHECK(ds.size() == 2);
    CHECK_DIAG(ds, "site", "'火星基地' is not an incubator site (the sites are 孵化园, 林荫路中心)");
    CHECK_DIAG(ds, "date", "before K0000002 '读书会' entered the registry (2015-05-01)");
    CHECK_DIAG(refusal([&] { inc::admit(reg, *b[kKey], at("孵化园", "2016-07-01")); }), "date", "in the future");
    reg.set_setting("incubator_sites", "");
    CHECK(contains(refusal_text([&] { inc::admit(reg, *b[kKey], at("孵化园", "2016-01-01")); }), "no incubator sites are set up"));
  }
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'incubate.admit'") >= 1);
}

TEST_CASE("capacity is counted on the admission date and on later admission dates") {
  Registry reg = incubator_registry();  // today 2015-06-30; 孵化园 has 2 places
  Org a = add_group(reg, "甲队"), b = add_group(reg, "乙队"), c = add_group(reg, "丙队"), d = add_group(reg, "丁队");
  inc::admit(reg, *a[kKey], at("孵化园", "2014-08-18"));
  inc::admit(reg, *b[kKey], at("孵化园", "2014-09-01"));
  const long long audits = count(reg, "SELECT count(*) FROM audit");
  CHECK(contains(refusal_text([&] { inc::admit(reg, *c[kKey], at("孵化园", "2014-10-01")); }), "孵化园 is full on 2014-10-01: 2 of 2 places taken"));
  // Before b came there was room on the day, but not on 2014-09-01 while the stay would last.
  CHECK(contains(refusal_text([&] { inc::admit(reg, *c[kKey], at("孵化园", "2014-08-20")); }), "孵化园 is full on 2014-09-01"));
  CHECK(count(reg, "SELECT count(*) FROM audit") == audits);
  inc::review(reg, *a[kKey], "2015-03-01", "75", "");
  inc::graduate(reg, *a[kKey], {"2015-04-01", "", "已独立运营", ""});
  CHECK(contains(refusal_text([&] { inc::admit(reg, *c[kKey], at("孵化园", "2015-03-31")); }), "full on 2015-03-31"));
  inc::admit(reg, *c[kKey], at("孵化园", "2015-04-01"));  // the day a place is freed
  CHECK(contains(refusal_text([&] { inc::admit(reg, *d[kKey], at("孵化园", "2015-05-01")); }), "full on 2015-05-01"));
  inc::admit(reg, *d[kKey], at("林荫路中心", "2015-05-01"));
  io::Table s = inc::sites(reg, "2015-06-30");
  CHECK(column(s, "site") == V{"孵化园", "林荫路中心"});
  CHECK(column(s, "in_residence") == V{"2", "1"});
  CHECK(column(s, "free") == V{"0", "4"});
  CHECK(column(inc::sites(reg, "2014-08-31"), "in_residence") == V{"1", "0"});
}

TEST_CASE("reviews, graduation, withdrawal, extension, and a second stay") {
  Registry reg = incubator_registry();
  Org a = add_group(reg, "心愿志愿队");
  inc::admit(reg, *a[kKey], at("孵化园", "2014-08-18"));
  SUBCASE("reviews are scored against the pass mark of the day") {
    CHECK_DIAG(refusal([&] { inc::review(reg, *a[kKey], "2014-08-01", "101", ""); }), "score", "from 0 to 100");
    CHECK_DIAG(refusal([&] { inc::review(reg, *a[kKey], "2014-08-01", "80", ""); }), "date", "before the admission on 2014-08-18");
    reg.set_setting("incubation_pass_mark", "70");
    inc::review(reg, *a[kKey], "2014-12-01", "65", "起步阶段");
    reg.set_setting("incubation_pass_mark", "60");
    CHECK(contains(refusal_text([&] { inc::graduate(reg, *a[kKey], {"2015-06-01", "", "成熟", ""}); }), "has no passing review"));
    inc::review(reg, *a[kKey], "2015-05-01", "88", "");
    std::optional<std::int64_t> stay;
    inc::stays_of(reg, a.id, &stay);
    CHECK(column(inc::reviews(reg, *stay), "passed") == V{"false", "true"});
    // A review after the graduation date does not count for it.
    CHECK(contains(refusal_text([&] { inc::graduate(reg, *a[kKey], {"2015-04-30", "", "成熟", ""}); }), "on or before 2015-04-30"));
    CHECK_DIAG(refusal([&] { inc::graduate(reg, *a[kKey], {"2015-06-01", "", "", ""}); }), "reason", "before the planned end 2016-08-18 is early");
    inc::graduate(reg, *a[kKey], {"2015-06-01", "出壳仪式", "已承接政府购买服务项目", ""});
    io::Table t = inc::list(reg, {});
    CHECK(column(t, "status") == V{"graduated"});
    CHECK(column(t, "early") == V{"true"});
    CHECK(column(t, "score") == V{"88"});
    CHECK(count(reg, "SELECT count(*) FROM incubation WHERE end_reason = '已承接政府购买服务项目' AND note = '出壳仪式' AND forced IS NULL") == 1);
    // Incubated again later: every stay is kept.
    inc::admit(reg, *a[kKey], at("林荫路中心", "2015-06-20"));
    CHECK(column(inc::stays_of(reg, a.id), "site") == V{"孵化园", "林荫路中心"});
    CHECK(contains(refusal_text([&] { inc::admit(reg, *a[kKey], at("林荫路中心", "2015-06-25")); }), "already in residence"));
  }
  SUBCASE("--force graduates without a passing review, and says why") {
    inc::graduate(reg, *a[kKey], {"2015-06-01", "", "转入市级孵化基地", "转入市级基地，由市级基地评估"});
    CHECK(count(reg, "SELECT count(*) FROM incubation WHERE forced = '转入市级基地，由市级基地评估' AND early = 1") == 1);
    CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'incubate.graduate' AND detail LIKE '%\"force\":\"转入市级基地%'") == 1);
    CHECK(contains(refusal_text([&] { inc::review(reg, *a[kKey], "2015-06-02", "90", ""); }), "is not in residence"));
  }
  SUBCASE("withdrawal and extension") {
    CHECK_DIAG(refusal([&] { inc::withdraw(reg, *a[kKey], "2015-03-01", ""); }), "reason", "is required");
    CHECK_DIAG(refusal([&] { inc::extend(reg, *a[kKey], "2016-08-01", "项目延期", ""); }), "until", "not after the planned end 2016-08-18");
    inc::extend(reg, *a[kKey], "2017-02-28", "项目周期延长", "2015-06-01");
    CHECK(column(inc::list(reg, {}), "planned_end") == V{"2017-02-28"});
    std::optional<std::int64_t> stay;
    inc::stays_of(reg, a.id, &stay);
    CHECK(column(inc::extensions(reg, *stay), "old_end") == V{"2016-08-18"});
    inc::withdraw(reg, *a[kKey], "2015-06-10", "负责人迁出");
    CHECK(column(inc::list(reg, {}), "status") == V{"withdrawn"});
    CHECK(column(inc::list(reg, {}), "early") == V{""});
  }
}

TEST_CASE("the stay list: status, site, due within, overdue, admitted between") {
  Registry reg = incubator_registry("2016-08-01T08:00:00Z");
  Org a = add_group(reg, "甲队"), b = add_group(reg, "乙队"), c = add_group(reg, "丙队"), d = add_group(reg, "丁队");
  inc::admit(reg, *a[kKey], at("孵化园", "2014-08-18"));  // ends 2016-08-18: due within 90d
  inc::admit(reg, *b[kKey], at("林荫路中心", "2014-06-01"));  // ended 2016-06-01: overdue
  inc::admit(reg, *c[kKey], at("林荫路中心", "2015-06-01"));  // ends 2017-06-01
  inc::admit(reg, *d[kKey], at("孵化园", "2015-01-01"));
  inc::withdraw(reg, *d[kKey], "2015-03-01", "活动停止");
  auto keys = [&](inc::Filter f) { return column(inc::list(reg, f), "key"); };
  inc::Filter f;
  f.due_within = "90d";
  CHECK(keys(f) == V{*a[kKey]});
  f = {};
  f.overdue = true;
  CHECK(keys(f) == V{*b[kKey]});
  f = {};
  f.status = "退出";
  CHECK(keys(f) == V{*d[kKey]});
  f = {};
  f.site = "林荫路中心";
  CHECK(keys(f) == V{*b[kKey], *c[kKey]});
  f = {};
  f.admitted_since = "2014-08-01";
  f.admitted_until = "2015-01-01";
  CHECK(keys(f) == V{*a[kKey], *d[kKey]});
  f = {};
  f.due_within = "soon";
  CHECK(error_of([&] { inc::list(reg, f); }).kind() == ErrorKind::kUsage);
}

namespace {

inc::ImportResult import_text(Registry& reg, const std::string& text, const inc::ImportOptions& options = {}) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.resolve = inc::resolve_header;
  ro.table_name = "incubation";
  io::RecordReader reader(in, "stays.csv", ro);
  return inc::import(reg, reader, options);
}

}  // namespace

TEST_CASE("stays import: all or nothing, every problem at its line, capacity after the file") {
  Registry reg = incubator_registry();
  Org a = add_group(reg, "甲队"), b = add_group(reg, "乙队"), c = add_group(reg, "丙队");
  const std::string good =
      "组织,孵化基地,入驻日期,计划出壳日期,导师,孵化状态,出壳日期,原因,出壳评审日期,出壳评审得分\n" + *a[kKey] +
      ",孵化园,2014-08-18,,王敏,出壳,2015-05-20,已独立运营,2015-05-10,82\n" + *b[kKey] + ",孵化园,2014-08-18,,,在孵,,,,\n";
  SUBCASE("good") {
    inc::ImportResult r = import_text(reg, good);
    CHECK(r.added == 2);
    io::Table t = inc::list(reg, {});
    CHECK(column(t, "planned_end") == V{"2016-08-18", "2016-08-18"});
    CHECK(column(t, "early") == V{"true", ""});
    CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'incubate.import' AND detail LIKE '%\"added\":2%'") == 1);
    // Again: refused, or skipped.
    Error e = error_of([&] { import_text(reg, good); });
    CHECK(e.diagnostics().size() == 2);
    CHECK(contains(e.diagnostics()[0].message, "already admitted on 2014-08-18"));
    inc::ImportOptions skip;
    skip.on_conflict = registry::OnConflict::kSkip;
    CHECK(import_text(reg, good, skip).skipped == 2);
    // Export, then import into another registry with the same orgs: the same stays.
    io::Table out = inc::export_stays(reg, {});
    CHECK(column(out, "org") == V{"KQBA-2013-0001", "KQBA-2013-0002"});
    CHECK(column(out, "status") == V{"graduated", "in_residence"});
    CHECK(column(out, "review_date") == V{"2015-05-10", ""});
    CHECK(column(out, "review_score") == V{"82", ""});
    // The review the row gave is the stay's, recorded with the import's entry.
    CHECK(count(reg, "SELECT count(*) FROM incubation_review r JOIN audit a ON a.id = r.audit_id WHERE r.score = 82 AND "
                     "r.passed = 1 AND r.reviewed_on = '2015-05-10' AND a.action = 'incubate.import'") == 1);
  }
  SUBCASE("a graduation needs its passing review, as the command does, or the reason it went without") {
    const std::string head = "org,site,admitted_on,status,ended_on,end_reason,review_date,review_score,forced\n";
    const std::string rows = head + *a[kKey] + ",孵化园,2014-08-18,graduated,2015-06-01,提前,,,\n" + *b[kKey] +
                             ",孵化园,2014-08-18,graduated,2015-06-01,提前,2015-05-01,55,\n" + *c[kKey] +
                             ",孵化园,2015-06-05,graduated,2015-06-20,提前,2015-06-25,80,\n";
    Error e = error_of([&] { import_text(reg, rows); });
    const auto& ds = e.diagnostics();
    CHECK_MESSAGE(ds.size() == 3, test::describe(ds));
    CHECK_DIAG(ds, "status", "has no passing review (score 60 or more) on or before 2015-06-01");
    CHECK_DIAG(ds, "review_score", "has no passing review (score 60 or more) on or before 2015-06-01");
    CHECK_DIAG(ds, "review_date", "2015-06-25 is after the stay ended on 2015-06-20");
    CHECK(count(reg, "SELECT count(*) FROM incubation") == 0);
    const std::string forced = head + *a[kKey] + ",孵化园,2014-08-18,graduated,2015-06-01,提前,,,评审材料遗失\n" + *b[kKey] +
                               ",孵化园,2014-08-18,in_residence,,,,,已出壳\n";
    CHECK_DIAG(error_of([&] { import_text(reg, forced); }).diagnostics(), "forced", "only a graduated stay has one");
    CHECK(import_text(reg, head + *a[kKey] + ",孵化园,2014-08-18,graduated,2015-06-01,提前,,,评审材料遗失\n").added == 1);
    CHECK(count(reg, "SELECT count(*) FROM incubation WHERE forced = '评审材料遗失'") == 1);
  }
  SUBCASE("bad rows") {
    const std::string bad = "org,site,admitted_on,planned_end,status,ended_on,end_reason\n" + *a[kKey] +
                            ",火星,2014-08-18,,,,\n" + *b[kKey] + ",孵化园,2014-08-18,2014-08-01,graduated,,\n" +
                            "K0009999,孵化园,2014-08-18,,,,\n" + *c[kKey] + ",孵化园,2014-09-01,,withdrawn,2015-01-01,活动停止\n" +
                            *c[kKey] + ",孵化园,2014-12-01,,,,\n" + *a[kKey] + ",孵化园,2014-09-02,,withdrawn,2014-10-01,\n";
    Error e = error_of([&] { import_text(reg, bad); });
    const auto& ds = e.diagnostics();
    CHECK_MESSAGE(ds.size() == 6, test::describe(ds));
    CHECK_DIAG(ds, "site", "'火星' is not an incubator site");
    CHECK_DIAG(ds, "planned_end", "not after the admission date");
    CHECK_DIAG(ds, "ended_on", "is required for a stay that is graduated");
    CHECK_DIAG(ds, "org", "no org 'K0009999'");
    CHECK_DIAG(ds, "end_reason", "why the org left");
    CHECK_DIAG(ds, "admitted_on", "overlaps this one");
    CHECK(ds[0].line == 2);
    CHECK(count(reg, "SELECT count(*) FROM incubation") == 0);
  }
  SUBCASE("capacity over the whole file") {
    const std::string full = "org,site,admitted_on\n" + *a[kKey] + ",孵化园,2014-08-18\n" + *b[kKey] + ",孵化园,2014-08-19\n" +
                             *c[kKey] + ",孵化园,2014-08-20\n";
    Error e = error_of([&] { import_text(reg, full); });
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].line == 4);
    CHECK(contains(e.diagnostics()[0].message, "孵化园 is full on 2014-08-20: 3 stays for 2 places"));
    CHECK(count(reg, "SELECT count(*) FROM incubation") == 0);
  }
}

TEST_CASE("a term is refused when its planned end would fall beyond the dates kunqu keeps") {
  CHECK_FALSE(validate::add_span("2015-06-30", "9999m"));
  CHECK_FALSE(validate::add_span("2015-06-30", "200y"));
  CHECK(validate::add_span("2015-06-30", "184y") == std::optional<std::string>("2199-06-30"));
  CHECK(validate::is_span("9999m"));
  CHECK_FALSE(validate::is_span("99999d"));
  Registry reg = incubator_registry("2016-06-30T08:00:00Z");
  Org a = add_group(reg, "志愿服务队");
  inc::Admission adm = at("孵化园", "2016-02-29");
  adm.term = "9999m";
  Error e = error_of([&] { inc::admit(reg, *a[kKey], adm); });
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].field == "term");
  CHECK(e.diagnostics()[0].message == "a term of 9999m from 2016-02-29 ends after 2199-12-31, beyond the dates kunqu keeps");
  CHECK(count(reg, "SELECT count(*) FROM incubation") == 0);
}

TEST_CASE("the sites' setting may not leave residents without a place; db check names it") {
  Registry reg = incubator_registry("2016-06-30T08:00:00Z");
  for (const char* name : {"志愿服务队", "读书会"}) inc::admit(reg, *add_group(reg, name)[kKey], at("孵化园", "2016-02-29"));
  inc::admit(reg, *add_group(reg, "太极拳队")[kKey], at("林荫路中心", "2016-03-01"));
  using P = std::vector<std::pair<std::string, std::string>>;
  CHECK(inc::site_problems(reg, "孵化园=2; 林荫路中心=5").empty());
  CHECK(inc::site_problems(reg, "孵化园=1; 林荫路中心=5") ==
        P{{"孵化园", "holds 1 at most, but 2 orgs are in residence there: K0000001, K0000002"}});
  CHECK(inc::site_problems(reg, "孵化园=2") ==
        P{{"林荫路中心", "is not among the sites, but 1 org is in residence there: K0000003"}});
  // Set behind kunqu's back, db check names it.
  reg.set_setting("incubator_sites", "孵化园=1; 林荫路中心=5");
  io::Table t = check::run(reg);
  std::string all;
  for (const auto& r : t.rows) all += r[0].value_or("") + " | " + r[1].value_or("") + " | " + r[2].value_or("") + "\n";
  CHECK(all == "incubator | 孵化园 | holds 1 at most, but 2 orgs are in residence there: K0000001, K0000002\n"
               "row seals | setting 4 | setting row 4 was changed outside kunqu\n");
}
