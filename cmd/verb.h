// Declaring a verb of a noun: its options in a named struct, its work in a named function bound
// here once for every verb. The function is one of three kinds:
// - `int run(Context&, const Options&)`, which does what it likes with the command's streams;
// - `Recorded run(Registry&, const Options&)`, a recording verb: it writes through the library
//   in the registry opened read-write and returns what to say;
// - the library's `io::Table list(Registry&, const Filter&)` itself, for a list (shown as one)
//   or an export (written whole to -o or standard output).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "context.h"
#include "io/table.h"
#include "registry/registry.h"

namespace kunqu::cli {

// What a recording verb says: the line it prints on standard output for scripts (a new
// record's number; nothing when empty), and the note for the person (hidden by -q).
struct Recorded {
  std::string out;
  std::string note;
};

// The work around each kind (verb.cpp): a recording verb's registry opened read-write and what
// it says said; a list's registry opened read-only and its table shown as a list; an export's
// table written whole to `output` (its format from the extension) or to standard output, `what`
// naming its rows (marked N_).
int record(Context& ctx, const std::function<Recorded(registry::Registry&)>& write);
int show_list(Context& ctx, const std::function<io::Table(registry::Registry&)>& list);
int export_rows(Context& ctx, const std::optional<std::string>& output, const char* what,
                const std::function<io::Table(registry::Registry&)>& rows);

template <typename Filter>
using TableOf = io::Table (*)(registry::Registry&, const Filter&);

template <typename Filter>
struct ExportOptions {
  Filter filter;
  std::optional<std::string> output;  // bound by the caller to -o, after the filter's flags
};

// What a chosen verb runs, over the options its flags filled: one struct a kind.
template <typename Options>
struct RunAction {
  Context* ctx;
  std::shared_ptr<Options> options;
  int (*run)(Context&, const Options&);
  int operator()() const { return run(*ctx, *options); }
};

template <typename Options>
struct RecordAction {
  Context* ctx;
  std::shared_ptr<Options> options;
  Recorded (*write)(registry::Registry&, const Options&);
  int operator()() const {
    return record(*ctx, [this](registry::Registry& reg) { return write(reg, *options); });
  }
};

template <typename Filter>
struct ListAction {
  Context* ctx;
  std::shared_ptr<Filter> options;
  TableOf<Filter> list;
  int operator()() const {
    return show_list(*ctx, [this](registry::Registry& reg) { return list(reg, *options); });
  }
};

template <typename Filter>
struct ExportAction {
  Context* ctx;
  std::shared_ptr<ExportOptions<Filter>> options;
  const char* what;
  TableOf<Filter> rows;
  int operator()() const {
    return export_rows(*ctx, options->output, what, [this](registry::Registry& reg) { return rows(reg, options->filter); });
  }
};

// A verb's command and the options its flags are bound to.
template <typename Options>
struct Verb {
  CLI::App* app;
  Options& options;
};

// Verb `name` of `noun` running `action` when the command line chooses it; its options, made
// with the action and kept as long as the command tree, for the caller to bind flags to.
template <typename Action>
auto declare_verb(CLI::App* noun, Context& ctx, const char* name, const std::string& help, const Action& action) {
  CLI::App* app = noun->add_subcommand(name, help);
  app->callback([&ctx, action] { ctx.action = action; });
  return Verb<typename decltype(action.options)::element_type>{app, *action.options};
}

template <typename Options>
Verb<Options> add_verb(CLI::App* noun, Context& ctx, const char* name, const std::string& help,
                       int (*run)(Context&, const Options&)) {
  return declare_verb(noun, ctx, name, help, RunAction<Options>{&ctx, std::make_shared<Options>(), run});
}

template <typename Options>
Verb<Options> add_verb(CLI::App* noun, Context& ctx, const char* name, const std::string& help,
                       Recorded (*write)(registry::Registry&, const Options&)) {
  return declare_verb(noun, ctx, name, help, RecordAction<Options>{&ctx, std::make_shared<Options>(), write});
}

template <typename Filter>
Verb<Filter> add_list_verb(CLI::App* noun, Context& ctx, const char* name, const std::string& help, TableOf<Filter> list) {
  return declare_verb(noun, ctx, name, help, ListAction<Filter>{&ctx, std::make_shared<Filter>(), list});
}

// The verb `export` of `noun`; `what` names the rows (marked N_).
template <typename Filter>
Verb<ExportOptions<Filter>> add_export_verb(CLI::App* noun, Context& ctx, const std::string& help, const char* what,
                                            TableOf<Filter> rows) {
  return declare_verb(noun, ctx, "export", help,
                      ExportAction<Filter>{&ctx, std::make_shared<ExportOptions<Filter>>(), what, rows});
}

}  // namespace kunqu::cli
