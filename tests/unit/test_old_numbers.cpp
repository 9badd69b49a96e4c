// Tests for the numbers of orgs registered before credit codes (schema 13): the organization
// code's GB 11714 check digit, an org that ended before 2018 recorded by its registration
// certificate number and organization code instead of a credit code (and no other), looking it
// up and finding it by either, its numbers never naming two orgs, and a correction that would
// bring it back refused.
#include <doctest/doctest.h>

#include <string>

#include "error.h"
#include "fixture.h"
#include "org/events.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/registry.h"
#include "validate/credit_code.h"

using namespace kunqu;
using namespace kunqu::org;
using namespace kunqu::test;
using namespace kunqu::test::orgs;
using kunqu::registry::Registry;

namespace {

const std::string kOldHeader = "name,tier,type,category,registration_authority,registered_on,certificate_no,org_code,status,"
                               "status_date,credit_code";

// 包头市昆都仑区老年书画协会, registered 2003, deregistered 2013, as an office's old ledger has it.
std::string old_row(const std::string& name, const std::string& certificate, const std::string& code,
                    const std::string& status = "deregistered", const std::string& date = "2013-09-01",
                    const std::string& registered_on = "2003-05-20") {
  return name + ",registered,social_group,culture_sports,district," + registered_on + "," + certificate + "," + code + "," +
         status + "," + date + ",";
}

}  // namespace

TEST_CASE("organization codes: GB 11714's check digit, with or without the hyphen") {
  std::string normal;
  // 12345678-? : 1*3 + 2*7 + 3*9 + 4*10 + 5*5 + 6*8 + 7*4 + 8*2 = 201; 201 mod 11 = 3; 11 - 3 = 8.
  CHECK_FALSE(validate::check_org_code("12345678-8", &normal));
  CHECK(normal == "12345678-8");
  CHECK_FALSE(validate::check_org_code("123456788", &normal));
  CHECK(normal == "12345678-8");
  CHECK(validate::org_code_check_char("MA1MRHG2") == '0');
  CHECK_FALSE(validate::check_org_code("ma1mrhg2-0", &normal));
  CHECK(normal == "MA1MRHG2-0");
  CHECK(*validate::check_org_code("12345678-9") == "organization code check digit is '9', expected '8'");
  CHECK(contains(*validate::check_org_code("1234567-8"), "is not an organization code"));
  CHECK(contains(*validate::check_org_code("1234567８-8"), "is not an organization code"));
  CHECK(contains(*validate::check_org_code("12345678_8"), "is not an organization code"));
}

TEST_CASE("an org that ended before 2018 is recorded by its old numbers, found by them, and exported") {
  Registry reg = make_registry(true, "2020-06-30T08:00:00Z");
  import_text(reg, kOldHeader + "\n" + old_row("老年书画协会", "昆民社证字第003号", "12345678-8") + "\n" +
                       old_row("象棋协会", "昆民社证字第011号", "", "revoked", "2017-12-31", "2010-01-01") + "\n");
  const Org o = find(reg, "昆民社证字第003号");
  CHECK(*o[kName] == "老年书画协会");
  CHECK(*o[kOrgCode] == "12345678-8");
  CHECK_FALSE(o[kCreditCode]);
  CHECK(find(reg, "123456788").id == o.id);
  CHECK(find(reg, "12345678-8").id == o.id);
  CHECK(*find(reg, "昆民社证字第011号")[kStatus] == "revoked");
  // Its deregistration is an event like any other.
  CHECK(as_of(reg, o, "2013-08-31").value()[kStatus] == std::optional<std::string>("active"));
  Filter f;
  f.number = "第003";
  CHECK(column(org::list(reg, f, {kKey}), "key") == std::vector<std::string>{"K0000001"});
  f.number = "12345678";
  CHECK(org::list(reg, f, {kKey}).rows.size() == 1);
  // Export carries both numbers, and the file comes back the same.
  io::Table out = org::list(reg, {}, {kName, kCertificateNo, kOrgCode});
  CHECK(column(out, "certificate_no") == std::vector<std::string>{"昆民社证字第003号", "昆民社证字第011号"});
  CHECK(column(out, "org_code") == std::vector<std::string>{"12345678-8", ""});

  SUBCASE("the same file again: the orgs are matched by their certificate numbers") {
    const std::string again = kOldHeader + "\n" + old_row("老年书画协会", "昆民社证字第003号", "12345678-8") + "\n";
    CHECK_DIAG(import_error(reg, again).diagnostics(), "certificate_no",
               "K0000001 '老年书画协会' is already in the registry (same certificate_no)");
    ImportOptions skip;
    skip.on_conflict = registry::OnConflict::kSkip;
    CHECK(import_text(reg, again, skip).skipped == 1);
    CHECK(count_rows(reg, "SELECT count(*) FROM org") == 2);
  }
  SUBCASE("a correction that would bring it back is refused: without a code it must stay ended before 2018") {
    const auto events = events_of(reg, o);
    Error e = error_of([&] { correct(reg, "昆民社证字第003号", events.back().id, {"2015-06-01", "录入错误", "", ""}); });
    CHECK_MESSAGE(contains(e.what(), "it has no credit code, so it must have ended before 2018"), e.what());
    CHECK_MESSAGE(contains(e.what(), "国发〔2015〕33号"), e.what());
    CHECK(*find(reg, "昆民社证字第003号")[kStatus] == "deregistered");
  }
  SUBCASE("its numbers name one org: not another's, nor a key's or a code's form") {
    // Another org's certificate number, given by a later one.
    CHECK_DIAG(refusal([&] {
                 org::add(reg, make_record({{kName, "集邮协会"}, {kTier, "registered"}, {kType, "social_group"},
                                            {kCategory, "culture_sports"}, {kAuthority, "district"},
                                            {kRegisteredOn, "2004-01-01"}, {kCertificateNo, "昆民社证字第003号"},
                                            {kStatus, "deregistered"}, {kStatusDate, "2010-01-01"}}));
               }),
               "certificate_no", "昆民社证字第003号 already names K0000001 '老年书画协会'");
    auto ds = import_error(reg, kOldHeader + "\n" + old_row("书法协会", "昆民社证字第099号", "123456788") + "\n" +
                                       old_row("棋社", "K0000007", "") + "\n" + old_row("画社", kCodeA, "") + "\n" +
                                       old_row("歌社", "12345678-8", "") + "\n").diagnostics();
    CHECK_MESSAGE(ds.size() == 4, describe(ds));
    CHECK_DIAG(ds, "org_code", "12345678-8 already names K0000001 '老年书画协会'");
    CHECK_DIAG(ds, "certificate_no", "'K0000007' reads as a key, a credit code or an organization code");
    CHECK_DIAG(ds, "certificate_no", "'" + kCodeA + "' reads as a key, a credit code or an organization code");
    CHECK_DIAG(ds, "certificate_no", "'12345678-8' reads as a key, a credit code or an organization code");
    CHECK(count_rows(reg, "SELECT count(*) FROM org") == 2);
  }
}

