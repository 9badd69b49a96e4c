// Tests for contracts: budgets (set once, adjusted with a document, never below what is
// committed), drafts and their checks (money, period, allocations), signing (the provider's
// eligibility on the day, every covering budget line, with the figures), amendments (10%),
// payments (never above the amount, reversals, exact sums), and the list's filters.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "contract/contract.h"
#include "error.h"
#include "fixture.h"
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
namespace ct = kunqu::contract;

namespace {

using V = std::vector<std::string>;
const std::string kCode = test::make_code('1', "150203", "MJ300001");
const std::string kHubCode = test::make_code('2', "150203", "MJ300002");
const std::string kCompany = test::make_code_with('9', '1', "150203", "MA300003");

Org registered(Registry& reg, const std::string& name, const std::string& code, const std::string& type = "social_group") {
  return org::add(reg, test::make_record({{kName, name}, {kTier, "registered"}, {kType, type}, {kCategory, "volunteer"},
                                          {kCreditCode, code}, {kRegisteredOn, "2012-05-01"}}));
}

void checked(Registry& reg, const std::string& token, const std::string& year, const std::string& result = "pass") {
  supervision::AnnualCheck c;
  c.year = year;
  c.result = result;
  c.date = std::to_string(std::stoi(year) + 1) + "-05-20";
  supervision::add_check(reg, token, c);
}

ct::Draft draft(const std::string& number, const std::string& provider, const std::string& amount = "25万") {
  ct::Draft d;
  d.number = number;
  d.title = "志愿服务项目";
  d.purchaser = "昆都仑区民政局";
  d.provider = provider;
  d.field = "volunteer";
  d.amount = amount;
  d.method = "竞争性磋商";
  d.funding = "一般公共预算";
  d.starts_on = "2015-04-20";
  d.ends_on = "2016-04-19";
  // 150,000 in 2015 and the rest in 2016; a smaller amount all in 2015.
  const std::int64_t fen = *validate::parse_money(amount).value, first = std::min<std::int64_t>(fen, 15000000);
  d.allocations = {"2015=" + validate::format_money(first), "2016=" + validate::format_money(fen - first)};
  return d;
}

ct::BudgetLine line(const std::string& year, const std::string& purchaser = "", const std::string& field = "") {
  return {year, purchaser, field};
}


long long count(Registry& reg, const std::string& sql) { return test::count_rows(reg, sql); }

}  // namespace

TEST_CASE("budgets: set once, adjusted with a document, never below what is committed") {
  Registry reg = test::make_registry();
  Org a = registered(reg, "心愿公益协会", kCode);
  checked(reg, kCode, "2013");
  ct::set_budget(reg, line("2015"), "150万");
  ct::set_budget(reg, line("2016"), "100万");
  ct::set_budget(reg, line("2015", "昆都仑区民政局", "志愿服务"), "30万");
  CHECK(contains(refusal_text([&] { ct::set_budget(reg, line("2015"), "200万"); }), "set already; it changes only by a recorded adjustment"));
  CHECK_DIAG(refusal([&] { ct::set_budget(reg, line("15"), "1.005"); }), "year", "not a year");
  CHECK_DIAG(refusal([&] { ct::set_budget(reg, line("2017", "", "cooking"), "100"); }), "field", "not one of");
  ct::add(reg, draft("KQGM-2015-003", kCode));
  ct::sign(reg, "KQGM-2015-003", "2015-04-20");
  auto ds = refusal([&] { ct::adjust_budget(reg, line("2015"), "", "2015-13-01", "", ""); });
  CHECK(ds.size() == 4);
  CHECK(contains(refusal_text([&] { ct::adjust_budget(reg, line("2015", "昆都仑区民政局", "volunteer"), "-20万", "2015-06-01", "昆财预〔2015〕9号", "压减"); }),
                 "would be ¥100000.00, below the ¥150000.00 committed against it"));
  ct::adjust_budget(reg, line("2015", "昆都仑区民政局", "volunteer"), "+5万", "2015-06-01", "昆财预〔2015〕9号", "追加志愿服务");
  io::Table t = ct::budgets(reg, std::string("2015"));
  CHECK(column(t, "purchaser") == V{"", "昆都仑区民政局"});
  CHECK(column(t, "budget") == V{"1500000.00", "350000.00"});
  CHECK(column(t, "adjusted") == V{"0.00", "50000.00"});
  CHECK(column(t, "committed") == V{"150000.00", "150000.00"});
  CHECK(column(t, "left") == V{"1350000.00", "200000.00"});
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'budget.adjust' AND detail LIKE '%\"after\":\"350000.00\"%'") == 1);
}

