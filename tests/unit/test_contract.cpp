// Tests for contracts: budgets (set once, adjusted with a document, never below what is
// committed), drafts and their checks (money, period, allocations), signing (the provider's
// eligibility on the day, every covering budget line, with the figures), amendments (10%),
// payments (never above the amount, reversals, exact sums), and the list's filters.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <tuple>
#include <string>
#include <vector>

#include "contract/contract.h"
#include "error.h"
#include "fixture.h"
#include "io/records.h"
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
  d.starts_on = "2020-04-20";
  d.ends_on = "2023-04-21";
  d.company = "某公司";
  d.method = "拍卖";
  auto ds = refusal([&] { ct::add(reg, d); });
  CHECK_DIAG(ds, "provider", "a social organization (‹provider› ORG) or a company");
  CHECK_DIAG(ds, "amount", "decimal");
  CHECK_DIAG(ds, "method", "'拍卖' is not one of");
  CHECK_DIAG(ds, "ends-on",
             "the period 2020-04-20 to 2023-04-21 is longer than three years (财政部令第102号《政府购买服务管理办法》第二十四条, "
             "from 2020-03-01)");
  // The three-year term is the rule from 2020-03-01: a contract of 2013 ran four years.
  ct::Draft old = draft("KQGM-2013-001", kCode, "1万");
  old.starts_on = "2013-01-01";
  old.ends_on = "2016-12-31";
  old.allocations = {"2013=10000"};
  CHECK(ct::add(reg, old) > 0);
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
  CHECK(count(reg, "SELECT count(*) FROM contract WHERE number <> 'KQGM-2013-001'") == 0);
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
  SUBCASE("an org registered on or after 1 July owes no check for that year") {
    auto org_of = [&](const std::string& name, const std::string& code, const std::string& registered_on) {
      org::add(reg, test::make_record({{kName, name}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                      {kCreditCode, code}, {kRegisteredOn, registered_on}}));
    };
    const std::string june = test::make_code('1', "150203", "MJ300005"), july = test::make_code('1', "150203", "MJ300006");
    org_of("六月协会", june, "2013-06-30");
    org_of("七月协会", july, "2013-07-01");
    ct::add(reg, draft("C5", june, "1万"));
    ct::add(reg, draft("C6", july, "1万"));
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C5", "2015-04-20"); }), "has no annual check submitted for 2013"));
    ct::sign(reg, "C6", "2015-04-20");
    CHECK(contains(refusal_text([&] { ct::sign(reg, "C6", "2015-06-01"); }), "is signed already"));
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
    ct::add(reg, draft("C3", kCode, "1万"));
    // The lists bar a supplier only from Order No. 60 on (2018-01-24): in 2015 they did not.
    ct::sign(reg, "C3", "2015-05-02");
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
    CHECK(refusal_text([&] { ct::sign(reg, "C2", "2015-06-10"); }) ==
          "contract C2 cannot be signed on 2015-06-10: K0000002 '心愿公益协会' had a serious violation within three years "
          "(listed 2015-05-11) (《中华人民共和国政府采购法》第二十二条, from 2003-01-01)");
  }
  SUBCASE("the credit lists bar a supplier from Order No. 60 on") {
    Registry later = test::make_registry(true, "2019-06-30T08:00:00Z");
    registered(later, "心愿公益协会", kCode);
    checked(later, kCode, "2017");
    ct::set_budget(later, line("2019"), "150万");
    ct::Draft d = draft("C9", kCode, "1万");
    d.starts_on = "2019-03-01";
    d.ends_on = "2019-12-31";
    d.allocations.clear();
    ct::add(later, d);
    supervision::CreditEvent in;
    in.kind = "abnormal_in";
    in.date = "2019-02-01";
    supervision::add_event(later, kCode, in);
    CHECK(refusal_text([&] { ct::sign(later, "C9", "2019-03-01"); }) ==
          "contract C9 cannot be signed on 2019-03-01: K0000001 '心愿公益协会' is on the abnormal-activity list (since "
          "2019-02-01) (民政部令第60号《社会组织信用信息管理办法》, from 2018-01-24)");
  }
  SUBCASE("its standing on the signing day, from its events") {
    checked(reg, kCode, "2013");
    org::StatusChange s;
    s.kind = "suspended";
    s.date = "2015-02-01";
    s.until = "2015-05-01";
    s.document = "昆民罚〔2015〕3号";
    org::set_status(reg, kCode, s);
    CHECK(refusal_text([&] { ct::sign(reg, "C1", "2015-03-10"); }) ==
          "contract C1 cannot be signed on 2015-03-10: K0000002 '心愿公益协会' was suspended on that day (the suspension of "
          "2015-02-01 (event 1)) (《中华人民共和国政府采购法》第二十二条)");
    ct::sign(reg, "C1", "2015-05-01");
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
  CHECK(contains(refusal_text([&] { ct::pay(reg, "C1", {"2015-05-01", "100", "", "", "", ""}); }), "is a draft"));
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
  for (int i = 0; i < 1000; ++i) ct::pay(reg, "C1", {"2015-06-10", "0.10", "", "", "", ""});
  CHECK(count(reg, "SELECT sum(amount) FROM payment") == 10000);
  CHECK(column(ct::list(reg, {}), "paid") == V{"100.00"});
  CHECK(column(ct::list(reg, {}), "status") == V{"active"});
  // Each payment is charged to a budget year: its own year's allocation by default, never
  // above what that year has left; another year only when asked.
  auto id = ct::pay(reg, "C1", {"2015-06-11", "174900", "中期", "", "", ""});
  CHECK(refusal_text([&] { ct::pay(reg, "C1", {"2015-06-11", "99100", "中期", "", "", ""}); }) ==
        "amount: contract C1: ¥99100.00 is more than the ¥0.00 left of its 2015 allocation (¥175000.00 allocated); split "
        "the payment between budget years (‹year›)");
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-11", "99100", "中期", "", "", "2017"}); }), "year",
             "contract C1 allocates nothing to 2017 (its budget years: 2015, 2016)");
  auto id2 = ct::pay(reg, "C1", {"2015-06-11", "99100", "中期", "", "", "2016"});
  CHECK(column(ct::payments(reg, "C1"), "budget_year").back() == "2016");
  CHECK(column(ct::allocations(reg, "C1"), "paid") == V{"175000.00", "99100.00"});
  std::string why = refusal_text([&] { ct::pay(reg, "C1", {"2015-06-12", "901", "", "", "", ""}); });
  CHECK_MESSAGE(contains(why, "would bring payments to ¥275001.00, above the contract amount ¥275000.00 (¥900.00 left to pay)"), why);
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-12", "1.001", "", "", "", ""}); }), "amount", "");
  // A reversal is charged where the payment was.
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-12", "", "", "", std::to_string(id2), "2015"}); }), "year",
             "a reversal is charged to the budget year of the payment it undoes (2016), not 2015");
  ct::pay(reg, "C1", {"2015-06-12", "", "", "重复录入", std::to_string(id2), "2016"});
  auto rev = ct::pay(reg, "C1", {"2015-06-12", "", "", "重复录入", std::to_string(id), ""});
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-12", "", "", "", std::to_string(id), ""}); }), "reverses",
             "reversed already by payment " + std::to_string(rev));
  CHECK_DIAG(refusal([&] { ct::pay(reg, "C1", {"2015-06-12", "", "", "", std::to_string(rev), ""}); }), "reverses", "itself a reversal");
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
  // A closed contract still takes the report of a period it served before closing, not after.
  ct::close(reg, "C2", "terminated", "2015-06-10", "服务对象搬迁");
  CHECK_DIAG(refusal([&] { ct::deliver(reg, "C2", {"2015-06-01", "2015-06-11", "1", "", "", "", {}, ""}); }), "to",
             "2015-06-11 is after contract C2 was terminated on 2015-06-10");
  ct::deliver(reg, "C2", {"2015-05-01", "2015-06-10", "30", "", "", "", {}, "终止前的服务"});
  CHECK(column(ct::list(reg, {}), "status") == V{"completed", "terminated"});
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action LIKE 'contract.%'") == 13);  // C1: 9, C2: 4
}

