// Files imported through domain verbs (contract files, demands, the catalogue): every row runs
// its verbs as its own savepoint inside one transaction for the whole file, every problem is
// placed at its cell, and any problem refuses the whole file (nothing written).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/records.h"
#include "io/row_scope.h"

namespace kunqu::registry {

class Registry;

struct RowsOptions {
  bool skip_existing = false;  // a record already in the registry is left alone (else: a problem)
  bool dry_run = false;
  std::size_t max_errors = 50;
};
struct RowsResult {
  std::size_t rows = 0, added = 0, skipped = 0;
  std::int64_t batch = 0;
};

// One row of such a file.
class ImportRow : public io::RowScope {
 public:
  enum class Found { kNew, kSkipped, kRefused };
  ImportRow(const std::vector<std::string>& columns, const io::RawRecord& rec, const std::string& file,
            std::function<void(Diagnostic)> keep, const std::map<std::int64_t, int>& added, const RowsOptions& options,
            std::string kind)
      : io::RowScope(columns, rec, file, std::move(keep)), added_(added), options_(options), kind_(std::move(kind)) {}

  // The record `id` the registry holds already (nullopt: none, kNew): a repeat of an earlier
  // row of this file or — without --on-conflict skip — a problem at `column` (kRefused), else
  // a skip (kSkipped). `what` names the record in the message.
  Found recorded(std::optional<std::int64_t> id, const char* column, const std::string& what);
  // Whether record `id` was added by an earlier row of this file.
  bool added_by_file(std::int64_t id) const { return added_.count(id) != 0; }
  bool skipped() const { return skipped_; }

 private:
  const std::map<std::int64_t, int>& added_;
  const RowsOptions& options_;
  std::string kind_;
  bool skipped_ = false;
};

// Imports `reader` all or nothing. `row` handles one row and returns the id of the record it
// added, or nullopt (skipped, or refused with its problems). The audit entry `action` records
// the input, the kind and the counts; a dry run rolls everything back.
RowsResult import_rows(Registry& reg, io::RecordReader& reader, const RowsOptions& options, const std::string& action,
                       const std::string& kind, const std::vector<std::string>& columns,
                       const std::function<std::optional<std::int64_t>(ImportRow&)>& row);

}  // namespace kunqu::registry
