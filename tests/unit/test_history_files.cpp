// Tests for the history files: credit events, annual checks, grades, filing reviews and the
// reviews of stays, each exported in the columns its import reads. A history recorded by the
// commands in one registry, exported and imported into another with the same orgs, exports the
// same again; a file is held to the rules of the commands (what a command refuses, the file
// refuses at its cell, nothing written); a row recorded already is a conflict, or skipped.
#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "filing/filing.h"
#include "fixture.h"
#include "incubate/incubate.h"
#include "io/csv.h"
#include "io/records.h"
#include "org/org.h"
#include "registry/registry.h"
#include "supervision/supervision.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
using test::column;
using test::contains;
using test::error_of;
namespace sv = kunqu::supervision;

namespace {

using V = std::vector<std::string>;
using Import = registry::ImportResult (*)(Registry&, io::RecordReader&, const registry::ImportOptions&);
using Resolve = std::optional<std::size_t> (*)(std::string_view);

// One kind of history file: its TOML table, headers, import and export.
struct Kind {
  const char* table;
  Resolve resolve;
  Import import;
  io::Table (*rows)(Registry&, const org::RecordFilter&);
};
const Kind kCredit{"credit_event", sv::resolve_credit_header, sv::import_credit, sv::export_credit};
const Kind kChecks{"annual_check", sv::resolve_check_header, sv::import_checks, sv::export_checks};
const Kind kGrades{"grade", sv::resolve_grade_header, sv::import_grades, sv::export_grades};
const Kind kFilingReviews{"filing_review", filing::resolve_review_header, filing::import_reviews, filing::export_reviews};
const Kind kStayReviews{"incubation_review", incubate::resolve_review_header, incubate::import_reviews,
                        incubate::export_reviews};

std::string csv_of(const io::Table& t) {
  std::ostringstream out;
  io::CsvWriter w(out);
  std::vector<std::string> head;
  for (const auto& c : t.columns) head.push_back(c.name);
  w.write_row(head);
  for (const auto& row : t.rows) w.write_row(row);
  return out.str();
}

registry::ImportResult import_text(Registry& reg, const Kind& k, const std::string& text,
                                   registry::OnConflict conflict = registry::OnConflict::kError) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.resolve = k.resolve;
  ro.table_name = k.table;
  io::RecordReader reader(in, "history.csv", ro);
  registry::ImportOptions o;
  o.on_conflict = conflict;
  return k.import(reg, reader, o);
}

std::vector<Diagnostic> problems_of(Registry& reg, const Kind& k, const std::string& text) {
  return error_of([&] { import_text(reg, k, text); }).diagnostics();
}

std::string code(int n) {
  char eight[16];
  std::snprintf(eight, sizeof eight, "MJ%06d", n);
  return test::make_code('1', "150203", eight);
}

// The same orgs in every registry: two associations registered in 2011 and a group filed in 2012.
Registry district(const std::string& now = "") {
  Registry reg = test::make_registry(true, now);
  reg.set_setting("incubator_sites", "孵化园=2");
  for (int n : {1, 2})
    org::add(reg, test::make_record({{kName, n == 1 ? "甲协会" : "乙协会"},
                                     {kTier, "registered"},
                                     {kType, "social_group"},
                                     {kCategory, "volunteer"},
                                     {kCreditCode, code(n)},
                                     {kRegisteredOn, "2011-03-01"}}));
  org::add(reg, test::make_record({{kName, "舞蹈队"},
                                   {kTier, "grassroots"},
                                   {kType, "social_group"},
                                   {kCategory, "culture_sports"},
                                   {kStreet, "林荫路街道"},
                                   {kCommunity, "乌兰社区"},
                                   {kFiledOn, "2012-01-01"}}));
  return reg;
}

long long count(Registry& reg, const std::string& sql) { return test::count_rows(reg, sql); }

}  // namespace

