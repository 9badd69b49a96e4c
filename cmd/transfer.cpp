// Import and export runners shared by `org` and `filing`.
#include "transfer.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "cli.h"
#include "output.h"
#include "io/file.h"
#include "commands.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/records.h"
#include "progress.h"
#include "privacy/mask.h"
#include "registry/registry.h"
#include "render.h"
#include "verb.h"

namespace kunqu::cli {

void bind_import_flags(CLI::App* c, ImportFlags& flags) {
  c->add_option("file", flags.file, tr("CSV, TOML, .xlsx or .xls file, or - for standard input"))->required();
  c->add_option("--input-format", flags.input_format, tr("csv, toml, xlsx or xls (default: from the file's extension)"))
      ->check(CLI::IsMember({"csv", "toml", "xlsx", "xls"}));
  c->add_option("--sheet", flags.sheet, tr("the sheet of a workbook to read, by its name (default: the first)"));
  c->add_option("--ignore-column", flags.ignore_columns, tr("leave out the column with this header (repeatable)"))
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  complete_with(c->add_option("--encoding", flags.encoding, tr("utf-8, gbk or gb18030 (default: detected)")),
                {"utf-8", "gbk", "gb18030"});
  c->add_option("--on-conflict", flags.on_conflict, tr("an org already in the registry: error (default), skip, update"))
      ->check(CLI::IsMember({"error", "skip", "update"}));
  c->add_flag("--dry-run", flags.dry_run, tr("check everything and say what would change; write nothing"));
  whole_number(c->add_option("--max-errors", flags.max_errors, tr("list at most this many problems (default 50)")),
               true);
  c->add_option("--errors", flags.errors,
                tr("also write every problem (errors and warnings) to this file, FILE.csv for a spreadsheet or "
                   "FILE.json, even when the import is refused"));
}

Input::Input(Context& ctx, const ImportFlags& opt, std::string table_name,
             std::function<std::optional<std::size_t>(std::string_view)> resolve) {
  options.table_name = std::move(table_name);
  options.resolve = std::move(resolve);
  if (opt.input_format) {
    options.format = *io::parse_input_format(*opt.input_format);
  } else if (auto f = io::input_format_for(opt.file)) {
    options.format = *f;
  } else {
    throw_usage(trf("cannot tell the format of '{}' from its name; add --input-format csv, toml, xlsx or xls", opt.file));
  }
  const bool workbook = options.format == io::InputFormat::kXlsx || options.format == io::InputFormat::kXls;
  if (!opt.sheet.empty() && !workbook) throw_usage(tr("--sheet is for a workbook (.xlsx, .xls)"));
  if (opt.encoding && workbook) throw_usage(tr("--encoding is for CSV files; a workbook says its own"));
  options.sheet = opt.sheet;
  options.ignore_columns = opt.ignore_columns;
  if (opt.encoding) {
    options.encoding = io::parse_encoding(*opt.encoding);
    if (!options.encoding) throw_usage(trf("--encoding '{}' is not utf-8, gbk or gb18030", *opt.encoding));
  }
  in = &ctx.io.in;
  name = opt.file == "-" ? "<stdin>" : opt.file;
  if (opt.file != "-") {
    file.open(opt.file, std::ios::binary);
    if (!file) throw Error(ErrorKind::kIo, trf("cannot open '{}'", opt.file));
    in = &file;
    std::error_code ec;
    if (std::filesystem::is_regular_file(opt.file, ec)) size = std::filesystem::file_size(opt.file, ec);
  }
}

namespace {

void import_orgs(Context& ctx, const ImportFlags& opt, org::ImportOptions& io_opt) {
  Input input(ctx, opt, io_opt.tier == std::optional<std::string>("grassroots") ? "filing" : "org", org::resolve_header);
  input.options.several_lines = org::several_lines;
  input.options.text_only = org::text_only;
  io_opt.on_conflict = opt.on_conflict == "skip"     ? org::OnConflict::kSkip
                       : opt.on_conflict == "update" ? org::OnConflict::kUpdate
                                                     : org::OnConflict::kError;
  io_opt.dry_run = opt.dry_run;
  io_opt.max_errors = opt.max_errors;
  const std::string& name = input.name;
  auto reg = ctx.open(registry::Mode::kReadWrite);
  io::RecordReader reader(*input.in, name, input.options);
  // TRANSLATORS: the progress line of an import: "read 12,000 rows, 3,000 rows/s, 40%"
  Progress progress(ctx, N_("read"), input.size, true);
  io_opt.progress = [&](std::uint64_t rows, std::uint64_t bytes) { progress.update(rows, bytes); };
  auto r = org::import(reg, reader, io_opt);
  progress.clear();
  std::string counts = trnf("{} row: {} added, {} updated, {} unchanged, {} skipped",
                            "{} rows: {} added, {} updated, {} unchanged, {} skipped", r.rows, r.rows, r.added,
                            r.updated, r.unchanged, r.skipped);
  if (r.numbered) counts += trnf("; {} filing number assigned", "; {} filing numbers assigned", r.numbered, r.numbered);
  note_import(ctx, name, opt.dry_run, counts, r.batch);
  if (opt.dry_run && !r.changes.empty()) {
    // What the update would change, field by field, before it is made. Personal data is shown
    // masked: the file at hand holds it in full.
    io::Table t;
    t.record_name = "change";
    t.columns = {{"key"}, {"name"}, {"field"}, {"before"}, {"after"}};
    for (auto& c : r.changes) {
      const auto kind = privacy::kind_of_column(c.field);
      if (kind != privacy::Kind::kNone) {
        c.before = c.before.empty() ? c.before : privacy::mask(kind, c.before);
        c.after = c.after.empty() ? c.after : privacy::mask(kind, c.after);
      }
      t.rows.push_back({c.key, c.name, c.field, c.before, c.after});
    }
    render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
    if (r.changes_left_out)
      ctx.note(trnf("… and {} more change not listed", "… and {} more changes not listed", r.changes_left_out,
                    r.changes_left_out));
  }
}

}  // namespace

int run_import(Context& ctx, const ImportFlags& opt, org::ImportOptions io_opt) {
  with_problems(ctx, opt.errors, opt.file, org::header_zh, io_opt, [&] { import_orgs(ctx, opt, io_opt); });
  return kExitOk;
}

int run_rows_import(Context& ctx, const ImportFlags& opt, const std::string& table,
                    std::function<std::optional<std::size_t>(std::string_view)> resolve, const HeaderZh& zh,
                    const char* what,
                    const std::function<registry::ImportResult(registry::Registry&, io::RecordReader&, const registry::ImportOptions&)>& import,
                    std::function<bool(std::size_t)> several_lines) {
  if (opt.on_conflict == "update")
    throw_usage(trf("--on-conflict update is not offered for {}: use error or skip", tr(what)));
  registry::ImportOptions o;
  o.dry_run = opt.dry_run;
  if (opt.on_conflict == "skip") o.on_conflict = registry::OnConflict::kSkip;
  o.max_errors = opt.max_errors;
  with_problems(ctx, opt.errors, opt.file, zh, o, [&] {
    Input input(ctx, opt, table, std::move(resolve));
    if (several_lines) input.options.several_lines = std::move(several_lines);
    auto reg = ctx.open(registry::Mode::kReadWrite);
    io::RecordReader reader(*input.in, input.name, input.options);
    const registry::ImportResult r = import(reg, reader, o);
    note_import(ctx, input.name, opt.dry_run,
                trnf("{} row: {} added, {} skipped", "{} rows: {} added, {} skipped", r.rows, r.rows, r.added, r.skipped),
                r.batch);
  });
  return kExitOk;
}

void note_import(Context& ctx, const std::string& name, bool dry_run, const std::string& counts, std::int64_t batch) {
  if (dry_run)
    ctx.note(trf("dry run of '{}': {}; nothing written", name, counts));
  else
    ctx.note(trf("imported '{}': {} (batch {})", name, counts, batch));
}

Format output_format(Context& ctx, const std::optional<std::string>& output) {
  // A workbook to a file is never shown on the terminal, whatever standard output is.
  if (ctx.global.format == "xlsx" && output && *output != "-") return Format::kXlsx;
  if (ctx.global.format != "auto") return ctx.format();
  if (output) {
    auto ext = io::input_format_for(*output);
    if (ext == io::InputFormat::kToml) return Format::kToml;
    if (ext == io::InputFormat::kXlsx) return Format::kXlsx;
    if (output->size() > 5 && output->substr(output->size() - 5) == ".json") return Format::kJson;
  }
  return Format::kCsv;
}

void export_table(Context& ctx, Format format, const std::optional<std::string>& output, const char* what,
                  const io::Table& table) {
  write_output(ctx, output, what, [&](std::ostream& out) {
    render(out, format, table, Shape::kList, ctx.global.bom);
    return table.rows.size();
  });
}

void write_output(Context& ctx, const std::optional<std::string>& output, const char* what,
                  const std::function<std::size_t(std::ostream&)>& write) {
  if (!output || *output == "-") {
    write(ctx.io.out);
    return;
  }
  refuse_registry_target(ctx, *output);
  // Written new beside the target and renamed over it once complete, so a reader (or cron) never
  // sees half a file. The file starts without access for others; it gets the usual permissions
  // only when it holds no personal data unmasked. Personal data gets its audit entry before the
  // rename: no entry, no file.
  io::OutputFile file(*output);
  PersonalData& data = personal_data();
  const PersonalData before = data;
  data.destination = *output;
  data.rows = 0;
  data.columns.clear();
  const std::size_t rows = write(file.stream());
  const std::size_t personal = data.rows;
  const std::set<std::string> columns = data.columns;
  data.destination = before.destination;
  data.rows = before.rows;
  data.columns = before.columns;
  file.finish(personal == 0);
  if (personal) record_personal_data(ctx, columns, personal, *output);
  file.commit();
  ctx.note(trf("exported {} {} to '{}'", rows, tr(what), *output));
}

int run_export(Context& ctx, const org::Filter& filter, const std::vector<org::Field>& columns,
               const std::optional<std::string>& output, const char* what, const char* record_name) {
  Format format = output_format(ctx, output);
  auto reg = ctx.open(registry::Mode::kReadOnly);
  std::optional<std::uint64_t> expected;
  if (ctx.io.err_is_terminal && !ctx.global.quiet) {
    std::size_t total = 0;
    org::Filter count = filter;
    count.limit = 1;
    org::list_each(
        reg, count, {org::kKey}, [](const io::Row&) {}, &total);
    expected = total;
  }
  io::Table header = org::header(columns);
  header.record_name = record_name;
  auto write = [&](std::ostream& out) {
    // TRANSLATORS: the progress line of an export: "exported 12,000 rows, 3,000 rows/s, 40%"
    Progress progress(ctx, N_("exported"), expected, false);
    Renderer r(out, format, header, Shape::kList, ctx.global.bom);
    org::list_each(reg, filter, columns, [&](const io::Row& row) {
      r.row(row);
      if ((r.rows() & 1023) == 0) progress.update(r.rows(), r.rows());
    });
    r.finish();
    progress.clear();
    return r.rows();
  };
  write_output(ctx, output, what, write);
  return kExitOk;
}

void add_record_files(CLI::App* noun, Context& ctx, const RecordFiles& files) {
  {
    auto [c, imp] = add_verb(noun, ctx, "import", files.import_help, files.import);
    bind_import_flags(c, imp);
    c->footer(examples(files.import_examples));
  }
  auto [c, x] = add_export_verb(noun, ctx, files.export_help, files.what, files.rows);
  c->add_option("--org", x.filter.org, tr("one org: key, credit code, filing number or exact name"));
  c->add_option("--since", x.filter.since, tr("records dated on or after YYYY-MM-DD"));
  c->add_option("--until", x.filter.until, tr("records dated on or before YYYY-MM-DD"));
  add_output(c, x.output);
  c->footer(examples(files.export_examples));
}

}  // namespace kunqu::cli
