// The conditions of a list, built from its filter's options, and the option values a filter
// takes. A value an option does not take is a usage error (exit 2) that names the option as
// ‹name›, so the front end words it as its flag.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/registry.h"
#include "vocab/vocab.h"

namespace kunqu::registry {

// The code of an enumeration's value, given as its code or its Chinese name.
std::string option_code(std::string_view option, std::string_view value, const vocab::FieldSpec& spec);
// One of `choices`, as given (trimmed).
std::string option_choice(std::string_view option, std::string_view value, const std::vector<std::string>& choices);
// A date YYYY-MM-DD.
std::string option_date(std::string_view option, std::string_view value);
// A year like 2015, in the years kunqu keeps.
int option_year(std::string_view option, std::string_view value);
// The day a span (90d, 6m, 1y) after `from`, or before it when `back`.
std::string option_span(std::string_view option, std::string_view value, const std::string& from, bool back = false);

class Where {
 public:
  explicit Where(std::string start = " WHERE 1") : sql_(std::move(start)) {}

  // A condition with one `?` for `value`; without a value, a condition with none.
  void add(std::string_view condition, std::string value);
  void add(std::string_view condition) { sql_ += condition; }
  // A condition on an option's trimmed text, when the option is given.
  void text(const std::optional<std::string>& value, std::string_view condition);
  // A condition on an enumeration's code, when the option is given.
  void code(std::string_view option, const std::optional<std::string>& value, const vocab::FieldSpec& spec,
            std::string_view condition);
  // The options `option`_since and `option`_until, bounding `column`.
  void dates(std::string_view option, const std::optional<std::string>& since, const std::optional<std::string>& until,
             std::string_view column);

  const std::string& sql() const { return sql_; }
  // Binds the values from the first parameter on.
  void bind(Query& q) const;

 private:
  std::string sql_;
  std::vector<std::string> values_;
};

}  // namespace kunqu::registry
