// Workbooks through the module lib/workbook/ builds (see io/sheet.h for why it is loaded, not
// linked; io/loaded.h for where it is found).
#include "io/sheet.h"

#include <string>

#include "error.h"
#include "i18n/messages.h"
#include "io/module.h"

namespace kunqu::io {

namespace {

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

const WorkbookModule& module() {
  static const WorkbookModule& loaded = module_table<WorkbookModule>(
      "kunqu-workbook.so", "kunqu_workbook_module",
      tr("cannot load {}, which reads and writes workbooks: {}; reinstall kunqu"));
  return loaded;
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
