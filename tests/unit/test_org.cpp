// Tests for org: the rules on add (the README's Rules kept) (credit codes, tiers, places, dates, unique
// names), find, update, status changes, history, list, and import from CSV and TOML (one batch,
// all or nothing, every bad row positioned, conflicts, dry runs, forward hub references).
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "org/org.h"
#include "registry/audit_log.h"
#include "registry/registry.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
using test::contains;
using test::describe;
using test::error_of;
using test::has;
using test::refusal;

namespace {

const std::string kDistrict = "150203";  // 昆都仑区
const std::string kCity = "150200";      // 包头市
const std::string kRegion = "150000";    // 内蒙古自治区

// Credit codes used below, computed with valid check characters.
const std::string kCodeA = test::make_code('1', kDistrict, "MJ000001");    // social_group, district
const std::string kCodeB = test::make_code('1', kDistrict, "MJ000002");    // social_group, district
const std::string kCodeHub = test::make_code('2', kDistrict, "MJ000003");  // social_service, district
const std::string kCodeCity = test::make_code('1', kCity, "MJ000004");     // social_group, city
const std::string kCodeRegion = test::make_code('3', kRegion, "MJ000005"); // foundation, region


void set(io::RawRecord& r, Field f, const std::string& value) {
  for (auto& cell : r.fields)
    if (cell.field == f) {
      cell.value = value;
      return;
    }
  r.fields.push_back(io::RawField{static_cast<std::size_t>(f), value, 0, 0});
}

void drop(io::RawRecord& r, Field f) {
  r.fields.erase(std::remove_if(r.fields.begin(), r.fields.end(), [&](const io::RawField& c) { return c.field == f; }),
                 r.fields.end());
}

io::RawRecord registered(const std::string& name, const std::string& code, const std::string& type = "social_group") {
  return test::make_record({{kName, name},
                            {kTier, "registered"},
                            {kType, type},
                            {kCategory, "volunteer"},
                            {kCreditCode, code},
                            {kFounded, "2014-03-01"},
                            {kRegisteredOn, "2014-04-15"},
                            {kRepresentative, "李红"},
                            {kPhone, "0472-5430831"}});
}

io::RawRecord grassroots(const std::string& name, const std::string& street, const std::string& community,
                         const std::string& filing_no) {
  return test::make_record({{kName, name},
                            {kTier, "grassroots"},
                            {kType, "social_group"},
                            {kCategory, "culture_sports"},
                            {kStreet, street},
                            {kCommunity, community},
                            {kFilingNo, filing_no},
                            {kFounded, "2013-05-01"},
                            {kRegisteredOn, "2015-03-01"}});
}


std::vector<Diagnostic> add_refusal(Registry& reg, const io::RawRecord& input) {
  return refusal([&] { org::add(reg, input); });
}

long long org_count(Registry& reg) { return test::count_rows(reg, "SELECT count(*) FROM org"); }
// Entries written by org commands (not the registry's own db.create and db.init).
long long audit_count(Registry& reg) { return test::count_rows(reg, "SELECT count(*) FROM audit WHERE action NOT LIKE 'db.%'"); }

std::string value(const Org& o, Field f) { return o[f].value_or("<null>"); }

ImportResult import_text(Registry& reg, const std::string& text, const ImportOptions& options = {},
                         io::InputFormat format = io::InputFormat::kCsv) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.format = format;
  ro.resolve = org::resolve_header;
  ro.table_name = "org";
  io::RecordReader reader(in, format == io::InputFormat::kCsv ? "orgs.csv" : "orgs.toml", ro);
  return org::import(reg, reader, options);
}

Error import_error(Registry& reg, const std::string& text, const ImportOptions& options = {},
                   io::InputFormat format = io::InputFormat::kCsv) {
  Error e = error_of([&] { import_text(reg, text, options, format); });
  CHECK_MESSAGE(e.kind() == ErrorKind::kInvalidData, e.what());
  return e;
}

// The 1-based character column of the `index`-th comma-separated cell of a CSV line without
// quotes.
int column_of(const std::string& line, std::size_t index) {
  int column = 1;
  std::size_t cell = 0;
  for (unsigned char c : line) {
    if (cell == index) break;
    if ((c & 0xC0) != 0x80) ++column;
    if (c == ',') ++cell;
  }
  return column;
}

// The value of `column` in row `row` of a table.
std::optional<std::string> cell(const io::Table& t, std::size_t row, const std::string& column) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name == column) return t.rows.at(row).at(i);
  FAIL("no column " << column);
  return std::nullopt;
}

std::string detail_of(Registry& reg, std::int64_t audit_id) {
  auto q = reg.prepare("SELECT detail FROM audit WHERE id = ?");
  q.bind(1, audit_id);
  REQUIRE(q.step());
  return q.text_or(0, "");
}

const std::string kHeader = "name,tier,type,category,street,community,hub,credit_code,filing_no,founded,registered_on,phone";

