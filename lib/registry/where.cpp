#include "registry/where.h"

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"
#include "validate/problems.h"
#include "validate/values.h"

namespace kunqu::registry {

std::string option_code(std::string_view option, std::string_view value, const vocab::FieldSpec& spec) {
  auto code = vocab::enum_code(spec, value);
  if (!code) throw_usage(trf("{} '{}' is not one of {}", input_name(option), value, vocab::enum_codes_list(spec)));
  return *code;
}

std::string option_choice(std::string_view option, std::string_view value, const std::vector<std::string>& choices) {
  std::string given = io::trim(value);
  for (const auto& c : choices)
    if (c == given) return given;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  throw_usage(trf("{} '{}' is not one of {}", input_name(option), given, list));
}

std::string option_date(std::string_view option, std::string_view value) {
  auto parsed = validate::parse_date(value);
  if (!parsed) throw_usage(fmt::format("{}: {}", input_name(option), parsed.error));
  return *parsed.value;
}

int option_year(std::string_view option, std::string_view value) {
  validate::Problems p;
  auto y = p.year(std::string(option), std::string(value));
  if (!y) throw_usage(fmt::format("{} {}", input_name(option), p.diags[0].message));
  return *y;
}

std::string option_span(std::string_view option, std::string_view value, const std::string& from, bool back) {
  const std::string span = io::trim(value);
  auto day = back ? validate::subtract_span(from, span) : validate::add_span(from, span);
  if (!day) throw_usage(trf("{} '{}' is not a span like 90d, 6m or 1y", input_name(option), value));
  return *day;
}

void Where::add(std::string_view condition, std::string value) {
  sql_ += condition;
  values_.push_back(std::move(value));
}

void Where::text(const std::optional<std::string>& value, std::string_view condition) {
  if (value) add(condition, io::trim(*value));
}

void Where::code(std::string_view option, const std::optional<std::string>& value, const vocab::FieldSpec& spec,
                 std::string_view condition) {
  if (value) add(condition, option_code(option, *value, spec));
}

void Where::dates(std::string_view option, const std::optional<std::string>& since,
                  const std::optional<std::string>& until, std::string_view column) {
  if (since) add(fmt::format(" AND {} >= ?", column), option_date(std::string(option) + "_since", *since));
  if (until) add(fmt::format(" AND {} <= ?", column), option_date(std::string(option) + "_until", *until));
}

void Where::bind(Query& q) const {
  for (std::size_t i = 0; i < values_.size(); ++i) q.bind(static_cast<int>(i + 1), values_[i]);
}

}  // namespace kunqu::registry
