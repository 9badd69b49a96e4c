// SQLite behind the registry: opening and creating files with the right permissions and
// pragmas, migrations with a backup first, transactions, the audit log, settings, and the
// translation of SQLite::Exception into kunqu::Error at this edge.
#include "registry/registry.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <grp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/file.h"
#include "io/json.h"
#include "registry/access.h"
#include "registry/internal.h"
#include "registry/migrations.h"
#include "registry/seal.h"
#include "registry/structure.h"
#include "validate/clock.h"

namespace kunqu::registry {
namespace fs = std::filesystem;

namespace {

std::string utc_now_string() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

// --- Transaction ------------------------------------------------------------------------

Transaction::Transaction(Registry& registry) : registry_(registry) {
  // Inside another transaction this one is a savepoint: an import runs each row's verbs as
  // their own transactions, and a refused row is undone without undoing the rows before it.
  if (sqlite3_get_autocommit(registry_.impl_->db.getHandle()) == 0) {
    savepoint_ = "kunqu_" + std::to_string(++registry_.impl_->savepoints);
    registry_.exec("SAVEPOINT " + savepoint_);
  } else {
    registry_.exec("BEGIN IMMEDIATE");
  }
}
Transaction::~Transaction() {
  if (open_) {
    try {
      rollback();
    } catch (...) {
      // A failed rollback leaves SQLite to roll back when the connection closes.
    }
  }
}
void Transaction::commit() {
  if (savepoint_.empty()) registry_.seal_pending("db.write");
  registry_.exec(savepoint_.empty() ? "COMMIT" : "RELEASE " + savepoint_);
  open_ = false;
}
void Transaction::rollback() {
  open_ = false;
  if (savepoint_.empty()) {
    registry_.forget_pending();
    registry_.exec("ROLLBACK");
  } else {
    registry_.exec("ROLLBACK TO " + savepoint_);
    registry_.exec("RELEASE " + savepoint_);
  }
}

// --- Registry ---------------------------------------------------------------------------


Registry::Registry(std::unique_ptr<Impl> impl, std::string path, Session session)
    : impl_(std::move(impl)), path_(std::move(path)), session_(std::move(session)) {}
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;
Registry::~Registry() { keep_or_close(); }

int latest_schema_version() { return migrations().empty() ? 0 : migrations().back().version; }

const char* sqlite_version() { return sqlite3_libversion(); }

namespace {

int pragma_int(SQLite::Database& db, const char* pragma) {
  SQLite::Statement q(db, std::string("PRAGMA ") + pragma);
  q.executeStep();
  return q.getColumn(0).getInt();
}

// A migration's step after its SQL that loosens a CHECK of `table`: `from`, which must occur in
// the table's definition once, becomes `to`. SQLite has no ALTER for a CHECK; its documented way
// to drop or loosen one (which changes nothing stored) is to rewrite the table's definition in
// sqlite_schema and bump the schema version, in the migration's transaction, then to check.
void loosen_check(SQLite::Database& db, const std::string& table, const std::string& from, const std::string& to) {
  const int version = pragma_int(db, "schema_version");
  db.exec("PRAGMA writable_schema = ON");
  SQLite::Statement update(db, "UPDATE sqlite_schema SET sql = replace(sql, ?1, ?2) WHERE type = 'table' AND name = ?3 "
                               "AND instr(sql, ?1) > 0 AND instr(substr(sql, instr(sql, ?1) + length(?1)), ?1) = 0");
  update.bind(1, from);
  update.bind(2, to);
  update.bind(3, table);
  const int changed = update.exec();
  db.exec(fmt::format("PRAGMA schema_version = {}", version + 1));
  db.exec("PRAGMA writable_schema = OFF");
  SQLite::Statement check(db, "PRAGMA integrity_check(" + table + ")");
  check.executeStep();
  const std::string result = check.getColumn(0).getString();
  if (changed != 1 || result != "ok")
    throw Error(ErrorKind::kIo,
                trf("the {} table's definition could not be updated ({})", table, changed != 1 ? "CHECK" : result));
}

// Migration 013: the org table's CHECK that a registered org has a credit code becomes "a filed
// group has none".
void relax_org_code_check(SQLite::Database& db) {
  loosen_check(db, "org", "CHECK ((tier = 'registered') = (credit_code IS NOT NULL))",
               "CHECK (tier = 'registered' OR credit_code IS NULL)");
}

// Migration 014: credit events of the kinds Order No. 60 names as causes; orgs of the type
// other (a code 59…: registered by civil affairs, none of the three types).
void widen_credit_kinds(SQLite::Database& db) {
  loosen_check(db, "org", "type = 'foundation'),", "type = 'foundation' OR type = 'other'),");
  loosen_check(db, "credit_event", "kind = 'reversal'),",
               "kind = 'reversal' OR kind = 'no_party_org' OR kind = 'fundraising_breach' OR kind = 'letter_unsigned' OR "
               "kind = 'reachable'),");
}

void set_connection_pragmas(SQLite::Database& db) {
  db.exec("PRAGMA foreign_keys = ON");
}

// The folders a new registry's path needs, made; removes them again (newest first) unless
// keep() is called, so a registry that cannot be made leaves no empty folder behind.
class Parents {
 public:
  Parents(const fs::path& file, std::optional<gid_t> gid) {
    fs::path parent = file.parent_path();
    if (parent.empty()) return;
    std::vector<fs::path> missing;
    for (fs::path p = parent; !p.empty() && !fs::exists(p); p = p.parent_path()) missing.push_back(p);
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      // A shared registry's folder is setgid so files made in it keep the office group.
      mode_t mode = gid ? 02770 : 0700;
      if (::mkdir(it->c_str(), mode) != 0) {
        if (errno == EEXIST) continue;
        const int err = errno;
        throw Error(ErrorKind::kIo, trf("cannot create directory '{}': {}", it->string(), io::reason(err)));
      }
      made_.push_back(*it);
      if (gid) {
        if (::chown(it->c_str(), static_cast<uid_t>(-1), *gid) != 0 || ::chmod(it->c_str(), mode) != 0) {
          const int err = errno;
          throw Error(ErrorKind::kIo, trf("cannot give directory '{}' to its group: {}", it->string(), io::reason(err)));
        }
      }
    }
  }
  ~Parents() {
    for (auto it = made_.rbegin(); it != made_.rend(); ++it) ::rmdir(it->c_str());
  }
  void keep() { made_.clear(); }

