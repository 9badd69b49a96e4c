// Tests for the organizations a report counts in one pass (report/org_counts.h): a registry
// with a history — orgs entering before, between and after the two days, decisions before,
// between and after them, one corrected, an upgrade, a street renamed between them, hub links
// and credit lists — and the exact counts of both days, as counts and as the report's rows.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "fixture.h"
#include "org/events.h"
#include "org/org.h"
#include "profile/district.h"
#include "registry/registry.h"
#include "report/org_counts.h"
#include "report/report.h"
#include "supervision/supervision.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
namespace rp = kunqu::report;

namespace {

std::string keyed(const rp::Keyed& k) {
  std::string out;
  for (const auto& [key, n] : k) out += fmt::format("{}{}={}", out.empty() ? "" : " ", key.empty() ? "-" : key, n);
  return out;
}

// One day's counts in one line.
std::string line(const rp::OrgCounts& n) {
  std::string streets;
  for (const auto& s : n.streets) streets += fmt::format("{}{}={}/{}", streets.empty() ? "" : " ", s.street, s.all, s.registered);
  return fmt::format(
      "standing {} registered {} entered {} | tier {} | type {} | category {} | authority {} | streets {} | hub {} | listed {} | "
      "checks {}:{} | new {} {} {} | decided {} {} {}",
      n.standing, n.registered, n.entered, keyed(n.tier), keyed(n.type), keyed(n.category), keyed(n.authority), streets,
      keyed(n.hub), keyed(n.listed), n.checks_due_year, n.checks_outstanding, n.new_registered, n.new_filed, n.upgraded,
      n.suspended, n.revoked, n.deregistered);
}

// The value and previous of one figure of a report ('-' when it has no such row).
std::string figure(const io::Table& t, const std::string& metric, const std::string& dimension, const std::string& key = "") {
  for (const auto& r : t.rows)
    if (r[1] == std::optional<std::string>(metric) && r[2] == std::optional<std::string>(dimension) && r[3].value_or("") == key)
      return r[4].value_or("") + " | " + r[5].value_or("");
  return "-";
}

const std::string kHubCode = test::make_code('2', "150203", "MJ500001");

Org group(Registry& reg, const std::string& name, const std::string& street, const std::string& filed_on,
          const std::string& hub = "", const std::string& category = "culture_sports") {
  auto r = test::make_record({{kName, name}, {kTier, "grassroots"}, {kType, "social_group"}, {kCategory, category},
                              {kStreet, street}, {kCommunity, street == "林荫路街道" ? "乌兰社区" : "新光社区"},
                              {kFiledOn, filed_on}});
  if (!hub.empty()) r.fields.push_back({kHub, hub, 0, 0});
  return org::add(reg, r);
}

Org registered(Registry& reg, const std::string& name, const std::string& code, const std::string& on, const std::string& street,
               const std::string& type = "social_group", const std::string& filed_on = "") {
  auto r = test::make_record({{kName, name}, {kTier, "registered"}, {kType, type}, {kCategory, "volunteer"}, {kCreditCode, code},
                              {kRegisteredOn, on}, {kStreet, street}});
  if (!filed_on.empty()) {
    r.fields.push_back({kFiledOn, filed_on, 0, 0});
    r.fields.push_back({kFilingNo, "KQBA-2014-0999", 0, 0});
  }
  return org::add(reg, r);
}

void decide(Registry& reg, const Org& o, const std::string& kind, const std::string& date) {
  org::StatusChange s;
  s.kind = kind;
  s.date = date;
  s.reason = kind == "suspended" || kind == "reinstated" ? "" : "dissolved";
  org::set_status(reg, *o[kKey], s);
}

void listing(Registry& reg, const std::string& code, const std::string& kind, const std::string& date) {
  supervision::CreditEvent e;
  e.kind = kind;
  e.date = date;
  supervision::add_event(reg, code, e);
}

}  // namespace

