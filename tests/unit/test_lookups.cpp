// Tests for the everyday look-ups: credit codes folded to upper case wherever they come in
// (add, import, a look-up), an org found by its exact name, the street and community filters
// checked against the district profile with the nearest names, and who the audit log names.
#include <doctest/doctest.h>
#include <pwd.h>
#include <unistd.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "context.h"
#include "error.h"
#include "filing/filing.h"
#include "fixture.h"
#include "io/text.h"
#include "org/org.h"
#include "org_cases.h"
#include "profile/district.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "validate/credit_code.h"

using namespace kunqu;
using namespace kunqu::org;
using namespace kunqu::test::orgs;
using kunqu::registry::Registry;
using test::contains;
using test::error_of;

namespace {

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

TEST_CASE("fold_credit_code: trimmed, full-width forms as ASCII, letters upper case") {
  CHECK(validate::fold_credit_code(" 91310115ma1k3btp2b ") == "91310115MA1K3BTP2B");
  CHECK(validate::fold_credit_code("５２１５０２０３ＭＪ") == "52150203MJ");
  CHECK(validate::fold_credit_code("K0000001") == "K0000001");
  CHECK(validate::fold_credit_code("") == "");
}

TEST_CASE("a credit code in lower case is added, imported and found in upper case") {
  Registry reg = test::make_registry();
  REQUIRE(lower(kCodeA) != kCodeA);
  SUBCASE("add") {
    Org a = org::add(reg, registered("心愿公益协会", lower(kCodeA)));
    CHECK(value(a, kCreditCode) == kCodeA);
    CHECK(test::count_rows(reg, "SELECT count(*) FROM org WHERE credit_code = '" + kCodeA + "'") == 1);
  }
  SUBCASE("import, and a hub named by its code in lower case") {
    const std::string text = kHeader + "\n" + hub_row() + "\n" +
                             "心愿公益协会,registered,social_group,volunteer,,,," + lower(kCodeA) +
                             ",,2014-08-01,2014-09-10,\n" +
                             "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + lower(kCodeHub) +
                             ",,KQBA-2015-0001,2013-05-01,2015-03-01,\n";
    ImportResult r = import_text(reg, text);
    CHECK(r.added == 3);
    CHECK(value(org::find(reg, kCodeA), kName) == "心愿公益协会");
    CHECK(org::find(reg, "KQBA-2015-0001").hub_id == std::optional<std::int64_t>(org::find(reg, kCodeHub).id));
  }
  SUBCASE("a wrong check character is still refused, in upper case") {
    std::string bad = kCodeA;
    bad[17] = bad[17] == '0' ? '1' : '0';
    auto ds = add_refusal(reg, registered("心愿公益协会", lower(bad)));
    CHECK_DIAG(ds, "credit_code", "check character is");
  }
  SUBCASE("a filing number that is a credit code in lower case is still refused") {
    io::RawRecord g = grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", lower(kCodeB));
    CHECK_DIAG(add_refusal(reg, g), "filing_no", "is a credit code, not a filing number");
  }
  SUBCASE("look-ups") {
    org::add(reg, registered("心愿公益协会", kCodeA));
    CHECK(org::find(reg, lower(kCodeA)).id == 1);
    CHECK(org::find(reg, " " + lower(kCodeA) + " ").id == 1);
    CHECK(org::find(reg, "k0000001").id == 1);
  }
}

TEST_CASE("an org is found by its exact name; a name of several is a usage error listing them") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));
  org::add(reg, grassroots("夕阳红舞蹈队", "前进道街道", "新光社区", "KQBA-2015-0002"));

  CHECK(org::find(reg, "心愿公益协会").id == 1);
  CHECK(org::find(reg, " 心愿公益协会　").id == 1);  // trimmed, the ideographic space too

  Error several = error_of([&] { org::find(reg, "夕阳红舞蹈队"); });
  CHECK(several.kind() == ErrorKind::kUsage);
  CHECK(std::string(several.what()) ==
        "'夕阳红舞蹈队' is the name of 2 orgs; give the key, credit code or filing number of one:\n"
        "  K0000002  KQBA-2015-0001  林荫路街道 乌兰社区\n"
        "  K0000003  KQBA-2015-0002  前进道街道 新光社区");

  // A part of a name is no name; nor is a name with another character.
  for (const char* none : {"心愿公益", "心愿公益协会会"}) {
    Error e = error_of([&] { org::find(reg, none); });
    CHECK(e.kind() == ErrorKind::kNotFound);
    CHECK(contains(e.what(), "exact name"));
  }
  // Every verb finds through the one resolver: a filing list by its hub's name, an update.
  io::RawRecord change;
  set(change, kPhone, "0472-5430832");
  CHECK(value(org::update(reg, "心愿公益协会", change, {}), kPhone) == "0472-5430832");
}

