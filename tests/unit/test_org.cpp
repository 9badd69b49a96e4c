// Tests for org: the rules on add (the README's Rules kept) (credit codes, tiers, places, dates, unique
// names), update and status changes.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/registry.h"

using namespace kunqu;
using namespace kunqu::org;
using namespace kunqu::test::orgs;
using kunqu::registry::Registry;
using test::contains;
using test::describe;
using test::error_of;
using test::has;
using test::refusal;
TEST_CASE("the test credit codes are valid") {
  for (const auto& code : {kCodeA, kCodeB, kCodeHub, kCodeCity, kCodeRegion}) {
    INFO(code);
    CHECK(code.size() == 18);
    CHECK_FALSE(validate::check_credit_code(code).has_value());
  }
}

TEST_CASE("add a registered org: authority from the code's region, defaults, canonical values") {
  Registry reg = test::make_registry();
  io::RawRecord in = registered("心愿公益协会", kCodeA);
  set(in, kType, "社会团体");
  set(in, kCategory, "志愿服务");
  set(in, kFunds, "25万");
  set(in, kMembers, " 30 ");
  set(in, kPartyOrg, "是");
  Org a = org::add(reg, in);
  CHECK(a.id == 1);
  CHECK(value(a, kKey) == "K0000001");
  CHECK(value(a, kName) == "心愿公益协会");
  CHECK(value(a, kTier) == "registered");
  CHECK(value(a, kType) == "social_group");
  CHECK(value(a, kCategory) == "volunteer");
  CHECK(value(a, kAuthority) == "district");
  CHECK(value(a, kLevel) == "district");
  CHECK(value(a, kStatus) == "active");
  CHECK(value(a, kCreditCode) == kCodeA);
  CHECK(value(a, kFunds) == "250000.00");
  CHECK(value(a, kMembers) == "30");
  CHECK(value(a, kPartyOrg) == "true");
  CHECK_FALSE(a[kFilingNo].has_value());
  CHECK_FALSE(a[kHub].has_value());
  CHECK_FALSE(a.hub_id.has_value());

  Org city = org::add(reg, registered("包头市志愿者协会", kCodeCity));
  CHECK(value(city, kAuthority) == "city");
  Org region = org::add(reg, registered("内蒙古慈善基金会", kCodeRegion, "foundation"));
  CHECK(value(region, kAuthority) == "region");
  CHECK(value(region, kType) == "foundation");

  // One audit entry per add, naming the org, with the stored values.
  auto q = reg.prepare("SELECT action, org_id, actor, command, at, detail FROM audit WHERE action NOT LIKE 'db.%' ORDER BY id");
  REQUIRE(q.step());
  CHECK(q.text(0) == std::optional<std::string>("org.add"));
  CHECK(q.integer(1) == std::optional<std::int64_t>(1));
  CHECK(q.text(2) == std::optional<std::string>("tester"));
  CHECK(q.text(3) == std::optional<std::string>("kunqu test"));
  CHECK(q.text(4) == std::optional<std::string>("2015-06-30T08:00:00Z"));
  CHECK(contains(q.text_or(5, ""), "\"after\":{"));
  CHECK(contains(q.text_or(5, ""), "\"credit_code\":\"" + kCodeA + "\""));
  CHECK(audit_count(reg) == 3);
}

TEST_CASE("an authority given on input must agree with the credit code") {
  Registry reg = test::make_registry();
  io::RawRecord in = registered("心愿公益协会", kCodeA);
  set(in, kAuthority, "市民政局");
  auto ds = add_refusal(reg, in);
  CHECK_DIAG(ds, "registration_authority", "does not agree with the credit code");
  set(in, kAuthority, "区民政局");
  CHECK(value(org::add(reg, in), kAuthority) == "district");
}

