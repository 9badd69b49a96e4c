// Runs kunqu's command line inside the test process: string streams stand for its standard
// streams, and its environment is only what the test gives.
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"

namespace kunqu::test {

struct CliResult {
  int code;
  std::string out, err;
};

// `args` after the program's name; `terminal`: standard output and error are a terminal's.
inline CliResult run_cli(std::vector<std::string> args, std::map<std::string, std::string> env, bool terminal = false,
                         const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  cli::Context ctx(cli::Io{in, out, err, terminal, terminal}, std::move(env));
  args.insert(args.begin(), "kunqu");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  const int code = cli::run(static_cast<int>(argv.size()), argv.data(), ctx);
  return {code, out.str(), err.str()};
}

}  // namespace kunqu::test
