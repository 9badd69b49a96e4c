// What every command runs with: its streams (terminal or pipe), the environment, and the
// global flags. Tests build a Context over string streams and a fake environment.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/registry.h"

namespace kunqu::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;
  bool err_is_terminal = false;
  std::size_t out_columns = 0;  // the terminal's width when standard output is one; 0: unknown
};

enum class Format { kAuto, kTable, kCsv, kJson, kToml, kXlsx };

// The library's words for what only a front end can name, in the command line's: ‹field› is
// the flag --field (underscores as hyphens), ‹noun verb› is `kunqu noun verb`.
std::string command_words(std::string_view text);

// From now on a SIGBUS (a mapped registry that fails or is cut short while it is read) prints
// "kunqu: could not read '<path>' …" in the current language and exits with code 1.
void report_read_faults(const std::string& path);

struct GlobalOptions {
  std::optional<std::string> db;
  std::string format = "auto";
  std::optional<std::string> actor;
  bool quiet = false;
  bool bom = false;
  bool mask = false;  // personal data masked in lists and exports
  bool strict = false;  // warnings refuse the command as errors do
  std::string labels = "en";  // zh: Chinese headers and enum labels in CSV and tables
};

class Context {
 public:
  Context(Io io, std::map<std::string, std::string> env) : io(io), env(std::move(env)) {}

  Io io;
  std::map<std::string, std::string> env;
  GlobalOptions global;
  std::string command_line;
  std::function<int()> action;  // set by the chosen subcommand's callback
  bool parse_only = false;      // parse the command line and run nothing (the CLI fuzz target)
  // The process ends with the command (the kunqu binary): a reading command's connection is left
  // for the system to close (registry::Session::ends_with_process).
  bool ends_process = false;
  // The verb the command line names (after its noun); set-up functions may build only that
  // verb's command when it is one of theirs. Empty: build them all.
  std::string verb;
  bool builds(const std::vector<std::string>& verbs, const std::string& name) const;

  std::optional<std::string> getenv(const std::string& name) const;

  // The registry path and where it came from ("--db", "KUNQU_DB", "XDG_DATA_HOME", "default").
  std::string db_path() const;
  std::string db_path_source() const;

  // Opens the registry; a missing one is a runtime error naming the path and `db init`. In
  // kLookUp mode a failed read of the mapped file ends the process with a message naming the
  // path and exit code 1 (report_read_faults), not a crash.
  registry::Registry open(registry::Mode mode) const;
  registry::Session session() const;
  // --actor, $KUNQU_ACTOR, $USER or $LOGNAME: who the audit log names (session().actor); where
  // none is given, the name of the account the process runs as, else 'unknown', looked up by
  // session().find_actor at the first audit entry.
  std::optional<std::string> given_actor() const;

  // --format resolved: auto is a table on a terminal and CSV otherwise. Throws kunqu::Error
  // (kUsage) for xlsx when standard output is a terminal: a workbook goes to a file.
  Format format() const;

  // Prints a message for people on stderr unless --quiet.
  void note(const std::string& message) const;
  // Prints a warning on stderr ("warning: …", with its hint), --quiet or not.
  void warn(const Diagnostic& warning) const;
};

}  // namespace kunqu::cli
