// The kunqu binary: real streams and environment in, exit code out.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include "cli.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/file.h"

extern char** environ;

int main(int argc, char** argv) {
  // Scripts ask for the version often: answer before building anything.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::fputs(kunqu::cli::version_line().c_str(), stdout);
    if (std::fflush(stdout) != 0) {
      std::fputs("kunqu: cannot write standard output\n", stderr);
      return kunqu::cli::kExitRuntime;
    }
    return 0;
  }
  std::ios::sync_with_stdio(false);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  // Every write to standard output is checked: `> /dev/full` or a full disk is exit 1 with the
  // reason, never a file cut short with exit 0.
  kunqu::io::FdBuf out_buf(1, "");
  auto out = kunqu::io::checked_stream(out_buf);
  kunqu::cli::Io io{std::cin, *out, std::cerr, ::isatty(1) == 1, ::isatty(2) == 1};
  if (winsize ws{}; io.out_is_terminal && ::ioctl(1, TIOCGWINSZ, &ws) == 0) io.out_columns = ws.ws_col;
  kunqu::cli::Context ctx(io, std::move(env));
  ctx.ends_process = true;
  int code = kunqu::cli::run(argc, argv, ctx);
  try {
    out->flush();
  } catch (const kunqu::Error& e) {
    std::cerr << "kunqu: " << e.what() << '\n';
    if (code == kunqu::cli::kExitOk) code = kunqu::cli::kExitRuntime;
  }
#if defined(__SANITIZE_ADDRESS__)
  return code;  // the sanitizer's leak check runs at exit
#else
  // Every output is written and every file closed (or left to the system, as a reading command's
  // registry is): what exit() would still do is destroy the static objects of every file,
  // CLI11's validators among them, 1% of `org show`'s time.
  std::cerr.flush();  // its own buffer since sync_with_stdio(false): a GB18030 tail passed on
  std::fflush(nullptr);
  std::_Exit(code);
#endif
}
