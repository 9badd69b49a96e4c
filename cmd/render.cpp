// Renderers. Tables align and truncate by display width (a Chinese character is two
// columns); TOML output is exactly what import reads.
#include "render.h"

#include <algorithm>
#include <cstdint>
#include <ostream>

#include "i18n/glossary.h"
#include "i18n/messages.h"
#include "io/csv.h"
#include "io/json.h"
#include "io/text.h"
#include "privacy/mask.h"
#include "xlsx.h"

namespace kunqu::cli {

namespace {

constexpr std::size_t kMaxCell = 40;

std::string toml_string(std::string_view s) {
  // A TOML basic string has the same escapes as JSON for the characters kunqu writes;
  // JSON's \u00XX form is valid TOML too.
  return io::json_quote(s);
}

const std::string& header_of(const io::Column& c, bool zh) { return zh && !c.label_zh.empty() ? c.label_zh : c.name; }

// The Chinese words of `t`'s columns that have none of their own (no import alias): headers from
// the message catalogue (lib/i18n/glossary.cpp), and 是/否 for yes and no, which import reads.
io::Table& with_chinese_words(io::Table& t) {
  i18n::InChinese zh;
  for (auto& c : t.columns) {
    if (c.label_zh.empty()) c.label_zh = i18n::column_label(t.record_name, c.name);
    if (c.type == io::ColumnType::kBool && c.enum_zh.empty()) c.enum_zh = {{"true", "是"}, {"false", "否"}};
  }
  return t;
}

std::vector<std::string> headers(const io::Table& t, bool zh) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(header_of(c, zh));
  return names;
}

// `row` with each enum code shown by its Chinese label (in `scratch`), or `row` itself.
const io::Row& labelled(const io::Table& t, const io::Row& row, io::Row& scratch) {
  bool copied = false;
  for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
    if (t.columns[i].enum_zh.empty() || !row[i]) continue;
    for (const auto& [code, label] : t.columns[i].enum_zh) {
      if (*row[i] != code) continue;
      if (!copied) scratch = row;
      copied = true;
      scratch[i] = label;
      break;
    }
  }
  return copied ? scratch : row;
}

// The Chinese name of a list below a record (lib/i18n/glossary.cpp).
std::string list_label(const std::string& name) {
  i18n::InChinese zh;
  return i18n::label("list", name);
}

io::Table labelled(const io::Table& given) {
  io::Table t{given.record_name, given.columns, {}};
  with_chinese_words(t);
  io::Table out{t.record_name, t.columns, {}};
  io::Row scratch;
  for (const auto& row : given.rows) out.rows.push_back(labelled(t, row, scratch));
  for (auto& c : out.columns) c.name = header_of(c, true);
  return out;
}

// How a column may be fit to a terminal, by its name (not its Chinese header): a key (an org's
// key, an id, a credit code, a number) is never shortened nor left out; other numbers, dates,
// times and enum codes are never shortened; free text (names, addresses, notes, commands,
// hashes) may be.
enum Fit { kFree, kWhole, kKey };

