// Workbooks out (--format xlsx, -o FILE.xlsx): the sheet names people read, and the settings
// every workbook of a command is made with; the cells themselves are io::SheetWriter's.
#include "xlsx.h"

#include <algorithm>
#include <iterator>

#include "i18n/messages.h"

namespace kunqu::cli {

namespace {

// The record names of kunqu's tables, as sheet names people read (sheet_name_for); a table
// named otherwise is “数据”.
// clang-format off
const char* const kSheetNames[] = {
    NC_("sheet", "data"), NC_("sheet", "org"), NC_("sheet", "filing"), NC_("sheet", "filed_group"),
    NC_("sheet", "review"), NC_("sheet", "filing_review"), NC_("sheet", "incubation_review"),
    NC_("sheet", "hub_link"), NC_("sheet", "event"), NC_("sheet", "stat"), NC_("sheet", "count"),
    NC_("sheet", "credit_event"), NC_("sheet", "annual_check"), NC_("sheet", "grade"),
    NC_("sheet", "standing"), NC_("sheet", "due"), NC_("sheet", "incubation"), NC_("sheet", "extension"),
    NC_("sheet", "site"), NC_("sheet", "contract"), NC_("sheet", "allocation"), NC_("sheet", "payment"),
    NC_("sheet", "delivery"), NC_("sheet", "acceptance"), NC_("sheet", "assessment"), NC_("sheet", "survey"),
    NC_("sheet", "amendment"), NC_("sheet", "budget"), NC_("sheet", "delivered"), NC_("sheet", "catalog"),
    NC_("sheet", "demand"), NC_("sheet", "figure"), NC_("sheet", "setting"), NC_("sheet", "info"),
    NC_("sheet", "audit"), NC_("sheet", "finding"), NC_("sheet", "seal"), NC_("sheet", "rule")};
// clang-format on

}  // namespace

WorkbookSettings& workbook_settings() {
  static WorkbookSettings settings;
  return settings;
}

std::string sheet_name_for(const std::string& record_name, bool zh) {
  const std::string name = record_name.empty() ? "data" : record_name;
  if (!zh) return name;
  const bool known =
      std::any_of(std::begin(kSheetNames), std::end(kSheetNames), [&](const char* n) { return name == n; });
  i18n::InChinese chinese;
  return i18n::label("sheet", known ? name : "data");
}

std::unique_ptr<io::SheetWriter> new_workbook(std::ostream& out) {
  const WorkbookSettings& settings = workbook_settings();
  return io::new_xlsx_writer(out, io::XlsxSettings{settings.temp_dir, settings.created});
}

}  // namespace kunqu::cli
