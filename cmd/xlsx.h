// Excel workbooks out (--format xlsx, -o FILE.xlsx): io::SheetWriter (io/sheet.h) with the
// settings of the command being run.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "io/sheet.h"

namespace kunqu::cli {

// What every workbook of a command is made with. Set by cli::run for each command.
struct WorkbookSettings {
  std::string temp_dir = "/tmp";  // where it is made before its bytes are written out: $TMPDIR
  // Its creation time, UTC "YYYY-MM-DDTHH:MM:SSZ" ($KUNQU_NOW), stamped in it and on the parts
  // of its zip, so that the same registry and clock give the same bytes; empty: now.
  std::string created;
};
WorkbookSettings& workbook_settings();

// The name of a sheet holding records named `record_name` (a table's record_name: "org",
// "credit_event"): the record name itself, or with `zh` its Chinese word (“社会组织”), “数据”
// where there is none.
std::string sheet_name_for(const std::string& record_name, bool zh);

// A workbook (io::SheetWriter) made with workbook_settings(), its bytes going to `out`. Throws
// kunqu::Error(kIo) when its temporary folder cannot be made.
std::unique_ptr<io::SheetWriter> new_workbook(std::ostream& out);

}  // namespace kunqu::cli
