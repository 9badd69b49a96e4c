// The problems of an import for people who fix files in bulk: each field named in the reader's
// language where the place shows it, and with --errors FILE every problem in columns, as CSV
// for a spreadsheet or JSON for a script, written whether the import succeeds or is refused.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "context.h"
#include "error.h"

namespace kunqu::registry {
struct ImportOptions;
}

namespace kunqu::cli {

// A field's Chinese name by its key ('' when it has none): a kind's header_zh.
using HeaderZh = std::function<std::string(std::string_view)>;

// The --errors file, checked before anything is read: its name ends in .csv or .json, and it is
// neither the registry (nor any kunqu registry) nor the input file. The problems are written to
// a new file beside it as they are found, and renamed over it by commit().
class ProblemsFile {
 public:
  // Throws kUsage for another name or a forbidden target, kIo when its folder cannot hold it.
  ProblemsFile(Context& ctx, const std::string& path, const std::string& input);
  ~ProblemsFile();
  ProblemsFile(const ProblemsFile&) = delete;
  ProblemsFile& operator=(const ProblemsFile&) = delete;

  void add(const Diagnostic& d);
  std::size_t errors() const { return errors_; }
  // Writes the file whole and says so.
  void commit();

 private:
  struct Impl;
  Context& ctx_;
  std::string path_;
  std::unique_ptr<Impl> impl_;
  std::size_t rows_ = 0, errors_ = 0;
};

// Runs an import (`run`, which imports with `options`) with its problems named and kept: each
// listed problem's field gets its Chinese name (`zh`; options.on_listed), and with --errors
// `errors_file` every problem goes to that file (options.on_problem), written on success and
// on refusal (exit 3) alike. `input` is the file read, '-' for standard input.
void with_problems(Context& ctx, const std::optional<std::string>& errors_file, const std::string& input,
                   const HeaderZh& zh, registry::ImportOptions& options, const std::function<void()>& run);

}  // namespace kunqu::cli