std::string hub_row() {
  return "林荫路街道社会组织服务中心,registered,social_service,other,林荫路街道,,," + kCodeHub + ",,2012-06-29,2012-08-11,0472-5430831";
}
std::string a_row() { return "心愿公益协会,registered,social_group,volunteer,,,," + kCodeA + ",,2014-08-01,2014-09-10,"; }
const std::string kGroupRow =
    "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,林荫路街道社会组织服务中心,,KQBA-2015-0001,2013-05-01,2015-03-01,";

}  // namespace

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
                                          {kRegisteredOn, "2015/6/18"},
                                          {kFunds, "12.345"},
                                          {kMembers, "-3"},
                                          {kPartyOrg, "maybe"}});
    auto ds = add_refusal(reg, in);
    CHECK_DIAG(ds, "type", "'协会' is not one of social_group, social_service, foundation");
    CHECK_DIAG(ds, "registered_on", "'2015/6/18' is not a date");
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
  org::set_status(reg, first[kKey].value(), {"deregistered", "2015-06-01", "自行解散", "", "", std::nullopt, ""});
  Org again = org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "林荫路社区", "KQBA-2015-0010"));
  CHECK(again.id != first.id);
  CHECK(value(org::find(reg, first[kKey].value()), kStatus) == "deregistered");
}

TEST_CASE("find by key, credit code or filing number") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));
  Org g = org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));

  CHECK(org::find(reg, "K0000001").id == a.id);
  CHECK(org::find(reg, "k0000001").id == a.id);
  CHECK(org::find(reg, "K1").id == a.id);
  CHECK(org::find(reg, kCodeA).id == a.id);
  CHECK(org::find(reg, " " + kCodeA + " ").id == a.id);
  CHECK(org::find(reg, "KQBA-2015-0001").id == g.id);
  CHECK(org::find(reg, "K0000002").id == g.id);
  CHECK(value(org::find(reg, "KQBA-2015-0001"), kName) == "夕阳红舞蹈队");

  for (const char* missing : {"K0000099", "KQBA-2015-0099", "心愿公益协会", ""}) {
    INFO("token: '" << std::string(missing) << "'");
    Error e = error_of([&] { org::find(reg, missing); });
    CHECK(e.kind() == ErrorKind::kNotFound);
  }

  // Keys, credit codes and filing numbers never share a form, nor a value: each finds one org.
  auto refused = [&](const io::RawRecord& rec) {
    Error e = error_of([&] { org::add(reg, rec); });
    CHECK(e.kind() == ErrorKind::kInvalidData);
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0].field + ": " + e.diagnostics()[0].message;
  };
  CHECK(refused(grassroots("太极拳队", "林荫路街道", "乌兰社区", "K0000001")) ==
        "filing_no: 'K0000001' reads as an org key: a filing number may not look like one (K and digits)");
  CHECK(refused(grassroots("太极拳队", "林荫路街道", "乌兰社区", kCodeA)) ==
        "filing_no: '" + kCodeA + "' is a credit code, not a filing number");
  // A registry written before these rules may hold such a pair: the token is then ambiguous.
  Org o = org::add(reg, grassroots("太极拳队", "林荫路街道", "乌兰社区", "KQBA-2015-0009"));
  reg.exec("UPDATE org SET filing_no = 'K0000001' WHERE id = " + std::to_string(o.id));
  Error e = error_of([&] { org::find(reg, "K0000001"); });
  CHECK(e.kind() == ErrorKind::kUsage);
  CHECK(contains(e.what(), "names more than one org"));
  CHECK(org::find(reg, o[kKey].value()).id == o.id);
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

  Org suspended = org::set_status(reg, key, {"suspended", "2015-05-01", "未按规定参加年检", "包头市昆都仑区民政局", "昆民发〔2015〕12号", std::nullopt, ""});
  CHECK(value(suspended, kStatus) == "suspended");
  CHECK(value(suspended, kStatusDate) == "2015-05-01");
  CHECK(value(suspended, kStatusReason) == "未按规定参加年检");
  CHECK(value(suspended, kStatusAuthority) == "包头市昆都仑区民政局");
  CHECK(value(suspended, kStatusDocument) == "昆民发〔2015〕12号");

  // Suspending twice is refused.
  Error twice = error_of([&] { org::set_status(reg, key, {"suspended", "2015-05-02", "", "", "", std::nullopt, ""}); });
  CHECK(twice.kind() == ErrorKind::kInvalidData);
  CHECK(contains(twice.what(), "only an active org can be suspended"));

  Org active = org::set_status(reg, key, {"active", "2015-06-01", "", "", "", std::nullopt, ""});
  CHECK(value(active, kStatus) == "active");
  CHECK_FALSE(active[kStatusDate].has_value());
  CHECK_FALSE(active[kStatusReason].has_value());

  Error not_suspended = error_of([&] { org::set_status(reg, key, {"active", "2015-06-02", "", "", "", std::nullopt, ""}); });
  CHECK(not_suspended.kind() == ErrorKind::kInvalidData);
  CHECK(contains(not_suspended.what(), "only a suspended org can be reinstated"));

  // A deregistration needs a reason from the list and a date.
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2015-06-10", "", "", "", std::nullopt, ""}); }), "status_reason",
             "a reason is required (purpose_fulfilled, dissolved, split_merge, other)");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2015-06-10", "不想干了", "", "", std::nullopt, ""}); }),
             "status_reason", "'不想干了' is not one of purpose_fulfilled, dissolved, split_merge, other");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "", "自行解散", "", "", std::nullopt, ""}); }), "status_date",
             "a date is required");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2014-01-01", "自行解散", "", "", std::nullopt, ""}); }),
             "status_date", "is before the registration date 2014-04-15");
  CHECK_DIAG(refusal([&] { org::set_status(reg, key, {"deregistered", "2015-07-01", "自行解散", "", "", std::nullopt, ""}); }),
             "status_date", "is in the future");
  CHECK(value(org::find(reg, key), kStatus) == "active");

  Org gone = org::set_status(reg, key, {"deregistered", "2015-06-10", "自行解散", "", "", std::nullopt, ""});
  CHECK(value(gone, kStatus) == "deregistered");
  CHECK(value(gone, kStatusReason) == "dissolved");
  CHECK(value(gone, kStatusDate) == "2015-06-10");

  // Closed: no suspension, no second deregistration; the record stays.
  Error closed = error_of([&] { org::set_status(reg, key, {"suspended", "2015-06-20", "", "", "", std::nullopt, ""}); });
  CHECK(closed.kind() == ErrorKind::kInvalidData);
  CHECK(contains(closed.what(), "K0000001 '心愿公益协会' is deregistered"));
  Error again = error_of([&] { org::set_status(reg, key, {"deregistered", "2015-06-20", "其他", "", "", std::nullopt, ""}); });
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
  Org revoked = org::set_status(reg, "K0000001", {"revoked", "2015-05-01", "严重违法", "包头市昆都仑区民政局", "", std::nullopt, ""});
  CHECK(value(revoked, kStatus) == "revoked");
  CHECK(contains(error_of([&] { org::set_status(reg, "K0000001", {"revoked", "2015-05-02", "", "", "", std::nullopt, ""}); }).what(),
                 "already closed"));
  Org dereg = org::set_status(reg, "K0000001", {"deregistered", "2015-06-01", "其他", "", "", std::nullopt, ""});
  CHECK(value(dereg, kStatusReason) == "other");
  (void)a;
}

