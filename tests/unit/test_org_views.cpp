// Tests for reading orgs back: find by key, code or number, lists with filters and sorting, counts,
// one org's history, the registry's audit log, and the session's date.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/audit_log.h"
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
TEST_CASE("find by key, credit code or filing number") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));
  Org g = org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));

  CHECK(org::find(reg, "K0000001").id == a.id);
  CHECK(org::find(reg, "k0000001").id == a.id);
  CHECK(org::find(reg, "K1").id == a.id);
  CHECK(org::find(reg, kCodeA).id == a.id);
  CHECK(org::find(reg, " " + kCodeA + " ").id == a.id);
  CHECK(org::find(reg, "KQBA-2015-0001").id == g.id);
  CHECK(org::find(reg, "K0000002").id == g.id);
  CHECK(value(org::find(reg, "KQBA-2015-0001"), kName) == "夕阳红舞蹈队");
  // Read in the statement that finds it, as get() reads it.
  CHECK(org::find(reg, kCodeA).values == org::get_by_id(reg, a.id).values);
  CHECK(org::find(reg, "K0000002").values == org::get_by_id(reg, g.id).values);

  // A part of a name is none (the whole name finds the org: test_lookups.cpp).
  for (const char* missing : {"K0000099", "KQBA-2015-0099", "心愿公益", ""}) {
    INFO("token: '" << std::string(missing) << "'");
    Error e = error_of([&] { org::find(reg, missing); });
    CHECK(e.kind() == ErrorKind::kNotFound);
  }

  // Keys, credit codes and filing numbers never share a form, nor a value: each finds one org.
  auto refused = [&](const io::RawRecord& rec) {
    Error e = error_of([&] { org::add(reg, rec); });
    CHECK(e.kind() == ErrorKind::kInvalidData);
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0].field + ": " + e.diagnostics()[0].message;
  };
  CHECK(refused(grassroots("太极拳队", "林荫路街道", "乌兰社区", "K0000001")) ==
        "filing_no: 'K0000001' reads as an org key: a filing number may not look like one (K and digits)");
  CHECK(refused(grassroots("太极拳队", "林荫路街道", "乌兰社区", kCodeA)) ==
        "filing_no: '" + kCodeA + "' is a credit code, not a filing number");
  // A registry written before these rules may hold such a pair: the token is then ambiguous.
  Org o = org::add(reg, grassroots("太极拳队", "林荫路街道", "乌兰社区", "KQBA-2015-0009"));
  reg.exec("UPDATE org SET filing_no = 'K0000001' WHERE id = " + std::to_string(o.id));
  Error e = error_of([&] { org::find(reg, "K0000001"); });
  CHECK(e.kind() == ErrorKind::kUsage);
  // The org the key names first, then the one whose number it is.
  CHECK(std::string(e.what()) == "'K0000001' names more than one org (K0000001, " + *o[kKey] + "); use the key");
  CHECK(org::find(reg, o[kKey].value()).id == o.id);
}

TEST_CASE("history lists the add, update and status entries of one org") {
  Registry reg = test::make_registry();
  Org a = org::add(reg, registered("心愿公益协会", kCodeA));
  org::add(reg, registered("红十字志愿队", kCodeB));  // another org's entries stay out
  org::update(reg, "K0000001", test::make_record({{kPhone, "13800000000"}}), {});
  org::set_status(reg, "K0000001", {"suspended", "2015-05-01", "", "", "", "", std::nullopt, ""});
  org::update(reg, "K0000002", test::make_record({{kPhone, "13900000000"}}), {});

  io::Table h = org::history(reg, kCodeA);
  REQUIRE(h.rows.size() == 3);
  CHECK(cell(h, 0, "action") == std::optional<std::string>("org.add"));
  CHECK(cell(h, 1, "action") == std::optional<std::string>("org.update"));
  CHECK(cell(h, 2, "action") == std::optional<std::string>("org.suspend"));
  for (std::size_t i = 0; i < h.rows.size(); ++i) {
    CHECK(cell(h, i, "org") == std::optional<std::string>("K0000001"));
    CHECK(cell(h, i, "actor") == std::optional<std::string>("tester"));
    CHECK(cell(h, i, "at") == std::optional<std::string>("2015-06-30T08:00:00Z"));
  }
  CHECK(contains(cell(h, 1, "detail").value_or(""), "13800000000"));
  CHECK(error_of([&] { org::history(reg, "K0000099"); }).kind() == ErrorKind::kNotFound);
  (void)a;
}

