// Import and export of record files, shared by the nouns that carry org rows (org, filing):
// the flags, the file handling, progress and the summary line.
#pragma once

#include <cstdint>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.h"
#include "io/records.h"
#include "org/org.h"
#include "problems.h"
#include "registry/import_rows.h"

namespace CLI {
class App;
}

namespace kunqu::cli {

struct ImportFlags {
  std::string file;
  std::optional<std::string> input_format;
  std::optional<std::string> encoding;
  std::string on_conflict = "error";
  bool dry_run = false;
  std::size_t max_errors = 50;
  std::string sheet;                       // a workbook's sheet; '': the first
  std::vector<std::string> ignore_columns;  // headers of columns left out
  std::optional<std::string> errors;       // --errors FILE.csv|FILE.json: every problem, in columns
};
void bind_import_flags(CLI::App* c, ImportFlags& flags);

// The file (or stdin) an import reads, opened, with its read options and size.
struct Input {
  Input(Context& ctx, const ImportFlags& flags, std::string table_name,
        std::function<std::optional<std::size_t>(std::string_view)> resolve);
  io::ReadOptions options;
  std::ifstream file;
  std::istream* in = nullptr;
  std::string name;                  // the file's name, or <stdin>
  std::optional<std::uint64_t> size;  // a regular file's size, for progress
};
// The summary line of an import: "imported 'FILE': COUNTS (batch N)", or of its dry run.
void note_import(Context& ctx, const std::string& name, bool dry_run, const std::string& counts, std::int64_t batch);

// Imports `flags.file` (its TOML table `table`, headers by `resolve`, fields named in Chinese by
// `zh`) with `import`, a file import through domain verbs (contract files, demands, the
// catalogue); `what` names the records when --on-conflict update is asked for, which such
// imports do not offer (marked with N_ by the caller, translated here).
// `several_lines`: the columns that may hold line breaks (nullptr: all).
int run_rows_import(Context& ctx, const ImportFlags& flags, const std::string& table,
                    std::function<std::optional<std::size_t>(std::string_view)> resolve, const HeaderZh& zh,
                    const char* what,
                    const std::function<registry::ImportResult(registry::Registry&, io::RecordReader&, const registry::ImportOptions&)>& import,
                    std::function<bool(std::size_t)> several_lines = nullptr);

// The verbs `import` and `export` of a kind of history record under `noun` (credit events,
// annual checks, grades, reviews): import FILE through `import`; export, in the columns import
// reads, the records `rows` gives for --org, --since and --until (the records' own dates).
// `what` names the records (marked N_).
struct RecordFiles {
  int (*import)(Context&, const ImportFlags&);
  std::string import_help;
  std::vector<std::string> import_examples;
  io::Table (*rows)(registry::Registry&, const org::RecordFilter&);
  const char* what;
  std::string export_help;
  std::vector<std::string> export_examples;
};
void add_record_files(CLI::App* noun, Context& ctx, const RecordFiles& files);

// Writes `table` to -o `output` (whole, as write_output does) or stdout in `format` (what
// output_format says, asked before the registry is opened); `what` names its rows (marked N_).
void export_table(Context& ctx, Format format, const std::optional<std::string>& output, const char* what,
                  const io::Table& table);

// Imports `flags.file` with `base` (tier, audit action) and the flags' options.
int run_import(Context& ctx, const ImportFlags& flags, org::ImportOptions base);

// Writes the orgs `filter` selects with `columns` to -o FILE (atomically) or stdout, in the
// format of --format or of the file's extension, CSV by default. `what` names them in the
// summary (N_("orgs"), translated where it is shown); `record_name` is TOML's array of tables
// ("org" → [[org]]), never translated.
// The format an export writes: --format, else the output file's extension (.toml, .json, .xlsx),
// else CSV. --format xlsx to a file is never refused for a terminal on standard output.
Format output_format(Context& ctx, const std::optional<std::string>& output);
// Runs `write` on stdout, or on FILE.part renamed to FILE once complete; `write` returns the
// number of records written, which the note names with `what` (marked with N_ by the caller,
// translated here).
void write_output(Context& ctx, const std::optional<std::string>& output, const char* what,
                  const std::function<std::size_t(std::ostream&)>& write);

int run_export(Context& ctx, const org::Filter& filter, const std::vector<org::Field>& columns,
               const std::optional<std::string>& output, const char* what, const char* record_name);

}  // namespace kunqu::cli
