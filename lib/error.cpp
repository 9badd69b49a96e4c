// Formatting and throwing helpers for kunqu::Error.
#include "error.h"

namespace kunqu {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  if (!field.empty()) out += field + ": ";
  out += message;
  return out;
}

void throw_usage(const std::string& message) { throw Error(ErrorKind::kUsage, message); }
void throw_not_found(const std::string& message) { throw Error(ErrorKind::kNotFound, message); }
void throw_invalid(const std::string& message) { throw Error(ErrorKind::kInvalidData, message); }
void throw_invalid(Diagnostic diagnostic) {
  std::string message = diagnostic.to_string();
  throw Error(ErrorKind::kInvalidData, message, {std::move(diagnostic)});
}

}  // namespace kunqu