TEST_CASE("history keeps the import batches that created and updated an org after a single edit") {
  Registry reg = test::make_registry();
  ImportResult created = import_text(reg, kHeader + "\n" + a_row() + "\n");
  REQUIRE(created.added == 1);
  ImportOptions upd;
  upd.on_conflict = OnConflict::kUpdate;
  ImportResult updated = import_text(
      reg, "name,tier,credit_code,phone\n心愿公益协会,registered," + kCodeA + ",13800000000\n", upd);
  REQUIRE(updated.updated == 1);
  {
    io::Table h = org::history(reg, "K0000001");
    REQUIRE(h.rows.size() == 2);
    CHECK(cell(h, 0, "id") == std::optional<std::string>(std::to_string(created.batch)));
    CHECK(cell(h, 1, "id") == std::optional<std::string>(std::to_string(updated.batch)));
  }
  // A single edit afterwards adds its own entry and must not lose the import that updated it.
  org::update(reg, "K0000001", test::make_record({{kRepresentative, "王芳"}}), {});
  io::Table h = org::history(reg, "K0000001");
  std::vector<std::string> actions;
  for (std::size_t i = 0; i < h.rows.size(); ++i) actions.push_back(cell(h, i, "action").value_or(""));
  CHECK(actions == std::vector<std::string>{"org.import", "org.import", "org.update"});
}

TEST_CASE("list filters, sorts and limits") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  io::RawRecord hub_in = registered("林荫路街道社会组织服务中心", kCodeHub, "social_service");
  set(hub_in, kStreet, "林荫路街道");
  set(hub_in, kCategory, "other");
  org::add(reg, hub_in);
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));
  org::add(reg, grassroots("夕阳红舞蹈队", "前进道街道", "新光社区", "KQBA-2015-0002"));
  io::RawRecord mediation = grassroots("老娘舅调解队", "前进道街道", "文化路社区", "KQBA-2015-0003");
  set(mediation, kCategory, "矛盾化解");
  org::add(reg, mediation);

  auto names = [](const io::Table& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "name").value_or(""));
    return out;
  };
  auto keys = [](const io::Table& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "key").value_or(""));
    return out;
  };
  const auto& cols = org::summary_fields();

  io::Table all = org::list(reg, {}, cols);
  CHECK(all.record_name == "org");
  REQUIRE(all.columns.size() == cols.size());
  CHECK(all.columns[0].name == "key");
  CHECK(keys(all) == std::vector<std::string>{"K0000001", "K0000002", "K0000003", "K0000004", "K0000005"});

  Filter f;
  f.tier = "grassroots";
  CHECK(keys(org::list(reg, f, cols)) == std::vector<std::string>{"K0000003", "K0000004", "K0000005"});
  f.tier = "备案";
  CHECK(org::list(reg, f, cols).rows.size() == 3);
  f.tier = "登记";
  CHECK(keys(org::list(reg, f, cols)) == std::vector<std::string>{"K0000001", "K0000002"});

  Filter by_street;
  by_street.street = "前进道街道";
  CHECK(keys(org::list(reg, by_street, cols)) == std::vector<std::string>{"K0000004", "K0000005"});
  by_street.street = "林荫路街道";
  CHECK(keys(org::list(reg, by_street, cols)) == std::vector<std::string>{"K0000002", "K0000003"});

  Filter by_category;
  by_category.category = "社区文体";
  CHECK(keys(org::list(reg, by_category, cols)) == std::vector<std::string>{"K0000003", "K0000004"});
  by_category.category = "mediation";
  CHECK(names(org::list(reg, by_category, cols)) == std::vector<std::string>{"老娘舅调解队"});

  Filter by_name;
  by_name.name = "舞蹈";
  CHECK(keys(org::list(reg, by_name, cols)) == std::vector<std::string>{"K0000003", "K0000004"});
  by_name.name = "服务中心";
  CHECK(names(org::list(reg, by_name, cols)) == std::vector<std::string>{"林荫路街道社会组织服务中心"});

  Filter sorted;
  sorted.sort = "street";
  io::Table by_place = org::list(reg, sorted, cols);
  REQUIRE(by_place.rows.size() == 5);
  // By street, then community (an org without one first within its street), orgs without a
  // street last; names compare as UTF-8 bytes (前 U+524D before 林 U+6797).
  CHECK(keys(by_place) == std::vector<std::string>{"K0000005", "K0000004", "K0000002", "K0000003", "K0000001"});
  sorted.sort = "name";
  io::Table by_name_sorted = org::list(reg, sorted, cols);
  auto sorted_names = names(by_name_sorted);
  CHECK(std::is_sorted(sorted_names.begin(), sorted_names.end()));

  Filter limited;
  limited.limit = 2;
  std::size_t total = 0;
  io::Table page = org::list(reg, limited, cols, &total);
  CHECK(page.rows.size() == 2);
  CHECK(total == 5);
  limited.tier = "grassroots";
  limited.limit = 10;
  org::list(reg, limited, cols, &total);
  CHECK(total == 3);

  Filter bad;
  bad.category = "跳舞";
  CHECK(error_of([&] { org::list(reg, bad, cols); }).kind() == ErrorKind::kUsage);
  Filter bad_sort;
  bad_sort.sort = "phone";
  CHECK(error_of([&] { org::list(reg, bad_sort, cols); }).kind() == ErrorKind::kUsage);
  Filter bad_date;
  bad_date.founded_since = "1/1/2015";
  CHECK(error_of([&] { org::list(reg, bad_date, cols); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("counts by tier and status") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));
  org::add(reg, grassroots("太极拳队", "林荫路街道", "乌兰社区", "KQBA-2015-0002"));
  org::set_status(reg, "KQBA-2015-0002", {"deregistered", "2015-06-01", "宗旨完成", "", "", "", std::nullopt, ""});
  io::Table t = org::counts(reg);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == io::Row{"registered", "active", "1"});
  CHECK(t.rows[1] == io::Row{"grassroots", "active", "1"});
  CHECK(t.rows[2] == io::Row{"grassroots", "deregistered", "1"});
}

