// io::RecordReader on tables as offices make them: a title above the header, notes after the
// headers, the sheet's own row numbers, columns to leave out; and a workbook's cells read into
// the same records, with problems named as a spreadsheet names cells.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/records.h"
#include "io/text.h"

using namespace kunqu;
using namespace kunqu::io;

namespace {

const std::vector<std::string> kColumns = {"name", "founded", "key", "code"};

std::optional<std::size_t> resolve(std::string_view h) {
  static const std::vector<std::pair<std::string, std::size_t>> names = {
      {"name", 0}, {"名称", 0}, {"founded", 1}, {"成立日期", 1}, {"key", 2}, {"组织编号", 2}, {"编号", 2},
      {"code", 3}, {"统一社会信用代码", 3}};
  for (const auto& [n, i] : names)
    if (n == h) return i;
  return std::nullopt;
}

struct Read {
  std::vector<RawRecord> records;
  std::vector<Diagnostic> problems;
  std::string value(std::size_t row, std::size_t field) const {
    const RawField* f = records.at(row).find(field);
    return f ? f->value : "<none>";
  }
  std::string problem_text() const {
    std::string out;
    for (const auto& d : problems) out += d.to_string() + "\n";
    return out;
  }
};

Read read(const std::string& text, ReadOptions options = {}, const std::string& name = "t.csv") {
  std::istringstream in(text);
  options.resolve = resolve;
  RecordReader reader(in, name, options);
  Read r;
  RawRecord rec;
  while (reader.next(rec, r.problems)) r.records.push_back(rec);
  return r;
}

std::string fixture(const char* name) {
  return (std::filesystem::path(KUNQU_CONFORMANCE_DIR).parent_path() / "fixtures" / "sheets" / name).string();
}

}  // namespace

TEST_CASE("headers are read without the notes sheets add to them") {
  CHECK(header_without_notes("统一社会信用代码（18位）") == "统一社会信用代码");
  CHECK(header_without_notes("开办资金(元)") == "开办资金");
  CHECK(header_without_notes("*名称（必填）【文本】") == "名称");
  CHECK(header_without_notes("成立日期\n（年/月/日）") == "成立日期");
  CHECK(header_without_notes("名称*") == "名称");
  CHECK(header_without_notes("(元)") == "(元)");  // nothing but a note: kept as it is

  auto r = read("名称（必填）,成立日期(YYYY-MM-DD),统一社会信用代码（18位）\n心愿公益协会,2013/9/26,52150203MJ0633173U\n");
  CHECK(r.problems.empty());
  REQUIRE(r.records.size() == 1);
  CHECK(r.value(0, 0) == "心愿公益协会");
  CHECK(r.value(0, 1) == "2013/9/26");  // the checker reads the date
  CHECK(r.value(0, 3) == "52150203MJ0633173U");
}

TEST_CASE("a sheet's own row numbers are left out, known by their name and their values") {
  CHECK(row_number_header("序号"));
  CHECK(row_number_header("No."));
  CHECK(row_number_header("NO"));
  CHECK(row_number_header("编号"));
  CHECK_FALSE(row_number_header("名称"));

  // 序号 names no column of the file: its whole numbers are the sheet's row numbers.
  auto r = read("序号,名称\n1,甲\n2,乙\n4,丙\n");
  CHECK(r.problem_text() == "");
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].fields.size() == 1);
  CHECK(r.value(2, 0) == "丙");

  // 编号 is also a header of kunqu's (the org's key): read as the key unless its first value is 1.
  auto keys = read("编号,名称\nK0000042,甲\n");
  CHECK(keys.problems.empty());
  CHECK(keys.value(0, 2) == "K0000042");
  auto numbers = read("编号,名称\n1,甲\n2,乙\n");
  CHECK(numbers.problems.empty());
  CHECK(numbers.value(1, 2) == "<none>");

  // Not row numbers: an unknown column, said once, at its first value.
  auto text = read("序号,名称\n甲一,甲\n乙二,乙\n");
  REQUIRE(text.problems.size() == 1);
  CHECK(text.problems[0].to_string() == "t.csv:2:A 序号: unknown column '序号'");
  CHECK(text.problems[0].hint ==
        "a column named '序号' is taken for the sheet's row numbers when it holds whole numbers; this one holds '甲一'");

  // Row numbers, then something else.
  auto broken = read("序号,名称\n1,甲\n第二,乙\n");
  REQUIRE(broken.problems.size() == 1);
  CHECK(broken.problems[0].to_string() ==
        "t.csv:3:A 序号: holds '第二', not a row number: the column is read as the sheet's row numbers");
}