TEST_CASE("add a grassroots group attached to a hub") {
  Registry reg = test::make_registry();
  io::RawRecord hub_in = registered("林荫路街道社会组织服务中心", kCodeHub, "social_service");
  set(hub_in, kLevel, "街道");
  set(hub_in, kStreet, "林荫路街道");
  Org hub = org::add(reg, hub_in);
  CHECK(value(hub, kLevel) == "street");

  SUBCASE("hub by key") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001");
    set(g, kHub, hub[kKey].value());
    Org group = org::add(reg, g);
    CHECK(value(group, kTier) == "grassroots");
    CHECK(value(group, kLevel) == "community");
    CHECK_FALSE(group[kAuthority].has_value());
    CHECK_FALSE(group[kCreditCode].has_value());
    CHECK(value(group, kFilingNo) == "KQBA-2015-0001");
    CHECK(group.hub_id == std::optional<std::int64_t>(hub.id));
    CHECK(value(group, kHub) == kCodeHub);
    CHECK(org::find(reg, "KQBA-2015-0001").hub_id == std::optional<std::int64_t>(hub.id));
  }
  SUBCASE("hub by exact name") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001");
    set(g, kHub, "林荫路街道社会组织服务中心");
    CHECK(org::add(reg, g).hub_id == std::optional<std::int64_t>(hub.id));
  }
  SUBCASE("hub by credit code") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001");
    set(g, kHub, kCodeHub);
    CHECK(org::add(reg, g).hub_id == std::optional<std::int64_t>(hub.id));
  }
  SUBCASE("an unknown hub, and a filed group as hub, are refused") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001");
    set(g, kHub, "不存在的中心");
    CHECK_DIAG(add_refusal(reg, g), "hub", "no registered org '不存在的中心'");
    set(g, kHub, hub[kKey].value());
    Org group = org::add(reg, g);
    io::RawRecord g2 = grassroots("太极拳队", "林荫路街道", "乌兰社区", "KQBA-2015-0002");
    set(g2, kHub, group[kKey].value());
    CHECK_DIAG(add_refusal(reg, g2), "hub", "is a filed group; a hub is a registered org");
  }
  SUBCASE("a registered org has no hub") {
    io::RawRecord r = registered("心愿公益协会", kCodeA);
    set(r, kHub, hub[kKey].value());
    CHECK_DIAG(add_refusal(reg, r), "hub", "only a filed (grassroots) group");
  }
}

