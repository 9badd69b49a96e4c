// Tests for profile: parsing the district profile TOML (every problem positioned, unknown keys
// refused), storing it, the Kundulun example, and the settings checks.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "error.h"
#include "fixture.h"
#include "profile/profile.h"

using namespace kunqu;

namespace {

profile::Profile parse_text(const std::string& text) {
  std::istringstream in(text);
  return profile::parse(in, "profile.toml");
}

// The error parse_text throws; fails the test when there is none.
Error parse_error(const std::string& text) {
  try {
    parse_text(text);
  } catch (const Error& e) {
    return e;
  }
  FAIL_CHECK("expected profile::parse to throw");
  return Error(ErrorKind::kInternal, "profile::parse threw nothing");
}

using test::contains;

std::string setting_of(const profile::Profile& p, const std::string& key) {
  for (const auto& [k, v] : p.settings)
    if (k == key) return v;
  return "<unset>";
}

}  // namespace

TEST_CASE("parse reads districts, settings, streets, communities and population") {
  auto p = parse_text(test::kTestProfile);
  CHECK(setting_of(p, "district.name") == "昆都仑区");
  CHECK(setting_of(p, "district.code") == "150203");
  CHECK(setting_of(p, "district.city") == "包头市");
  REQUIRE(p.streets.size() == 2);
  CHECK(p.streets[0].name == "林荫路街道");
  CHECK(p.streets[0].communities == std::vector<std::string>{"林荫路社区", "乌兰社区", "富强路社区"});
  REQUIRE(p.streets[0].population.size() == 1);
  CHECK(p.streets[0].population[0].year == 2015);
  CHECK(p.streets[0].population[0].residents == 59983);
  CHECK(p.streets[0].population[0].kind == "resident");
  CHECK(p.streets[1].name == "前进道街道");
  CHECK(p.streets[1].communities.size() == 2);
  REQUIRE(p.streets[1].population.size() == 1);
  CHECK(p.streets[1].population[0].kind == "resident");  // the default

  auto more = parse_text(R"(
[district]
code = 150203
density_target = 25

[settings]
filing_number_pattern = "KQ-{year}-{seq}"

[[street]]
name = "  钢铁大街街道  "
population = [{ year = 2014, residents = 1000, kind = "registered" }]
)");
  CHECK(setting_of(more, "district.code") == "150203");  // an integer is read as its digits
  CHECK(setting_of(more, "density_target") == "25");
  CHECK(setting_of(more, "filing_number_pattern") == "KQ-{year}-{seq}");
  REQUIRE(more.streets.size() == 1);
  CHECK(more.streets[0].name == "钢铁大街街道");
  CHECK(more.streets[0].population[0].kind == "registered");
}

TEST_CASE("an unknown key is an error with its position") {
  auto e = parse_error("[district]\nname = \"昆都仑区\"\n\n[[street]]\nname = \"林荫路街道\"\ncommunitys = [\"乌兰社区\"]\n");
  CHECK(e.kind() == ErrorKind::kInvalidData);
  REQUIRE(e.diagnostics().size() == 1);
  const auto& d = e.diagnostics()[0];
  CHECK(d.file == "profile.toml");
  CHECK(d.line == 6);
  CHECK(d.column == 1);
  CHECK(d.field == "communitys");
  CHECK(contains(d.message, "unknown key 'communitys'"));
  CHECK(std::string(e.what()) == "1 problem in the profile; nothing was created");

  auto top = parse_error("[district]\nname = \"x\"\n\n[distrct]\ncode = \"150203\"\n");
  REQUIRE(top.diagnostics().size() == 1);
  CHECK(top.diagnostics()[0].line == 4);
  CHECK(contains(top.diagnostics()[0].message, "unknown key 'distrct'"));
}

