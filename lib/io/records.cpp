// CSV and TOML import files as records of positioned fields. TOML goes through toml++ (the
// Debian shared library, compiled once); CSV through io::CsvReader after decoding.
#include "io/records.h"

#include <fmt/format.h>

#include <sstream>
#include <toml++/toml.h>

#include "io/csv.h"
#include "i18n/messages.h"
#include "io/decoder.h"
#include "io/text.h"

namespace kunqu::io {

std::optional<InputFormat> parse_input_format(std::string_view name) {
  std::string n = to_lower_ascii(name);
  if (n == "csv") return InputFormat::kCsv;
  if (n == "toml") return InputFormat::kToml;
  return std::nullopt;
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
  return d;
}

struct RecordReader::Impl {
  std::string file_name;
  ReadOptions options;
  std::string sha;  // filled when first asked for, after reading
  std::string text;  // a TOML document, decoded

  std::unique_ptr<DecodingBuf> decoder;
  std::unique_ptr<std::istream> stream;  // decoded UTF-8

  // CSV state
  std::unique_ptr<CsvReader> csv;
  std::vector<std::optional<std::size_t>> header;  // column → field
  bool header_read = false;
  std::vector<bool> unnamed;  // header cells left blank
  std::vector<std::string> header_names;  // as written, for problems at a cell
  bool failed = false;
  std::vector<CsvField> cells;

  // TOML state
  toml::table doc;
  const toml::array* items = nullptr;
  std::size_t next_item = 0;
  std::vector<Diagnostic> pending;  // document-level problems, reported with the first call

  Diagnostic diag(int line, int column, std::string field, std::string message, std::string hint = {}) const {
    return Diagnostic{file_name, line, column, std::move(field), std::move(message), std::move(hint)};
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

  void open_toml();
  bool next_toml(RawRecord& record, std::vector<Diagnostic>& diagnostics);
  bool read_header(std::vector<Diagnostic>& diagnostics);
  bool next_csv(RawRecord& record, std::vector<Diagnostic>& diagnostics);
  bool next_csv_record(RawRecord& record, std::vector<Diagnostic>& diagnostics);
};

RecordReader::RecordReader(std::istream& in, std::string file_name, ReadOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->file_name = std::move(file_name);
  impl_->options = std::move(options);
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
std::uint64_t RecordReader::bytes_read() const { return impl_->decoder->bytes_read(); }
std::string RecordReader::encoding_name() const {
  return impl_->decoder->encoding() == Encoding::kUtf8 ? "utf-8" : "gb18030";
}

bool RecordReader::next(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  record.fields.clear();
  record.line = record.column = 0;
  record.headers = nullptr;
  if (impl_->options.format == InputFormat::kToml) return impl_->next_toml(record, diagnostics);
  return impl_->next_csv(record, diagnostics);
}

namespace {

// No cell of an import holds more than this: a name, an address or a business scope is a few
// hundred characters, and a field of megabytes is a broken file, not data.
constexpr std::size_t kMaxCellBytes = 64 * 1024;

std::optional<std::string> oversized(const std::string& value) {
  if (value.size() <= kMaxCellBytes) return std::nullopt;
  return trf("holds {} bytes, more than the {} a cell may hold", value.size(), kMaxCellBytes);
}

}  // namespace

// --- CSV --------------------------------------------------------------------------------

bool RecordReader::Impl::read_header(std::vector<Diagnostic>& diagnostics) {
  header_read = true;
  if (!csv->next(cells)) {
    if (!decoder->failed()) diagnostics.push_back(diag(1, 1, "", tr("the file is empty; a header row is required")));
    failed = true;
    return false;
  }
  bool blank = true;
  for (const auto& cell : cells)
    if (!trim(cell.value).empty()) blank = false;
  if (blank) {
    diagnostics.push_back(diag(csv->record_line(), 1, "", tr("the header row is blank; the first line must name the columns")));
    failed = true;
    return false;
  }
  std::vector<std::size_t> seen;
  for (const auto& cell : cells) {
    std::string name = trim(cell.value);
    unnamed.push_back(name.empty());
    header_names.push_back(name);
    if (name.empty()) {
      header.push_back(std::nullopt);
      continue;
    }
    auto field = options.resolve(name);
    if (!field) {
      diagnostics.push_back(diag(cell.line, cell.column, "", trf("unknown column '{}'", name)));
      header.push_back(std::nullopt);
      continue;
    }
    for (std::size_t s : seen)
      if (s == *field) {
        diagnostics.push_back(diag(cell.line, cell.column, "", trf("column '{}' appears twice", name)));
      }
    seen.push_back(*field);
    header.push_back(field);
  }
  // Rows are still read after a bad header, so their own problems come in the same pass.
  return true;
}

bool RecordReader::Impl::next_csv(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
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
      bool more = next_csv_record(record, diagnostics);
      if (!more && decoder->failed()) return decoding_failed();
      return more;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidData) throw;
      if (decoder->failed()) return decoding_failed();
      for (const auto& d : e.diagnostics()) diagnostics.push_back(d);
      if (e.diagnostics().empty()) diagnostics.push_back(diag(0, 0, "", e.what()));
      if (!header_read) {
        failed = true;
        return false;
      }
      // Go on after the bad line so every bad row is reported in one pass.
      csv->skip_to_next_line();
    }
  }
}

bool RecordReader::Impl::next_csv_record(RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  {
    if (!header_read && !read_header(diagnostics)) return false;
    while (csv->next(cells)) {
      // Spreadsheets leave blank lines and rows of empty cells at the end: skip them.
      bool blank = true;
      for (const auto& c : cells)
        if (!trim(c.value).empty()) blank = false;
      if (blank) continue;
      record.line = csv->record_line();
      record.column = 1;
      record.headers = &header_names;
      if (cells.size() > header.size()) {
        const auto& extra = cells[header.size()];
        bool extra_content = false;
        for (std::size_t i = header.size(); i < cells.size(); ++i)
          if (!trim(cells[i].value).empty()) extra_content = true;
        if (extra_content)
          diagnostics.push_back(diag(extra.line, extra.column, "",
                                     trf("row has {} fields, the header {}", cells.size(), header.size())));
      }
      // A row cut short (a truncated file, a lost delimiter) is refused, not padded with empty
      // cells; only unnamed trailing columns a spreadsheet left may be missing.
      for (std::size_t i = cells.size(); i < header.size(); ++i)
        if (!unnamed[i]) {
          const auto& last = cells.back();
          diagnostics.push_back(diag(last.line, last.column, "",
                                     trf("row has {} fields, the header {}", cells.size(), header.size())));
          break;
        }
      for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) {
        if (auto message = oversized(cells[i].value)) {
          diagnostics.push_back(diag(cells[i].line, cells[i].column, "", *message));
          continue;
        }
        if (!header[i]) {
          if (unnamed[i] && !trim(cells[i].value).empty())
            diagnostics.push_back(diag(cells[i].line, cells[i].column, "", tr("a column without a header holds data")));
          continue;
        }
        if (auto message = forbidden(*header[i], cells[i].value)) {
          Diagnostic d = diag(cells[i].line, cells[i].column, header_names[i], *message);
          d.cell = static_cast<int>(i + 1);
          d.header = header_names[i];
          diagnostics.push_back(std::move(d));
          record.fields.push_back(RawField{*header[i], {}, cells[i].line, cells[i].column, true, static_cast<int>(i + 1)});
          continue;
        }
        record.fields.push_back(
            RawField{*header[i], std::move(cells[i].value), cells[i].line, cells[i].column, false, static_cast<int>(i + 1)});
      }
      return true;
    }
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
