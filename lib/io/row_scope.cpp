// Import rows that go through domain verbs.
#include "io/row_scope.h"

#include "io/text.h"

#include "i18n/messages.h"

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

namespace {

// The columns of domain-verb files that may hold several lines; every other holds one.
bool several_lines(std::string_view column) {
  for (std::string_view c : {"notes", "note", "description", "items", "target_performance", "address"})
    if (column == c) return true;
  return false;
}

}  // namespace

std::string RowScope::cell(std::string_view name) {
  const auto* f = rec_.find(*index_of(name));
  if (!f) return std::string();
  std::string value = trim(f->value);
  // What registers write for "nothing here" (暂无, '-', '/') is nothing; 无 is kept, which a
  // yes/no column reads as no.
  if (value != "无" && is_placeholder(value)) return std::string();
  // The reader refused control and format characters everywhere; a line break or tab is
  // refused here where the column holds one line (a purchaser, a contract number, a mentor).
  if (!several_lines(name)) {
    if (auto c = forbidden_character(value, false)) {
      if (!reported_.count(std::string(name))) {
        bad(name, trf("holds the invisible or control character {} (this column holds one line)", describe_character(*c)));
        reported_.insert(std::string(name));
      }
      return std::string();
    }
  }
  return value;
}

void RowScope::bad(std::string_view column, std::string message, std::string hint) {
  ++problems_;
  if (reported_.count(std::string(column))) return;  // its characters were refused: nothing more of it
  const RawField* f = nullptr;
  if (auto i = index_of(column)) f = rec_.find(*i);
  // A cell the reader refused is not "required" as well.
  if (auto d = problem_at(file_, rec_, f, std::string(column), std::move(message), std::move(hint))) keep_(std::move(*d));
}

void RowScope::warn(const Diagnostic& warning) {
  std::string name = warning.field;
  for (auto& ch : name)
    if (ch == '-') ch = '_';
  const RawField* f = nullptr;
  if (auto i = index_of(name)) f = rec_.find(*i);
  if (auto d = problem_at(file_, rec_, f, name, warning.message, warning.hint)) {
    d->severity = Severity::kWarning;
    keep_(std::move(*d));
  }
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
