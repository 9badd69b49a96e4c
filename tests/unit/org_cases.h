// What the org tests share: valid credit codes of the test district, input records built field by
// field, the refusal of an add, a CSV import from text, and cells of tables and audit details.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "org/org.h"
#include "registry/registry.h"

namespace kunqu::test::orgs {

using namespace kunqu::org;
using kunqu::registry::Registry;
using test::error_of;

inline const std::string kDistrict = "150203";  // 昆都仑区
inline const std::string kCity = "150200";      // 包头市
inline const std::string kRegion = "150000";    // 内蒙古自治区

// Credit codes used below, computed with valid check characters.
inline const std::string kCodeA = test::make_code('1', kDistrict, "MJ000001");    // social_group, district
inline const std::string kCodeB = test::make_code('1', kDistrict, "MJ000002");    // social_group, district
inline const std::string kCodeHub = test::make_code('2', kDistrict, "MJ000003");  // social_service, district
inline const std::string kCodeCity = test::make_code('1', kCity, "MJ000004");     // social_group, city
inline const std::string kCodeRegion = test::make_code('3', kRegion, "MJ000005"); // foundation, region


inline void set(io::RawRecord& r, Field f, const std::string& value) {
  for (auto& cell : r.fields)
    if (cell.field == f) {
      cell.value = value;
      return;
    }
  r.fields.push_back(io::RawField{static_cast<std::size_t>(f), value, 0, 0});
}

inline void drop(io::RawRecord& r, Field f) {
  r.fields.erase(std::remove_if(r.fields.begin(), r.fields.end(), [&](const io::RawField& c) { return c.field == f; }),
                 r.fields.end());
}

inline io::RawRecord registered(const std::string& name, const std::string& code, const std::string& type = "social_group") {
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

inline io::RawRecord grassroots(const std::string& name, const std::string& street, const std::string& community,
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


inline std::vector<Diagnostic> add_refusal(Registry& reg, const io::RawRecord& input) {
  return refusal([&] { org::add(reg, input); });
}

inline long long org_count(Registry& reg) { return test::count_rows(reg, "SELECT count(*) FROM org"); }
// Entries written by org commands (not the registry's own db.create and db.init).
inline long long audit_count(Registry& reg) { return test::count_rows(reg, "SELECT count(*) FROM audit WHERE action NOT LIKE 'db.%'"); }

inline std::string value(const Org& o, Field f) { return o[f].value_or("<null>"); }

inline ImportResult import_text(Registry& reg, const std::string& text, const ImportOptions& options = {},
                         io::InputFormat format = io::InputFormat::kCsv) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.format = format;
  ro.resolve = org::resolve_header;
  ro.table_name = "org";
  io::RecordReader reader(in, format == io::InputFormat::kCsv ? "orgs.csv" : "orgs.toml", ro);
  return org::import(reg, reader, options);
}

inline Error import_error(Registry& reg, const std::string& text, const ImportOptions& options = {},
                   io::InputFormat format = io::InputFormat::kCsv) {
  Error e = error_of([&] { import_text(reg, text, options, format); });
  CHECK_MESSAGE(e.kind() == ErrorKind::kInvalidData, e.what());
  return e;
}

// The 1-based character column of the `index`-th comma-separated cell of a CSV line without
// quotes.
inline int column_of(const std::string& line, std::size_t index) {
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
inline std::optional<std::string> cell(const io::Table& t, std::size_t row, const std::string& column) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name == column) return t.rows.at(row).at(i);
  FAIL("no column " << column);
  return std::nullopt;
}

inline std::string detail_of(Registry& reg, std::int64_t audit_id) {
  auto q = reg.prepare("SELECT detail FROM audit WHERE id = ?");
  q.bind(1, audit_id);
  REQUIRE(q.step());
  return q.text_or(0, "");
}

inline const std::string kHeader = "name,tier,type,category,street,community,hub,credit_code,filing_no,founded,registered_on,phone";

// The i-th of the many registered orgs a test file makes: a valid credit code of its own, a
// name 协会i unless given; and the i-th filing number.
inline std::string row_code(int i) { return test::make_code('1', kDistrict, "MJ" + std::to_string(100000 + i)); }
inline std::string registered_row(int i, const std::string& name = "") {
  return (name.empty() ? "协会" + std::to_string(i) : name) + ",registered,social_group,volunteer,,,," + row_code(i) +
         ",,2014-08-01,2014-09-10,";
}
inline std::string filing_of(int i) {
  std::string n = std::to_string(i);
  return "KQBA-2016-" + std::string(4 - n.size(), '0') + n;
}

inline std::string hub_row() {
  return "林荫路街道社会组织服务中心,registered,social_service,other,林荫路街道,,," + kCodeHub + ",,2012-06-29,2012-08-11,0472-5430831";
}
inline std::string a_row() { return "心愿公益协会,registered,social_group,volunteer,,,," + kCodeA + ",,2014-08-01,2014-09-10,"; }
inline const std::string kGroupRow =
    "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,林荫路街道社会组织服务中心,,KQBA-2015-0001,2013-05-01,2015-03-01,";

}  // namespace kunqu::test::orgs