// ---- contract files ----

namespace {

// The file text of an export, as CSV (cells with commas, quotes or line ends quoted).
std::string csv_of(const io::Table& t) {
  auto cell = [](const std::optional<std::string>& v) {
    if (!v) return std::string();
    if (v->find_first_of(",\"\n") == std::string::npos) return *v;
    std::string q = "\"";
    for (char ch : *v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  std::string out;
  for (std::size_t i = 0; i < t.columns.size(); ++i) out += (i ? "," : "") + t.columns[i].name;
  out += "\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + cell(row[i]);
    out += "\n";
  }
  return out;
}

ct::ImportResult import_text(Registry& reg, ct::Kind kind, const std::string& text, const ct::ImportOptions& o = {}) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.resolve = [kind](std::string_view h) { return ct::resolve_header(kind, h); };
  ro.table_name = ct::kind_name(kind);
  io::RecordReader reader(in, "c.csv", ro);
  return ct::import(reg, kind, reader, o);
}


// A registry with the provider, its annual check, a company and the 2015-2016 budgets.
Registry contract_registry() {
  Registry reg = test::make_registry();
  registered(reg, "心愿公益协会", kCode);
  checked(reg, kCode, "2013");
  ct::set_budget(reg, line("2015"), "150万");
  ct::set_budget(reg, line("2016"), "100万");
  return reg;
}

const std::vector<ct::Kind> kKinds = {ct::Kind::kContract,   ct::Kind::kPayment,    ct::Kind::kDelivery,
                                      ct::Kind::kAcceptance, ct::Kind::kAssessment, ct::Kind::kSurvey};

}  // namespace

