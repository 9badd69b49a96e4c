// Tests for org import from CSV and TOML: one batch, all or nothing, every bad row positioned,
// conflicts, dry runs, forward hub references, Chinese headers and values, broken files.
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
      "太极拳队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,,,KQBA-2015-0002,2013-05-01,3/1/2015,";
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
  CHECK(ds[0].row == 3);
  CHECK(ds[0].cell == 11);
  CHECK(ds[0].to_string().rfind("orgs.csv:3:K registered_on: ", 0) == 0);
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

TEST_CASE("import reads registers as offices keep them: money units, placeholders, offices by name") {
  Registry reg = test::make_registry();
  // 开办资金（万元）: bare numbers are in 万 yuan; a cell's own unit wins. 暂无, '-' and '/' are
  // empty in optional fields; 无 is no in a yes/no field. The registration authority by its name.
  const std::string text =
      "名称,登记方式,类型,类别,登记管理机关,登记日期,开办资金（万元）,成员数,党组织,业务主管单位,联系电话,统一社会信用代码\n"
      "心愿公益协会,登记,社会团体,志愿服务,包头市昆都仑区民政局,2014-09-10,12.5,-,无,暂无,/," + kCodeA + "\n"
      "红十字志愿队,登记,社会团体,志愿服务,昆都仑区民政局,2014-09-11,\"800,000元\",,,,," + kCodeB + "\n";
  ImportResult r = import_text(reg, text);
  CHECK(r.added == 2);
  Org a = org::find(reg, kCodeA);
  CHECK(value(a, kFunds) == "125000.00");
  CHECK_FALSE(a[kMembers]);
  CHECK(value(a, kPartyOrg) == "false");
  CHECK_FALSE(a[kSupervisor]);
  CHECK_FALSE(a[kPhone]);
  CHECK(value(a, kAuthority) == "district");
  CHECK(value(org::find(reg, kCodeB), kFunds) == "800000.00");
}

TEST_CASE("placeholders are refused where a value is required, 无 in a count, two units of money") {
  Registry reg = test::make_registry();
  const std::string text =
      "名称,登记方式,类型,类别,登记日期,成员数,开办资金(元/万元),统一社会信用代码\n"
      "暂无,登记,社会团体,志愿服务,2014-09-10,无,200.00," + kCodeA + "\n"
      "心愿公益协会,登记,社会团体,志愿服务,-,3,200.00万元," + kCodeB + "\n";
  Error e = import_error(reg, text);
  CHECK(describe(e.diagnostics()) ==
        "orgs.csv:2:A 名称: is required [hint: '暂无' stands for nothing here: the field needs its value]\n"
        "orgs.csv:2:F 成员数: '无' is not a whole number [hint: write 0 when there are none]\n"
        "orgs.csv:2:G 开办资金(元/万元): '200.00' has no unit, and the header names two, yuan and 万 yuan "
        "[hint: write the unit in the cell (25万 or 250000元), or name one unit in the header]\n"
        "orgs.csv:3:E 登记日期: is required (the date of registration) [hint: '-' stands for nothing here: the field needs its value]\n");
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
    CHECK(contains(d.hint, "‹on_conflict›"));
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
  SUBCASE("update, dry run: the fields each row would change") {
    ImportOptions o;
    o.on_conflict = OnConflict::kUpdate;
    o.dry_run = true;
    ImportResult r = import_text(reg, changed, o);
    CHECK(r.updated == 1);
    REQUIRE(r.changes.size() == 1);
    const auto& c = r.changes[0];
    CHECK(c.key + " " + c.name + " " + c.field + " " + c.before + " → " + c.after ==
          "K0000001 心愿公益协会 phone 0472-1111111 → 0472-2222222");
    CHECK(value(org::find(reg, kCodeA), kPhone) == "0472-1111111");
    o.dry_run = false;
    CHECK(import_text(reg, changed, o).changes.empty());  // only a dry run lists them
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

TEST_CASE("a tab or line break in a one-line column of a file is refused by the org checks") {
  // This reader has no rule of several lines: it refuses other control characters (the bell),
  // lets tabs and line breaks through, and the checks refuse them where a column holds one line.
  Registry reg = test::make_registry();
  const std::string head = "name,tier,type,category,street,community,registered_on,notes,address\n";
  const std::string rest = ",grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01,";
  Error e = import_error(reg, head + "\"夕阳\t红舞蹈队\"" + rest + "\"一行\n两行\",\n" + "\"晨练\r\n队\"" + rest + ",\n" +
                                  "合唱队" + rest + ",\"道\x07路\"\n");
  std::vector<std::string> said;
  for (const auto& d : e.diagnostics()) said.push_back(d.to_string());
  CHECK(said == std::vector<std::string>{
                    "orgs.csv:2:A name: holds the invisible or control character U+0009 (TAB)",
                    "orgs.csv:3:A name (line 4): holds the invisible or control character U+000D (CR)",
                    "orgs.csv:4:I address (line 6): holds the invisible or control character U+0007 (BEL)"});
  // The notes' line break is taken.
  import_text(reg, head + "夕阳红舞蹈队" + rest + "\"一行\n两行\",\n");
  CHECK(value(org::find(reg, "K0000001"), kNotes) == "一行\n两行");
}

TEST_CASE("rows updated one after another keep their own empty fields") {
  // One statement updates every row: nothing the first row set may reach the second.
  Registry reg = test::make_registry();
  io::RawRecord a = registered("心愿公益协会", kCodeA);
  set(a, kPhone, "0472-1111111");
  set(a, kFunds, "30000");
  org::add(reg, a);
  io::RawRecord b = registered("红十字志愿队", kCodeB);
  drop(b, kPhone);
  org::add(reg, b);
  REQUIRE(value(org::find(reg, kCodeB), kPhone) == "<null>");
  ImportOptions o;
  o.on_conflict = OnConflict::kUpdate;
  const ImportResult r = import_text(reg, "credit_code,notes\n" + kCodeA + ",第一行\n" + kCodeB + ",第二行\n", o);
  CHECK(r.updated == 2);
  const Org after = org::find(reg, kCodeB);
  CHECK(value(after, kNotes) == "第二行");
  CHECK(value(after, kPhone) == "<null>");
  CHECK(value(after, kFunds) == "<null>");
  CHECK(value(org::find(reg, kCodeA), kPhone) == "0472-1111111");
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
    text += "舞蹈队" + std::to_string(i) + ",grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015/2/3" +
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
