// The import pipeline.
#include "registry/import.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "i18n/messages.h"
#include "registry/registry.h"

namespace kunqu::registry {

// The second thread of a pipelined import: runs the writes handed to it in order, in batches
// of kBatch, with at most kDepth batches waiting (about 500 records in flight at most,
// whatever the file's size). Both threads use the registry's one connection, which SQLite
// serializes; the reading thread reads what the writes wrote only after settle().
class ImportWriter {
 public:
  using Write = std::function<void()>;
  static constexpr std::size_t kBatch = 128, kDepth = 2;

  ImportWriter() : thread_([this] { loop(); }) {}
  // Stops the thread; writes still queued are dropped (the import is failing).
  ~ImportWriter() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  void add(Write write) {
    open_.push_back(std::move(write));
    if (open_.size() >= kBatch) hand_over();
  }

  // Whether batches wait for the thread: it is behind the reading one.
  bool behind() const { return waiting_.load(std::memory_order_relaxed) > 0; }

  void settle() {
    if (!open_.empty()) hand_over();
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return failed_ || (queue_.empty() && !busy_); });
    auto done = take_done();
    rethrow();
    lock.unlock();
  }  // `done` freed here, on the thread that made it

 private:
  void hand_over() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return failed_ || queue_.size() < kDepth; });
    rethrow();
    queue_.push_back(std::move(open_));
    waiting_ = queue_.size();
    auto done = take_done();
    lock.unlock();
    changed_.notify_all();
    open_ = {};
    open_.reserve(kBatch);
  }  // `done` freed here, on the thread that made it

  // Under the lock: the batches written, for the reading thread to free once it unlocks.
  std::vector<std::vector<Write>> take_done() {
    std::vector<std::vector<Write>> done;
    done.swap(done_);
    return done;
  }

  // Under the lock: the writer's failure.
  void rethrow() {
    if (failed_) std::rethrow_exception(failed_);
  }

  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      changed_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      std::vector<Write> batch = std::move(queue_.front());
      queue_.pop_front();
      waiting_ = queue_.size();
      busy_ = true;
      lock.unlock();
      changed_.notify_all();  // room in the queue
      std::exception_ptr failed;
      try {
        for (auto& write : batch) write();
      } catch (...) {
        failed = std::current_exception();
      }
      lock.lock();
      // What the writes held goes back to be freed on the reading thread, which made it: a
      // block freed on another thread than the one that took it waits for that thread's
      // malloc arena, and at a million rows the two threads queued on it for seconds.
      done_.push_back(std::move(batch));
      busy_ = false;
      if (failed) {
        failed_ = failed;
        queue_.clear();
      }
      changed_.notify_all();
      if (failed_) return;
    }
  }

  std::vector<Write> open_;  // the batch being filled, on the reading thread
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<Write>> queue_;
  std::vector<std::vector<Write>> done_;  // written, to be freed by the reading thread
  bool busy_ = false, stop_ = false;
  std::atomic<std::size_t> waiting_{0};  // queue_.size(), read without the lock
  std::exception_ptr failed_;
  std::thread thread_;  // last: started once the rest is built
};

ImportRun::ImportRun(Registry& reg, const io::RecordReader& reader, const ImportOptions& options, ImportResult& result)
    : reg(reg), options(options), result(result), reader_(reader) {}

ImportRun::~ImportRun() = default;

void ImportRun::later(std::function<void()> write) {
  if (writer_) writer_->add(std::move(write));
  else write();
}

void ImportRun::settle() {
  if (writer_) writer_->settle();
}

bool ImportRun::writer_behind() const { return writer_ && writer_->behind(); }

void ImportRun::drop_index(const std::string& index) {
  for (auto& i : indexes_)
    if (i.kept && i.name == index) {
      i.kept = false;
      settle();  // the writes queued before, into it; then no statement runs on the other thread
      reg.drop_index(i.name);
    }
}

void LineIndex::add(std::int64_t id, int line) {
  // A run ends at the largest key: nothing follows it (and one more would overflow).
  if (runs_.empty() || last_ == std::numeric_limits<std::int64_t>::max() || id != last_ + 1) {
    sorted_ = sorted_ && (runs_.empty() || id > last_);
    runs_.push_back({id, lines_.size()});
  }
  lines_.push_back(static_cast<std::uint32_t>(line));
  last_ = id;
}