TEST_CASE("history lists the add, update and status entries of one org") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));
  org::add(reg, registered("红十字志愿队", kCodeB));  // another org's entries stay out
  org::update(reg, "K0000001", test::make_record({{kPhone, "13800000000"}}), {});
  org::set_status(reg, "K0000001", {"suspended", "2015-05-01", "", "", "", std::nullopt, ""});
  org::update(reg, "K0000002", test::make_record({{kPhone, "13900000000"}}), {});

  io::Table h = org::history(reg, kCodeA);
  REQUIRE(h.rows.size() == 3);
  CHECK(cell(h, 0, "action") == std::optional<std::string>("org.add"));
  CHECK(cell(h, 1, "action") == std::optional<std::string>("org.update"));
  CHECK(cell(h, 2, "action") == std::optional<std::string>("org.suspend"));
  for (std::size_t i = 0; i < h.rows.size(); ++i) {
    CHECK(cell(h, i, "org") == std::optional<std::string>("K0000001"));
    CHECK(cell(h, i, "actor") == std::optional<std::string>("tester"));
    CHECK(cell(h, i, "at") == std::optional<std::string>("2015-06-30T08:00:00Z"));
  }
  CHECK(contains(cell(h, 1, "detail").value_or(""), "13800000000"));
  CHECK(error_of([&] { org::history(reg, "K0000099"); }).kind() == ErrorKind::kNotFound);
  (void)a;
}

TEST_CASE("history keeps the import batches that created and updated an org after a single edit") {
  Registry reg = test::make_registry();
  ImportResult created = import_text(reg, kHeader + "\n" + a_row() + "\n");
  REQUIRE(created.added == 1);
  ImportOptions upd;
  upd.on_conflict = OnConflict::kUpdate;
  ImportResult updated = import_text(
      reg, "name,tier,credit_code,phone\n心愿公益协会,registered," + kCodeA + ",13800000000\n", upd);
  REQUIRE(updated.updated == 1);
  {
    io::Table h = org::history(reg, "K0000001");
    REQUIRE(h.rows.size() == 2);
    CHECK(cell(h, 0, "id") == std::optional<std::string>(std::to_string(created.batch)));
    CHECK(cell(h, 1, "id") == std::optional<std::string>(std::to_string(updated.batch)));
  }
  // A single edit afterwards adds its own entry and must not lose the import that updated it.
  org::update(reg, "K0000001", test::make_record({{kRepresentative, "王芳"}}), {});
  io::Table h = org::history(reg, "K0000001");
  std::vector<std::string> actions;
  for (std::size_t i = 0; i < h.rows.size(); ++i) actions.push_back(cell(h, i, "action").value_or(""));
  CHECK(actions == std::vector<std::string>{"org.import", "org.import", "org.update"});
}

