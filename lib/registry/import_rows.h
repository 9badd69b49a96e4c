// Files imported through domain verbs (contract files, demands, the catalogue): a kind of the
// import pipeline whose check runs the verbs of one row in a savepoint of its own, every
// problem placed at its cell; a row's writes stand only when it has no problem.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/records.h"
#include "io/row_scope.h"
#include "registry/import.h"
#include "registry/registry.h"

namespace kunqu::registry {

// One row of such a file.
class ImportRow : public io::RowScope {
 public:
  enum class Found { kNew, kSkipped, kRefused };
  ImportRow(const std::vector<std::string>& columns, const io::RawRecord& rec, ImportRun& run, std::string kind);

  // The record `id` the registry holds already (nullopt: none, kNew): a repeat of an earlier
  // row of this file or — without --on-conflict skip — a problem at `column` (kRefused), else
  // a skip (kSkipped). `what` names the record in the message.
  Found recorded(std::optional<std::int64_t> id, const char* column, const std::string& what);
  // Whether record `id` was added by an earlier row of this file.
  bool added_by_file(std::int64_t id) const { return run_.line_of(id) != 0; }
  bool skipped() const { return skipped_; }

 private:
  ImportRun& run_;
  std::string kind_;
  bool skipped_ = false;
};

// The numbers a file gives its own records in its ‹id› column, so that a later row can name an
// earlier one (a correction, a reversal) by the file's number; other numbers are the registry's.
class FileIds {
 public:
  // Notes the row's own number; false, with a problem at ‹id›, when an earlier row gave it.
  bool note(ImportRow& r);
  // The registry id the cell `column` names: the record of an earlier row by the file's number,
  // else a number of the registry's. nullopt, with the problem at the cell, when that row was
  // not imported or the cell is no number.
  std::optional<std::int64_t> resolve(ImportRow& r, const char* column);
  // The row (noted before) added or found the record `id`.
  void map(ImportRow& r, std::int64_t id);

 private:
  std::map<std::string, std::int64_t> ids_;  // the file's numbers → the registry's
  std::map<std::string, int> lines_;         // the line each number is given on
};

// The id in the first column of the query's next row; nullopt when there is none.
std::optional<std::int64_t> first_id(Query& q);

// Imports `reader` all or nothing. `row` handles one row and returns the id of the record it
// added, or nullopt (skipped, or refused with its problems). The audit entry `action` records
// the input, `kind` and the counts; a dry run rolls everything back.
ImportResult import_rows(Registry& reg, io::RecordReader& reader, const ImportOptions& options, const std::string& action,
                         const std::string& kind, const std::vector<std::string>& columns,
                         const std::function<std::optional<std::int64_t>(ImportRow&)>& row);

}  // namespace kunqu::registry