int LineIndex::line_of(std::int64_t id) const {
  auto in_run = [&](std::size_t r) -> int {
    std::size_t end = r + 1 < runs_.size() ? runs_[r + 1].second : lines_.size();
    std::int64_t offset = id - runs_[r].first;
    if (offset < 0 || static_cast<std::size_t>(offset) >= end - runs_[r].second) return 0;
    return static_cast<int>(lines_[runs_[r].second + static_cast<std::size_t>(offset)]);
  };
  if (sorted_) {
    auto it = std::upper_bound(runs_.begin(), runs_.end(), id,
                               [](std::int64_t v, const std::pair<std::int64_t, std::size_t>& r) { return v < r.first; });
    return it == runs_.begin() ? 0 : in_run(static_cast<std::size_t>(it - runs_.begin() - 1));
  }
  for (std::size_t r = runs_.size(); r-- > 0;)
    if (int line = in_run(r)) return line;
  return 0;
}

const std::string& ImportRun::file() const { return reader_.file_name(); }

bool ImportRun::wants_warning() const {
  return options.on_problem || reg.session().strict || warned_.size() < options.max_errors;
}

void ImportRun::add(Diagnostic d) {
  if (!d.warning() || reg.session().strict) d.severity = Severity::kError;
  if (options.on_problem) options.on_problem(d);
  const bool warning = d.warning();
  ++(warning ? warnings_ : errors_);
  auto& listed = warning ? warned_ : kept_;
  if (listed.size() >= options.max_errors) return;
  if (options.on_listed) options.on_listed(d);
  listed.push_back(std::move(d));
}

namespace {

// Drops the indexes of `table` (a bulk load builds them again at the end) but those in `keep`:
// every one's name and CREATE statement, in the schema's order, with whether it was kept.
std::vector<BulkIndex> drop_indexes(Registry& reg, const std::string& table,
                                    const std::vector<std::string>& keep = {}) {
  std::vector<BulkIndex> indexes;
  auto q = reg.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL");
  q.bind(1, table);
  while (q.step()) {
    std::string name = q.text_or(0, "");
    const bool kept = std::find(keep.begin(), keep.end(), name) != keep.end();
    indexes.push_back({std::move(name), q.text_or(1, ""), kept});
  }
  for (const auto& index : indexes)
    if (!index.kept) reg.exec("DROP INDEX " + index.name);
  return indexes;
}

// A pragma of the connection set to `value` while this lives, what it was restored after.
class ScopedPragma {
 public:
  ScopedPragma(Registry& reg, const char* name, std::int64_t value) : reg_(reg), name_(name) {
    auto q = reg.prepare(std::string("PRAGMA ") + name);
    q.step();
    was_ = q.integer(0).value_or(0);
    reg.exec(std::string("PRAGMA ") + name + " = " + std::to_string(value));
  }
  ~ScopedPragma() {
    try {
      reg_.exec(std::string("PRAGMA ") + name_ + " = " + std::to_string(was_));
    } catch (...) {
      // Only the speed of what follows on this connection depends on it.
    }
  }
  ScopedPragma(const ScopedPragma&) = delete;
  ScopedPragma& operator=(const ScopedPragma&) = delete;

 private:
  Registry& reg_;
  const char* name_;
  std::int64_t was_;
};

// The settings the indexes a bulk load dropped are built again with. SQLite sorts an index's
// keys in runs as large as the page cache and merges them. At a million orgs the nine indexes
// took 5.4-5.8 s with the import's 16 MB cache and 4.4-4.5 s with 2 MB; the import's peak
// memory, which was the index builds', fell from 59.6 MB to 51.7 MB. The sorter can also hand
// runs to helper threads (PRAGMA threads; SQLite's default is none): with one, on the second
// core, the nine indexes took 0.82x the wall-clock time (a median of 6 alternating runs; 0.78x
// with two helpers, for twice the memory), and the import's peak rose from 53 to 57 MB.
struct IndexBuilds {
  explicit IndexBuilds(Registry& reg)
      : cache(reg, "cache_size", -2048), threads(reg, "threads", std::thread::hardware_concurrency() > 1 ? 1 : 0) {}
  ScopedPragma cache, threads;
};

bool is_empty(Registry& reg, const std::string& table) {
  auto any = reg.prepare("SELECT 1 FROM " + table + " LIMIT 1");
  return !any.step();
}

// A bulk load into a table with no rows, under a rollback journal where the registry allows
// (Registry::leave_wal_for_load): back in WAL mode once its transaction has ended either way.
// Not for a dry run, which writes nothing to keep and should keep no one waiting.
class FirstLoad {
 public:
  FirstLoad(Registry& reg, const std::string& table, bool dry_run) : reg_(reg) {
    if (!dry_run && !table.empty() && is_empty(reg, table)) reg.leave_wal_for_load();
  }
  ~FirstLoad() { reg_.return_to_wal(); }
  FirstLoad(const FirstLoad&) = delete;
  FirstLoad& operator=(const FirstLoad&) = delete;

