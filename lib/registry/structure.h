// The registry's schema against the one kunqu's migrations make: a trigger planted behind
// kunqu's back (one that doubles every payment after it is written, while the audit records
// the true amount), a unique index dropped, a column's constraint loosened — each is named.
// Compared by structure: each table's options, columns and constraints one by one, each
// index's table, uniqueness, key columns and condition, each trigger and view by its
// statement's tokens — never by the stored SQL text, so spacing, case and quoting do not count.
#pragma once

#include <string>
#include <vector>

namespace kunqu::registry {

class Registry;

struct SchemaDifference {
  std::string subject;  // "table org", "index org_credit_code", "trigger payment_double" …
  std::string finding;
};

// Every difference between the registry's schema and the one migrations 1 to its
// user_version make, in the order tables, indexes, triggers, views.
std::vector<SchemaDifference> schema_differences(Registry& reg);

// The tokens of an SQL statement joined by single spaces: comments and spacing dropped,
// keywords and identifiers in lower case, quotes around identifiers dropped, literals kept.
std::string normalized_sql(std::string_view sql);

}  // namespace kunqu::registry
