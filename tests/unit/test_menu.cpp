// Tests for the menu: catalogue items and their checks, demands and their checks, the
// decisions (accepted, answered, declined, closed) and their refusals, links between contracts
// and catalogue items, the lists and the path a demand shows.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "contract/contract.h"
#include "demand/demand.h"
#include "error.h"
#include "fixture.h"
#include "io/records.h"
#include "org/org.h"
#include "registry/registry.h"
#include "report/report.h"
#include "supervision/supervision.h"

using namespace kunqu;
using namespace kunqu::org;
using kunqu::registry::Registry;
using test::column;
using test::contains;
using test::error_of;
using test::refusal;
using test::refusal_text;

namespace {

using V = std::vector<std::string>;
const std::string kCode = test::make_code('1', "150203", "MJ500001");

demand::Demand need(const std::string& description, const std::string& raised_on) {
  return {"林荫路街道", "乌兰社区", "youth", description, "居民议事会", raised_on, "60", ""};
}

// A registry with a provider, its annual check, budgets for 2014 and 2015, and a contract
// signed in each year (C14 in 2014, C15 in 2015).
Registry menu_registry() {
  Registry reg = test::make_registry();
  org::add(reg, test::make_record({{kName, "心愿协会"}, {kTier, "registered"}, {kType, "social_group"}, {kCategory, "youth"},
                                   {kCreditCode, kCode}, {kRegisteredOn, "2012-05-01"}}));
  for (const char* y : {"2012", "2013", "2014"}) {
    supervision::AnnualCheck c;
    c.year = y;
    c.result = "pass";
    c.date = std::to_string(std::stoi(y) + 1) + "-05-20";
    supervision::add_check(reg, kCode, c);
  }
  for (const char* y : {"2014", "2015"}) {
    contract::set_budget(reg, {y, "", ""}, "50万");
    contract::Draft d;
    d.number = std::string("C") + (y + 2);
    d.title = "课后托管";
    d.purchaser = "民政局";
    d.provider = kCode;
    d.field = "youth";
    d.amount = "10万";
    d.method = "单一来源";
    d.funding = "其他";
    d.starts_on = std::string(y) + "-06-01";
    d.ends_on = std::string(y) + "-12-31";
    contract::add(reg, d);
    contract::sign(reg, d.number, std::string(y) + "-06-01");
  }
  return reg;
}

}  // namespace

TEST_CASE("catalogue items: every problem at once, a code once a year, prices in fen") {
  Registry reg = menu_registry();
  auto ds = refusal([&] { catalog::add_item(reg, {"14", "", "火星", "", "", "每斤", "1.005"}); });
  CHECK_DIAG(ds, "year", "'14' is not a year");
  CHECK_DIAG(ds, "code", "is required");
  CHECK_DIAG(ds, "item", "is required");
  CHECK_DIAG(ds, "category", "'火星' is not one of");
  CHECK_DIAG(ds, "unit", "'每斤' is not one of hour");
  CHECK_DIAG(ds, "price", "more decimals");
  catalog::add_item(reg, {"2014", "QS-01", "青少年", "快乐4点半课后托管", "", "人次", "20"});
  CHECK_DIAG(refusal([&] { catalog::add_item(reg, {"2014", "QS-01", "youth", "别的", "", "hour", ""}); }), "code",
             "QS-01 is taken in the 2014 catalogue (快乐4点半课后托管)");
  catalog::add_item(reg, {"2015", "QS-01", "youth", "快乐4点半（续）", "", "person_time", "1.5万"});
  io::Table all = catalog::list_items(reg, {});
  CHECK(column(all, "code") == V{"QS-01", "QS-01"});
  CHECK(column(all, "unit") == V{"person_time", "person_time"});
  CHECK(column(all, "price_guide") == V{"20.00", "15000.00"});
  catalog::ItemFilter y;
  y.year = "2015";
  CHECK(column(catalog::list_items(reg, y), "item") == V{"快乐4点半（续）"});
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'catalog.add'") == 2);
}