TEST_CASE("contract files: every kind exported and imported into another registry gives the same records") {
  Registry a = contract_registry();
  ct::Draft d = draft("C1", kCode);
  d.items = {"志愿者招募培训", "社区志愿服务"};
  d.target_persons = "3000";
  ct::add(a, d);
  ct::sign(a, "C1", "2015-04-20");
  ct::pay(a, "C1", {"2015-05-05", "75000", "首期", "", "", ""});
  ct::pay(a, "C1", {"2015-05-05", "75000", "首期", "", "", ""});  // entered twice by mistake …
  ct::pay(a, "C1", {"2015-05-07", "", "", "重复录入", "2", ""});  // … and reversed
  ct::deliver(a, "C1", {"2015-04-20", "2015-05-31", "400", "120", "500", "4万", {"高龄,低偿,900,200", "独居,无偿,300,100"}, "首月"});
  ct::accept(a, "C1", "2015-06-26", "基本合格", "台账需完善");
  ct::assess(a, "C1", "2015-06-25", "92", "优秀", "包头市社会组织评估中心", "");
  ct::survey(a, "C1", "2015-06-20", "电话回访", "300", "297", "");
  ct::Draft company = draft("C2", "", "5万");
  company.company = "包头市银龄家政服务有限公司";
  company.company_code = kCompany;
  company.company_check_on = "2015-04-01";
  ct::add(a, company);
  ct::sign(a, "C2", "2015-04-10");
  ct::close(a, "C2", "terminated", "2015-06-10", "服务对象搬迁");
  ct::add(a, draft("C3", kCode, "1万"));

  Registry b = contract_registry();
  for (auto kind : kKinds) {
    const std::string text = csv_of(ct::export_records(a, kind, {}));
    ct::ImportResult r = import_text(b, kind, text);
    CHECK(r.skipped == 0);
    CHECK(r.added == ct::export_records(a, kind, {}).rows.size());
    if (kind == ct::Kind::kPayment) {
      // Ids are the registry's own; the reversal still undoes the second of the two.
      CHECK(column(ct::payments(b, "C1"), "reversed_by") == V{"", "3", ""});
      CHECK(column(ct::payments(b, "C1"), "amount") == column(ct::payments(a, "C1"), "amount"));
    } else {
      CHECK(csv_of(ct::export_records(b, kind, {})) == text);
    }
    // Again: every record is there already — refused, or skipped.
    auto ds = refusal([&] { import_text(b, kind, text); });
    CHECK(ds.size() == r.added);
    CHECK(contains(ds[0].message, "is recorded already"));
    ct::ImportOptions skip;
    skip.on_conflict = registry::OnConflict::kSkip;
    CHECK(import_text(b, kind, text, skip).skipped == r.added);
  }
  CHECK(ct::show(b, "C1").rows == ct::show(a, "C1").rows);
  CHECK(column(ct::list(b, {}), "status") == column(ct::list(a, {}), "status"));
  CHECK(count(b, "SELECT count(*) FROM audit WHERE action = 'contract.import'") == 12);  // the refused runs leave none
  CHECK(count(b, "SELECT count(*) FROM audit WHERE action = 'contract.import' AND detail LIKE '%\"kind\":\"payment\"%\"added\":3%'") == 1);
}