TEST_CASE("add refuses records that break the rules, naming the field") {
  Registry reg = test::make_registry();

  SUBCASE("registered without a credit code") {
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    drop(in, kCreditCode);
    CHECK_DIAG(add_refusal(reg, in), "credit_code", "is required for a registered org");
    set(in, kCreditCode, "   ");
    CHECK_DIAG(add_refusal(reg, in), "credit_code", "is required for a registered org");
  }
  SUBCASE("a code whose position 1 is not 5") {
    std::string code = test::make_code_with('1', '1', kDistrict, "MJ000009");
    REQUIRE_FALSE(validate::check_credit_code(code).has_value());
    auto ds = add_refusal(reg, registered("心愿公益协会", code));
    CHECK_DIAG(ds, "credit_code", "is not a social organization's code (position 1 is '1', not '5' 民政)");
  }
  SUBCASE("a type digit not matching the type") {
    auto ds = add_refusal(reg, registered("心愿公益协会", kCodeHub, "social_group"));
    CHECK_DIAG(ds, "credit_code", "type digit (position 2) is '2' but the org's type social_group needs '1'");
    auto ds2 = add_refusal(reg, registered("心愿基金会", kCodeA, "foundation"));
    CHECK_DIAG(ds2, "credit_code", "needs '3'");
  }
  SUBCASE("a damaged credit code") {
    std::string bad = kCodeA;
    bad[17] = bad[17] == '0' ? '1' : '0';
    CHECK_DIAG(add_refusal(reg, registered("心愿公益协会", bad)), "credit_code", "check");
    auto ds = add_refusal(reg, registered("心愿公益协会", "9.13E+17"));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].field == "credit_code");
    CHECK(contains(ds[0].message + " " + ds[0].hint, "format the column as text"));
  }
  SUBCASE("grassroots with a credit code") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001");
    set(g, kCreditCode, kCodeA);
    CHECK_DIAG(add_refusal(reg, g), "credit_code", "a filed (grassroots) group has no credit code");
  }
  SUBCASE("grassroots without a community or street") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001");
    drop(g, kCommunity);
    CHECK_DIAG(add_refusal(reg, g), "community", "is required for a filed group");
    drop(g, kStreet);
    auto ds = add_refusal(reg, g);
    CHECK_DIAG(ds, "street", "is required for a filed group");
    CHECK_DIAG(ds, "community", "is required for a filed group");
  }
  SUBCASE("a foundation cannot be a filed group") {
    io::RawRecord g = grassroots("夕阳红基金", "林荫路街道", "乌兰社区", "KQBA-2015-0001");
    set(g, kType, "基金会");
    CHECK_DIAG(add_refusal(reg, g), "type", "never a foundation");
  }
  SUBCASE("an unknown street, or a community not in its street") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "幸福路街道", "乌兰社区", "KQBA-2015-0001");
    auto ds = add_refusal(reg, g);
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].field == "street");
    CHECK(ds[0].message == "'幸福路街道' is not a street of this district");
    CHECK(ds[0].hint == "known streets: 林荫路街道, 前进道街道");
    io::RawRecord g2 = grassroots("夕阳红舞蹈队", "林荫路街道", "新光社区", "KQBA-2015-0001");
    CHECK_DIAG(add_refusal(reg, g2), "community", "'新光社区' is not a community of 林荫路街道");
  }
  SUBCASE("founded after the registration date") {
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    set(in, kFounded, "2014-05-01");
    CHECK_DIAG(add_refusal(reg, in), "founded", "2014-05-01 is after the registration date 2014-04-15");
  }
  SUBCASE("a date after today (2015-06-30 in Shanghai)") {
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    set(in, kRegisteredOn, "2015-07-01");
    CHECK_DIAG(add_refusal(reg, in), "registered_on", "2015-07-01 is in the future (today is 2015-06-30)");
    set(in, kRegisteredOn, "2015-06-30");
    CHECK(value(org::add(reg, in), kRegisteredOn) == "2015-06-30");
  }
  SUBCASE("bad values and missing required fields are all listed at once") {
    io::RawRecord in = test::make_record({{kTier, "登记"},
                                          {kType, "协会"},
                                          {kCreditCode, kCodeA},
                                          {kRegisteredOn, "18/6/2015"},
                                          {kFunds, "12.345"},
                                          {kMembers, "-3"},
                                          {kPartyOrg, "maybe"}});
    auto ds = add_refusal(reg, in);
    CHECK_DIAG(ds, "type", "'协会' is not one of social_group, social_service, foundation");
    CHECK_DIAG(ds, "registered_on", "'18/6/2015' is not a date");
    CHECK_DIAG(ds, "funds", "more decimals");
    CHECK_DIAG(ds, "members", "negative");
    CHECK_DIAG(ds, "party_org", "not yes or no");
    CHECK_DIAG(ds, "name", "is required");
    CHECK_DIAG(ds, "category", "is required");
    bool hinted = false;
    for (const auto& d : ds)
      if (d.field == "registered_on") hinted = hinted || contains(d.hint, "2015-06-18");
    CHECK(hinted);
  }
  SUBCASE("the key is assigned by the registry") {
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    set(in, kKey, "K0000007");
    CHECK_DIAG(add_refusal(reg, in), "key", "is assigned by the registry");
  }
  // Whatever was refused, nothing was written.
  CHECK(org_count(reg) <= 1);
  if (org_count(reg) == 0) CHECK(audit_count(reg) == 0);
}