TEST_CASE("without a credit code only an org registered before 2015-10-01 that ended before 2018") {
  Registry reg = make_registry(true, "2020-06-30T08:00:00Z");
  auto ds = import_error(
      reg, kOldHeader + "\n" + old_row("在册协会", "昆民社证字第020号", "", "active", "") + "\n" +
               old_row("晚注销协会", "昆民社证字第021号", "", "deregistered", "2018-01-01") + "\n" +
               old_row("新登记协会", "昆民社证字第022号", "", "deregistered", "2016-05-01", "2015-10-01") + "\n" +
               old_row("无证号协会", "", "", "deregistered", "2013-09-01") + "\n" +
               old_row("错码协会", "昆民社证字第023号", "12345678-9", "deregistered", "2013-09-01") + "\n").diagnostics();
  CHECK_MESSAGE(ds.size() == 5, describe(ds));
  CHECK(ds[0].field == "credit_code");
  CHECK_MESSAGE(contains(ds[0].message, "is required for a registered org"), ds[0].message);
  CHECK_MESSAGE(contains(ds[0].message, "国发〔2015〕33号"), ds[0].message);
  CHECK(contains(ds[0].hint, "registered before 2015-10-01 that ended before 2018"));
  CHECK(ds[1].field == "credit_code");
  CHECK(ds[2].field == "credit_code");
  CHECK_DIAG(ds, "certificate_no", "is required for a registered org without a credit code (its 登记证号)");
  CHECK_DIAG(ds, "org_code", "check digit is '9', expected '8'");
  CHECK(count_rows(reg, "SELECT count(*) FROM org") == 0);
  // A filed group has no code, as before.
  CHECK(count_rows(reg, "SELECT count(*) FROM sqlite_schema WHERE name = 'org' AND "
                        "sql LIKE '%CHECK (tier = ''registered'' OR credit_code IS NULL)%'") == 1);
}

TEST_CASE("a registry of schema 12 migrates: the old numbers' columns, the CHECK loosened, its rows sealed as they were") {
  TempDir dir;
  const std::string path = dir.file("v12.db");
  {
    Registry reg = Registry::create(path, test_session(), std::nullopt, 12);
    add_old_org(reg, make_record({{kName, "心愿公益协会"}, {kTier, "registered"}, {kType, "social_group"},
                                  {kCategory, "volunteer"}, {kCreditCode, kCodeA}, {kRegisteredOn, "2014-04-15"}}));
  }
  Registry reg = Registry::open(path, registry::Mode::kReadWrite, test_session());
  CHECK(reg.info().schema_version == registry::latest_schema_version());
  CHECK(count_rows(reg, "SELECT count(*) FROM sqlite_schema WHERE name = 'org' AND sql LIKE '%credit_code IS NOT NULL%'") == 0);
  import_text(reg, kOldHeader + "\n" + old_row("老年书画协会", "昆民社证字第003号", "12345678-8") + "\n");
  CHECK(find(reg, "昆民社证字第003号").id == 2);
  // A filed group with a code is refused by the table itself still.
  CHECK_THROWS(reg.exec("UPDATE org SET tier = 'grassroots' WHERE id = 1"));
}

