// Tests for an org's standing as dated events: the order they take effect in, refusals that
// name the event in conflict, corrections, the standing of a past day (one org, lists, counts),
// statuses from files, and the migration of a registry that kept only today's status.
#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

#include "error.h"
#include "filing/filing.h"
#include "fixture.h"
#include "org/events.h"
#include "org/org.h"
#include "org_cases.h"
#include "registry/registry.h"

using namespace kunqu;
using namespace kunqu::org;
using namespace kunqu::test::orgs;
using kunqu::registry::Registry;
using test::error_of;

namespace {

StatusChange change(const std::string& kind, const std::string& date, const std::string& reason = "") {
  StatusChange c;
  c.kind = kind;
  c.date = date;
  c.reason = reason;
  return c;
}

// The events of `token` as "date kind[ corrected]" lines, in the order they took effect.
std::string events(Registry& reg, const std::string& token) {
  std::string out;
  for (const auto& e : events_of(reg, find(reg, token))) {
    out += e.date + " " + e.kind;
    if (e.id) out += " #" + std::to_string(e.id);
    if (e.corrects) out += " corrects #" + std::to_string(*e.corrects);
    if (e.corrected_by) out += " corrected";
    out += "\n";
  }
  return out;
}

std::string status_on(Registry& reg, const std::string& token, const std::string& day) {
  auto o = as_of(reg, find(reg, token), day);
  if (!o) return "not yet";
  return value(*o, kStatus) + " " + value(*o, kStatusDate);
}

}  // namespace

TEST_CASE("events take effect by their date, whenever they are recorded") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));  // registered 2014-04-15
  // The deregistration is typed in first, the revocation before it afterwards.
  org::set_status(reg, "K0000001", change("deregistered", "2015-03-01", "other"));
  Org o = org::set_status(reg, "K0000001", change("revoked", "2014-09-01", "连续两年未参加年检"));
  CHECK(value(o, kStatus) == "deregistered");
  CHECK(value(o, kStatusDate) == "2015-03-01");
  CHECK(value(o, kStatusReason) == "other");
  CHECK(events(reg, "K0000001") == "2014-04-15 registered\n2014-09-01 revoked #2\n2015-03-01 deregistered #1\n");

  CHECK(status_on(reg, "K0000001", "2014-04-14") == "not yet");
  CHECK(status_on(reg, "K0000001", "2014-04-15") == "active <null>");
  CHECK(status_on(reg, "K0000001", "2014-08-31") == "active <null>");
  CHECK(status_on(reg, "K0000001", "2014-09-01") == "revoked 2014-09-01");
  CHECK(status_on(reg, "K0000001", "2015-02-28") == "revoked 2014-09-01");
  CHECK(status_on(reg, "K0000001", "2015-03-01") == "deregistered 2015-03-01");

  // Each change has its audit entry, with the event it recorded.
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org_event e JOIN audit a ON a.id = e.audit_id "
                              "WHERE json_extract(a.detail, '$.event') = e.id") == 2);
}

