// Shared libraries loaded on first use; see io/loaded.h.
#include "io/loaded.h"

#include <dlfcn.h>

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

}  // namespace kunqu::io