 private:
  std::vector<fs::path> made_;
};

}  // namespace

void apply_migrations(SQLite::Database& db, int from, int to) {
  for (const auto& m : migrations()) {
    if (m.version <= from || (to && m.version > to)) continue;
    db.exec(m.sql);
    if (m.version == 13) relax_org_code_check(db);
    if (m.version == 14) widen_credit_kinds(db);
    db.exec(fmt::format("PRAGMA user_version = {}", m.version));
  }
}


Registry Registry::create(const std::string& path, const Session& session,
                          const std::optional<std::string>& group, int version) {
  std::optional<gid_t> gid;
  if (group) {
    struct group* g = ::getgrnam(group->c_str());
    if (!g) throw_usage(trf("no such group '{}'", *group));
    gid = g->gr_gid;
  }
  if (fs::exists(path))
    throw Error(ErrorKind::kIo, trf("'{}' already exists; ‹db init› never overwrites a registry", path));
  if (path.empty() || path.back() == '/' || fs::path(path).filename() == "." || fs::path(path).filename() == "..")
    throw Error(ErrorKind::kIo, trf("'{}' names a folder, not a registry file: give the file's name, as in '{}'", path,
                                    (fs::path(path) / "registry.db").lexically_normal().string()));
  Parents parents(fs::path(path), gid);
  const mode_t mode = gid ? 0660 : 0600;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) {
    const int err = errno;
    throw Error(ErrorKind::kIo, trf("cannot create '{}': {}", path, io::reason(err)));
  }
  // The umask may have stripped bits from `mode`; set exactly what was asked for.
  bool ok = (!gid || ::fchown(fd, static_cast<uid_t>(-1), *gid) == 0) && ::fchmod(fd, mode) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    throw Error(ErrorKind::kIo, trf("cannot set the permissions of '{}': {}", path, i18n::system_message(saved)));
  }
  try {
    auto impl = std::make_unique<Impl>(path, SQLite::OPEN_READWRITE, session.busy_timeout_ms);
    auto& db = impl->db;
    // 16 KB pages, set before the first write fixes the file's page size (SQLite's default is
    // 4 KB). Fewer, fuller pages: at a million orgs the import is about a fifth faster (its
    // indexes a third) and a report's scan reads a quarter as many pages; a single edit writes a
    // few 16 KB pages to the WAL instead of 4 KB ones. A registry made before keeps its size.
    db.exec(fmt::format("PRAGMA page_size = {}", kPageSize));
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
    set_connection_pragmas(db);
    Registry reg(std::move(impl), path, session);
    reg.apply_schema(version);
    share_side_files(path);
    parents.keep();
    return reg;
  } catch (const SQLite::Exception& e) {
    ::unlink(path.c_str());
    translate(e, path);
  } catch (...) {
    ::unlink(path.c_str());
    throw;
  }
}