TEST_CASE("into an empty registry, an old number that is another row's number is refused at its line") {
  Registry reg = make_registry(true, "2020-06-30T08:00:00Z");
  const std::string text =
      "name,tier,type,category,registration_authority,registered_on,certificate_no,status,status_date,street,community,"
      "filed_on,filing_no\n"
      "老年书画协会,registered,social_group,culture_sports,district,2003-05-20,昆民社证字第003号,deregistered,2013-09-01,,,,\n"
      "书画队,grassroots,social_group,culture_sports,,,,,,林荫路街道,乌兰社区,2014-01-01,昆民社证字第003号\n";
  auto ds = import_error(reg, text).diagnostics();
  CHECK_MESSAGE(ds.size() == 1, describe(ds));
  CHECK_DIAG(ds, "certificate_no", "昆民社证字第003号 is a number of the org of line 3 of this file");
  CHECK(ds[0].line == 2);
  CHECK(count_rows(reg, "SELECT count(*) FROM org") == 0);
}

TEST_CASE("into an empty registry, a filing number in a credit code's form is refused at each line") {
  Registry reg = make_registry(true, "2020-06-30T08:00:00Z");
  // Two groups filed under the credit code of an org further down (so a look-up by that number
  // would find two orgs), one under its own number.
  const std::string text =
      "name,tier,type,category,registered_on,credit_code,street,community,filed_on,filing_no\n"
      "书画队,grassroots,social_group,culture_sports,,,林荫路街道,乌兰社区,2014-01-01," + kCodeA + "\n"
      "秧歌队,grassroots,social_group,culture_sports,,,林荫路街道,乌兰社区,2014-02-01,KQBA-2014-0002\n"
      "合唱队,grassroots,social_group,culture_sports,,,林荫路街道,乌兰社区,2014-03-01," + kCodeA + "\n"
      "心愿公益协会,registered,social_group,volunteer,2014-04-15," + kCodeA + ",,,,\n";
  auto ds = import_error(reg, text).diagnostics();
  REQUIRE_MESSAGE(ds.size() == 2, describe(ds));
  CHECK(ds[0].line == 2);
  CHECK(ds[1].line == 4);
  CHECK_DIAG(ds, "filing_no", "'" + kCodeA + "' is a credit code, not a filing number");
  CHECK(count_rows(reg, "SELECT count(*) FROM org") == 0);
}

TEST_CASE("into an empty registry, the old numbers' indexes are kept while few rows give them") {
  // A load drops the indexes of the org table and builds them again once the rows are in, a
  // scan of the whole table each: those of the old numbers, which few files give, are kept up
  // to date instead, until the rows give many keys or repeat one. A kept index keeps its page.
  Registry reg = make_registry(true, "2020-06-30T08:00:00Z");
  auto root = [&](const std::string& index) {
    return count_rows(reg, "SELECT rootpage FROM sqlite_schema WHERE name = '" + index + "'");
  };
  const long long certificates = root("org_certificate_no"), codes = root("org_org_code");
  auto rows = [](int n) {
    std::string text = kOldHeader + "\n";
    for (int i = 0; i < n; ++i) text += old_row("书画协会" + std::to_string(i), "昆民社证字第" + std::to_string(i) + "号", "") + "\n";
    return text;
  };

  SUBCASE("a few, all different: both kept") {
    import_text(reg, rows(3) + old_row("象棋协会", "昆民社证字第011号", "12345678-8") + "\n");
    CHECK(root("org_certificate_no") == certificates);
    CHECK(root("org_org_code") == codes);
    CHECK(find(reg, "昆民社证字第2号").id == 3);
    CHECK(find(reg, "12345678-8").id == 4);
  }
  SUBCASE("one repeated: dropped before that row, built again, and the repeat refused at its line") {
    // As when the index was dropped with the others: the repeat, and each row naming the other.
    auto ds = import_error(reg, rows(3) + old_row("象棋协会", "昆民社证字第1号", "") + "\n").diagnostics();
    REQUIRE_MESSAGE(ds.size() == 3, describe(ds));
    CHECK(ds[0].to_string() == "orgs.csv:3: certificate_no: 昆民社证字第1号 is a number of the org of line 5 of this file");
    CHECK(ds[1].to_string() == "orgs.csv:5: certificate_no: repeats the org of line 3 of this file (same certificate_no)");
    CHECK(ds[2].to_string() == "orgs.csv:5: certificate_no: 昆民社证字第1号 is a number of the org of line 3 of this file");
    CHECK(count_rows(reg, "SELECT count(*) FROM org") == 0);
  }
  SUBCASE("more than 4,096: built again once the rows are in") {
    import_text(reg, rows(4097));
    CHECK(root("org_certificate_no") != certificates);
    CHECK(root("org_org_code") == codes);
    CHECK(count_rows(reg, "SELECT count(*) FROM org WHERE certificate_no IS NOT NULL") == 4097);
    CHECK(find(reg, "昆民社证字第4096号").id == 4097);
    CHECK(count_rows(reg, "SELECT count(*) FROM org INDEXED BY org_certificate_no WHERE certificate_no >= ''") == 4097);
  }
}