TEST_CASE("list filters, sorts and limits") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  io::RawRecord hub_in = registered("林荫路街道社会组织服务中心", kCodeHub, "social_service");
  set(hub_in, kStreet, "林荫路街道");
  set(hub_in, kCategory, "other");
  org::add(reg, hub_in);
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));
  org::add(reg, grassroots("夕阳红舞蹈队", "前进道街道", "新光社区", "KQBA-2015-0002"));
  io::RawRecord mediation = grassroots("老娘舅调解队", "前进道街道", "文化路社区", "KQBA-2015-0003");
  set(mediation, kCategory, "矛盾化解");
  org::add(reg, mediation);

  auto names = [](const io::Table& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "name").value_or(""));
    return out;
  };
  auto keys = [](const io::Table& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "key").value_or(""));
    return out;
  };
  const auto& cols = org::summary_fields();

  io::Table all = org::list(reg, {}, cols);
  CHECK(all.record_name == "org");
  REQUIRE(all.columns.size() == cols.size());
  CHECK(all.columns[0].name == "key");
  CHECK(keys(all) == std::vector<std::string>{"K0000001", "K0000002", "K0000003", "K0000004", "K0000005"});

  Filter f;
  f.tier = "grassroots";
  CHECK(keys(org::list(reg, f, cols)) == std::vector<std::string>{"K0000003", "K0000004", "K0000005"});
  f.tier = "备案";
  CHECK(org::list(reg, f, cols).rows.size() == 3);
  f.tier = "登记";
  CHECK(keys(org::list(reg, f, cols)) == std::vector<std::string>{"K0000001", "K0000002"});

  Filter by_street;
  by_street.street = "前进道街道";
  CHECK(keys(org::list(reg, by_street, cols)) == std::vector<std::string>{"K0000004", "K0000005"});
  by_street.street = "林荫路街道";
  CHECK(keys(org::list(reg, by_street, cols)) == std::vector<std::string>{"K0000002", "K0000003"});

  Filter by_category;
  by_category.category = "社区文体";
  CHECK(keys(org::list(reg, by_category, cols)) == std::vector<std::string>{"K0000003", "K0000004"});
  by_category.category = "mediation";
  CHECK(names(org::list(reg, by_category, cols)) == std::vector<std::string>{"老娘舅调解队"});

  Filter by_name;
  by_name.name = "舞蹈";
  CHECK(keys(org::list(reg, by_name, cols)) == std::vector<std::string>{"K0000003", "K0000004"});
  by_name.name = "服务中心";
  CHECK(names(org::list(reg, by_name, cols)) == std::vector<std::string>{"林荫路街道社会组织服务中心"});

  Filter sorted;
  sorted.sort = "street";
  io::Table by_place = org::list(reg, sorted, cols);
  REQUIRE(by_place.rows.size() == 5);
  // By street, then community (an org without one first within its street), orgs without a
  // street last; names compare as UTF-8 bytes (前 U+524D before 林 U+6797).
  CHECK(keys(by_place) == std::vector<std::string>{"K0000005", "K0000004", "K0000002", "K0000003", "K0000001"});
  sorted.sort = "name";
  io::Table by_name_sorted = org::list(reg, sorted, cols);
  auto sorted_names = names(by_name_sorted);
  CHECK(std::is_sorted(sorted_names.begin(), sorted_names.end()));

  Filter limited;
  limited.limit = 2;
  std::size_t total = 0;
  io::Table page = org::list(reg, limited, cols, &total);
  CHECK(page.rows.size() == 2);
  CHECK(total == 5);
  limited.tier = "grassroots";
  limited.limit = 10;
  org::list(reg, limited, cols, &total);
  CHECK(total == 3);

  Filter bad;
  bad.category = "跳舞";
  CHECK(error_of([&] { org::list(reg, bad, cols); }).kind() == ErrorKind::kUsage);
  Filter bad_sort;
  bad_sort.sort = "phone";
  CHECK(error_of([&] { org::list(reg, bad_sort, cols); }).kind() == ErrorKind::kUsage);
  Filter bad_date;
  bad_date.founded_since = "2015/1/1";
  CHECK(error_of([&] { org::list(reg, bad_date, cols); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("import adds every row in one batch stamped on the rows") {
  Registry reg = test::make_registry();
  const std::string text = kHeader + "\n" + hub_row() + "\n" + a_row() + "\n" + kGroupRow + "\n";
  ImportResult r = import_text(reg, text);
  CHECK(r.rows == 3);
  CHECK(r.added == 3);
  CHECK(r.updated == 0);
  CHECK(r.unchanged == 0);
  CHECK(r.skipped == 0);
  REQUIRE(r.batch > 0);
  CHECK(org_count(reg) == 3);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org WHERE created_batch = " + std::to_string(r.batch)) == 3);
  CHECK(audit_count(reg) == 1);

  auto q = reg.prepare("SELECT action, org_id, actor, detail FROM audit WHERE id = ?");
  q.bind(1, r.batch);
  REQUIRE(q.step());
  CHECK(q.text(0) == std::optional<std::string>("org.import"));
  CHECK(q.is_null(1));
  CHECK(q.text(2) == std::optional<std::string>("tester"));
  const std::string detail = q.text_or(3, "");
  CHECK(contains(detail, R"("file":"orgs.csv")"));
  CHECK(contains(detail, R"("sha256":")"));
  CHECK(contains(detail, R"("encoding":"utf-8")"));
  CHECK(contains(detail, R"("rows":3)"));
  CHECK(contains(detail, R"("added":3)"));

  Org group = org::find(reg, "KQBA-2015-0001");
  Org hub = org::find(reg, kCodeHub);
  CHECK(group.hub_id == std::optional<std::int64_t>(hub.id));
  CHECK(value(group, kHub) == kCodeHub);
  CHECK(value(org::find(reg, kCodeA), kAuthority) == "district");

  // The history of an imported org shows its batch.
  io::Table h = org::history(reg, "KQBA-2015-0001");
  REQUIRE(h.rows.size() == 1);
  CHECK(cell(h, 0, "action") == std::optional<std::string>("org.import"));
}

TEST_CASE("import with one bad row writes nothing and reports every bad row with its position") {
  Registry reg = test::make_registry();
  org::add(reg, registered("红十字志愿队", kCodeB));
  const long long orgs_before = org_count(reg), audits_before = audit_count(reg);

  const std::string bad_date =
      "太极拳队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,,,KQBA-2015-0002,2013-05-01,2015/3/1,";
  const std::string good_group =
      "秧歌队,grassroots,social_group,culture_sports,前进道街道,新光社区,,,KQBA-2015-0003,,2015-04-01,";
  const std::string foundation =
      "老年协会,grassroots,foundation,社区文体,前进道街道,文化路社区,,,KQBA-2015-0004,,2015-04-01,";
  const std::string text = kHeader + "\n" + a_row() + "\n" + bad_date + "\n" + good_group + "\n" + foundation + "\n";
  Error e = import_error(reg, text);
  CHECK(std::string(e.what()) == "2 problems; nothing was imported from 'orgs.csv'");
  const auto& ds = e.diagnostics();
  REQUIRE_MESSAGE(ds.size() == 2, describe(ds));
  CHECK(ds[0].file == "orgs.csv");
  CHECK(ds[0].line == 3);
  CHECK(ds[0].column == column_of(bad_date, 10));
  CHECK(ds[0].field == "registered_on");
  CHECK(contains(ds[0].hint, "2015-03-01"));
  CHECK(ds[0].to_string().rfind("orgs.csv:3:" + std::to_string(column_of(bad_date, 10)) + ": registered_on: ", 0) == 0);
  CHECK(ds[1].line == 5);
  CHECK(ds[1].column == column_of(foundation, 2));
  CHECK(ds[1].field == "type");
  CHECK(contains(ds[1].message, "never a foundation"));

  CHECK(org_count(reg) == orgs_before);
  CHECK(audit_count(reg) == audits_before);
  CHECK_THROWS_AS(org::find(reg, kCodeA), Error);
}

TEST_CASE("import reads Chinese headers and Chinese enum values") {
  Registry reg = test::make_registry();
  const std::string text =
      "名称,登记方式,类型,类别,街道,社区,备案号,成立日期,备案日期,登记日期,成员数,开办资金,党组织\n"
      "夕阳红舞蹈队,备案,社会团体,社区文体,林荫路街道,乌兰社区,KQBA-2015-0001,2013-05-01,2015-03-01,,28,,否\n"
      "心愿公益协会,登记,社团,志愿服务,,,,,,2014-09-10,,25万,是\n";
  // The second row has no credit code: refused, naming the field in its row.
  Error e = import_error(reg, text);
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].line == 3);
  CHECK(e.diagnostics()[0].field == "credit_code");

  const std::string fixed =
      "名称,登记方式,类型,类别,街道,社区,备案号,成立日期,备案日期,登记日期,成员数,开办资金,党组织,统一社会信用代码\n"
      "夕阳红舞蹈队,备案,社会团体,社区文体,林荫路街道,乌兰社区,KQBA-2015-0001,2013-05-01,2015-03-01,,28,,否,\n"
      "心愿公益协会,登记,社团,志愿服务,,,,,,2014-09-10,,25万,是," + kCodeA + "\n";
  ImportResult r = import_text(reg, fixed);
  CHECK(r.added == 2);
  Org g = org::find(reg, "KQBA-2015-0001");
  CHECK(value(g, kTier) == "grassroots");
  CHECK(value(g, kType) == "social_group");
  CHECK(value(g, kCategory) == "culture_sports");
  CHECK(value(g, kMembers) == "28");
  CHECK(value(g, kPartyOrg) == "false");
  CHECK(value(g, kFiledOn) == "2015-03-01");
  CHECK_FALSE(g[kRegisteredOn]);
  Org a = org::find(reg, kCodeA);
  CHECK(value(a, kRegisteredOn) == "2014-09-10");
  CHECK_FALSE(a[kFiledOn]);
  CHECK(value(a, kTier) == "registered");
  CHECK(value(a, kCategory) == "volunteer");
  CHECK(value(a, kFunds) == "250000.00");
  CHECK(value(a, kPartyOrg) == "true");
}

TEST_CASE("import conflicts: error, skip, update") {
  Registry reg = test::make_registry();
  io::RawRecord in = registered("心愿公益协会", kCodeA);
  set(in, kPhone, "0472-1111111");
  org::add(reg, in);
  const std::string changed = "name,tier,type,category,credit_code,phone,representative,registered_on\n"
                              "心愿公益协会,registered,social_group,volunteer," + kCodeA + ",0472-2222222,,2014-04-15\n";

  SUBCASE("error (the default)") {
    Error e = import_error(reg, changed);
    REQUIRE(e.diagnostics().size() == 1);
    const auto& d = e.diagnostics()[0];
    CHECK(d.line == 2);
    CHECK(d.field == "credit_code");
    CHECK(contains(d.message, "K0000001 '心愿公益协会' is already in the registry"));
    CHECK(contains(d.hint, "--on-conflict"));
    CHECK(value(org::find(reg, kCodeA), kPhone) == "0472-1111111");
  }
  SUBCASE("skip") {
    ImportOptions o;
    o.on_conflict = OnConflict::kSkip;
    ImportResult r = import_text(reg, changed, o);
    CHECK(r.rows == 1);
    CHECK(r.skipped == 1);
    CHECK(r.added == 0);
    CHECK(r.updated == 0);
    CHECK(value(org::find(reg, kCodeA), kPhone) == "0472-1111111");
  }
  SUBCASE("update") {
    ImportOptions o;
    o.on_conflict = OnConflict::kUpdate;
    const std::string text = changed + "红十字志愿队,registered,social_group,volunteer," + kCodeB + ",,,2015-01-01\n";
    ImportResult r = import_text(reg, text, o);
    CHECK(r.rows == 2);
    CHECK(r.updated == 1);
    CHECK(r.added == 1);
    CHECK(r.unchanged == 0);
    Org a = org::find(reg, kCodeA);
    CHECK(value(a, kPhone) == "0472-2222222");
    CHECK(value(a, kRepresentative) == "李红");  // the empty cell left it as it was
    CHECK(value(a, kFounded) == "2014-03-01");  // a column the file does not have
    CHECK(test::count_rows(reg, "SELECT count(*) FROM org WHERE id = 1 AND updated_batch = " + std::to_string(r.batch)) == 1);
    CHECK(contains(detail_of(reg, r.batch), R"("updated":1)"));

    // The same file again changes nothing.
    ImportResult again = import_text(reg, text, o);
    CHECK(again.unchanged == 2);
    CHECK(again.updated == 0);
    CHECK(again.added == 0);

    // A grassroots group matched by its name in its community.
    import_text(reg, "name,tier,type,category,street,community,registered_on\n"
                     "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n", o);
    ImportResult by_name = import_text(reg, "name,tier,street,community,members\n"
                                            "夕阳红舞蹈队　,grassroots,林荫路街道,乌兰社区,30\n", o);
    CHECK(by_name.updated == 1);
    CHECK(by_name.added == 0);
    CHECK(org_count(reg) == 3);

    // The tier cannot change on import.
    Error e = import_error(reg, "name,tier,credit_code\n心愿公益协会,grassroots," + kCodeA + "\n", o);
    CHECK_DIAG(e.diagnostics(), "tier", "the tier cannot change on import");
  }
}

TEST_CASE("an import dry run checks everything, returns the counts and writes nothing") {
  Registry reg = test::make_registry();
  ImportOptions o;
  o.dry_run = true;
  const std::string text = kHeader + "\n" + hub_row() + "\n" + a_row() + "\n" + kGroupRow + "\n";
  ImportResult r = import_text(reg, text, o);
  CHECK(r.rows == 3);
  CHECK(r.added == 3);
  CHECK(r.batch == 0);
  CHECK(org_count(reg) == 0);
  CHECK(audit_count(reg) == 0);

  // Problems are still reported.
  Error e = import_error(reg, kHeader + "\n" + a_row() + "\n" + a_row() + "\n", o);
  CHECK_FALSE(e.diagnostics().empty());
  CHECK(org_count(reg) == 0);

  // The real import afterwards works.
  CHECK(import_text(reg, text).added == 3);
}

TEST_CASE("import resolves a hub that appears later in the file") {
  Registry reg = test::make_registry();
  const std::string text = kHeader + "\n" + kGroupRow + "\n" + a_row() + "\n" + hub_row() + "\n";
  ImportResult r = import_text(reg, text);
  CHECK(r.added == 3);
  Org group = org::find(reg, "KQBA-2015-0001");
  Org hub = org::find(reg, kCodeHub);
  CHECK(group.hub_id == std::optional<std::int64_t>(hub.id));
  CHECK(value(group, kHub) == kCodeHub);
  CHECK(group.id < hub.id);

  // A hub that never appears is reported at its cell.
  Registry reg2 = test::make_registry();
  const std::string orphan =
      "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,不存在的中心,,KQBA-2015-0001,,2015-03-01,";
  Error e = import_error(reg2, kHeader + "\n" + orphan + "\n");
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].field == "hub");
  CHECK(e.diagnostics()[0].line == 2);
  CHECK(e.diagnostics()[0].column == column_of(orphan, 6));
  CHECK(org_count(reg2) == 0);
}

