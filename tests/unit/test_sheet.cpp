// Tests for io/sheet: what workbook_kind names, cells of every kind from .xlsx (numbers as the
// General format shows them, dates in both date systems, shared, rich and inline strings,
// references with gaps or none), merged ranges filled down, damaged and hostile workbooks
// refused, and .xls through libfreexl. The workbooks come from tests/fixtures/sheets/make.py.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "io/sheet.h"

using namespace kunqu::io;
using kunqu::Error;
using kunqu::ErrorKind;
namespace fs = std::filesystem;

namespace {

using Kind = SheetCell::Kind;

fs::path fixture(const std::string& name) {
  return fs::path(KUNQU_CONFORMANCE_DIR).parent_path() / "fixtures" / "sheets" / name;
}

std::string bytes_of(const std::string& name) {
  std::ifstream in(fixture(name), std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<SheetRow> read_all(SheetReader& reader) {
  std::vector<SheetRow> rows;
  SheetRow row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

// The workbook's bytes stay alive with the reader, as open_xlsx requires.
struct Xlsx {
  std::string bytes;
  std::unique_ptr<SheetReader> reader;
  explicit Xlsx(const std::string& name, const std::string& sheet = "")
      : bytes(bytes_of(name)), reader(open_xlsx(bytes, name, sheet)) {}
  std::vector<SheetRow> rows() { return read_all(*reader); }
};

const SheetCell* cell_at(const SheetRow& row, int column) {
  for (const auto& c : row.cells)
    if (c.column == column) return &c;
  return nullptr;
}

void check_cell(const SheetRow& row, int column, Kind kind, const std::string& text) {
  const SheetCell* c = cell_at(row, column);
  REQUIRE_MESSAGE(c != nullptr, "row " << row.row << " column " << column);
  CHECK_MESSAGE(c->text == text, "row " << row.row << " column " << column);
  CHECK_MESSAGE(c->kind == kind, "row " << row.row << " column " << column << ": " << c->text);
}

std::vector<int> columns(const SheetRow& row) {
  std::vector<int> out;
  for (const auto& c : row.cells) out.push_back(c.column);
  return out;
}

// The one diagnostic of the kInvalidData error that opening and reading `name` throws.
kunqu::Diagnostic xlsx_error(const std::string& name, const std::string& sheet = "") {
  const std::string bytes = bytes_of(name);
  try {
    auto reader = open_xlsx(bytes, name, sheet);
    read_all(*reader);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInvalidData);
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].file == name);
    return e.diagnostics()[0];
  }
  FAIL("no error from " << name);
  return {};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("workbook_kind names what the bytes are") {
  CHECK(workbook_kind(bytes_of("basic.xlsx")) == WorkbookKind::kXlsx);
  CHECK(workbook_kind(bytes_of("prefixed.xlsx")) == WorkbookKind::kXlsx);
  CHECK(workbook_kind(bytes_of("book.xls")) == WorkbookKind::kXls);
  CHECK(workbook_kind(bytes_of("binary.xlsb")) == WorkbookKind::kXlsb);
  CHECK(workbook_kind(bytes_of("sheet.ods")) == WorkbookKind::kOds);
  CHECK(workbook_kind(bytes_of("encrypted.xlsx")) == WorkbookKind::kEncrypted);
  CHECK(workbook_kind(bytes_of("other.zip")) == WorkbookKind::kOther);
  CHECK(workbook_kind(bytes_of("truncated.xlsx")) == WorkbookKind::kOther);
  CHECK(workbook_kind("名称,数量\n林荫路社区协会,5000\n") == WorkbookKind::kOther);
  CHECK(workbook_kind("") == WorkbookKind::kOther);
  CHECK(workbook_kind("PK") == WorkbookKind::kOther);
}

TEST_CASE("xlsx: numbers, booleans, errors and dates of a plain sheet") {
  Xlsx x("basic.xlsx");
  CHECK(x.reader->sheet_name() == "名单");
  CHECK(x.reader->sheet_names() == std::vector<std::string>{"名单", "合并", "第二"});
  auto rows = x.rows();
  REQUIRE(rows.size() == 4);  // row 3 is empty

  CHECK(rows[0].row == 1);
  CHECK(rows[0].cells.size() == 11);
  check_cell(rows[0], 1, Kind::kText, "名称");

  const SheetRow& r = rows[1];
  CHECK(r.row == 2);
  check_cell(r, 1, Kind::kText, "林荫路社区协会");
  check_cell(r, 2, Kind::kNumber, "5000");
  CHECK(cell_at(r, 2)->number == 5000);
  check_cell(r, 3, Kind::kNumber, "12.5");
  check_cell(r, 4, Kind::kNumber, "0.3");
  check_cell(r, 5, Kind::kNumber, "9.132E+17");
  check_cell(r, 6, Kind::kDate, "2013-02-14");
  CHECK(cell_at(r, 6)->number == 41319);
  check_cell(r, 7, Kind::kDate, "2013-02-14 10:20:30");
  check_cell(r, 8, Kind::kDate, "2015-06-30");  // yyyy"年"m"月"d"日"
  check_cell(r, 9, Kind::kNumber, "1234.5");    // 0.00 is no date
  check_cell(r, 10, Kind::kBool, "true");
  check_cell(r, 11, Kind::kError, "#N/A");

  // Gaps keep their columns: A and H.
  CHECK(rows[2].row == 4);
  CHECK(columns(rows[2]) == std::vector<int>{1, 8});
  check_cell(rows[2], 8, Kind::kText, "h");

  CHECK(rows[3].row == 5);
  check_cell(rows[3], 2, Kind::kBool, "false");
  check_cell(rows[3], 3, Kind::kError, "#VALUE!");
  check_cell(rows[3], 4, Kind::kNumber, "-7.25");
}

TEST_CASE("xlsx: number formats that are dates, times, durations or none") {
  Xlsx x("formats.xlsx");
  auto rows = x.rows();
  REQUIRE(rows.size() == 16);
  auto cell = [&](int row) { return rows[static_cast<std::size_t>(row - 1)].cells.at(0); };
  auto check = [&](int row, Kind kind, const std::string& text) {
    CHECK_MESSAGE(cell(row).text == text, "row " << row);
    CHECK_MESSAGE(cell(row).kind == kind, "row " << row);
  };
  check(1, Kind::kDate, "1900-01-01");
  check(2, Kind::kDate, "1900-02-28");
  check(3, Kind::kError, "#DATE?");  // Excel's 1900-02-29, a day that never was
  check(4, Kind::kDate, "1900-03-01");
  check(5, Kind::kDate, "12:00:00");  // below one day: a time of day
  check(6, Kind::kError, "#DATE?");
  check(7, Kind::kDate, "18:00:00");  // h:mm
  check(8, Kind::kDate, "36:00:00");  // [h]:mm:ss, a duration
  check(9, Kind::kDate, "2015-06-15");  // [$-804]yyyy/m/d
  check(10, Kind::kNumber, "42170");    // [Red]0.00
  check(11, Kind::kNumber, "42170");    // #,##0
  check(12, Kind::kDate, "2015-06-15");  // built-in 14
  check(13, Kind::kDate, "2015-06-15 06:00:00");
  check(14, Kind::kDate, "00:00:00");  // rounded to the second
  check(15, Kind::kDate, "2015-06-15 00:00:00");  // mm:ss: minutes, a time
  check(16, Kind::kNumber, "42170");              // 0.00 "m": the m is quoted
  CHECK(cell(13).number == doctest::Approx(42170.25));
}

TEST_CASE("xlsx: the 1904 date system") {
  Xlsx x("date1904.xlsx");
  auto rows = x.rows();
  REQUIRE(rows.size() == 1);
  check_cell(rows[0], 1, Kind::kDate, "2013-02-14");
  CHECK(cell_at(rows[0], 1)->number == 39857);  // 41319 in the 1900 system, less 1,462 days
  check_cell(rows[0], 2, Kind::kDate, "2013-02-14 10:20:30");
}

TEST_CASE("xlsx: shared, rich and inline strings, prefixed elements, references missing") {
  Xlsx x("prefixed.xlsx");
  CHECK(x.reader->sheet_names() == std::vector<std::string>{"Data"});
  auto rows = x.rows();
  REQUIRE(rows.size() == 5);  // row 5 holds only empty strings

  CHECK(rows[0].row == 2);
  check_cell(rows[0], 1, Kind::kText, " 林荫路 ");       // spaces kept
  check_cell(rows[0], 3, Kind::kText, "包头市 昆都仑区");  // runs joined, the phonetic run left out

  // A row without r follows row 2; cells without r follow the cell before.
  CHECK(rows[1].row == 3);
  CHECK(columns(rows[1]) == std::vector<int>{1, 2, 5, 6});
  check_cell(rows[1], 1, Kind::kText, "inline");
  check_cell(rows[1], 2, Kind::kNumber, "42");
  check_cell(rows[1], 5, Kind::kText, "formula text");
  check_cell(rows[1], 6, Kind::kDate, "2013-02-14 10:20:30");

  CHECK(rows[2].row == 6);
  check_cell(rows[2], 2, Kind::kText, "line\r\ntwo _x0041_");  // _xHHHH_ escapes decoded
  check_cell(rows[2], 3, Kind::kText, "rich inline");
  check_cell(rows[2], 4, Kind::kDate, "2015-06-30");

  const SheetRow& n = rows[3];
  check_cell(n, 1, Kind::kNumber, "0.3");  // 0.30000000000000004
  check_cell(n, 2, Kind::kNumber, "123456789012345");
  check_cell(n, 3, Kind::kNumber, "1.23456789012346E+15");
  check_cell(n, 4, Kind::kNumber, "0.000012345");
  check_cell(n, 5, Kind::kNumber, "1E-07");
  check_cell(n, 6, Kind::kNumber, "0");
  check_cell(n, 7, Kind::kNumber, "5000");

  // <x:mergeCells>: A7:A8 fills A8 with the number above.
  CHECK(rows[4].row == 8);
  check_cell(rows[4], 1, Kind::kNumber, "0.3");
  check_cell(rows[4], 2, Kind::kText, "below");
}

TEST_CASE("xlsx: a vertical merge fills its first column down; a horizontal one nothing") {
  Xlsx x("basic.xlsx", "合并");
  CHECK(x.reader->sheet_name() == "合并");
  auto rows = x.rows();
  std::vector<int> numbers;
  for (const auto& r : rows) numbers.push_back(r.row);
  CHECK(numbers == std::vector<int>{1, 2, 3, 4, 5, 6, 8});  // row 7 holds nothing of its own
  REQUIRE(rows.size() == 7);
  CHECK(columns(rows[0]) == std::vector<int>{1, 2, 3});
  for (std::size_t i : {1, 2, 3}) check_cell(rows[i], 1, Kind::kText, "林荫路街道");
  check_cell(rows[2], 2, Kind::kText, "乙");
  check_cell(rows[4], 1, Kind::kText, "前进道街道");
  check_cell(rows[6], 1, Kind::kText, "富强路街道");
  check_cell(rows[6], 2, Kind::kText, "己");
}

TEST_CASE("xlsx: merged ranges found when a comment quotes <mergeCells> before the cells") {
  Xlsx x("merge-comment.xlsx");
  auto rows = x.rows();
  REQUIRE(rows.size() == 2);
  check_cell(rows[1], 1, Kind::kText, "街道");
  check_cell(rows[1], 2, Kind::kText, "乙");
}

TEST_CASE("xlsx: a sheet by name, and a name no sheet has") {
  Xlsx x("basic.xlsx", "第二");
  auto rows = x.rows();
  REQUIRE(rows.size() == 1);
  check_cell(rows[0], 1, Kind::kText, "second");

  auto d = xlsx_error("basic.xlsx", "名册");
  CHECK(has(d.message, "'名册'"));
  CHECK(has(d.message, "'名单', '合并', '第二'"));
}

TEST_CASE("xlsx: rows are queued a bounded amount at a time") {
  Xlsx x("queued.xlsx");
  auto rows = x.rows();
  REQUIRE(rows.size() == 200);
  for (int i = 0; i < 200; ++i) {
    CHECK(rows[static_cast<std::size_t>(i)].row == i + 1);
    CHECK(rows[static_cast<std::size_t>(i)].cells.at(0).text.size() == 100000);
    CHECK(rows[static_cast<std::size_t>(i)].cells.at(1).text == std::to_string(i + 1));
  }
}

TEST_CASE("xlsx: damaged, hostile and foreign workbooks are refused") {
  auto dtd = xlsx_error("dtd.xlsx");
  CHECK(has(dtd.message, "DOCTYPE"));

  auto truncated = xlsx_error("truncated.xlsx");
  CHECK(has(truncated.message, "zip"));
  CHECK(!truncated.hint.empty());

  auto damaged = xlsx_error("damaged.xlsx");
  CHECK(has(damaged.message, "damaged"));

  CHECK(has(xlsx_error("binary.xlsb").message, ".xlsb"));
  CHECK(has(xlsx_error("binary.xlsb").hint, ".xlsx"));
  CHECK(has(xlsx_error("sheet.ods").message, ".ods"));
  CHECK(has(xlsx_error("encrypted.xlsx").message, "password"));
  CHECK(has(xlsx_error("book.xls").message, ".xls"));
  CHECK(has(xlsx_error("other.zip").message, "not an Excel workbook"));

  const std::string csv = "名称,数量\n";
  CHECK_THROWS_AS(open_xlsx(csv, "orgs.xlsx", ""), Error);
}

TEST_CASE("xls: text, numbers and dates of two sheets") {
  auto reader = open_xls(fixture("book.xls").string(), "book.xls", "");
  CHECK(reader->sheet_name() == "名单");
  CHECK(reader->sheet_names() == std::vector<std::string>{"名单", "Second"});
  auto rows = read_all(*reader);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].cells.size() == 7);
  check_cell(rows[0], 1, Kind::kText, "名称");