TEST_CASE("a suspension with its end, and a history that cannot be") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  StatusChange s = change("suspended", "2014-06-01");
  s.until = "2014-09-01";
  Org o = org::set_status(reg, "K0000001", s);
  CHECK(value(o, kStatus) == "active");
  CHECK(status_on(reg, "K0000001", "2014-07-10") == "suspended 2014-06-01");
  CHECK(status_on(reg, "K0000001", "2014-09-01") == "active <null>");
  CHECK(test::count_rows(reg, "SELECT count(DISTINCT audit_id) FROM org_event") == 1);

  // A reinstatement with no suspension before it, naming what the org was.
  CHECK(std::string(error_of([&] { org::set_status(reg, "K0000001", change("reinstated", "2014-05-01")); }).what()) ==
        "K0000001 '心愿公益协会': the reinstatement of 2014-05-01 needs an org that is suspended, but it was active then, "
        "since its registration of 2014-04-15");
  // An event recorded before a later one it would make impossible names that one.
  CHECK(std::string(error_of([&] { org::set_status(reg, "K0000001", change("suspended", "2014-05-01")); }).what()) ==
        "K0000001 '心愿公益协会': recording the suspension of 2014-05-01 would leave an impossible history: the suspension "
        "of 2014-06-01 (event 1) needs an org that is active, but it was suspended then, since the suspension of 2014-05-01");
  // Before the registration.
  CHECK(std::string(error_of([&] { org::set_status(reg, "K0000001", change("suspended", "2014-04-01")); }).what()) ==
        "1 problem; nothing was changed");
  // After a deregistration nothing follows, whatever order it is typed in.
  org::set_status(reg, "K0000001", change("deregistered", "2015-01-10", "dissolved"));
  CHECK(std::string(error_of([&] { org::set_status(reg, "K0000001", change("revoked", "2015-02-01")); }).what()) ==
        "K0000001 '心愿公益协会': the revocation of the registration of 2015-02-01 comes after the deregistration of "
        "2015-01-10 (event 3): nothing follows a deregistration");
  // A revoked change registration leaves the standing as it was.
  Org changed = org::set_status(reg, "K0000001", change("change_revoked", "2014-12-01", "虚假材料"));
  CHECK(value(changed, kStatus) == "deregistered");
  CHECK(events(reg, "K0000001") ==
        "2014-04-15 registered\n2014-06-01 suspended #1\n2014-09-01 reinstated #2\n2014-12-01 change_revoked #4\n"
        "2015-01-10 deregistered #3\n");
  // Nothing refused was kept.
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org_event") == 4);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE org_id = 1") == 4);
}

TEST_CASE("a correction reverses an event and keeps both") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));
  org::set_status(reg, "K0000001", change("suspended", "2015-03-01"));
  Correction c;
  c.reason = "误录";
  c.date = "2015-04-01";
  Org o = org::correct(reg, "K0000001", 1, c);
  CHECK(value(o, kStatus) == "active");
  CHECK_FALSE(o[kStatusDate].has_value());
  CHECK(events(reg, "K0000001") == "2014-04-15 registered\n2015-03-01 suspended #1 corrected\n2015-04-01 correction #2 corrects #1\n");
  CHECK(status_on(reg, "K0000001", "2015-03-15") == "active <null>");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'org.correct' AND org_id = 1") == 1);

  CHECK(std::string(error_of([&] { org::correct(reg, "K0000001", 1, c); }).what()) ==
        "K0000001 '心愿公益协会': the suspension of 2015-03-01 (event 1) was corrected already (event 2)");
  CHECK(std::string(error_of([&] { org::correct(reg, "K0000001", 2, c); }).what()) ==
        "K0000001 '心愿公益协会': the correction of 2015-04-01 (event 2) is a correction; record the event again instead");
  CHECK(error_of([&] { org::correct(reg, "K0000001", 9, c); }).kind() == ErrorKind::kNotFound);
  Correction early = c;
  early.date = "2015-02-01";
  CHECK(error_of([&] { org::correct(reg, "K0000001", 1, early); }).kind() == ErrorKind::kInvalidData);

  // Correcting a suspension that a reinstatement ended would leave the reinstatement alone.
  c.date = "2015-06-30";
  org::set_status(reg, "K0000001", change("suspended", "2015-05-01"));
  org::set_status(reg, "K0000001", change("reinstated", "2015-06-01"));
  CHECK(std::string(error_of([&] { org::correct(reg, "K0000001", 3, c); }).what()) ==
        "K0000001 '心愿公益协会': recording the correction of 2015-06-30 would leave an impossible history: the "
        "reinstatement of 2015-06-01 (event 4) needs an org that is suspended, but it was active then, since its "
        "registration of 2014-04-15");
}