void Registry::apply_schema(int version) {
  Transaction tx(*this);
  try {
    apply_migrations(impl_->db, 0, version);
  } catch (const SQLite::Exception& e) {
    translate(e, "schema");
  }
  audit("db.create", std::nullopt,
        io::JsonObject().add("schema", static_cast<long long>(version ? version : latest_schema_version())).str());
  tx.commit();
}

Registry Registry::open(const std::string& path, Mode mode, const Session& session, const MigrationCheck& check) {
  close_kept();  // the next connection may need to be the only one (a first load), or the last
  // SQLite opens a file it may not write read-only and fails only at the first write: a
  // command that writes is refused before it starts, naming the access it lacks.
  if (mode == Mode::kReadWrite)
    if (std::string why = write_refusal(access_of(path)); !why.empty()) throw Error(ErrorKind::kIo, why);
  std::unique_ptr<Impl> impl;
  try {
    // A reading command uses its connection on one thread: without the connection's mutex,
    // which SQLite otherwise takes in every call (two per value read; 6% of listing a
    // million orgs). A writing one keeps it for the import's second thread.
    const bool reads = mode != Mode::kReadWrite;
    int flags = reads ? SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX : SQLite::OPEN_READWRITE;
    impl = std::make_unique<Impl>(path, flags, session.busy_timeout_ms);
    int app = 0;
    try {
      app = pragma_int(impl->db, "application_id");
    } catch (const SQLite::Exception& e) {
      // A first load that stopped before its end left its rollback journal, which only a
      // connection that writes can roll back.
      if (!reads || e.getExtendedErrorCode() != SQLITE_READONLY_ROLLBACK) throw;
      impl.reset();
      undo_stopped_load(path, session);
      impl = std::make_unique<Impl>(path, flags, session.busy_timeout_ms);
      app = pragma_int(impl->db, "application_id");
    }
    if (app != kApplicationId)
      throw Error(ErrorKind::kIo, trf("'{}' is not a kunqu registry", path));
    int version = pragma_int(impl->db, "user_version");
    if (version > latest_schema_version())
      throw Error(ErrorKind::kIo,
                  trf("registry '{}' has schema version {}, newer than this kunqu ({}); "
                      "install a newer kunqu",
                      path, version, latest_schema_version()));
    if (!reads) {
      set_connection_pragmas(impl->db);  // what a connection that writes enforces
      keep_wal(impl->db);
    }
    share_side_files(path);
    Registry reg(std::move(impl), path, session);
    reg.session_.ends_with_process = false;  // a refusal below closes it; kept only once open
    if (version < latest_schema_version()) {
      if (reads)
        throw Error(ErrorKind::kIo, trf("registry '{}' has schema version {}, older than this "
                                        "kunqu ({}); run '‹db migrate›'",
                                        path, version, latest_schema_version()));
      reg.migration_backup_ = reg.migrate(check);
      reg.migrated_from_ = version;
    }
    // A reading command reads one state of the registry, whatever is written meanwhile: a
    // report's sections, or an org and its standing, agree with each other. (SQLite takes the
    // snapshot at the first read and lets it go when the Registry goes: closed, or kept.)
    // As much of the file as SQLite maps (2 GB in Debian's build; pages past it are read).
    if (mode == Mode::kLookUp) reg.exec(fmt::format("PRAGMA mmap_size = {}", std::numeric_limits<std::int64_t>::max()));
    if (reads) reg.exec("BEGIN");
    reg.session_.ends_with_process = session.ends_with_process;
    return reg;
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_NOTADB) throw Error(ErrorKind::kIo, trf("'{}' is not a kunqu registry", path));
    // "attempt to write a readonly database", "unable to open database file": say which access
    // is missing and how to get it.
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
      if (std::string why = read_refusal(access_of(path)); !why.empty()) throw Error(ErrorKind::kIo, why);
    translate(e, path);
  }
}

Registry Registry::in_memory(const Session& session) {
  auto impl = std::make_unique<Impl>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                     session.busy_timeout_ms);
  impl->db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
  set_connection_pragmas(impl->db);
  Registry reg(std::move(impl), ":memory:", session);
  reg.apply_schema(0);
  return reg;
}

