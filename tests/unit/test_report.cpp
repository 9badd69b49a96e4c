// Tests for reports: periods and their arguments, each section's figures on a hand-made
// registry where the right numbers are known, the period before, an empty registry, money in
// 万元 and formula neutralisation.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "contract/contract.h"
#include "error.h"
#include "incubate/incubate.h"
#include "supervision/supervision.h"
#include "fixture.h"
#include "i18n/messages.h"
#include "org/events.h"
#include "org/org.h"
#include "registry/registry.h"
#include "filing/filing.h"
#include "report/due.h"
#include "report/report.h"
#include "demand/demand.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
using test::error_of;
namespace rp = kunqu::report;

namespace {

// The value and previous of one figure ('-' when the report has no such row).
std::string figure(const io::Table& t, const std::string& metric, const std::string& dimension, const std::string& key = "") {
  for (const auto& r : t.rows)
    if (r[1] == std::optional<std::string>(metric) && r[2] == std::optional<std::string>(dimension) &&
        r[3].value_or("") == key)
      return r[4].value_or("") + " | " + r[5].value_or("") + " | " + r[6].value_or("");
  return "-";
}

Org org_at(Registry& reg, const std::string& name, const std::string& street, const std::string& filed_on) {
  return org::add(reg, test::make_record({{kName, name}, {kTier, "grassroots"}, {kType, "social_group"}, {kCategory, "culture_sports"},
                                          {kStreet, street}, {kCommunity, street == "林荫路街道" ? "乌兰社区" : "新光社区"},
                                          {kFiledOn, filed_on}}));
}

}  // namespace

