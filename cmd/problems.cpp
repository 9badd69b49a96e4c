// An import's problems named in the reader's language, and the --errors file.
#include "problems.h"

#include <sys/stat.h>

#include "i18n/messages.h"
#include "io/csv.h"
#include "io/file.h"
#include "io/table.h"
#include "output.h"
#include "registry/import.h"
#include "render.h"

namespace kunqu::cli {

namespace {

bool ends_with(const std::string& s, std::string_view end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

// The columns of the file: where the problem is, what it is about, what it says.
io::Table problems_header() {
  using io::ColumnType;
  io::Table t;
  t.record_name = "problem";
  t.columns = {{"file"},
               {"sheet"},
               {"row", ColumnType::kInteger},
               {"line", ColumnType::kInteger},
               {"column", ColumnType::kInteger},
               {"column_letter"},
               {"header"},
               {"field"},
               {"field_name"},
               {"severity", ColumnType::kText, {}, {{"error", "错误"}, {"warning", "警告"}}},
               {"message"},
               {"hint"},
               {"rule"},
               {"document"}};
  return t;
}

std::optional<std::string> number(int n) {
  if (n <= 0) return std::nullopt;
  return std::to_string(n);
}

std::optional<std::string> text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// The field's name in the reader's language: its Chinese name under Chinese, else its key.
std::string field_name(const Diagnostic& d) { return i18n::chinese() && !d.field_zh.empty() ? d.field_zh : d.field; }

}  // namespace

struct ProblemsFile::Impl {
  Impl(const std::string& path, Format format)
      : file(path), csv(format == Format::kCsv), out(start(), format, problems_header()) {}
  // The CSV is for Excel: a UTF-8 BOM first.
  std::ostream& start() {
    if (csv) file.stream() << "\xEF\xBB\xBF";
    return file.stream();
  }
  // A cell of the CSV as Excel may open it: a formula-like one behind a ', as every CSV for
  // Excel guards them (io::guard_formula). One that begins with ' keeps it single: this file is
  // for people and never imported again, and nearly every message begins by quoting a value.
  std::optional<std::string> cell(std::optional<std::string> v) const {
    if (csv && v && io::formula_like(*v)) v->insert(0, "'");
    return v;
  }
  io::OutputFile file;
  bool csv;
  Renderer out;
};

ProblemsFile::ProblemsFile(Context& ctx, const std::string& path, const std::string& input) : ctx_(ctx), path_(path) {
  const bool csv = ends_with(path, ".csv"), json = ends_with(path, ".json");
  if (!csv && !json)
    throw_usage(
        trf("--errors '{}': the file's name ends in .csv (a table for a spreadsheet) or .json (for a script)", path));
  refuse_registry_target(ctx, path);
  struct stat target {};
  struct stat read {};
  if (input != "-" && ::stat(path.c_str(), &target) == 0 && ::stat(input.c_str(), &read) == 0 &&
      target.st_dev == read.st_dev && target.st_ino == read.st_ino)
    throw_usage(trf("--errors '{}' is the file being imported: kunqu never writes over it; choose another file", path));
  impl_ = std::make_unique<Impl>(path, csv ? Format::kCsv : Format::kJson);
}

ProblemsFile::~ProblemsFile() = default;

void ProblemsFile::add(const Diagnostic& d) {
  const bool table = d.cell > 0 || d.row > 0;
  io::Row row = {text(d.file), text(d.sheet), number(d.row), number(d.line), number(table ? d.cell : d.column),
                 text(column_letter(d.cell)), text(d.header), text(d.field), text(field_name(d)),
                 std::string(d.warning() ? "warning" : "error"), text(command_words(d.message)),
                 text(command_words(d.hint)), text(d.rule), text(d.document)};
  for (auto& v : row) v = impl_->cell(std::move(v));
  impl_->out.row(row);
  ++rows_;
  if (!d.warning()) ++errors_;
}

void ProblemsFile::commit() {
  impl_->out.finish();
  // Its messages quote the file's cells, which may be personal data: kept from others, as the
  // file itself may be.
  impl_->file.finish(false);
  impl_->file.commit();
  ctx_.note(trnf("{} problem written to '{}'", "{} problems written to '{}'", rows_, rows_, path_));
}

void with_problems(Context& ctx, const std::optional<std::string>& errors_file, const std::string& input,
                   const HeaderZh& zh, registry::ImportOptions& options, const std::function<void()>& run) {
  std::optional<ProblemsFile> file;
  if (errors_file) file.emplace(ctx, *errors_file, input);
  auto name = [&zh](Diagnostic& d) {
    if (zh && d.field_zh.empty() && !d.field.empty()) d.field_zh = zh(d.field);
  };
  options.on_listed = name;
  // Only a report of every problem needs every warning worded: without one, those past the
  // listed ones are counted.
  if (file)
    options.on_problem = [&](Diagnostic& d) {
      name(d);
      file->add(d);
    };
  try {
    run();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kInvalidData) throw;
    // Problems the pipeline did not see (a file that cannot be decoded is refused before its
    // first row) come with the refusal: named, and kept in the file too.
    std::vector<Diagnostic> diags = e.diagnostics();
    for (auto& d : diags) name(d);
    if (file) {
      if (!file->errors()) {
        for (const auto& d : diags)
          if (!d.message.empty()) file->add(d);
        if (diags.empty()) file->add(Diagnostic(input == "-" ? "<stdin>" : input, 0, 0, "", e.what()));
      }
      file->commit();
    }
    throw Error(e.kind(), e.what(), std::move(diags));
  }
  if (file) file->commit();
}

}  // namespace kunqu::cli
