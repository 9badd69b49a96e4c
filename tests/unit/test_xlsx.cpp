// Tests for cmd/xlsx: each column type's cells as kunqu's own reader (io/sheet) finds them —
// money exact or text past 15 digits, dates as date cells or text before 1900-03-01, text never
// a number or a formula —, sheet names made fit, and nothing left in the temporary folder.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>

#include "error.h"
#include "io/sheet.h"
#include "xlsx.h"

namespace fs = std::filesystem;
using kunqu::io::Column;
using kunqu::io::ColumnType;
using kunqu::io::SheetCell;
using kunqu::io::SheetRow;

namespace {

// A folder of its own as the workbooks' temporary folder while the test runs.
struct TempDir {
  fs::path dir;
  kunqu::cli::WorkbookSettings before;
  TempDir() : before(kunqu::cli::workbook_settings()) {
    char tmpl[] = "/tmp/kunqu-xlsx-test-XXXXXX";
    dir = mkdtemp(tmpl);
    kunqu::cli::workbook_settings() = {dir.string(), "2015-06-30T08:00:00Z"};
  }
  ~TempDir() {
    kunqu::cli::workbook_settings() = before;
    fs::remove_all(dir);
  }
};

std::vector<SheetRow> rows_of(const std::string& bytes, const std::string& sheet = "") {
  auto reader = kunqu::io::open_xlsx(bytes, "test.xlsx", sheet);
  std::vector<SheetRow> rows;
  SheetRow row;
  while (reader->next(row)) rows.push_back(row);
  return rows;
}

}  // namespace

TEST_CASE("xlsx out: every column type's cells, exactly") {
  TempDir tmp;
  const std::vector<Column> columns = {{"code"},
                                       {"count", ColumnType::kInteger},
                                       {"amount", ColumnType::kMoney},
                                       {"on", ColumnType::kDate},
                                       {"flag", ColumnType::kBool}};
  std::ostringstream out;
  {
    auto book = kunqu::cli::new_workbook(out);
    book->sheet("data", columns, {"code", "count", "amount", "on", "flag"});
    book->row({"52150203MJ04169538", "42", "1234.50", "2015-06-30", "true"});
    book->row({"0472", "-7", "0.05", "1900-03-01", "false"});
    // Past 15 digits a spreadsheet would round: text. Before 1900-03-01: text.
    book->row({"=1+1", "1234567890123456", "12345678901234.56", "1899-12-31", std::nullopt});
    book->row({std::nullopt, std::nullopt, "-9999999999999.99", "1900-02-28", ""});
    book->finish();
  }
  CHECK(fs::is_empty(tmp.dir));
  const auto rows = rows_of(out.str());
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].cells.size() == 5);
  auto cell = [&](std::size_t r, int column) {
    for (const auto& c : rows[r].cells)
      if (c.column == column) return c;
    return SheetCell{column, SheetCell::Kind::kError, "(empty)", 0};
  };
  CHECK(cell(1, 1).kind == SheetCell::Kind::kText);
  CHECK(cell(1, 1).text == "52150203MJ04169538");
  CHECK(cell(1, 2).kind == SheetCell::Kind::kNumber);
  CHECK(cell(1, 2).text == "42");
  CHECK(cell(1, 3).kind == SheetCell::Kind::kNumber);
  CHECK(cell(1, 3).text == "1234.5");
  CHECK(cell(1, 4).kind == SheetCell::Kind::kDate);
  CHECK(cell(1, 4).text == "2015-06-30");
  CHECK(cell(1, 5).kind == SheetCell::Kind::kText);
  CHECK(cell(1, 5).text == "true");

  CHECK(cell(2, 1).text == "0472");
  CHECK(cell(2, 1).kind == SheetCell::Kind::kText);
  CHECK(cell(2, 2).text == "-7");
  CHECK(cell(2, 3).text == "0.05");
  CHECK(cell(2, 4).kind == SheetCell::Kind::kDate);
  CHECK(cell(2, 4).text == "1900-03-01");

  CHECK(cell(3, 1).kind == SheetCell::Kind::kText);  // never a formula
  CHECK(cell(3, 1).text == "=1+1");
  CHECK(cell(3, 2).kind == SheetCell::Kind::kText);
  CHECK(cell(3, 2).text == "1234567890123456");
  CHECK(cell(3, 3).kind == SheetCell::Kind::kText);
  CHECK(cell(3, 3).text == "12345678901234.56");
  CHECK(cell(3, 4).kind == SheetCell::Kind::kText);
  CHECK(cell(3, 4).text == "1899-12-31");
  CHECK(cell(3, 5).text == "(empty)");

  CHECK(rows[4].cells.size() == 2);  // absent and empty values are empty cells
  CHECK(cell(4, 3).kind == SheetCell::Kind::kNumber);
  CHECK(cell(4, 3).text == "-9999999999999.99");  // 15 digits: a number, every digit kept
  CHECK(cell(4, 4).text == "1900-02-28");
  CHECK(cell(4, 4).kind == SheetCell::Kind::kText);
}

TEST_CASE("xlsx out: sheet names made fit, one sheet after another, the same bytes for the same clock") {
  TempDir tmp;
  auto write = [] {
    std::ostringstream out;
    auto book = kunqu::cli::new_workbook(out);
    book->sheet("a/b:c[d]", {{"x"}}, {"x"});
    book->row({"1"});
    book->sheet("A/B:C[D]", {{"y", ColumnType::kInteger}}, {"y"});
    for (int i = 0; i < 500; ++i) book->row({std::to_string(i)});  // past the rows held to measure
    book->sheet("'一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三'", {{"z"}}, {"z"});
    book->finish();
    return out.str();
  };
  const std::string bytes = write();
  auto reader = kunqu::io::open_xlsx(bytes, "test.xlsx", "");
  CHECK(reader->sheet_names() ==
        std::vector<std::string>{"a_b_c_d_", "A_B_C_D_ (2)",
                                 "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"});
  const auto second = rows_of(bytes, "A_B_C_D_ (2)");
  REQUIRE(second.size() == 501);
  CHECK(second[500].cells[0].text == "499");
  CHECK(rows_of(bytes, reader->sheet_names()[2]).size() == 1);  // the header alone
  CHECK(write() == bytes);
  CHECK(fs::is_empty(tmp.dir));
}

TEST_CASE("xlsx out: a cell longer than a spreadsheet holds is refused, and nothing is left behind") {
  TempDir tmp;
  std::ostringstream out;
  try {
    auto book = kunqu::cli::new_workbook(out);
    book->sheet("data", {{"notes"}}, {"备注"});
    book->row({std::string(32768, 'x')});
    book->finish();
    FAIL("no error");
  } catch (const kunqu::Error& e) {
    CHECK(e.kind() == kunqu::ErrorKind::kInvalidData);
    CHECK(std::string(e.what()).find("32768 characters") != std::string::npos);
  }
  CHECK(out.str().empty());
  CHECK(fs::is_empty(tmp.dir));
}
