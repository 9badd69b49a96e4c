// One import pipeline for every kind of record: open one transaction and its audit entry; for
// each record of the file, read it, check it, write it; run the checks that need every record
// (references named before they appear, repeats, numbering); then refuse with every problem
// found, roll back a dry run, or record the counts and commit. A kind of record supplies its
// checks and its writes (an ImportKind); the reader (CSV, TOML) is chosen by the caller.
//
// On two cores: when a kind keeps what its checks need of the file's earlier records itself
// (ImportKind::pipelined), its writes are queued to a second thread that runs them in order
// (ImportRun::later), while this one reads, decodes and checks the next records. The queue
// holds a few batches of records, so memory stays flat; a check that must read what an
// earlier record wrote waits for the queue to empty first (ImportRun::settle).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error.h"
#include "io/json.h"
#include "io/records.h"

namespace kunqu::registry {

class Registry;
class ImportKind;
class ImportWriter;

// What an import does with a record the registry holds already.
enum class OnConflict { kError, kSkip, kUpdate };

struct ImportOptions {
  OnConflict on_conflict = OnConflict::kError;
  bool dry_run = false;
  std::size_t max_errors = 50;  // problems listed (and warnings shown); the rest are counted
  // Called every 256 rows with the rows read and the file's bytes read so far.
  std::function<void(std::uint64_t rows, std::uint64_t bytes)> progress;
  // Called with every problem as it is found — errors and warnings (as errors under strict),
  // listed or not — by a front end that keeps its own record of every problem (a problem
  // report); it may add to the problem. While it is set every warning is worded; unset, a
  // warning past the ‹max_errors› listed is only counted.
  std::function<void(Diagnostic&)> on_problem;
  // Called with each problem kept to be listed (the first ‹max_errors› errors, and as many
  // warnings), after on_problem: a front end may add to it (the field's name in its reader's
  // language).
  std::function<void(Diagnostic&)> on_listed;
};

struct ImportResult {
  std::int64_t batch = 0;  // the audit entry's id, stamped on what was written (0 on a dry run)
  std::size_t rows = 0, added = 0, updated = 0, unchanged = 0, skipped = 0;
};

// Where the records an import wrote came from, to name the first line when a later row repeats
// one. New records get consecutive ids, so runs of ids plus one 32-bit line per row keep this
// at about 4 bytes a row; updated records are listed as they come.
class LineIndex {
 public:
  void add(std::int64_t id, int line);
  // The line that wrote `id`, 0 when none did.
  int line_of(std::int64_t id) const;

 private:
  std::vector<std::pair<std::int64_t, std::size_t>> runs_;  // first id, index into lines_
  std::vector<std::uint32_t> lines_;
  std::int64_t last_ = 0;
  bool sorted_ = true;
};

// One import under way, as a kind's checks and writes see it.
// An index of a bulk load's table: its name, its CREATE statement, and whether it is kept up to
// date (ImportKind::bulk_sparse_indexes, not dropped yet) rather than built again at the end.
struct BulkIndex {
  std::string name, sql;
  bool kept = false;
};

class ImportRun {
 public:
  ImportRun(Registry& reg, const io::RecordReader& reader, const ImportOptions& options, ImportResult& result);
  ~ImportRun();

  Registry& reg;
  const ImportOptions& options;
  ImportResult& result;

  const std::string& file() const;
  std::int64_t batch() const { return result.batch; }
  // Whether the records go into an empty table whose indexes are built after the last row.
  bool bulk() const { return bulk_; }

  // A problem found: an error refuses the import; a warning is shown and the import goes on,
  // unless the command runs with --strict (then it is an error).
  void add(Diagnostic d);
  // The errors so far, listed or not.
  std::size_t errors() const { return errors_; }
  // Whether another error would still be listed: finding a line to name can wait otherwise.
  bool listing() const { return kept_.size() < options.max_errors; }
  // Whether a warning found now would be read: listed, written to a problem report, or an error
  // under --strict. When it would not, count_warning() counts it without the cost of its words
  // (a load of a million rows can warn on most of them).
  bool wants_warning() const;
  void count_warning() { ++warnings_; }

  // Record `id` was written by the row at `line`.
  void wrote(std::int64_t id, int line) { lines_.add(id, line); }
  // The line of this file that wrote record `id`, 0 when none did.
  int line_of(std::int64_t id) const { return lines_.line_of(id); }