TEST_CASE("lists and counts as of a day") {
  Registry reg = test::make_registry();
  org::add(reg, registered("心愿公益协会", kCodeA));  // 2014-04-15
  org::add(reg, grassroots("夕阳红舞蹈队", "林荫路街道", "乌兰社区", "KQBA-2015-0001"));  // filed 2015-03-01
  org::set_status(reg, "K0000001", change("suspended", "2014-06-01"));
  org::set_status(reg, "K0000001", change("reinstated", "2014-09-01"));

  Filter f;
  f.as_of = "2014-07-01";
  io::Table t = org::list(reg, f, {kKey, kStatus, kStatusDate});
  REQUIRE(t.rows.size() == 1);
  CHECK(*t.rows[0][1] == "suspended");
  CHECK(*t.rows[0][2] == "2014-06-01");
  f.status = "suspended";
  CHECK(org::list(reg, f, {kKey}).rows.size() == 1);
  f.as_of = "2015-06-30";
  CHECK(org::list(reg, f, {kKey}).rows.empty());

  Filter all;
  all.as_of = "2015-03-01";
  io::Table by = org::stats(reg, all, "tier");
  // The rows alone: the total is the table view's to add.
  REQUIRE(by.rows.size() == 2);
  CHECK(*by.rows[0][1] + "+" + *by.rows[1][1] == "1+1");
  all.as_of = "2015-02-28";
  CHECK(org::stats(reg, all, "tier").rows.size() == 1);

  Filter future;
  future.as_of = "2015-07-01";
  CHECK(error_of([&] { org::list(reg, future, {kKey}); }).kind() == ErrorKind::kUsage);
  future.as_of = "2015-02-30";
  CHECK(error_of([&] { org::list(reg, future, {kKey}); }).kind() == ErrorKind::kUsage);

  filing::Filter ff;
  ff.as_of = "2015-02-28";
  CHECK(filing::list(reg, ff).rows.empty());
  ff.as_of = "2015-03-01";
  CHECK(filing::list(reg, ff).rows.size() == 1);
}

TEST_CASE("a status from a file becomes an event; one the events contradict is refused at its line") {
  Registry reg = test::make_registry();
  import_text(reg, kHeader + ",status,status_date,status_reason\n" + a_row() + ",suspended,2015-01-05,\n");
  CHECK(events(reg, "K0000001") == "2014-09-10 registered\n2015-01-05 suspended #1\n");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org_event WHERE audit_id = (SELECT max(id) FROM audit)") == 1);

  ImportOptions update;
  update.on_conflict = OnConflict::kUpdate;
  // The same status again adds nothing; a later one is a new event.
  import_text(reg, kHeader + ",status,status_date,status_reason\n" + a_row() + ",suspended,2015-01-05,\n", update);
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org_event") == 1);
  import_text(reg, kHeader + ",status,status_date,status_reason\n" + a_row() + ",revoked,2015-04-01,\n", update);
  CHECK(events(reg, "K0000001") == "2014-09-10 registered\n2015-01-05 suspended #1\n2015-04-01 revoked #2\n");

  // Active again in a file: the reinstatement's date is not there.
  Error e = import_error(reg, kHeader + ",status,status_date,status_reason\n" + a_row() + ",active,,\n", update);
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].line == 2);
  CHECK(e.diagnostics()[0].field == "status");
  CHECK(e.diagnostics()[0].message ==
        "is revoked since the revocation of the registration of 2015-04-01 (event 2): a reinstatement is recorded with its "
        "date (‹org reinstate›)");
  // A suspension before the one on record, with no reinstatement between.
  Error s = import_error(reg, kHeader + ",status,status_date,status_reason\n" + a_row() + ",suspended,2014-12-01,\n", update);
  REQUIRE(s.diagnostics().size() == 1);
  CHECK(s.diagnostics()[0].message ==
        "recording the suspension of 2014-12-01 would leave an impossible history: the suspension of 2015-01-05 (event 1) "
        "needs an org that is active, but it was suspended then, since the suspension of 2014-12-01");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM org_event") == 2);
}

