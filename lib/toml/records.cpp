// TOML import files as records of positioned fields, through toml++ (the Debian shared library):
// an array of tables named for the records, one record a table. Part of the TOML module.
#include <fmt/format.h>

#include <toml++/toml.h>

#include "io/internal.h"
#include "toml/internal.h"

namespace kunqu::io {

struct TomlDocument {
  toml::table doc;
  const toml::array* items = nullptr;  // the [[records]], when they are an array of tables
  std::size_t next_item = 0;
};

}  // namespace kunqu::io

namespace kunqu::toml_module {

using io::RecordReader;
using io::TomlDocument;

void free_document(TomlDocument* doc) { delete doc; }

void open_records(RecordReader::Impl& impl) {
  auto& pending = impl.pending;
  const auto& options = impl.options;
  try {
    impl.toml.reset(new TomlDocument{toml::parse(impl.text, impl.file_name)});
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    pending.push_back(impl.diag(static_cast<int>(src.begin.line), static_cast<int>(src.begin.column), "",
                           std::string(e.description())));
    return;
  }
  for (auto&& [key, node] : impl.toml->doc) {
    if (key.str() == options.table_name) {
      const toml::array* items = node.as_array();
      bool tables = items != nullptr;
      if (items)
        for (auto&& item : *items)
          if (!item.is_table()) tables = false;
      if (!tables) {
        pending.push_back(impl.diag(static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column),
                               options.table_name,
                               trf("must be an array of tables ([[{}]])", options.table_name)));
      } else {
        impl.toml->items = items;
      }
    } else {
      pending.push_back(impl.diag(static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                             "", trf("unknown key '{}'; the file holds [[{}]] tables", key.str(), options.table_name)));
    }
  }
}

namespace {

// A TOML value as canonical text, or an error message.
std::optional<std::string> toml_scalar(const toml::node& node, std::string& error) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto d = node.as_date()) {
    auto v = d->get();
    return fmt::format("{:04d}-{:02d}-{:02d}", v.year, v.month, v.day);
  }
  if (node.is_floating_point()) {
    error = tr("floating-point numbers are not accepted; write money as text (\"1234.50\") and counts as whole numbers");
  } else if (node.is_date_time() || node.is_time()) {
    error = tr("expected a date (YYYY-MM-DD), not a time");
  } else {
    error = tr("expected a single value, not a table or array");
  }
  return std::nullopt;
}

}  // namespace

bool next_record(RecordReader::Impl& impl, io::RawRecord& record, std::vector<Diagnostic>& diagnostics) {
  auto& pending = impl.pending;
  const auto& options = impl.options;
  auto& doc = impl.toml;
  if (!pending.empty()) {
    for (auto& d : pending) diagnostics.push_back(std::move(d));
    pending.clear();
  }
  if (!doc || !doc->items || doc->next_item >= doc->items->size()) return false;
  const toml::table& table = *doc->items->get(doc->next_item++)->as_table();
  record.line = static_cast<int>(table.source().begin.line);
  record.column = static_cast<int>(table.source().begin.column);
  for (auto&& [key, node] : table) {
    int line = static_cast<int>(key.source().begin.line);
    int column = static_cast<int>(key.source().begin.column);
    auto field = options.resolve(key.str());
    if (!field) {
      diagnostics.push_back(impl.diag(line, column, "", trf("unknown key '{}'", key.str()), impl.columns_hint()));
      continue;
    }
    std::string error;
    auto value = toml_scalar(node, error);
    int vline = static_cast<int>(node.source().begin.line);
    int vcolumn = static_cast<int>(node.source().begin.column);
    if (value && !node.is_string() && options.text_only && options.text_only(*field)) {
      value.reset();
      const std::string given = *toml_scalar(node, error);
      error = node.is_integer()   ? trf("expected text in quotes (\"{}\"), not a number", given)
              : node.is_boolean() ? trf("expected text in quotes (\"{}\"), not true or false", given)
                                  : trf("expected text in quotes (\"{}\"), not a date", given);
    }
    if (!value) error = error.empty() ? tr("is not a value kunqu reads") : error;
    if (value) {
      if (auto message = io::oversized(*value)) error = *message;
      else if (auto bad = impl.forbidden(*field, *value)) error = *bad;
    }
    if (!error.empty()) {
      diagnostics.push_back(impl.diag(vline, vcolumn, std::string(key.str()), error));
      // Present, though refused: the checkers say nothing more of it (not "is required").
      record.fields.push_back(io::RawField{*field, {}, vline, vcolumn, true});
      continue;
    }
    record.fields.push_back(io::RawField{*field, std::move(*value), vline, vcolumn});
  }
  return true;
}

}  // namespace kunqu::toml_module
