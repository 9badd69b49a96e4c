// The kunqu binary: real streams and environment in, exit code out.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string_view>
#include <map>
#include <string>

#include "cli.h"

extern char** environ;

int main(int argc, char** argv) {
  // Scripts ask for the version often: answer before building anything.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::fputs(kunqu::cli::version_line().c_str(), stdout);
    return 0;
  }
  std::ios::sync_with_stdio(false);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  kunqu::cli::Io io{std::cin, std::cout, std::cerr, ::isatty(1) == 1, ::isatty(2) == 1};
  kunqu::cli::Context ctx(io, std::move(env));
  int code = kunqu::cli::run(argc, argv, ctx);
  std::cout.flush();
  return code;
}
