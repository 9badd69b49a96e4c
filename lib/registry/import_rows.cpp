// The row-by-row import through domain verbs.
#include "registry/import_rows.h"

#include <fmt/format.h>

#include "i18n/messages.h"
#include "registry/registry.h"
#include "validate/values.h"

namespace kunqu::registry {

ImportRow::ImportRow(const std::vector<std::string>& columns, const io::RawRecord& rec, ImportRun& run, std::string kind)
    : io::RowScope(columns, rec, run.file(), [&run](Diagnostic d) { run.add(std::move(d)); }),
      run_(run),
      kind_(std::move(kind)) {}

ImportRow::Found ImportRow::recorded(std::optional<std::int64_t> id, const char* column, const std::string& what) {
  if (!id) return Found::kNew;
  if (int first = run_.line_of(*id)) {
    bad(column, trf("repeats line {} of this file ({})", first, what));
    return Found::kRefused;
  }
  if (run_.options.on_conflict == OnConflict::kSkip) {
    skipped_ = true;
    return Found::kSkipped;
  }
  bad(column, trf("{} is recorded already", what), trf("import with ‹on_conflict› skip to leave recorded {}s alone", kind_));
  return Found::kRefused;
}

bool FileIds::note(ImportRow& r) {
  const std::string own = r.cell("id");
  if (own.empty()) return true;
  if (auto at = lines_.find(own); at != lines_.end()) {
    r.bad("id", trf("{} is given on line {} already", own, at->second));
    return false;
  }
  lines_[own] = r.line();
  return true;
}

std::optional<std::int64_t> FileIds::resolve(ImportRow& r, const char* column) {
  const std::string ref = r.cell(column);
  if (auto f = ids_.find(ref); f != ids_.end()) return f->second;
  if (auto at = lines_.find(ref); at != lines_.end() && at->second != r.line()) {
    r.bad(column, trf("names the record of line {}, which is not imported", at->second));
    return std::nullopt;
  }
  auto n = validate::parse_count(ref);
  if (!n) {
    r.bad(column, trf("'{}' is not a record number", ref));
    return std::nullopt;
  }
  return *n.value;
}

void FileIds::map(ImportRow& r, std::int64_t id) {
  const std::string own = r.cell("id");
  if (!own.empty()) ids_[own] = id;
}

std::optional<std::int64_t> first_id(Query& q) {
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

namespace {

// While a row's verb runs, its warnings go to the row (ImportRow::warn), so that they say where.
class RowWarnings {
 public:
  RowWarnings(Session& session, ImportRow& row) : session_(session), shown_(std::move(session.on_warning)) {
    session_.on_warning = [&row](const Diagnostic& d) { row.warn(d); };
  }
  ~RowWarnings() { session_.on_warning = std::move(shown_); }
  RowWarnings(const RowWarnings&) = delete;
  RowWarnings& operator=(const RowWarnings&) = delete;

 private:
  Session& session_;
  std::function<void(const Diagnostic&)> shown_;
};

class Rows : public ImportKind {
 public:
  Rows(const std::string& kind, const std::vector<std::string>& columns,
       const std::function<std::optional<std::int64_t>(ImportRow&)>& row)
      : kind_(kind), columns_(columns), row_(row) {}

  Verdict check(ImportRun& run, const io::RawRecord& record) override {
    ImportRow r(columns_, record, run, kind_);
    // Every row is its own savepoint: a refused row leaves nothing for the rows after it.
    savepoint_.emplace(run.reg);
    RowWarnings warnings(run.reg.session(), r);
    id_ = row_(r);
    if (r.skipped()) return Verdict::kSkip;
    return id_ && !r.problems() ? Verdict::kWrite : Verdict::kRefused;
  }
  bool write(ImportRun& run, const io::RawRecord& record) override {
    savepoint_->commit();
    savepoint_.reset();
    run.wrote(*id_, record.line);
    return true;
  }
  void drop(ImportRun&) override { savepoint_.reset(); }  // rolled back
  void describe(const ImportRun& run, io::JsonObject& detail) const override {
    detail.add("kind", kind_).add("rows", static_cast<long long>(run.result.rows));
    detail.add("added", static_cast<long long>(run.result.added)).add("skipped", static_cast<long long>(run.result.skipped));
  }

 private:
  const std::string& kind_;
  const std::vector<std::string>& columns_;
  const std::function<std::optional<std::int64_t>(ImportRow&)>& row_;
  std::optional<Transaction> savepoint_;
  std::optional<std::int64_t> id_;
};

}  // namespace

ImportResult import_rows(Registry& reg, io::RecordReader& reader, const ImportOptions& options, const std::string& action,
                         const std::string& kind, const std::vector<std::string>& columns,
                         const std::function<std::optional<std::int64_t>(ImportRow&)>& row) {
  Rows rows(kind, columns, row);
  return run_import(reg, reader, options, action, rows);
}

}  // namespace kunqu::registry