  const SheetRow& r = rows[1];
  check_cell(r, 1, Kind::kText, "林荫路社区协会");
  check_cell(r, 2, Kind::kNumber, "5000");
  check_cell(r, 3, Kind::kNumber, "12.5");
  check_cell(r, 4, Kind::kNumber, "9.132E+17");
  check_cell(r, 5, Kind::kDate, "2013-02-14");
  CHECK(cell_at(r, 5)->number == 41319);
  check_cell(r, 6, Kind::kDate, "2013-02-14 10:20:30");
  CHECK(cell_at(r, 6)->number == doctest::Approx(41319.43090277778));
  check_cell(r, 7, Kind::kDate, "10:20:30");

  CHECK(rows[2].row == 4);
  CHECK(columns(rows[2]) == std::vector<int>{1, 4});  // the empty string is no cell
  check_cell(rows[2], 4, Kind::kNumber, "0.3");

  auto second = open_xls(fixture("book.xls").string(), "book.xls", "Second");
  auto rows2 = read_all(*second);
  REQUIRE(rows2.size() == 1);
  check_cell(rows2[0], 1, Kind::kText, "x");
  check_cell(rows2[0], 2, Kind::kNumber, "-3");
  check_cell(rows2[0], 3, Kind::kError, "#DATE?");  // Excel's 1900-02-29
}

TEST_CASE("xls: refusals") {
  try {
    open_xls(fixture("book.xls").string(), "book.xls", "名册");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInvalidData);
    CHECK(has(e.what(), "'名单', 'Second'"));
  }
  try {
    open_xls(fixture("basic.xlsx").string(), "basic.xlsx", "");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInvalidData);
    CHECK(has(e.what(), ".xlsx"));
  }
  try {
    open_xls(fixture("encrypted.xlsx").string(), "encrypted.xlsx", "");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(has(e.what(), "password"));
  }
  try {
    open_xls(fixture("missing.xls").string(), "missing.xls", "");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kIo);
  }
}