int fit_of(const io::Column& c) {
  const std::string& n = c.name;
  auto ends = [&](std::string_view tail) {
    return n.size() >= tail.size() && n.compare(n.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (n == "id" || n == "key" || n == "org" || ends("_id") || ends("_key") || ends("code") || ends("number")) return kKey;
  if (c.type != io::ColumnType::kText || !c.enum_zh.empty()) return kWhole;
  if (n == "at" || n == "batch" || ends("_on") || ends("_at") || ends("date")) return kWhole;
  return kFree;
}

std::vector<int> fits_of(const io::Table& t) {
  std::vector<int> fits;
  for (const auto& c : t.columns) fits.push_back(fit_of(c));
  return fits;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  // TRANSLATORS: between the names of columns listed in a sentence
  const std::string comma = tr(", ");
  for (const auto& n : names) s += (s.empty() ? "" : comma) + n;
  return s;
}

// Narrows `width` (and clears `shown`) until the columns fit `columns`. While the table would
// be too wide even with its free text at 12 columns, the rightmost column is left out that is
// neither a key nor the first free text (an org's name); then the widest free text is shortened,
// a column at a time, down to 8 columns.
void fit_to(std::size_t columns, const std::vector<int>& fits, std::vector<std::size_t>& width, std::vector<bool>& shown) {
  constexpr std::size_t kNarrowest = 8, kComfortable = 12;
  const std::size_t n = width.size();
  std::size_t primary = n;
  for (std::size_t i = n; i-- > 0;)
    if (fits[i] == kFree) primary = i;
  auto total = [&](std::size_t free_at) {
    std::size_t sum = 0, count = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (shown[i]) {
        sum += fits[i] == kFree ? std::min(width[i], free_at) : width[i];
        ++count;
      }
    return sum + (count ? 2 * (count - 1) : 0);
  };
  while (total(kComfortable) > columns) {
    std::size_t drop = n;
    for (std::size_t i = n; i-- > 1 && drop == n;)
      if (shown[i] && fits[i] != kKey && i != primary) drop = i;
    if (drop == n) break;  // keys and the name are shown whatever the width
    shown[drop] = false;
  }
  while (total(SIZE_MAX) > columns) {
    std::size_t widest = n;
    for (std::size_t i = 0; i < n; ++i)
      if (shown[i] && fits[i] == kFree && width[i] > kNarrowest && (widest == n || width[i] > width[widest])) widest = i;
    if (widest == n) break;
    --width[widest];
  }
}

// `fits`: how each column may be fit to a terminal (fits_of the table before its headers were
// put in Chinese).
void render_table(std::ostream& out, const io::Table& t, const std::vector<int>& fits) {
  const std::size_t n = t.columns.size();
  // Never a control character raw on the terminal: what is stored may hold one from before
  // kunqu refused them.
  auto cell = [](const std::optional<std::string>& v) { return io::truncate_to_width(io::printable(v.value_or("")), kMaxCell); };
  std::vector<std::string> header;
  for (const auto& c : t.columns) header.push_back(io::printable(c.name));
  std::vector<std::vector<std::string>> rows;
  rows.reserve(t.rows.size());
  for (const auto& row : t.rows) {
    rows.emplace_back(n);
    for (std::size_t i = 0; i < n && i < row.size(); ++i) rows.back()[i] = cell(row[i]);
  }
  std::vector<std::size_t> width(n);
  for (std::size_t i = 0; i < n; ++i) width[i] = io::display_width(header[i]);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < n; ++i) width[i] = std::max(width[i], io::display_width(row[i]));

  std::vector<bool> shown(n, true);
  const Screen& screen_now = screen();
  const std::vector<std::size_t> full = width;
  if (screen_now.width && &out == screen_now.out) fit_to(screen_now.width, fits, width, shown);

  auto line = [&](const std::vector<std::string>& cells) {
    std::size_t last = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (shown[i]) last = i;
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      if (!shown[i]) continue;
      bool right = t.columns[i].type == io::ColumnType::kInteger || t.columns[i].type == io::ColumnType::kMoney;
      std::string text = width[i] < full[i] ? io::truncate_to_width(cells[i], width[i]) : cells[i];
      s += i == last && !right ? text : io::pad_to_width(text, width[i], right);
      if (i != last) s += "  ";
    }
    out << s << '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (auto w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows) line(row);

  std::vector<std::string> shortened, dropped;
  for (std::size_t i = 0; i < n; ++i) {
    if (!shown[i]) dropped.push_back(header[i]);
    else if (width[i] < full[i]) shortened.push_back(header[i]);
  }
  if ((shortened.empty() && dropped.empty()) || !screen_now.note) return;
  std::string what;
  if (!shortened.empty()) what = trf("shortened: {}", joined(shortened));
  // TRANSLATORS: between "shortened: …" and "left out: …"
  if (!dropped.empty()) what += (what.empty() ? "" : tr("; ")) + trf("left out: {}", joined(dropped));
  screen_now.note(trf("the table is fit to {} columns ({}); --format csv, or a wider window, shows every column in full",
                      screen_now.width, what));
}

void render_record_table(std::ostream& out, const io::Table& t) {
  std::size_t w = 0;
  for (const auto& c : t.columns) w = std::max(w, io::display_width(c.name));
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      // Lines kept (a record's notes), every other control character made visible.
      std::string v = io::printable(row[i].value_or(""), true);
      std::string indent(w + 2, ' ');
      std::string shown;
      for (char c : v) {
        shown += c;
        if (c == '\n') shown += indent;
      }
      out << io::pad_to_width(t.columns[i].name, w) << "  " << shown << '\n';
    }
  }
}

std::string json_value(const io::Column& c, const std::optional<std::string>& v) {
  if (!v) return "null";
  switch (c.type) {
    case io::ColumnType::kInteger:
    case io::ColumnType::kBool:
      return *v;
    default:
      return io::json_quote(*v);  // money stays text: never a float
  }
}