TEST_CASE("a load's statuses become events in the order of their dates, then of the orgs' keys") {
  Registry reg = test::make_registry();
  auto org_row = [](int i, const std::string& status, const std::string& date, const std::string& reason) {
    return "协会" + std::to_string(i) + ",registered,social_group,volunteer,,,," +
           test::make_code('1', kDistrict, "MJ" + std::to_string(100000 + i)) + ",,2014-08-01,2014-09-10,," + status + "," +
           date + "," + reason + "\n";
  };
  std::string text = kHeader + ",status,status_date,status_reason\n";
  text += org_row(1, "deregistered", "2015-06-01", "自行解散");  // a reason of the vocabulary: stored by its code
  text += org_row(2, "active", "", "");
  text += org_row(3, "revoked", "2014-11-20", "");
  text += "舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,,,KQBA-2016-0001,2013-05-01,2015-03-01,,"
          "revoked,2015-06-01,\n";
  text += org_row(5, "suspended", "2014-11-20", "年检不合格");
  ImportResult r = import_text(reg, text);
  CHECK(r.added == 5);
  auto q = reg.prepare("SELECT id, org_id, kind, on_date, coalesce(reason, ''), audit_id FROM org_event ORDER BY id");
  std::string got;
  while (q.step())
    got += std::to_string(*q.integer(0)) + " K" + std::to_string(*q.integer(1)) + " " + q.text_or(2, "") + " " +
           q.text_or(3, "") + " " + q.text_or(4, "") + (q.integer(5) == r.batch ? "" : " (another entry)") + "\n";
  CHECK(got ==
        "1 K3 revoked 2014-11-20 \n"
        "2 K5 suspended 2014-11-20 年检不合格\n"
        "3 K1 deregistered 2015-06-01 dissolved\n"
        "4 K4 filing_revoked 2015-06-01 \n");
  // What the import kept of them to record them is gone.
  CHECK(test::count_rows(reg, "SELECT count(*) FROM temp.import_status") == 0);
}

TEST_CASE("a registry that kept only today's status migrates to events, and says what it could not know") {
  test::TempDir dir;
  const std::string path = dir.file("old.db");
  {
    Registry reg = Registry::create(path, test::test_session(), std::nullopt, 9);
    test::add_old_org(reg, registered("心愿公益协会", kCodeA));
    test::add_old_org(reg, registered("读书会", kCodeB));
    test::add_old_org(reg, registered("志愿者协会", kCodeCity));
    // As the commands of schema 9 wrote a change: the org's status fields, and an entry with
    // the date and the fields that changed.
    auto status = [&](int id, const char* action, const char* st, const char* date, const std::string& detail) {
      registry::Transaction tx(reg);
      auto q = reg.prepare(
          "UPDATE org SET status = ?2, status_date = CASE WHEN ?2 = 'active' THEN NULL ELSE ?3 END, "
          "status_reason = json_extract(?4, '$.after.status_reason'), status_authority = "
          "CASE WHEN json_type(?4, '$.after.status_authority') IS NULL THEN status_authority "
          "ELSE json_extract(?4, '$.after.status_authority') END WHERE id = ?1");
      q.bind(1, id).bind(2, st).bind(3, date).bind(4, detail).run();
      if (action) reg.audit(action, id, detail);
      else reg.audit("org.import", std::nullopt, "{}");
      tx.commit();
    };
    status(1, "org.suspend", "suspended", "2014-06-01",
           R"({"date":"2014-06-01","before":{"status":"active"},"after":{"status":"suspended","status_authority":"区民政局"}})");
    status(1, "org.reinstate", "active", "2014-09-01",
           R"({"date":"2014-09-01","before":{"status":"suspended","status_date":"2014-06-01","status_authority":"区民政局"},)"
           R"("after":{"status":"active","status_date":null,"status_authority":null}})");
    status(1, "org.suspend", "suspended", "2015-01-05",
           R"({"date":"2015-01-05","before":{"status":"active"},"after":{"status":"suspended","status_date":"2015-01-05",)"
           R"("status_authority":"区民政局"}})");
    status(1, "org.revoke", "revoked", "2015-03-01",
           R"({"date":"2015-03-01","before":{"status":"suspended","status_date":"2015-01-05"},)"
           R"("after":{"status":"revoked","status_date":"2015-03-01","status_reason":"严重违法"}})");
    // 读书会: deregistered by a file; 志愿者协会: suspended by a command, then revoked by a file.
    status(2, nullptr, "deregistered", "2015-02-01", R"({"after":{}})");
    status(3, "org.suspend", "suspended", "2014-02-01",
           R"({"date":"2014-02-01","before":{"status":"active"},"after":{"status":"suspended","status_date":"2014-02-01"}})");
    status(3, nullptr, "revoked", "2014-06-01", R"({"after":{}})");
  }
  Registry reg = Registry::open(path, registry::Mode::kReadWrite, test::test_session());
  CHECK(reg.info().schema_version == registry::latest_schema_version());
  CHECK(events(reg, "K0000001") ==
        "2014-04-15 registered\n2014-06-01 suspended #1\n2014-09-01 reinstated #2\n2015-01-05 suspended #3\n"
        "2015-03-01 revoked #4\n");
  auto q = reg.prepare("SELECT authority, reason FROM org_event WHERE id = ?");
  for (auto [id, authority, reason] : std::vector<std::tuple<int, const char*, const char*>>{
           {1, "区民政局", "<null>"}, {2, "<null>", "<null>"}, {3, "区民政局", "<null>"}, {4, "区民政局", "严重违法"}}) {
    q.reset();
    q.bind(1, id);
    REQUIRE(q.step());
    CHECK(q.text_or(0, "<null>") == authority);
    CHECK(q.text_or(1, "<null>") == reason);
  }
  CHECK(events(reg, "K0000002") == "2014-04-15 registered\n2015-02-01 deregistered #6\n");
  CHECK(events(reg, "K0000003") == "2014-04-15 registered\n2014-06-01 revoked #5\n");
  CHECK(status_on(reg, "K0000003", "2014-05-01") == "active <null>");  // its suspension was not kept
  CHECK(status_on(reg, "K0000003", "2014-07-01") == "revoked 2014-06-01");
  CHECK(org::migration_notes(reg) ==
        std::vector<std::string>{
            "K0000003 '志愿者协会': its 1 status change in the audit log does not lead to its status today (revoked); "
            "only today's status is kept as an event",
            "2 orgs' statuses came from files: each status date is the one known event, and any change before it is not known"});
}