TEST_CASE("today is the Asia/Shanghai date of the session clock") {
  SUBCASE("16:30 UTC is already the next day in Shanghai") {
    Registry reg = test::make_registry();
    reg.session().now_utc = "2015-06-30T16:30:00Z";
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    set(in, kRegisteredOn, "2015-07-01");
    CHECK(value(org::add(reg, in), kRegisteredOn) == "2015-07-01");
  }
  SUBCASE("15:59:59 UTC is still the same day") {
    Registry reg = test::make_registry();
    reg.session().now_utc = "2015-06-30T15:59:59Z";
    io::RawRecord in = registered("心愿公益协会", kCodeA);
    set(in, kRegisteredOn, "2015-07-01");
    CHECK_DIAG(add_refusal(reg, in), "registered_on", "is in the future (today is 2015-06-30)");
  }
}

TEST_CASE("audit_log filters by actor, action, batch and date, newest first") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  reg.session().actor = "王芳";
  reg.session().now_utc = "2015-07-01T02:00:00Z";
  ImportResult r = import_text(reg, "name,tier,type,category,street,community,registered_on\n"
                                    "夕阳红舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n");
  org::update(reg, "K0000001", test::make_record({{kPhone, "13800000000"}}), {});

  auto actions = [](const io::Table& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "action").value_or(""));
    return out;
  };
  CHECK(actions(registry::audit_log(reg, {})) ==
        std::vector<std::string>{"org.update", "org.import", "org.add", "db.init", "db.create"});
  registry::LogFilter by_actor;
  by_actor.actor = "王芳";
  CHECK(actions(registry::audit_log(reg, by_actor)) == std::vector<std::string>{"org.update", "org.import"});
  registry::LogFilter by_action;
  by_action.action = "org.add";
  io::Table adds = registry::audit_log(reg, by_action);
  REQUIRE(adds.rows.size() == 1);
  CHECK(cell(adds, 0, "org") == std::optional<std::string>("K0000001"));
  CHECK(cell(adds, 0, "command") == std::optional<std::string>("kunqu test"));
  registry::LogFilter by_batch;
  by_batch.batch = r.batch;
  io::Table batch = registry::audit_log(reg, by_batch);
  REQUIRE(batch.rows.size() == 1);
  CHECK(cell(batch, 0, "action") == std::optional<std::string>("org.import"));
  CHECK_FALSE(cell(batch, 0, "org").has_value());
  registry::LogFilter since;
  since.since = "2015-07-01";
  CHECK(registry::audit_log(reg, since).rows.size() == 2);
  registry::LogFilter until;
  until.until = "2015-06-30";
  CHECK(registry::audit_log(reg, until).rows.size() == 3);
  registry::LogFilter limited;
  limited.limit = 1;
  CHECK(actions(registry::audit_log(reg, limited)) == std::vector<std::string>{"org.update"});
  registry::LogFilter bad;
  bad.since = "yesterday";
  CHECK(error_of([&] { registry::audit_log(reg, bad); }).kind() == ErrorKind::kUsage);
}

