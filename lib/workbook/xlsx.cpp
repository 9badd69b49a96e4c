// .xlsx workbooks as rows of cells. libzip reads the parts from the bytes in memory and expat
// parses them (zip.cpp, xml.cpp). The workbook, its relationships, shared strings and styles
// are small and read first; the sheet itself is inflated 64 KiB at a time and parsed as it
// comes, finished rows waiting in a short queue for next(). Merged ranges are listed after the
// cells, so a first, cheap pass over the sheet finds them before the second reads the cells.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <exception>
#include <utility>

#include "i18n/messages.h"
#include "io/text.h"
#include "workbook/internal.h"

namespace kunqu::workbook {

namespace {

std::size_t row_bytes(const SheetRow& row) {
  std::size_t n = 0;
  for (const auto& c : row.cells) n += c.text.size() + sizeof(SheetCell);
  return n;
}

class XlsxReader;

// The second pass: cells into rows, rows into the reader's queue.
class SheetXml : public Xml {
 public:
  SheetXml(const std::string& file, std::string part, XlsxReader& reader) : Xml(file, std::move(part)), reader_(reader) {}
  int row() const override { return row_.row; }

 protected:
  void start(std::string_view name, const XML_Char** attrs) override;
  void end(std::string_view name) override;
  void text(const XML_Char* s, int len) override {
    if (in_value_) append_text(value_, s, len, file_, row_.row, column_);
    else if (in_inline_text_) append_text(inline_, s, len, file_, row_.row, column_);
  }

 private:
  void finish_cell();
  [[noreturn]] void bad_cell(std::string message) const { damaged(file_, row_.row, std::move(message), column_); }

  XlsxReader& reader_;
  bool in_data_ = false, in_row_ = false, in_cell_ = false, in_value_ = false, in_inline_ = false,
       in_inline_text_ = false, has_inline_ = false;
  int phonetic_ = 0;
  SheetRow row_;
  std::size_t row_size_ = 0;
  int column_ = 0;
  std::string type_;
  int style_ = 0;
  std::string value_, inline_;
};

class XlsxReader : public io::SheetReader {
 public:
  XlsxReader(const std::string& bytes, const std::string& file_name, const std::string& sheet);

  bool next(SheetRow& row) override;
  const std::string& sheet_name() const override { return name_; }
  const std::vector<std::string>& sheet_names() const override { return names_; }

 private:
  friend class SheetXml;

  void read_styles(const std::string& part);
  void read_merges(const std::string& part);
  Shown shown(int style) const {
    return style >= 0 && static_cast<std::size_t>(style) < shown_.size() ? shown_[static_cast<std::size_t>(style)]
                                                                          : Shown::kNumber;
  }
  // A finished row from the sheet: merged values filled in, queued when it holds anything.
  void finish_row(SheetRow&& row);

  std::string file_;
  Zip zip_;
  std::vector<std::string> names_;
  std::string name_;
  bool date1904_ = false;
  std::vector<std::string> strings_;
  std::vector<Shown> shown_;  // by cell style

  std::vector<Merge> merges_;  // by first row
  std::size_t next_merge_ = 0;
  struct Filling {
    Merge merge;
    SheetCell value;
  };
  std::vector<Filling> filling_;

