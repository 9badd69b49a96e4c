// Import and export of record files, shared by the nouns that carry org rows (org, filing):
// the flags, the file handling, progress and the summary line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "context.h"
#include "org/org.h"

namespace CLI {
class App;
}

namespace kunqu::cli {

struct ImportFlags {
  std::string file;
  std::optional<std::string> input_format;
  std::optional<std::string> encoding;
  std::string on_conflict = "error";
  bool dry_run = false;
  std::size_t max_errors = 50;
};
void bind_import_flags(CLI::App* c, ImportFlags& flags);
// Imports `flags.file` with `base` (tier, audit action) and the flags' options.
int run_import(Context& ctx, const ImportFlags& flags, org::ImportOptions base);

// Writes the orgs `filter` selects with `columns` to -o FILE (atomically) or stdout, in the
// format of --format or of the file's extension, CSV by default. `what` names them in the
// summary ("orgs"); `record_name` is TOML's array of tables ("org" → [[org]]).
int run_export(Context& ctx, const org::Filter& filter, const std::vector<org::Field>& columns,
               const std::optional<std::string>& output, const char* what, const char* record_name);

}  // namespace kunqu::cli
