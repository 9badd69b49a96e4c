// What `db info` says of a registry: where it is and where that came from, its schema, its
// district, and how many streets, communities, orgs and audit entries it holds.
#pragma once

#include <string>

#include "io/table.h"

namespace kunqu::registry {

class Registry;

// A one-row table; `path` and `path_from` are the caller's (a flag, KUNQU_DB, the default).
io::Table info_table(Registry& reg, const std::string& path, const std::string& path_from);

}  // namespace kunqu::registry
