// libFuzzer target: the .xlsx reader on any bytes (libzip and expat, the sheet streamed), through
// the import reader as an org import meets them. Refusals are kunqu::Error; anything else (a
// crash, a sanitizer report, an uncaught exception, a hang in a zip or XML bomb) is a finding.
// The .xls reader is left out: libfreexl 1.0.6 itself reads before a stack buffer (in its call to
// iconv) on a damaged BIFF file, which this target found at once and kunqu cannot fix from here.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "io/records.h"
#include "org/org.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    std::istringstream in(bytes);
    kunqu::io::ReadOptions options;
    options.format = kunqu::io::InputFormat::kXlsx;
    options.resolve = kunqu::org::resolve_header;
    kunqu::io::RecordReader reader(in, "fuzz.xlsx", options);
    kunqu::io::RawRecord record;
    std::vector<kunqu::Diagnostic> diagnostics;
    for (int guard = 0; guard < 100000 && reader.next(record, diagnostics); ++guard) {
    }
  } catch (const kunqu::Error&) {
  }
  return 0;
}
