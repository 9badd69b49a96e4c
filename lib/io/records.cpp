// Import files as records of positioned fields: CSV through io::CsvReader after decoding, sheets
// of .xlsx and .xls workbooks through io/sheet.h, the two as tables under one header; TOML in
// the TOML module (lib/toml/).
#include "io/records.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "io/digest.h"
#include "io/internal.h"

namespace kunqu::io {

const RawField* RawRecord::find(std::size_t field) const {
  for (const auto& f : fields)
    if (f.field == field) return &f;
  return nullptr;
}

std::optional<Diagnostic> problem_at(const std::string& file, const RawRecord& record, const RawField* cell,
                                     std::string field, std::string message, std::string hint) {
  if (cell && cell->refused) return std::nullopt;
  Diagnostic d{file, cell ? cell->line : record.line, cell ? cell->column : record.column, std::move(field),
               std::move(message), std::move(hint)};
  if (cell && cell->cell > 0) {
    d.cell = cell->cell;
    if (record.headers && static_cast<std::size_t>(cell->cell) <= record.headers->size())
      d.header = (*record.headers)[static_cast<std::size_t>(cell->cell - 1)];
  }
  if (record.sheet) d.sheet = *record.sheet;
  d.row = record.row;
  return d;
}


void RecordReader::Impl::open_workbook(std::istream& in) {
  // A zip's directory is at its end: the workbook is read whole (compressed, it is a tenth of
  // its cells' text), its sheet then streamed from it.
  Sha256 hash;
  char chunk[64 * 1024];
  while (in) {
    in.read(chunk, sizeof chunk);
    if (in.gcount() > 0) workbook.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error(ErrorKind::kIo, trf("cannot read '{}'", file_name));
  hash.update(workbook);
  sha = hash.hex();
  workbook_bytes = workbook.size();
  if (options.format == InputFormat::kXlsx) {
    sheet = open_xlsx(workbook, file_name, options.sheet);
  } else {
    // libfreexl reads files, not memory: a private copy, removed when the reader goes.
    char path[] = "/tmp/kunqu-xls-XXXXXX";
    int fd = ::mkstemp(path);
    if (fd < 0) throw Error(ErrorKind::kIo, trf("cannot make a temporary copy of '{}'", file_name));
    temp_path = path;
    std::size_t done = 0;
    while (done < workbook.size()) {
      auto n = ::write(fd, workbook.data() + done, workbook.size() - done);
      if (n <= 0) {
        ::close(fd);
        throw Error(ErrorKind::kIo, trf("cannot make a temporary copy of '{}'", file_name));
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    sheet = open_xls(temp_path, file_name, options.sheet);
    std::string().swap(workbook);  // libfreexl read it whole: the copy in memory is not needed
  }
  sheet_name = sheet->sheet_name();
}

RecordReader::RecordReader(std::istream& in, std::string file_name, ReadOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->file_name = std::move(file_name);
  impl_->options = std::move(options);
  if (impl_->options.format == InputFormat::kXlsx || impl_->options.format == InputFormat::kXls) {
    impl_->open_workbook(in);
    return;
  }
  const bool toml = impl_->options.format == InputFormat::kToml;
  // TOML is UTF-8 by definition; another encoding only when the user says so.
  std::optional<Encoding> forced = impl_->options.encoding;
  if (toml && !forced) forced = Encoding::kUtf8;
  impl_->decoder = std::make_unique<DecodingBuf>(in, forced, impl_->file_name);
  impl_->stream = std::make_unique<std::istream>(impl_->decoder.get());
  if (toml) {
    // toml++ parses whole documents: a TOML import holds its file in memory.
    std::ostringstream buffer;
    buffer << impl_->stream->rdbuf();
    impl_->decoder->rethrow();
    impl_->text = to_utf8(buffer.str(), Encoding::kUtf8, impl_->file_name);
    impl_->open_toml();
  } else {
    impl_->csv = std::make_unique<CsvReader>(*impl_->stream, impl_->file_name);
  }
}

namespace {

const TomlRecordsModule& toml_module() {
  static const TomlRecordsModule& module = module_table<TomlRecordsModule>(
      "kunqu-toml.so", "kunqu_toml_records", tr("cannot load {}, which reads TOML files: {}; reinstall kunqu"));
  return module;
}

}  // namespace

void TomlDocumentDeleter::operator()(TomlDocument* doc) const { toml_module().free(doc); }

void RecordReader::Impl::open_toml() { toml_module().open(*this); }

bool RecordReader::Impl::next_toml(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  return toml_module().next(*this, record, diagnostics);
}

RecordReader::~RecordReader() = default;

const std::string& RecordReader::file_name() const { return impl_->file_name; }
const std::string& RecordReader::sha256() const {
  if (impl_->sha.empty()) impl_->sha = impl_->decoder->sha256();
  return impl_->sha;
}
std::uint64_t RecordReader::bytes_read() const {
  return impl_->decoder ? impl_->decoder->bytes_read() : impl_->workbook_bytes;
}
std::string RecordReader::encoding_name() const {
  if (!impl_->decoder) return "";
  return impl_->decoder->encoding() == Encoding::kUtf8 ? "utf-8" : "gb18030";
}
std::string RecordReader::sheet_name() const { return impl_->sheet_name; }

bool RecordReader::next(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  record.fields.clear();
  record.line = record.column = 0;
  record.headers = nullptr;
  record.sheet = nullptr;
  record.row = 0;
  if (impl_->options.format == InputFormat::kToml) return impl_->next_toml(record, diagnostics);
  return impl_->next_table(record, diagnostics);
}

namespace {

// No cell of an import holds more than this: a name, an address or a business scope is a few
// hundred characters, and a field of megabytes is a broken file, not data.
constexpr std::size_t kMaxCellBytes = 64 * 1024;

bool blank_row(const std::vector<CsvField>& cells) {
  for (const auto& c : cells)
    if (!trim(c.value).empty()) return false;
  return true;
}

bool whole_number(std::string_view s) {
  s = trim_view(s);
  return !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<std::string> oversized(const std::string& value) {
  if (value.size() <= kMaxCellBytes) return std::nullopt;
  return trf("holds {} bytes, more than the {} a cell may hold", value.size(), kMaxCellBytes);
}

// --- tables: CSV and sheets --------------------------------------------------------------

// The next row of the table into `cells`, each at its line and column (a sheet: its row and
// column number), with what the reader refuses of a sheet's cells in `refusals`.
bool RecordReader::Impl::next_row() {
  refusals.clear();
  if (!sheet) {
    if (!csv->next(cells)) return false;
    row_line = csv->record_line();
    ++row;
    // A CSV made for Excel guards cells Excel would run as formulas with a ': read them back.
    for (auto& c : cells)
      if (c.value.size() > 1 && c.value[0] == '\'') c.value = unguard_formula(std::move(c.value));
    return true;
  }
  SheetRow got;
  if (!sheet->next(got)) return false;
  row_line = row = got.row;
  const std::size_t width = got.cells.empty() ? 0 : static_cast<std::size_t>(got.cells.back().column);
  cells.resize(width);
  refusals.assign(width, std::string());
  for (std::size_t i = 0; i < width; ++i) {
    cells[i].value.clear();
    cells[i].line = got.row;
    cells[i].column = static_cast<int>(i + 1);
  }
  for (auto& c : got.cells) {
    auto i = static_cast<std::size_t>(c.column - 1);
    switch (c.kind) {
      case SheetCell::Kind::kError:
        refusals[i] = trf("holds the spreadsheet error {}", c.text);
        break;
      case SheetCell::Kind::kNumber:
        // Past 15 digits a spreadsheet keeps a number only roughly: an 18-digit credit code
        // typed into a number cell has lost its last digits before kunqu sees it.
        if (c.text.find('E') != std::string::npos && std::abs(c.number) >= 1e15)
          refusals[i] = trf("is the number {}: a spreadsheet keeps 15 digits of a number, so the digits after them "
                            "are lost; format the column as text and type the value again",
                            c.text);
        else
          cells[i].value = std::move(c.text);
        break;
      default:
        cells[i].value = std::move(c.text);
    }
  }
  return true;
}

bool RecordReader::Impl::read_header(std::vector<Diagnostic>& diagnostics) {
  header_read = true;
  // A sheet may open with a title above its header ('昆都仑区社会组织名册'): rows of one cell
  // that names no column.
  bool found = false, any = false, titled = false;
  for (int titles = 0; titles <= 5; ++titles) {
    if (!next_row()) break;
    any = true;
    if (blank_row(cells)) {
      if (!sheet) break;  // a CSV file's first line is its header
      --titles;
      continue;
    }
    std::size_t filled = 0;
    std::string only;
    for (const auto& cell : cells)
      if (!trim(cell.value).empty()) {
        ++filled;
        only = trim(cell.value);
      }
    // A CSV file saved from a sheet keeps the title's row as wide as the table: 'title,,,'.
    const bool title = filled == 1 && (sheet || cells.size() > 1) && !options.resolve(only) &&
                       !options.resolve(header_without_notes(only)) && !row_number_header(only);
    if (title && titles < 5) {
      titled = true;
      continue;
    }
    found = true;
    break;
  }
  if (!found) {
    if (!decoder || !decoder->failed()) {
      if (!any) diagnostics.push_back(diag(1, 1, "", tr("the file is empty; a header row is required")));
      else if (titled) diagnostics.push_back(diag(row_line, 0, "", tr("no header row follows the title")));
      else diagnostics.push_back(diag(row_line, 1, "", tr("the header row is blank; the first line must name the columns")));
    }
    failed = true;
    return false;
  }
  std::vector<std::size_t> seen;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& cell = cells[i];
    std::string name = trim(cell.value);
    const std::string bare = header_without_notes(name);
    header_names.push_back(name);
    row_numbers.push_back(0);
    units.push_back(bare != name ? money_unit_of_header(name) : MoneyUnit::kNone);
    bool ignored = false;
    for (const auto& skip : options.ignore_columns)
      if (!name.empty() && (trim(skip) == name || header_without_notes(skip) == bare)) ignored = true;
    unnamed.push_back(name.empty() || ignored);
    if (name.empty() || ignored) {
      header.push_back(std::nullopt);
      continue;
    }
    auto field = options.resolve(name);
    if (!field && bare != name) field = options.resolve(bare);
    // The sheet's own row numbers (序号, No.), or a column of kunqu's under a name sheets also
    // give their row numbers (编号): the first value tells which.
    if (row_number_header(name)) row_numbers.back() = 1;
    if (!field) {
      if (!row_numbers.back()) diagnostics.push_back(at_cell(i, "", trf("unknown column '{}'", name), columns_hint()));
      header.push_back(std::nullopt);
      continue;
    }
    for (std::size_t s : seen)
      if (s == *field) diagnostics.push_back(at_cell(i, "", trf("column '{}' appears twice", name)));
    seen.push_back(*field);
    header.push_back(field);
  }
  for (const auto& skip : options.ignore_columns) {
    bool there = false;
    for (const auto& name : header_names)
      if (!name.empty() && (trim(skip) == name || header_without_notes(skip) == header_without_notes(name))) there = true;
    if (!there) diagnostics.push_back(diag(row_line, 0, "ignore_column", trf("the file has no column '{}' to ignore", skip)));
  }
  // Rows are still read after a bad header, so their own problems come in the same pass.
  return true;
}

bool RecordReader::Impl::next_table(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  if (failed) return false;
  // The stream ends early when a chunk does not decode: report that, not what it cut short.
  auto decoding_failed = [&] {
    try {
      decoder->rethrow();
    } catch (const Error& e) {
      for (const auto& d : e.diagnostics()) diagnostics.push_back(d);
      if (e.diagnostics().empty()) diagnostics.push_back(diag(0, 0, "", e.what()));
    }
    failed = true;
    return false;
  };
  for (;;) {
    try {
      bool more = next_table_record(record, diagnostics);
      if (!more && decoder && decoder->failed()) return decoding_failed();
      return more;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidData) throw;
      if (decoder && decoder->failed()) return decoding_failed();
      for (const auto& d : e.diagnostics()) diagnostics.push_back(d);
      if (e.diagnostics().empty()) diagnostics.push_back(diag(0, 0, "", e.what()));
      // A damaged workbook ends the reading; a bad CSV line is skipped, so every bad row is
      // reported in one pass.
      if (!header_read || sheet) {
        failed = true;
        return false;
      }
      csv->skip_to_next_line();
      ++row;  // the bad record was a row of the sheet all the same
    }
  }
}

bool RecordReader::Impl::next_table_record(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  if (!header_read && !read_header(diagnostics)) return false;
  while (next_row()) {
    // Spreadsheets leave blank lines and rows of empty cells at the end: skip them.
    if (blank_row(cells)) continue;
    record.line = row_line;
    record.row = row;
    record.column = 1;
    record.headers = &header_names;
    if (sheet) record.sheet = &sheet_name;
    if (cells.size() > header.size()) {
      bool extra_content = false;
      std::size_t first = header.size();
      for (std::size_t i = header.size(); i < cells.size(); ++i)
        if (!trim(cells[i].value).empty()) {
          if (!extra_content) first = i;
          extra_content = true;
        }
      if (extra_content) {
        if (sheet)
          diagnostics.push_back(at_cell(first, "", tr("a column without a header holds data")));
        else
          diagnostics.push_back(diag(cells[header.size()].line, cells[header.size()].column, "",
                                     trf("row has {} fields, the header {}", cells.size(), header.size())));
      }
    }
    // A CSV row cut short (a truncated file, a lost delimiter) is refused, not padded with empty
    // cells; only unnamed trailing columns a spreadsheet left may be missing. A sheet leaves
    // empty cells out: they are empty.
    if (!sheet)
      for (std::size_t i = cells.size(); i < header.size(); ++i)
        if (!unnamed[i]) {
          const auto& last = cells.back();
          diagnostics.push_back(diag(last.line, last.column, "",
                                     trf("row has {} fields, the header {}", cells.size(), header.size())));
          break;
        }
    for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) {
      if (row_numbers[i] && !trim(cells[i].value).empty()) {
        const std::string value = trim(cells[i].value);
        if (row_numbers[i] == 1) {
          // A column of kunqu's goes on being read unless its first value is 1; a name kunqu
          // does not read is row numbers if its values are whole numbers.
          if (header[i] ? value == "1" : whole_number(value)) {
            row_numbers[i] = 2;
            header[i].reset();
          } else if (header[i]) {
            row_numbers[i] = 0;
          } else {
            diagnostics.push_back(at_cell(i, "", trf("unknown column '{}'", header_names[i]),
                                          trf("a column named '{}' is taken for the sheet's row numbers when it holds "
                                              "whole numbers; this one holds '{}'",
                                              header_names[i], value)));
            row_numbers[i] = 0;
            unnamed[i] = true;
          }
        } else if (row_numbers[i] == 2 && !whole_number(value) && (i >= refusals.size() || refusals[i].empty())) {
          diagnostics.push_back(at_cell(i, "", trf("holds '{}', not a row number: the column is read as the sheet's row numbers", value)));
        }
        if (row_numbers[i] == 2 || !header[i]) continue;
      }
      if (i < refusals.size() && !refusals[i].empty()) {
        if (header[i]) {
          diagnostics.push_back(at_cell(i, header_names[i], refusals[i]));
          record.fields.push_back(RawField{*header[i], {}, cells[i].line, cells[i].column, true, static_cast<int>(i + 1)});
        }
        continue;
      }
      if (auto message = oversized(cells[i].value)) {
        diagnostics.push_back(at_cell(i, "", *message));
        continue;
      }
      if (!header[i]) {
        if (unnamed[i] && !header_names[i].empty()) continue;  // ignored
        if (unnamed[i] && !trim(cells[i].value).empty())
          diagnostics.push_back(at_cell(i, "", tr("a column without a header holds data")));
        continue;
      }
      if (auto message = forbidden(*header[i], cells[i].value)) {
        diagnostics.push_back(at_cell(i, header_names[i], *message));
        record.fields.push_back(RawField{*header[i], {}, cells[i].line, cells[i].column, true, static_cast<int>(i + 1)});
        continue;
      }
      if (units[i] == MoneyUnit::kWan && bare_number(cells[i].value)) {
        cells[i].value = trim(cells[i].value) + "万";
      } else if (units[i] == MoneyUnit::kAmbiguous && bare_number(cells[i].value)) {
        diagnostics.push_back(at_cell(i, header_names[i],
                                      trf("'{}' has no unit, and the header names two, yuan and 万 yuan", trim(cells[i].value)),
                                      tr("write the unit in the cell (25万 or 250000元), or name one unit in the header")));
        record.fields.push_back(RawField{*header[i], {}, cells[i].line, cells[i].column, true, static_cast<int>(i + 1)});
        continue;
      }
      record.fields.push_back(
          RawField{*header[i], std::move(cells[i].value), cells[i].line, cells[i].column, false, static_cast<int>(i + 1)});
    }
    return true;
  }
  return false;
}

JsonObject describe_input(const RecordReader& reader) {
  JsonObject o;
  o.add("file", reader.file_name()).add("sha256", reader.sha256()).add("encoding", reader.encoding_name());
  return o;
}


}  // namespace kunqu::io