TEST_CASE("TOML import") {
  Registry reg = test::make_registry();
  SUBCASE("good records with TOML dates, integers and booleans") {
    const std::string toml = "[[org]]\n"
                             "name = \"心愿公益协会\"\n"
                             "tier = \"registered\"\n"
                             "type = \"social_group\"\n"
                             "category = \"volunteer\"\n"
                             "credit_code = \"" + kCodeA + "\"\n"
                             "registered_on = 2014-09-10\n"
                             "members = 40\n"
                             "party_org = true\n"
                             "funds = \"250000.00\"\n"
                             "\n"
                             "[[org]]\n"
                             "\"名称\" = \"夕阳红舞蹈队\"\n"
                             "\"登记方式\" = \"备案\"\n"
                             "\"类型\" = \"社会团体\"\n"
                             "\"类别\" = \"社区文体\"\n"
                             "\"街道\" = \"林荫路街道\"\n"
                             "\"社区\" = \"乌兰社区\"\n"
                             "\"备案日期\" = 2015-03-01\n"
                             "\"枢纽组织\" = \"心愿公益协会\"\n";
    ImportResult r;
    try {
      r = import_text(reg, toml, {}, io::InputFormat::kToml);
    } catch (const Error& e) {
      FAIL(std::string(e.what()) << "\n" << describe(e.diagnostics()));
    }
    CHECK(r.added == 2);
    Org a = org::find(reg, kCodeA);
    CHECK(value(a, kRegisteredOn) == "2014-09-10");
    CHECK(value(a, kMembers) == "40");
    CHECK(value(a, kPartyOrg) == "true");
    CHECK(value(a, kFunds) == "250000.00");
    CHECK(org::find(reg, "K0000002").hub_id == std::optional<std::int64_t>(a.id));
    CHECK(contains(detail_of(reg, r.batch), R"("file":"orgs.toml")"));
  }
  SUBCASE("an unknown key and a float are positioned") {
    const std::string toml = "[[org]]\n"
                             "name = \"心愿公益协会\"\n"
                             "tier = \"registered\"\n"
                             "type = \"social_group\"\n"
                             "category = \"volunteer\"\n"
                             "credit_code = \"" + kCodeA + "\"\n"
                             "registered_on = 2014-09-10\n"
                             "funds = 250000.0\n"
                             "nmae = \"x\"\n";
    Error e = import_error(reg, toml, {}, io::InputFormat::kToml);
    const auto& ds = e.diagnostics();
    REQUIRE_MESSAGE(ds.size() == 2, describe(ds));
    CHECK(ds[0].file == "orgs.toml");
    CHECK(ds[0].line == 8);
    CHECK(ds[0].column == 9);
    CHECK(ds[0].field == "funds");
    CHECK(contains(ds[0].message, "floating-point"));
    CHECK(ds[1].line == 9);
    CHECK(ds[1].column == 1);
    CHECK(contains(ds[1].message, "unknown key 'nmae'"));
    CHECK(org_count(reg) == 0);
    CHECK(audit_count(reg) == 0);
  }
  SUBCASE("a file without [[org]] tables") {
    Error e = import_error(reg, "[[orgs]]\nname = \"x\"\n", {}, io::InputFormat::kToml);
    REQUIRE_FALSE(e.diagnostics().empty());
    CHECK(e.diagnostics()[0].line == 1);
    CHECK(contains(e.diagnostics()[0].message, "unknown key 'orgs'"));
  }
}