namespace {

Org hub_at(Registry& reg, const std::string& name, const std::string& code, const std::string& registered_on,
           const std::string& type = "social_service") {
  io::RawRecord r = registered(name, code, type);
  set(r, kRegisteredOn, registered_on);
  set(r, kFounded, "2000-01-01");
  return org::add(reg, r);
}

io::RawRecord group(const std::string& name, const std::string& filed_on, const std::string& hub) {
  return test::make_record({{kName, name},
                            {kTier, "grassroots"},
                            {kType, "social_group"},
                            {kCategory, "culture_sports"},
                            {kStreet, "林荫路街道"},
                            {kCommunity, "乌兰社区"},
                            {kFiledOn, filed_on},
                            {kHub, hub}});
}

std::string links(Registry& reg, const std::string& token) {
  std::string out;
  for (const auto& r : hub_links(reg, find(reg, token)).rows)
    out += r[0].value_or("") + " " + r[2].value_or("") + ".." + r[3].value_or("") + " " + r[4].value_or("") + "\n";
  return out;
}

}  // namespace

TEST_CASE("hubs over time: a link starts when the hub stands, ends when it closes, moves from a day") {
  Registry reg = test::make_registry();
  Org hub = hub_at(reg, "林荫路街道社会组织服务中心", kCodeHub, "2012-08-11");
  Org other = hub_at(reg, "林荫路社区社会组织促进会", kCodeB, "2013-01-05", "social_group");
  // A group filed before its hub was registered is linked from the hub's registration, and
  // told so.
  std::vector<std::string> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d.field + ": " + d.message); };
  Org early = org::add(reg, group("秧歌队", "2005-04-01", kCodeHub));
  CHECK(links(reg, *early[kKey]) == kCodeHub + " 2012-08-11.. \n");
  CHECK(warned == std::vector<std::string>{"hub: the link to K0000001 '林荫路街道社会组织服务中心' starts on its registration, "
                                           "2012-08-11, after the filing date 2005-04-01"});
  Org g = org::add(reg, group("老年合唱团", "2013-04-01", kCodeHub));
  CHECK(links(reg, *g[kKey]) == kCodeHub + " 2013-04-01.. \n");
  // Moved from a day: the link before ends then.
  org::move_to_hub(reg, *g[kKey], kCodeB, "2014-06-01");
  CHECK(links(reg, *g[kKey]) == kCodeHub + " 2013-04-01..2014-06-01 moved\n" + kCodeB + " 2014-06-01.. \n");
  Filter f;
  f.as_of = "2014-01-01";
  CHECK(*org::list(reg, f, {kKey, kHub}).rows.back()[1] == kCodeHub);
  f.as_of = "2014-06-01";
  CHECK(*org::list(reg, f, {kKey, kHub}).rows.back()[1] == kCodeB);
  CHECK(error_of([&] { org::move_to_hub(reg, *g[kKey], kCodeHub, "2014-05-01"); }).kind() == ErrorKind::kInvalidData);

  // The hub deregistered: its groups' links end that day, they are attached to no hub, and
  // their own changes go on.
  std::vector<std::string> detached;
  org::set_status(reg, kCodeB, change("deregistered", "2015-03-01", "dissolved"), &detached);
  CHECK(detached == std::vector<std::string>{label(find(reg, *g[kKey]))});
  CHECK(links(reg, *early[kKey]) == kCodeHub + " 2012-08-11.. \n");
  CHECK(links(reg, *g[kKey]) == kCodeHub + " 2013-04-01..2014-06-01 moved\n" + kCodeB + " 2014-06-01..2015-03-01 hub_closed\n");
  CHECK_FALSE(find(reg, *g[kKey]).hub_id.has_value());
  Org suspended = org::set_status(reg, *g[kKey], change("suspended", "2015-04-01"));
  CHECK(value(suspended, kStatus) == "suspended");
  // A closed hub takes no group.
  CHECK(std::string(error_of([&] { org::move_to_hub(reg, *g[kKey], kCodeB, "2015-05-01"); }).what()) ==
        "K0000004 '老年合唱团': K0000002 '林荫路社区社会组织促进会' was deregistered on 2015-05-01, when the link would start");
  org::move_to_hub(reg, *g[kKey], kCodeHub, "2015-05-01");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM audit WHERE action = 'filing.move'") == 2);
  (void)hub;
  (void)other;
}