TEST_CASE("a header's unit of money and placeholders") {
  CHECK(money_unit_of_header("开办资金（万元）") == MoneyUnit::kWan);
  CHECK(money_unit_of_header("开办资金(元)") == MoneyUnit::kYuan);
  CHECK(money_unit_of_header("金额（元/万元）") == MoneyUnit::kAmbiguous);
  CHECK(money_unit_of_header("名称") == MoneyUnit::kNone);
  CHECK(bare_number("1,250.5"));
  CHECK(bare_number("１２"));
  CHECK_FALSE(bare_number("12万"));
  CHECK_FALSE(bare_number("-5"));
  CHECK_FALSE(bare_number(""));
  for (const char* p : {"暂无", "无", "-", "—", "/", "nan", "NaN", "N/A", "null", "－", "／"}) {
    CAPTURE(p);
    CHECK(is_placeholder(p));
  }
  CHECK_FALSE(is_placeholder("0"));
  CHECK_FALSE(is_placeholder("无锡"));

  // The reader gives a bare number of a column in 万 its unit; a cell's own unit stays.
  auto r = read("名称,code（万元）\n甲,12.5\n乙,3000元\n");
  CHECK(r.problems.empty());
  CHECK(r.value(0, 3) == "12.5万");
  CHECK(r.value(1, 3) == "3000元");
}

TEST_CASE("cells a CSV for Excel guarded read back as they were") {
  auto r = read("名称,code\n'=HYPERLINK(1),''abc\n'abc,-5.00\n");
  CHECK(r.problems.empty());
  CHECK(r.value(0, 0) == "=HYPERLINK(1)");
  CHECK(r.value(0, 3) == "'abc");
  CHECK(r.value(1, 0) == "'abc");
  CHECK(r.value(1, 3) == "-5.00");
}

TEST_CASE("a CSV cell's place is its row and column letter, and its line where the two differ") {
  auto r = read("名称,code\n\"甲\n乙\",1\n丙,\"第一行\n第二行\u0007\"\n");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].row == 3);
  CHECK(r.problems[0].line == 4);
  CHECK(r.problems[0].to_string() ==
        "t.csv:3:B code (line 4): holds the invisible or control character U+0007 (BEL)");
}

TEST_CASE("a title above the header is passed over") {
  auto r = read("昆都仑区社会组织名册,,\n名称,成立日期,统一社会信用代码\n甲,2013-02-14,\n");
  CHECK(r.problem_text() == "");
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].line == 3);
  CHECK(r.value(0, 1) == "2013-02-14");

  // One unknown header alone on its line is not a title: a CSV title is as wide as the table.
  auto alone = read("名字\n甲\n");
  REQUIRE(alone.problems.size() == 1);
  CHECK(alone.problems[0].to_string() == "t.csv:1:A 名字: unknown column '名字'");

  auto only = read("昆都仑区社会组织名册,,\n");
  REQUIRE(only.problems.size() == 1);
  CHECK(only.problems[0].message == "no header row follows the title");
}

TEST_CASE("columns to ignore are left out, by their header with or without its note") {
  ReadOptions o;
  o.ignore_columns = {"备注", "联系人（选填）"};
  auto r = read("名称,备注（内部）,联系人\n甲,见附件,张三\n", o);
  CHECK(r.problem_text() == "");
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].fields.size() == 1);

  ReadOptions missing;
  missing.ignore_columns = {"电话"};
  auto m = read("名称\n甲\n", missing);
  REQUIRE(m.problems.size() == 1);
  CHECK(m.problems[0].field == "ignore_column");
  CHECK(m.problems[0].message == "the file has no column '电话' to ignore");
}

TEST_CASE("a workbook's sheet is read into records, its problems named by sheet, row and column") {
  CHECK(input_format_for("名册.xlsx") == InputFormat::kXlsx);
  CHECK(input_format_for("NAMES.XLS") == InputFormat::kXls);

  // Diagnostics of a sheet read as a spreadsheet names the cell.
  Diagnostic d{"orgs.xlsx", 3, 8, "founded", "'2013/2/30' is not a date"};
  d.sheet = "名册";
  d.cell = 8;
  d.header = "成立日期";
  CHECK(d.to_string() == "orgs.xlsx:名册!3:H 成立日期: '2013/2/30' is not a date");
  d.cell = 0;
  CHECK(d.to_string() == "orgs.xlsx:名册!3: founded: '2013/2/30' is not a date");

  std::ifstream in(fixture("basic.xlsx"), std::ios::binary);
  REQUIRE(in);
  ReadOptions o;
  o.format = InputFormat::kXlsx;
  o.resolve = [](std::string_view) -> std::optional<std::size_t> { return std::nullopt; };
  RecordReader reader(in, "basic.xlsx", o);
  std::vector<Diagnostic> problems;
  RawRecord rec;
  reader.next(rec, problems);
  REQUIRE_FALSE(problems.empty());
  CHECK(problems[0].sheet == reader.sheet_name());
  CHECK(problems[0].to_string().rfind("basic.xlsx:" + reader.sheet_name() + "!", 0) == 0);
  CHECK(reader.encoding_name() == "");
  CHECK(reader.sha256().size() == 64);
}
