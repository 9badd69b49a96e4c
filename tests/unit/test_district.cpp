// Tests for profile/district: the district after db init — a year's population, a community, a
// street renamed and streets merged from a day, each audited and refused where impossible; the
// profile loaded again (renamed_from, merged_from, since); and what reports read of it: each
// street's name on a day and its residents in a year.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "error.h"
#include "fixture.h"
#include "profile/district.h"
#include "profile/profile.h"
#include "registry/registry.h"

using namespace kunqu;

namespace {

profile::Profile parse_text(const std::string& text) {
  std::istringstream in(text);
  return profile::parse(in, "profile.toml");
}

// The name the street recorded as `street` had on `day`, as a report reads it.
std::string name_on(registry::Registry& reg, const std::string& street, const std::string& day) {
  auto q = reg.prepare("SELECT " + profile::street_on_day_sql("?1", "?2"));
  q.bind(1, street).bind(2, day);
  REQUIRE(q.step());
  return q.text_or(0, "");
}

std::string residents(registry::Registry& reg, const std::string& day, int year) {
  std::string out;
  for (const auto& s : profile::residents_on(reg, day, year))
    out += s.street + "=" + std::to_string(s.residents) + "@" + std::to_string(s.year) + ";";
  return out;
}

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL_CHECK("expected an error");
  return ErrorKind::kInternal;
}

}  // namespace

TEST_CASE("a rename keeps the old street for the days before, in names and residents") {
  auto reg = test::make_registry(true);
  const auto c = profile::rename_street(reg, "林荫路街道", "林荫街道", "2016-01-01");
  CHECK(c.before == "林荫路街道");
  CHECK(c.after == "林荫街道");
  CHECK(name_on(reg, "林荫路街道", "2015-12-31") == "林荫路街道");
  CHECK(name_on(reg, "林荫路街道", "2016-01-01") == "林荫街道");
  // A record made with the new name, read for a day before it: the old name.
  CHECK(name_on(reg, "林荫街道", "2015-06-30") == "林荫路街道");
  CHECK(name_on(reg, "花楼街道", "2016-06-30") == "花楼街道");
  // The new street carries on with the communities and, without a figure of its own, the residents.
  CHECK(profile::community_in_street(reg, "林荫街道", "乌兰社区"));
  CHECK(residents(reg, "2015-12-31", 2015) == "林荫路街道=59983@2015;前进道街道=60109@2015;");
  CHECK(residents(reg, "2016-06-30", 2016) == "前进道街道=60109@2015;林荫街道=59983@2015;");
  profile::set_population(reg, "林荫街道", 2016, 60500, "resident");
  CHECK(residents(reg, "2016-06-30", 2016) == "前进道街道=60109@2015;林荫街道=60500@2016;");
  // Audited, one entry a change.
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'db.district'") == 2);
}

TEST_CASE("a merger counts the merged streets in the one they became from its day") {
  auto reg = test::make_registry(true);
  auto made = profile::merge_streets(reg, {"林荫路街道", "前进道街道"}, "林荫前进街道", "2016-03-01");
  REQUIRE(made.size() == 3);
  CHECK(made[0].what == "street");
  CHECK(name_on(reg, "前进道街道", "2016-02-29") == "前进道街道");
  CHECK(name_on(reg, "前进道街道", "2016-03-01") == "林荫前进街道");
  // Before its day the new street has no predecessor to show: it stays itself.
  CHECK(name_on(reg, "林荫前进街道", "2015-06-30") == "林荫前进街道");
  CHECK(residents(reg, "2016-06-30", 2016) == "林荫前进街道=120092@2015;");
  CHECK(profile::community_in_street(reg, "林荫前进街道", "新光社区"));
  CHECK(profile::community_in_street(reg, "林荫前进街道", "富强路社区"));
  // Into an existing street: its own figure of the year before gains the merged street's.
  auto reg2 = test::make_registry(true);
  profile::merge_streets(reg2, {"前进道街道"}, "林荫路街道", "2016-03-01");
  CHECK(residents(reg2, "2016-06-30", 2016) == "林荫路街道=120092@2015;");
  CHECK(residents(reg2, "2016-02-01", 2016) == "林荫路街道=59983@2015;前进道街道=60109@2015;");
}

