// Reading orgs out: lists with filters and sorting (streamed row by row), counts grouped by a
// field, one org's history, and the counts `db info` shows.
#include "org/org.h"

#include <fmt/format.h>

#include "i18n/messages.h"
#include "io/text.h"
#include "org/credit_lists.h"
#include "org/events.h"
#include "org/internal.h"
#include "profile/profile.h"
#include "registry/audit_log.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/values.h"

namespace kunqu::org {

const std::vector<Field>& summary_fields() {
  static const std::vector<Field> f = {kKey, kName, kTier, kType, kCategory, kStreet, kCommunity, kStatus, kRegisteredOn, kFiledOn};
  return f;
}

std::vector<Field> all_fields() {
  std::vector<Field> f;
  for (std::size_t i = 0; i < kFieldCount; ++i) f.push_back(static_cast<Field>(i));
  return f;
}

io::Table to_table(const std::vector<Org>& orgs, const std::vector<Field>& columns) {
  io::Table t;
  t.record_name = "org";
  for (Field f : columns) t.columns.push_back(column(f));
  for (const auto& o : orgs) {
    io::Row row;
    for (Field f : columns) row.push_back(o.values[f]);
    t.rows.push_back(std::move(row));
  }
  return t;
}

namespace {

// The conditions of a filter over `org o`.
registry::Where filter_where(const Filter& filter) {
  registry::Where where;
  for (auto [value, f] : {std::pair{&filter.tier, kTier}, {&filter.type, kType}, {&filter.authority, kAuthority},
                          {&filter.level, kLevel}, {&filter.category, kCategory}, {&filter.status, kStatus}})
    where.code(f == kAuthority ? "authority" : fname(f), *value, spec(f), " AND o." + fname(f) + " = ?");
  where.text(filter.street, " AND o.street = ?");
  where.text(filter.community, " AND o.community = ?");
  where.text(filter.name, " AND instr(o.name, ?) > 0");
  where.text(filter.number,
             " AND instr(coalesce(o.credit_code, '') || ' ' || coalesce(o.filing_no, '') || ' ' || "
             "coalesce(o.certificate_no, '') || ' ' || coalesce(o.org_code, ''), ?) > 0");
  if (filter.credit)
    where.add(" AND (" + list_state_sql(filter.as_of ? "'" + *filter.as_of + "'" : "") + ") = ?",
              registry::option_choice("credit", *filter.credit, {"abnormal", "serious", "clear"}));
  where.dates("founded", filter.founded_since, filter.founded_until, "o.founded");
  return where;
}

}  // namespace

io::Table header(const std::vector<Field>& columns) { return to_table({}, columns); }

std::size_t list_each(Registry& reg, const Filter& given, const std::vector<Field>& columns,
                      const std::function<void(const io::Row&)>& row, std::size_t* total) {
  Filter filter = given;
  if (filter.as_of) filter.as_of = as_of_day(reg, *filter.as_of);
  const std::string source = org_source(reg, filter.as_of);
  profile::check_place_filter(reg, filter.street, filter.community);
  registry::Where where = filter_where(filter);
  const std::string sort =
      registry::option_choice("sort", filter.sort, {"key", "name", "founded", "registered_on", "filed_on", "street"});
  std::string order = "o.street IS NULL, o.street, o.community, o.id";
  if (sort == "key") order = "o.id";
  else if (sort == "name") order = "o.name, o.id";
  else if (sort == "founded") order = "o.founded IS NULL, o.founded, o.id";
  else if (sort == "registered_on") order = "o.registered_on IS NULL, o.registered_on, o.id";
  else if (sort == "filed_on") order = "o.filed_on IS NULL, o.filed_on, o.id";

  // Only the columns asked for, converted as they stream by: a million rows never sit in memory.
  std::string select;
  bool join_hub = false;
  for (Field f : columns) {
    select += select.empty() ? "SELECT " : ", ";
    if (f == kKey) {
      select += "o.id";
    } else if (f == kHub) {
      select += kHubColumn;
      join_hub = true;
    } else if (f == kHubSince) {
      select += kHubSinceColumn;
    } else {
      select += "o." + fname(f);
    }
  }
  std::string sql = select + " FROM " + source + " o" + (join_hub ? " LEFT JOIN org h ON h.id = o.hub_id" : "") + where.sql() +
                    " ORDER BY " + order;
  if (filter.limit) sql += fmt::format(" LIMIT {}", filter.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
  io::Row values(columns.size());
  std::size_t n = 0;
  while (q.step()) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const int col = static_cast<int>(c);
      auto& v = values[c];
      switch (columns[c] == kKey ? FieldKind::kKey : spec(columns[c]).kind) {
        case FieldKind::kKey: v = registry::org_key(*q.integer(col)); break;
        case FieldKind::kMoney: v = q.is_null(col) ? std::nullopt : std::optional<std::string>(validate::format_money(*q.integer(col))); break;
        case FieldKind::kCount: v = q.is_null(col) ? std::nullopt : std::optional<std::string>(std::to_string(*q.integer(col))); break;
        case FieldKind::kBool: v = q.is_null(col) ? std::nullopt : std::optional<std::string>(*q.integer(col) ? "true" : "false"); break;
        default: v = q.text(col);
      }
    }
    row(values);
    ++n;
  }
  if (total) {
    *total = n;
    if (filter.limit && n == filter.limit) {
      auto cq = reg.prepare("SELECT count(*) FROM " + source + " o" + where.sql());
      where.bind(cq);
      cq.step();
      *total = static_cast<std::size_t>(*cq.integer(0));
    }
  }
  return n;
}

