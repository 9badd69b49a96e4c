// The kunqu command line: builds the command tree, parses, runs the chosen command, and is
// the one place where errors become messages and exit codes.
#pragma once

#include "context.h"

namespace kunqu::cli {

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInvalid = 3;
constexpr int kExitNotFound = 4;
constexpr int kExitBusy = 5;

// Runs kunqu with `argv` against `ctx` (streams, environment); returns the exit code.
int run(int argc, const char* const* argv, Context& ctx);

}  // namespace kunqu::cli
