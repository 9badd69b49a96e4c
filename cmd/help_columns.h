// `kunqu help columns [KIND]`: every column each import reads, with the headers it reads it by,
// its format and whether rows must fill it — listed from the very tables the imports resolve
// their headers with (lib/*/files.cpp, org/fields.cpp), so the listing cannot drift from them.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vocab/vocab.h"

namespace kunqu::cli {

// A kind of file kunqu imports.
struct ImportKind {
  std::string name;     // what `help columns` takes, as the import commands say it: org, events, payment …
  std::string record;   // its TOML tables ([[event]]), which `help columns` takes too
  std::string command;  // the import command: "kunqu org events import"
  std::string flag;     // what the command needs besides the file ("--kind payment"), or ""
  std::function<const std::vector<vocab::FileColumn>&()> columns;
  // The resolver the import command reads the file's headers with.
  std::function<std::optional<std::size_t>(std::string_view)> resolve;
};

// Every kind, in the order of the nouns.
const std::vector<ImportKind>& import_kinds();
// The kind `name` names (its name or its record), nullptr when none does.
const ImportKind* find_import_kind(std::string_view name);
// "org, events, credit …": the kinds' names, for messages.
std::string import_kind_names();

// The listing of `kinds` in the reader's language: what headers and values are, then a table per
// kind with its enumerations' values below it.
std::string columns_help(const std::vector<const ImportKind*>& kinds);

}  // namespace kunqu::cli
