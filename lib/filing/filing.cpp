// Filing reviews and the filing views. A filed group is an org: its adding, import, registration
// (upgrade) and revocation are lib/org's.
#include "filing/filing.h"

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/events.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::filing {

namespace {

// The filing's status as staff speak of it: open while the group is filed and active,
// upgraded once it registered, else the org's own status.
constexpr const char* kFilingStatus =
    "CASE WHEN o.tier = 'registered' THEN 'upgraded' WHEN o.status = 'active' THEN 'open' ELSE o.status END";
// The hub as rows show it (as org rows do): its credit code.
constexpr const char* kHubRef = "(SELECT coalesce(h.credit_code, printf('K%07d', h.id)) FROM org h WHERE h.id = o.hub_id)";
// The org's latest review.
// The last review of `o` (by the end of `day`, a checked YYYY-MM-DD, when given) as `r`.
std::string last_review(const std::optional<std::string>& day = std::nullopt) {
  return std::string("LEFT JOIN filing_review r ON r.id = (SELECT x.id FROM filing_review x WHERE x.org_id = o.id ") +
         (day ? "AND x.reviewed_on <= '" + *day + "' " : "") + "ORDER BY x.reviewed_on DESC, x.id DESC LIMIT 1)";
}

vocab::FieldSpec build_outcomes() {
  return {"outcome", vocab::FieldKind::kEnum, "评议结果", {},
          {{"pass", {"合格", "通过"}}, {"basic_pass", {"基本合格"}}, {"fail", {"不合格"}}}};
}

vocab::FieldSpec build_statuses() {
  return {"filing_status", vocab::FieldKind::kEnum, "备案状态", {},
          {{"open", {"正常", "有效"}},
           {"suspended", {"限期停止活动", "停止活动"}},
           {"upgraded", {"转登记", "已登记"}},
           {"revoked", {"撤销备案", "撤销"}},
           {"deregistered", {"注销"}}}};
}

const vocab::FieldSpec& statuses() {
  static const vocab::FieldSpec spec = build_statuses();
  return spec;
}


}  // namespace

const vocab::FieldSpec& outcomes() {
  static const vocab::FieldSpec spec = build_outcomes();
  return spec;
}

org::Org review(Registry& reg, std::string_view token, const Review& r) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  const std::string who = org::label(o);
  if (!o[org::kFiledOn])
    throw_invalid(trf("{} is a registered org; reviews are for filed groups", who));

  validate::Problems p;
  const std::string now = reg.today();
  auto date = p.date("date", r.date, now);
  if (date && *date < *o[org::kFiledOn]) {
    p.bad("date", trf("{} is before the filing date {}", *date, *o[org::kFiledOn]));
    date.reset();
  }
  if (date) {
    // A review of its filed years: as the group stood on the review's day.
    const auto events = org::events_of(reg, o);  // outlives `then`, which points into it
    const org::Standing then = org::standing(o, events, *date);
    if (then.tier != "grassroots")
      throw_invalid(trf("{} was a registered org on {}; reviews are for filed groups", who, *date));
    if (then.status != "active" && then.status != "suspended")
      throw_invalid(trf("{} was {} on {}: its filing was closed ({})", who,
                        vocab::said(org::fields()[org::kStatus], then.status), *date,
                        then.last ? org::describe(*then.last) : std::string()));
  }
  auto outcome = vocab::enum_code(outcomes(), r.outcome);
  if (io::trim(r.outcome).empty())
    p.bad("outcome", trf("is required ({})", vocab::enum_codes_list(outcomes())));
  else if (!outcome)
    p.bad("outcome", trf("'{}' is not one of {}", io::trim(r.outcome), vocab::enum_codes_list(outcomes())));
  std::optional<std::int64_t> stars;
  if (r.stars) {
    auto n = validate::parse_count(*r.stars);
    if (!n || *n.value < 1 || *n.value > 5) p.bad("stars", trf("'{}' is not a star rating from 1 to 5", io::trim(*r.stars)));
    else stars = *n.value;
  }
  for (const auto* text : {&r.reviewer, &r.note})
    if (!io::valid_utf8(*text)) p.bad(text == &r.note ? "note" : "reviewer", tr("is not valid UTF-8 text"));
  p.raise(tr("nothing was recorded"));

  io::JsonObject detail;
  detail.add("date", *date).add("outcome", *outcome);
  if (stars) detail.add("stars", static_cast<long long>(*stars));
  detail.add("reviewer", io::trimmed_or_null(r.reviewer)).add("note", io::trimmed_or_null(r.note));
  std::int64_t audit_id = reg.audit("filing.review", o.id, detail.str());
  auto q = reg.prepare(
      "INSERT INTO filing_review (org_id, reviewed_on, outcome, stars, reviewer, note, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, o.id).bind(2, *date).bind(3, *outcome).bind(4, stars).bind(5, io::trimmed_or_null(r.reviewer)).bind(6, io::trimmed_or_null(r.note)).bind(7, audit_id);
  q.run();
  tx.commit();
  return o;
}

io::Table list(Registry& reg, const Filter& filter, std::size_t* total) {
  std::optional<std::string> as_of;
  if (filter.as_of) as_of = org::as_of_day(reg, *filter.as_of);
  const std::string day = as_of.value_or(reg.today());
  profile::check_place_filter(reg, filter.street, filter.community);
  registry::Where where(" WHERE (o.tier = 'grassroots' OR o.filed_on IS NOT NULL)");
  where.text(filter.street, " AND o.street = ?");
  where.text(filter.community, " AND o.community = ?");
  if (filter.hub) where.add(" AND o.hub_id = ?", std::to_string(org::find(reg, *filter.hub).id));
  where.code("category", filter.category, org::fields()[org::kCategory], " AND o.category = ?");
  where.code("status", filter.status, statuses(), std::string(" AND ") + kFilingStatus + " = ?");
  if (filter.year) where.add(" AND substr(o.filed_on, 1, 4) = ?", std::to_string(registry::option_year("year", *filter.year)));
  if (filter.stars) {
    std::string s = io::trim(*filter.stars);
    if (s.size() != 1 || s[0] < '1' || s[0] > '5') throw_usage(trf("{} '{}' is not a rating from 1 to 5", input_name("stars"), s));
    where.add(" AND r.stars = ?", s);
  }
  if (filter.due)
    where.add(" AND o.tier = 'grassroots' AND (o.status = 'active' OR o.status = 'suspended') "
        "AND coalesce(r.reviewed_on, o.filed_on) <= ?",
        validate::add_months(day, -12));

  const std::string from = " FROM " + org::org_source(reg, as_of) + " o " + last_review(as_of) + where.sql();
  std::string sql = fmt::format(
      "SELECT o.id, o.filing_no, o.name, o.street, o.community, {}, o.category, o.type, o.filed_on, {}, "
      "r.reviewed_on, r.outcome, r.stars{} ORDER BY o.id",
      kHubRef, kFilingStatus, from);
  if (filter.limit) sql += fmt::format(" LIMIT {}", filter.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
  io::Table t;
  t.record_name = "filing";
  const auto& f = org::fields();
  t.columns = {{"key"},      {"filing_no"}, {"name"},          {"street"},      {"community"},
               {"hub"},      vocab::column_of(f[org::kCategory]),  vocab::column_of(f[org::kType]),          {"filed_on", io::ColumnType::kDate},
               vocab::coded("filing_status", statuses()), {"last_review", io::ColumnType::kDate}, vocab::coded("outcome", outcomes()),
               {"stars", io::ColumnType::kInteger}};
  while (q.step()) {
    io::Row row{registry::org_key(*q.integer(0))};
    for (int c = 1; c < 13; ++c) row.push_back(q.text(c));
    t.rows.push_back(std::move(row));
  }
  if (total) {
    *total = t.rows.size();
    if (filter.limit && t.rows.size() == filter.limit) {
      auto cq = reg.prepare("SELECT count(*)" + from);
      where.bind(cq);
      cq.step();
      *total = static_cast<std::size_t>(*cq.integer(0));
    }
  }
  return t;
}

io::Table show(Registry& reg, std::string_view token) {
  org::Org o = org::find(reg, token);
  if (!o[org::kFilingNo] && !o[org::kFiledOn] && o[org::kTier] != std::optional<std::string>("grassroots"))
    throw_not_found(trf("{} '{}' is a registered org that was never filed (see ‹org show›)", *o[org::kKey],
                        o[org::kName].value_or("")));
  auto q = reg.prepare(fmt::format(
      "SELECT {}, (SELECT h.name FROM org h WHERE h.id = o.hub_id), r.reviewed_on, r.outcome, r.stars, "
      "(SELECT count(*) FROM filing_review x WHERE x.org_id = o.id) FROM org o {} WHERE o.id = ?",
      kFilingStatus, last_review()));
  q.bind(1, o.id);
  q.step();
  using org::Field;
  io::Table t;
  t.record_name = "filing";
  io::Row row;
  auto field = [&](Field f) {
    t.columns.push_back(vocab::column_of(org::fields()[f]));
    row.push_back(o[f]);
  };
  auto extra = [&](const char* name, std::optional<std::string> v, io::ColumnType type = io::ColumnType::kText) {
    t.columns.push_back({name, type});
    row.push_back(std::move(v));
  };
  field(org::kKey);
  field(org::kFilingNo);
  field(org::kName);
  t.columns.push_back(vocab::coded("filing_status", statuses()));
  row.push_back(q.text(0));
  field(org::kFiledOn);
  field(org::kFilingOffice);
  field(org::kType);
  field(org::kCategory);
  field(org::kLevel);
  field(org::kStreet);
  field(org::kCommunity);
  field(org::kHub);
  extra("hub_name", q.text(1));
  field(org::kRepresentative);
  field(org::kPhone);
  field(org::kAddress);
  field(org::kActivityArea);
  field(org::kMembers);
  field(org::kFounded);
  field(org::kStatusDate);
  field(org::kStatusReason);
  field(org::kCreditCode);
  field(org::kRegisteredOn);
  extra("review_count", q.text(5), io::ColumnType::kInteger);
  extra("last_review", q.text(2), io::ColumnType::kDate);
  t.columns.push_back(vocab::coded("outcome", outcomes()));
  row.push_back(q.text(3));
  extra("stars", q.text(4), io::ColumnType::kInteger);
  t.rows.push_back(std::move(row));
  return t;
}

io::Table reviews(Registry& reg, std::int64_t org_id) {
  auto q = reg.prepare(
      "SELECT reviewed_on, outcome, stars, reviewer, note FROM filing_review WHERE org_id = ? ORDER BY reviewed_on, id");
  q.bind(1, org_id);
  io::Table t;
  t.record_name = "review";
  t.columns = {{"date", io::ColumnType::kDate}, vocab::coded("outcome", outcomes()), {"stars", io::ColumnType::kInteger}, {"reviewer"}, {"note"}};
  while (q.step()) t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
  return t;
}

io::Table groups_of_hub(Registry& reg, std::int64_t hub_id) {
  auto q = reg.prepare(
      "SELECT id, filing_no, name, street, community, category, status FROM org WHERE " + std::string(org::kGroupsOfHub) +
      " ORDER BY id");
  q.bind(1, hub_id);
  io::Table t;
  t.record_name = "filed_group";
  t.columns = {{"key"}, {"filing_no"}, {"name"}, {"street"}, {"community"}, vocab::column_of(org::fields()[org::kCategory]),
               vocab::column_of(org::fields()[org::kStatus])};
  while (q.step())
    t.rows.push_back({registry::org_key(*q.integer(0)), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)});
  return t;
}

const std::vector<org::Field>& export_fields() {
  using namespace org;
  static const std::vector<Field> f = {kKey,           kName,          kFilingNo,      kFiledOn,       kFilingOffice,
                                       kType,          kCategory,      kLevel,         kStreet,        kCommunity,
                                       kHub,           kHubSince,      kRepresentative, kPhone,        kAddress,       kActivityArea,
                                       kMembers,       kFounded,       kStatus,        kStatusDate,    kStatusReason,
                                       kStatusAuthority, kStatusDocument, kPartyOrg,   kNotes};
  return f;
}

}  // namespace kunqu::filing
