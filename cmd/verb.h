// Declaring a verb of a noun: its options in a named struct, its work in a named function
// `int run(Context&, const Options&)`, bound here once for every verb.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "context.h"

namespace kunqu::cli {

// What a chosen verb runs: `run` over the options its flags filled.
template <typename Options>
struct VerbAction {
  Context* ctx;
  std::shared_ptr<Options> options;
  int (*run)(Context&, const Options&);
  int operator()() const { return run(*ctx, *options); }
};

// A verb's command and the options its flags are bound to.
template <typename Options>
struct Verb {
  CLI::App* app;
  Options& options;
};

// Verb `name` of `noun`: its options (made here, kept as long as the command tree) for the
// caller to bind flags to; when the command line chooses it, `run` becomes the action.
template <typename Options>
Verb<Options> add_verb(CLI::App* noun, Context& ctx, const char* name, const std::string& help,
                       int (*run)(Context&, const Options&)) {
  auto options = std::make_shared<Options>();
  CLI::App* app = noun->add_subcommand(name, help);
  const VerbAction<Options> action{&ctx, options, run};
  app->callback([&ctx, action] { ctx.action = action; });
  return {app, *options};
}

}  // namespace kunqu::cli
