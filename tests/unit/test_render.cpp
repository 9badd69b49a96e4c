// Tests for tables fit to a terminal's width: free text shortened with "…" (CJK two columns
// wide), columns left out only when shortening is not enough, keys and numbers whole, one note
// saying how to see everything; nothing fit for another stream, without a width, or in CSV.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "i18n/messages.h"
#include "render.h"

using kunqu::cli::Format;
using kunqu::cli::render;
using kunqu::cli::Screen;
using kunqu::cli::screen;
namespace io = kunqu::io;

namespace {

io::Table orgs() {
  io::Table t;
  t.record_name = "org";
  t.columns = {{"key"}, {"name"}, {"address"}, {"members", io::ColumnType::kInteger}};
  t.rows.push_back({"K0000001", "昆都仑区心愿公益协会", "钢铁大街 41 号 3 单元 502 室", "12"});
  t.rows.push_back({"K0000002", "夕阳红舞蹈队", "林荫路 7 号", "140"});
  return t;
}

struct Fit {
  std::ostringstream out;
  std::vector<std::string> notes;
  explicit Fit(std::size_t width) {
    screen() = Screen{&out, width, [this](const std::string& n) { notes.push_back(n); }};
  }
  ~Fit() { screen() = Screen{}; }
};

}  // namespace

TEST_CASE("a table wider than the terminal shortens its widest free text first") {
  // At full width: 8 + 2 + 20 + 2 + 28 + 2 + 7 = 69 columns.
  {
    Fit fit(80);
    render(fit.out, Format::kTable, orgs());
    CHECK(fit.out.str() ==
          "key       name                  address                       members\n"
          "--------  --------------------  ----------------------------  -------\n"
          "K0000001  昆都仑区心愿公益协会  钢铁大街 41 号 3 单元 502 室       12\n"
          "K0000002  夕阳红舞蹈队          林荫路 7 号                       140\n");
    CHECK(fit.notes.empty());
  }
  // At 50: 19 columns less. Address, the widest, gives 8; then name and address by turns.
  Fit fit(50);
  render(fit.out, Format::kTable, orgs());
  CHECK(fit.out.str() ==
        "key       name            address          members\n"
        "--------  --------------  ---------------  -------\n"
        "K0000001  昆都仑区心愿…   钢铁大街 41 号…       12\n"
        "K0000002  夕阳红舞蹈队    林荫路 7 号          140\n");
  REQUIRE(fit.notes.size() == 1);
  CHECK(fit.notes[0] ==
        "the table is fit to 50 columns (shortened: name, address); --format csv, or a wider window, shows every "
        "column in full");
}

TEST_CASE("columns are left out, rightmost first, only when shortening is not enough") {
  Fit fit(30);
  render(fit.out, Format::kTable, orgs());
  // With name and address at 12 columns: 8 + 2 + 12 + 2 + 12 + 2 + 7 = 45 > 30: members goes,
  // then address; the name then gets the room there is, and needs no shortening.
  CHECK(fit.out.str() ==
        "key       name\n"
        "--------  --------------------\n"
        "K0000001  昆都仑区心愿公益协会\n"
        "K0000002  夕阳红舞蹈队\n");
  REQUIRE(fit.notes.size() == 1);
  CHECK(fit.notes[0] ==
        "the table is fit to 30 columns (left out: address, members); --format csv, or a wider window, shows every "
        "column in full");
}

TEST_CASE("the key and the name stay; keys are never shortened") {
  Fit fit(20);
  render(fit.out, Format::kTable, orgs());
  // The name, the first free text, is shortened (a CJK character is cut whole); the key is not.
  CHECK(fit.out.str() ==
        "key       name\n"
        "--------  ----------\n"
        "K0000001  昆都仑区…\n"
        "K0000002  夕阳红舞…\n");
  REQUIRE(fit.notes.size() == 1);
  CHECK(fit.notes[0].find("(shortened: name; left out: address, members)") != std::string::npos);
  Fit narrow(5);
  render(narrow.out, Format::kTable, orgs());
  CHECK(narrow.out.str() ==
        "key       name\n"
        "--------  --------\n"
        "K0000001  昆都仑…\n"
        "K0000002  夕阳红…\n");
}

TEST_CASE("nothing is fit without a width, on another stream, or in the machine formats") {
  const std::string full =
      "key       name                  address                       members\n"
      "--------  --------------------  ----------------------------  -------\n"
      "K0000001  昆都仑区心愿公益协会  钢铁大街 41 号 3 单元 502 室       12\n"
      "K0000002  夕阳红舞蹈队          林荫路 7 号                       140\n";
  {
    Fit fit(0);
    render(fit.out, Format::kTable, orgs());
    CHECK(fit.out.str() == full);
  }
  {
    Fit fit(40);
    std::ostringstream file;  // -o FILE: not the terminal
    render(file, Format::kTable, orgs());
    CHECK(file.str() == full);
    CHECK(fit.notes.empty());
  }
  {
    Fit fit(40);
    render(fit.out, Format::kCsv, orgs());
    CHECK(fit.out.str() ==
          "key,name,address,members\r\n"
          "K0000001,昆都仑区心愿公益协会,钢铁大街 41 号 3 单元 502 室,12\r\n"
          "K0000002,夕阳红舞蹈队,林荫路 7 号,140\r\n");
    CHECK(fit.notes.empty());
  }
}
