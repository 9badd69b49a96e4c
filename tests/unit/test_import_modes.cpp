// The first import into an empty registry loads in bulk (indexes dropped and rebuilt); later
// imports check row by row. Both must accept and refuse the same files with the same
// problems, and store the same organizations.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "error.h"
#include "fixture.h"
#include "org/org.h"

using kunqu::Error;
using namespace kunqu;

namespace {

struct Outcome {
  bool ok = false;
  std::set<std::tuple<int, std::string, std::string>> problems;  // line, field, message
  std::vector<std::string> rows;                                  // every org but the key
};

// Imports `csv` into a registry with the Kundulun profile, empty (a bulk load) or already
// holding one unrelated org (row by row).
Outcome import_into(const std::string& csv, bool empty) {
  auto reg = registry::Registry::in_memory(test::test_session());
  {
    std::ifstream p(KUNQU_EXAMPLES_DIR "/kundulun/profile.toml");
    auto prof = profile::parse(p, "profile.toml");
    registry::Transaction tx(reg);
    profile::store(reg, prof);
    tx.commit();
  }
  if (!empty) {
    org::add(reg, test::make_record({{org::kName, "包头市昆都仑区另一个协会"},
                                     {org::kTier, "registered"},
                                     {org::kType, "social_group"},
                                     {org::kCategory, "other"},
                                     {org::kCreditCode, test::make_code('1', "150203", "MJ777777")},
                                     {org::kRegisteredOn, "2015-01-01"}}));
  }
  Outcome out;
  std::istringstream in(csv);
  io::ReadOptions ro;
  ro.format = io::InputFormat::kCsv;
  ro.table_name = "org";
  ro.resolve = org::resolve_header;
  io::RecordReader reader(in, "f.csv", ro);
  try {
    org::import(reg, reader, {});
    out.ok = true;
  } catch (const Error& e) {
    // Keys differ between the two registries by design.
    static const std::regex key("K[0-9]{7}");
    for (const auto& d : e.diagnostics()) out.problems.emplace(d.line, d.field, std::regex_replace(d.message, key, "K…"));
  }
  auto columns = org::all_fields();
  columns.erase(columns.begin());  // keys differ by design
  org::Filter f;
  f.sort = "name";
  org::list_each(reg, f, columns, [&](const io::Row& r) {
    std::string line;
    for (const auto& v : r) line += v.value_or("∅") + "|";
    if (line.find("另一个协会") == std::string::npos) out.rows.push_back(line);
  });
  return out;
}

std::string file(const char* name) {
  std::ifstream in(std::string(KUNQU_EXAMPLES_DIR "/kundulun/") + name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void same_outcome(const std::string& csv) {
  Outcome bulk = import_into(csv, true), rows = import_into(csv, false);
  CHECK(bulk.ok == rows.ok);
  CHECK(bulk.rows == rows.rows);
  // Bulk repeats found while rebuilding indexes carry no column; compare lines, fields, words.
  auto show = [](const Outcome& o) {
    std::string s;
    for (const auto& [line, field, message] : o.problems) s += std::to_string(line) + " " + field + ": " + message + "\n";
    return s;
  };
  CAPTURE(show(bulk));
  CAPTURE(show(rows));
  CHECK(bulk.problems == rows.problems);
}

const char* kHeader = "name,tier,type,category,street,community,hub,credit_code,filing_no,registered_on,status,status_date\n";

}  // namespace

TEST_CASE("bulk and row-by-row imports agree on the example district") {
  auto bulk = import_into(file("orgs.csv"), true);
  auto rows = import_into(file("orgs.csv"), false);
  REQUIRE(bulk.ok);
  REQUIRE(rows.ok);
  CHECK(bulk.rows.size() == 502);
  CHECK(bulk.rows == rows.rows);
}

TEST_CASE("bulk and row-by-row imports agree on hubs: forward, by name, by key, filed, deregistered") {
  std::string hub = test::make_code('2', "150203", "MJ888001");
  std::string dead = test::make_code('1', "150203", "MJ888002");
  same_outcome(std::string(kHeader) +
               "甲队,grassroots,social_group,other,林荫路街道,林荫路社区," + hub + ",,,2015-06-01,,\n" +
               "林荫路街道某中心,registered,social_service,other,林荫路街道,,,"+ hub + ",,2015-05-01,,\n" +
               "乙队,grassroots,social_group,other,林荫路街道,林荫路社区,林荫路街道某中心,,,2015-06-02,,\n" +
               "丙队,grassroots,social_group,other,林荫路街道,林荫路社区,甲队,,,2015-06-03,,\n" +
               "已注销协会,registered,social_group,other,林荫路街道,,," + dead + ",,2015-01-01,deregistered,2015-03-01\n" +
               "丁队,grassroots,social_group,other,林荫路街道,林荫路社区," + dead + ",,,2015-06-04,,\n" +
               "戊队,grassroots,social_group,other,林荫路街道,林荫路社区,没有这个,,,2015-06-04,,\n");
}

TEST_CASE("bulk and row-by-row imports agree on rows repeating each other") {
  std::string code = test::make_code('1', "150203", "MJ888003");
  same_outcome(std::string(kHeader) +
               "协会甲,registered,social_group,other,林荫路街道,,," + code + ",,2015-01-01,,\n" +
               "协会乙,registered,social_group,other,林荫路街道,,," + code + ",,2015-01-02,,\n" +
               "甲队,grassroots,social_group,other,林荫路街道,林荫路社区,,,KQBA-2015-0001,2015-06-01,,\n" +
               "乙队,grassroots,social_group,other,林荫路街道,林荫路社区,,,KQBA-2015-0001,2015-06-01,,\n");
}

TEST_CASE("bulk and row-by-row imports agree on a clean file with the same name in two communities") {
  same_outcome(std::string(kHeader) +
               "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,林荫路社区,,,,2015-06-01,,\n" +
               "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,,,,2015-06-01,,\n");
}