TEST_CASE("hubs in files: a new group's link starts on its filing date, or its hub's registration when later") {
  Registry reg = test::make_registry();
  hub_at(reg, "林荫路街道社会组织服务中心", kCodeHub, "2012-08-11");
  std::vector<Diagnostic> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d); };
  const std::string head = "name,tier,type,category,street,community,hub,filed_on\n";
  import_text(reg, head + "甲队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + kCodeHub +
                       ",2013-01-01\n乙队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + kCodeHub +
                       ",2011-05-01\n");
  CHECK(links(reg, "K0000002") == kCodeHub + " 2013-01-01.. \n");
  CHECK(links(reg, "K0000003") == kCodeHub + " 2012-08-11.. \n");
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].line == 3);
  CHECK(warned[0].field == "hub");
}

TEST_CASE("hubs in files: a row's hub_since is when its link began, checked against the hub of that day") {
  Registry reg = test::make_registry();
  hub_at(reg, "林荫路街道社会组织服务中心", kCodeHub, "2012-08-11");
  std::vector<Diagnostic> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d); };
  const std::string head = "name,tier,type,category,street,community,hub,filed_on,hub_since\n";
  auto row = [&](const std::string& name, const std::string& filed, const std::string& since, const std::string& hub) {
    return name + ",grassroots,social_group,culture_sports,林荫路街道,乌兰社区," + hub + "," + filed + "," + since + "\n";
  };
  auto ds = import_error(reg, head + row("甲队", "2011-05-01", "2012-01-01", kCodeHub) + row("乙队", "2013-01-01", "2012-12-01", kCodeHub) +
                                  row("丙队", "2013-01-01", "2013-02-01", "") + row("丁队", "2013-01-01", "2099-01-01", kCodeHub))
                .diagnostics();
  CHECK_MESSAGE(ds.size() == 3, test::describe(ds));
  // Its hub is judged once every row is in: not yet registered on the day the link would begin.
  CHECK_DIAG(import_error(reg, head + row("甲队", "2011-05-01", "2012-01-01", kCodeHub)).diagnostics(), "hub_since",
             "was not a registered org on 2012-01-01, when the link would start (registered on 2012-08-11)");
  CHECK_DIAG(ds, "hub_since", "2012-12-01 is before the filing date 2013-01-01");
  CHECK_DIAG(ds, "hub_since", "is the day the link to its hub began: give its hub too");
  CHECK_DIAG(ds, "hub_since", "2099-01-01 is in the future");
  CHECK(test::count_rows(reg, "SELECT count(*) FROM hub_link") == 0);
  // Filed in 2011, attached to the hub in 2013: linked from then, no warning.
  import_text(reg, head + row("甲队", "2011-05-01", "2013-03-01", kCodeHub));
  CHECK(links(reg, "K0000002") == kCodeHub + " 2013-03-01.. \n");
  CHECK(warned.empty());
  // Export carries it; the same file again changes nothing; another start for the same hub is
  // a move, which filing move records.
  io::Table out = org::list(reg, {}, {kName, kHub, kHubSince});
  CHECK(test::column(out, "hub_since") == std::vector<std::string>{"", "2013-03-01"});
  ImportOptions update;
  update.on_conflict = registry::OnConflict::kUpdate;
  CHECK(import_text(reg, head + row("甲队", "2011-05-01", "2013-03-01", kCodeHub), update).unchanged == 1);
  CHECK_DIAG(import_error(reg, head + row("甲队", "2011-05-01", "2013-04-01", kCodeHub), update).diagnostics(), "hub_since",
             "the link to its hub began on 2013-03-01; a link that stays keeps its start");
  CHECK(links(reg, "K0000002") == kCodeHub + " 2013-03-01.. \n");
  // org add takes it too.
  io::RawRecord g = group("乙队", "2013-01-01", kCodeHub);
  set(g, kHubSince, "2014-06-01");
  org::add(reg, g);
  CHECK(links(reg, "K0000003") == kCodeHub + " 2014-06-01.. \n");
}

