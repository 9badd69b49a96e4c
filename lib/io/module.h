// kunqu's own modules, loaded on first use (io/loaded.cpp): a module's table of functions and
// how libkunqu finds it.
#pragma once

#include <string>

namespace kunqu::io {

// kunqu's own modules (lib/workbook/, lib/toml/): built beside libkunqu and installed in
// LIBDIR/kunqu/, loaded the first time a command needs what they do. Each gives a table of its
// functions through an entry point; the table starts with its stamp: the version of the table's
// layout and the release of kunqu the module was built with, so that a module left from another
// build is refused rather than called.
struct ModuleStamp {
  int version;
  const char* release;
};

// The table returned by `entry` of the module `file` ("kunqu-toml.so"), loaded for the rest of
// the process. Throws an internal error when it cannot be loaded (`cannot_load`, a translated
// message with the file and dlerror() for its placeholders) or is from another build.
const ModuleStamp& module_table(const std::string& file, const char* entry, int version, const char* cannot_load);

template <typename Table>
const Table& module_table(const std::string& file, const char* entry, const char* cannot_load) {
  // The stamp is the table's first member (a standard-layout struct).
  return *reinterpret_cast<const Table*>(&module_table(file, entry, Table::kVersion, cannot_load));
}

}  // namespace kunqu::io
