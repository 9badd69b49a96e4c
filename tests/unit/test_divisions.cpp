// Tests for the plausibility of credit codes: the GB/T 2260 division table built into the
// library, the region an org's code may carry (refused, or warned of another province, or a
// foundation at district level), the type other (59…), and the kinds of supplier a contract's
// code makes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "contract/contract.h"
#include "error.h"
#include "fixture.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/registry.h"
#include "validate/divisions.h"

using namespace kunqu;
using namespace kunqu::org;
using namespace kunqu::test::orgs;
using kunqu::registry::Registry;
using test::refusal;
namespace ct = kunqu::contract;

TEST_CASE("the division table: codes, names, years of use, the edition") {
  auto d = validate::division("150203");
  REQUIRE(d);
  CHECK(d->name == "昆都仑区");
  CHECK(d->until == 0);
  auto gone = validate::division("120222");  // 武清县, a district of Tianjin since 2000
  REQUIRE(gone);
  CHECK(gone->until == 2000);
  CHECK_FALSE(validate::division("999999"));
  CHECK(validate::issued_region("150203"));
  CHECK(validate::issued_region("100000"));
  CHECK(validate::issued_region("110100"));  // 北京市市辖区
  CHECK_FALSE(validate::issued_region("120222"));
  CHECK_FALSE(validate::issued_region("999999"));
  CHECK(validate::issued_region("440101"));  // 广州市市辖区, in many real codes
  CHECK(validate::issued_region("150201"));
  CHECK_FALSE(validate::issued_region("150001"));  // a province has no 市辖区
  CHECK_FALSE(validate::issued_region("999901"));
  CHECK(validate::divisions_edition() == 2024);
}

TEST_CASE("an org's code: a division issued from 2015, the district's province, a foundation's level, type other") {
  Registry reg = test::make_registry();
  std::vector<Diagnostic> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d); };
  CHECK_DIAG(refusal([&] { org::add(reg, registered("甲协会", test::make_code('1', "999999", "MJ500001"))); }), "credit_code",
             "region 999999 (positions 3–8) is not an administrative division (GB/T 2260) in use from 2015");
  CHECK(warned.empty());
  // Another province's division: added, with a warning.
  org::add(reg, registered("乙协会", test::make_code('1', "110108", "MJ500002")));
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].field == "credit_code");
  CHECK(warned[0].message == "region 110108 is in 北京市, another province than the district's");
  // A foundation the district registered: a warning naming the regulation.
  org::add(reg, registered("丙基金会", test::make_code('3', "150203", "MJ500003"), "foundation"));
  REQUIRE(warned.size() == 2);
  CHECK(test::contains(warned[1].message, "a foundation registered by a district (region 150203)"));
  CHECK(test::contains(warned[1].message, "基金会管理条例 第六条"));
  // The region's own: nothing to say.
  org::add(reg, registered("丁协会", test::make_code('1', "150200", "MJ500004")));
  CHECK(warned.size() == 2);
  // 59…: registered by civil affairs as none of the three types.
  Org other = org::add(reg, registered("戊社会组织", test::make_code('9', "150203", "MJ500005"), "other"));
  CHECK(*other[kType] == "other");
  CHECK_DIAG(refusal([&] { org::add(reg, registered("己协会", test::make_code('9', "150203", "MJ500006"))); }), "credit_code",
             "type digit (position 2) is '9' but the org's type social_group needs '1'");
  // Under --strict a warning refuses.
  reg.session().strict = true;
  CHECK_DIAG(refusal([&] { org::add(reg, registered("庚协会", test::make_code('1', "110108", "MJ500007"))); }), "credit_code",
             "another province than the district's");
}

TEST_CASE("a contract's supplier outside the registry: its kind from its code, a social organization refused") {
  Registry reg = test::make_registry();
  std::vector<Diagnostic> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d); };
  ct::set_budget(reg, {"2015", "", ""}, "100万");
  auto draft = [&](const std::string& number, const std::string& code) {
    ct::Draft d;
    d.number = number;
    d.title = "服务项目";
    d.purchaser = "昆都仑区民政局";
    d.company = "承接单位";
    d.company_code = code;
    d.company_check_on = "2015-03-01";
    d.field = "volunteer";
    d.amount = "1万";
    d.method = "询价";
    d.funding = "一般公共预算";
    d.starts_on = "2015-04-01";
    d.ends_on = "2015-12-31";
    return d;
  };
  CHECK_DIAG(refusal([&] { ct::add(reg, draft("C1", test::make_code('1', "150203", "MJ600001"))); }), "company-code",
             "is a social organization's code (position 1 is '5', 民政)");
  CHECK_DIAG(refusal([&] { ct::add(reg, draft("C1", test::make_code_with('9', '1', "999999", "MA600002"))); }),
             "company-code", "region 999999 (positions 3–8) is not an administrative division (GB/T 2260)");
  ct::add(reg, draft("C1", test::make_code_with('9', '1', "150203", "MA600003")));
  ct::add(reg, draft("C2", test::make_code_with('1', '2', "150203", "MB600004")));
  ct::add(reg, draft("C3", test::make_code_with('1', '1', "150203", "MB600005")));
  ct::add(reg, draft("C4", test::make_code_with('1', '3', "150203", "MB600006")));
  ct::add(reg, draft("C5", test::make_code_with('Y', '1', "150203", "MC600007")));
  CHECK(warned.empty());
  // A company whose code carries a division gone before 2015: real codes do; a warning.
  ct::add(reg, draft("C6", test::make_code_with('9', '1', "120222", "MA600008")));
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].message == "region 120222 (武清县) went out of use in 2000, before credit codes were issued; some codes "
                             "carry it still");
  auto q = reg.prepare(std::string("SELECT c.number, ") + ct::supplier_kind_sql() + " FROM contract c ORDER BY c.number");
  std::vector<std::string> kinds;
  while (q.step()) kinds.push_back(*q.text(0) + " " + *q.text(1));
  CHECK(kinds == std::vector<std::string>{"C1 company", "C2 public_institution", "C3 government_body", "C4 mass_organization",
                                          "C5 other", "C6 company"});
}