TEST_CASE("contract files: every problem at its cell, nothing written") {
  Registry reg = contract_registry();
  const std::string head =
      "number,title,purchaser,provider,provider_name,field,amount,allocations,method,funding,starts_on,ends_on,status,signed_on,closed_on\n";
  const std::vector<std::string> rows = {
      "C1,志愿服务,民政局," + kCode + ",心愿公益协会,volunteer,1.005,,询价,其他,2015-05-01,2015-12-31,,,",
      "C2,志愿服务,民政局," + kCode + ",别的协会,volunteer,-5,,询价,其他,2015-05-01,2015-12-31,draft,2015-05-02,",
      "C3,志愿服务,民政局,无此组织,,volunteer,abc,,询价,其他,2015-05-01,2015-13-01,completed,2015-05-02,",
      "C4,志愿服务,民政局," + kCode + ",,volunteer,25万,2015=15万; 2016=10万,询价,其他,2015-04-20,2016-04-19,signed,2015-04-20,",
      "C4,志愿服务,民政局," + kCode + ",,volunteer,1万,,询价,其他,2015-05-01,2015-12-31,signed,2015-05-01,",
      "C5,志愿服务,民政局," + kCode + ",,volunteer,140万,,询价,其他,2015-05-01,2015-12-31,signed,2015-05-01,",
      "C6,志愿服务,民政局," + kCode + ",,volunteer,1万,,询价,其他,2015-05-01,2015-12-31,on_hold,2015-05-01,",
  };
  std::string text = head;
  for (const auto& r : rows) text += r + "\n";
  const auto audits = count(reg, "SELECT count(*) FROM audit");
  Error e = error_of([&] { import_text(reg, ct::Kind::kContract, text); });
  CHECK(e.kind() == ErrorKind::kInvalidData);
  const std::string all = test::describe(e.diagnostics());
  auto at = [&](std::size_t row, std::size_t cell, const std::string& field) {
    // As a spreadsheet names the cell: its row, its column's letter and header.
    return fmt::format("c.csv:{}:{} {}: ", row + 2, column_letter(static_cast<int>(cell) + 1), field);
  };
  CHECK_MESSAGE(contains(all, at(0, 6, "amount") + "'1.005' has more decimals than whole fen allow"), all);
  CHECK_MESSAGE(contains(all, at(1, 6, "amount")), all);
  CHECK_MESSAGE(contains(all, at(1, 4, "provider_name") + "'别的协会' is not the name of"), all);
  CHECK_MESSAGE(contains(all, at(1, 13, "signed_on") + "a draft is not signed"), all);
  CHECK_MESSAGE(contains(all, at(2, 3, "provider")), all);
  CHECK_MESSAGE(contains(all, at(2, 6, "amount")), all);
  CHECK_MESSAGE(contains(all, at(2, 11, "ends_on")), all);
  CHECK_MESSAGE(contains(all, at(2, 14, "closed_on") + "is required for a contract that is completed"), all);
  CHECK_MESSAGE(contains(all, at(4, 0, "number") + "repeats line 5 of this file (contract C4)"), all);
  CHECK_MESSAGE(contains(all, at(5, 13, "signed_on") + "contract C5 does not fit the 2015 budget"), all);
  CHECK_MESSAGE(contains(all, at(6, 12, "status") + "'on_hold' is not one of"), all);
  CHECK_MESSAGE(contains(e.what(), "nothing was imported from 'c.csv'"), e.what());
  CHECK(count(reg, "SELECT count(*) FROM contract") == 0);
  CHECK(count(reg, "SELECT count(*) FROM audit") == audits);

  // The good row alone goes in; a dry run of it writes nothing.
  ct::ImportOptions dry;
  dry.dry_run = true;
  CHECK(import_text(reg, ct::Kind::kContract, head + rows[3] + "\n", dry).added == 1);
  CHECK(count(reg, "SELECT count(*) FROM contract") == 0);
  CHECK(import_text(reg, ct::Kind::kContract, head + rows[3] + "\n").added == 1);
  CHECK(column(ct::allocations(reg, "C4"), "amount") == V{"150000.00", "100000.00"});
  CHECK(column(ct::list(reg, {}), "status") == V{"signed"});
}

