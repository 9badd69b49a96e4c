// One row of an import that goes through a domain verb: its cells by column name, and its
// problems — the verb's refusals included — placed at the cells they concern.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.h"
#include "io/records.h"

namespace kunqu::io {

// A cell listing several values: split at ';' (half or full width) and line ends, trimmed,
// empty parts dropped.
std::vector<std::string> split_list(const std::string& text);

class RowScope {
 public:
  // `columns` are the file kind's column names, in the order the reader's resolver numbers them.
  RowScope(const std::vector<std::string>& columns, const RawRecord& rec, const std::string& file,
           std::function<void(Diagnostic)> keep)
      : columns_(columns), rec_(rec), file_(file), keep_(std::move(keep)) {}

  // The trimmed cell of `name` ('' when the row does not carry it). A line break or tab in a
  // column that holds one line is a problem at the cell (said once), and the cell reads ''.
  // REQUIRES: a column name.
  std::string cell(std::string_view name);
  // A problem at the cell of `column` (at the row when it has none).
  void bad(std::string_view column, std::string message, std::string hint = {});
  // Runs a verb; its refusal becomes problems at the cells it names: a flag's name is the
  // column's (starts-on → starts_on) unless `renames` says otherwise; what names no column is
  // placed at `fallback`. Failures that are not refusals (I/O, busy, bugs) go on up.
  bool attempt(const std::function<void()>& verb, const char* fallback,
               std::initializer_list<std::pair<const char*, const char*>> renames = {});
  // A verb's warning, placed at the cell of the column its field names (at the row when none):
  // kept with the file's other warnings, and not a problem of the row.
  void warn(const Diagnostic& warning);

  std::size_t problems() const { return problems_; }
  int line() const { return rec_.line; }

 private:
  std::optional<std::size_t> index_of(std::string_view name) const;
  const std::vector<std::string>& columns_;
  const RawRecord& rec_;
  const std::string& file_;
  std::function<void(Diagnostic)> keep_;
  std::size_t problems_ = 0;
  std::set<std::string> reported_;  // columns whose characters were refused
};

}  // namespace kunqu::io
