// The audit log read back: the entries of the whole registry, or of one actor, action, batch
// or span of days, as a table (id, at, actor, action, org, command, detail).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "io/table.h"

namespace kunqu::registry {

class Registry;
class Query;

struct LogFilter {
  std::optional<std::string> actor, since, until, action;
  std::optional<std::int64_t> batch;
  std::size_t limit = 0;       // the newest `limit` entries; 0: all
  bool oldest_first = false;  // the entries chosen listed oldest first
};
// The audit log across the registry, newest first (or oldest first). `since` and `until` are
// dates of the district (Asia/Shanghai), each a whole day; the times are UTC. A bad date
// throws kUsage.
io::Table audit_log(Registry& reg, const LogFilter& filter);

// Records, in its own transaction, that personal data left kunqu unmasked: the `columns` holding
// it ("phone,representative"), how many `rows`, and where to (a file, or stdout).
void record_personal_data(Registry& reg, const std::string& columns, std::size_t rows, const std::string& destination);

// The rows of `q` (id, at, actor, action, org_id, command, detail) as the log's table.
io::Table audit_table(Query& q);

}  // namespace kunqu::registry