TEST_CASE("report counts of two days in one pass: entries, decisions, upgrades, renamed streets, hubs, lists") {
  Registry reg = test::make_registry();  // today is 2015-06-30
  const std::string lin = "林荫路街道", qian = "前进道街道";
  // The report of May 2015: the days are 2015-04-30 (the month before) and 2015-05-31.
  Org hub = registered(reg, "林荫路街道社会组织服务中心", kHubCode, "2010-01-01", lin, "social_service");
  Org chou = registered(reg, "丑协会", test::make_code('1', "150203", "MJ500002"), "2012-01-01", qian);
  Org yin = registered(reg, "寅协会", test::make_code('1', "150203", "MJ500003"), "2012-02-01", qian);
  group(reg, "甲队", lin, "2014-03-01", kHubCode, "volunteer");           // stands on both days
  group(reg, "乙队", qian, "2015-05-10", kHubCode);                        // filed between them
  registered(reg, "丙协会", test::make_code('1', "150203", "MJ500004"), "2015-05-20", qian);  // registered between
  registered(reg, "丁会", test::make_code('1', "150203", "MJ500005"), "2015-05-15", qian, "social_group",
             "2014-01-10");                                             // a filed group upgraded between them
  Org ji = group(reg, "己队", lin, "2014-06-01");                      // deregistered between them
  Org geng = group(reg, "庚队", qian, "2014-02-01", kHubCode);             // suspended in April, reinstated in May
  Org xin = group(reg, "辛队", qian, "2014-02-02");                    // a deregistration corrected
  group(reg, "壬队", lin, "2015-06-10");                               // filed after both days
  Org gui = group(reg, "癸队", lin, "2014-05-05");                     // revoked after both days
  Org zi = group(reg, "子队", qian, "2013-01-01");                     // revoked before both days
  decide(reg, ji, "deregistered", "2015-05-20");
  decide(reg, geng, "suspended", "2015-04-10");
  decide(reg, geng, "reinstated", "2015-05-05");
  decide(reg, xin, "deregistered", "2015-04-15");
  org::Correction fix;
  fix.reason = "误录";
  org::correct(reg, *xin[kKey], test::count_rows(reg, "SELECT max(id) FROM org_event"), fix);
  decide(reg, gui, "filing_revoked", "2015-06-05");
  decide(reg, zi, "filing_revoked", "2015-03-01");
  // The street 林荫路街道 is 林荫街道 from 1 May.
  profile::rename_street(reg, lin, "林荫街道", "2015-05-01");
  // Credit lists: 丑 in before April's end and out in May, 寅 in during May, the hub in after both days.
  listing(reg, *chou[kCreditCode], "abnormal_in", "2015-04-01");
  listing(reg, *chou[kCreditCode], "abnormal_out", "2015-05-25");
  listing(reg, *yin[kCreditCode], "abnormal_in", "2015-05-02");
  listing(reg, *hub[kCreditCode], "abnormal_in", "2015-06-02");
  // The 2013 annual check of the hub, submitted in May.
  supervision::AnnualCheck check;
  check.year = "2013";
  check.result = "pass";
  check.date = "2015-05-05";
  supervision::add_check(reg, *hub[kCreditCode], check);

  const rp::Period may = rp::month(reg, "2015-05"), april = rp::previous(may);
  const auto counts = rp::count_orgs(reg, {may, april});
  REQUIRE(counts.size() == 2);
  // April's end: 乙, 丙 not yet entered, 壬 later still; 子 revoked in March; 辛's deregistration
  // was a mistake; 丁 a filed group; 庚 suspended, standing.
  CHECK(line(counts[1]) ==
        "standing 9 registered 3 entered 10 | tier registered=3 grassroots=6 | type social_group=8 social_service=1 | "
        "category culture_sports=4 volunteer=5 | authority -=5 district=4 | streets 林荫路街道=4/1 前进道街道=5/2 | "
        "hub 林荫路街道社会组织服务中心=2 | listed abnormal=1 | checks 2013:3 | new 0 0 0 | decided 1 0 0");
  // May's end: 己 deregistered; 丁 upgraded; the street by its new name; 丑 off the list, 寅 on;
  // the hub's check for 2013 in.
  CHECK(line(counts[0]) ==
        "standing 10 registered 5 entered 12 | tier registered=5 grassroots=5 | type social_group=9 social_service=1 | "
        "category culture_sports=4 volunteer=6 | authority -=5 district=5 | streets 前进道街道=7/4 林荫街道=3/1 | "
        "hub 林荫路街道社会组织服务中心=3 | listed abnormal=1 | checks 2013:2 | new 1 1 1 | decided 0 0 1");

  // The same as the report's rows: now | the month before.
  io::Table t = rp::build(reg, may);
  CHECK(figure(t, "orgs", "total") == "10 | 9");
  CHECK(figure(t, "entered", "to_date") == "12 | 10");
  CHECK(figure(t, "orgs", "tier", "registered") == "5 | 3");
  CHECK(figure(t, "orgs", "street", "林荫街道") == "3 | 0");
  CHECK(figure(t, "orgs", "street", "林荫路街道") == "0 | 4");
  CHECK(figure(t, "orgs", "hub", "林荫路街道社会组织服务中心") == "3 | 2");
  CHECK(figure(t, "listed", "list", "abnormal") == "1 | 1");
  CHECK(figure(t, "upgraded", "period") == "1 | 0");
  CHECK(figure(t, "suspended", "period") == "0 | 1");
  CHECK(figure(t, "deregistered", "period") == "1 | 0");
  // Orgs over time count the same standing.
  const auto over = rp::orgs_over_time(reg, may);
  REQUIRE(over.size() == 12);
  CHECK(over[10] == std::pair<std::string, std::int64_t>{"2015-04", 9});
  CHECK(over[11] == std::pair<std::string, std::int64_t>{"2015-05", 10});
}
