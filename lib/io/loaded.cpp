// Shared libraries and kunqu's modules loaded on first use; see io/loaded.h and io/module.h.
#include "io/loaded.h"
#include "io/module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <string_view>

#include "error.h"
#include "i18n/messages.h"

namespace kunqu::io {

void* load_library(const std::string& soname, const std::string& purpose) {
  void* lib = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) throw Error(ErrorKind::kInternal, trf("cannot load {} for {}: {}", soname, purpose, dlerror()));
  return lib;
}

void* library_symbol(void* lib, const std::string& soname, const char* name) {
  void* symbol = dlsym(lib, name);
  if (!symbol) throw Error(ErrorKind::kInternal, trf("{} lacks {}", soname, name));
  return symbol;
}

namespace {

// The folder the library holding this function was loaded from, with its final '/'.
std::string own_folder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_folder), &info) == 0 || !info.dli_fname) return "";
  const std::string path = info.dli_fname;
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

}  // namespace

const ModuleStamp& module_table(const std::string& file, const char* entry, int version, const char* cannot_load) {
  // In libkunqu's kunqu/ folder when installed (LIBDIR/kunqu/), beside it in the build folder.
  const std::string folder = own_folder();
  std::string path = folder + "kunqu/" + file;
  if (::access(path.c_str(), F_OK) != 0) path = folder + file;
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) throw Error(ErrorKind::kInternal, fmt::format(fmt::runtime(cannot_load), path, dlerror()));
  using Entry = const ModuleStamp* (*)();
  auto get = reinterpret_cast<Entry>(dlsym(lib, entry));
  const ModuleStamp* table = get ? get() : nullptr;
  if (!table || table->version != version || std::string_view(table->release) != KUNQU_VERSION)
    throw Error(ErrorKind::kInternal, trf("{} is from another build of kunqu than this one; reinstall kunqu", path));
  return *table;
}

}  // namespace kunqu::io