TEST_CASE("report periods: months, years, last, and what is not one") {
  Registry reg = test::make_registry();
  rp::Period m = rp::month(reg, "2015-06");
  CHECK(m.from == "2015-06-01");
  CHECK(m.to == "2015-06-30");
  CHECK(rp::month(reg, "2016-02").to == "2016-02-29");
  CHECK(rp::month(reg, "last").label == "2015-05");  // the registry's clock says 2015-06-30
  CHECK(rp::previous(rp::month(reg, "2015-01")).label == "2014-12");
  CHECK(rp::year(reg, "last").label == "2014");
  CHECK(rp::previous(rp::year(reg, "2015")).to == "2014-12-31");
  Registry jan = test::make_registry(true, "2015-01-01T03:00:00Z");  // 11:00 in Shanghai
  CHECK(rp::month(jan, "last").label == "2014-12");
  for (const char* bad : {"2015-13", "2015-6", "June", "2015-06-01", ""})
    CHECK(error_of([&] { rp::month(reg, bad); }).kind() == ErrorKind::kUsage);
  for (const char* bad : {"15", "20155", "last year"}) CHECK(error_of([&] { rp::year(reg, bad); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("report periods held to today: not begun is refused, not ended is counted as of today") {
  Registry reg = test::make_registry();  // today is 2015-06-30 in Shanghai
  const std::string today = reg.today();
  REQUIRE(today == "2015-06-30");
  // Not begun: a usage error naming the period and today.
  rp::Period later = rp::month(reg, "2015-07");
  Error e = error_of([&] { rp::hold_to_today(later, today); });
  CHECK(e.kind() == ErrorKind::kUsage);
  CHECK(std::string(e.what()) == "the month 2015-07 has not begun (today is 2015-06-30)");
  rp::Period next_year = rp::year(reg, "2016");
  CHECK(std::string(error_of([&] { rp::hold_to_today(next_year, today); }).what()) ==
        "the year 2016 has not begun (today is 2015-06-30)");
  // Begun, not ended (today is its last day or before): its last day becomes today.
  rp::Period june = rp::month(reg, "2015-06");
  CHECK(rp::hold_to_today(june, today) == "the month 2015-06 has not ended; its figures are as of today, 2015-06-30");
  CHECK(june.to == "2015-06-30");
  rp::Period year = rp::year(reg, "2015");
  CHECK(rp::hold_to_today(year, today) == "the year 2015 has not ended; its figures are as of today, 2015-06-30");
  CHECK(year.from == "2015-01-01");
  CHECK(year.to == "2015-06-30");
  CHECK(rp::previous(year).to == "2014-12-31");
  Registry mid = test::make_registry(true, "2015-06-10T03:00:00Z");
  rp::Period so_far = rp::month(mid, "2015-06");
  CHECK(rp::hold_to_today(so_far, mid.today()) == "the month 2015-06 has not ended; its figures are as of today, 2015-06-10");
  CHECK(so_far.to == "2015-06-10");
  CHECK(rp::previous(so_far).label == "2015-05");
  // Ended: no warning, the period whole; "last" always has.
  rp::Period may = rp::month(reg, "2015-05");
  CHECK(rp::hold_to_today(may, today).empty());
  CHECK(may.to == "2015-05-31");
  rp::Period last = rp::month(reg, "last");
  CHECK(rp::hold_to_today(last, today).empty());
  rp::Period last_year = rp::year(reg, "last");
  CHECK(rp::hold_to_today(last_year, today).empty());
  CHECK(last_year.to == "2014-12-31");
}

TEST_CASE("report keys left blank are said in words for people, kept blank for machines") {
  io::Table t;
  t.columns = {{"section"}, {"metric"}, {"dimension"}, {"key"}, {"value"}, {"previous"}, {"change"}, {"unit"}};
  t.rows = {{std::string("orgs"), std::string("orgs"), std::string("total"), std::string(""), std::string("3")},
            {std::string("orgs"), std::string("orgs"), std::string("registration_authority"), std::string(""), std::string("2")},
            {std::string("orgs"), std::string("orgs"), std::string("registration_authority"), std::string("district"), std::string("1")},
            {std::string("orgs"), std::string("orgs"), std::string("street"), std::nullopt, std::string("1")}};
  for (auto& r : t.rows) r.resize(8);
  const io::Table words = rp::blanks_in_words(t);
  CHECK(words.rows[0][3] == std::optional<std::string>(""));  // a total has no key
  CHECK(words.rows[1][3] == std::optional<std::string>("(none: filed groups have no authority)"));
  CHECK(words.rows[2][3] == std::optional<std::string>("district"));
  CHECK(words.rows[3][3] == std::optional<std::string>("(not recorded)"));
  CHECK(t.rows[1][3] == std::optional<std::string>(""));  // the table itself keeps the blank
}

TEST_CASE("report figures: orgs as of the month's end, changes in it, density, the month before") {
  Registry reg = test::make_registry();
  org_at(reg, "甲队", "林荫路街道", "2015-04-10");
  org_at(reg, "乙队", "林荫路街道", "2015-05-20");
  org_at(reg, "丙队", "前进道街道", "2015-06-05");
  org::add(reg, test::make_record({{kName, "丁协会"}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                   {kCreditCode, test::make_code('1', "150203", "MJ400001")}, {kRegisteredOn, "2015-06-10"},
                                   {kStreet, "前进道街道"}}));
  Org gone = org_at(reg, "戊队", "前进道街道", "2015-01-10");
  org::StatusChange sc;
  sc.kind = "deregistered";
  sc.date = "2015-06-20";
  sc.reason = "dissolved";
  org::set_status(reg, *gone[kKey], sc);

  io::Table t = rp::build(reg, rp::month(reg, "2015-06"));
  CHECK(t.columns.size() == 8);
  CHECK(figure(t, "orgs", "total") == "4 | 3 | 1");        // 戊 deregistered on 06-20; 丙, 丁 new
  CHECK(figure(t, "entered", "to_date") == "5 | 3 | 2");
  CHECK(figure(t, "orgs", "tier", "registered") == "1 | 0 | 1");
  CHECK(figure(t, "orgs", "street", "前进道街道") == "2 | 1 | 1");
  CHECK(figure(t, "filed", "period") == "1 | 1 | 0");
  CHECK(figure(t, "registered", "period") == "1 | 0 | 1");
  CHECK(figure(t, "deregistered", "period") == "1 | 0 | 1");
  // Density: 4 orgs for 59,983 + 60,109 residents = 0.33 per 10,000 (half up); target 20.
  CHECK(figure(t, "residents", "district") == "120092 | 120092 | 0");
  CHECK(figure(t, "density_all", "district") == "0.33 | 0.25 | 0.08");
  CHECK(figure(t, "density_registered", "district") == "0.08 | 0.00 | 0.08");
  CHECK(figure(t, "density_all", "street", "林荫路街道") == "0.33 | 0.33 | 0.00");
  CHECK(figure(t, "target", "district") == "20.00 | 20.00 | 0.00");
  CHECK(figure(t, "population_year", "district") == "2015 | 2015 | ");
  // A year whose population is older says so.
  io::Table y2016 = rp::build(reg, rp::year(reg, "2016"));
  CHECK(figure(y2016, "population_year", "district") == "2015 | 2015 | ");
  CHECK(figure(y2016, "population_years_behind", "district") == "1 | 0 | ");
}

TEST_CASE("report figures: contracts paid, delivered and surveyed in the period; money in wan; formulas") {
  Registry reg = test::make_registry();
  const std::string code = test::make_code('1', "150203", "MJ400002");
  org::add(reg, test::make_record({{kName, "=心愿协会"}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                   {kCreditCode, code}, {kRegisteredOn, "2015-01-10"}, {kStreet, "林荫路街道"}}));
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
  contract::pay(reg, "C1", {"2015-05-05", "100000.01", "首期", "", "", ""});
  contract::pay(reg, "C1", {"2015-06-05", "0.99", "", "", "", ""});
  contract::deliver(reg, "C1", {"2015-06-01", "2015-06-30", "120", "30", "5", "", {"高龄,无偿,300,80"}, ""});
  contract::survey(reg, "C1", "2015-06-20", "phone", "8", "7", "");

  io::Table t = rp::build(reg, rp::month(reg, "2015-06"));
  CHECK(figure(t, "in_force", "total") == "1 | 1 | 0");
  CHECK(figure(t, "paid", "period") == "0.99 | 100000.01 | -99999.02");
  CHECK(figure(t, "paid", "year_to_date") == "100001.00 | 100000.01 | 0.99");
  CHECK(figure(t, "budget_left", "line", "all / all") == "50000.00 | 50000.00 | 0.00");
  CHECK(figure(t, "service_hours", "period") == "120 | 0 | 120");
  CHECK(figure(t, "persons", "period") == "80 | 0 | 80");
  CHECK(figure(t, "satisfaction", "period") == "87.5 |  | ");
  CHECK(figure(t, "signed", "period") == "0 | 0 | 0");  // signed in April
  CHECK(figure(rp::build(reg, rp::month(reg, "2015-04")), "signed_amount", "period") == "250000.00 | 0.00 | 250000.00");

  // By the kind of supplier: a company (authority 9) and a public institution (12…) beside the
  // social organization; the targets of the contracts signed in the period, with no delivery yet.
  contract::set_budget(reg, {"2015", "民政局", "elderly_care"}, "20万");
  for (auto [number, name, code2] : {std::tuple{"C2", "包头市银龄家政服务有限公司", test::make_code_with('9', '1', "150203", "MA400003")},
                                     {"C3", "昆都仑区社会福利中心", test::make_code_with('1', '2', "150203", "MB400004")}}) {
    contract::Draft x = d;
    x.number = number;
    x.provider.clear();
    x.company = name;
    x.company_code = code2;
    x.company_check_on = "2015-06-01";
    x.company_check = "信用中国查询无不良记录";
    x.field = "elderly_care";
    x.amount = "2万";
    x.starts_on = "2015-06-10";
    x.target_persons = "40";
    x.target_person_times = "400";
    contract::add(reg, x);
    contract::sign(reg, number, "2015-06-10");
  }
  contract::pay(reg, "C2", {"2015-06-15", "1万", "首期", "", "", ""});
  io::Table k = rp::build(reg, rp::month(reg, "2015-06"));
  CHECK(figure(k, "in_force", "supplier_kind", "company") == "1 | 0 | 1");
  CHECK(figure(k, "in_force", "supplier_kind", "public_institution") == "1 | 0 | 1");
  CHECK(figure(k, "in_force", "supplier_kind", "social_org") == "1 | 1 | 0");
  CHECK(figure(k, "signed_amount", "supplier_kind", "company") == "20000.00 | 0.00 | 20000.00");
  CHECK(figure(k, "signed", "supplier_kind", "social_org") == "-");  // none signed in June
  CHECK(figure(k, "paid", "supplier_kind", "company") == "10000.00 | 0.00 | 10000.00");
  CHECK(figure(k, "paid", "supplier_kind", "social_org") == "0.99 | 100000.01 | -99999.02");
  CHECK(figure(k, "target_persons", "period") == "80 | 0 | 80");
  CHECK(figure(k, "target_person_times", "period") == "800 | 0 | 800");

  rp::money_in_wan(t);
  CHECK(figure(t, "paid", "year_to_date") == "10.0001 | 10.000001 | 0.000099");
  CHECK(figure(t, "budget", "line", "all / all") == "30.00 | 30.00 | 0.00");

}

TEST_CASE("report of an empty registry and of a month with no activity: zeros, no failures") {
  Registry empty = test::make_registry(false);
  io::Table t = rp::build(empty, rp::month(empty, "2015-06"));
  CHECK(figure(t, "orgs", "total") == "0 | 0 | 0");
  CHECK(figure(t, "paid", "period") == "0.00 | 0.00 | 0.00");
  CHECK(figure(t, "population_year", "district") == "-");
  CHECK(figure(t, "target", "district") == "20.00 | 20.00 | 0.00");
  Registry quiet = test::make_registry();
  org_at(quiet, "甲队", "林荫路街道", "2015-01-10");
  io::Table m = rp::build(quiet, rp::month(quiet, "2015-03"));
  CHECK(figure(m, "orgs", "total") == "1 | 1 | 0");
  CHECK(figure(m, "filed", "period") == "0 | 0 | 0");
}

TEST_CASE("report page: self-contained, escaped, three charts with the report's figures") {
  Registry reg = test::make_registry();
  org_at(reg, "甲队", "林荫路街道", "2015-04-10");
  org::add(reg, test::make_record({{kName, "乙协会"}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                   {kCreditCode, test::make_code('1', "150203", "MJ400003")}, {kRegisteredOn, "2015-06-10"},
                                   {kStreet, "前进道街道"}}));
  org_at(reg, "丁队", "前进道街道", "2015-06-12");
  contract::set_budget(reg, {"2015", "<b>民政局</b> & 财政", ""}, "30万");  // text the page must escape
  const rp::Period p = rp::month(reg, "2015-06");
  // In English where messages are, with the report's codes in its tables.
  const std::string english = rp::html(reg, p, rp::build(reg, p));
  CHECK(test::contains(english, "<html lang=\"en\">"));
  CHECK(test::contains(english, "<title>昆都仑区 social organizations: monthly report 2015-06</title>"));
  CHECK(test::contains(english, "<h2 id=\"orgs\">Social organizations</h2>"));
  CHECK(test::contains(english, "<tr><td>orgs</td><td>tier</td><td>grassroots</td>"));
  CHECK(test::contains(english, "<title>2015-06 organizations: 3</title>"));
  // The headline first, before the charts: what a leader asks first.
  CHECK(english.find("<section id=\"headline\">") < english.find("<figure"));
  CHECK(test::contains(english, "<li>Organizations now: 3 (registered 1, grassroots 2); new this month: 2</li>\n"));
  CHECK(test::contains(english, "<li>Density: 0.25 organizations per 10,000 residents against the target of 20.00 (1.2% of it)</li>\n"));
  CHECK(test::contains(english, "<li>Incubator: in residence 0; hatched this month 0; due to leave within 90 days 0</li>\n"));
  CHECK(test::contains(english, "<li>Money: signed this month 0.00 yuan; paid this year 0.00 yuan; budget of 2015: 300000.00 yuan, "
                                "committed 0.00 yuan (0.0%), paid 0.00 yuan (0.0%)</li>\n"));
  // A blank key in words; the audit head in the footer, not among the figures.
  CHECK(test::contains(english, "<tr><td>orgs</td><td>registration_authority</td><td>(none: filed groups have no authority)</td>"));
  CHECK(english.find("<h2 id=\"registry\">") == std::string::npos);
  CHECK(english.find("<td>audit_head</td>") == std::string::npos);
  CHECK(test::contains(english, "<footer>\n<p class=\"colophon\">As of audit entry "));
  CHECK(test::contains(english, ": ‹db check› ‹sealed› with this head shows later"));
  // A year without a budget: a sentence instead of the chart, its markers said by the front end.
  const rp::Period y2014 = rp::year(reg, "2014");
  const std::string none = rp::html(reg, y2014, rp::build(reg, y2014), [](std::string_view text) {
    std::string out(text);
    const std::string marker = "‹contract budget set›";
    if (auto at = out.find(marker); at != std::string::npos) out.replace(at, marker.size(), "kunqu contract budget set");
    return out;
  });
  CHECK(none.find("chart-budget") == std::string::npos);
  CHECK(test::contains(none, "<p id=\"no-budget\">No budget is set for 2014 (set one with kunqu contract budget set).</p>"));
  CHECK(test::contains(none, "; paid this year 0.00 yuan; no budget is set for 2014</li>"));
  // In Chinese: the same page in words, codes and keys by their labels.
  kunqu::i18n::bind(KUNQU_BUILD_LOCALEDIR);
  std::string page;
  {
    kunqu::i18n::InChinese zh;
    page = rp::html(reg, p, rp::build(reg, p));
  }
  CHECK_FALSE(kunqu::i18n::chinese());
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("href=") == std::string::npos);
  CHECK(test::contains(page, "<html lang=\"zh-CN\">"));
  CHECK(test::contains(page, "<title>昆都仑区社会组织月报 2015-06</title>"));
  CHECK(test::contains(page, "<h2 id=\"orgs\">社会组织</h2>"));
  CHECK(test::contains(page, "<tr><th>指标</th><th>维度</th><th>分项</th><th>2015-06</th><th>2015-05</th><th>增减</th><th>单位</th></tr>"));
  CHECK(test::contains(page, "<tr><td>社会组织数</td><td>按登记方式</td><td>备案</td>"));
  for (const char* id : {"chart-orgs", "chart-density", "chart-budget"}) CHECK(test::contains(page, std::string("<figure id=\"") + id));
  // Organizations over the last 12 months: 1 at the end of April and May, 3 in June.
  CHECK(test::contains(page, "<title>2015-05 组织数：1</title>"));
  CHECK(test::contains(page, "<title>2015-06 组织数：3</title>"));
  CHECK(test::contains(page, "<title>2014-07 组织数：0</title>"));
  CHECK(test::contains(page, "目标 20.00"));
  CHECK(test::contains(page, "<title>前进道街道 全部组织：0.33</title>"));
  CHECK(page.find("<b>") == std::string::npos);
  CHECK(test::contains(page, "&lt;b&gt;民政局&lt;/b&gt; &amp; 财政 / 全部"));
  CHECK(test::contains(english, "&lt;b&gt;民政局&lt;/b&gt; &amp; 财政 / all"));
  CHECK(rp::orgs_over_time(reg, rp::year(reg, "2015")) == std::vector<std::pair<std::string, std::int64_t>>{{"2015", 3}});
}

TEST_CASE("report words: every code the report writes is listed, and has its Chinese words") {
  Registry reg = test::make_registry();
  org_at(reg, "甲队", "林荫路街道", "2015-04-10");
  kunqu::i18n::bind(KUNQU_BUILD_LOCALEDIR);
  const auto listed = rp::codes();
  auto known = [&](const char* context, const std::string& code) {
    for (const auto& [c, codes] : listed)
      if (c == context)
        for (const char* k : codes)
          if (code == k) return true;
    return false;
  };
  const io::Table t = rp::build(reg, rp::month(reg, "2015-06"));
  for (const auto& row : t.rows) {
    CHECK_MESSAGE(known("section", *row[0]), *row[0]);
    CHECK_MESSAGE(known("metric", *row[1]), *row[1]);
    CHECK_MESSAGE(known("dimension", *row[2]), *row[2]);
    CHECK_MESSAGE(known("unit", *row[7]), *row[7]);
  }
  kunqu::i18n::InChinese zh;
  for (const auto& group : listed)  // not a structured binding: clang cannot capture one in CHECK_MESSAGE
    for (const char* code : group.second)
      CHECK_MESSAGE(kunqu::i18n::label(group.first.c_str(), code) != code, group.first, " ", code);
  const io::Table words = rp::for_people(t);
  REQUIRE(words.rows.size() == t.rows.size());
  CHECK(words.rows[0] == io::Row{"社会组织", "社会组织数", "合计", "", "1", "1", "0", "家"});
}

TEST_CASE("report figures: credit lists and events as of the end, annual checks outstanding, the incubator") {
  Registry reg = test::make_registry();
  const std::string a = test::make_code('1', "150203", "MJ400004"), b = test::make_code('1', "150203", "MJ400005");
  for (const auto& [name, code] : {std::pair<std::string, std::string>{"甲协会", a}, {"乙协会", b}})
    org::add(reg, test::make_record({{kName, name}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                     {kCreditCode, code}, {kRegisteredOn, "2013-03-01"}, {kStreet, "林荫路街道"}}));
  // Registered on 1 July 2013: it owes no check for 2013, and 2014's like the others.
  org::add(reg, test::make_record({{kName, "丙协会"}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "volunteer"},
                                   {kCreditCode, test::make_code('1', "150203", "MJ400006")}, {kRegisteredOn, "2013-07-01"},
                                   {kStreet, "林荫路街道"}}));
  supervision::AnnualCheck check;
  check.year = "2014";
  check.result = "pass";
  check.date = "2015-06-10";
  supervision::add_check(reg, a, check);  // b's 2014 check is outstanding once May 31 has passed
  supervision::CreditEvent in;
  in.kind = "abnormal_in";
  in.date = "2015-06-15";
  supervision::add_event(reg, b, in);
  supervision::CreditEvent warning;
  warning.kind = "warning";
  warning.date = "2015-05-20";
  supervision::add_event(reg, a, warning);

  reg.set_setting("incubator_sites", "孵化园=5");
  Org g1 = org_at(reg, "甲队", "林荫路街道", "2014-01-10"), g2 = org_at(reg, "乙队", "林荫路街道", "2013-01-10");
  incubate::Admission stay;
  stay.site = "孵化园";
  stay.date = "2014-08-18";
  incubate::admit(reg, *g1[kKey], stay);
  stay.date = "2013-09-20";
  stay.term = "2y";
  incubate::admit(reg, *g2[kKey], stay);  // planned to end 2015-09-20: due within 90 days of June's end
  incubate::review(reg, *g1[kKey], "2015-05-01", "80", "");
  incubate::graduate(reg, *g1[kKey], {"2015-06-01", "", "已独立运营", ""});

  io::Table t = rp::build(reg, rp::month(reg, "2015-06"));
  CHECK(figure(t, "listed", "list", "abnormal") == "1 | 0 | 1");
  CHECK(figure(t, "events", "kind", "abnormal_in") == "1 | 0 | 1");
  CHECK(figure(t, "events", "kind", "warning") == "0 | 1 | -1");
  CHECK(figure(t, "annual_checks", "result", "pass") == "1 | 0 | 1");
  CHECK(figure(t, "annual_checks_outstanding", "year", "2014") == "2 | 0 | 2");   // b and 丙, as of June 30
  CHECK(figure(t, "annual_checks_outstanding", "year", "2013") == "0 | 2 | -2");  // May: 2013 was the last due (not 丙's)
  CHECK(figure(t, "in_residence", "site", "孵化园") == "1 | 2 | -1");
  CHECK(figure(t, "graduated", "timing", "early") == "1 | 0 | 1");
  CHECK(figure(t, "orgs_admitted", "to_date") == "2 | 2 | 0");
  CHECK(figure(t, "orgs_graduated", "to_date") == "1 | 0 | 1");
  CHECK(figure(t, "due", "within", "90d") == "1 | 0 | 1");
}

TEST_CASE("every month of a year from the events: what stood at its end, what happened in it") {
  Registry reg = test::make_registry();
  Org a = org_at(reg, "甲队", "林荫路街道", "2012-05-01");  // revoked 2013-03-01, deregistered 2013-09-01
  Org b = org_at(reg, "乙队", "林荫路街道", "2012-07-01");  // suspended 2013-02-10 to 2013-04-20, then deregistered 2014
  Org c = org_at(reg, "丙队", "前进道街道", "2013-06-15");  // filed in June 2013
  Org d = org_at(reg, "丁队", "前进道街道", "2013-01-20");  // a suspension recorded by mistake, corrected
  auto decide = [&](const Org& o, const std::string& kind, const std::string& date, const std::string& reason = "") {
    org::StatusChange s;
    s.kind = kind;
    s.date = date;
    s.reason = reason;
    org::set_status(reg, *o[kKey], s);
  };
  // Recorded out of order, as an office catching up with its files would.
  decide(b, "deregistered", "2014-03-01", "dissolved");
  decide(a, "deregistered", "2013-09-01", "other");
  decide(a, "revoked", "2013-03-01", "长期不开展活动");
  decide(b, "suspended", "2013-02-10");
  decide(b, "reinstated", "2013-04-20");
  decide(d, "suspended", "2013-05-05");
  org::Correction fix;
  fix.reason = "误录";
  org::correct(reg, *d[kKey], 6, fix);

  // month: standing at its end | suspended, revoked, deregistered, filed in it
  const std::vector<std::string> expected = {
      "2013-01: 3 | 0 0 0 1", "2013-02: 3 | 1 0 0 0", "2013-03: 2 | 0 1 0 0", "2013-04: 2 | 0 0 0 0",
      "2013-05: 2 | 0 0 0 0", "2013-06: 3 | 0 0 0 1", "2013-07: 3 | 0 0 0 0", "2013-08: 3 | 0 0 0 0",
      "2013-09: 3 | 0 0 1 0", "2013-10: 3 | 0 0 0 0", "2013-11: 3 | 0 0 0 0", "2013-12: 3 | 0 0 0 0"};
  std::vector<std::string> got;
  for (int m = 1; m <= 12; ++m) {
    const std::string label = fmt::format("2013-{:02d}", m);
    io::Table t = rp::build(reg, rp::month(reg, label));
    auto now = [&](const std::string& metric, const std::string& dim) {
      std::string f = figure(t, metric, dim);
      return f.substr(0, f.find(' '));
    };
    got.push_back(label + ": " + now("orgs", "total") + " | " + now("suspended", "period") + " " + now("revoked", "period") +
                  " " + now("deregistered", "period") + " " + now("filed", "period"));
  }
  CHECK(got == expected);
  io::Table year = rp::build(reg, rp::year(reg, "2013"));
  CHECK(figure(year, "suspended", "period").substr(0, 1) == "1");
  CHECK(figure(year, "revoked", "period").substr(0, 1) == "1");
  CHECK(figure(year, "deregistered", "period").substr(0, 1) == "1");
  CHECK(figure(year, "orgs", "total").substr(0, 1) == "3");
  (void)c;
}

TEST_CASE("due: one list as the registry stood on the day, with what falls due within the span") {
  Registry reg = test::make_registry(true, "2016-01-10T08:00:00Z");
  org_at(reg, "甲队", "林荫路街道", "2014-06-30");  // never reviewed: due 2015-06-30
  Org b = org_at(reg, "乙队", "林荫路街道", "2014-01-01");
  filing::Review r;
  r.date = "2015-07-01";  // after the day asked: not yet there on 2015-06-30
  r.outcome = "pass";
  filing::review(reg, *b[kKey], r);
  const std::string need = std::to_string(
      demand::add(reg, {"林荫路街道", "乌兰社区", "elderly_care", "老人助餐", "hotline", "2015-04-01", "", ""}));
  demand::Update declined;
  declined.status = "declined";
  declined.date = "2015-07-05";
  declined.reason = "不属于购买服务范围";
  demand::update(reg, need, declined);
  reg.set_setting("incubator_sites", "孵化园=2");
  Org c = org_at(reg, "丙队", "林荫路街道", "2014-05-01");
  incubate::Admission stay;
  stay.site = "孵化园";
  stay.date = "2014-08-18";
  stay.until = "2015-07-10";
  incubate::admit(reg, *c[kKey], stay);
  incubate::extend(reg, *c[kKey], "2015-12-31", "项目未结项", "2015-07-05");

  auto rules_on = [&](const std::string& day, const std::string& within) {
    std::vector<std::string> out;
    for (const auto& row : rp::due(reg, day, within).rows) out.push_back(*row[1] + " " + *row[3] + " " + *row[4]);
    return out;
  };
  const std::string a_key = "K0000001", b_key = *b[kKey], c_key = *c[kKey];
  // On 2015-06-30: 甲's review and the need fall due that day, 乙's a year after its filing
  // (its review came later), 丙's a year after its; 丙's stay ends within ten days (extended
  // only after).
  CHECK(rules_on("2015-06-30", "10d") ==
        std::vector<std::string>{b_key + " filing.yearly_review 2015-01-01", c_key + " filing.yearly_review 2015-05-01",
                                 a_key + " filing.yearly_review 2015-06-30", need + " demand.unanswered 2015-06-30",
                                 c_key + " incubate.term 2015-07-10"});
  // The day before, what fell due already; a span reaching the day brings the rest.
  CHECK(rules_on("2015-06-29", "0d") ==
        std::vector<std::string>{b_key + " filing.yearly_review 2015-01-01", c_key + " filing.yearly_review 2015-05-01"});
  CHECK(rules_on("2015-06-29", "1d").size() == 4);
  CHECK(rules_on("2015-06-29", "10d").size() == 4);
  CHECK(rules_on("2015-06-29", "11d").size() == 5);
  // Later, 乙 reviewed, the need declined, the stay extended.
  CHECK(rules_on("2015-07-06", "30d") ==
        std::vector<std::string>{c_key + " filing.yearly_review 2015-05-01", a_key + " filing.yearly_review 2015-06-30"});
  CHECK(error_of([&] { rp::due(reg, "2015-06-30", "1q"); }).kind() == ErrorKind::kUsage);
  CHECK(error_of([&] { rp::due(reg, "2016-01-11", "0d"); }).kind() == ErrorKind::kUsage);
}
