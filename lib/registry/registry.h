// The registry: one SQLite file holding a district's organizations, settings and audit log.
// This is the only part of libkunqu that talks to SQLite; domain modules use the small
// Query/Transaction wrappers declared here so SQLite types stay out of every other header.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "io/table.h"

namespace kunqu::registry {

namespace seal {
struct Touched;
}

// kunqu's PRAGMA application_id: 'KNQU'.
constexpr std::int32_t kApplicationId = 0x4B4E5155;
// The page size of a registry `db init` makes, in bytes.
constexpr int kPageSize = 16384;

// kLookUp reads like kReadOnly, for a command that reads a few records (`org show`): the file
// is mapped into memory and its pages read in place, not copied one by one into fresh memory of
// the connection's cache (a tenth of `org show`'s time). A command that scans tables keeps kReadOnly, whose
// memory stays that of its cache. A mapped file read past its end (cut short by someone else
// while it is read) or failing to read raises SIGBUS: the binary turns that into a message.
enum class Mode { kReadOnly, kReadWrite, kLookUp };

// Who is acting and when; stamped on every audit entry.
struct Session {
  std::string actor = "unknown";
  // When set, names the actor instead, the first time an audit entry is written: a look-up (the
  // account's name) that a command writing nothing does not make.
  std::function<std::string()> find_actor;
  std::string command_line;
  std::string now_utc;  // 'YYYY-MM-DDTHH:MM:SSZ'; empty = the real clock
  int busy_timeout_ms = 5000;
  // Warnings refuse the command as errors do (--strict).
  bool strict = false;
  // Shows a warning to whoever runs the command (the CLI prints it on stderr at once).
  std::function<void(const Diagnostic&)> on_warning;
  // A reading connection is not closed when its Registry goes: the process ends soon after, and
  // the system lets go of its file and locks then. Closing frees everything SQLite made of the
  // schema, one object at a time. The next Registry::open in the process closes it first; a
  // writing connection is closed whatever this says.
  bool ends_with_process = false;
};

class Registry;

// A prepared statement. Parameters are 1-based; columns 0-based.
class Query {
 public:
  ~Query();
  Query(Query&&) noexcept;
  Query& operator=(Query&&) noexcept;

  Query& bind(int index, std::string_view value);
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, std::int64_t value);
  Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind_null(int index);
  // Binds without copying. REQUIRES: `value` stays unchanged until the statement is reset.
  Query& bind_static(int index, const std::string& value);
  // Binds bytes as a BLOB.
  Query& bind_blob(int index, std::string_view bytes);
  Query& bind(int index, const std::optional<std::string>& value);
  Query& bind(int index, const std::optional<std::int64_t>& value);

  // Steps once; true when a row is available. Throws kunqu::Error (kBusy on a lock timeout).
  bool step();
  // Runs a statement that returns no rows.
  void run();
  // Resets for another execution; bindings stay unless clear_bindings().
  void reset();
  void clear_bindings();

  int column_count() const;
  std::string column_name(int index) const;
  bool is_null(int index) const;
  std::optional<std::string> text(int index) const;
  std::optional<std::int64_t> integer(int index) const;
  double real(int index) const;
  std::string text_or(int index, std::string_view fallback) const;
  // The column's storage class: 'n' NULL, 'i' integer, 'r' real, 't' text, 'b' blob.
  char kind(int index) const;
  // The column's bytes without a copy ("" for NULL), valid until the next step or reset.
  std::string_view view(int index) const;

