// Headers and formats of import files: which reader a file's name asks for, a header without
// the notes sheets add to it, the unit of money it names, and the names sheets give their own
// row-number column.
#include <string>

#include "io/records.h"
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
  const std::string ext = to_lower_ascii(path.substr(dot + 1));
  // A macro-enabled workbook is a .xlsx with macros, which kunqu never runs. An Excel binary
  // workbook or an OpenDocument spreadsheet goes to the .xlsx reader too, which names what the
  // bytes are and how to save them so kunqu can read them.
  if (ext == "xlsm" || ext == "xlsb" || ext == "ods") return InputFormat::kXlsx;
  return parse_input_format(ext);
}

}  // namespace kunqu::io
