// Tests for validate/credit_code: the check algorithms, each rule's message, and the uscc
// conformance cases.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "validate/credit_code.h"

using namespace kunqu::validate;

namespace {

// The message for `code`, or "" when it is accepted.
std::string problem(std::string_view code) { return check_credit_code(code).value_or(""); }

struct UsccCase {
  std::string code;
  std::string expected;
  std::string category;
};

std::vector<UsccCase> load_uscc_cases() {
  std::ifstream in(KUNQU_CONFORMANCE_DIR "/uscc/cases.tsv");
  REQUIRE(in);
  std::vector<UsccCase> cases;
  std::string line;
  std::getline(in, line);  // header
  REQUIRE(line.rfind("code\texpected\tcategory", 0) == 0);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    UsccCase c;
    std::getline(fields, c.code, '\t');
    std::getline(fields, c.expected, '\t');
    std::getline(fields, c.category, '\t');
    cases.push_back(c);
  }
  return cases;
}

}  // namespace

TEST_CASE("check characters") {
  // 91110000600037341L is python-stdnum's reference code.
  CHECK(credit_code_check_char("91110000600037341") == 'L');
  CHECK(credit_code_check_char("91350100M000100Y4") == '3');
  CHECK(org_code_check_char("60003734") == '1');
  CHECK(org_code_check_char("M000100Y") == '4');
  CHECK(org_code_check_char("MA1K3BTP") == '2');
  CHECK(org_code_check_char("61204954") == '2');
  // GB 11714's remainders 10 and 11 map to 'X' and '0'.
  CHECK(org_code_check_char("57098120") == 'X');
  CHECK(org_code_check_char("00000000") == '0');
}

TEST_CASE("valid codes and their parts") {
  CreditCodeParts parts;
  CHECK_FALSE(check_credit_code("91310115MA1K3BTP2B", &parts));
  CHECK(parts.authority == '9');
  CHECK(parts.type == '1');
  CHECK(parts.region == "310115");
  CHECK(parts.org_code == "MA1K3BTP2");
  CHECK_FALSE(check_credit_code("9135010557098120XJ"));  // 'X' check digit at position 17
  CHECK_FALSE(check_credit_code("914403001922038216"));  // all digits
}

TEST_CASE("spreadsheet numbers") {
  CHECK(looks_like_excel_number("9.13E+17"));
  CHECK(looks_like_excel_number("9.1310115E17"));
  CHECK(looks_like_excel_number("9.13e+17"));
  CHECK(looks_like_excel_number("9E17"));
  CHECK(looks_like_excel_number("9.E+17"));
  CHECK_FALSE(looks_like_excel_number("91310115MA1K3BTP2B"));
  CHECK_FALSE(looks_like_excel_number("913101150000000000"));
  CHECK_FALSE(looks_like_excel_number("9.13E+"));
  CHECK_FALSE(looks_like_excel_number("E17"));
  CHECK_FALSE(looks_like_excel_number(""));
  CHECK_FALSE(looks_like_excel_number("9.13E+17 "));
  CHECK(problem("9.13E+17") ==
        "looks like a number a spreadsheet converted ('9.13E+17'); format the column as text and "
        "enter the code again");
}

