// libFuzzer target: the workbook readers on any bytes, through the import reader as an org
// import meets them — the first byte picks .xlsx (libzip and expat, the sheet streamed) or .xls
// (libfreexl). Refusals are kunqu::Error; anything else (a crash, a sanitizer report, an uncaught
// exception, a hang in a zip or XML bomb) is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "io/records.h"
#include "org/org.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool xls = data[0] & 1;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    std::istringstream in(bytes);
    kunqu::io::ReadOptions options;
    options.format = xls ? kunqu::io::InputFormat::kXls : kunqu::io::InputFormat::kXlsx;
    options.resolve = kunqu::org::resolve_header;
    kunqu::io::RecordReader reader(in, xls ? "fuzz.xls" : "fuzz.xlsx", options);
    kunqu::io::RawRecord record;
    std::vector<kunqu::Diagnostic> diagnostics;
    for (int guard = 0; guard < 100000 && reader.next(record, diagnostics); ++guard) {
    }
  } catch (const kunqu::Error&) {
  }
  return 0;
}