TEST_CASE("import keeps at most max_errors diagnostics and counts the rest") {
  Registry reg = test::make_registry();
  std::string text = "name,tier,type,category,street,community,registered_on\n";
  for (int i = 1; i <= 5; ++i)
    text += "舞蹈队" + std::to_string(i) + ",grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015/3/" +
            std::to_string(i) + "\n";
  ImportOptions o;
  o.max_errors = 2;
  Error e = import_error(reg, text, o);
  CHECK(std::string(e.what()) == "5 problems; nothing was imported from 'orgs.csv'");
  const auto& ds = e.diagnostics();
  REQUIRE_MESSAGE(ds.size() == 3, describe(ds));
  CHECK(ds[0].line == 2);
  CHECK(ds[1].line == 3);
  CHECK(ds[0].field == "registered_on");
  CHECK(ds[2].message.rfind("… and 3 more problems", 0) == 0);
  CHECK(ds[2].line == 0);

  // With the default every problem is kept and none is summarized.
  Error all = import_error(reg, text);
  CHECK(all.diagnostics().size() == 5);
  CHECK(org_count(reg) == 0);
}

TEST_CASE("import refuses a CSV with an unknown column") {
  Registry reg = test::make_registry();
  Error e = import_error(reg, "name,tier,颜色\n夕阳红舞蹈队,grassroots,红\n");
  REQUIRE(e.diagnostics().size() >= 1);
  CHECK(e.diagnostics()[0].line == 1);
  CHECK(e.diagnostics()[0].column == 11);
  CHECK(contains(e.diagnostics()[0].message, "unknown column '颜色'"));
  CHECK(org_count(reg) == 0);
}

