// The registry's audit log as a table: every entry, or those of one actor, action, batch or
// span of days.
#include "registry/audit_log.h"

#include <algorithm>

#include <fmt/format.h>

#include "error.h"
#include "io/json.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/clock.h"

namespace kunqu::registry {

io::Table audit_table(registry::Query& q) {
  io::Table t;
  t.record_name = "audit";
  t.columns = {{"id", io::ColumnType::kInteger}, {"at"}, {"actor"}, {"action"}, {"org"}, {"command"}, {"detail"}};
  while (q.step()) {
    auto org_id = q.integer(4);
    t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3),
                      org_id ? std::optional<std::string>(registry::org_key(*org_id)) : std::nullopt, q.text(5), q.text(6)});
  }
  return t;
}

io::Table audit_log(Registry& reg, const LogFilter& filter) {
  registry::Where where;
  if (filter.actor) where.add(" AND actor = ?", *filter.actor);
  if (filter.action) where.add(" AND action = ?", *filter.action);
  // Audit times are UTC; the dates asked for are whole days of the district (UTC+8), the dates
  // its business is done on: 2015-07-01 begins at 2015-06-30T16:00:00Z.
  if (filter.since) where.add(" AND at >= ?", validate::shanghai_day_start_utc(option_date("since", *filter.since)));
  if (filter.until) where.add(" AND at < ?", validate::shanghai_day_start_utc(option_date("until", *filter.until), 1));
  if (filter.batch) where.add(" AND id = ?", std::to_string(*filter.batch));
  std::string sql = "SELECT id, at, actor, action, org_id, command, detail FROM audit" + where.sql();
  // Newest first: the limit keeps the newest entries, in either order.
  sql += " ORDER BY id DESC";
  if (filter.limit) sql += fmt::format(" LIMIT {}", filter.limit);
  auto q = reg.prepare(sql);
  where.bind(q);
  io::Table t = audit_table(q);
  if (filter.oldest_first) std::reverse(t.rows.begin(), t.rows.end());
  return t;
}

void record_personal_data(Registry& reg, const std::string& columns, std::size_t rows, const std::string& destination) {
  Transaction tx(reg);
  reg.audit("personal_data.export", std::nullopt,
            io::JsonObject().add("columns", columns).add("rows", static_cast<long long>(rows)).add("output", destination).str());
  tx.commit();
}

}  // namespace kunqu::registry