TEST_CASE("drafts: money, period, allocations, provider; every problem at once") {
  Registry reg = test::make_registry();
  registered(reg, "心愿公益协会", kCode);
  ct::Draft d = draft("KQGM-2015-003", kCode);
  d.amount = "250000.005";
  d.starts_on = "2015-04-20";
  d.ends_on = "2018-04-21";
  d.company = "某公司";
  d.method = "拍卖";
  auto ds = refusal([&] { ct::add(reg, d); });
  CHECK_DIAG(ds, "provider", "a social organization (--provider ORG) or a company");
  CHECK_DIAG(ds, "amount", "decimal");
  CHECK_DIAG(ds, "method", "'拍卖' is not one of");
  CHECK_DIAG(ds, "ends-on", "longer than three years");
  CHECK_DIAG(ds, "company-code", "needs its credit code");
  d = draft("KQGM-2015-003", kCode);
  d.amount = "-5";
  CHECK_DIAG(refusal([&] { ct::add(reg, d); }), "amount", "");
  d = draft("KQGM-2015-003", kCode);
  d.allocations = {"2015=100000", "2017=1"};
  ds = refusal([&] { ct::add(reg, d); });
  CHECK_DIAG(ds, "allocate", "2017 is outside the period");
  CHECK_DIAG(ds, "allocate", "carry ¥100001.00 in all, not the amount ¥250000.00");
  d.allocations.clear();
  CHECK_DIAG(refusal([&] { ct::add(reg, d); }), "allocate", "say how much each budget year carries");
  d = draft("KQGM-2015-003", "K0000099");
  CHECK_DIAG(refusal([&] { ct::add(reg, d); }), "provider", "no org 'K0000099'");
  CHECK(count(reg, "SELECT count(*) FROM contract") == 0);
  ct::add(reg, draft("KQGM-2015-003", kCode));
  CHECK_DIAG(refusal([&] { ct::add(reg, draft("KQGM-2015-003", kCode)); }), "number", "exists already");
  // One year: the whole amount falls in it.
  ct::Draft one = draft("KQGM-2015-004", kCode, "8万");
  one.starts_on = "2015-03-01";
  one.ends_on = "2015-12-31";
  one.allocations.clear();
  ct::add(reg, one);
  CHECK(column(ct::allocations(reg, "KQGM-2015-004"), "amount") == V{"80000.00"});
}