 private:
  Registry& reg_;
};

}  // namespace

ImportResult run_import(Registry& reg, io::RecordReader& reader, const ImportOptions& options, const std::string& action,
                        ImportKind& kind) {
  const FirstLoad journal(reg, kind.bulk_table(), options.dry_run);
  Transaction tx(reg);
  ImportResult result;
  result.batch = reg.audit(action, std::nullopt, "{}");
  ImportRun run(reg, reader, options, result);
  std::vector<BulkIndex> derived;
  if (const std::string table = kind.bulk_table(); !table.empty() && is_empty(reg, table)) {
    run.bulk_ = true;
    run.indexes_ = drop_indexes(reg, table, kind.bulk_sparse_indexes());
    for (const auto& t : kind.bulk_derived_tables())
      if (is_empty(reg, t))
        for (auto& index : drop_indexes(reg, t)) derived.push_back(std::move(index));
  }
  kind.begin(run);
  // Two threads where the connection is serialized (SQLite's default build).
  if (kind.pipelined(run) && reg.serialized()) {
    i18n::prepare();  // the writes may word a problem: the messages' locale is set before they start
    run.writer_ = std::make_unique<ImportWriter>();
  }

  io::RawRecord rec;
  std::vector<Diagnostic> found;
  while (true) {
    found.clear();
    const bool more = reader.next(rec, found);
    // A row with a cell the reader refused is checked for everything else but never written.
    const bool unread = !found.empty();
    for (auto& d : found) run.add(std::move(d));
    if (!more) break;
    ++result.rows;
    if (options.progress && (result.rows & 255) == 0) options.progress(result.rows, reader.bytes_read());
    const std::size_t before = run.errors();
    const ImportKind::Verdict verdict = kind.check(run, rec);
    if (unread || run.errors() > before || verdict == ImportKind::Verdict::kRefused) {
      kind.drop(run);
      continue;
    }
    switch (verdict) {
      case ImportKind::Verdict::kSkip: ++result.skipped; kind.drop(run); break;
      case ImportKind::Verdict::kUnchanged: ++result.unchanged; kind.drop(run); break;
      default: ++(kind.write(run, rec) ? result.added : result.updated);
    }
  }
  if (run.writer_) {
    run.settle();
    run.writer_.reset();
  }
  kind.rows_done(run);

  if (std::any_of(run.indexes_.begin(), run.indexes_.end(), [](const auto& i) { return !i.kept; })) {
    const IndexBuilds settings(reg);
    for (const auto& index : run.indexes_) {
      if (index.kept) continue;
      const bool unique = index.sql.rfind("CREATE UNIQUE", 0) == 0;
      // A file refused already rolls back (indexes included): build only what finds more problems.
      if (run.errors() && !kind.needed_when_refused(index.name, unique)) continue;
      try {
        reg.exec(index.sql);
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::kInvalidData || !unique) throw;
        kind.repeats(run, index.name);
      }
    }
  }
  kind.finish(run);
  if (!derived.empty() && !run.errors() && !options.dry_run) {
    const IndexBuilds settings(reg);
    for (const auto& index : derived) reg.exec(index.sql);
  }

  for (const auto& w : run.warned_) reg.warn(w);
  if (run.warnings_ > run.warned_.size()) {
    Diagnostic more;
    more.severity = Severity::kWarning;
    more.message = trf("… and {} more warnings not shown (raise ‹max_errors› to see them)", run.warnings_ - run.warned_.size());
    reg.warn(more);
  }
  if (run.errors_) throw_import_refusal(std::move(run.kept_), run.errors_, reader.file_name());
  if (options.dry_run) {
    tx.rollback();
    result.batch = 0;
    return result;
  }
  io::JsonObject detail = io::describe_input(reader);
  kind.describe(run, detail);
  reg.set_audit_detail(result.batch, detail.str());
  tx.commit();
  return result;
}

}  // namespace kunqu::registry