TEST_CASE("every problem is listed, each with its position") {
  auto e = parse_error(R"([district]
code = "15020"

[[street]]
name = "林荫路街道"
population = [{ year = 2015, residents = 100, kind = "tourists" }]

[[street]]
name = "林荫路街道"
)");
  CHECK(e.kind() == ErrorKind::kInvalidData);
  REQUIRE(e.diagnostics().size() == 3);
  CHECK(e.diagnostics()[0].field == "district.code");
  CHECK(e.diagnostics()[0].line == 2);
  CHECK(contains(e.diagnostics()[0].message, "6 digits"));
  CHECK(e.diagnostics()[1].field == "population.kind");
  CHECK(e.diagnostics()[1].line == 6);
  CHECK(contains(e.diagnostics()[1].message, "'tourists' is not resident or registered"));
  CHECK(e.diagnostics()[2].field == "street.name");
  CHECK(contains(e.diagnostics()[2].message, "appears twice"));
  for (const auto& d : e.diagnostics()) CHECK(d.line > 0);
}

TEST_CASE("bad population rows are refused") {
  SUBCASE("kind") {
    auto e = parse_error("[[street]]\nname = \"A\"\npopulation = [{ year = 2015, residents = 10, kind = \"常住\" }]\n");
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].field == "population.kind");
    CHECK(e.diagnostics()[0].line == 3);
  }
  SUBCASE("residents missing or not positive") {
    auto e = parse_error("[[street]]\nname = \"A\"\npopulation = [{ year = 2015, residents = 0 }]\n");
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].field == "population.residents");
  }
  SUBCASE("a float") {
    auto e = parse_error("[[street]]\nname = \"A\"\npopulation = [{ year = 2015, residents = 1.5e4 }]\n");
    REQUIRE_FALSE(e.diagnostics().empty());
    CHECK(e.diagnostics()[0].field == "population.residents");
  }
  SUBCASE("year out of range") {
    auto e = parse_error("[[street]]\nname = \"A\"\npopulation = [{ year = 15, residents = 10 }]\n");
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].field == "population.year");
  }
  SUBCASE("a street without a name") {
    auto e = parse_error("[[street]]\ncommunities = [\"乌兰社区\"]\n");
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].field == "street.name");
  }
}

// A community listed twice in its street, or a street with two figures for one year, would
// only fail later in store() with a bare SQLite constraint message and no position.
TEST_CASE("parse refuses a community listed twice in one street, positioned") {
  auto e = parse_error("[[street]]\nname = \"林荫路街道\"\ncommunities = [\"乌兰社区\", \"富强路社区\", \"乌兰社区\"]\n");
  CHECK(e.kind() == ErrorKind::kInvalidData);
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].line == 3);
  CHECK(contains(e.diagnostics()[0].message, "乌兰社区"));
}

TEST_CASE("parse refuses two population figures for one year of a street, positioned") {
  auto e = parse_error(
      "[[street]]\nname = \"林荫路街道\"\npopulation = [\n  { year = 2015, residents = 100 },\n"
      "  { year = 2015, residents = 200 },\n]\n");
  CHECK(e.kind() == ErrorKind::kInvalidData);
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].line == 5);
  CHECK(contains(e.diagnostics()[0].message, "2015"));
}

TEST_CASE("the same community name in two streets is fine") {
  auto p = parse_text("[[street]]\nname = \"A街道\"\ncommunities = [\"新村社区\"]\n\n"
                      "[[street]]\nname = \"B街道\"\ncommunities = [\"新村社区\"]\n");
  auto reg = registry::Registry::in_memory(test::test_session());
  registry::Transaction tx(reg);
  profile::store(reg, p);
  tx.commit();
  CHECK(profile::community_in_street(reg, "A街道", "新村社区"));
  CHECK(profile::community_in_street(reg, "B街道", "新村社区"));
}

TEST_CASE("a TOML syntax error is positioned") {
  auto e = parse_error("[district]\nname = \"昆都仑区\nx = 1\n");
  CHECK(e.kind() == ErrorKind::kInvalidData);
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].line == 2);
  CHECK(e.diagnostics()[0].file == "profile.toml");
}