TEST_CASE("counts by tier and status") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));
  org::add(reg, grassroots("太极拳队", "林荫路街道", "乌兰社区", "KQBA-2015-0002"));
  org::set_status(reg, "KQBA-2015-0002", {"deregistered", "2015-06-01", "宗旨完成", "", "", std::nullopt, ""});
  io::Table t = org::counts(reg);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == io::Row{"registered", "active", "1"});
  CHECK(t.rows[1] == io::Row{"grassroots", "active", "1"});
  CHECK(t.rows[2] == io::Row{"grassroots", "deregistered", "1"});
}

TEST_CASE("today is the Asia/Shanghai date of the session clock") {
  SUBCASE("16:30 UTC is already the next day in Shanghai") {
    Registry reg = test::make_registry();
    reg.session().now_utc = "2015-06-30T16:30:00Z";
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    set(in, kRegisteredOn, "2015-07-01");
    CHECK(value(org::add(reg, in), kRegisteredOn) == "2015-07-01");
  }
  SUBCASE("15:59:59 UTC is still the same day") {
    Registry reg = test::make_registry();
    reg.session().now_utc = "2015-06-30T15:59:59Z";
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    set(in, kRegisteredOn, "2015-07-01");
    CHECK_DIAG(add_refusal(reg, in), "registered_on", "is in the future (today is 2015-06-30)");
  }
}