TEST_CASE("payment, delivery and survey files: the verbs' rules, reversals by the file's ids") {
  Registry reg = contract_registry();
  ct::add(reg, draft("C1", kCode));
  ct::sign(reg, "C1", "2015-04-20");
  const std::string head = "contract,id,date,amount,milestone,reverses\n";
  auto ds = refusal([&] {
    import_text(reg, ct::Kind::kPayment,
                head + "C1,,2015-05-05,100000,首期,\nC1,,2015-05-05,100000,首期,\nC1,7,2015-05-06,150001,,\nC1,8,2015-05-07,,,7\n"
                       "C9,,2015-05-05,1,,\nC1,9,2015-05-08,12.345,,\n");
  });
  CHECK_DIAG(ds, "date", "repeats line 2 of this file");
  CHECK_DIAG(ds, "amount", "above the contract amount ¥250000.00");
  CHECK_DIAG(ds, "reverses", "undoes the payment of line 4, which is not imported");
  CHECK_DIAG(ds, "contract", "no contract 'C9'");
  CHECK_DIAG(ds, "amount", "'12.345' has more decimals than whole fen allow");
  CHECK(ds.size() == 5);
  CHECK(count(reg, "SELECT count(*) FROM payment") == 0);

  // Two alike payments with ids of their own are two payments; the reversal names the second.
  const std::string good = head + "C1,1,2015-05-05,75000,首期,\nC1,2,2015-05-05,75000,首期,\nC1,3,2015-05-07,-75000.00,,2\n";
  CHECK(import_text(reg, ct::Kind::kPayment, good).added == 3);
  CHECK(column(ct::payments(reg, "C1"), "reversed_by") == V{"", "3", ""});
  CHECK_DIAG(refusal([&] { import_text(reg, ct::Kind::kPayment, head + "C1,4,2015-05-08,-5,,1\n"); }), "amount",
             "a reversal undoes all of payment 1: its amount is -75000.00");
  // The budget year is a column of its own; a year the contract does not allocate to is refused there.
  CHECK_DIAG(refusal([&] {
               import_text(reg, ct::Kind::kPayment, "contract,date,amount,budget_year\nC1,2015-05-09,100000,2017\n");
             }),
             "budget_year", "contract C1 allocates nothing to 2017");
  CHECK_DIAG(refusal([&] { import_text(reg, ct::Kind::kPayment, "contract,date,amount\nC1,2015-05-09,100000\n"); }), "amount",
             "is more than the ¥75000.00 left of its 2015 allocation");
  import_text(reg, ct::Kind::kPayment, "contract,date,amount,预算年度\nC1,2015-05-09,100000,2016\n");
  CHECK(column(ct::payments(reg, "C1"), "budget_year") == V{"2015", "2015", "2015", "2016"});

  const std::string dhead = "contract,from,to,hours,served,vouchers\n";
  auto dd = refusal([&] {
    import_text(reg, ct::Kind::kDelivery, dhead + "C1,2015-04-20,2015-05-31,x,\"高龄,低偿,10,20; 火星人,无偿,1,1\",\nC1,2015-04-01,2015-07-01,1,,\n");
  });
  CHECK_DIAG(dd, "hours", "");
  CHECK_DIAG(dd, "served", "20 persons cannot make 10 person-times");
  CHECK_DIAG(dd, "served", "'火星人' is not one of");
  CHECK_DIAG(dd, "from", "before the signing on 2015-04-20");
  CHECK_DIAG(dd, "to", "in the future");
  CHECK(import_text(reg, ct::Kind::kDelivery, dhead + "C1,2015-04-20,2015-05-31,400,\"高龄,低偿,900,200; 独居,无偿,300,100\",500\n").added == 1);
  CHECK(column(ct::delivered(reg, "C1"), "delivered") == V{"400", "1200", "300", "0"});

  const std::string shead = "合同编号,回访日期,回访方式,回访人数,满意人数\n";
  CHECK_DIAG(refusal([&] { import_text(reg, ct::Kind::kSurvey, shead + "C1,2015-06-20,电话回访,300,301\n"); }), "satisfied",
             "more than all of them");
  CHECK(import_text(reg, ct::Kind::kSurvey, shead + "C1,2015-06-20,电话回访,300,297\n").added == 1);
  CHECK(column(ct::surveys(reg, "C1"), "rate") == V{"99.0%"});
  CHECK(ct::parse_kind("满意度回访") == ct::Kind::kSurvey);
  CHECK(ct::parse_kind("payments") == ct::Kind::kPayment);
  CHECK_FALSE(ct::parse_kind("budget"));
}

