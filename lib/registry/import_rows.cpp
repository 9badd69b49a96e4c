// The row-by-row import through domain verbs.
#include "registry/import_rows.h"

#include <fmt/format.h>

#include "i18n/messages.h"
#include "io/json.h"
#include "registry/registry.h"

namespace kunqu::registry {

ImportRow::Found ImportRow::recorded(std::optional<std::int64_t> id, const char* column, const std::string& what) {
  if (!id) return Found::kNew;
  if (auto first = added_.find(*id); first != added_.end()) {
    bad(column, trf("repeats line {} of this file ({})", first->second, what));
    return Found::kRefused;
  }
  if (options_.skip_existing) {
    skipped_ = true;
    return Found::kSkipped;
  }
  bad(column, trf("{} is recorded already", what), trf("import with --on-conflict skip to leave recorded {}s alone", kind_));
  return Found::kRefused;
}

RowsResult import_rows(Registry& reg, io::RecordReader& reader, const RowsOptions& options, const std::string& action,
                       const std::string& kind, const std::vector<std::string>& columns,
                       const std::function<std::optional<std::int64_t>(ImportRow&)>& row) {
  Transaction tx(reg);
  RowsResult result;
  result.batch = reg.audit(action, std::nullopt, "{}");
  io::ImportProblems problems(options.max_errors);
  auto keep = [&](Diagnostic d) { problems.add(std::move(d)); };
  std::map<std::int64_t, int> added;  // record added by this file → its line
  io::RawRecord rec;
  while (io::next_record(reader, rec, problems)) {
    ++result.rows;
    ImportRow r(columns, rec, reader.file_name(), keep, added, options, kind);
    // Every row is its own savepoint: a refused row leaves nothing for the rows after it.
    Transaction row_tx(reg);
    const std::optional<std::int64_t> id = row(r);
    if (r.skipped()) ++result.skipped;
    if (!id || r.problems()) continue;  // the row's savepoint is rolled back
    row_tx.commit();
    added[*id] = rec.line;
    ++result.added;
  }
  problems.raise(reader.file_name());
  if (options.dry_run) {
    tx.rollback();
    result.batch = 0;
    return result;
  }
  io::JsonObject detail = io::describe_input(reader);
  detail.add("kind", kind).add("rows", static_cast<long long>(result.rows));
  detail.add("added", static_cast<long long>(result.added)).add("skipped", static_cast<long long>(result.skipped));
  reg.set_audit_detail(result.batch, detail.str());
  tx.commit();
  return result;
}

}  // namespace kunqu::registry