TEST_CASE("import takes historical status with Chinese values, and a BOM and CRLF file") {
  Registry reg = test::make_registry();
  const std::string text =
      "\xEF\xBB\xBF"
      "名称,登记方式,类型,类别,街道,社区,备案号,备案日期,状态,注销日期,注销原因\r\n"
      "夕阳红舞蹈队,备案,社团,文体,林荫路街道,乌兰社区,KQBA-2013-0001,2013-03-01,注销,2014-12-01,自行解散\r\n"
      "夕阳红舞蹈队,备案,社团,文体,林荫路街道,乌兰社区,KQBA-2015-0001,2015-03-01,正常,,\r\n";
  ImportResult r = import_text(reg, text);
  CHECK(r.added == 2);
  Org old = org::find(reg, "KQBA-2013-0001");
  CHECK(value(old, kStatus) == "deregistered");
  CHECK(value(old, kStatusDate) == "2014-12-01");
  CHECK(value(old, kStatusReason) == "dissolved");
  CHECK(value(org::find(reg, "KQBA-2015-0001"), kStatus) == "active");
  CHECK(contains(detail_of(reg, r.batch), R"("encoding":"utf-8")"));

  Filter f;
  f.status = "注销";
  io::Table t = org::list(reg, f, org::summary_fields());
  REQUIRE(t.rows.size() == 1);
  CHECK(cell(t, 0, "key") == old[kKey]);

  // Positions stay right with CRLF line ends.
  const std::string bad = "\xEF\xBB\xBF"
                          "name,tier,type,category,street,community,registered_on,status\r\n"
                          "秧歌队,grassroots,social_group,culture_sports,前进道街道,新光社区,2015-03-01,\r\n"
                          "腰鼓队,grassroots,social_group,culture_sports,前进道街道,新光社区,2015-03-01,注销\r\n";
  Error e = import_error(reg, bad);
  REQUIRE_MESSAGE(e.diagnostics().size() == 1, describe(e.diagnostics()));
  CHECK(e.diagnostics()[0].line == 3);
  CHECK(e.diagnostics()[0].field == "status_date");
  CHECK(contains(e.diagnostics()[0].message, "is required when status is deregistered"));
  CHECK(org_count(reg) == 2);
}

TEST_CASE("set_status with a status that is not one of the four changes nothing") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  const long long audits = audit_count(reg);
  CHECK_THROWS_AS(org::set_status(reg, "K0000001", {"closed", "2015-06-01", "", "", "", std::nullopt, ""}), Error);
  CHECK(value(org::find(reg, "K0000001"), kStatus) == "active");
  CHECK(audit_count(reg) == audits);
}

TEST_CASE("audit_log filters by actor, action, batch and date, oldest first") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  reg.session().actor = "王芳";
  reg.session().now_utc = "2015-07-01T02:00:00Z";
  ImportResult r = import_text(reg, "name,tier,type,category,street,community,registered_on\n"
                                    "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n");
  org::update(reg, "K0000001", test::make_record({{kPhone, "13800000000"}}), {});

  auto actions = [](const io::Table& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "action").value_or(""));
    return out;
  };
  CHECK(actions(registry::audit_log(reg, {})) ==
        std::vector<std::string>{"db.create", "db.init", "org.add", "org.import", "org.update"});
  registry::LogFilter by_actor;
  by_actor.actor = "王芳";
  CHECK(actions(registry::audit_log(reg, by_actor)) == std::vector<std::string>{"org.import", "org.update"});
  registry::LogFilter by_action;
  by_action.action = "org.add";
  io::Table adds = registry::audit_log(reg, by_action);
  REQUIRE(adds.rows.size() == 1);
  CHECK(cell(adds, 0, "org") == std::optional<std::string>("K0000001"));
  CHECK(cell(adds, 0, "command") == std::optional<std::string>("kunqu test"));
  registry::LogFilter by_batch;
  by_batch.batch = r.batch;
  io::Table batch = registry::audit_log(reg, by_batch);
  REQUIRE(batch.rows.size() == 1);
  CHECK(cell(batch, 0, "action") == std::optional<std::string>("org.import"));
  CHECK_FALSE(cell(batch, 0, "org").has_value());
  registry::LogFilter since;
  since.since = "2015-07-01";
  CHECK(registry::audit_log(reg, since).rows.size() == 2);
  registry::LogFilter until;
  until.until = "2015-06-30";
  CHECK(registry::audit_log(reg, until).rows.size() == 3);
  registry::LogFilter limited;
  limited.limit = 1;
  CHECK(actions(registry::audit_log(reg, limited)) == std::vector<std::string>{"db.create"});
  registry::LogFilter bad;
  bad.since = "yesterday";
  CHECK(error_of([&] { registry::audit_log(reg, bad); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("a broken file is refused at its place: a row cut short, a blank header, a cell of megabytes") {
  Registry reg = test::make_registry();
  const std::string header = "name,tier,type,category,street,community,registered_on,notes\n";
  {
    // The file ends inside a row: its missing cells are not taken for empty ones.
    Error e = import_error(reg, header + "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01,备注\n"
                                         "秧歌队,grassroots,social_group,culture_sports,林荫路街道");
    bool found = false;
    for (const auto& d : e.diagnostics())
      if (d.message == "row has 5 fields, the header 8") {
        found = true;
        CHECK(d.line == 3);
        CHECK(d.column == 44);  // at the row's last cell
      }
    CHECK_MESSAGE(found, describe(e.diagnostics()));
  }
  {
    // Unnamed trailing columns a spreadsheet left may be missing.
    ImportResult r = import_text(reg, "name,tier,type,category,street,community,registered_on,,\n"
                                      "秧歌队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n");
    CHECK(r.added == 1);
  }
  {
    Error e = import_error(reg, "\n\n");
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].line == 1);
    CHECK(e.diagnostics()[0].message == "the header row is blank; the first line must name the columns");
  }
  {
    Error e = import_error(reg, header + "读书会,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01," +
                                         std::string(70000, 'x') + "\n");
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].line == 2);
    CHECK(e.diagnostics()[0].message == "holds 70000 bytes, more than the 65536 a cell may hold");
  }
  CHECK(org_count(reg) == 1);
}