TEST_CASE("OCDS release package: buyer, supplier with CN-USCI, award, contract, milestones, transactions") {
  Registry reg = contract_registry();
  ct::add(reg, draft("C1", kCode));
  ct::sign(reg, "C1", "2015-04-20");
  ct::pay(reg, "C1", {"2015-05-05", "75000", "首期", "", "", ""});
  ct::pay(reg, "C1", {"2015-05-07", "", "", "重复录入", "1", ""});
  ct::amend(reg, "C1", {"2015-06-08", "增加服务社区2个", "275000", "", {}, {"2015=175000", "2016=100000"}});
  ct::budgets(reg, std::nullopt);
  ct::deliver(reg, "C1", {"2015-04-20", "2015-05-31", "400", "", "", "", {"高龄,低偿,900,200"}, ""});
  ct::survey(reg, "C1", "2015-06-20", "电话回访", "300", "297", "");
  const std::string p = ct::ocds_release_package(reg, {});
  for (const std::string& part : std::vector<std::string>{"{\"uri\":\"urn:kunqu:ocds-kunqu0:release-package:20150630T080000Z\",\"version\":\"1.1\",\"publishedDate\":\"2015-06-30T08:00:00Z\"",
        "\"ocid\":\"ocds-kunqu0-C1\",\"id\":\"C1-20150630T080000Z\"", "\"tag\":[\"award\",\"contract\",\"contractAmendment\",\"implementation\"]",
        "\"roles\":[\"buyer\"]", "\"identifier\":{\"scheme\":\"CN-USCI\",\"id\":\"" + kCode + "\",\"legalName\":\"心愿公益协会\"}",
        "\"procurementMethod\":\"limited\",\"procurementMethodDetails\":\"竞争性磋商\"",
        "\"value\":{\"amount\":275000.00,\"currency\":\"CNY\"}", "\"status\":\"active\"",
        "\"period\":{\"startDate\":\"2015-04-20T00:00:00+08:00\",\"endDate\":\"2016-04-19T00:00:00+08:00\"}",
        "\"rationale\":\"增加服务社区2个\",\"description\":\"金额 ¥250000.00 改为 ¥275000.00\"",
        "\"type\":\"financing\"", "\"type\":\"delivery\"", "满意率 99.0%",
        "\"value\":{\"amount\":-75000.00,\"currency\":\"CNY\"},\"payer\":{\"id\":\"昆都仑区民政局\""})
    CHECK_MESSAGE(contains(p, part), part);
  CHECK(p.back() == '\n');
  ct::Filter none;
  none.status = "completed";
  CHECK(ct::ocds_release_package(reg, none).find("\"releases\":[]") != std::string::npos);
}

