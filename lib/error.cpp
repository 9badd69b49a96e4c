// Formatting and throwing helpers for kunqu::Error.
#include "error.h"

#include <algorithm>
#include <tuple>

#include "i18n/messages.h"

namespace kunqu {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!sheet.empty() || row > 0) {
    out += file + ':';
    if (!sheet.empty()) out += sheet + '!';
    if (row > 0 || line > 0) out += std::to_string(row > 0 ? row : line);
    if (cell > 0) {
      out += ':' + column_letter(cell);
      if (!header.empty()) out += ' ' + named(header);
    }
    // TRANSLATORS: after a CSV cell's row and column, the file's line where they differ
    if (sheet.empty() && row > 0 && line > 0 && line != row) out += trf(" (line {})", line);
    out += ": ";
    if ((cell <= 0 || header.empty()) && !field.empty()) out += named(field) + ": ";
    return out + message;
  }
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  if (!field.empty()) out += named(field) + ": ";
  out += message;
  return out;
}

std::string Diagnostic::named(const std::string& name) const {
  if (field_zh.empty() || name.empty() || name == field_zh || !i18n::chinese()) return name;
  // A header in Chinese is one of the field's Chinese names (or its note): not repeated.
  for (unsigned char c : name)
    if (c >= 0x80) return name;
  // Full-width brackets, as Chinese text writes them; shown under Chinese only.
  return name + "（" + field_zh + "）";
}

std::string input_name(std::string_view field) { return "‹" + std::string(field) + "›"; }

std::string column_letter(int cell) {
  std::string letters;
  for (; cell > 0; cell = (cell - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (cell - 1) % 26));
  return letters;
}

void throw_usage(const std::string& message) { throw Error(ErrorKind::kUsage, message); }
void throw_not_found(const std::string& message) { throw Error(ErrorKind::kNotFound, message); }
void throw_invalid(const std::string& message) { throw Error(ErrorKind::kInvalidData, message); }
void throw_invalid(Diagnostic diagnostic) {
  std::string message = diagnostic.to_string();
  throw Error(ErrorKind::kInvalidData, message, {std::move(diagnostic)});
}

void throw_import_refusal(std::vector<Diagnostic> diags, std::size_t total, const std::string& file) {
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  if (total > diags.size()) {
    Diagnostic more;
    more.message = trf("… and {} more problems not listed (raise ‹max_errors› to see them)", total - diags.size());
    diags.push_back(std::move(more));
  }
  std::string message =
      trnf("{} problem; nothing was imported from '{}'", "{} problems; nothing was imported from '{}'", total, total, file);
  throw Error(ErrorKind::kInvalidData, message, std::move(diags));
}

}  // namespace kunqu
