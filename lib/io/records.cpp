// CSV and TOML import files as records of positioned fields. TOML goes through toml++ (the
// Debian shared library, compiled once); CSV through io::CsvReader after decoding.
#include "io/records.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <toml++/toml.h>

#include "io/csv.h"
#include "i18n/messages.h"
#include "io/decoder.h"
#include "io/digest.h"
#include "io/sheet.h"
#include "io/text.h"

namespace kunqu::io {

std::optional<InputFormat> parse_input_format(std::string_view name) {
  std::string n = to_lower_ascii(name);
  if (n == "csv") return InputFormat::kCsv;
  if (n == "toml") return InputFormat::kToml;
  if (n == "xlsx") return InputFormat::kXlsx;
  if (n == "xls") return InputFormat::kXls;
  return std::nullopt;
}

std::string header_without_notes(std::string_view header) {
  std::string h;
  for (char c : std::string(header))
    if (c != '\n' && c != '\r') h += c;
  h = trim(fold_width(h));
  // '*组织名称' and '组织名称*' mark a column required.
  while (!h.empty() && h.front() == '*') h = trim(h.substr(1));
  while (!h.empty() && h.back() == '*') h = trim(h.substr(0, h.size() - 1));
  // Notes in brackets after the name, one or more: '开办资金(万元)(必填)'. fold_width made the
  // full-width （） ASCII; 【】 stay as they are.
  for (;;) {
    std::size_t open = std::string::npos;
    if (!h.empty() && h.back() == ')') open = h.rfind('(');
    else if (!h.empty() && h.back() == ']') open = h.rfind('[');
    else if (h.size() >= 3 && h.compare(h.size() - 3, 3, "】") == 0) open = h.rfind("【");
    if (open == std::string::npos || open == 0) break;
    h = trim(h.substr(0, open));
  }
  return h;
}

MoneyUnit money_unit_of_header(std::string_view header) {
  std::string n(header);
  bool wan = false;
  for (std::size_t at; (at = n.find("万元")) != std::string::npos;) {
    wan = true;
    n.erase(at, std::string("万元").size());
  }
  const bool yuan = n.find("元") != std::string::npos;
  if (wan && yuan) return MoneyUnit::kAmbiguous;
  if (wan) return MoneyUnit::kWan;
  if (yuan) return MoneyUnit::kYuan;
  return MoneyUnit::kNone;
}

bool bare_number(std::string_view raw) {
  const std::string t = trim(fold_width(raw));
  if (t.empty() || t[0] < '0' || t[0] > '9') return false;
  bool point = false;
  for (char c : t) {
    if (c == '.') {
      if (point) return false;
      point = true;
    } else if (!(c >= '0' && c <= '9') && c != ',') {
      return false;
    }
  }
  return true;
}

bool row_number_header(std::string_view header) {
  const std::string h = to_lower_ascii(header_without_notes(header));
  for (const char* name : {"序号", "序", "行号", "编号", "顺序号", "no", "no.", "#"})
    if (h == name) return true;
  return false;
}

std::optional<InputFormat> input_format_for(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return parse_input_format(path.substr(dot + 1));
}

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

struct RecordReader::Impl {
  std::string file_name;
  ReadOptions options;
  std::string sha;  // filled when first asked for, after reading
  std::string text;  // a TOML document, decoded

  std::unique_ptr<DecodingBuf> decoder;
  std::unique_ptr<std::istream> stream;  // decoded UTF-8

  // A workbook: its bytes (held whole: a zip is read from its end), and for .xls the temporary
  // copy libfreexl reads.
  std::string workbook;
  std::string temp_path;
  std::unique_ptr<SheetReader> sheet;
  std::string sheet_name;
  std::uint64_t workbook_bytes = 0;

  // Table state (CSV or a sheet)
  std::unique_ptr<CsvReader> csv;
  std::vector<std::optional<std::size_t>> header;  // column → field
  bool header_read = false;
  std::vector<bool> unnamed;  // header cells left blank, or ignored
  std::vector<std::string> header_names;  // as written, for problems at a cell
  // Columns headed like a sheet's own row numbers (序号): 0 not such a column; 1 not yet known
  // (its first value tells); 2 the sheet's row numbers, left out.
  std::vector<int> row_numbers;
  // The unit of money a header's note names ('开办资金（万元）'): bare numbers of the column are in it.
  std::vector<MoneyUnit> units;
  bool failed = false;
  std::vector<CsvField> cells;
  std::vector<std::string> refusals;  // a sheet's cells the reader refuses: why, by column
  int row_line = 0;
  int row = 0;  // the current row as a spreadsheet shows it (a CSV record's number)

  // TOML state
  toml::table doc;
  const toml::array* items = nullptr;
  std::size_t next_item = 0;
  std::vector<Diagnostic> pending;  // document-level problems, reported with the first call

  ~Impl() {
    if (!temp_path.empty()) std::remove(temp_path.c_str());
  }

  Diagnostic diag(int line, int column, std::string field, std::string message, std::string hint = {}) const {
    Diagnostic d{file_name, line, column, std::move(field), std::move(message), std::move(hint)};
    if (sheet) {
      d.sheet = sheet_name;
      // A sheet's position is its row and column letter; a character column means nothing there.
      if (column > 0 && d.cell == 0) d.cell = column;
    }
    return d;
  }
  // A problem at table column `i` (0-based) of the current row.
  Diagnostic at_cell(std::size_t i, std::string field, std::string message, std::string hint = {}) const {
    Diagnostic d = diag(cells[i].line, cells[i].column, std::move(field), std::move(message), std::move(hint));
    d.cell = static_cast<int>(i + 1);
    d.row = row;
    if (i < header_names.size()) d.header = header_names[i];
    return d;
  }

