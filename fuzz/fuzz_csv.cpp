// libFuzzer target: the CSV reader on any bytes — first the raw RFC 4180 reader with a buffer
// size the input picks (so records straddle refills), then the import reader, which detects
// UTF-8 or GB18030 and maps the header to org fields. Refusals are kunqu::Error; anything
// else (a crash, a sanitizer report, an uncaught exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "io/csv.h"
#include "io/records.h"
#include "org/org.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t buffer = 4 + data[0] % 61;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  {
    std::istringstream in(bytes);
    kunqu::io::CsvReader reader(in, "fuzz.csv", buffer);
    std::vector<kunqu::io::CsvField> record;
    for (int guard = 0; guard < 100000; ++guard) {
      try {
        if (!reader.next(record)) break;
      } catch (const kunqu::Error&) {
        reader.skip_to_next_line();
      }
    }
  }
  try {
    std::istringstream in(bytes);
    kunqu::io::ReadOptions options;
    options.resolve = kunqu::org::resolve_header;
    kunqu::io::RecordReader reader(in, "fuzz.csv", options);
    kunqu::io::RawRecord record;
    std::vector<kunqu::Diagnostic> diagnostics;
    for (int guard = 0; guard < 100000 && reader.next(record, diagnostics); ++guard) {
    }
  } catch (const kunqu::Error&) {
  }
  return 0;
}