TEST_CASE("links: a contract buys items of its own budget years, once") {
  Registry reg = menu_registry();
  catalog::add_item(reg, {"2014", "QS-01", "youth", "快乐4点半课后托管", "", "person_time", ""});
  CHECK(contains(refusal_text([&] { catalog::link(reg, "C15", "2014", "QS-01"); }),
                 "contract C15 is paid from the 2015 budget, not 2014: item 2014/QS-01 快乐4点半课后托管 is in another year's catalogue"));
  catalog::link(reg, "C14", "2014", "QS-01");
  CHECK(contains(refusal_text([&] { catalog::link(reg, "C14", "2014", "QS-01"); }), "buys 2014/QS-01 快乐4点半课后托管 already"));
  CHECK(error_of([&] { catalog::link(reg, "C99", "2014", "QS-01"); }).kind() == ErrorKind::kNotFound);
  CHECK(error_of([&] { catalog::link(reg, "C14", "2014", "QS-99"); }).kind() == ErrorKind::kNotFound);
  CHECK(column(catalog::item_contracts(reg, "2014", "QS-01"), "number") == V{"C14"});
  catalog::ItemFilter without;
  without.without_contract = true;
  CHECK(catalog::list_items(reg, without).rows.empty());
}

TEST_CASE("demands: checks, decisions, the path, and refusals that name the rule") {
  Registry reg = menu_registry();
  auto ds = refusal([&] { demand::add(reg, {"火星街道", "乌兰社区", "x", "", "广播", "2015-07-01", "-1", ""}); });
  CHECK_DIAG(ds, "street", "'火星街道' is not a street of the district profile");
  CHECK_DIAG(ds, "category", "'x' is not one of");
  CHECK_DIAG(ds, "description", "is required");
  CHECK_DIAG(ds, "source", "'广播' is not one of resident_meeting");
  CHECK_DIAG(ds, "raised-on", "in the future");
  CHECK_DIAG(ds, "persons", "");
  CHECK_DIAG(refusal([&] { demand::add(reg, {"林荫路街道", "新光社区", "youth", "x", "hotline", "2014-01-01", "", ""}); }),
             "community", "'新光社区' is not a community of 林荫路街道");
  const std::string a = std::to_string(demand::add(reg, need("孩子放学后无人照看", "2014-03-12")));
  const std::string b = std::to_string(demand::add(reg, need("社区广场噪音", "2014-03-20")));
  const std::string c = std::to_string(demand::add(reg, need("老人助餐", "2015-01-05")));
  CHECK(a == "1");
  catalog::add_item(reg, {"2014", "QS-01", "youth", "快乐4点半课后托管", "", "person_time", ""});

  // Accepted into an item; answered only by a signed contract that buys that item.
  demand::Update accept;
  accept.status = "accepted";
  accept.item_code = "QS-01";
  accept.item_year = "2014";
  accept.date = "2014-03-01";
  CHECK_DIAG(refusal([&] { demand::update(reg, a, accept); }), "date", "2014-03-01 is before the demand was raised (2014-03-12)");
  accept.date = "2014-04-02";
  demand::update(reg, a, accept);
  CHECK(contains(refusal_text([&] { demand::update(reg, a, accept); }), "demand 1 is accepted already: only an open demand is accepted"));
  demand::Update answer;
  answer.status = "answered";
  answer.contract = "C14";
  answer.date = "2014-06-20";
  CHECK(contains(refusal_text([&] { demand::update(reg, a, answer); }),
                 "contract C14 does not buy 2014/QS-01 快乐4点半课后托管, the item demand 1 was accepted into"));
  catalog::link(reg, "C14", "2014", "QS-01");
  answer.date = "2014-05-30";
  CHECK_DIAG(refusal([&] { demand::update(reg, a, answer); }), "date", "before contract C14 was signed (2014-06-01)");
  answer.date = "2014-06-20";
  demand::update(reg, a, answer);
  CHECK(contains(refusal_text([&] { demand::update(reg, a, answer); }), "demand 1 is answered already (by contract C14): a need is answered once"));
  CHECK(demand::answered_by(reg, a) == std::optional<std::string>("C14"));
  io::Table path = demand::show(reg, a);
  CHECK(column(path, "item_code") == V{"QS-01"});
  CHECK(column(path, "contract") == V{"C14"});
  CHECK(column(path, "provider") == V{kCode});
  CHECK(column(path, "provider_name") == V{"心愿协会"});
  CHECK(column(path, "days_to_decision") == V{"100"});

  // Declined needs a reason; a closed one stays closed; open is not a decision.
  demand::Update decline;
  decline.status = "不予采纳";
  CHECK_DIAG(refusal([&] { demand::update(reg, b, decline); }), "reason", "is required");
  decline.reason = "不属于政府购买服务范围";
  demand::update(reg, b, decline);
  demand::Update reopen;
  reopen.status = "open";
  CHECK_DIAG(refusal([&] { demand::update(reg, b, reopen); }), "status", "a demand is open only until it is decided");
  demand::Update close;
  close.status = "closed";
  demand::update(reg, b, close);
  CHECK(contains(refusal_text([&] { demand::update(reg, b, close); }), "demand 2 is closed already"));
  // A need answered directly, without a catalogue item, by a signed contract.
  demand::Update direct;
  direct.status = "answered";
  direct.contract = "C15";
  direct.date = "2015-06-10";
  demand::update(reg, c, direct);
  demand::Update edit;
  edit.persons = "80";
  demand::update(reg, c, edit);
  CHECK(column(demand::show(reg, c), "persons") == V{"80"});
  CHECK(error_of([&] { demand::update(reg, "99", edit); }).kind() == ErrorKind::kNotFound);
  CHECK(error_of([&] { demand::update(reg, "x", edit); }).kind() == ErrorKind::kUsage);

  // Lists: unanswered, older than, by item.
  demand::add(reg, need("便民维修", "2015-01-10"));
  demand::add(reg, need("法律咨询", "2015-06-01"));
  demand::Filter f;
  f.unanswered = true;
  CHECK(column(demand::list(reg, f), "description") == V{"便民维修", "法律咨询"});
  f.older_than = "90d";
  CHECK(column(demand::list(reg, f), "description") == V{"便民维修"});
  f.older_than = "ninety";
  CHECK(error_of([&] { demand::list(reg, f); }).kind() == ErrorKind::kUsage);
  CHECK(column(demand::item_demands(reg, "2014", "QS-01"), "id") == V{"1"});
  CHECK(column(demand::contract_demands(reg, "C14"), "id") == V{"1"});
  CHECK(column(demand::contract_demands(reg, "C15"), "id") == V{"3"});
  CHECK(column(catalog::contract_items(reg, "C14"), "code") == V{"QS-01"});
  CHECK(catalog::contract_items(reg, "C15").rows.empty());
  CHECK(column(demand::list(reg, {}), "status") == V{"answered", "closed", "answered", "open", "open"});
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action LIKE 'demand.%'") == 11);
}