TEST_CASE("impossible district changes are refused and write nothing") {
  auto reg = test::make_registry(true);
  CHECK(kind_of([&] { profile::rename_street(reg, "花楼街道", "新街道", "2016-01-01"); }) == ErrorKind::kNotFound);
  CHECK(kind_of([&] { profile::rename_street(reg, "林荫路街道", "前进道街道", "2016-01-01"); }) == ErrorKind::kInvalidData);
  CHECK(kind_of([&] { profile::rename_street(reg, "林荫路街道", "林荫街道", "2016-02-30"); }) == ErrorKind::kInvalidData);
  CHECK(kind_of([&] { profile::merge_streets(reg, {"林荫路街道"}, "新街道", "2016-01-01"); }) == ErrorKind::kInvalidData);
  CHECK(kind_of([&] { profile::merge_streets(reg, {"林荫路街道"}, "林荫路街道", "2016-01-01"); }) == ErrorKind::kInvalidData);
  CHECK(kind_of([&] { profile::set_population(reg, "林荫路街道", 2016, 0, "resident"); }) == ErrorKind::kInvalidData);
  CHECK(kind_of([&] { profile::add_community(reg, "林荫路街道", "乌兰社区"); }) == ErrorKind::kInvalidData);
  profile::rename_street(reg, "林荫路街道", "林荫街道", "2016-01-01");
  // The old name is history now: no second rename of it, nor one before the new name's day.
  CHECK(kind_of([&] { profile::rename_street(reg, "林荫路街道", "别名街道", "2016-06-01"); }) == ErrorKind::kInvalidData);
  CHECK(kind_of([&] { profile::rename_street(reg, "林荫街道", "别名街道", "2015-12-01"); }) == ErrorKind::kInvalidData);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM street") == 3);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'db.district'") == 1);
}

TEST_CASE("the profile loaded again: renames and mergers from their days, nothing removed") {
  auto reg = test::make_registry(true);
  const std::string again = std::string(test::kTestProfile) + R"(
[[street]]
name = "林荫街道"
renamed_from = "林荫路街道"
since = 2016-01-01
communities = ["林荫路社区", "乌兰社区", "富强路社区", "钢铁社区"]
population = [{ year = 2016, residents = 60500 }]
)";
  auto dry = profile::load(reg, parse_text(again), "profile.toml", "", true);
  REQUIRE(dry.size() == 3);
  CHECK(dry[0].what == "rename");
  CHECK(dry[1].what == "community");
  CHECK(dry[2].what == "population");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM street") == 2);  // a dry run writes nothing
  CHECK(profile::load(reg, parse_text(again), "profile.toml", "", false).size() == 3);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'db.district'") == 1);
  CHECK(profile::load(reg, parse_text(again), "profile.toml", "", false).empty());
  CHECK(name_on(reg, "林荫路街道", "2016-01-01") == "林荫街道");
  // A street of the registry the file leaves out is refused, naming it.
  try {
    profile::load(reg, parse_text(R"(
[[street]]
name = "前进道街道"
communities = ["文化路社区", "新光社区"]
)"),
                  "short.toml", "", false);
    FAIL_CHECK("expected a refusal");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInvalidData);
    CHECK(test::contains(e.what(), "林荫街道"));
  }
  // renamed_from needs its day; since alone means nothing.
  CHECK_THROWS_AS(parse_text("[[street]]\nname = \"甲\"\nrenamed_from = \"乙\"\n"), Error);
  CHECK_THROWS_AS(parse_text("[[street]]\nname = \"甲\"\nsince = 2016-01-01\n"), Error);
}
