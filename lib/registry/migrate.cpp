// What a migration does beyond the SQL of schemas/migrations/: the checks that a registry is
// what its version claims before anything is written (Registry::contradictions), and the names'
// keys computed anew for registries from before schema 9 (Registry::rekey_names). The
// migration itself, with its backup and transaction, is Registry::migrate (registry.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/messages.h"
#include "io/text.h"
#include "registry/registry.h"
#include "registry/seal.h"

namespace kunqu::registry {

void Registry::rekey_names() {
  auto q = prepare("SELECT id, name, name_key FROM org ORDER BY id");
  auto set = prepare("UPDATE OR IGNORE org SET name_key = ? WHERE id = ?");
  while (q.step()) {
    const std::string name = q.text_or(1, "");
    const std::string key = io::name_key(name);
    const std::optional<std::string> stored = key == name ? std::nullopt : std::optional<std::string>(key);
    if (stored == q.text(2)) continue;
    // A key another live org of the scope holds already is not taken: the pair stays as it was
    // written, db check names it, and new writes of the name are refused.
    set.reset();
    set.bind(1, stored).bind(2, *q.integer(0));
    set.run();
  }
}

std::vector<std::string> Registry::contradictions(int version) {
  std::vector<std::string> out;
  auto has = [this](std::string_view sql) { return prepare(sql).step(); };
  if (!has("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit'")) return out;  // schema 0
  // Entries stamped with a later schema (from schema 9 on, every entry is).
  if (has("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'schema'")) {
    auto q = prepare("SELECT id, schema FROM audit WHERE schema > ? ORDER BY id LIMIT 11");
    q.bind(1, version);
    while (q.step()) out.push_back(trf("audit entry {} was written under schema {}", q.integer(0).value_or(0), q.integer(1).value_or(0)));
  }
  // A registry made or migrated by a later kunqu says so in its entries.
  auto q = prepare(
      "SELECT id, action, coalesce(json_extract(detail, '$.schema'), json_extract(detail, '$.to')) FROM audit "
      "WHERE action IN ('db.create', 'db.migrate') AND json_valid(detail) "
      "AND coalesce(json_extract(detail, '$.schema'), json_extract(detail, '$.to')) > ? ORDER BY id LIMIT 11");
  q.bind(1, version);
  while (q.step())
    out.push_back(trf("audit entry {} ({}) made it schema {}", q.integer(0).value_or(0), q.text_or(1, ""), q.integer(2).value_or(0)));
  // What the sealed schema adds, in a registry that claims an older one.
  if (version < kSealedSchema) {
    if (has("SELECT 1 FROM sqlite_schema WHERE name IN ('seal', 'seal_table')"))
      out.push_back(tr("it holds the seal tables of schema 8"));
    if (has("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'hash'") &&
        has("SELECT 1 FROM audit WHERE hash IS NOT NULL"))
      out.push_back(tr("its audit entries are sealed, as from schema 8"));
  }
  if (version < seal::kTreeSchema && has("SELECT 1 FROM sqlite_schema WHERE name = 'seal_node'"))
    out.push_back(tr("it holds the seal tree of schema 16"));
  return out;
}

}  // namespace kunqu::registry