  std::unique_ptr<Part> part_;
  std::unique_ptr<SheetXml> xml_;
  std::vector<char> buf_;
  bool suspended_ = false, fed_last_ = false, done_ = false;
  std::exception_ptr pending_;
  std::deque<SheetRow> ready_;
  std::size_t queued_bytes_ = 0;
};

void SheetXml::start(std::string_view name, const XML_Char** attrs) {
  if (!in_data_) {
    if (name == "sheetData") in_data_ = true;
    return;
  }
  if (name == "row") {
    const XML_Char* r = attribute(attrs, "r");
    int number = row_.row + 1;
    if (r) {
      number = all_digits(r) && std::strlen(r) <= 7 ? to_int(r) : 0;
      if (number < 1 || number > kMaxRow)
        damaged(file_, row_.row, trf("the workbook is damaged: '{}' is not a row number", r));
    }
    row_.row = number;
    row_.cells.clear();
    row_size_ = 0;
    column_ = 0;
    in_row_ = true;
  } else if (name == "c" && in_row_) {
    const XML_Char* r = attribute(attrs, "r");
    if (r) {
      const int col = column_of(r);
      if (col == 0) bad_cell(trf("the workbook is damaged: '{}' is not a cell reference", r));
      column_ = col;
    } else {
      ++column_;
      if (column_ > kMaxColumn) bad_cell(trf("the workbook is damaged: a row holds more than {} columns", kMaxColumn));
    }
    const XML_Char* t = attribute(attrs, "t");
    type_ = t ? t : "n";
    const XML_Char* s = attribute(attrs, "s");
    style_ = s ? to_int(s) : 0;
    value_.clear();
    inline_.clear();
    has_inline_ = false;
    in_cell_ = true;
  } else if (in_cell_) {
    if (name == "v") {
      in_value_ = true;
    } else if (name == "is") {
      in_inline_ = has_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_inline_ && phonetic_ == 0) {
      in_inline_text_ = true;
    }
  }
}

void SheetXml::end(std::string_view name) {
  if (!in_data_) return;
  if (name == "sheetData") {
    in_data_ = false;
  } else if (name == "row" && in_row_) {
    in_row_ = false;
    reader_.finish_row(std::move(row_));
    row_.cells.clear();
    if (reader_.queued_bytes_ > kMaxQueuedBytes) suspend();
  } else if (name == "c" && in_cell_) {
    finish_cell();
    in_cell_ = in_value_ = in_inline_ = in_inline_text_ = false;
    phonetic_ = 0;
  } else if (name == "v") {
    in_value_ = false;
  } else if (name == "is") {
    in_inline_ = false;
  } else if (name == "rPh") {
    if (phonetic_ > 0) --phonetic_;
  } else if (name == "t") {
    in_inline_text_ = false;
  }
}

void SheetXml::finish_cell() {
  SheetCell cell;
  cell.column = column_;
  if (type_ == "s") {
    if (io::trim_view(value_).empty()) return;
    const auto index = parse_number(value_);
    if (!index || *index < 0 || *index != std::floor(*index) || *index >= static_cast<double>(reader_.strings_.size()))
      bad_cell(trf("the workbook is damaged: a cell refers to shared string {}, and the workbook holds {}",
                   std::string(io::trim_view(value_)), reader_.strings_.size()));
    cell.text = reader_.strings_[static_cast<std::size_t>(*index)];
  } else if (type_ == "inlineStr") {
    cell.text = unescape_ooxml(has_inline_ ? std::move(inline_) : std::move(value_));
  } else if (type_ == "str") {
    cell.text = unescape_ooxml(std::move(value_));
  } else if (type_ == "b") {
    const std::string_view v = io::trim_view(value_);
    if (v.empty()) return;
    cell.kind = SheetCell::Kind::kBool;
    if (v == "1" || v == "true") cell.text = "true";
    else if (v == "0" || v == "false") cell.text = "false";
    else bad_cell(trf("the workbook is damaged: a true-or-false cell holds '{}'", std::string(v)));
  } else if (type_ == "e") {
    cell.kind = SheetCell::Kind::kError;
    cell.text = std::string(io::trim_view(value_));
  } else if (type_ == "d") {
    if (io::trim_view(value_).empty()) return;
    const auto iso = parse_iso(value_);
    if (!iso) bad_cell(trf("the workbook is damaged: a date cell holds '{}'", value_));
    cell.kind = SheetCell::Kind::kDate;
    cell.number = serial_of(iso->day, iso->seconds, reader_.date1904_);
    if (!iso->has_date) {
      cell.text = clock_text(iso->seconds);
    } else {
      cell.text = day_text(iso->day);
      if (iso->has_time && (iso->seconds > 0 || reader_.shown(style_) == Shown::kDateTime))
        cell.text += ' ' + clock_text(iso->seconds);
    }
  } else {
    // "n", or a type this reader does not know, read as a number.
    if (io::trim_view(value_).empty()) return;
    const auto number = parse_number(value_);
    if (!number) bad_cell(trf("the workbook is damaged: a number cell holds '{}'", value_));
    cell.number = *number;
    const Shown shown = reader_.shown(style_);
    if (shown == Shown::kNumber) {
      cell.kind = SheetCell::Kind::kNumber;
      cell.text = general_number(*number);
    } else if (auto text = serial_text(*number, shown, reader_.date1904_)) {
      cell.kind = SheetCell::Kind::kDate;
      cell.text = std::move(*text);
    } else {
      cell.kind = SheetCell::Kind::kError;
      cell.text = kNoDate;
    }
  }
  if (cell.text.empty()) return;  // an empty string is an empty cell
  row_size_ += cell.text.size() + sizeof(SheetCell);
  if (row_size_ > kMaxRowBytes)
    bad_cell(trf("the workbook is damaged or hostile: a row holds more than {} MiB of text", kMaxRowBytes >> 20));
  row_.cells.push_back(std::move(cell));
}

XlsxReader::XlsxReader(const std::string& bytes, const std::string& file_name, const std::string& sheet)
    : file_(file_name), buf_(kChunk) {
  if (bytes.compare(0, kZipMagic.size(), kZipMagic) != 0) refuse_kind(workbook_kind(bytes), WorkbookKind::kXlsx, file_);
  std::string why;
  zip_ = open_zip(bytes, why);
  if (!zip_) damaged(file_, 0, trf("the workbook is damaged: not a readable zip archive ({})", why));
  if (const WorkbookKind kind = zip_kind(zip_.get()); kind != WorkbookKind::kXlsx)
    refuse_kind(kind, WorkbookKind::kXlsx, file_);

  WorkbookXml workbook(file_, "xl/workbook.xml");
  {
    Part part(zip_.get(), "xl/workbook.xml", kMaxPartBytes, file_);
    workbook.parse(part);
  }
  date1904_ = workbook.date1904;
  if (workbook.sheets.empty()) damaged(file_, 0, tr("the workbook is damaged: it lists no sheets"));
  for (const auto& s : workbook.sheets) names_.push_back(s.name);

  // Without relationships (a few hand-made writers), the parts sit at their usual names.
  RelsXml rels(file_, "xl/_rels/workbook.xml.rels");
  if (locate(zip_.get(), "xl/_rels/workbook.xml.rels") >= 0) {
    Part part(zip_.get(), "xl/_rels/workbook.xml.rels", kMaxPartBytes, file_);
    rels.parse(part);
  }
  auto by_type = [&](std::string_view tail, const std::string& usual) {
    for (const auto& [id, rel] : rels.by_id)
      if (ends_with(rel.type, tail)) return rel.target;
    return usual;
  };

  const std::size_t index = sheet_index(names_, sheet, file_);
  name_ = names_[index];
  std::string sheet_part = fmt::format("xl/worksheets/sheet{}.xml", index + 1);
  if (auto it = rels.by_id.find(workbook.sheets[index].relationship); it != rels.by_id.end()) {
    if (!ends_with(it->second.type, "/worksheet"))
      fail(Diagnostic{file_, 0, 0, "", trf("sheet '{}' is a chart or dialog sheet, not a table of cells", name_),
                      tr("name a sheet of cells with ‹sheet›")});
    sheet_part = it->second.target;
  }

  const std::string strings_part = by_type("/sharedStrings", "xl/sharedStrings.xml");
  if (locate(zip_.get(), strings_part) >= 0) {
    SharedStringsXml strings(file_, strings_part);
    Part part(zip_.get(), strings_part, kMaxPartBytes, file_);
    strings.parse(part);
    strings_ = std::move(strings.strings);
  }
  const std::string styles_part = by_type("/styles", "xl/styles.xml");
  if (locate(zip_.get(), styles_part) >= 0) read_styles(styles_part);

  read_merges(sheet_part);
  part_ = std::make_unique<Part>(zip_.get(), sheet_part, kMaxSheetBytes, file_);
  xml_ = std::make_unique<SheetXml>(file_, sheet_part, *this);
}

void XlsxReader::read_styles(const std::string& name) {
  StylesXml styles(file_, name);
  Part part(zip_.get(), name, kMaxPartBytes, file_);
  styles.parse(part);
  std::map<int, Shown> custom;
  for (const auto& [id, code] : styles.codes) custom[id] = custom_format(code);
  for (int id : styles.xf_formats) {
    // A workbook may give a built-in id a code of its own; the code then decides.
    auto it = custom.find(id);
    shown_.push_back(it != custom.end() ? it->second : builtin_format(id));
  }
}

// The first pass: merged ranges are listed after the cells, so the sheet is inflated once to
// find them. Only from <mergeCells> on is it parsed, behind the root's start tag (for its
// namespaces): parsing all the cells twice would cost 40% more time. A '<' before the name
// makes it markup, as text escapes '<'; should that tail not parse all the same (a comment
// quoting the tag), the whole sheet is parsed for its merges.
void XlsxReader::read_merges(const std::string& name) {
  constexpr std::string_view kWord = "mergeCells";
  constexpr std::size_t kOverlap = 256;  // for "<prefix:mergeCells" cut between two chunks
  auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
  };
  Part part(zip_.get(), name, kMaxSheetBytes, file_);
  std::string head;    // the first chunk: the prolog and the root's start tag
  std::string window;  // the end of the chunk before, then this chunk
  std::size_t from = std::string::npos;
  for (;;) {
    const std::size_t n = part.read(buf_.data(), buf_.size());
    if (n == 0) return;  // no merged ranges
    if (head.empty()) head.assign(buf_.data(), n);
    window.append(buf_.data(), n);
    for (std::size_t at = window.find(kWord); at != std::string::npos; at = window.find(kWord, at + 1)) {
      std::size_t lt = at;
      while (lt > 0 && name_char(window[lt - 1]) && at - lt < kOverlap / 2) --lt;
      if (lt > 0 && window[lt - 1] == '<') {
        from = lt - 1;
        break;
      }
    }
    if (from != std::string::npos) break;
    window.erase(0, window.size() - std::min(window.size(), kOverlap));
  }