std::string json_object(const io::Table& t, const io::Row& row) {
  io::JsonObject o;
  for (std::size_t i = 0; i < t.columns.size(); ++i) o.add_raw(t.columns[i].name, json_value(t.columns[i], row[i]));
  return o.str();
}

void toml_record(std::ostream& out, const io::Table& t, const io::Row& row, const std::string& parent = {}) {
  std::string s = "[[" + (parent.empty() ? "" : parent + ".") + t.record_name + "]]\n";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (!row[i]) continue;  // TOML has no null: an absent value is an absent key
    s += t.columns[i].name;
    s += " = ";
    switch (t.columns[i].type) {
      case io::ColumnType::kInteger:
      case io::ColumnType::kBool:
      case io::ColumnType::kDate:
        s += *row[i];
        break;
      default:
        s += toml_string(*row[i]);
    }
    s += '\n';
  }
  out << s;
}

}  // namespace

Screen& screen() {
  static Screen s;
  return s;
}

PersonalData& personal_data() {
  static PersonalData data;
  return data;
}

bool& labels_zh() {
  static bool zh = false;
  return zh;
}

bool& excel_bound() {
  static bool excel = false;
  return excel;
}

bool chinese_labels(Format format) {
  if (format == Format::kCsv || format == Format::kXlsx) return labels_zh();
  return format != Format::kJson && format != Format::kToml && (labels_zh() || i18n::chinese());
}

namespace {

// The personal columns of `t`: (index, privacy::Kind).
std::vector<std::pair<std::size_t, int>> personal_columns(const io::Table& t) {
  std::vector<std::pair<std::size_t, int>> out;
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (auto kind = privacy::kind_of_column(t.columns[i].name); kind != privacy::Kind::kNone)
      out.emplace_back(i, static_cast<int>(kind));
  return out;
}

// `row` as it may be written: masked with --mask, else noted as personal data written.
const io::Row& guarded(const io::Table& t, const std::vector<std::pair<std::size_t, int>>& personal, const io::Row& row,
                       io::Row& scratch) {
  auto holds = [&](std::size_t i, int kind) {
    return i < row.size() && row[i] && privacy::holds_personal_data(static_cast<privacy::Kind>(kind), *row[i]);
  };
  bool any = false;
  for (const auto& [i, kind] : personal) any = any || holds(i, kind);
  if (!any) return row;
  auto& data = personal_data();
  if (!data.mask) {
    if (data.rows++ == 0 && data.destination == "stdout" && data.hold) data.hold();
    for (const auto& [i, kind] : personal)
      if (holds(i, kind)) data.columns.insert(t.columns[i].name);
    return row;
  }
  scratch = row;
  for (const auto& [i, kind] : personal)
    if (i < scratch.size() && scratch[i]) scratch[i] = privacy::mask(static_cast<privacy::Kind>(kind), *scratch[i]);
  return scratch;
}

io::Table guarded(const io::Table& t) {
  const auto personal = personal_columns(t);
  if (personal.empty()) return t;
  io::Table out{t.record_name, t.columns, {}};
  io::Row scratch;
  for (const auto& row : t.rows) out.rows.push_back(guarded(t, personal, row, scratch));
  return out;
}

}  // namespace

Renderer::Renderer(std::ostream& out, Format format, io::Table header, Shape shape, bool bom)
    : out_(out), format_(format), table_(std::move(header)), shape_(shape) {
  table_.rows.clear();
  bom_ = bom;
  personal_ = personal_columns(table_);
  zh_ = chinese_labels(format);
  if (zh_) with_chinese_words(table_);
}

void Renderer::start() {
  // Nothing is written until the first row or the end, so a query refused for a bad filter
  // leaves stdout empty.
  started_ = true;
  if (format_ == Format::kCsv) {
    csv_ = std::make_unique<io::CsvWriter>(out_, bom_, bom_ || excel_bound());
    csv_->write_row(headers(table_, zh_));
  } else if (format_ == Format::kXlsx) {
    xlsx_ = new_workbook(out_);
    xlsx_->sheet(sheet_name_for(table_.record_name, zh_), table_.columns, headers(table_, zh_));
  }
}

Renderer::~Renderer() = default;