TEST_CASE("registered names are unique per registration authority") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));
  const long long audits = audit_count(reg);

  auto ds = add_refusal(reg, registered("心愿公益协会", kCodeB));
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].field == "name");
  CHECK(contains(ds[0].message, "is already the name of K0000001 '心愿公益协会', registered by the district"));
  CHECK(contains(ds[0].message, "K0000001 '心愿公益协会'"));
  CHECK(org_count(reg) == 1);
  CHECK(audit_count(reg) == audits);

  // The same name width-folded and padded is the same name.
  auto ds2 = add_refusal(reg, registered(" 心愿公益协会　", kCodeB));
  CHECK_DIAG(ds2, "name", "K0000001");

  // Under another authority the name is free.
  Org city = org::add(reg, registered("心愿公益协会", kCodeCity));
  CHECK(value(city, kAuthority) == "city");

  // The same credit code twice is refused, naming the holder.
  auto ds3 = add_refusal(reg, registered("另一个协会", kCodeA));
  CHECK_DIAG(ds3, "credit_code", "is already the code of K0000001 '心愿公益协会'");
  (void)a;
}

TEST_CASE("filed group names are unique within their community") {
  Registry reg = test::make_registry();
  Org first = org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "林荫路社区", "KQBA-2015-0001"));
  // Common names recur across communities.
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0002"));
  org::add(reg, grassroots("夕阳红舞蹈队", "前进道街道", "新光社区", "KQBA-2015-0003"));
  CHECK(org_count(reg) == 3);

  for (const char* same : {"夕阳红舞蹈队", "夕阳红舞蹈队　", "  夕阳红舞蹈队 ", "　夕阳红舞蹈队"}) {
    INFO("name: '" << std::string(same) << "'");
    auto ds = add_refusal(reg, grassroots(same, "林荫路街道", "林荫路社区", "KQBA-2015-0009"));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].field == "name");
    CHECK(contains(ds[0].message, "in 林荫路街道 林荫路社区"));
    CHECK(contains(ds[0].message, "K0000001"));
  }
  // Full-width forms of ASCII characters fold to the same name.
  org::add(reg, grassroots("夕阳红舞蹈队(二队)", "林荫路街道", "林荫路社区", "KQBA-2015-0004"));
  auto ds = add_refusal(reg, grassroots("夕阳红舞蹈队（二队）", "林荫路街道", "林荫路社区", "KQBA-2015-0009"));
  CHECK_DIAG(ds, "name", "is already the name of K0000004");
  org::add(reg, grassroots("ABC合唱团", "林荫路街道", "林荫路社区", "KQBA-2015-0005"));
  CHECK_DIAG(add_refusal(reg, grassroots("ＡＢＣ合唱团", "林荫路街道", "林荫路社区", "KQBA-2015-0009")), "name",
             "is already the name of K0000005");

  // A filing number is unique too.
  CHECK_DIAG(add_refusal(reg, grassroots("太极拳队", "林荫路街道", "林荫路社区", "KQBA-2015-0001")), "filing_no",
             "is already the filing number of K0000001");

  // Once the first is deregistered its name is free again.
  org::set_status(reg, first[kKey].value(), {"deregistered", "2015-06-01", "自行解散", "", "", "", std::nullopt, ""});
  Org again = org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "林荫路社区", "KQBA-2015-0010"));
  CHECK(again.id != first.id);
  CHECK(value(org::find(reg, first[kKey].value()), kStatus) == "deregistered");
}

TEST_CASE("a credit code that is another org's filing number is refused, and the other way round") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  // An odd number some office used: the code of an org that is not in this registry yet.
  Org g = org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));
  reg.exec("UPDATE org SET filing_no = '" + kCodeB + "' WHERE id = " + std::to_string(g.id));
  Error e = error_of([&] { org::add(reg, registered("读书会", kCodeB)); });
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].message == kCodeB + " is already the filing number of K0000002 '夕阳红舞蹈队'");
}