TEST_CASE("audit_log --limit keeps the newest entries; --reverse lists them oldest first") {
  Registry reg = test::make_registry();  // db.create, db.init
  org::add(reg, registered("心愿公益协会", kCodeA));
  org::update(reg, "K0000001", test::make_record({{kPhone, "13800000000"}}), {});
  org::update(reg, "K0000001", test::make_record({{kPhone, "13800000001"}}), {});
  auto ids = [](const io::Table& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "id").value_or(""));
    return out;
  };
  registry::LogFilter f;
  CHECK(ids(registry::audit_log(reg, f)) == std::vector<std::string>{"5", "4", "3", "2", "1"});
  f.limit = 3;
  CHECK(ids(registry::audit_log(reg, f)) == std::vector<std::string>{"5", "4", "3"});
  f.oldest_first = true;
  CHECK(ids(registry::audit_log(reg, f)) == std::vector<std::string>{"3", "4", "5"});
  f.limit = 0;
  CHECK(ids(registry::audit_log(reg, f)) == std::vector<std::string>{"1", "2", "3", "4", "5"});
  f.limit = 10;  // more than there are
  CHECK(ids(registry::audit_log(reg, f)) == std::vector<std::string>{"1", "2", "3", "4", "5"});
}

TEST_CASE("audit_log --since and --until are district days: 16:00 UTC is midnight") {
  Registry reg = test::make_registry();  // 2015-06-30T08:00:00Z: db.create, db.init
  for (const char* at : {"2015-06-30T15:59:59Z", "2015-06-30T16:00:00Z", "2015-07-01T15:59:59Z", "2015-07-01T16:00:00Z"}) {
    reg.session().now_utc = at;
    registry::record_personal_data(reg, "phone", 1, at);
  }
  auto outputs = [&](std::optional<std::string> since, std::optional<std::string> until) {
    registry::LogFilter f;
    f.action = "personal_data.export";
    f.since = since;
    f.until = until;
    f.oldest_first = true;
    std::vector<std::string> out;
    io::Table t = registry::audit_log(reg, f);
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.push_back(cell(t, i, "at").value_or(""));
    return out;
  };
  // 2015-07-01 in the district: from 2015-06-30T16:00:00Z up to 2015-07-01T16:00:00Z.
  CHECK(outputs("2015-07-01", "2015-07-01") == std::vector<std::string>{"2015-06-30T16:00:00Z", "2015-07-01T15:59:59Z"});
  CHECK(outputs(std::nullopt, "2015-06-30") == std::vector<std::string>{"2015-06-30T15:59:59Z"});
  CHECK(outputs("2015-07-02", std::nullopt) == std::vector<std::string>{"2015-07-01T16:00:00Z"});
  CHECK(outputs("2015-07-03", std::nullopt).empty());
  registry::LogFilter bad;
  bad.until = "2015-02-30";
  Error e = error_of([&] { registry::audit_log(reg, bad); });
  CHECK(e.kind() == ErrorKind::kUsage);
  CHECK(std::string(e.what()).find("‹until›") != std::string::npos);
}
