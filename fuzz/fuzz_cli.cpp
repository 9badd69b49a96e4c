// libFuzzer target: command-line parsing. The input is split at NUL bytes into arguments after
// "kunqu"; the command tree parses them and runs nothing (Context::parse_only). Usage errors are
// exit codes; anything else (a crash, an uncaught exception, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "context.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"kunqu"};
  std::string current;
  for (std::size_t i = 0; i < size && args.size() < 40; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  if (!current.empty() && args.size() < 40) args.push_back(current);
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in;
  std::ostringstream out, err;
  kunqu::cli::Context ctx({in, out, err}, {{"KUNQU_DB", "/nonexistent/kunqu-fuzz.db"}, {"KUNQU_ACTOR", "fuzz"}});
  ctx.parse_only = true;
  kunqu::cli::run(static_cast<int>(argv.size()), argv.data(), ctx);
  return 0;
}