TEST_CASE("update changes the given fields and audits before and after") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));

  io::RawRecord change = test::make_record({{kPhone, "13800000000"}, {kRepresentative, ""}, {kMembers, "45"}});
  Org after = org::update(reg, "K0000001", change, {});
  CHECK(value(after, kPhone) == "13800000000");
  CHECK(value(after, kRepresentative) == "李红");  // an empty value leaves the field as it is
  CHECK(value(after, kMembers) == "45");
  CHECK(value(after, kName) == "心愿公益协会");
  CHECK(value(org::find(reg, kCodeA), kPhone) == "13800000000");

  auto q = reg.prepare("SELECT action, org_id, detail FROM audit ORDER BY id DESC LIMIT 1");
  REQUIRE(q.step());
  CHECK(q.text(0) == std::optional<std::string>("org.update"));
  CHECK(q.integer(1) == std::optional<std::int64_t>(a.id));
  const std::string detail = q.text_or(2, "");
  CHECK(contains(detail, R"("before":{)"));
  CHECK(contains(detail, R"("phone":"0472-5430831")"));
  CHECK(contains(detail, R"("after":{)"));
  CHECK(contains(detail, R"("phone":"13800000000")"));
  CHECK(contains(detail, R"("members":null)"));
  CHECK(contains(detail, R"("members":"45")"));
  CHECK_FALSE(contains(detail, "representative"));  // unchanged fields are left out

  // Clearing a field.
  Org cleared = org::update(reg, "K0000001", {}, {kPhone});
  CHECK_FALSE(cleared[kPhone].has_value());

  // The tier, the status and required fields do not change this way.
  auto ds = refusal([&] { org::update(reg, "K0000001", test::make_record({{kTier, "grassroots"}}), {}); });
  CHECK_DIAG(ds, "tier", "cannot change by update");
  auto ds2 = refusal([&] { org::update(reg, "K0000001", test::make_record({{kStatus, "deregistered"}}), {}); });
  CHECK_DIAG(ds2, "status", "changes with suspend, revoke, deregister or reinstate");
  auto ds3 = refusal([&] { org::update(reg, "K0000001", {}, {kName}); });
  CHECK_DIAG(ds3, "name", "cannot be cleared");
  auto ds4 = refusal([&] { org::update(reg, "K0000001", test::make_record({{kFounded, "2015-01-01"}}), {}); });
  CHECK_DIAG(ds4, "founded", "is after the registration date");
  CHECK(value(org::find(reg, "K0000001"), kFounded) == "2014-03-01");

  // Renaming onto a name already taken in the scope is refused.
  org::add(reg, registered("红十字志愿队", kCodeB));
  auto ds5 = refusal([&] { org::update(reg, "K0000001", test::make_record({{kName, "红十字志愿队"}}), {}); });
  CHECK_DIAG(ds5, "name", "is already the name of K0000002");

  Error nf = error_of([&] { org::update(reg, "K0000042", test::make_record({{kPhone, "1"}}), {}); });
  CHECK(nf.kind() == ErrorKind::kNotFound);
}

