// Demands: raised, decided, shown and listed (their files: files.cpp).
#include "demand/demand.h"

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "contract/contract.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/fields.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/problems.h"
#include "validate/values.h"

namespace kunqu::demand {

namespace {

using validate::Problems;

// The code `text` names in `s`, '' (and a problem) when none.
std::string enum_code_of(Problems& p, const char* field, const vocab::FieldSpec& s, const std::string& text) {
  return vocab::enum_of(p, field, s, text).value_or("");
}

struct DemandRow {
  std::int64_t id = 0;
  std::string status, raised_on;
  std::optional<std::int64_t> item, contract;
};

DemandRow find_demand(Registry& reg, const std::string& text) {
  auto n = validate::parse_count(text);
  if (!n) throw_usage(trf("'{}' is not a demand number (‹demand list› shows them)", io::trim(text)));
  auto q = reg.prepare("SELECT id, status, raised_on, catalog_item_id, contract_id FROM demand WHERE id = ?");
  q.bind(1, *n.value);
  if (!q.step()) throw_not_found(trf("no demand {} (‹demand list› shows them)", *n.value));
  return {*q.integer(0), q.text_or(1, ""), q.text_or(2, ""), q.integer(3), q.integer(4)};
}

vocab::FieldSpec build_sources() {
  return vocab::enum_spec("source", "需求来源",
              {{"resident_meeting", {"居民议事会", "居民会议"}},
               {"community_office", {"社区", "社区居委会"}},
               {"hotline", {"热线", "12345"}},
               {"survey", {"调查", "问卷"}},
               {"petition", {"信访"}},
               {"other", {"其他"}}});
}
vocab::FieldSpec build_statuses() {
  return vocab::enum_spec("status", "需求状态",
              {{"open", {"待处理"}}, {"accepted", {"已纳入目录"}}, {"answered", {"已承接"}}, {"declined", {"不予采纳"}},
               {"closed", {"已关闭"}}});
}

}  // namespace

const vocab::FieldSpec& sources() {
  static const vocab::FieldSpec s = build_sources();
  return s;
}
const vocab::FieldSpec& statuses() {
  static const vocab::FieldSpec s = build_statuses();
  return s;
}

std::int64_t add(Registry& reg, const Demand& d) {
  registry::Transaction tx(reg);
  Problems p;
  const std::string street = io::trim(d.street), community = io::trim(d.community);
  if (street.empty()) p.bad("street", tr("is required"));
  else if (profile::has_streets(reg) && !profile::street_exists(reg, street))
    p.bad("street", trf("'{}' is not a street of the district profile", street));
  if (community.empty()) p.bad("community", tr("is required"));
  else if (!street.empty() && profile::street_exists(reg, street) && !profile::community_in_street(reg, street, community))
    p.bad("community", trf("'{}' is not a community of {}", community, street));
  const std::string category = enum_code_of(p, "category", org::fields()[org::kCategory], d.category);
  if (io::trim(d.description).empty()) p.bad("description", tr("is required: what the residents need"));
  const std::string source = enum_code_of(p, "source", sources(), d.source);
  auto raised = p.date("raised-on", d.raised_on, reg.today());
  auto persons = p.count("persons", d.persons);
  p.raise(tr("nothing was recorded"));
  io::JsonObject detail;
  detail.add("street", street).add("community", community).add("category", category).add("source", source).add("raised_on", *raised);
  const std::int64_t audit = reg.audit("demand.add", std::nullopt, detail.str());
  reg.prepare("INSERT INTO demand (street, community, category, description, source, raised_on, persons, note, audit_id) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, street).bind(2, community).bind(3, category).bind(4, io::trim(d.description)).bind(5, source).bind(6, *raised)
      .bind(7, persons).bind(8, io::trimmed_or_null(d.note)).bind(9, audit).run();
  const std::int64_t id = reg.last_insert_rowid();
  tx.commit();
  return id;
}

void update(Registry& reg, const std::string& id_text, const Update& u) {
  registry::Transaction tx(reg);
  DemandRow d = find_demand(reg, id_text);
  Problems p;
  const std::string now = reg.today();
  std::string status;
  if (!io::trim(u.status).empty()) status = enum_code_of(p, "status", statuses(), u.status);
  std::optional<std::string> date;
  if (!status.empty()) {
    date = io::trim(u.date).empty() ? std::optional<std::string>(now) : p.date("date", u.date, now);
    if (date && *date < d.raised_on) p.bad("date", trf("{} is before the demand was raised ({})", *date, d.raised_on));
  }
  std::optional<std::int64_t> item = d.item, contract = d.contract;
  std::string refusal;
  if (status == "open") p.bad("status", tr("a demand is open only until it is decided: accepted, answered, declined or closed"));
  if (status == "accepted") {
    if (d.status != "open")
      refusal = trf("demand {} is {} already: only an open demand is accepted", d.id, vocab::said(statuses(), d.status));
    if (io::trim(u.item_code).empty())
      p.bad("item", tr("is required: the catalogue item that takes the need (‹item› CODE ‹year› YEAR)"));
    else
      item = catalog::find_item(reg, u.item_year.empty() && date ? date->substr(0, 4) : u.item_year, u.item_code).id;
  }
  if (status == "answered") {
    if (d.status == "answered") {
      auto q = reg.prepare("SELECT number FROM contract WHERE id = ?");
      q.bind(1, d.contract.value_or(0));
      q.step();
      refusal = trf("demand {} is answered already (by contract {}): a need is answered once", d.id, q.text_or(0, "?"));
    } else if (d.status != "open" && d.status != "accepted") {
      refusal = trf("demand {} is {}: only an open or accepted demand is answered", d.id, vocab::said(statuses(), d.status));
    }
    if (io::trim(u.contract).empty()) {
      p.bad("contract", tr("is required: the contract that answers the need"));
    } else {
      contract::Ref c = contract::find(reg, u.contract);
      contract = c.id;
      if (c.status == "draft") refusal = trf("contract {} is a draft: only a signed contract answers a need", c.number);
      else if (date && *date < c.signed_on)
        p.bad("date", trf("{} is before contract {} was signed ({})", *date, c.number, c.signed_on));
      if (d.item && refusal.empty()) {
        auto q = reg.prepare("SELECT i.year || '/' || i.code || ' ' || i.item, EXISTS (SELECT 1 FROM contract_item x WHERE "
                             "x.contract_id = ? AND x.catalog_item_id = i.id) FROM catalog_item i WHERE i.id = ?");
        q.bind(1, c.id).bind(2, *d.item);
        q.step();
        if (!*q.integer(1))
          refusal = trf("contract {} does not buy {}, the item demand {} was accepted into (‹catalog link›)", c.number,
                        q.text_or(0, ""), d.id);
      }
    }
  }
  if (status == "declined") {
    if (d.status != "open" && d.status != "accepted")
      refusal = trf("demand {} is {}: only an open or accepted demand is declined", d.id, vocab::said(statuses(), d.status));
    if (io::trim(u.reason).empty()) p.bad("reason", tr("is required: why the need is not taken up"));
  }
  if (status == "closed" && d.status == "closed") refusal = trf("demand {} is closed already", d.id);
  std::string category;
  if (u.category) category = enum_code_of(p, "category", org::fields()[org::kCategory], *u.category);
  std::optional<std::int64_t> persons;
  if (u.persons) persons = p.count("persons", *u.persons);
  if (u.description && io::trim(*u.description).empty()) p.bad("description", tr("cannot be emptied"));
  if (status.empty() && !u.category && !u.persons && !u.description && !u.note)
    p.bad("status", tr("nothing to change: give ‹status›, ‹description›, ‹persons›, ‹category› or ‹note›"));
  p.raise(tr("nothing was changed"));
  if (!refusal.empty()) throw_invalid(refusal);

  io::JsonObject detail;
  detail.add("demand", static_cast<long long>(d.id)).add("before", d.status).add("status", status.empty() ? d.status : status);
  if (date) detail.add("date", *date);
  if (!io::trim(u.reason).empty()) detail.add("reason", io::trim(u.reason));
  const std::int64_t audit = reg.audit("demand.update", std::nullopt, detail.str());
  auto q = reg.prepare(
      "UPDATE demand SET status = coalesce(?1, status), status_date = coalesce(?2, status_date), reason = coalesce(?3, reason), "
      "catalog_item_id = ?4, contract_id = ?5, category = coalesce(?6, category), persons = coalesce(?7, persons), "
      "description = coalesce(?8, description), note = coalesce(?9, note), audit_id = ?10 WHERE id = ?11");
  q.bind(1, status.empty() ? std::nullopt : std::optional<std::string>(status)).bind(2, date).bind(3, io::trimmed_or_null(u.reason));
  q.bind(4, item).bind(5, contract).bind(6, category.empty() ? std::nullopt : std::optional<std::string>(category)).bind(7, persons);
  q.bind(8, u.description ? io::trimmed_or_null(*u.description) : std::nullopt);
  q.bind(9, u.note ? io::trimmed_or_null(*u.note) : std::nullopt).bind(10, audit).bind(11, d.id).run();
  tx.commit();
}

io::Table show(Registry& reg, const std::string& id_text) {
  DemandRow d = find_demand(reg, id_text);
  auto q = reg.prepare(
      "SELECT d.id, d.street, d.community, d.category, d.description, d.source, d.raised_on, d.persons, d.status, d.status_date, "
      "d.reason, d.note, i.year, i.code, i.item, c.number, c.title, "
      "CASE WHEN c.provider_org_id IS NOT NULL THEN (SELECT coalesce(o.credit_code, o.filing_no, printf('K%07d', o.id)) FROM org o "
      "WHERE o.id = c.provider_org_id) ELSE c.company_code END, "
      "coalesce((SELECT o.name FROM org o WHERE o.id = c.provider_org_id), c.company_name), c.status, "
      "CAST(julianday(d.status_date) - julianday(d.raised_on) AS INTEGER) "
      "FROM demand d LEFT JOIN catalog_item i ON i.id = d.catalog_item_id LEFT JOIN contract c ON c.id = d.contract_id WHERE d.id = ?");
  q.bind(1, d.id);
  q.step();
  io::Table t;
  t.record_name = "demand";
  const std::vector<std::pair<const char*, io::ColumnType>> cols = {
      {"id", io::ColumnType::kInteger},     {"street", io::ColumnType::kText},      {"community", io::ColumnType::kText},
      {"category", io::ColumnType::kText},  {"description", io::ColumnType::kText}, {"source", io::ColumnType::kText},
      {"raised_on", io::ColumnType::kDate}, {"persons", io::ColumnType::kInteger},  {"status", io::ColumnType::kText},
      {"status_date", io::ColumnType::kDate}, {"reason", io::ColumnType::kText},    {"note", io::ColumnType::kText},
      {"item_year", io::ColumnType::kInteger}, {"item_code", io::ColumnType::kText}, {"item", io::ColumnType::kText},
      {"contract", io::ColumnType::kText},  {"contract_title", io::ColumnType::kText}, {"provider", io::ColumnType::kText},
      {"provider_name", io::ColumnType::kText}, {"contract_status", io::ColumnType::kText},
      {"days_to_decision", io::ColumnType::kInteger}};
  io::Row row;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    t.columns.push_back(std::string_view(cols[i].first) == "contract_status"
                            ? vocab::coded("contract_status", contract::statuses())
                            : shown_column(cols[i].first, cols[i].second));
    row.push_back(q.text(static_cast<int>(i)));
  }
  t.rows.push_back(std::move(row));
  return t;
}

std::optional<std::string> answered_by(Registry& reg, const std::string& id_text) {
  DemandRow d = find_demand(reg, id_text);
  if (!d.contract) return std::nullopt;
  auto q = reg.prepare("SELECT number FROM contract WHERE id = ?");
  q.bind(1, *d.contract);
  q.step();
  return q.text(0);
}

io::Table item_demands(Registry& reg, const std::string& year, const std::string& code) {
  Filter f;
  f.item = io::trim(year) + "/" + io::trim(code);
  return list(reg, f);
}

io::Table list(Registry& reg, const Filter& f) {
  profile::check_place_filter(reg, f.street, f.community);
  registry::Where where;
  where.text(f.street, " AND d.street = ?");
  where.text(f.community, " AND d.community = ?");
  where.code("category", f.category, org::fields()[org::kCategory], " AND d.category = ?");
  where.code("status", f.status, statuses(), " AND d.status = ?");
  if (f.year) where.add(" AND substr(d.raised_on, 1, 4) = ?", std::to_string(registry::option_year("year", *f.year)));
  if (f.item) {
    auto slash = f.item->find('/');
    if (slash == std::string::npos)
      throw_usage(trf("{} '{}' is not YEAR/CODE, like 2015/YL-01", input_name("item"), *f.item));
    where.add(" AND d.catalog_item_id = ?",
              std::to_string(catalog::find_item(reg, f.item->substr(0, slash), f.item->substr(slash + 1)).id));
  }
  if (f.contract) where.add(" AND d.contract_id = ?", std::to_string(contract::find(reg, *f.contract).id));
  if (f.unanswered) where.add(" AND (d.status = 'open' OR d.status = 'accepted')");
  if (f.older_than)
    where.add(" AND d.raised_on < ?", registry::option_span("older_than", *f.older_than, reg.today(), true));
  std::string sql =
      "SELECT d.id, d.raised_on, d.street, d.community, d.category, d.description, d.source, d.persons, d.status, d.status_date, "
      "(SELECT i.year || '/' || i.code FROM catalog_item i WHERE i.id = d.catalog_item_id), "
      "(SELECT c.number FROM contract c WHERE c.id = d.contract_id) FROM demand d" +
      where.sql() + " ORDER BY d.raised_on, d.id";
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
  std::vector<io::Column> columns = {shown_column("id", io::ColumnType::kInteger), shown_column("raised_on", io::ColumnType::kDate)};
  for (const char* name : {"street", "community", "category", "description", "source"}) columns.push_back(shown_column(name));
  columns.push_back(shown_column("persons", io::ColumnType::kInteger));
  columns.push_back(shown_column("status"));
  columns.push_back(shown_column("status_date", io::ColumnType::kDate));
  for (const char* name : {"item", "contract"}) columns.push_back(shown_column(name));
  return registry::table_of(q, "demand", std::move(columns));
}

io::Table contract_demands(Registry& reg, std::string_view number) {
  Filter f;
  f.contract = std::string(io::trim(number));
  return list(reg, f);
}

}  // namespace kunqu::demand