TEST_CASE("each rule names its problem") {
  CHECK(problem("12345") == "must be 18 characters, got 5");
  CHECK(problem("") == "must be 18 characters, got 0");
  CHECK(problem("91310115MA1K3BTP2B1") == "must be 18 characters, got 19");
  CHECK(problem("社区") == "must be 18 characters, got 2");
  // A full-width digit: 18 characters, but not ASCII.
  CHECK(problem("9131011５MA1K3BTP2B") ==
        "character '５' at position 8 is not allowed (use ASCII digits and uppercase letters)");
  CHECK(problem("91310115ma1k3btp2b") == "letters must be uppercase: 'm' at position 9");
  CHECK(problem("9111000060003IOZSV") ==
        "character 'I' at position 14 is not allowed (I, O, S, V, Z are never used)");
  CHECK(problem("91310115MA1K3BT-2B") ==
        "character '-' at position 16 is not allowed (only digits and uppercase letters)");
  CHECK(problem("B7320621MA1MRHG20G") == "registration authority 'B' (position 1) does not exist");
  CHECK(
      problem("54320621MA1MRHG205") ==
      "type '4' (position 2) is not allowed for registration authority '5' (allowed: 1, 2, 3, 9)");
  CHECK(problem("9432062100000000X0") ==
        "type '4' (position 2) is not allowed for registration authority '9' (allowed: 1, 2, 3)");
  CHECK(problem("YA320621MA1MRHG205") ==
        "type 'A' (position 2) is not allowed for registration authority 'Y' (allowed: any digit)");
  CHECK(problem("9131A115MA1K3BTP2B") ==
        "region code (positions 3-8) must be 6 digits, got '31A115'");
  CHECK(problem("91310115MA1K3BTP3B") ==
        "organization code check digit (position 17) is '3', expected '2'");
  CHECK(problem("91110000600037341N") == "check character is 'N', expected 'L'");
}

TEST_CASE("authority and type table") {
  // For each authority, a type it allows and one it does not; the rest of the code is made
  // valid so that only the type decides.
  struct Pair {
    char authority;
    char allowed;
    char refused;
  };
  const Pair pairs[] = {{'1', '3', '4'}, {'2', '9', '2'}, {'3', '5', '6'}, {'4', '1', '2'},
                        {'5', '3', '4'}, {'6', '2', '3'}, {'7', '2', '3'}, {'8', '9', '2'},
                        {'9', '3', '9'}, {'A', '1', '2'}, {'N', '3', '4'}, {'Y', '7', 'A'}};
  for (const Pair& p : pairs) {
    CAPTURE(p.authority);
    std::string body = std::string(1, p.authority) + p.allowed + "32062100000000" + "0";
    std::string code = body + credit_code_check_char(body);
    CHECK(problem(code) == "");
    std::string bad = std::string(1, p.authority) + p.refused + "32062100000000" + "0";
    CHECK(problem(bad + credit_code_check_char(bad)).find("is not allowed for registration") !=
          std::string::npos);
  }
}

TEST_CASE("uscc conformance cases") {
  const std::vector<UsccCase> cases = load_uscc_cases();
  REQUIRE(cases.size() > 200);
  int valid = 0;
  int invalid = 0;
  for (const UsccCase& c : cases) {
    CAPTURE(c.code);
    CAPTURE(c.category);
    std::optional<std::string> message = check_credit_code(c.code);
    if (c.expected == "valid") {
      ++valid;
      CHECK_MESSAGE(!message, *message);
      continue;
    }
    REQUIRE(c.expected == "invalid");
    ++invalid;
    REQUIRE(message);
    CHECK_FALSE(message->empty());
    const bool about_check_digit =
        (c.category.find("check digit") != std::string::npos ||
         c.category.find("Checksum") != std::string::npos) &&
        c.category.find("check digit itself is correct") == std::string::npos;
    if (about_check_digit) {
      REQUIRE(c.code.size() == 18);
      std::string expected_char =
          std::string("'") + credit_code_check_char(c.code.substr(0, 17)) + "'";
      CHECK(*message ==
            "check character is '" + c.code.substr(17) + "', expected " + expected_char);
    }
  }
  CHECK(valid > 200);
  CHECK(invalid >= 10);
}

TEST_CASE("uscc cases refused for another reason than their label") {
  // The source suite (NumberValidators) predates the 'A' authority, so it labels A1 as an
  // unknown pair; GB 32100 as amended allows A1. The code is still refused: its GB 11714 check
  // digit (position 17) is wrong, which that suite does not check.
  CHECK(problem("A1320621MA1MRHG217") ==
        "organization code check digit (position 17) is '1', expected '0'");
  // python-stdnum refuses letters in positions 1-2; GB 32100 allows 'A1', so here the check
  // character decides.
  CHECK(problem("A1110000600037341L") == "check character is 'L', expected 'K'");
}
