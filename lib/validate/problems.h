// The problems of one command's input, each named by the flag (or column) it concerns, so that
// a command reports them all at once and writes nothing (kInvalidData, exit 3).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"
#include "validate/values.h"

namespace kunqu::validate {

struct Problems {
  std::vector<Diagnostic> diags;

  void bad(const std::string& field, std::string message, std::string hint = {}) {
    diags.push_back(Diagnostic{"", 0, 0, field, std::move(message), std::move(hint)});
  }

  // A date, not after `today`: nullopt (and a problem) when it is not one, or when it is
  // empty and `required`.
  std::optional<std::string> date(const std::string& field, const std::string& text, const std::string& today,
                                  bool required = true) {
    if (io::trim(text).empty()) {
      if (required) bad(field, tr("is required (YYYY-MM-DD)"));
      return std::nullopt;
    }
    auto d = parse_date(text);
    if (!d) {
      bad(field, d.error, d.hint);
      return std::nullopt;
    }
    if (*d.value > today) {
      bad(field, trf("{} is in the future (today is {})", *d.value, today));
      return std::nullopt;
    }
    return d.value;
  }

  // A whole number from 0 up: nullopt (and a problem) when it is not one, or when it is empty
  // and `required`.
  std::optional<std::int64_t> count(const std::string& field, const std::string& text, bool required = false) {
    if (io::trim(text).empty()) {
      if (required) bad(field, tr("is required (a whole number)"));
      return std::nullopt;
    }
    auto c = parse_count(text);
    if (!c) bad(field, c.error, c.hint);
    return c.value;
  }

  // A year like 2015, in the range of dates kunqu keeps (1900–2199): nullopt (and a problem)
  // when it is not one.
  std::optional<int> year(const std::string& field, const std::string& text) {
    const std::string y = io::trim(text);
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
      bad(field, trf("'{}' is not a year like 2015", y));
      return std::nullopt;
    }
    const int v = std::stoi(y);
    if (v < 1900 || v > 2199) {
      bad(field, trf("{} is outside the years kunqu keeps (1900 to 2199)", v));
      return std::nullopt;
    }
    return v;
  }

  // Text of one line: a problem when it holds a line break, a tab, or any other control or
  // format character (`several_lines`: tabs and line breaks allowed). Returns whether it is fine.
  bool text(const std::string& field, const std::string& value, bool several_lines = false) {
    auto c = io::forbidden_character(value, several_lines);
    if (!c) return true;
    bad(field, several_lines ? trf("holds the invisible or control character {}", io::describe_character(*c))
                             : trf("holds the invisible or control character {} (this field holds one line)",
                                   io::describe_character(*c)));
    return false;
  }

  // Throws kInvalidData with every problem ("N problems; `what`") when there are any.
  void raise(const std::string& what) {
    if (diags.empty()) return;
    auto n = diags.size();
    throw Error(ErrorKind::kInvalidData, trnf("{} problem; {}", "{} problems; {}", n, n, what), std::move(diags));
  }
};

}  // namespace kunqu::validate