TEST_CASE("set_status: suspend, reinstate, deregister with a listed reason") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));
  const std::string key = a[kKey].value();

  Org suspended = org::set_status(reg, key, {"suspended", "2015-05-01", "未按规定参加年检", "包头市昆都仑区民政局", "昆民发〔2015〕12号", "", std::nullopt, ""});
  CHECK(value(suspended, kStatus) == "suspended");
  CHECK(value(suspended, kStatusDate) == "2015-05-01");
  CHECK(value(suspended, kStatusReason) == "未按规定参加年检");
  CHECK(value(suspended, kStatusAuthority) == "包头市昆都仑区民政局");
  CHECK(value(suspended, kStatusDocument) == "昆民发〔2015〕12号");

  // Suspending twice is refused.
  Error twice = error_of([&] { org::set_status(reg, key, {"suspended", "2015-05-02", "", "", "", "", std::nullopt, ""}); });
  CHECK(twice.kind() == ErrorKind::kInvalidData);
  CHECK(std::string(twice.what()) ==
        "K0000001 '心愿公益协会': the suspension of 2015-05-02 needs an org that is active, but it was suspended then, "
        "since the suspension of 2015-05-01 (event 1)");

  Org active = org::set_status(reg, key, {"reinstated", "2015-06-01", "", "", "", "", std::nullopt, ""});
  CHECK(value(active, kStatus) == "active");
  CHECK_FALSE(active[kStatusDate].has_value());
  CHECK_FALSE(active[kStatusReason].has_value());

  Error not_suspended = error_of([&] { org::set_status(reg, key, {"reinstated", "2015-06-02", "", "", "", "", std::nullopt, ""}); });
  CHECK(not_suspended.kind() == ErrorKind::kInvalidData);
  CHECK(std::string(not_suspended.what()) ==
        "K0000001 '心愿公益协会': the reinstatement of 2015-06-02 needs an org that is suspended, but it was active then, "
        "since the reinstatement of 2015-06-01 (event 2)");

  // A deregistration needs a reason from the list and a date.
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2015-06-10", "", "", "", "", std::nullopt, ""}); }), "status_reason",
             "a reason is required (purpose_fulfilled, dissolved, split_merge, other)");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2015-06-10", "不想干了", "", "", "", std::nullopt, ""}); }),
             "status_reason", "'不想干了' is not one of purpose_fulfilled, dissolved, split_merge, other");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "", "自行解散", "", "", "", std::nullopt, ""}); }), "status_date",
             "a date is required");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2014-01-01", "自行解散", "", "", "", std::nullopt, ""}); }),
             "status_date", "is before the registration date 2014-04-15");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2015-07-01", "自行解散", "", "", "", std::nullopt, ""}); }),
             "status_date", "is in the future");
  CHECK(value(org::find(reg, key), kStatus) == "active");

  Org gone = org::set_status(reg, key, {"deregistered", "2015-06-10", "自行解散", "", "", "", std::nullopt, ""});
  CHECK(value(gone, kStatus) == "deregistered");
  CHECK(value(gone, kStatusReason) == "dissolved");
  CHECK(value(gone, kStatusDate) == "2015-06-10");

  // Closed: no suspension, no second deregistration; the record stays.
  Error closed = error_of([&] { org::set_status(reg, key, {"suspended", "2015-06-20", "", "", "", "", std::nullopt, ""}); });
  CHECK(closed.kind() == ErrorKind::kInvalidData);
  CHECK(std::string(closed.what()) ==
        "K0000001 '心愿公益协会': the suspension of 2015-06-20 comes after the deregistration of 2015-06-10 (event 3): "
        "nothing follows a deregistration");
  Error again = error_of([&] { org::set_status(reg, key, {"deregistered", "2015-06-20", "其他", "", "", "", std::nullopt, ""}); });
  CHECK(again.kind() == ErrorKind::kInvalidData);
  CHECK(org_count(reg) == 1);

  // The audit actions.
  auto q = reg.prepare("SELECT action FROM audit WHERE org_id = ? ORDER BY id");
  q.bind(1, a.id);
  std::vector<std::string> actions;
  while (q.step()) actions.push_back(q.text_or(0, ""));
  CHECK(actions == std::vector<std::string>{"org.add", "org.suspend", "org.reinstate", "org.deregister"});
}

TEST_CASE("revoke, then deregister") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));
  Org revoked = org::set_status(reg, "K0000001", {"revoked", "2015-05-01", "严重违法", "包头市昆都仑区民政局", "", "", std::nullopt, ""});
  CHECK(value(revoked, kStatus) == "revoked");
  CHECK(contains(error_of([&] { org::set_status(reg, "K0000001", {"revoked", "2015-05-02", "", "", "", "", std::nullopt, ""}); }).what(),
                 "the revocation of the registration of 2015-05-02 needs an org that is active, but it was revoked then, "
                 "since the revocation of the registration of 2015-05-01 (event 1)"));
  Org dereg = org::set_status(reg, "K0000001", {"deregistered", "2015-06-01", "其他", "", "", "", std::nullopt, ""});
  CHECK(value(dereg, kStatusReason) == "other");
  (void)a;
}

TEST_CASE("set_status with a status that is not one of the four changes nothing") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  const long long audits = audit_count(reg);
  CHECK_THROWS_AS(org::set_status(reg, "K0000001", {"closed", "2015-06-01", "", "", "", "", std::nullopt, ""}), Error);
  CHECK(value(org::find(reg, "K0000001"), kStatus) == "active");
  CHECK(audit_count(reg) == audits);
}
