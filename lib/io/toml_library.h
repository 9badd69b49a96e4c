// toml++ as libkunqu uses it: the Debian package's headers, its implementation compiled into
// libkunqu once (io/toml_library.cpp) rather than linked from libtomlplusplus.so, and hidden
// from the library's users. Linked, the library was loaded and bound (Debian builds it with
// BIND_NOW: some 200 symbols) at the start of every command, although only the commands that
// read a TOML file or a district profile call it. Include this, never <toml++/toml.h>.
#pragma once

#define TOML_HEADER_ONLY 0
#define TOML_EXPORTED_CLASS __attribute__((visibility("hidden")))
#define TOML_EXPORTED_MEMBER_FUNCTION __attribute__((visibility("hidden")))
#define TOML_EXPORTED_STATIC_FUNCTION __attribute__((visibility("hidden")))
#define TOML_EXPORTED_FREE_FUNCTION __attribute__((visibility("hidden")))
#include <toml++/toml.h>  // IWYU pragma: export
