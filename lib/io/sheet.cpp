// Workbooks through the module lib/workbook/ builds (see io/sheet.h for why it is loaded, not
// linked): found in the folder libkunqu was loaded from, in its kunqu/ folder when installed
// (LIBDIR/kunqu/kunqu-workbook.so), beside it in the build folder.
#include "io/sheet.h"

#include <dlfcn.h>
#include <unistd.h>

#include <string>

#include "error.h"
#include "i18n/messages.h"

namespace kunqu::io {

namespace {

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// The folder the library holding this function was loaded from, with its final '/'.
std::string own_folder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_folder), &info) == 0 || !info.dli_fname) return "";
  const std::string path = info.dli_fname;
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

const WorkbookModule& module() {
  static const WorkbookModule* loaded = [] {
    const std::string folder = own_folder();
    std::string path = folder + "kunqu/kunqu-workbook.so";
    if (::access(path.c_str(), F_OK) != 0) path = folder + "kunqu-workbook.so";
    void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      throw Error(ErrorKind::kInternal,
                  trf("cannot load {}, which reads and writes workbooks: {}; reinstall kunqu", path, dlerror()));
    using Entry = const WorkbookModule* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(lib, "kunqu_workbook_module"));
    const WorkbookModule* m = entry ? entry() : nullptr;
    if (!m || m->version != WorkbookModule::kVersion || std::string_view(m->release) != KUNQU_VERSION)
      throw Error(ErrorKind::kInternal,
                  trf("{} is from another build of kunqu than this one; reinstall kunqu", path));
    return m;
  }();
  return *loaded;
}

}  // namespace

WorkbookKind workbook_kind(std::string_view bytes) {
  // Neither a zip nor an OLE2 file: no workbook, and no need to load the module to say so.
  if (bytes.substr(0, kZipMagic.size()) != kZipMagic && bytes.substr(0, kOleMagic.size()) != kOleMagic)
    return WorkbookKind::kOther;
  return module().workbook_kind(bytes);
}

std::unique_ptr<SheetReader> open_xlsx(const std::string& bytes, const std::string& file_name,
                                       const std::string& sheet) {
  return module().open_xlsx(bytes, file_name, sheet);
}

std::unique_ptr<SheetReader> open_xls(const std::string& path, const std::string& file_name,
                                      const std::string& sheet) {
  return module().open_xls(path, file_name, sheet);
}

std::unique_ptr<SheetWriter> new_xlsx_writer(std::ostream& out, const XlsxSettings& settings) {
  return module().new_xlsx_writer(out, settings);
}

}  // namespace kunqu::io
