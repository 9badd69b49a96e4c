// The registry's audit log as a table: every entry, or those of one actor, action, batch or
// span of days.
#include "registry/audit_log.h"

#include <fmt/format.h>

#include "error.h"
#include "io/json.h"
#include "registry/registry.h"
#include "validate/values.h"

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
  std::string sql = "SELECT id, at, actor, action, org_id, command, detail FROM audit WHERE 1";
  std::vector<std::string> params;
  if (filter.actor) {
    sql += " AND actor = ?";
    params.push_back(*filter.actor);
  }
  if (filter.action) {
    sql += " AND action = ?";
    params.push_back(*filter.action);
  }
  for (auto* d : {&filter.since, &filter.until}) {
    if (!*d) continue;
    auto parsed = validate::parse_date(**d);
    if (!parsed) throw_usage(fmt::format("--{}: {}", d == &filter.since ? "since" : "until", parsed.error));
    // Audit times are UTC; the dates asked for are whole UTC days.
    sql += d == &filter.since ? " AND at >= ?" : " AND at < date(?, '+1 day')";
    params.push_back(*parsed.value);
  }
  if (filter.batch) {
    sql += " AND id = ?";
    params.push_back(std::to_string(*filter.batch));
  }
  sql += " ORDER BY id";
  if (filter.limit) sql += fmt::format(" LIMIT {}", filter.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (filter.batch && i + 1 == params.size()) q.bind(static_cast<int>(i + 1), *filter.batch);
    else q.bind(static_cast<int>(i + 1), params[i]);
  }
  return audit_table(q);
}

void record_personal_data(Registry& reg, const std::string& columns, std::size_t rows, const std::string& destination) {
  Transaction tx(reg);
  reg.audit("personal_data.export", std::nullopt,
            io::JsonObject().add("columns", columns).add("rows", static_cast<long long>(rows)).add("output", destination).str());
  tx.commit();
}

}  // namespace kunqu::registry
