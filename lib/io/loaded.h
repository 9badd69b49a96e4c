// Shared libraries loaded on first use (dlopen) instead of linked. A linked library is loaded,
// and with Debian's BIND_NOW every symbol it uses bound, at the start of every command; one
// that only some commands need costs the others that for nothing (`kunqu org show` runs in a
// few milliseconds, and loading and binding its libraries is over a third of its instructions).
#pragma once

#include <string>

namespace kunqu::io {

// The library `soname`, loaded for the rest of the process; `purpose` (translated) says what
// kunqu needs it for. Throws an internal error when it cannot be loaded.
void* load_library(const std::string& soname, const std::string& purpose);

// The address of `name` in `lib` (loaded as `soname`); throws an internal error when it lacks it.
void* library_symbol(void* lib, const std::string& soname, const char* name);

// Sets `out` to the function or object `name` of `lib`, as its header declares it.
template <typename T>
void bind_symbol(void* lib, const std::string& soname, const char* name, T*& out) {
  out = reinterpret_cast<T*>(library_symbol(lib, soname, name));
}

}  // namespace kunqu::io