void Registry::backup_to(const std::string& path) {
  // Created new and exclusively (never through a link, never over a file), without access for
  // others from its first byte, then filled in one step of the online backup API: a consistent
  // snapshot while other processes keep writing.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    if (err == EEXIST) throw Error(ErrorKind::kIo, trf("'{}' exists already: a backup never overwrites a file", path));
    throw Error(ErrorKind::kIo, trf("cannot write the backup '{}': {}", path, io::reason(err)));
  }
  ::close(fd);
  try {
    impl_->db.backup(path.c_str(), SQLite::Database::Save);
  } catch (const SQLite::Exception& e) {
    std::remove(path.c_str());
    const int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) translate(e, "backup");
    // The backup's own disk, not the registry's: say what went wrong there.
    const std::string why = code == SQLITE_FULL ? io::reason(ENOSPC) : e.what();
    throw Error(ErrorKind::kIo, trf("cannot write the backup '{}': {}; nothing was written", path, why));
  }
  ::chmod(path.c_str(), 0600);
}

namespace {

// The first ten of `found`, a line each under a refusal's message ("…" for the rest).
template <typename T, typename Line>
std::string first_ten(const std::vector<T>& found, Line line) {
  std::string list;
  for (std::size_t i = 0; i < found.size() && i < 10; ++i) list += "\n  " + line(found[i]);
  if (found.size() > 10) list += "\n  …";
  return list;
}

}  // namespace

std::string Registry::migrate(const MigrationCheck& check) {
  auto& db = impl_->db;
  int version = pragma_int(db, "user_version");
  if (version >= latest_schema_version()) return "";
  // Before anything is written: the registry must be what it claims, and hold at that version.
  if (auto found = contradictions(version); !found.empty())
    throw Error(ErrorKind::kIo, trf("registry '{}' says schema version {}, but its own records were written by a later "
                                    "kunqu; it was changed outside kunqu, and nothing was migrated (restore a backup):{}",
                                    path_, version, first_ten(found, [](const std::string& f) { return f; })));
  // A schema changed behind kunqu's back (an index dropped, a trigger planted) is not built on:
  // a migration's own statements would fail on it, or carry it into the new version.
  if (auto found = version >= 1 ? schema_differences(*this) : std::vector<SchemaDifference>{}; !found.empty())
    throw Error(ErrorKind::kIo, trf("registry '{}' has a schema the migrations to version {} do not make: it was changed "
                                    "outside kunqu, and nothing was migrated. See '‹db check›':{}",
                                    path_, version, first_ten(found, [](const SchemaDifference& d) {
                                      return fmt::format("{}: {}", d.subject, d.finding);
                                    })));
  if (auto found = version >= kSealedSchema ? seal::verify(*this, std::nullopt) : std::vector<seal::Finding>{};
      !found.empty())
    throw Error(ErrorKind::kIo, trf("registry '{}' fails its seals, so it is not migrated (a migration would seal "
                                    "what was changed); nothing was written. See '‹db check›':{}",
                                    path_, first_ten(found, [](const seal::Finding& f) {
                                      return fmt::format("{} {}: {}", f.check, f.subject, f.finding);
                                    })));
  std::string backup;
  try {
    if (path_ != ":memory:") {
      std::string stamp = now_utc();
      stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }), stamp.end());
      const std::string name = fmt::format("{}.v{}-{}.bak", path_, version, stamp);
      backup_to(name);
      backup = name;  // only once written: a file that was there already is never removed
    }
    db.exec("PRAGMA journal_mode = WAL");
    Transaction tx(*this);
    apply_migrations(db, version, 0);
    if (version < kStampedSchema) rekey_names();
    if (check) check(*this);
    // A registry sealed for the first time, or in the tree form for the first time: all it
    // holds is sealed by this migration's entry.
    if (version < seal::kTreeSchema) seal::touch_all(*this, impl_->touched);
    audit("db.migrate", std::nullopt,
          io::JsonObject()
              .add("from", static_cast<long long>(version))
              .add("to", static_cast<long long>(latest_schema_version()))
              .add("backup", backup)
              .str());
    tx.commit();
  } catch (const SQLite::Exception& e) {
    if (!backup.empty()) std::remove(backup.c_str());  // nothing was migrated: no backup of it
    translate(e, "migrate");
  } catch (...) {
    if (!backup.empty()) std::remove(backup.c_str());
    throw;
  }
  return backup;
}

Query Registry::prepare(std::string_view sql) {
  try {
    return Query(std::make_unique<Query::Impl>(impl_->db, sql));
  } catch (const SQLite::Exception& e) {
    translate(e);
  }
}