  MergesXml merges(file_, name);
  bool parsed = false;
  RootXml root(file_, name);
  root.feed(head.data(), head.size(), false);
  if (root.end > 0 && root.end <= head.size()) {
    try {
      merges.feed(head.data(), root.end, false);
      merges.feed(window.data() + from, window.size() - from, false);
      for (;;) {
        const std::size_t n = part.read(buf_.data(), buf_.size());
        merges.feed(buf_.data(), n, n == 0);
        if (n == 0) break;
      }
      parsed = true;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidData) throw;
      // A Part error (damaged or oversized) is the sheet's and is thrown again below.
    }
  }
  if (!parsed) {
    MergesXml full(file_, name);
    Part again(zip_.get(), name, kMaxSheetBytes, file_);
    full.parse(again);
    merges.merges = std::move(full.merges);
  }
  merges_ = std::move(merges.merges);
  std::stable_sort(merges_.begin(), merges_.end(),
                   [](const Merge& a, const Merge& b) { return a.first_row < b.first_row; });
}

void XlsxReader::finish_row(SheetRow&& row) {
  auto& cells = row.cells;
  // Cells out of column order, or one column twice, happen only in hand-made files: sort them,
  // the last of a column winning.
  if (!std::is_sorted(cells.begin(), cells.end(), [](const SheetCell& a, const SheetCell& b) { return a.column < b.column; })) {
    std::stable_sort(cells.begin(), cells.end(), [](const SheetCell& a, const SheetCell& b) { return a.column < b.column; });
  }
  for (std::size_t i = 1; i < cells.size();) {
    if (cells[i].column == cells[i - 1].column) cells.erase(cells.begin() + static_cast<std::ptrdiff_t>(i - 1));
    else ++i;
  }
  auto find = [&](int column) {
    return std::lower_bound(cells.begin(), cells.end(), column,
                            [](const SheetCell& c, int col) { return c.column < col; });
  };
  // Ranges ended above this row stop filling; those starting here take their value.
  filling_.erase(std::remove_if(filling_.begin(), filling_.end(),
                                [&](const Filling& f) { return f.merge.last_row < row.row; }),
                 filling_.end());
  // A row holding nothing of its own is skipped even inside a merged range: the filled value
  // alone is no record.
  const bool empty = cells.empty();
  if (!empty) {
    for (const Filling& f : filling_) {
      if (f.merge.first_row >= row.row) continue;
      auto at = find(f.merge.column);
      if (at != cells.end() && at->column == f.merge.column) continue;
      SheetCell value = f.value;
      value.column = f.merge.column;
      cells.insert(at, std::move(value));
    }
  }
  for (; next_merge_ < merges_.size() && merges_[next_merge_].first_row <= row.row; ++next_merge_) {
    const Merge& m = merges_[next_merge_];
    if (m.first_row != row.row) continue;  // its top row held nothing
    auto at = find(m.column);
    if (at != cells.end() && at->column == m.column) filling_.push_back({m, *at});
  }
  if (empty) return;
  queued_bytes_ += row_bytes(row);
  ready_.push_back(std::move(row));
}