TEST_CASE("the Kundulun example profile parses: 14 streets, 72 communities") {
  std::ifstream in(KUNQU_EXAMPLES_DIR "/kundulun/profile.toml");
  REQUIRE(in);
  auto p = profile::parse(in, "profile.toml");
  CHECK(p.streets.size() == 14);
  std::size_t communities = 0;
  for (const auto& s : p.streets) {
    communities += s.communities.size();
    CHECK_FALSE(s.name.empty());
    CHECK_FALSE(s.population.empty());
  }
  CHECK(communities == 72);
  CHECK(setting_of(p, "district.name") == "昆都仑区");
  CHECK(setting_of(p, "district.code") == "150203");
  CHECK(setting_of(p, "density_target") == "20");

  // Stored in a registry, the streets and communities answer the lookups org::add uses.
  auto reg = registry::Registry::in_memory(test::test_session());
  {
    registry::Transaction tx(reg);
    profile::store(reg, p);
    tx.commit();
  }
  CHECK(profile::has_streets(reg));
  CHECK(profile::street_names(reg).size() == 14);
  CHECK(profile::street_exists(reg, "林荫路街道"));
  CHECK(profile::community_in_street(reg, "林荫路街道", "乌兰社区"));
  CHECK_FALSE(profile::community_in_street(reg, "前进道街道", "乌兰社区"));
  CHECK(test::count_rows(reg, "SELECT count(*) FROM community") == 72);
  CHECK(reg.setting("district.code") == std::optional<std::string>("150203"));
}

TEST_CASE("store and the street lookups") {
  auto reg = test::make_registry(true);
  CHECK(profile::has_streets(reg));
  CHECK(profile::street_names(reg) == std::vector<std::string>{"林荫路街道", "前进道街道"});
  CHECK(profile::street_exists(reg, "前进道街道"));
  CHECK_FALSE(profile::street_exists(reg, "不存在街道"));
  CHECK(profile::community_in_street(reg, "前进道街道", "新光社区"));
  CHECK_FALSE(profile::community_in_street(reg, "林荫路街道", "新光社区"));
  CHECK(test::count_rows(reg, "SELECT count(*) FROM population") == 2);

  auto bare = test::make_registry(false);
  CHECK_FALSE(profile::has_streets(bare));
  CHECK(profile::street_names(bare).empty());
}

TEST_CASE("check_setting refuses unknown keys and bad values") {
  try {
    profile::check_setting("district.mayor", "张三");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kUsage);
    CHECK(contains(e.what(), "unknown setting 'district.mayor'"));
    CHECK(contains(e.what(), "district.code"));
  }
  for (const char* bad : {"15020", "1502033", "15O203", "", "150 203"}) {
    INFO("district.code = '" << std::string(bad) << "'");
    try {
      profile::check_setting("district.code", bad);
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kInvalidData);
      CHECK(contains(e.what(), "6 digits"));
    }
  }
  CHECK(profile::check_setting("district.code", " 150203 ") == "150203");
  CHECK(profile::check_setting("district.name", "昆都仑区") == "昆都仑区");
  CHECK(profile::check_setting("density_target", "20") == "20");
  CHECK_THROWS_AS(profile::check_setting("density_target", "twenty"), Error);
  CHECK_THROWS_AS(profile::check_setting("filing_number_pattern", "KQBA-{year}"), Error);
  CHECK(profile::check_setting("filing_number_pattern", "KQBA-{year}-{seq:04}") == "KQBA-{year}-{seq:04}");
  for (const char* bad : {"ocds-abc", "ocds-abcdefg", "OCDS-a1b2c3", "ocds_a1b2c3", "ocds-a1b2-3", ""})
    CHECK_THROWS_AS(profile::check_setting("ocds_prefix", bad), Error);
  CHECK(profile::check_setting("ocds_prefix", "ocds-a1b2c3") == "ocds-a1b2c3");
}

TEST_CASE("settings_table lists every known setting with stored value or default") {
  auto reg = test::make_registry(true);
  auto t = profile::settings_table(reg);
  REQUIRE(t.rows.size() == profile::known_settings().size());
  REQUIRE(t.columns.size() == 3);
  CHECK(t.columns[0].name == "key");
  bool saw_name = false, saw_target = false;
  for (const auto& row : t.rows) {
    if (row[0] == std::optional<std::string>("district.name")) {
      saw_name = true;
      CHECK(row[1] == std::optional<std::string>("昆都仑区"));
    }
    if (row[0] == std::optional<std::string>("density_target")) {
      saw_target = true;
      CHECK(row[1] == std::optional<std::string>("20"));  // the default
    }
  }
  CHECK(saw_name);
  CHECK(saw_target);
}