  // Whether writes go to the second thread: then ids must be chosen before the write.
  bool pipelined() const { return writer_ != nullptr; }
  // Runs `write` after every write queued before it: on the second thread when the import is
  // pipelined, else now. A write that throws fails the import: its error is thrown here or by
  // settle(), and nothing queued after it runs.
  void later(std::function<void()> write);
  // Returns once every write queued has run: before reading what one wrote.
  void settle();
  // Whether writes handed to later() wait for the second thread, which has fallen behind this
  // one: work either thread may do (a digest) is best done here then, and left to it when not.
  bool writer_behind() const;
  // Drops `index`, one of the ImportKind::bulk_sparse_indexes() a bulk load kept, once the
  // writes queued before are done: it is built again with the others once the rows are in.
  void drop_index(const std::string& index);

 private:
  friend ImportResult run_import(Registry&, io::RecordReader&, const ImportOptions&, const std::string&, ImportKind&);
  const io::RecordReader& reader_;
  bool bulk_ = false;
  std::size_t errors_ = 0, warnings_ = 0;
  std::vector<Diagnostic> kept_, warned_;
  LineIndex lines_;
  std::unique_ptr<ImportWriter> writer_;
  std::vector<BulkIndex> indexes_;  // a bulk load's, of its table, in the schema's order
};

// A kind of record an import reads: its checks and its writes.
class ImportKind {
 public:
  virtual ~ImportKind() = default;

  // The table a load into an empty registry fills in bulk ('' for none): its indexes are dropped
  // before the first row and built again after the last, many times faster than keeping them up
  // to date row by row.
  virtual std::string bulk_table() const { return {}; }
  // The tables finish() fills from a bulk load's rows, read there only by rowid: those empty
  // before the load have their indexes dropped with the bulk table's and built again after
  // finish(), when the import is written.
  virtual std::vector<std::string> bulk_derived_tables() const { return {}; }
  // Indexes of bulk_table() a bulk load keeps up to date while its rows give few of their keys:
  // building one again scans the whole table, which costs more than keeping up one that stays
  // all but empty (a column few files fill). write() calls ImportRun::drop_index before a row
  // that starts to fill one, or that repeats a key of a unique one, is written.
  virtual std::vector<std::string> bulk_sparse_indexes() const { return {}; }
  // Before the first record: statements prepared, settings read.
  virtual void begin(ImportRun&) {}
  // Whether check() can run ahead of the writes: it reads nothing an earlier record of the
  // file wrote without ImportRun::settle() first, and write() hands its statements to
  // ImportRun::later(). Asked after begin().
  virtual bool pipelined(const ImportRun&) const { return false; }

  enum class Verdict { kWrite, kSkip, kUnchanged, kRefused };
  // Checks one record, each problem added to the run; says what to do with it. A record with
  // a problem is never written, whatever the verdict.
  virtual Verdict check(ImportRun& run, const io::RawRecord& record) = 0;
  // Writes the record check() passed; true when it added a record, false when it updated one.
  virtual bool write(ImportRun& run, const io::RawRecord& record) = 0;
  // Drops what check() kept of a record that is not written.
  virtual void drop(ImportRun&) {}
  // After the last record is written, before a bulk load's indexes are built again (their sort
  // is the import's peak of memory): what only the records' checks needed can go.
  virtual void rows_done(ImportRun&) {}

  // A bulk load could not build the unique index `index` again: the problems it stands for
  // (rows repeating each other), each at its line.
  virtual void repeats(ImportRun&, const std::string& /*index*/) {}
  // Whether index `index` is still built when the import is refused already (it finds more
  // problems): the unique ones by default.
  virtual bool needed_when_refused(const std::string& /*index*/, bool unique) const { return unique; }
  // After the last record (and a bulk load's indexes): the checks that need every record, and
  // what is done only when there is no error (numbering).
  virtual void finish(ImportRun&) {}
  // The audit entry's detail after the input's file, sha256 and encoding: the counts.
  virtual void describe(const ImportRun& run, io::JsonObject& detail) const = 0;
};

// Imports every record of `reader` as `kind`, all or nothing, under the audit action `action`.
// On any error throws kInvalidData listing them (at most options.max_errors; the message
// counts all) and writes nothing; a dry run checks everything and rolls back.
ImportResult run_import(Registry& reg, io::RecordReader& reader, const ImportOptions& options, const std::string& action,
                        ImportKind& kind);

}  // namespace kunqu::registry