TEST_CASE("payments from before budget years are charged by the rule new ones follow") {
  test::TempDir dir;
  const std::string path = dir.file("old.db");
  {
    Registry reg = Registry::create(path, test::test_session(), std::nullopt, 10);
    registry::Transaction tx(reg);
    const std::int64_t audit = reg.audit("test.contracts", std::nullopt, "{}");
    // C1: 2014 only, paid in 2014 and in February 2015. C2: 2014 and 2015, paid in 2016 (no
    // allocation then): the earliest with money left first, in the order paid.
    reg.exec(
        "INSERT INTO contract (id, number, title, purchaser, company_name, company_code, field, amount, original_amount, "
        "method, funding, starts_on, ends_on, status, signed_on) VALUES "
        "(1, 'C1', 't', 'p', '某公司', 'x', 'volunteer', 1000000, 1000000, 'other', 'other', '2014-03-01', '2014-12-31', "
        "'active', '2014-03-01'), "
        "(2, 'C2', 't', 'p', '某公司', 'x', 'volunteer', 300000, 300000, 'other', 'other', '2014-06-01', '2015-12-31', "
        "'active', '2014-06-01')");
    reg.exec("INSERT INTO contract_year VALUES (1, 2014, 1000000), (2, 2014, 100000), (2, 2015, 200000)");
    auto q = reg.prepare("INSERT INTO payment (id, contract_id, date, amount, reverses, audit_id) VALUES (?, ?, ?, ?, ?, ?)");
    for (auto [id, c, date, amount, reverses] : std::vector<std::tuple<int, int, const char*, int, int>>{
             {1, 1, "2014-05-01", 600000, 0}, {2, 1, "2015-02-10", 400000, 0}, {3, 2, "2016-01-05", 60000, 0},
             {4, 2, "2016-01-06", 90000, 0}, {5, 2, "2016-01-07", -90000, 4}, {6, 2, "2016-02-01", 150000, 0}}) {
      q.reset();
      q.bind(1, id).bind(2, c).bind(3, date).bind(4, amount);
      if (reverses) q.bind(5, reverses);
      else q.bind_null(5);
      q.bind(6, audit).run();
    }
    tx.commit();
  }
  Registry reg = Registry::open(path, registry::Mode::kReadWrite, test::test_session());
  std::vector<std::string> years;
  auto q = reg.prepare("SELECT budget_year FROM payment ORDER BY id");
  while (q.step()) years.push_back(q.text_or(0, "-"));
  // 3 takes 600 of 2014's 1000; 4 takes 2014's last 400 (and more: the migration does not split,
  // db check names what is over); its reversal follows it; 6 comes after 3 and 4 have used 1500.
  CHECK(years == V{"2014", "2014", "2014", "2014", "2014", "2015"});
  CHECK(column(ct::allocations(reg, "C1"), "paid") == V{"10000.00"});
}

TEST_CASE("a 2014 contract paid in February 2015 spends 2014's budget") {
  Registry reg = test::make_registry();
  registered(reg, "心愿公益协会", kCode);
  checked(reg, kCode, "2012");
  ct::set_budget(reg, line("2014"), "100万");
  ct::set_budget(reg, line("2015"), "100万");
  ct::Draft d = draft("C1", kCode, "100万");
  d.starts_on = "2014-03-01";
  d.ends_on = "2014-12-31";
  d.allocations.clear();
  ct::add(reg, d);
  ct::sign(reg, "C1", "2014-03-01");
  ct::pay(reg, "C1", {"2014-06-01", "60万", "首期", "", "", ""});
  ct::pay(reg, "C1", {"2015-02-10", "40万", "尾款", "", "", ""});
  io::Table b = ct::budgets(reg, std::nullopt);
  CHECK(column(b, "year") == V{"2014", "2015"});
  CHECK(column(b, "paid") == V{"1000000.00", "0.00"});
  CHECK(column(ct::payments(reg, "C1"), "budget_year") == V{"2014", "2014"});
  // The year's money is spent: nothing more comes out of it, even on the contract's own terms.
  CHECK(contains(refusal_text([&] { ct::pay(reg, "C1", {"2015-02-11", "1", "", "", "", ""}); }), "above the contract amount"));
}