TEST_CASE("history files: what the commands recorded comes back the same through export and import") {
  Registry a = district();  // today is 2015-06-30
  const std::string one = code(1), two = code(2), group = "KQBA-2012-0001";
  // Credit: a fine, an order with its deadline, a listing on the abnormal list and its reversal.
  sv::CreditEvent fine{"fine", "2014-03-02", "昆都仑区民政局", "昆民罚〔2014〕2号", "5万", "", "账目不清", "", "", ""};
  sv::add_event(a, one, fine);
  sv::CreditEvent order{"rectify_order", "2014-04-01", "", "", "", "2014-06-30", "", "", "", "限期整改"};
  sv::add_event(a, two, order);
  sv::CreditEvent in{"abnormal_in", "2015-06-01", "", "", "", "", "未按时报送年度报告", "", "", ""};
  const auto listed = sv::add_event(a, two, in);
  sv::add_event(a, two, {"reversal", "2015-06-02", "", "", "", "", "录入错误", "", std::to_string(listed), ""});
  // Annual checks of three years; grades: one lowered in 2014, awarded again in 2015.
  for (const char* y : {"2011", "2012", "2013"})
    sv::add_check(a, one, {y, "pass", std::to_string(std::stoi(y) + 1) + "-05-20", "昆都仑区民政局", ""});
  sv::add_check(a, one, {"2014", "pass", "2015-05-20", "", ""});
  sv::add_check(a, two, {"2012", "basic_pass", "2013-05-20", "", "财务制度不全"});
  sv::set_grade(a, one, {"4A", "860", "2013-06-10", "昆都仑区民政局", "昆民发〔2013〕9号", ""});
  // Penalised in 2014 (the fine): the 2013 grade is lowered that year.
  sv::change_grade(a, one, std::string("3A"), "2014-04-01", "受到行政处罚");
  // Filing reviews and the reviews of a stay that ended.
  filing::review(a, group, {"2013-01-10", "pass", std::string("4"), "乌兰社区", ""});
  filing::review(a, group, {"2014-01-12", "basic_pass", std::nullopt, "", "活动减少"});
  incubate::admit(a, group, {"孵化园", "2014-02-01", "", "", "", "", ""});
  incubate::review(a, group, "2014-08-01", "58", "");
  incubate::review(a, group, "2015-01-20", "81", "");
  incubate::graduate(a, group, {"2015-02-01", "", "项目成熟", ""});

  Registry b = district();
  for (const Kind* k : {&kCredit, &kChecks, &kGrades, &kFilingReviews, &kStayReviews}) {
    CAPTURE(k->table);
    const io::Table out = k->rows(a, {});
    if (k == &kStayReviews) {
      // The stay comes first, from its own file, with the review it graduated on.
      std::istringstream in(csv_of(incubate::export_stays(a, {})));
      io::ReadOptions ro;
      ro.resolve = incubate::resolve_header;
      ro.table_name = "incubation";
      io::RecordReader reader(in, "stays.csv", ro);
      CHECK(incubate::import(b, reader, {}).added == 1);
      // Its passing review is in both files: the reviews file skips it.
      CHECK(import_text(b, *k, csv_of(out), registry::OnConflict::kSkip).added == 1);
    } else {
      CHECK(import_text(b, *k, csv_of(out)).added == out.rows.size());
    }
    const io::Table back = k->rows(b, {});
    CHECK(back.rows == out.rows);
  }
  CHECK(column(kCredit.rows(b, {}), "reverses") == V{"", "", "", "3"});
  CHECK(column(kGrades.rows(b, {}), "lowered_to") == V{"3A"});
  CHECK(column(kStayReviews.rows(b, {}), "score") == V{"58", "81"});
  CHECK(count(b, "SELECT count(*) FROM incubation WHERE status = 'graduated' AND forced IS NULL") == 1);
  // Each file is one audit entry in the importing registry.
  for (const char* action : {"credit.import", "annual_check.import", "grade.import", "filing.review.import",
                             "incubate.review.import"})
    CHECK_MESSAGE(count(b, std::string("SELECT count(*) FROM audit WHERE action = '") + action + "'") == 1, action);
  // The filters: one org, a span of dates.
  CHECK(kChecks.rows(a, {one, std::nullopt, std::nullopt}).rows.size() == 4);
  CHECK(kChecks.rows(a, {std::nullopt, std::string("2015-01-01"), std::nullopt}).rows.size() == 1);
  CHECK(kCredit.rows(a, {std::nullopt, std::nullopt, std::string("2014-12-31")}).rows.size() == 2);

  SUBCASE("again: each row is recorded already, or skipped") {
    auto ds = problems_of(b, kChecks, csv_of(kChecks.rows(a, {})));
    CHECK(ds.size() == 5);
    CHECK_DIAG(ds, "year", "the annual check of K0000001 '甲协会' for 2011 is recorded already");
    CHECK(import_text(b, kChecks, csv_of(kChecks.rows(a, {})), registry::OnConflict::kSkip).skipped == 5);
    CHECK_DIAG(problems_of(b, kCredit, csv_of(kCredit.rows(a, {}))), "date", "is recorded already");
    CHECK(import_text(b, kCredit, csv_of(kCredit.rows(a, {})), registry::OnConflict::kSkip).skipped == 4);
    CHECK(import_text(b, kGrades, csv_of(kGrades.rows(a, {})), registry::OnConflict::kSkip).skipped == 1);
    CHECK(import_text(b, kFilingReviews, csv_of(kFilingReviews.rows(a, {})), registry::OnConflict::kSkip).skipped == 2);
  }
}

