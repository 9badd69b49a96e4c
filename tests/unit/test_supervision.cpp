// Tests for supervision: credit events (every kind's rules, reversals, list membership derived
// from events, filed groups outside the lists), the Order No. 60 rules of `credit due` with a
// fixed clock, annual checks (corrections, who has not submitted) and grades (the Order No. 39
// refusals, lowering, withdrawal, expiry), each refusal leaving the registry unchanged.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "incubate/incubate.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "supervision/supervision.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
using test::column;
using test::contains;
using test::error_of;
using test::refusal;
namespace sv = kunqu::supervision;

namespace {

// A district org's credit code, numbered; its type digit as its type says.
std::string code(int n, const std::string& type = "social_group") {
  char eight[16];
  std::snprintf(eight, sizeof eight, "MJ%06d", n);
  return test::make_code(type == "social_group" ? '1' : type == "social_service" ? '2' : '3', "150203", eight);
}

Org add_registered(Registry& reg, const std::string& name, int n, const std::string& registered_on = "2012-05-01",
                   const std::string& type = "social_group") {
  return org::add(reg, test::make_record({{kName, name},
                                          {kTier, "registered"},
                                          {kType, type},
                                          {kCategory, "volunteer"},
                                          {kCreditCode, code(n, type)},
                                          {kRegisteredOn, registered_on}}));
}

Org add_filed(Registry& reg, const std::string& name) {
  return org::add(reg, test::make_record({{kName, name},
                                          {kTier, "grassroots"},
                                          {kType, "social_group"},
                                          {kCategory, "culture_sports"},
                                          {kStreet, "林荫路街道"},
                                          {kCommunity, "乌兰社区"},
                                          {kFiledOn, "2013-01-01"}}));
}

sv::CreditEvent ev(const std::string& kind, const std::string& date) {
  sv::CreditEvent e;
  e.kind = kind;
  e.date = date;
  return e;
}

sv::AnnualCheck check(const std::string& year, const std::string& result, const std::string& date) {
  sv::AnnualCheck c;
  c.year = year;
  c.result = result;
  c.date = date;
  return c;
}

long long count(Registry& reg, const std::string& sql) { return test::count_rows(reg, sql); }


std::vector<std::string> keys_on(Registry& reg, const std::string& credit) {
  Filter f;
  f.credit = credit;
  return column(org::list(reg, f, {kKey}), "key");
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("credit events: each kind's own facts are checked; nothing is written on a refusal") {
  Registry reg = test::make_registry();
  Org a = add_registered(reg, "心愿公益协会", 1, "2013-05-01");
  const std::string key = *a[kKey];
  auto w = ev("警告", "2015-03-02");
  w.authority = "昆都仑区民政局";
  w.document = "昆民罚〔2015〕2号";
  auto id = sv::add_event(reg, key, w);
  CHECK(count(reg, "SELECT count(*) FROM credit_event WHERE kind = 'warning' AND document = '昆民罚〔2015〕2号'") == 1);
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'credit.add' AND detail LIKE '%\"kind\":\"warning\"%'") == 1);
  const long long audits = count(reg, "SELECT count(*) FROM audit");

  auto fine = ev("fine", "2015-04-01");
  CHECK_DIAG(refusal([&] { sv::add_event(reg, key, fine); }), "amount", "needs its amount");
  fine.amount = "5千";
  CHECK(refusal([&] { sv::add_event(reg, key, fine); }).size() == 1);
  auto order = ev("rectify_order", "2015-04-01");
  CHECK_DIAG(refusal([&] { sv::add_event(reg, key, order); }), "deadline", "needs its deadline");
  order.deadline = "2015-03-01";
  CHECK_DIAG(refusal([&] { sv::add_event(reg, key, order); }), "deadline", "before the order's date");
  auto wrong = ev("commendation", "2015-07-01");
  wrong.amount = "100";
  wrong.deadline = "2015-08-01";
  auto ds = refusal([&] { sv::add_event(reg, key, wrong); });
  CHECK(ds.size() == 3);
  CHECK_DIAG(ds, "date", "in the future");
  CHECK_DIAG(ds, "amount", "only a fine has an amount");
  CHECK_DIAG(ds, "deadline", "only an order to rectify has a deadline");
  CHECK_DIAG(refusal([&] { sv::add_event(reg, key, ev("praise", "2015-01-01")); }), "kind", "not one of commendation");
  CHECK_DIAG(refusal([&] { sv::add_event(reg, key, ev("warning", "2013-01-01")); }), "date", "entered the registry (2013-05-01)");
  CHECK(count(reg, "SELECT count(*) FROM audit") == audits);

  fine.amount = "5000";
  sv::add_event(reg, key, fine);
  CHECK(count(reg, "SELECT count(*) FROM credit_event WHERE kind = 'fine' AND amount = 500000") == 1);

  SUBCASE("reversals undo one event of the same org, once") {
    Org b = add_registered(reg, "助老协会", 2);
    auto rev = ev("reversal", "2015-05-01");
    rev.reverses = std::to_string(id);
    CHECK_DIAG(refusal([&] { sv::add_event(reg, *b[kKey], rev); }), "reverses", "has no credit event");
    auto done = sv::add_event(reg, key, rev);
    CHECK_DIAG(refusal([&] { sv::add_event(reg, key, rev); }), "reverses", "already reversed by event " + std::to_string(done));
    rev.reverses = std::to_string(done);
    CHECK_DIAG(refusal([&] { sv::add_event(reg, key, rev); }), "reverses", "itself a reversal");
    io::Table t = sv::list_events(reg, sv::EventFilter{key, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 0});
    CHECK(column(t, "kind") == V{"warning", "fine", "reversal"});
    CHECK(column(t, "reversed_by") == V{std::to_string(done), "", ""});
    CHECK(column(t, "amount") == V{"", "5000.00", ""});
  }
}

TEST_CASE("the credit lists follow the events; filed groups stay outside") {
  Registry reg = test::make_registry();
  Org a = add_registered(reg, "甲协会", 1);
  Org b = add_registered(reg, "乙协会", 2);
  Org c = add_registered(reg, "丙协会", 3);
  Org g = add_filed(reg, "舞蹈队");
  sv::add_event(reg, *a[kKey], ev("abnormal_in", "2015-01-10"));
  auto in = ev("列入活动异常名录", "2015-01-11");
  in.rule = "abnormal.annual_report";
  sv::add_event(reg, *b[kKey], in);
  auto serious = sv::add_event(reg, *b[kKey], ev("serious_in", "2015-02-01"));

  CHECK(keys_on(reg, "abnormal") == V{*a[kKey]});
  CHECK(keys_on(reg, "serious") == V{*b[kKey]});
  CHECK(keys_on(reg, "clear") == V{*c[kKey]});
  CHECK(column(sv::standing(reg, b), "credit_list") == V{"serious"});
  CHECK(column(sv::standing(reg, g), "credit_list") == V{""});

  // Entries while listed, exits while not, exits before the entry: refused.
  CHECK_DIAG(refusal([&] { sv::add_event(reg, *a[kKey], ev("abnormal_in", "2015-03-01")); }), "kind", "already on the abnormal-activity list (since 2015-01-10)");
  CHECK_DIAG(refusal([&] { sv::add_event(reg, *c[kKey], ev("serious_out", "2015-03-01")); }), "kind", "not on the serious-violation list");
  CHECK_DIAG(refusal([&] { sv::add_event(reg, *a[kKey], ev("abnormal_out", "2015-01-01")); }), "date", "before it was listed (2015-01-10)");
  auto mismatch = ev("abnormal_out", "2015-03-01");
  mismatch.rule = "serious.big_fine";
  CHECK_DIAG(refusal([&] { sv::add_event(reg, *a[kKey], mismatch); }), "rule", "is a rule for entry of the serious list");
  Error filed = error_of([&] { sv::add_event(reg, *g[kKey], ev("abnormal_in", "2015-03-01")); });
  CHECK(contains(filed.what(), "filed groups are outside the credit lists"));
  sv::add_event(reg, *g[kKey], ev("commendation", "2015-03-01"));

  // An exit, and a reversal of an entry, take an org off its list.
  sv::add_event(reg, *a[kKey], ev("abnormal_out", "2015-03-01"));
  auto undo = ev("reversal", "2015-03-02");
  undo.reverses = std::to_string(serious);
  sv::add_event(reg, *b[kKey], undo);
  CHECK(keys_on(reg, "abnormal") == V{*b[kKey]});
  CHECK(keys_on(reg, "serious").empty());
  CHECK(keys_on(reg, "clear") == V{*a[kKey], *c[kKey]});
  Filter bad;
  bad.credit = "black";
  CHECK(error_of([&] { org::list(reg, bad, {kKey}); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("credit due applies the Order No. 60 rules on the day asked, from the day they are in force") {
  Registry reg = test::make_registry(true, "2020-06-30T08:00:00Z");
  auto submitted = [&](const Org& o) {  // every report due under Order No. 60 by 2020-06-30
    for (int y = 2017; y <= 2019; ++y)
      sv::add_check(reg, *o[kKey], check(std::to_string(y), "pass", std::to_string(y + 1) + "-04-01"));
  };
  Org a = add_registered(reg, "甲", 1);  // no report for 2019
  Org b = add_registered(reg, "乙", 2);  // abnormal since 2017-03-01: two years
  sv::add_event(reg, *b[kKey], ev("abnormal_in", "2017-03-01"));
  Org c = add_registered(reg, "丙", 3);  // two warnings within three years
  submitted(c);
  sv::add_event(reg, *c[kKey], ev("warning", "2019-01-10"));
  sv::add_event(reg, *c[kKey], ev("warning", "2020-02-01"));
  Org d = add_registered(reg, "丁", 4);  // a large fine
  submitted(d);
  auto big = ev("fine", "2019-05-01");
  big.amount = "6万";
  sv::add_event(reg, *d[kKey], big);
  Org e = add_registered(reg, "戊", 5);  // listed for a warning; six months pass
  submitted(e);
  sv::add_event(reg, *e[kKey], ev("warning", "2019-08-01"));
  auto listed = ev("abnormal_in", "2019-09-01");
  listed.rule = "abnormal.penalty";
  sv::add_event(reg, *e[kKey], listed);
  Org f = add_registered(reg, "己", 6);  // rectification overdue
  submitted(f);
  auto order = ev("rectify_order", "2019-10-01");
  order.deadline = "2019-12-31";
  sv::add_event(reg, *f[kKey], order);
  Org g = add_registered(reg, "庚", 7);  // listed for its report, which came since
  submitted(g);
  auto for_report = ev("abnormal_in", "2019-01-15");
  for_report.rule = "abnormal.annual_report";
  sv::add_event(reg, *g[kKey], for_report);
  Org h = add_registered(reg, "辛", 8);  // serious since 2017, nothing since
  submitted(h);
  sv::add_event(reg, *h[kKey], ev("serious_in", "2017-05-01"));
  Org i = add_registered(reg, "壬", 9);  // revoked
  org::set_status(reg, *i[kKey], {"revoked", "2019-03-01", "", "", "", "", std::nullopt, ""});
  Org j = add_registered(reg, "癸", 10);  // clean
  submitted(j);
  add_filed(reg, "舞蹈队");  // outside the lists

  io::Table t = sv::due(reg, "2020-06-30");
  CHECK(column(t, "key") == V{*a[kKey], *b[kKey], *c[kKey], *c[kKey], *d[kKey], *e[kKey], *f[kKey], *g[kKey], *h[kKey], *i[kKey]});
  CHECK(column(t, "rule") == V{"abnormal.annual_report", "serious.abnormal_two_years", "abnormal.penalty",
                               "serious.repeated_penalties", "serious.big_fine", "abnormal.six_months",
                               "abnormal.rectify_overdue", "abnormal.obligations_met", "serious.two_clean_years",
                               "serious.revoked"});
  // 乙's listing of 2017 and 辛's of 2017 count from 2018-01-24, when Order No. 60 came into force.
  CHECK(column(t, "since") == V{"2020-05-31", "2020-01-24", "2020-02-01", "2020-02-01", "2019-05-01", "2020-03-01",
                                "2019-12-31", "2019-01-15", "2020-01-24", "2019-03-01"});
  CHECK(column(t, "action") == V{"entry", "entry", "entry", "entry", "entry", "exit", "entry", "exit", "exit", "entry"});

  // A new qualifying event while listed restarts the six months.
  sv::add_event(reg, *e[kKey], ev("warning", "2020-02-01"));
  io::Table later = sv::due(reg, "2020-06-30");
  V for_e;
  for (const auto& row : later.rows)
    if (row[0] == e[kKey]) for_e.push_back(row[5].value_or(""));
  // No exit now; and with the warning of 2019 it makes two within three years.
  CHECK(for_e == V{"serious.repeated_penalties"});
  // Before the order was in force, it calls for nothing.
  CHECK(sv::due(reg, "2017-12-31").rows.empty());
  // A day before the report deadline, last year's report is not yet due; the year before is.
  io::Table before = sv::due(reg, "2020-05-31");
  CHECK(column(before, "rule").front() == "abnormal.annual_report");
  CHECK(column(before, "since").front() == "2019-05-31");
  CHECK(error_of([&] { sv::due(reg, "2020-13-01"); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("annual checks: one per org and year, corrections audited, who has not submitted") {
  Registry reg = test::make_registry();
  Org a = add_registered(reg, "甲协会", 1, "2012-05-01");
  Org b = add_registered(reg, "乙协会", 2, "2014-03-01");
  Org late = add_registered(reg, "丙协会", 3, "2015-01-10");
  Org gone = add_registered(reg, "丁协会", 4, "2012-05-01");
  org::set_status(reg, *gone[kKey], {"deregistered", "2015-02-01", "dissolved", "", "", "", std::nullopt, ""});
  Org g = add_filed(reg, "舞蹈队");
  sv::add_check(reg, *a[kKey], check("2014", "合格", "2015-05-20"));
  sv::add_check(reg, *b[kKey], check("2014", "not_submitted", "2015-06-01"));
  const long long audits = count(reg, "SELECT count(*) FROM audit");

  auto dup = refusal([&] { sv::add_check(reg, *a[kKey], check("2014", "fail", "2015-05-21")); });
  CHECK_DIAG(dup, "year", "already has the check for 2014: pass on 2015-05-20");
  CHECK(contains(dup[0].hint, "‹correct›"));
  auto bad = refusal([&] { sv::add_check(reg, *a[kKey], check("2015", "excellent", "2015-01-01")); });
  CHECK(bad.size() == 3);
  CHECK_DIAG(bad, "year", "has not ended yet");
  CHECK_DIAG(bad, "result", "not one of pass, basic_pass, fail, not_submitted");
  CHECK_DIAG(bad, "date", "not after the year 2015");
  CHECK_DIAG(refusal([&] { sv::add_check(reg, *b[kKey], check("2013", "pass", "2014-05-01")); }), "year", "registered on 2014-03-01");
  auto nothing = check("2013", "pass", "2014-05-01");
  nothing.correct = true;
  CHECK_DIAG(refusal([&] { sv::add_check(reg, *a[kKey], nothing); }), "year", "no check for 2013 to correct");
  CHECK(contains(error_of([&] { sv::add_check(reg, *g[kKey], check("2014", "pass", "2015-05-01")); }).what(),
                 "annual checks are for registered orgs"));
  CHECK(count(reg, "SELECT count(*) FROM audit") == audits);

  auto fix = check("2014", "basic_pass", "2015-05-28");
  fix.correct = true;
  sv::add_check(reg, *a[kKey], fix);
  CHECK(count(reg, "SELECT count(*) FROM annual_check WHERE org_id = " + std::to_string(a.id) + " AND result = 'basic_pass'") == 1);
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'annual_check.correct' AND detail LIKE '%\"replaces\":\"pass 2015-05-20\"%'") == 1);

  sv::CheckFilter missing;
  missing.missing = "2014";
  io::Table m = sv::list_checks(reg, missing);
  CHECK(column(m, "key") == V{*b[kKey]});  // not a (submitted), not late (registered 2015), not gone
  CHECK(column(m, "result") == V{"not_submitted"});
  (void)late;
  sv::CheckFilter by_result;
  by_result.result = "基本合格";
  CHECK(column(sv::list_checks(reg, by_result), "key") == V{*a[kKey]});
}

TEST_CASE("grades: Order No. 39's refusals, five years' validity, lowering and withdrawal") {
  Registry reg = test::make_registry();  // today is 2015-06-30
  Org a = add_registered(reg, "甲协会", 1, "2012-05-01");
  sv::add_check(reg, *a[kKey], check("2014", "pass", "2015-05-20"));
  sv::GradeAward award{"4A", "860", "2015-06-10", "昆都仑区民政局", "", ""};
  sv::set_grade(reg, *a[kKey], award);
  io::Table t = sv::list_grades(reg, sv::GradeFilter{*a[kKey], std::nullopt, false, std::nullopt, 0});
  CHECK(column(t, "grade") == V{"4A"});
  CHECK(column(t, "valid_until") == V{"2020-06-10"});
  CHECK(column(t, "status") == V{"valid"});
  CHECK(column(sv::standing(reg, a), "grade") == V{"4A"});

  auto refused = [&](const Org& o, const std::string& part) {
    Error e = error_of([&] { sv::set_grade(reg, *o[kKey], award); });
    CHECK(e.kind() == ErrorKind::kInvalidData);
    CHECK_MESSAGE(contains(e.what(), part), e.what());
    CHECK_MESSAGE(contains(e.what(), "民政部令第39号"), e.what());
  };
  refused(add_filed(reg, "舞蹈队"), "a filed group is not graded");
  refused(add_registered(reg, "新协会", 2, "2014-01-01"), "less than two years");
  Org none = add_registered(reg, "乙协会", 3);
  refused(none, "took no part in the annual check for 2014");
  Org failed = add_registered(reg, "丙协会", 4);
  sv::add_check(reg, *failed[kKey], check("2014", "fail", "2015-05-20"));
  refused(failed, "failed the annual check for 2014");
  Org basic = add_registered(reg, "丁协会", 5);
  sv::add_check(reg, *basic[kKey], check("2013", "basic_pass", "2014-05-20"));
  sv::add_check(reg, *basic[kKey], check("2014", "basic_pass", "2015-05-20"));
  refused(basic, "basic_pass, two years running");
  Org warned = add_registered(reg, "戊协会", 6);
  sv::add_check(reg, *warned[kKey], check("2014", "pass", "2015-05-20"));
  sv::add_event(reg, *warned[kKey], ev("warning", "2014-08-01"));
  refused(warned, "penalised in 2014 (warning on 2014-08-01)");
  Org listed = add_registered(reg, "己协会", 7);
  sv::add_check(reg, *listed[kKey], check("2014", "pass", "2015-05-20"));
  sv::add_event(reg, *listed[kKey], ev("abnormal_in", "2015-06-01"));
  refused(listed, "abnormal-activity list on 2015-06-10 (since 2015-06-01)");
  // Listed after the day of the grade: it stood clear of the lists when graded.
  Org later = add_registered(reg, "庚协会", 8);
  sv::add_check(reg, *later[kKey], check("2014", "pass", "2015-05-20"));
  sv::add_event(reg, *later[kKey], ev("abnormal_in", "2015-06-20"));
  sv::set_grade(reg, *later[kKey], award);
  CHECK(count(reg, "SELECT count(*) FROM grade") == 2);

  CHECK_DIAG(refusal([&] { sv::change_grade(reg, *a[kKey], std::string("5A"), "2015-06-20", "x"); }), "grade", "not lower than its grade 4A");
  CHECK_DIAG(refusal([&] { sv::change_grade(reg, *a[kKey], std::string("2A"), "2015-06-20", ""); }), "reason", "is required");
  sv::change_grade(reg, *a[kKey], std::string("2A"), "2015-06-20", "年检基本合格");
  t = sv::list_grades(reg, sv::GradeFilter{*a[kKey], std::nullopt, false, std::nullopt, 0});
  CHECK(column(t, "grade") == V{"2A"});
  CHECK(column(t, "awarded_grade") == V{"4A"});
  CHECK(column(t, "status") == V{"lowered"});
  sv::change_grade(reg, *a[kKey], std::nullopt, "2015-06-25", "受到行政处罚");
  CHECK(column(sv::list_grades(reg, sv::GradeFilter{*a[kKey], std::nullopt, false, std::nullopt, 0}), "status") == V{"withdrawn"});
  CHECK(column(sv::standing(reg, a), "grade") == V{""});
  CHECK(contains(error_of([&] { sv::change_grade(reg, *a[kKey], std::nullopt, "2015-06-26", "again"); }).what(), "no grade in force"));
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action IN ('grade.set', 'grade.lower', 'grade.withdraw')") == 4);
}

TEST_CASE("grade lists find expired and expiring grades") {
  Registry reg = test::make_registry(true, "2020-06-30T08:00:00Z");
  Org a = add_registered(reg, "甲协会", 1, "2010-05-01");
  Org b = add_registered(reg, "乙协会", 2, "2010-05-01");
  Org c = add_registered(reg, "丙协会", 3, "2010-05-01");
  for (const Org* o : {&a, &b, &c}) sv::add_check(reg, *(*o)[kKey], check("2014", "pass", "2015-03-01"));
  sv::set_grade(reg, *a[kKey], {"3A", "", "2015-05-01", "", "", ""});  // expired 2020-05-01
  sv::set_grade(reg, *b[kKey], {"4", "", "2015-08-01", "", "", ""});   // expires 2020-08-01
  sv::set_grade(reg, *c[kKey], {"5A", "", "2015-12-01", "", "", ""});  // expires 2020-12-01
  sv::GradeFilter expired;
  expired.expired = true;
  CHECK(column(sv::list_grades(reg, expired), "key") == V{*a[kKey]});
  CHECK(column(sv::list_grades(reg, expired), "status") == V{"expired"});
  sv::GradeFilter soon;
  soon.expiring_within = "90d";
  CHECK(column(sv::list_grades(reg, soon), "key") == V{*b[kKey]});
  soon.expiring_within = "6m";
  CHECK(column(sv::list_grades(reg, soon), "key") == V{*b[kKey], *c[kKey]});
  soon.expiring_within = "soon";
  CHECK(error_of([&] { sv::list_grades(reg, soon); }).kind() == ErrorKind::kUsage);
  sv::GradeFilter by;
  by.grade = "4A";
  CHECK(column(sv::list_grades(reg, by), "key") == V{*b[kKey]});
}

TEST_CASE("credit due: unreachable, suspension, court listing, rectification done, exit by deregistration") {
  Registry reg = test::make_registry(true, "2021-03-31T08:00:00Z");
  auto submitted = [&](const Org& o) { sv::add_check(reg, *o[kKey], check("2019", "pass", "2020-04-01")); };
  Org a = add_registered(reg, "甲", 1);
  submitted(a);
  sv::add_event(reg, *a[kKey], ev("unreachable", "2020-11-02"));
  Org b = add_registered(reg, "乙", 2);
  submitted(b);
  org::set_status(reg, *b[kKey], {"suspended", "2020-10-01", "", "", "", "", std::nullopt, ""});
  Org c = add_registered(reg, "丙", 3);
  submitted(c);
  sv::add_event(reg, *c[kKey], ev("court_listing", "2020-12-01"));
  Org d = add_registered(reg, "丁", 4);  // listed for an overdue rectification, then put right
  submitted(d);
  auto order = ev("rectify_order", "2020-03-01");
  order.deadline = "2020-05-01";
  sv::add_event(reg, *d[kKey], order);
  auto listed = ev("abnormal_in", "2020-06-01");
  listed.rule = "abnormal.rectify_overdue";
  sv::add_event(reg, *d[kKey], listed);
  sv::add_event(reg, *d[kKey], ev("rectified", "2020-07-15"));
  Org e = add_registered(reg, "戊", 5);  // revoked, listed as serious, then deregistered
  submitted(e);
  org::set_status(reg, *e[kKey], {"revoked", "2019-02-01", "", "", "", "", std::nullopt, ""});
  sv::add_event(reg, *e[kKey], ev("serious_in", "2019-03-01"));
  org::set_status(reg, *e[kKey], {"deregistered", "2020-02-01", "other", "", "", "", std::nullopt, ""});
  Org f = add_registered(reg, "己", 6);  // revoked and serious-listed, not deregistered: no way out
  submitted(f);
  org::set_status(reg, *f[kKey], {"revoked", "2018-06-01", "", "", "", "", std::nullopt, ""});
  sv::add_event(reg, *f[kKey], ev("serious_in", "2018-07-01"));

  io::Table t = sv::due(reg, "2021-03-31");
  CHECK(column(t, "key") == V{*a[kKey], *b[kKey], *c[kKey], *d[kKey], *e[kKey]});
  CHECK(column(t, "rule") == V{"abnormal.unreachable", "serious.stop_order", "serious.court_listing",
                               "abnormal.obligations_met", "serious.deregistered"});
  CHECK(column(t, "since") == V{"2020-11-02", "2020-10-01", "2020-12-01", "2020-07-15", "2020-02-01"});
  // Filters by list and action.
  CHECK(column(sv::due(reg, "2021-03-31", std::string("abnormal")), "key") == V{*a[kKey], *d[kKey]});
  CHECK(column(sv::due(reg, "2021-03-31", std::nullopt, std::string("exit")), "key") == V{*d[kKey], *e[kKey]});
  CHECK(error_of([&] { sv::due(reg, "2021-03-31", std::string("black")); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("a suspension lifted since is still one: credit due and grades read the events") {
  Registry reg = test::make_registry(true, "2021-03-31T08:00:00Z");
  Org a = add_registered(reg, "甲", 1);
  sv::add_check(reg, *a[kKey], check("2019", "pass", "2020-04-01"));
  sv::add_check(reg, *a[kKey], check("2020", "pass", "2021-03-01"));
  StatusChange s;
  s.kind = "suspended";
  s.date = "2019-05-01";
  s.until = "2019-08-01";
  org::set_status(reg, *a[kKey], s);
  CHECK(*org::find(reg, *a[kKey])[kStatus] == "active");
  io::Table t = sv::due(reg, "2021-03-31");
  CHECK(column(t, "rule") == V{"serious.stop_order"});
  CHECK(column(t, "since") == V{"2019-05-01"});
  // Once listed for it, nothing more is suggested; as of a day before the suspension, nothing.
  sv::add_event(reg, *a[kKey], ev("serious_in", "2019-06-01"));
  CHECK(column(sv::due(reg, "2021-03-31", std::string("serious"), std::string("entry")), "key").empty());
  CHECK(column(sv::due(reg, "2019-04-30", std::string("serious")), "key").empty());

  // A grade: the suspension of 2019 is a penalty of 2019; the status on the grade day counts.
  Org b = add_registered(reg, "乙", 2);
  sv::add_check(reg, *b[kKey], check("2019", "pass", "2020-04-01"));
  org::set_status(reg, *b[kKey], s);
  sv::GradeAward award{"3A", "", "2020-06-01", "", "", ""};
  Error e = error_of([&] { sv::set_grade(reg, *b[kKey], award); });
  CHECK(std::string(e.what()) ==
        "K0000002 '乙' is not graded (民政部令第39号《社会组织评估管理办法》): it was penalised in 2019 (the suspension of "
        "2019-05-01 (event 3))");
  s.until.clear();
  s.date = "2020-05-01";
  org::set_status(reg, *b[kKey], s);  // suspended again, and still
  award.date = "2020-04-20";
  Error before = error_of([&] { sv::set_grade(reg, *b[kKey], award); });
  CHECK(contains(before.what(), "it was penalised in 2019"));
  award.date = "2020-05-10";
  CHECK(contains(error_of([&] { sv::set_grade(reg, *b[kKey], award); }).what(),
                 "it was suspended on 2020-05-10 (the suspension of 2020-05-01 (event 5))"));
}

namespace {

// The rules `due` suggests for `org` on `day`, in its order.
V rules_for(Registry& reg, const Org& org, const std::string& day) {
  V out;
  for (const auto& row : sv::due(reg, day).rows)
    if (row[0] == org[kKey]) out.push_back(row[5].value_or(""));
  return out;
}

// The `since` of the rule `rule` suggested for `org` on `day`, "" when it is not.
std::string since_of(Registry& reg, const Org& org, const std::string& day, const std::string& rule) {
  for (const auto& row : sv::due(reg, day).rows)
    if (row[0] == org[kKey] && row[5] == rule) return row[6].value_or("");
  return "";
}

// Annual checks passed for `from` … `to`, each concluded in April of the next year.
void reports(Registry& reg, const Org& o, int from, int to) {
  for (int y = from; y <= to; ++y) sv::add_check(reg, *o[kKey], check(std::to_string(y), "pass", std::to_string(y + 1) + "-04-01"));
}

}  // namespace

TEST_CASE("an org registered on or after 1 July owes no annual check for that year") {
  Registry reg = test::make_registry(true, "2020-06-30T08:00:00Z");
  Org june = add_registered(reg, "六月", 1, "2019-06-30");
  Org july = add_registered(reg, "七月", 2, "2019-07-01");
  Org service = add_registered(reg, "七月民非", 3, "2019-07-01", "social_service");
  Org december = add_registered(reg, "十二月", 4, "2018-12-31");
  reports(reg, december, 2018, 2018);
  auto missing = [&] {
    sv::CheckFilter f;
    f.missing = "2019";
    return column(sv::list_checks(reg, f), "key");
  };
  // By default every type: the one registered on 30 June owes 2019's, the ones of 1 July do not.
  CHECK(missing() == V{*june[kKey], *december[kKey]});
  CHECK(rules_for(reg, june, "2020-06-30") == V{"abnormal.annual_report"});
  CHECK(rules_for(reg, july, "2020-06-30").empty());
  CHECK(rules_for(reg, service, "2020-06-30").empty());
  // December 2018 owes 2018's (sent) and 2019's.
  CHECK(since_of(reg, december, "2020-06-30", "abnormal.annual_report") == "2020-05-31");
  CHECK(sv::first_check_year(reg, "social_group", "2019-07-01") == 2020);
  CHECK(sv::first_check_year(reg, "foundation", "2019-06-30") == 2019);

  // As 民政部令第27号 says and no more: social groups and foundations owe the year they came.
  reg.set_setting("annual_check_late_exempt", "social_service");
  CHECK(missing() == V{*june[kKey], *july[kKey], *december[kKey]});
  CHECK(rules_for(reg, july, "2020-06-30") == V{"abnormal.annual_report"});
  CHECK(rules_for(reg, service, "2020-06-30").empty());
  CHECK(sv::first_check_year(reg, "social_service", "2019-07-01") == 2020);
  CHECK(sv::first_check_year(reg, "social_group", "2019-12-31") == 2019);
  CHECK(profile::check_setting("annual_check_late_exempt", " all ") == "all");
  CHECK(error_of([&] { profile::check_setting("annual_check_late_exempt", "none"); }).kind() == ErrorKind::kInvalidData);
}

TEST_CASE("Order No. 60: the causes the office records, letters 20 to 60 days apart, from 2018-01-24") {
  Registry reg = test::make_registry(true, "2021-06-30T08:00:00Z");
  auto org = [&](const std::string& name, int n) {
    Org o = add_registered(reg, name, n);
    reports(reg, o, 2017, 2020);
    return o;
  };
  Org party = org("党建", 1);
  sv::add_event(reg, *party[kKey], ev("no_party_org", "2021-03-01"));
  Org party_done = org("党建完成", 2);
  sv::add_event(reg, *party_done[kKey], ev("no_party_org", "2021-03-01"));
  sv::add_event(reg, *party_done[kKey], ev("rectified", "2021-04-01"));
  Org fund = org("募捐", 3);
  sv::add_event(reg, *fund[kKey], ev("fundraising_breach", "2021-02-01"));
  Org early = org("太早", 4);  // a day before Order No. 60
  sv::add_event(reg, *early[kKey], ev("no_party_org", "2018-01-23"));
  Org first_day = org("首日", 5);
  sv::add_event(reg, *first_day[kKey], ev("no_party_org", "2018-01-24"));
  CHECK(rules_for(reg, party, "2021-06-30") == V{"abnormal.party_org"});
  CHECK(since_of(reg, party, "2021-06-30", "abnormal.party_org") == "2021-03-01");
  CHECK(rules_for(reg, party_done, "2021-06-30").empty());
  CHECK(rules_for(reg, party_done, "2021-03-31") == V{"abnormal.party_org"});
  CHECK(rules_for(reg, fund, "2021-06-30") == V{"abnormal.fundraising"});
  CHECK(rules_for(reg, early, "2021-06-30").empty());
  CHECK(rules_for(reg, first_day, "2021-06-30") == V{"abnormal.party_org"});

  // Two registered letters unsigned make an org unreachable when 20 to 60 days apart.
  auto letters = [&](const std::string& name, int n, const std::string& first, const std::string& second) {
    Org o = org(name, n);
    sv::add_event(reg, *o[kKey], ev("letter_unsigned", first));
    sv::add_event(reg, *o[kKey], ev("letter_unsigned", second));
    return o;
  };
  Org d19 = letters("十九日", 11, "2021-01-01", "2021-01-20");
  Org d20 = letters("二十日", 12, "2021-01-01", "2021-01-21");
  Org d60 = letters("六十日", 13, "2021-01-01", "2021-03-02");
  Org d61 = letters("六十一日", 14, "2021-01-01", "2021-03-03");
  Org one = org("一封", 15);
  sv::add_event(reg, *one[kKey], ev("letter_unsigned", "2021-01-01"));
  CHECK(rules_for(reg, d19, "2021-06-30").empty());
  CHECK(since_of(reg, d20, "2021-06-30", "abnormal.unreachable") == "2021-01-21");
  CHECK(since_of(reg, d60, "2021-06-30", "abnormal.unreachable") == "2021-03-02");
  CHECK(rules_for(reg, d61, "2021-06-30").empty());
  CHECK(rules_for(reg, one, "2021-06-30").empty());
  // Reached between the letters: they no longer make a pair.
  Org reached = org("联系上", 16);
  sv::add_event(reg, *reached[kKey], ev("letter_unsigned", "2021-01-01"));
  sv::add_event(reg, *reached[kKey], ev("reachable", "2021-01-10"));
  sv::add_event(reg, *reached[kKey], ev("letter_unsigned", "2021-02-01"));
  CHECK(rules_for(reg, reached, "2021-06-30").empty());
  // Reachable again only after being unreachable.
  CHECK_DIAG(refusal([&] { sv::add_event(reg, *party[kKey], ev("reachable", "2021-05-01")); }), "kind",
             "K0000001 '党建' was not recorded unreachable, nor a letter to it unsigned, by 2021-05-01");
  // Causes only a registered org can have.
  Org group = add_filed(reg, "舞蹈队");
  CHECK(contains(test::refusal_text([&] { sv::add_event(reg, *group[kKey], ev("fundraising_breach", "2021-05-01")); }),
                 "is a filed group: fundraising_breach is for registered orgs"));
}

TEST_CASE("Order No. 60: exits — reachable again, obligations met, six months only with nothing to put right") {
  Registry reg = test::make_registry(true, "2021-12-31T08:00:00Z");
  auto org = [&](const std::string& name, int n) {
    Org o = add_registered(reg, name, n);
    reports(reg, o, 2017, 2020);
    return o;
  };
  auto listed = [&](const Org& o, const std::string& date, const std::string& rule) {
    auto in = ev("abnormal_in", date);
    in.rule = rule;
    sv::add_event(reg, *o[kKey], in);
  };
  // Unreachable: no exit after six months, only once reached again.
  Org lost = org("失联", 1);
  sv::add_event(reg, *lost[kKey], ev("unreachable", "2021-01-05"));
  listed(lost, "2021-01-10", "abnormal.unreachable");
  CHECK(rules_for(reg, lost, "2021-12-31").empty());
  sv::add_event(reg, *lost[kKey], ev("reachable", "2021-09-01"));
  CHECK(rules_for(reg, lost, "2021-12-31") == V{"abnormal.obligations_met"});
  CHECK(since_of(reg, lost, "2021-12-31", "abnormal.obligations_met") == "2021-09-01");
  // Listed without its rule: the cause that stood on the day says what is to be put right.
  Org party = org("党建", 2);
  sv::add_event(reg, *party[kKey], ev("no_party_org", "2021-01-05"));
  listed(party, "2021-01-10", "");
  CHECK(rules_for(reg, party, "2021-12-31").empty());
  sv::add_event(reg, *party[kKey], ev("rectified", "2021-08-01"));
  CHECK(since_of(reg, party, "2021-12-31", "abnormal.obligations_met") == "2021-08-01");
  // A warning: six months to the day, restarted by a new cause while listed.
  Org warned = org("警告", 3);
  sv::add_event(reg, *warned[kKey], ev("warning", "2021-01-05"));
  listed(warned, "2021-01-10", "abnormal.penalty");
  CHECK(rules_for(reg, warned, "2021-07-09").empty());
  CHECK(since_of(reg, warned, "2021-07-10", "abnormal.six_months") == "2021-07-10");
  sv::add_event(reg, *warned[kKey], ev("letter_unsigned", "2021-03-01"));
  sv::add_event(reg, *warned[kKey], ev("letter_unsigned", "2021-04-01"));
  // Now unreachable (since the second letter): nothing until reached, then on application.
  CHECK(rules_for(reg, warned, "2021-12-31").empty());
  sv::add_event(reg, *warned[kKey], ev("reachable", "2021-05-01"));
  CHECK(rules_for(reg, warned, "2021-12-31") == V{"abnormal.obligations_met"});
  // A report sent late since the listing is an obligation met on the day it came.
  Org late = add_registered(reg, "迟报", 4);
  reports(reg, late, 2017, 2018);
  listed(late, "2020-06-15", "abnormal.annual_report");
  CHECK(rules_for(reg, late, "2020-12-31").empty());
  sv::add_check(reg, *late[kKey], check("2019", "pass", "2020-09-01"));
  CHECK(since_of(reg, late, "2020-12-31", "abnormal.obligations_met") == "2020-09-01");
  // 2020's report, due 2021-05-31, is missing again: outstanding.
  CHECK(rules_for(reg, late, "2021-12-31").empty());
}

TEST_CASE("Order No. 60: the serious list — fraud, 吊销, two clean years with every report sent") {
  Registry reg = test::make_registry(true, "2022-12-31T08:00:00Z");
  auto org = [&](const std::string& name, int n) {
    Org o = add_registered(reg, name, n);
    reports(reg, o, 2017, 2021);
    return o;
  };
  Org fraud = org("欺诈", 1);
  org::set_status(reg, *fraud[kKey], {"change_revoked", "2022-03-01", "", "", "", "", std::nullopt, ""});
  CHECK(rules_for(reg, fraud, "2022-12-31") == V{"serious.change_fraud"});
  Org pulled = org("吊销", 2);
  org::set_status(reg, *pulled[kKey], {"certificate_revoked", "2020-03-01", "", "", "", "", std::nullopt, ""});
  io::Table t = sv::due(reg, "2022-12-31", std::string("serious"));
  CHECK(column(t, "detail") == V{"a change registration obtained by fraud, revoked on 2022-03-01",
                                 "registration certificate revoked on 2020-03-01"});
  // Listed for it: no exit after two years, only by deregistration.
  sv::add_event(reg, *pulled[kKey], ev("serious_in", "2020-03-10"));
  CHECK(rules_for(reg, pulled, "2022-12-31").empty());
  org::set_status(reg, *pulled[kKey], {"deregistered", "2022-06-01", "other", "", "", "", std::nullopt, ""});
  CHECK(rules_for(reg, pulled, "2022-12-31") == V{"serious.deregistered"});

  // Two clean years: not while a report from the listing's years is missing.
  Org missing = add_registered(reg, "缺报", 3);
  reports(reg, missing, 2017, 2017);
  reports(reg, missing, 2019, 2021);
  auto fine = ev("fine", "2018-05-01");
  fine.amount = "6万";
  sv::add_event(reg, *missing[kKey], fine);
  sv::add_event(reg, *missing[kKey], ev("serious_in", "2018-06-01"));
  CHECK(rules_for(reg, missing, "2022-12-31").empty());
  sv::add_check(reg, *missing[kKey], check("2018", "pass", "2022-03-01"));
  // The 2018 report, due 2019-05-31, came late: a cause on its deadline restarts the two years.
  CHECK(since_of(reg, missing, "2022-12-31", "serious.two_clean_years") == "2021-05-31");
  CHECK(rules_for(reg, missing, "2021-05-30").empty());

  // Listed after two years on the abnormal list: its obligations met too.
  Org two = add_registered(reg, "两年", 4);
  reports(reg, two, 2019, 2021);  // 2017's and 2018's never sent
  auto in = ev("abnormal_in", "2018-06-15");
  in.rule = "abnormal.annual_report";
  sv::add_event(reg, *two[kKey], in);
  auto serious = ev("serious_in", "2020-06-15");
  serious.rule = "serious.abnormal_two_years";
  sv::add_event(reg, *two[kKey], serious);
  sv::add_event(reg, *two[kKey], ev("abnormal_out", "2020-06-15"));
  CHECK(rules_for(reg, two, "2022-12-31").empty());
  sv::add_check(reg, *two[kKey], check("2017", "pass", "2020-03-01"));
  sv::add_check(reg, *two[kKey], check("2018", "pass", "2020-03-01"));
  CHECK(rules_for(reg, two, "2022-12-31") == V{"serious.two_clean_years"});
  CHECK(since_of(reg, two, "2022-12-31", "serious.two_clean_years") == "2022-06-15");
}

TEST_CASE("Order No. 60: never an entry to one list and an exit from the other on the same day") {
  Registry reg = test::make_registry(true, "2020-12-31T08:00:00Z");
  Org o = add_registered(reg, "甲", 1);
  reports(reg, o, 2017, 2019);
  sv::add_event(reg, *o[kKey], ev("warning", "2018-02-20"));
  auto in = ev("abnormal_in", "2018-03-01");
  in.rule = "abnormal.penalty";
  sv::add_event(reg, *o[kKey], in);
  // The day before two years: the six months' exit alone; on the day, the serious entry alone.
  CHECK(rules_for(reg, o, "2020-02-29") == V{"abnormal.six_months"});
  CHECK(rules_for(reg, o, "2020-03-01") == V{"serious.abnormal_two_years"});
  // Asked only for exits, the exit withheld is not shown either.
  CHECK(sv::due(reg, "2020-03-01", std::nullopt, std::string("exit")).rows.empty());
  CHECK(column(sv::due(reg, "2020-03-01", std::string("abnormal")), "rule").empty());
}

TEST_CASE("a registry of schema 13 migrates: credit events of the new kinds, the old ones kept") {
  test::TempDir dir;
  const std::string path = dir.file("v13.db");
  {
    Registry reg = Registry::create(path, test::test_session(), std::nullopt, 13);
    const auto id = test::add_old_org(reg, test::make_record({{kName, "甲"}, {kTier, "registered"}, {kType, "social_group"},
                                                              {kCategory, "volunteer"}, {kCreditCode, code(1)},
                                                              {kRegisteredOn, "2012-05-01"}}));
    registry::Transaction tx(reg);
    const auto audit = reg.audit("credit.add", id, "{}");
    const std::string insert = "INSERT INTO credit_event (org_id, kind, date, audit_id) VALUES (" + std::to_string(id) + ", '";
    const std::string rest = "', '2015-03-01', " + std::to_string(audit) + ")";
    reg.exec(insert + "warning" + rest);
    CHECK_THROWS(reg.exec(insert + "no_party_org" + rest));
    tx.commit();
  }
  Registry reg = Registry::open(path, registry::Mode::kReadWrite, test::test_session());
  CHECK(reg.info().schema_version == registry::latest_schema_version());
  for (const char* kind : {"no_party_org", "fundraising_breach", "letter_unsigned", "reachable"})
    sv::add_event(reg, "K0000001", ev(kind, "2015-04-01"));
  CHECK(column(sv::list_events(reg, {}), "kind") == V{"warning", "no_party_org", "fundraising_breach", "letter_unsigned",
                                                      "reachable"});
  CHECK_THROWS(reg.exec("UPDATE credit_event SET kind = 'unknown' WHERE id = 1"));
}

TEST_CASE("an authority read by its name: its level") {
  using org::authority_by_name;
  CHECK(authority_by_name("民政部") == std::optional<std::string>("national"));
  CHECK(authority_by_name("民政部社会组织管理局") == std::optional<std::string>("national"));
  CHECK(authority_by_name("社会团体管理局") == std::optional<std::string>("national"));
  CHECK(authority_by_name("内蒙古自治区民政厅") == std::optional<std::string>("region"));
  CHECK(authority_by_name("山西省民政厅") == std::optional<std::string>("region"));
  CHECK(authority_by_name("北京市民政局") == std::optional<std::string>("region"));
  CHECK(authority_by_name("包头市民政局") == std::optional<std::string>("city"));
  CHECK(authority_by_name("昆山市民政局") == std::optional<std::string>("district"));  // a county-level city
  CHECK(authority_by_name("江苏省昆山市民政局") == std::optional<std::string>("district"));
  CHECK(authority_by_name("苏州市民政局") == std::optional<std::string>("city"));
  CHECK(authority_by_name("锡林郭勒盟民政局") == std::optional<std::string>("city"));
  CHECK(authority_by_name("包头市行政审批和政务服务局") == std::optional<std::string>("city"));
  CHECK(authority_by_name("包头市昆都仑区民政局") == std::optional<std::string>("district"));
  CHECK(authority_by_name(" 土默特右旗民政局 ") == std::optional<std::string>("district"));
  CHECK(authority_by_name("固阳县行政审批局") == std::optional<std::string>("district"));
  CHECK(authority_by_name("区民政局") == std::optional<std::string>("district"));  // the field's own Chinese name
  CHECK(authority_by_name("city") == std::optional<std::string>("city"));
  CHECK_FALSE(authority_by_name("民政局"));
  CHECK_FALSE(authority_by_name("包头市社会组织评估中心"));
  CHECK(authority_by_name("县民政部门") == std::optional<std::string>("district"));
  CHECK_FALSE(authority_by_name(""));
}

TEST_CASE("Order No. 39: a re-evaluation while a grade is in force; the authority that registered grades") {
  Registry reg = test::make_registry(true, "2021-06-30T08:00:00Z");
  Org a = add_registered(reg, "甲", 1, "2012-05-01");
  reports(reg, a, 2013, 2020);
  const std::string key = *a[kKey];
  sv::set_grade(reg, key, {"3A", "", "2015-06-10", "包头市昆都仑区民政局", "", ""});
  // In force until 2020-06-10: a new grade before then is a re-evaluation, with its document.
  auto ds = refusal([&] { sv::set_grade(reg, key, {"4A", "", "2018-06-10", "", "", ""}); });
  CHECK_DIAG(ds, "reevaluation",
             "K0000001 '甲' holds the grade 3A awarded on 2015-06-10, valid until 2020-06-10: a grade while one is in "
             "force is a re-evaluation");
  sv::set_grade(reg, key, {"4A", "", "2018-06-10", "", "", "包民函〔2018〕3号"});
  CHECK(column(sv::list_grades(reg, {}), "reevaluation") == V{"", "包民函〔2018〕3号"});
  // The re-evaluated grade runs five years from its own award.
  CHECK(column(sv::standing(reg, a, std::string("2021-06-30")), "grade_valid_until") == V{"2023-06-10"});
  // No grade in force: nothing to re-evaluate. After expiry, a grade is a first one again.
  Org b = add_registered(reg, "乙", 2, "2008-05-01");
  reports(reg, b, 2013, 2020);
  CHECK_DIAG(refusal([&] { sv::set_grade(reg, *b[kKey], {"3A", "", "2015-06-10", "", "", "包民函〔2015〕1号"}); }),
             "reevaluation", "K0000002 '乙' holds no grade in force on 2015-06-10 to re-evaluate");
  sv::set_grade(reg, *b[kKey], {"3A", "", "2015-06-10", "", "", ""});
  CHECK(refusal([&] { sv::set_grade(reg, *b[kKey], {"3A", "", "2020-06-09", "", "", ""}); }).size() == 1);
  sv::set_grade(reg, *b[kKey], {"4A", "", "2020-06-10", "", "", ""});

  // 甲 is registered by the district: a grade by the city's bureau warns, and --strict refuses it.
  std::vector<Diagnostic> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d); };
  Org c = add_registered(reg, "丙", 3, "2012-05-01");
  reports(reg, c, 2013, 2020);
  const long long grades = count(reg, "SELECT count(*) FROM grade");
  reg.session().strict = true;
  CHECK_DIAG(refusal([&] { sv::set_grade(reg, *c[kKey], {"3A", "", "2021-06-01", "包头市民政局", "", ""}); }), "authority",
             "'包头市民政局' reads as the city level, but K0000003 '丙' was registered at the district level");
  CHECK(count(reg, "SELECT count(*) FROM grade") == grades);
  reg.session().strict = false;
  sv::set_grade(reg, *c[kKey], {"3A", "", "2021-06-01", "包头市民政局", "", ""});
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].field == "authority");
  CHECK(warned[0].severity == Severity::kWarning);
  // Its own authority, or a name that says no level: no warning.
  Org d = add_registered(reg, "丁", 4, "2012-05-01");
  reports(reg, d, 2013, 2020);
  sv::set_grade(reg, *d[kKey], {"3A", "", "2021-06-01", "昆都仑区民政局", "", ""});
  Org e = add_registered(reg, "戊", 5, "2012-05-01");
  reports(reg, e, 2013, 2020);
  sv::set_grade(reg, *e[kKey], {"3A", "", "2021-06-01", "评估委员会", "", ""});
  CHECK(warned.size() == 1);
}

TEST_CASE("grade due: two basic passes, a failed or missing check, a penalty since the grade") {
  Registry reg = test::make_registry(true, "2021-06-30T08:00:00Z");
  auto graded = [&](const std::string& name, int n) {
    Org o = add_registered(reg, name, n, "2012-05-01");
    reports(reg, o, 2013, 2017);
    sv::set_grade(reg, *o[kKey], {"4A", "", "2018-06-10", "", "", ""});
    return o;
  };
  Org twice = graded("两次", 1);
  sv::add_check(reg, *twice[kKey], check("2018", "pass", "2019-04-01"));
  sv::add_check(reg, *twice[kKey], check("2019", "basic_pass", "2020-04-01"));
  sv::add_check(reg, *twice[kKey], check("2020", "basic_pass", "2021-04-01"));
  Org failed = graded("不合格", 2);
  reports(reg, failed, 2018, 2019);
  sv::add_check(reg, *failed[kKey], check("2020", "fail", "2021-04-20"));
  Org missing = graded("未参检", 3);
  reports(reg, missing, 2018, 2019);
  Org fined = graded("罚款", 4);
  reports(reg, fined, 2018, 2020);
  auto fine = ev("fine", "2020-03-01");
  fine.amount = "2000";
  sv::add_event(reg, *fined[kKey], fine);
  Org suspended = graded("停止活动", 5);
  reports(reg, suspended, 2018, 2020);
  sv::add_event(reg, *suspended[kKey], ev("warning", "2019-01-05"));
  StatusChange s;
  s.kind = "suspended";
  s.date = "2020-05-01";
  s.until = "2020-07-01";
  org::set_status(reg, *suspended[kKey], s);
  Org clean = graded("无事", 6);
  reports(reg, clean, 2018, 2020);
  Org early = add_registered(reg, "旧罚", 7, "2012-05-01");  // penalised before its grade only
  reports(reg, early, 2013, 2020);
  sv::add_event(reg, *early[kKey], ev("warning", "2016-03-01"));
  sv::set_grade(reg, *early[kKey], {"4A", "", "2018-06-10", "", "", ""});

  io::Table t = sv::grade_due(reg, "2021-06-30");
  CHECK(column(t, "key") == V{*twice[kKey], *failed[kKey], *missing[kKey], *fined[kKey], *suspended[kKey]});
  CHECK(column(t, "rule") == V{"grade.basic_pass_twice", "grade.check_failed", "grade.check_failed", "grade.penalty",
                               "grade.penalty"});
  CHECK(column(t, "since") == V{"2021-04-01", "2021-04-20", "2021-05-31", "2020-03-01", "2020-05-01"});
  CHECK(column(t, "detail") == V{"its annual checks for 2019 and 2020 were basic_pass", "failed its annual check for 2020",
                                 "no annual check submitted for 2020 by 2021-05-31", "a fine of ¥2000.00 on 2020-03-01",
                                 "the suspension of 2020-05-01 (event 1)"});
  // The day before the 2020 reports were due, 2019's count: none missing, none failed.
  CHECK(column(sv::grade_due(reg, "2021-05-31"), "key") == V{*fined[kKey], *suspended[kKey]});
  // Lowered since the fine: acted on. A withdrawn grade is no longer due anything.
  sv::change_grade(reg, *fined[kKey], std::string("3A"), "2020-04-01", "受到行政处罚");
  sv::change_grade(reg, *missing[kKey], std::nullopt, "2021-06-20", "未参加年检");
  CHECK(column(sv::grade_due(reg, "2021-06-30"), "key") == V{*twice[kKey], *failed[kKey], *suspended[kKey]});
  // As of a day before the lowering, the grade stood unlowered, the fine not yet acted on.
  io::Table before = sv::grade_due(reg, "2020-03-31");
  CHECK(column(before, "key") == V{*fined[kKey], *suspended[kKey]});
  CHECK(column(before, "grade") == V{"4A", "4A"});
  // Withdrawn: a new grade is a first one again, no re-evaluation.
  sv::change_grade(reg, *clean[kKey], std::nullopt, "2021-06-20", "申请撤销");
  sv::set_grade(reg, *clean[kKey], {"3A", "", "2021-06-25", "", "", ""});
  CHECK(error_of([&] { sv::grade_due(reg, "2021-02-30"); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("Order No. 60: an order carried out in time is no cause; what was met by a listing is not suggested again") {
  Registry reg = test::make_registry(true, "2022-06-30T08:00:00Z");
  auto org = [&](const std::string& name, int n) {
    Org o = add_registered(reg, name, n);
    reports(reg, o, 2017, 2021);
    return o;
  };
  // On the serious list since 2020-01-10; an order rectified before its deadline changes no clock.
  Org a = org("甲", 1);
  sv::add_event(reg, *a[kKey], ev("serious_in", "2020-01-10"));
  auto order = ev("rectify_order", "2021-01-01");
  order.deadline = "2021-02-01";
  sv::add_event(reg, *a[kKey], order);
  sv::add_event(reg, *a[kKey], ev("rectified", "2021-01-15"));
  CHECK(since_of(reg, a, "2022-06-30", "serious.two_clean_years") == "2022-01-10");
  // Rectified after the deadline: a cause on the deadline, restarting the two years.
  Org b = org("乙", 2);
  sv::add_event(reg, *b[kKey], ev("serious_in", "2020-01-10"));
  order.date = "2020-03-01";
  order.deadline = "2020-04-01";
  sv::add_event(reg, *b[kKey], order);
  sv::add_event(reg, *b[kKey], ev("rectified", "2020-05-01"));
  CHECK(since_of(reg, b, "2022-06-30", "serious.two_clean_years") == "2022-04-01");
  // A warning while on the abnormal list restarted its clock; after the exit it is not an entry again.
  Org c = org("丙", 3);
  sv::add_event(reg, *c[kKey], ev("warning", "2019-01-05"));
  auto in = ev("abnormal_in", "2019-01-10");
  in.rule = "abnormal.penalty";
  sv::add_event(reg, *c[kKey], in);
  sv::add_event(reg, *c[kKey], ev("warning", "2019-03-01"));
  // (Two warnings within three years: the serious entry is due, so no exit is suggested.)
  CHECK(rules_for(reg, c, "2019-12-31") == V{"serious.repeated_penalties"});
  sv::add_event(reg, *c[kKey], ev("abnormal_out", "2019-10-01"));
  CHECK(rules_for(reg, c, "2020-06-30") == V{"serious.repeated_penalties"});
  // A listing without its rule: a report missing from before its report year does not make it
  // one to put right (nor keep it outstanding): six months, as for a penalty.
  Org d = add_registered(reg, "丁", 4);
  reports(reg, d, 2018, 2021);  // 2017's never came
  sv::add_event(reg, *d[kKey], ev("abnormal_in", "2020-07-01"));
  CHECK(rules_for(reg, d, "2021-01-01") == V{"abnormal.six_months"});
}

TEST_CASE("org show's sections: what an org holds, and its standing without the look-ups it has nothing for") {
  Registry reg = test::make_registry();  // today is 2015-06-30
  reg.set_setting("incubator_sites", "孵化园=2");
  Org none = add_registered(reg, "甲协会", 1);
  Org listed = add_registered(reg, "乙协会", 2);
  sv::add_event(reg, *listed[kKey], ev("abnormal_in", "2014-03-01"));
  sv::add_event(reg, *listed[kKey], ev("abnormal_out", "2015-02-01"));
  Org graded = add_registered(reg, "丙协会", 3);
  sv::add_check(reg, *graded[kKey], check("2014", "pass", "2015-05-20"));
  sv::set_grade(reg, *graded[kKey], sv::GradeAward{"4A", "860", "2015-06-10", "昆都仑区民政局", "", ""});
  Org checked = add_registered(reg, "丁协会", 4);
  sv::add_check(reg, *checked[kKey], check("2013", "pass", "2014-05-20"));
  Org hub = add_registered(reg, "戊协会", 5);
  Org group = org::add(reg, test::make_record({{kName, "腰鼓队"}, {kTier, "grassroots"}, {kType, "social_group"},
                                                {kCategory, "culture_sports"}, {kStreet, "林荫路街道"},
                                                {kCommunity, "乌兰社区"}, {kFiledOn, "2013-01-01"}, {kHub, *hub[kCreditCode]}}));
  Org incubated = add_filed(reg, "舞蹈队");
  incubate::Admission stay;
  stay.site = "孵化园";
  stay.date = "2015-03-01";
  incubate::admit(reg, *incubated[kKey], stay);

  auto held = [&](const Org& o) {
    const org::Holdings h = org::holdings(reg, o.id);
    return std::vector<bool>{h.credit_events, h.grades, h.annual_checks, h.stays, h.groups};
  };
  CHECK(held(none) == std::vector<bool>{false, false, false, false, false});
  CHECK(held(listed) == std::vector<bool>{true, false, false, false, false});
  CHECK(held(graded) == std::vector<bool>{false, true, true, false, false});
  CHECK(held(checked) == std::vector<bool>{false, false, true, false, false});
  CHECK(held(hub) == std::vector<bool>{false, false, false, false, true});
  CHECK(held(group) == std::vector<bool>{false, false, false, false, false});
  CHECK(held(incubated) == std::vector<bool>{false, false, false, true, false});

  // The statement with every look-up, as if the org held everything, gives the same row on any
  // day: a look-up left out stands for what it finds among no rows.
  const org::Holdings all{true, true, true, true, true};
  for (const Org* o : {&none, &listed, &graded, &checked, &hub, &group, &incubated})
    for (const auto& day : {std::optional<std::string>(), std::optional<std::string>("2014-06-30"),
                            std::optional<std::string>("2015-06-10")}) {
      CAPTURE(*(*o)[kKey]);
      CAPTURE(day.value_or("today"));
      CHECK(sv::standing(reg, *o, day).rows == sv::standing(reg, *o, day, &all).rows);
    }
  using Row = io::Row;
  CHECK(sv::standing(reg, none).rows == std::vector<Row>{{"clear", std::nullopt, std::nullopt, std::nullopt, "0"}});
  CHECK(sv::standing(reg, group).rows == std::vector<Row>{{std::nullopt, std::nullopt, std::nullopt, std::nullopt, "0"}});
  CHECK(sv::standing(reg, listed, std::string("2014-06-30")).rows ==
        std::vector<Row>{{"abnormal", std::nullopt, std::nullopt, std::nullopt, "1"}});
  CHECK(sv::standing(reg, graded).rows == std::vector<Row>{{"clear", "4A", "2020-06-10", "2014 pass", "0"}});
}