TEST_CASE("edit_distance and nearest count characters, not bytes") {
  CHECK(io::edit_distance("", "") == 0);
  CHECK(io::edit_distance("花楼", "花楼街道") == 2);
  CHECK(io::edit_distance("沼潭街道", "沼谭街道") == 1);
  CHECK(io::edit_distance("street", "Stret") == 1);
  CHECK(io::edit_distance("shwo", "show") == 1);  // two neighbours swapped: one edit
  CHECK(io::edit_distance("ＡＢＣ社区", "abc社区") == 0);

  const std::vector<std::string> streets = {"林荫路街道", "少先路街道", "沼潭街道", "昆河镇", "团结街道", "花楼街道"};
  // Names that hold what was given come first, then the others by distance, ties in order.
  CHECK(io::nearest("花楼", streets, 4) == std::vector<std::string>{"花楼街道", "昆河镇", "沼潭街道", "团结街道"});
  CHECK(io::nearest("沼谭街道", streets, 2) == std::vector<std::string>{"沼潭街道", "团结街道"});
  CHECK(io::nearest("少先", streets, 1) == std::vector<std::string>{"少先路街道"});
  CHECK(io::nearest("x", {}, 5).empty());
  CHECK(io::nearest("a", {"b", "b", "a"}, 5) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("a street or community filter the profile does not know is a usage error naming the nearest") {
  Registry reg = test::make_registry();
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));
  Filter f;
  f.street = "林荫街道";
  Error e = error_of([&] { org::list(reg, f, summary_fields()); });
  CHECK(e.kind() == ErrorKind::kUsage);
  CHECK(std::string(e.what()) ==
        "‹street› '林荫街道' is not a street of the district profile; the nearest: 林荫路街道, 前进道街道");
  e = error_of([&] { org::stats(reg, f, "category"); });
  CHECK(e.kind() == ErrorKind::kUsage);

  f.street = "林荫路街道";
  f.community = "乌兰";
  e = error_of([&] { org::list(reg, f, summary_fields()); });
  CHECK(e.kind() == ErrorKind::kUsage);
  CHECK(std::string(e.what()) ==
        "‹community› '乌兰' is not a community of the district profile; the nearest: 乌兰社区, 新光社区, "
        "林荫路社区, 富强路社区, 文化路社区");
  filing::Filter ff;
  ff.community = "新光";
  CHECK(error_of([&] { filing::list(reg, ff); }).kind() == ErrorKind::kUsage);

  // Names it knows find what they find, nothing included.
  f.community = "乌兰社区";
  CHECK(org::list(reg, f, summary_fields()).rows.size() == 1);
  f.street = "前进道街道";
  f.community.reset();
  CHECK(org::list(reg, f, summary_fields()).rows.empty());

  // A street of the past is a name the profile knows.
  profile::rename_street(reg, "前进道街道", "前进街道", "2015-06-01");
  f.street = "前进道街道";
  CHECK(org::list(reg, f, summary_fields()).rows.empty());

  // Without a profile nothing is checked.
  Registry bare = test::make_registry(false);
  f.street = "花楼";
  CHECK(org::list(bare, f, summary_fields()).rows.empty());
}

TEST_CASE("the actor: --actor, KUNQU_ACTOR, USER, LOGNAME, then the account's name") {
  std::istringstream in;
  std::ostringstream out, err;
  auto actor = [&](std::map<std::string, std::string> env, std::optional<std::string> flag = std::nullopt) {
    cli::Context ctx(cli::Io{in, out, err}, std::move(env));
    ctx.global.actor = flag;
    const registry::Session s = ctx.session();  // as the registry names it in its audit entries
    return s.find_actor ? s.find_actor() : s.actor;
  };
  CHECK(actor({{"KUNQU_ACTOR", "cron"}, {"USER", "wangli"}, {"LOGNAME", "li"}}, "zhao") == "zhao");
  CHECK(actor({{"KUNQU_ACTOR", "cron"}, {"USER", "wangli"}, {"LOGNAME", "li"}}) == "cron");
  CHECK(actor({{"USER", "wangli"}, {"LOGNAME", "li"}}) == "wangli");
  CHECK(actor({{"LOGNAME", "li"}}) == "li");
  CHECK(actor({{"USER", ""}, {"LOGNAME", "li"}}) == "li");  // set but empty is unset
  // Neither set: the name of the account the tests run as ('unknown' only where it has none).
  const struct passwd* pw = getpwuid(geteuid());
  CHECK(actor({}) == (pw && pw->pw_name && *pw->pw_name ? std::string(pw->pw_name) : "unknown"));
}

TEST_CASE("the account's name is looked up only when an audit entry is written") {
  std::istringstream in;
  std::ostringstream out, err;
  cli::Context given(cli::Io{in, out, err}, {{"LOGNAME", "li"}});
  registry::Session s = given.session();
  CHECK(s.actor == "li");
  CHECK(!s.find_actor);
  cli::Context none(cli::Io{in, out, err}, {});
  s = none.session();
  REQUIRE(s.find_actor);
  const struct passwd* pw = getpwuid(geteuid());
  CHECK(s.find_actor() == (pw && pw->pw_name && *pw->pw_name ? std::string(pw->pw_name) : "unknown"));

  // The registry asks once, at its first audit entry, and never for a read.
  int asked = 0;
  s.find_actor = [&] {
    ++asked;
    return std::string("clerk");
  };
  Registry reg = Registry::in_memory(s);
  const int after_create = asked;  // making the registry writes its first entry
  CHECK(after_create == 1);
  CHECK(reg.prepare("SELECT count(*) FROM org").step());
  CHECK(asked == 1);
  reg.audit("test.one", std::nullopt, "{}");
  reg.audit("test.two", std::nullopt, "{}");
  CHECK(asked == 1);
  auto q = reg.prepare("SELECT group_concat(actor, ',') FROM audit WHERE action LIKE 'test.%'");
  REQUIRE(q.step());
  CHECK(q.text_or(0, "") == "clerk,clerk");
}