void Registry::exec(std::string_view sql) {
  try {
    impl_->db.exec(std::string(sql));
  } catch (const SQLite::Exception& e) {
    translate(e);
  }
}

void Registry::drop_index(std::string_view name) {
  reset_statements(impl_->db);
  exec(fmt::format("DROP INDEX \"{}\"", name));
}

std::int64_t Registry::last_insert_rowid() const { return impl_->db.getLastInsertRowid(); }
bool Registry::serialized() const { return sqlite3_db_mutex(impl_->db.getHandle()) != nullptr; }
seal::Touched& Registry::touched() { return impl_->touched; }
int Registry::changes() const { return impl_->db.getChanges(); }

Info Registry::info() {
  Info info;
  info.schema_version = pragma_int(impl_->db, "user_version");
  info.binary_schema_version = latest_schema_version();
  info.journal_mode = journal_mode(impl_->db);
  return info;
}

std::string Registry::now_utc() const {
  return session_.now_utc.empty() ? utc_now_string() : session_.now_utc;
}

std::string Registry::today() const { return validate::shanghai_date(now_utc()); }

void Registry::settle(std::vector<Diagnostic>& warnings, std::vector<Diagnostic>& errors) const {
  for (auto& w : warnings) {
    if (session_.strict) {
      w.severity = Severity::kError;
      errors.push_back(std::move(w));
    } else {
      w.severity = Severity::kWarning;
      warn(w);
    }
  }
  warnings.clear();
}

void Registry::warn(const Diagnostic& warning) const {
  if (session_.on_warning) session_.on_warning(warning);
}

void Registry::seal_pending(std::string_view fallback_action) {
  if (impl_->touched.empty()) return;
  if (pragma_int(impl_->db, "user_version") < kSealedSchema) {
    impl_->touched.clear();
    return;
  }
  seal::seal(*this, impl_->touched, fallback_action);
}

void Registry::forget_pending() { impl_->touched.clear(); }

std::int64_t Registry::audit(std::string_view action, std::optional<std::int64_t> org_id,
                             std::string_view detail_json) {
  // Stamped with the schema it is written under (from schema 9; an older one is only ever
  // written by a test making a registry as an older kunqu did).
  const int version = pragma_int(impl_->db, "user_version");
  auto q = prepare(version >= kStampedSchema
                       ? "INSERT INTO audit (at, actor, command, action, org_id, detail, schema) VALUES (?, ?, ?, ?, ?, ?, ?)"
                       : "INSERT INTO audit (at, actor, command, action, org_id, detail) VALUES (?, ?, ?, ?, ?, ?)");
  if (session_.find_actor) {
    session_.actor = session_.find_actor();
    session_.find_actor = nullptr;
  }
  q.bind(1, now_utc()).bind(2, session_.actor).bind(3, session_.command_line).bind(4, action);
  q.bind(5, org_id).bind(6, detail_json);
  if (version >= kStampedSchema) q.bind(7, version);
  q.run();
  return last_insert_rowid();
}

void Registry::set_audit_detail(std::int64_t audit_id, std::string_view detail_json) {
  auto q = prepare("UPDATE audit SET detail = ? WHERE id = ?");
  q.bind(1, detail_json).bind(2, audit_id);
  q.run();
}

std::optional<std::string> Registry::setting(std::string_view key) {
  auto q = prepare("SELECT value FROM setting WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void Registry::set_setting(std::string_view key, std::string_view value) {
  auto q = prepare("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q.bind(1, key).bind(2, value);
  q.run();
}

bool is_registry_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[100];
  if (!in.read(header, sizeof header)) return false;
  if (std::memcmp(header, "SQLite format 3", 16) != 0) return false;
  const auto byte = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(header[i])); };
  const std::uint32_t id = byte(68) << 24 | byte(69) << 16 | byte(70) << 8 | byte(71);
  return id == static_cast<std::uint32_t>(kApplicationId);
}

std::string org_key(std::int64_t id) { return fmt::format("K{:07d}", id); }

std::optional<std::int64_t> parse_org_key(std::string_view key) {
  if (key.size() < 2 || (key[0] != 'K' && key[0] != 'k')) return std::nullopt;
  std::int64_t value = 0;
  for (std::size_t i = 1; i < key.size(); ++i) {
    if (key[i] < '0' || key[i] > '9') return std::nullopt;
    if (value > (INT64_MAX - (key[i] - '0')) / 10) return std::nullopt;
    value = value * 10 + (key[i] - '0');
  }
  if (value <= 0) return std::nullopt;
  return value;
}

}  // namespace kunqu::registry
