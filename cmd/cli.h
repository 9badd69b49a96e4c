// The kunqu command line: builds the command tree, parses, runs the chosen command, and is
// the one place where errors become messages and exit codes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"

namespace CLI {
class App;
}

namespace kunqu::cli {

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInvalid = 3;
constexpr int kExitNotFound = 4;
constexpr int kExitBusy = 5;

// One command of the tree, for tests and generated docs.
struct CommandDoc {
  std::string path;         // "kunqu org list"
  std::string description;  // the one-line summary
  std::string footer;       // the --help footer with its Examples
  bool leaf = false;        // a verb, not a noun
};
std::vector<CommandDoc> command_docs();

// Builds the whole command tree (every noun and verb) and hands it to `visit`: the man pages
// and shell completions are generated from it (cmd/docs.h).
void visit_command_tree(const std::function<void(CLI::App&)>& visit, const std::string& language = "C");

// The command tree's texts (descriptions, examples' heading, CLI11's labels and headings) in
// the reader's language, before its help is shown: the tree is built in English, so that a
// command that shows no help never loads the message catalogue for it.
void translate_help(CLI::App& app);

// " (did you mean 'list'?)" when a name among `known` is near `given` (a typo of it, or it
// begins with `given`), else nothing: for unknown commands, options and help topics.
std::string did_you_mean(const std::string& given, const std::vector<std::string>& known);

// The name of the validator complete_with() attaches: this prefix, then the values.
constexpr std::string_view kCompletionPrefix = "complete:";

// What --version prints: "kunqu 0.1.0 (schema 8, SQLite 3.40.1)\n".
std::string version_line();

// Runs kunqu with `argv` against `ctx` (streams, environment); returns the exit code.
int run(int argc, const char* const* argv, Context& ctx);

}  // namespace kunqu::cli