io::Table list(Registry& reg, const Filter& filter, const std::vector<Field>& columns, std::size_t* total) {
  io::Table t = header(columns);
  list_each(reg, filter, columns, [&](const io::Row& r) { t.rows.push_back(r); }, total);
  return t;
}

io::Table stats(Registry& reg, const Filter& given, const std::string& by_given) {
  Filter filter = given;
  if (filter.as_of) filter.as_of = as_of_day(reg, *filter.as_of);
  static const std::vector<std::string> allowed = {"tier", "type", "registration_authority", "level", "category",
                                                   "street", "community", "status", "hub", "year"};
  const std::string by = registry::option_choice("by", by_given, allowed);
  std::string group;
  if (by == "year") {
    group = "substr(coalesce(o.registered_on, o.filed_on), 1, 4)";
  } else if (by == "hub") {
    group = "(SELECT h.name FROM org h WHERE h.id = o.hub_id)";
  } else if (by == "community") {
    group = "o.street || ' ' || o.community";
  } else {
    // As of a day the orgs are a subquery that reads every row anyway: grouping by the bare
    // column would walk its index (street: org_place) and fetch each row out of order, several
    // times slower than one scan. Unary + keeps the value and leaves the index alone.
    group = (filter.as_of ? "+o." : "o.") + by;
  }
  profile::check_place_filter(reg, filter.street, filter.community);
  registry::Where where = filter_where(filter);
  // Streets come in the profile's order, as the district lists them.
  const char* order = by == "street" ? "(SELECT s.id FROM street s WHERE s.name = g) IS NULL, (SELECT s.id FROM street s WHERE s.name = g), g"
                                     : "g IS NULL, g";
  auto q = reg.prepare(fmt::format("SELECT {0} AS g, count(*) FROM {3} o{1} GROUP BY g ORDER BY {2}", group, where.sql(),
                                   order, org_source(reg, filter.as_of)));
  where.bind(q);
  io::Table t;
  t.record_name = "stat";
  // The column of the field counted by, with its Chinese header and labels (and the total's,
  // which a table for people adds below the rows).
  io::Column grouped{by};
  if (auto f = field_by_header(by)) grouped = column(*f);
  grouped.enum_zh.emplace_back("total", "合计");
  t.columns = {grouped, {"orgs", io::ColumnType::kInteger}};
  while (q.step()) t.rows.push_back({q.text(0), std::to_string(*q.integer(1))});
  return t;
}

io::Table history(Registry& reg, std::string_view token) {
  Org org = find(reg, token);
  // Single edits name the org; imports that created or changed it are its created_batch and
  // its org_change rows, whose before/after replace the batch's counts here.
  auto q = reg.prepare(
      "SELECT a.id, a.at, a.actor, a.action, a.org_id, a.command, coalesce(c.detail, a.detail) "
      "FROM audit a LEFT JOIN org_change c ON c.audit_id = a.id AND c.org_id = ?1 "
      "WHERE a.org_id = ?1 OR a.id = (SELECT created_batch FROM org WHERE id = ?1) OR c.org_id IS NOT NULL "
      "ORDER BY a.id");
  q.bind(1, org.id);
  return registry::audit_table(q);
}

io::Table counts(Registry& reg) {
  io::Table t;
  t.record_name = "count";
  t.columns = {column(kTier), column(kStatus), {"orgs", io::ColumnType::kInteger}};
  auto q = reg.prepare("SELECT tier, status, count(*) FROM org GROUP BY tier, status ORDER BY tier DESC, status");
  while (q.step()) t.rows.push_back({q.text(0), q.text(1), std::to_string(*q.integer(2))});
  return t;
}

}  // namespace kunqu::org
