// Tamper evidence (schemas/migrations/008_seal.sql): every audit entry is chained to the one
// before it by SHA-256 over its content, the rows its transaction wrote and the state of all
// sealed rows after it; every data row's own digest is kept in `seal`. A write through kunqu
// seals itself as its transaction commits; `verify` names what changed behind kunqu's back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kunqu::registry {
class Registry;
}

namespace kunqu::registry::seal {

// The rows and audit entries a transaction touched, gathered by SQLite's update hook. A superset
// is harmless: sealing reads each row as it stands when the transaction commits.
struct Touched {
  std::map<std::string, std::vector<std::int64_t>, std::less<>> rows;  // by table
  std::vector<std::int64_t> audit;
  bool empty() const { return rows.empty() && audit.empty(); }
  void clear() {
    rows.clear();
    audit.clear();
  }
};

// Seals what the current transaction touched: each row's digest, the state, and the chain over
// the transaction's new audit entries (the last one carries the rows and the state). A
// transaction that wrote rows without an audit entry gets one named `fallback_action`.
// REQUIRES: inside the outermost transaction, before its COMMIT; schema 8 or later.
void seal(Registry& reg, Touched& touched, std::string_view fallback_action);

// Marks every data row and every unsealed audit entry as touched: a registry's first sealing.
void touch_all(Registry& reg, Touched& touched);

// The chain's head: the newest sealed audit entry.
struct Head {
  std::int64_t entry = 0;
  std::string at, action, hash;
};
std::optional<Head> head(Registry& reg);

struct Finding {
  std::string check, subject, finding;
};

// Walks the audit chain and every sealed row. `sealed`: a head printed earlier (by `db seal`
// or a monthly report) that the chain must still contain.
std::vector<Finding> verify(Registry& reg, const std::optional<std::string>& sealed);

}  // namespace kunqu::registry::seal
