// Tests for db check: a registry kept by kunqu holds; each rule broken behind kunqu's back
// (with plain SQL, as the sqlite3 shell would) is found and named.
#include <doctest/doctest.h>

#include <string>

#include "check/check.h"
#include "contract/contract.h"
#include "fixture.h"
#include "org/org.h"
#include "registry/registry.h"
#include "supervision/supervision.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;

namespace {

bool found(const io::Table& t, const std::string& check, const std::string& subject, const std::string& part) {
  for (const auto& r : t.rows)
    if (r[0] == std::optional<std::string>(check) && r[1].value_or("") == subject && test::contains(r[2].value_or(""), part))
      return true;
  return false;
}

std::string all(const io::Table& t) {
  std::string s;
  for (const auto& r : t.rows) s += r[0].value_or("") + " | " + r[1].value_or("") + " | " + r[2].value_or("") + "\n";
  return s;
}

}  // namespace

TEST_CASE("db check: a registry kept by kunqu holds; rules broken behind its back are named") {
  Registry reg = test::make_registry();
  const std::string code = test::make_code('1', "150203", "MJ600001");
  org::add(reg, test::make_record({{kName, "心愿协会"}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                   {kCreditCode, code}, {kRegisteredOn, "2012-05-01"}}));
  for (const char* y : {"2013"}) {
    supervision::AnnualCheck c;
    c.year = y;
    c.result = "pass";
    c.date = "2014-05-20";
    supervision::add_check(reg, code, c);
  }
  contract::set_budget(reg, {"2015", "", ""}, "30万");
  contract::Draft d;
  d.number = "C1";
  d.title = "志愿服务";
  d.purchaser = "民政局";
  d.provider = code;
  d.field = "volunteer";
  d.amount = "25万";
  d.method = "询价";
  d.funding = "其他";
  d.starts_on = "2015-04-20";
  d.ends_on = "2015-12-31";
  contract::add(reg, d);
  contract::sign(reg, "C1", "2015-04-20");
  contract::pay(reg, "C1", {"2015-05-05", "10万", "首期", "", "", ""});
  supervision::CreditEvent in;
  in.kind = "abnormal_in";
  in.date = "2015-05-01";
  supervision::add_event(reg, code, in);
  CHECK_MESSAGE(check::run(reg).rows.empty(), all(check::run(reg)));
  CHECK(check::count() == 18);

  // Behind kunqu's back:
  reg.exec("UPDATE payment SET amount = 30000000");                            // ¥300,000 paid on a ¥250,000 contract
  reg.exec("UPDATE contract_year SET amount = 1");                             // allocations no longer the amount
  reg.exec("UPDATE budget SET amount = 0");                                    // the budget below what is committed
  reg.exec("UPDATE org SET credit_code = '51150200MJ0581473B'");               // a wrong check character
  reg.exec("INSERT INTO credit_event (org_id, kind, date, audit_id) SELECT org_id, kind, '2015-06-01', audit_id FROM credit_event");  // entered twice
  reg.exec("PRAGMA foreign_keys = OFF");
  reg.exec("INSERT INTO annual_check (org_id, year, result, date, audit_id) VALUES (99, 2013, 'pass', '2014-05-20', 1)");
  io::Table t = check::run(reg);
  CHECK_MESSAGE(found(t, "payments", "C1", "payments add up to 300000.00, above the contract amount 250000.00"), all(t));
  CHECK_MESSAGE(found(t, "allocations", "C1", "the budget years carry 1 fen in all"), all(t));
  CHECK_MESSAGE(found(t, "budgets", "2015  ", "contracts commit 0.01 of a budget of 0.00 (0.01 over)"), all(t));
  CHECK_MESSAGE(found(t, "credit codes", "K0000001", "51150200MJ0581473B"), all(t));
  CHECK_MESSAGE(found(t, "credit lists", "K0000001", "abnormal_in on 2015-06-01 while already on the abnormal list"), all(t));
  CHECK_MESSAGE(found(t, "foreign keys", "annual_check row 2", "refers to a missing org row"), all(t));
  // Money charged to its budget year: a line paid above its budget, a year above its allocation,
  // a payment charged to a year the contract allocates nothing to.
  CHECK_MESSAGE(found(t, "budgets", "2015  ", "payments charged to it add up to 300000.00, above its budget of 0.00"), all(t));
  CHECK_MESSAGE(found(t, "allocations", "C1", "payments charged to 2015 add up to 300000.00, above the 0.01 allocated to it"),
                all(t));
  reg.exec("UPDATE payment SET budget_year = 2014");
  CHECK_MESSAGE(found(check::run(reg), "payments", "C1", "payment 1 is charged to 2014, a budget year the contract allocates nothing to"),
                all(check::run(reg)));
  // Each of those rows is also named as changed or added behind kunqu's back.
  CHECK_MESSAGE(found(t, "row seals", "payment 1", "payment row 1 was changed outside kunqu"), all(t));
  CHECK_MESSAGE(found(t, "row seals", "K0000001", "org row 1 was changed outside kunqu"), all(t));
  CHECK_MESSAGE(found(t, "row seals", "annual_check 2", "annual_check row 2 was added outside kunqu"), all(t));
}

TEST_CASE("db check finds a credit code whose region no code issued from 2015 carries") {
  Registry reg = test::make_registry();
  org::add(reg, test::make_record({{kName, "心愿公益协会"}, {kTier, "registered"}, {kType, "social_group"},
                                   {kCategory, "volunteer"}, {kCreditCode, test::make_code('1', "150203", "MJ700001")},
                                   {kRegisteredOn, "2013-05-12"}}));
  CHECK_MESSAGE(check::run(reg).rows.empty(), all(check::run(reg)));
  // Written behind kunqu's back: a well-formed code of region 999999.
  const std::string code = test::make_code('1', "999999", "MJ700001");
  reg.exec("UPDATE org SET credit_code = '" + code + "'");
  io::Table t = check::run(reg);
  CHECK_MESSAGE(found(t, "credit codes", "K0000001", code + ": region 999999 (positions 3–8) is not an administrative division"),
                all(t));
}