void Renderer::row(const io::Row& given) {
  if (!started_) start();
  io::Row scratch, scratch_zh;
  const io::Row& guarded_row = personal_.empty() ? given : guarded(table_, personal_, given, scratch);
  const io::Row& r = zh_ ? labelled(table_, guarded_row, scratch_zh) : guarded_row;
  switch (format_) {
    case Format::kCsv:
      csv_->write_row(r);
      break;
    case Format::kXlsx:
      xlsx_->row(r);
      break;
    case Format::kJson:
      if (shape_ == Shape::kRecord) {
        table_.rows.push_back(r);
      } else {
        out_ << (rows_ ? ",\n " : "[") << json_object(table_, r);
      }
      break;
    case Format::kToml:
      if (rows_) out_ << '\n';
      toml_record(out_, table_, r);
      break;
    default:
      table_.rows.push_back(r);  // widths need every row
  }
  ++rows_;
}

void Renderer::finish() {
  if (!started_) start();
  switch (format_) {
    case Format::kCsv:
    case Format::kToml:
      break;
    case Format::kXlsx:
      xlsx_->finish();
      break;
    case Format::kJson:
      if (shape_ == Shape::kRecord && table_.rows.size() == 1) out_ << json_object(table_, table_.rows[0]) << '\n';
      else if (shape_ == Shape::kRecord) {
        out_ << '[';
        for (std::size_t i = 0; i < table_.rows.size(); ++i) out_ << (i ? ",\n " : "") << json_object(table_, table_.rows[i]);
        out_ << "]\n";
      } else {
        out_ << (rows_ ? "]\n" : "[]\n");
      }
      break;
    default:
      const std::vector<int> fits = fits_of(table_);
      if (zh_)
        for (auto& c : table_.columns) c.name = header_of(c, true);
      if (shape_ == Shape::kRecord) render_record_table(out_, table_);
      else render_table(out_, table_, fits);
  }
  out_.flush();
}

void render(std::ostream& out, Format format, const io::Table& t, Shape shape, bool bom) {
  Renderer r(out, format, io::Table{t.record_name, t.columns, {}}, shape, bom);
  for (const auto& row : t.rows) r.row(row);
  r.finish();
}

void render_with_lists(std::ostream& out, Format format, const io::Table& given,
                       const std::vector<std::pair<std::string, io::Table>>& given_lists, bool bom) {
  const bool zh = chinese_labels(format);
  const io::Table record = zh ? labelled(guarded(given)) : guarded(given);
  std::vector<std::pair<std::string, io::Table>> lists;
  for (const auto& [name, t] : given_lists) lists.emplace_back(name, zh ? labelled(guarded(t)) : guarded(t));
  switch (format) {
    case Format::kCsv: {
      io::CsvWriter csv(out, bom, bom || excel_bound());
      auto table = [&](const io::Table& t) {
        std::vector<std::string> names;
        for (const auto& c : t.columns) names.push_back(c.name);
        csv.write_row(names);
        for (const auto& row : t.rows) csv.write_row(row);
      };
      table(record);
      for (const auto& [name, t] : lists) {
        out << "\r\n";
        table(t);
      }
      break;
    }
    case Format::kXlsx: {
      // The record on the first sheet, each list on its own sheet named after it.
      auto book = new_workbook(out);
      auto sheet = [&](const std::string& name, const io::Table& t) {
        std::vector<std::string> names;
        for (const auto& c : t.columns) names.push_back(c.name);
        book->sheet(name, t.columns, names);
        for (const auto& row : t.rows) book->row(row);
      };
      sheet(sheet_name_for(record.record_name, zh), record);
      for (const auto& [name, t] : lists) sheet(zh ? list_label(name) : name, t);
      book->finish();
      break;
    }
    case Format::kJson: {
      std::string obj = record.rows.empty() ? "{}" : json_object(record, record.rows[0]);
      obj.pop_back();  // the closing brace: the lists follow as members
      for (const auto& [name, t] : lists) {
        obj += (obj.size() > 1 ? ", " : "") + io::json_quote(name) + ": [";
        for (std::size_t i = 0; i < t.rows.size(); ++i) obj += (i ? ", " : "") + json_object(t, t.rows[i]);
        obj += "]";
      }
      out << obj << "}\n";
      break;
    }
    case Format::kToml:
      for (const auto& row : record.rows) toml_record(out, record, row);
      for (const auto& [name, t] : lists)
        for (const auto& row : t.rows) {
          out << '\n';
          toml_record(out, io::Table{name, t.columns, {}}, row, record.record_name);
        }
      break;
    default:
      render_record_table(out, record);
      for (std::size_t i = 0; i < lists.size(); ++i) {
        const auto& [name, t] = lists[i];
        out << '\n' << (zh ? list_label(name) : name) << " (" << t.rows.size() << "):\n";
        if (!t.rows.empty()) render_table(out, t, fits_of(given_lists[i].second));
      }
  }
  out.flush();
}

}  // namespace kunqu::cli