bool XlsxReader::next(SheetRow& row) {
  for (;;) {
    if (!ready_.empty()) {
      row = std::move(ready_.front());
      ready_.pop_front();
      queued_bytes_ -= std::min(queued_bytes_, row_bytes(row));
      return true;
    }
    // Rows read before an error are served first, so they can be checked and reported too.
    if (pending_) std::rethrow_exception(pending_);
    if (done_) return false;
    try {
      if (suspended_) {
        suspended_ = !xml_->resume();
      } else {
        const std::size_t n = part_->read(buf_.data(), buf_.size(), xml_->row());
        suspended_ = !xml_->feed(buf_.data(), n, n == 0);
        fed_last_ = n == 0;
      }
      // A last chunk the parser suspended in still has to be resumed to its end.
      done_ = fed_last_ && !suspended_;
    } catch (...) {
      pending_ = std::current_exception();
    }
  }
}

}  // namespace

WorkbookKind workbook_kind(std::string_view bytes) {
  if (bytes.substr(0, kZipMagic.size()) == kZipMagic) {
    std::string why;
    Zip z = open_zip(bytes, why);
    return z ? zip_kind(z.get()) : WorkbookKind::kOther;
  }
  if (bytes.substr(0, kOleMagic.size()) == kOleMagic) {
    // The directory entry of an encrypted OOXML package: its name in UTF-16LE.
    static const std::string kEncrypted = [] {
      std::string s;
      for (char c : std::string_view("EncryptedPackage")) s += {c, '\0'};
      return s;
    }();
    return bytes.find(kEncrypted) != std::string_view::npos ? WorkbookKind::kEncrypted : WorkbookKind::kXls;
  }
  return WorkbookKind::kOther;
}

std::unique_ptr<io::SheetReader> open_xlsx(const std::string& bytes, const std::string& file_name,
                                           const std::string& sheet) {
  return std::make_unique<XlsxReader>(bytes, file_name, sheet);
}

}  // namespace kunqu::workbook