TEST_CASE("the report's menu section: raised, decided, open, the share answered, the median days, items and money") {
  Registry reg = menu_registry();
  catalog::add_item(reg, {"2014", "QS-01", "youth", "快乐4点半课后托管", "", "person_time", ""});
  catalog::add_item(reg, {"2014", "WX-01", "household_services", "便民维修", "", "hour", ""});
  catalog::link(reg, "C14", "2014", "QS-01");
  const std::string a = std::to_string(demand::add(reg, need("孩子放学后无人照看", "2014-05-10")));
  const std::string b = std::to_string(demand::add(reg, need("课后辅导", "2014-06-01")));
  const std::string c = std::to_string(demand::add(reg, need("广场噪音", "2014-06-05")));
  demand::add(reg, need("助餐", "2014-06-20"));
  demand::Update answer;
  answer.status = "answered";
  answer.contract = "C14";
  answer.date = "2014-06-10";  // 31 days after a was raised
  demand::update(reg, a, answer);
  answer.date = "2014-06-20";  // 19 days after b
  demand::update(reg, b, answer);
  demand::Update decline;
  decline.status = "declined";
  decline.reason = "物业负责";
  decline.date = "2014-06-06";
  demand::update(reg, c, decline);

  io::Table t = report::build(reg, report::month(reg, "2014-06"));
  auto figure = [&](const std::string& metric, const std::string& dimension, const std::string& key = "") {
    for (const auto& r : t.rows)
      if (r[0] == std::optional<std::string>("menu") && r[1] == std::optional<std::string>(metric) &&
          r[2] == std::optional<std::string>(dimension) && r[3].value_or("") == key)
        return r[4].value_or("") + " | " + r[5].value_or("");
    return std::string("-");
  };
  CHECK(figure("raised", "period") == "3 | 1");
  CHECK(figure("raised", "street", "林荫路街道") == "3 | 1");
  CHECK(figure("answered", "period") == "2 | 0");
  CHECK(figure("declined", "period") == "1 | 0");
  CHECK(figure("open", "end") == "1 | 1");
  CHECK(figure("answered_share", "to_date") == "50.0 | 0.0");
  CHECK(figure("median_days_to_answer", "period") == "25.0 | ");
  CHECK(figure("items", "catalogue") == "2 | 2");
  CHECK(figure("items_without_contract", "catalogue") == "1 | 2");  // C14 was signed on June 1st
  CHECK(figure("contract_amount", "category", "youth") == "100000.00 | 0.00");
}