TEST_CASE("history files: a file is held to the rules of the commands, every problem at its cell") {
  Registry reg = district();
  const std::string one = code(1), two = code(2);

  SUBCASE("credit events") {
    const std::string text = "org,org_name,id,kind,date,amount,deadline,reason,rule,reverses\n" +
                             one + ",甲协会,1,fine,2014-03-02,,,,,\n" +               // no amount
                             two + ",丙协会,2,warning,2014-03-02,,,,,\n" +            // not its name
                             "KQBA-2012-0001,,3,abnormal_in,2014-05-01,,,,,\n" +    // a filed group
                             one + ",,4,abnormal_out,2014-05-01,,,,,\n" +          // not listed
                             one + ",,5,reversal,2014-05-02,,,,,9\n" +             // file number of no row → registry's 9
                             one + ",,6,warning,2014-03-02,,,,,\n" + one + ",,6,warning,2014-03-03,,,,,\n";
    auto ds = problems_of(reg, kCredit, text);
    CHECK_MESSAGE(ds.size() == 6, test::describe(ds));
    CHECK_DIAG(ds, "amount", "a fine needs its amount in yuan");
    CHECK_DIAG(ds, "org_name", "'丙协会' is not the name of K0000002 '乙协会'");
    CHECK_DIAG(ds, "kind", "filed groups are outside the credit lists");
    CHECK_DIAG(ds, "kind", "is not on the abnormal-activity list");
    CHECK_DIAG(ds, "reverses", "has no credit event 9");
    CHECK_DIAG(ds, "id", "6 is given on line 7 already");
    CHECK(ds[0].line == 2);
    CHECK(count(reg, "SELECT count(*) FROM credit_event") == 0);
    // A reversal names a row of the file by the file's number.
    const std::string good = "org,id,kind,date,amount,reverses\n" + one + ",70,fine,2014-03-02,3000,\n" + one +
                             ",71,reversal,2014-03-09,,70\n";
    CHECK(import_text(reg, kCredit, good).added == 2);
    CHECK(count(reg, "SELECT count(*) FROM credit_event WHERE kind = 'reversal' AND reverses = "
                     "(SELECT id FROM credit_event WHERE kind = 'fine' AND amount = 300000)") == 1);
  }
  SUBCASE("annual checks") {
    const std::string text = "org,year,result,date\n" + one + ",2010,pass,2011-05-01\n" + one + ",2014,great,2015-05-01\n" +
                             one + ",2014,pass,2014-12-01\n" + "KQBA-2012-0001,2013,pass,2014-05-01\n" + one +
                             ",2012,pass,2013-05-20\n" + one + ",2012,fail,2013-05-21\n";
    auto ds = problems_of(reg, kChecks, text);
    CHECK_MESSAGE(ds.size() == 5, test::describe(ds));
    CHECK_DIAG(ds, "year", "registered on 2011-03-01; it has no annual check for 2010");
    CHECK_DIAG(ds, "result", "'great' is not one of pass");
    CHECK_DIAG(ds, "date", "2014-12-01 is not after the year 2014 it concludes");
    CHECK_DIAG(ds, "year", "annual checks are for registered orgs");
    CHECK_DIAG(ds, "year", "repeats line 6 of this file");
    CHECK(count(reg, "SELECT count(*) FROM annual_check") == 0);
  }
  SUBCASE("grades: Order No. 39 as grade set applies it, on the day of the grade") {
    sv::add_check(reg, one, {"2013", "pass", "2014-05-20", "", ""});
    const std::string text = "org,grade,score,date,status,lowered_to,changed_on,change_reason\n" + one +
                             ",4A,860,2014-06-10,lowered,,2014-09-01,年检基本合格\n" + two + ",4A,,2014-06-10,,,,\n" + one +
                             ",6A,,2014-07-01,,,,\n" + one + ",3A,,2014-08-01,withdrawn,,,\n";
    auto ds = problems_of(reg, kGrades, text);
    CHECK_MESSAGE(ds.size() == 5, test::describe(ds));
    CHECK_DIAG(ds, "lowered_to", "is required for a grade lowered");
    CHECK_DIAG(ds, "date", "it took no part in the annual check for 2013");
    CHECK_DIAG(ds, "grade", "'6A' is not a grade from 1A to 5A");
    CHECK_DIAG(ds, "changed_on", "is required for a grade withdrawn");
    CHECK_DIAG(ds, "change_reason", "is required for a grade withdrawn");
    // Lowered through grade lower's rules: not lower than it was is refused at lowered_to.
    auto low = problems_of(reg, kGrades, "org,grade,date,status,lowered_to,changed_on,change_reason\n" + one +
                                             ",3A,2014-06-10,lowered,4A,2014-09-01,x\n");
    CHECK_DIAG(low, "lowered_to", "4A is not lower than its grade 3A");
    CHECK(count(reg, "SELECT count(*) FROM grade") == 0);
  }
  SUBCASE("filing reviews: as the group stood on the review's day") {
    org::set_status(reg, "KQBA-2012-0001", {"filing_revoked", "2014-06-01", "长期不开展活动", "", "", "", "grassroots", "filing.revoke"});
    const std::string text = "org,date,outcome,stars\nKQBA-2012-0001,2014-03-01,pass,6\nKQBA-2012-0001,2014-07-01,pass,\n" + one +
                             ",2014-03-01,pass,\nKQBA-2012-0001,2011-12-01,pass,\n";
    auto ds = problems_of(reg, kFilingReviews, text);
    CHECK_MESSAGE(ds.size() == 4, test::describe(ds));
    CHECK_DIAG(ds, "stars", "'6' is not a star rating from 1 to 5");
    CHECK_DIAG(ds, "date", "was revoked on 2014-07-01: its filing was closed");
    CHECK_DIAG(ds, "date", "reviews are for filed groups");
    CHECK_DIAG(ds, "date", "2011-12-01 is before the filing date 2012-01-01");
    // Its years before the revocation are history, and recorded.
    CHECK(import_text(reg, kFilingReviews, "org,date,outcome\nKQBA-2012-0001,2014-03-01,pass\n").added == 1);
  }
  SUBCASE("reviews of stays: within the stay's dates") {
    incubate::admit(reg, "KQBA-2012-0001", {"孵化园", "2014-02-01", "", "", "", "", ""});
    incubate::withdraw(reg, "KQBA-2012-0001", "2014-10-01", "活动停止");
    const std::string text = "org,admitted_on,date,score\nKQBA-2012-0001,2014-02-01,2014-11-01,70\n"
                             "KQBA-2012-0001,2014-03-01,2014-04-01,70\nKQBA-2012-0001,,2014-04-01,70\n"
                             "KQBA-2012-0001,2014-02-01,2014-04-01,170\n";
    auto ds = problems_of(reg, kStayReviews, text);
    CHECK_MESSAGE(ds.size() == 4, test::describe(ds));
    CHECK_DIAG(ds, "date", "2014-11-01 is after the stay ended on 2014-10-01");
    CHECK_DIAG(ds, "admitted_on", "has no stay admitted on 2014-03-01");
    CHECK_DIAG(ds, "date", "is not in residence in the incubator");
    CHECK_DIAG(ds, "score", "'170' is not a score from 0 to 100");
    CHECK(import_text(reg, kStayReviews, "org,admitted_on,date,score\nKQBA-2012-0001,2014-02-01,2014-04-01,70\n").added == 1);
    CHECK(count(reg, "SELECT count(*) FROM incubation_review WHERE passed = 1") == 1);
  }
}

TEST_CASE("a verb's warning during an import says where: the row's cell; --strict refuses the row there") {
  Registry reg = district();
  for (const char* y : {"2013", "2014"})
    sv::add_check(reg, code(1), {y, "pass", std::to_string(std::stoi(y) + 1) + "-05-20", "", ""});
  std::vector<Diagnostic> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d); };
  const std::string text = "org,grade,date,authority\n" + code(1) + ",4A,2015-06-10,包头市民政局\n";
  reg.session().strict = true;
  auto ds = problems_of(reg, kGrades, text);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].line == 2);
  CHECK(ds[0].field == "authority");
  CHECK(test::contains(ds[0].message, "'包头市民政局' reads as the city level"));
  CHECK(warned.empty());
  CHECK(test::count_rows(reg, "SELECT count(*) FROM grade") == 0);
  reg.session().strict = false;
  CHECK(import_text(reg, kGrades, text).added == 1);
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].file == "history.csv");
  CHECK(warned[0].line == 2);
  CHECK(warned[0].column == 34);
  CHECK(warned[0].field == "authority");
  CHECK(warned[0].severity == Severity::kWarning);
}