TEST_CASE("signing: the provider's eligibility on the day, and every budget line that covers the money") {
  Registry reg = test::make_registry();
  Org hub = registered(reg, "沼潭街道社会组织服务中心", kHubCode, "social_service");
  Org a = registered(reg, "心愿公益协会", kCode);
  ct::set_budget(reg, line("2015"), "150万");
  ct::set_budget(reg, line("2016"), "100万");
  ct::add(reg, draft("C1", kCode));

  SUBCASE("the annual check due by the signing date") {
    // Before 31 May 2015 the 2013 check is the one due; after it, the 2014 one.
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C1", "2015-04-20"); }), "has no annual check submitted for 2013"));
    checked(reg, kCode, "2013", "fail");
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C1", "2015-04-20"); }), "failed its annual check for 2013"));
    checked(reg, kCode, "2014");
    ct::sign(reg, "C1", "2015-06-01");
    CHECK(column(ct::list(reg, {}), "status") == V{"signed"});
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C1", "2015-06-02"); }), "is signed already (signed on 2015-06-01)"));
  }
  SUBCASE("credit lists on that day, and serious violations within three years") {
    checked(reg, kCode, "2013");
    supervision::CreditEvent in;
    in.kind = "abnormal_in";
    in.date = "2015-05-01";
    supervision::add_event(reg, kCode, in);
    // Listed after the signing date: eligible on it.
    ct::sign(reg, "C1", "2015-04-20");
    ct::add(reg, draft("C2", kCode, "1万"));
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C2", "2015-05-02"); }), "is on the abnormal-activity list (since 2015-05-01)"));
    supervision::CreditEvent out = in;
    out.kind = "abnormal_out";
    out.date = "2015-05-10";
    supervision::add_event(reg, kCode, out);
    in.kind = "serious_in";
    in.date = "2015-05-11";
    supervision::add_event(reg, kCode, in);
    out.kind = "serious_out";
    out.date = "2015-05-20";
    supervision::add_event(reg, kCode, out);
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C2", "2015-06-10"); }), "had a serious violation within three years (listed 2015-05-11)"));
  }
  SUBCASE("filed groups cannot contract; their hub can") {
    Org g = org::add(reg, test::make_record({{kName, "舞蹈队"}, {kTier, "grassroots"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                             {kStreet, "林荫路街道"}, {kCommunity, "乌兰社区"}, {kFiledOn, "2013-01-01"}, {kHub, kHubCode}}));
    ct::add(reg, draft("C3", *g[kFilingNo], "1万"));
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C3", "2015-06-10"); }), "filed groups cannot contract themselves; its hub " + kHubCode + " can"));
  }
  SUBCASE("companies need a credit check on record") {
    ct::Draft d = draft("C4", "", "10万");
    d.provider.clear();
    d.company = "包头市银龄家政服务有限公司";
    d.company_code = kCompany;
    ct::add(reg, d);
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C4", "2015-06-10"); }), "has no credit check recorded"));
    d.number = "C5";
    d.company_check_on = "2015-06-01";
    d.company_check = "信用中国查询无不良记录";
    ct::add(reg, d);
    ct::sign(reg, "C5", "2015-06-10");
  }
  SUBCASE("budgets: every covering line, with the figures; none at all") {
    checked(reg, kCode, "2013");
    ct::set_budget(reg, line("2015", "昆都仑区民政局", "volunteer"), "20万");
    ct::add(reg, draft("C6", kCode, "10万"));  // 2015: 150,000 of the 200,000 line... and C1 too
    ct::sign(reg, "C1", "2015-04-20");
    std::string why = refusal_text([&] { ct::sign(reg, "C6", "2015-04-21"); });
    CHECK_MESSAGE(contains(why, "does not fit the 2015 budget of 昆都仑区民政局 for volunteer: ¥200000.00 budgeted, "
                                "¥150000.00 committed by other contracts, this one's ¥100000.00 for 2015 would exceed it by ¥50000.00"),
                  why);
    ct::Draft later = draft("C7", kCode, "1万");
    later.starts_on = "2017-01-01";
    later.ends_on = "2017-06-30";
    later.allocations.clear();
    ct::add(reg, later);
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C7", "2015-05-01"); }), "no budget covers 昆都仑区民政局 for volunteer in 2017"));
  }
  (void)hub;
  (void)a;
}

TEST_CASE("amendments within 10%, payments never above the amount, reversals, exact sums") {
  Registry reg = test::make_registry();
  registered(reg, "心愿公益协会", kCode);
  checked(reg, kCode, "2013");
  ct::set_budget(reg, line("2015"), "150万");
  ct::set_budget(reg, line("2016"), "100万");
  ct::add(reg, draft("C1", kCode));
  CHECK(contains(refusal_text([&] { ct::pay(reg, "C1", {"2015-05-01", "100", "", "", ""}); }), "is a draft"));
  ct::sign(reg, "C1", "2015-04-20");

  ct::Amendment too_much{"2015-06-08", "扩大范围", "280001", "", {}, {"2015=180001", "2016=100000"}};
  CHECK_DIAG(refusal([&] { ct::amend(reg, "C1", too_much); }), "amount", "more than 10%");
  ct::Amendment ok{"2015-06-08", "增加服务社区2个", "275000", "", {"志愿者培训", "社区志愿服务"}, {"2015=175000", "2016=100000"}};
  ct::amend(reg, "C1", ok);
  CHECK(column(ct::show(reg, "C1"), "amount") == V{"275000.00"});
  CHECK(column(ct::show(reg, "C1"), "original_amount") == V{"250000.00"});
  CHECK(column(ct::amendments(reg, "C1"), "reason") == V{"增加服务社区2个"});
  CHECK(column(ct::allocations(reg, "C1"), "amount") == V{"175000.00", "100000.00"});

  // A thousand payments of 0.10 add up to exactly 100.00.
  for (int i = 0; i < 1000; ++i) ct::pay(reg, "C1", {"2015-06-10", "0.10", "", "", ""});
  CHECK(count(reg, "SELECT sum(amount) FROM payment") == 10000);
  CHECK(column(ct::list(reg, {}), "paid") == V{"100.00"});
  CHECK(column(ct::list(reg, {}), "status") == V{"active"});
  auto id = ct::pay(reg, "C1", {"2015-06-11", "274000", "中期", "", ""});
  std::string why = refusal_text([&] { ct::pay(reg, "C1", {"2015-06-12", "901", "", "", ""}); });
  CHECK_MESSAGE(contains(why, "would bring payments to ¥275001.00, above the contract amount ¥275000.00 (¥900.00 left to pay)"), why);
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-12", "1.001", "", "", ""}); }), "amount", "");
  auto rev = ct::pay(reg, "C1", {"2015-06-12", "", "", "重复录入", std::to_string(id)});
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-12", "", "", "", std::to_string(id)}); }), "reverses",
             "reversed already by payment " + std::to_string(rev));
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-12", "", "", "", std::to_string(rev)}); }), "reverses", "itself a reversal");
  CHECK(column(ct::list(reg, {}), "paid") == V{"100.00"});
  ct::Amendment below{"2015-06-20", "缩减", "50", "", {}, {"2015=50"}};
  CHECK_DIAG(refusal([&] { ct::amend(reg, "C1", below); }), "amount", "below the ¥100.00 paid already");

  ct::Filter f;
  f.paid_below = "50%";
  CHECK(column(ct::list(reg, f), "number") == V{"C1"});
  f.paid_below = "0%";
  CHECK(ct::list(reg, f).rows.empty());
  f = {};
  f.year = "2016";
  CHECK(column(ct::list(reg, f), "number") == V{"C1"});
  f.year = "2017";
  CHECK(ct::list(reg, f).rows.empty());
  f = {};
  f.method = "公开招标";
  CHECK(ct::list(reg, f).rows.empty());
  f.method = "auction";
  CHECK(error_of([&] { ct::list(reg, f); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("delivery, acceptance, assessment, surveys, closing") {
  Registry reg = test::make_registry();
  registered(reg, "心愿公益协会", kCode);
  checked(reg, kCode, "2013");
  ct::set_budget(reg, line("2015"), "150万");
  ct::set_budget(reg, line("2016"), "100万");
  ct::Draft d = draft("C1", kCode);
  d.target_hours = "1000";
  d.target_person_times = "3000";
  d.target_persons = "800";
  ct::add(reg, d);
  CHECK(contains(refusal_text([&] { ct::deliver(reg, "C1", {"2015-05-01", "2015-05-31", "10", "", "", "", {}, ""}); }), "is draft"));
  ct::sign(reg, "C1", "2015-04-20");

  auto ds = refusal([&] {
    ct::deliver(reg, "C1", {"2015-04-01", "2015-07-01", "", "x", "", "-1", {"高龄,低偿,10,20", "火星人,无偿,1,1", "高龄,低偿"}, ""});
  });
  CHECK_DIAG(ds, "from", "before the signing on 2015-04-20");
  CHECK_DIAG(ds, "to", "in the future");
  CHECK_DIAG(ds, "hours", "is required");
  CHECK_DIAG(ds, "volunteer-hours", "");
  CHECK_DIAG(ds, "served", "20 persons cannot make 10 person-times");
  CHECK_DIAG(ds, "served", "'火星人' is not one of");
  CHECK_DIAG(ds, "served", "is not BENEFICIARY,TIER,PERSON_TIMES,PERSONS");
  CHECK(count(reg, "SELECT count(*) FROM delivery") == 0);

  ct::deliver(reg, "C1", {"2015-04-20", "2015-05-31", "400", "120", "500", "4万", {"高龄，低偿，900，200", "独居,无偿,300,100"}, "首月"});
  CHECK(column(ct::list(reg, {}), "status") == V{"active"});
  CHECK_DIAG(refusal([&] { ct::deliver(reg, "C1", {"2015-05-15", "2015-06-15", "10", "", "", "", {}, ""}); }), "from",
             "overlaps the delivery recorded for 2015-04-20 to 2015-05-31");
  ct::deliver(reg, "C1", {"2015-06-01", "2015-06-30", "100", "", "", "", {"残疾,自费,30,10"}, ""});
  io::Table got = ct::delivered(reg, "C1");
  CHECK(column(got, "delivered") == V{"500", "1230", "310", "0"});
  CHECK(column(got, "share") == V{"50.0%", "41.0%", "38.8%", ""});
  CHECK(column(ct::deliveries(reg, "C1"), "voucher_value") == V{"40000.00", ""});

  CHECK_DIAG(refusal([&] { ct::survey(reg, "C1", "2015-06-20", "电话回访", "300", "301", ""); }), "satisfied", "more than all of them");
  ct::survey(reg, "C1", "2015-06-20", "电话回访", "300", "297", "");
  ct::survey(reg, "C1", "2015-06-21", "visit", "3", "2", "");
  CHECK(column(ct::surveys(reg, "C1"), "rate") == V{"99.0%", "66.7%"});
  CHECK(column(ct::delivered(reg, "C1"), "share").back() == "98.7%");  // 299 of 303
  CHECK(ct::rate(1, 8) == "12.5%");
  CHECK(ct::rate(1, 3) == "33.3%");
  CHECK(ct::rate(2, 3) == "66.7%");

  CHECK_DIAG(refusal([&] { ct::assess(reg, "C1", "2015-06-25", "", "", "", ""); }), "score", "give a score");
  CHECK_DIAG(refusal([&] { ct::assess(reg, "C1", "2015-06-25", "101", "卓越", "x", ""); }), "grade", "not one of");
  ct::assess(reg, "C1", "2015-06-25", "92", "优秀", "包头市社会组织评估中心", "");
  CHECK_DIAG(refusal([&] { ct::accept(reg, "C1", "2015-06-26", "ok", ""); }), "result", "not one of passed");
  ct::accept(reg, "C1", "2015-06-26", "基本合格", "台账需完善");
  CHECK(column(ct::acceptances(reg, "C1"), "result") == V{"passed_with_issues"});
  CHECK(column(ct::assessments(reg, "C1"), "grade") == V{"excellent"});

  ct::Filter f;
  f.no_delivery_for = "20d";
  CHECK(ct::list(reg, f).rows.empty());
  ct::add(reg, draft("C2", kCode, "1万"));
  ct::sign(reg, "C2", "2015-05-01");
  f.no_delivery_for = "30d";
  CHECK(column(ct::list(reg, f), "number") == V{"C2"});  // signed two months ago, nothing delivered

  CHECK_DIAG(refusal([&] { ct::close(reg, "C1", "terminated", "2015-06-30", ""); }), "reason", "is required");
  ct::close(reg, "C1", "completed", "2015-06-30", "");
  CHECK(column(ct::list(reg, {}), "status") == V{"completed", "signed"});
  CHECK(contains(refusal_text([&] { ct::deliver(reg, "C1", {"2015-06-30", "2015-06-30", "1", "", "", "", {}, ""}); }), "is completed"));
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action LIKE 'contract.%'") == 11);  // C1: 9, C2: add and sign
}