namespace {

registry::ImportResult import_text(Registry& reg, bool demands, const std::string& text, const registry::ImportOptions& o = {}) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.resolve = demands ? demand::resolve_header : catalog::resolve_header;
  ro.table_name = demands ? "demand" : "catalog";
  io::RecordReader reader(in, "m.csv", ro);
  return demands ? demand::import_demands(reg, reader, o) : catalog::import_items(reg, reader, o);
}

}  // namespace

TEST_CASE("demand and catalogue files: decisions replayed, problems at their cells, round trip") {
  Registry reg = menu_registry();
  const std::string catalog = "年度,项目编号,服务领域,服务项目,计量单位,指导价格,购买合同\n2014,QS-01,青少年,快乐4点半,人次,2,C14\n"
                              "2015,QS-01,youth,快乐4点半（续）,person_time,,\n";
  CHECK(import_text(reg, false, catalog).added == 2);
  CHECK(column(catalog::item_contracts(reg, "2014", "QS-01"), "number") == V{"C14"});
  auto ds = refusal([&] { import_text(reg, false, "year,code,category,item,unit,contracts\n2014,QS-01,youth,x,hour,\n2015,ZZ-01,youth,y,hour,C14\n"); });
  CHECK_MESSAGE(test::describe(ds).find("m.csv:2:B code: item QS-01 of the 2014 catalogue is recorded already") != std::string::npos,
                test::describe(ds));
  CHECK_DIAG(ds, "contracts", "contract C14 is paid from the 2014 budget, not 2015");

  const std::string head = "street,community,category,description,source,raised_on,status,status_date,item,contract,reason\n";
  const std::string good = head + "林荫路街道,乌兰社区,youth,放学后无人照看,居民议事会,2014-03-12,answered,2014-06-20,2014/QS-01,C14,\n"
                                  "林荫路街道,乌兰社区,other,停车难,hotline,2014-04-01,declined,2014-04-10,,,转城管\n"
                                  "林荫路街道,富强路社区,youth,课后辅导,survey,2015-03-01,accepted,2015-03-20,2015/QS-01,,\n";
  registry::ImportOptions dry;
  dry.dry_run = true;
  CHECK(import_text(reg, true, good, dry).added == 3);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM demand") == 0);
  CHECK(import_text(reg, true, good).added == 3);
  CHECK(column(demand::list(reg, {}), "status") == V{"answered", "declined", "accepted"});
  CHECK(column(demand::list(reg, {}), "contract") == V{"C14", "", ""});
  registry::ImportOptions skip;
  skip.on_conflict = registry::OnConflict::kSkip;
  CHECK(import_text(reg, true, good, skip).skipped == 3);
  // Export writes the file columns, with the item as YEAR/CODE.
  io::Table t = demand::export_demands(reg, {});
  CHECK(t.columns.size() == demand::file_columns().size());
  CHECK(column(t, "item") == V{"2014/QS-01", "", "2015/QS-01"});

  auto bad = refusal([&] {
    import_text(reg, true,
                head + "林荫路街道,乌兰社区,youth,新需求,居民议事会,2015-06-01,answered,2015-06-10,2015/QS-01,C15,\n"
                       "林荫路街道,乌兰社区,youth,另一个,居民议事会,2015-06-01,declined,,,,\n"
                       "林荫路街道,乌兰社区,youth,第三个,居民议事会,2015-06-01,open,,2015/QS-01,,\n"
                       "林荫路街道,乌兰社区,youth,第四个,居民议事会,2015-06-01,accepted,2015-06-02,QS-01,,\n"
                       "林荫路街道,乌兰社区,youth,第五个,居民议事会,2015-06-01,pending,,,,\n");
  });
  CHECK_DIAG(bad, "contract", "contract C15 does not buy 2015/QS-01");
  CHECK_DIAG(bad, "status_date", "is required for a demand that is declined");
  CHECK_DIAG(bad, "item", "an open demand is in no catalogue item yet");
  CHECK_DIAG(bad, "item", "'QS-01' is not YEAR/CODE");
  CHECK_DIAG(bad, "status", "'pending' is not one of open");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM demand") == 3);
}