 private:
  friend class Registry;
  struct Impl;
  explicit Query(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The rows `q` gives, as a table of `columns` (one a result column): money columns read from
// integer fen as yuan (1234.50), the others as SQLite gives their text.
io::Table table_of(Query& q, std::string record, std::vector<io::Column> columns);

// BEGIN IMMEDIATE on construction — a SAVEPOINT when another transaction is open — and
// rolled back in the destructor unless committed.
class Transaction {
 public:
  explicit Transaction(Registry& registry);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();
  void rollback();

 private:
  Registry& registry_;
  std::string savepoint_;  // set when nested in another transaction
  bool open_ = true;
};

// Facts about a registry file for `db info`.
struct Info {
  int schema_version = 0;
  int binary_schema_version = 0;
  std::string journal_mode;
};

// Checks a registry as a migration leaves it, inside the migration's transaction and before its
// commit; throws (kunqu::Error) to refuse the migration. `db check` without the seals, given by
// the caller so this layer does not depend on the checks above it.
using MigrationCheck = std::function<void(Registry&)>;

class Registry {
 public:
  // Creates a new registry at `path` (parent directories made, mode 0600 — or 0660 owned by
  // `group` when given) and applies every migration up to `version` (0: all; an older version
  // makes a registry as an older kunqu did, to test migrations). Throws kIo when the file
  // exists, `path` names a folder, or it cannot be created (folders it made are removed
  // again), kUsage for an unknown group.
  static Registry create(const std::string& path, const Session& session,
                         const std::optional<std::string>& group = std::nullopt, int version = 0);

  // Opens an existing registry. REQUIRES: the file exists (callers report a missing one with
  // its provenance). Refuses, untouched, a file that is not a kunqu registry or whose schema
  // is newer than this binary (kIo). In kReadWrite mode an older schema is migrated after a
  // backup is written beside the file (see migrate()); in a reading mode it is refused with
  // advice to migrate.
  static Registry open(const std::string& path, Mode mode, const Session& session,
                       const MigrationCheck& check = {});

  // An in-memory registry with every migration applied (tests).
  static Registry in_memory(const Session& session = {});

  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;
  ~Registry();

  Query prepare(std::string_view sql);
  void exec(std::string_view sql);
  // Drops index `name` in the open transaction. SQLite refuses to while a statement of the
  // connection is still active (SQLITE_LOCKED), as a look-up is that read its one row and was
  // not reset: each is reset first. REQUIRES: no caller is in the middle of a statement's rows.
  void drop_index(std::string_view name);
  std::int64_t last_insert_rowid() const;
  // Whether SQLite serializes the calls on this connection, so two threads may share it.
  bool serialized() const;
  // For a first load into a table with no rows (an import's bulk path): the registry leaves
  // WAL mode for a rollback journal, so the load writes each page once, into the file, instead
  // of into the WAL and again when the WAL is copied back (README.md, "The registry"). The
  // connection holds the registry's lock from here to return_to_wal(): readers wait (their
  // busy timeout) meanwhile. Only where this is the registry's one connection and no
  // transaction is open: false otherwise, and the load runs in WAL mode.
  bool leave_wal_for_load();
  // Back to WAL mode after leave_wal_for_load(). Never throws: should another connection hold
  // the registry, the next command that writes it returns it to WAL mode.
  void return_to_wal() noexcept;
  // Between leave_wal_for_load() and return_to_wal() (what this connection did; it holds the
  // lock meanwhile, so no one else changes the journal).
  bool in_rollback_journal() const;
  // What the open transaction wrote, to be sealed at its commit (for seal::Feed).
  seal::Touched& touched();
  int changes() const;

  const Session& session() const { return session_; }
  Session& session() { return session_; }
  const std::string& path() const { return path_; }
  Info info();

  // Brings the schema to the newest version, writing a backup first when the registry has
  // data. Returns the backup's path, or "" when nothing needed doing. Refuses (kIo, nothing
  // written) a registry that contradicts the version it claims (audit entries written under a
  // later schema, or a later schema's tables and columns) or, from the sealed schema on, fails its
  // audit chain or row seals; `check` then judges the migrated data before the commit. So a
  // migration never reseals a row changed behind kunqu's back.
  std::string migrate(const MigrationCheck& check = {});
  // A consistent copy of the registry at `path` (which must not exist), mode 0600, made with
  // SQLite's online backup API in one step while other processes may keep writing.
  void backup_to(const std::string& path);
  // The newest schema a write seals (schemas/migrations/008_seal.sql): from then on every
  // outermost transaction seals its rows and audit entries as it commits.
  static constexpr int kSealedSchema = 8;
  // The backup written when open() migrated this registry, else "".
  const std::string& migration_backup() const { return migration_backup_; }
  // The schema version open() migrated this registry from, nullopt when it did not migrate it.
  std::optional<int> migrated_from() const { return migrated_from_; }

  // Appends an audit entry in the current transaction and returns its id.
  // `detail_json` must be a JSON object.
  std::int64_t audit(std::string_view action, std::optional<std::int64_t> org_id,
                     std::string_view detail_json);
  void set_audit_detail(std::int64_t audit_id, std::string_view detail_json);

  // The current UTC time as 'YYYY-MM-DDTHH:MM:SSZ' (Session::now_utc when set).
  std::string now_utc() const;
  // Today in the district (Asia/Shanghai) as 'YYYY-MM-DD', by the same clock.
  std::string today() const;

  // Hands on the warnings a check found: under Session::strict they join `errors` (as
  // errors, refusing the command with them); otherwise each is shown through
  // Session::on_warning. `warnings` is left empty.
  void settle(std::vector<Diagnostic>& warnings, std::vector<Diagnostic>& errors) const;
  // Shows one warning through Session::on_warning (nothing when none is set).
  void warn(const Diagnostic& warning) const;

  // Settings, stored in the registry. get returns nullopt for an unset key.
  std::optional<std::string> setting(std::string_view key);
  void set_setting(std::string_view key, std::string_view value);

 private:
  friend class Transaction;
  struct Impl;
  // Seals what the outermost transaction touched, just before its COMMIT (registry/seal.h).
  void seal_pending(std::string_view fallback_action);
  void forget_pending();
  // Brings every org's name key to io::name_key (schema 9: NFKC), where no other live org of
  // its scope holds that key already. REQUIRES: in the migration's transaction.
  void rekey_names();
  // What in this registry contradicts its claim to be at schema `version`, in words.
  std::vector<std::string> contradictions(int version);
  // Applies every migration to a new registry in one transaction, with its 'db.create' entry.
  void apply_schema(int version);
  Registry(std::unique_ptr<Impl> impl, std::string path, Session session);
  // The reading connections left open for the end of the process (Session::ends_with_process),
  // and their closing; the destructor's choice between the two (process.cpp).
  static std::vector<std::unique_ptr<Impl>>& kept();
  static void close_kept();
  void keep_or_close() noexcept;
  std::unique_ptr<Impl> impl_;
  std::string path_;
  Session session_;
  std::string migration_backup_;
  std::optional<int> migrated_from_;
};

// Whether the file at `path` is a kunqu registry (an SQLite database with kunqu's
// application_id in its header), read from its first 100 bytes; false when it cannot be read.
bool is_registry_file(const std::string& path);

// The first schema whose audit entries record the schema they were written under.
constexpr int kStampedSchema = 9;

// The schema version this binary writes.
int latest_schema_version();

// The version of the SQLite library in use ("3.40.1").
const char* sqlite_version();

// Formats an org id as its key ("K0000042"); parses one back (nullopt when not a key).
std::string org_key(std::int64_t id);
std::optional<std::int64_t> parse_org_key(std::string_view key);

}  // namespace kunqu::registry
