// The facts `db info` shows.
#include "registry/info.h"

#include <optional>

#include "registry/registry.h"

namespace kunqu::registry {

namespace {

std::optional<std::string> count(Registry& reg, const char* sql) {
  auto q = reg.prepare(sql);
  q.step();
  return std::to_string(q.integer(0).value_or(0));
}

}  // namespace

io::Table info_table(Registry& reg, const std::string& path, const std::string& path_from) {
  const Info info = reg.info();
  io::Table t;
  t.record_name = "info";
  t.rows.emplace_back();
  auto add = [&](const char* name, std::optional<std::string> value, io::ColumnType type = io::ColumnType::kText) {
    t.columns.push_back({name, type});
    t.rows[0].push_back(std::move(value));
  };
  using CT = io::ColumnType;
  add("path", path);
  add("path_from", path_from);
  add("schema_version", std::to_string(info.schema_version), CT::kInteger);
  add("binary_schema_version", std::to_string(info.binary_schema_version), CT::kInteger);
  add("journal_mode", info.journal_mode);
  add("district", reg.setting("district.name"));
  add("district_code", reg.setting("district.code"));
  add("streets", count(reg, "SELECT count(*) FROM street"), CT::kInteger);
  add("communities", count(reg, "SELECT count(*) FROM community"), CT::kInteger);
  add("orgs", count(reg, "SELECT count(*) FROM org"), CT::kInteger);
  add("registered", count(reg, "SELECT count(*) FROM org WHERE tier = 'registered'"), CT::kInteger);
  add("grassroots", count(reg, "SELECT count(*) FROM org WHERE tier = 'grassroots'"), CT::kInteger);
  add("active", count(reg, "SELECT count(*) FROM org WHERE status = 'active'"), CT::kInteger);
  add("audit_entries", count(reg, "SELECT count(*) FROM audit"), CT::kInteger);
  auto last = reg.prepare("SELECT max(at) FROM audit");
  last.step();
  add("last_change", last.text(0));
  return t;
}

}  // namespace kunqu::registry
