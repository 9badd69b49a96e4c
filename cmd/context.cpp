// Registry path resolution, sessions (actor, clock), and output-format choice.
#include "context.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <ostream>

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

#include "check/check.h"
#include "cli.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"
#include "org/events.h"

namespace kunqu::cli {

std::optional<std::string> Context::getenv(const std::string& name) const {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Context::db_path() const {
  if (global.db) return *global.db;
  if (auto p = getenv("KUNQU_DB")) return *p;
  if (auto x = getenv("XDG_DATA_HOME")) return *x + "/kunqu/registry.db";
  return getenv("HOME").value_or(".") + "/.local/share/kunqu/registry.db";
}

std::string Context::db_path_source() const {
  if (global.db) return "--db";
  if (getenv("KUNQU_DB")) return "KUNQU_DB";
  if (getenv("XDG_DATA_HOME")) return "XDG_DATA_HOME";
  return "the default";
}

namespace {

// The name of the account the process runs as, 'unknown' where it has none.
std::string account_name() {
  if (const struct passwd* pw = getpwuid(geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return "unknown";
}

// Stamped on every audit entry and shown by db log: one line, nothing hidden.
std::string checked_actor(std::string actor) {
  if (auto c = io::forbidden_character(actor, false))
    throw_invalid(trf("the actor '{}' holds the invisible or control character {}", io::printable(actor),
                      io::describe_character(*c)));
  return actor;
}

// What a SIGBUS reading a mapped registry prints: made before the file is mapped, since the
// handler may only write it out (no translation, no allocation there).
char read_fault_message[1024];
std::size_t read_fault_size = 0;

extern "C" void on_read_fault(int) {
  ssize_t written = ::write(2, read_fault_message, read_fault_size);
  (void)written;
  ::_exit(kExitRuntime);
}

}  // namespace

void report_read_faults(const std::string& path) {
  std::string line = "kunqu: " +
                     trf("could not read '{}': the file failed, or was cut short while kunqu read it", path) + "\n";
  if (line.size() > sizeof read_fault_message) line = "kunqu: " + std::string(tr("could not read the registry")) + "\n";
  read_fault_size = std::min(line.size(), sizeof read_fault_message);
  std::memcpy(read_fault_message, line.data(), read_fault_size);
  struct sigaction action {};
  action.sa_handler = on_read_fault;
  sigemptyset(&action.sa_mask);
  sigaction(SIGBUS, &action, nullptr);
}

std::optional<std::string> Context::given_actor() const {
  if (global.actor) return *global.actor;
  for (const char* name : {"KUNQU_ACTOR", "USER", "LOGNAME"})
    if (auto v = getenv(name)) return *v;
  return std::nullopt;
}

registry::Session Context::session() const {
  registry::Session s;
  // A service or a container may set none of them: then the account the process runs as, looked
  // up only by a command that writes.
  if (auto given = given_actor()) s.actor = checked_actor(std::move(*given));
  else s.find_actor = [] { return checked_actor(account_name()); };
  s.command_line = command_line;
  // KUNQU_NOW fixes the clock (tests, and re-entering a day's paper forms afterwards).
  s.now_utc = getenv("KUNQU_NOW").value_or("");
  if (!s.now_utc.empty()) {
    const std::string& t = s.now_utc;
    bool ok = t.size() == 20 && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':' && t[19] == 'Z';
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) ok = ok && t[i] >= '0' && t[i] <= '9';
    if (!ok) throw_usage(trf("KUNQU_NOW '{}' is not a UTC time like 2015-06-30T08:00:00Z", t));
  }
  if (auto t = getenv("KUNQU_BUSY_TIMEOUT")) {
    // Digits only: std::stoi would read "1e3" as 1 and "5s" as 5.
    long long ms = 0;
    bool ok = !t->empty() && t->size() <= 7;
    for (char c : *t) ok = ok && c >= '0' && c <= '9';
    if (ok) ms = std::stoll(*t);
    if (!ok || ms > 3600000)
      throw_usage(trf("KUNQU_BUSY_TIMEOUT '{}' is not a whole number of milliseconds from 0 to 3600000", *t));
    s.busy_timeout_ms = static_cast<int>(ms);
  }
  s.strict = global.strict;
  s.on_warning = [this](const Diagnostic& d) { warn(d); };
  return s;
}

registry::Registry Context::open(registry::Mode mode) const {
  std::string path = db_path();
  // A folder this user may not enter is not "no registry": opening says which access is missing.
  std::error_code unreachable;
  if (!std::filesystem::exists(path, unreachable) && !unreachable) {
    // db_path_source() is also a value of `db info` (path_from): translated here, for the message only.
    const std::string from = db_path_source();
    throw Error(ErrorKind::kIo, trf("no registry at '{}' (from {}); create one with 'kunqu db init'", path,
                                    // TRANSLATORS: where the registry path came from when neither --db,
                                    // KUNQU_DB nor XDG_DATA_HOME is set (~/.local/share/kunqu/registry.db)
                                    from == "the default" ? std::string(tr("the default")) : from));
  }
  if (mode == registry::Mode::kLookUp) report_read_faults(path);
  registry::Session s = session();
  s.ends_with_process = ends_process;  // a writing connection is closed all the same
  auto reg = registry::Registry::open(path, mode, s, check::before_migration_commits);
  if (!reg.migration_backup().empty())
    note(trf("migrated '{}' to schema version {}; the old registry is in '{}'", path,
             registry::latest_schema_version(), reg.migration_backup()));
  // What a migration could not know of the registry's past.
  if (reg.migrated_from() && *reg.migrated_from() < org::kEventSchema)
    for (const auto& line : org::migration_notes(reg)) note(line);
  return reg;
}

Format Context::format() const {
  if (global.format == "table") return Format::kTable;
  if (global.format == "csv") return Format::kCsv;
  if (global.format == "json") return Format::kJson;
  if (global.format == "toml") return Format::kToml;
  if (global.format == "xlsx") {
    // Checked before anything is written: a zip's bytes would only garble the terminal.
    if (io.out_is_terminal)
      throw_usage(tr("--format xlsx writes a workbook, which a terminal cannot show: add -o FILE.xlsx, or send "
                     "standard output to a file (> FILE.xlsx)"));
    return Format::kXlsx;
  }
  if (global.format == "ocds") throw_usage(tr("--format ocds is for contract export only (an OCDS release package)"));
  if (global.format == "html") throw_usage(tr("--format html is for reports only (kunqu report monthly|annual)"));
  return io.out_is_terminal ? Format::kTable : Format::kCsv;
}

bool Context::builds(const std::vector<std::string>& verbs, const std::string& name) const {
  bool known = false;
  for (const auto& v : verbs) known = known || v == verb;
  return !known || verb == name;
}

void Context::note(const std::string& message) const {
  if (!global.quiet) io.err << message << '\n';
}

void Context::warn(const Diagnostic& warning) const {
  // What a file or a flag says is quoted in the warning: nothing reaches the terminal as a
  // control character.
  io.err << io::printable(command_words(trf("warning: {}", warning.to_string())), true) << '\n';
  if (!warning.hint.empty())
    io.err << "  " << io::printable(command_words(trf("hint: {}", warning.hint)), true) << '\n';
}

std::string command_words(std::string_view text) {
  static constexpr std::string_view kOpen = "‹", kClose = "›";
  std::string out;
  std::size_t at = 0;
  for (std::size_t b = text.find(kOpen); b != std::string_view::npos; b = text.find(kOpen, at)) {
    out += text.substr(at, b - at);
    at = b + kOpen.size();
    const std::size_t e = text.find(kClose, at);
    const std::string_view name = text.substr(at, e == std::string_view::npos ? 0 : e - at);
    const bool word = !name.empty() && name.front() != ' ' && name.back() != ' ' &&
                      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_ ") == std::string_view::npos;
    if (!word) {
      out += kOpen;  // a guillemet of the text itself
      continue;
    }
    if (name.find(' ') == std::string_view::npos) {
      out += "--";
      for (char c : name) out += c == '_' ? '-' : c;
    } else {
      out += "kunqu ";
      out += name;
    }
    at = e + kClose.size();
  }
  out += text.substr(at);
  return out;
}

}  // namespace kunqu::cli