TEST_CASE("a registry from before hub links gets them from the filings, ended where the hub closed") {
  test::TempDir dir;
  const std::string path = dir.file("old.db");
  {
    Registry reg = Registry::create(path, test::test_session(), std::nullopt, 11);
    for (const auto& [name, code, on, type] : {std::tuple{"林荫路街道社会组织服务中心", kCodeHub, "2012-08-11", "social_service"},
                                               std::tuple{"林荫路社区社会组织促进会", kCodeB, "2013-01-05", "social_group"}}) {
      io::RawRecord r = registered(name, code, type);
      set(r, kRegisteredOn, on);
      set(r, kFounded, "2000-01-01");
      test::add_old_org(reg, r);
    }
    test::add_old_org(reg, group("甲队", "2011-04-01", ""));
    test::add_old_org(reg, group("乙队", "2013-04-01", ""));
    registry::Transaction tx(reg);
    const std::int64_t audit = reg.audit("test.schema11", std::nullopt, "{}");
    // As schema 11 kept them: the hub in org.hub_id only; K0000002 deregistered on 2015-03-01.
    reg.exec("UPDATE org SET hub_id = 1 WHERE id = 3");
    reg.exec("UPDATE org SET hub_id = 2 WHERE id = 4");
    reg.exec("UPDATE org SET status = 'deregistered', status_date = '2015-03-01', status_reason = 'dissolved' WHERE id = 2");
    reg.prepare("INSERT INTO org_event (org_id, kind, on_date, reason, audit_id) VALUES (2, 'deregistered', '2015-03-01', "
                "'dissolved', ?)")
        .bind(1, audit)
        .run();
    tx.commit();
  }
  Registry reg = Registry::open(path, registry::Mode::kReadWrite, test::test_session());
  // 甲队 was filed before its hub registered: its link starts with the hub's registration.
  CHECK(links(reg, "K0000003") == kCodeHub + " 2012-08-11.. \n");
  CHECK(links(reg, "K0000004") == kCodeB + " 2013-04-01..2015-03-01 hub_closed\n");
  CHECK_FALSE(find(reg, "K0000004").hub_id.has_value());
  CHECK(*find(reg, "K0000003").hub_id == 1);
}
