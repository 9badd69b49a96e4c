// The entry point libkunqu looks this module up by (lib/io/sheet.cpp).
#include "io/sheet.h"
#include "workbook/internal.h"

extern "C" __attribute__((visibility("default"))) const kunqu::io::ModuleStamp* kunqu_workbook_module() {
  static const kunqu::io::WorkbookModule module{
      {kunqu::io::WorkbookModule::kVersion, KUNQU_VERSION}, kunqu::workbook::workbook_kind,
      kunqu::workbook::open_xlsx,          kunqu::workbook::open_xls, kunqu::workbook::new_xlsx_writer};
  return &module.stamp;
}
