// Import rows that go through domain verbs.
#include "io/row_scope.h"

#include "io/text.h"

namespace kunqu::io {

std::vector<std::string> split_list(const std::string& text) {
  std::string s = text;
  for (std::size_t at; (at = s.find("；")) != std::string::npos;) s.replace(at, 3, ";");
  std::vector<std::string> out;
  std::string part;
  for (char ch : s + ";") {
    if (ch == ';' || ch == '\n') {
      if (!trim(part).empty()) out.push_back(trim(part));
      part.clear();
    } else {
      part += ch;
    }
  }
  return out;
}

std::optional<std::size_t> RowScope::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (name == columns_[i]) return i;
  return std::nullopt;
}

std::string RowScope::cell(std::string_view name) const {
  const auto* f = rec_.find(*index_of(name));
  return f ? trim(f->value) : std::string();
}

void RowScope::bad(std::string_view column, std::string message, std::string hint) {
  ++problems_;
  Diagnostic d{file_, rec_.line, rec_.column, std::string(column), std::move(message), std::move(hint)};
  if (auto i = index_of(column)) {
    if (const auto* f = rec_.find(*i)) {
      if (f->refused) return;  // the reader said why, at the cell (not "is required" as well)
      d.line = f->line;
      d.column = f->column;
    }
  }
  keep_(std::move(d));
}

bool RowScope::attempt(const std::function<void()>& verb, const char* fallback,
                       std::initializer_list<std::pair<const char*, const char*>> renames) {
  try {
    verb();
    return true;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kInvalidData && e.kind() != ErrorKind::kNotFound && e.kind() != ErrorKind::kUsage) throw;
    if (e.diagnostics().empty()) bad(fallback, e.what());
    for (const auto& d : e.diagnostics()) {
      std::string name = d.field;
      for (const auto& [from, to] : renames)
        if (name == from) name = to;
      for (auto& ch : name)
        if (ch == '-') ch = '_';
      if (index_of(name)) bad(name, d.message, d.hint);
      else bad(fallback, d.field.empty() ? d.message : d.field + ": " + d.message, d.hint);
    }
    return false;
  }
}

}  // namespace kunqu::io