  // Why the cell of `field` cannot be stored, or nullopt: a control or format character.
  std::optional<std::string> forbidden(std::size_t field, const std::string& value) const {
    const bool lines = !options.several_lines || options.several_lines(field);
    if (auto c = forbidden_character(value, lines))
      return lines ? trf("holds the invisible or control character {}", describe_character(*c))
                   : trf("holds the invisible or control character {} (this column holds one line)",
                         describe_character(*c));
    return std::nullopt;
  }

  void open_workbook(std::istream& in);
  void open_toml();
  bool next_toml(RawRecord& record, std::vector<Diagnostic>& diagnostics);
  bool next_row();
  bool read_header(std::vector<Diagnostic>& diagnostics);
  bool next_table(RawRecord& record, std::vector<Diagnostic>& diagnostics);
  bool next_table_record(RawRecord& record, std::vector<Diagnostic>& diagnostics);
};

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

std::optional<std::string> oversized(const std::string& value) {
  if (value.size() <= kMaxCellBytes) return std::nullopt;
  return trf("holds {} bytes, more than the {} a cell may hold", value.size(), kMaxCellBytes);
}

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
      if (!row_numbers.back()) diagnostics.push_back(at_cell(i, "", trf("unknown column '{}'", name)));
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

// --- TOML -------------------------------------------------------------------------------

void RecordReader::Impl::open_toml() {
  try {
    doc = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    pending.push_back(diag(static_cast<int>(src.begin.line), static_cast<int>(src.begin.column), "",
                           std::string(e.description())));
    return;
  }
  for (auto&& [key, node] : doc) {
    if (key.str() == options.table_name) {
      items = node.as_array();
      bool tables = items != nullptr;
      if (items)
        for (auto&& item : *items)
          if (!item.is_table()) tables = false;
      if (!tables) {
        pending.push_back(diag(static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column),
                               options.table_name,
                               trf("must be an array of tables ([[{}]])", options.table_name)));
        items = nullptr;
      }
    } else {
      pending.push_back(diag(static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                             "", trf("unknown key '{}'; the file holds [[{}]] tables", key.str(), options.table_name)));
    }
  }
}

namespace {

// A TOML value as canonical text, or an error message.
std::optional<std::string> toml_scalar(const toml::node& node, std::string& error) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto d = node.as_date()) {
    auto v = d->get();
    return fmt::format("{:04d}-{:02d}-{:02d}", v.year, v.month, v.day);
  }
  if (node.is_floating_point()) {
    error = tr("floating-point numbers are not accepted; write money as text (\"1234.50\") and counts as whole numbers");
  } else if (node.is_date_time() || node.is_time()) {
    error = tr("expected a date (YYYY-MM-DD), not a time");
  } else {
    error = tr("expected a single value, not a table or array");
  }
  return std::nullopt;
}

}  // namespace

bool RecordReader::Impl::next_toml(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  if (!pending.empty()) {
    for (auto& d : pending) diagnostics.push_back(std::move(d));
    pending.clear();
  }
  if (!items || next_item >= items->size()) return false;
  const toml::table& table = *items->get(next_item++)->as_table();
  record.line = static_cast<int>(table.source().begin.line);
  record.column = static_cast<int>(table.source().begin.column);
  for (auto&& [key, node] : table) {
    int line = static_cast<int>(key.source().begin.line);
    int column = static_cast<int>(key.source().begin.column);
    auto field = options.resolve(key.str());
    if (!field) {
      diagnostics.push_back(diag(line, column, "", trf("unknown key '{}'", key.str())));
      continue;
    }
    std::string error;
    auto value = toml_scalar(node, error);
    int vline = static_cast<int>(node.source().begin.line);
    int vcolumn = static_cast<int>(node.source().begin.column);
    if (value && !node.is_string() && options.text_only && options.text_only(*field)) {
      value.reset();
      const std::string given = *toml_scalar(node, error);
      error = node.is_integer()   ? trf("expected text in quotes (\"{}\"), not a number", given)
              : node.is_boolean() ? trf("expected text in quotes (\"{}\"), not true or false", given)
                                  : trf("expected text in quotes (\"{}\"), not a date", given);
    }
    if (!value) error = error.empty() ? tr("is not a value kunqu reads") : error;
    if (value) {
      if (auto message = oversized(*value)) error = *message;
      else if (auto bad = forbidden(*field, *value)) error = *bad;
    }
    if (!error.empty()) {
      diagnostics.push_back(diag(vline, vcolumn, std::string(key.str()), error));
      // Present, though refused: the checkers say nothing more of it (not "is required").
      record.fields.push_back(RawField{*field, {}, vline, vcolumn, true});
      continue;
    }
    record.fields.push_back(RawField{*field, std::move(*value), vline, vcolumn});
  }
  return true;
}

JsonObject describe_input(const RecordReader& reader) {
  JsonObject o;
  o.add("file", reader.file_name()).add("sha256", reader.sha256()).add("encoding", reader.encoding_name());
  return o;
}

}  // namespace kunqu::io
