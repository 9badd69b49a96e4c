// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): the 18-character identity
// of every registered organisation. Checking it on the way in catches the usual damage
// (spreadsheets turning codes into numbers, typed letters that the code never uses, a digit
// lost or swapped) before it reaches the registry.
//
// Layout: 1 registration authority, 2 organisation type, 3–8 administrative region code,
// 9–17 organisation code (GB 11714, its last character a check digit), 18 check character.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kunqu::validate {

struct CreditCodeParts {
  char authority = 0;    // position 1
  char type = 0;         // position 2
  std::string region;    // positions 3–8
  std::string org_code;  // positions 9–17, check digit included
};

// Returns std::nullopt when `code` is a valid credit code (and fills *parts if given), else a
// one-line English message naming the first problem found, in this order: a number mangled by a
// spreadsheet, length, lowercase letters, characters outside the code's 31-character set,
// registration authority, type for that authority, region digits, the organisation-code check
// digit (position 17), the check character (position 18). Letters are never case-folded here:
// what comes in is folded by fold_credit_code() first.
std::optional<std::string> check_credit_code(std::string_view code,
                                             CreditCodeParts* parts = nullptr);

// A credit code as it is typed or read, in the form codes are stored and looked up in: trimmed,
// full-width forms folded to ASCII (io::fold_width) and letters in upper case, so that
// '91310115ma1k3btp2b' is '91310115MA1K3BTP2B'. Whether it is a code is check_credit_code's to say.
std::string fold_credit_code(std::string_view text);

// The check character (position 18) for the first 17 characters.
// REQUIRES: first17 holds 17 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY".
char credit_code_check_char(std::string_view first17);

// The GB 11714 organisation-code check digit ('0'–'9' or 'X') for the first 8 characters.
// REQUIRES: first8 holds 8 characters, each a digit or an uppercase letter.
char org_code_check_char(std::string_view first8);

// The organization code (组织机构代码, GB 11714-1997) an org carried before credit codes: 8
// digits or uppercase letters and a check digit, written XXXXXXXX-X or without the hyphen.
// Returns nullopt and sets *normal to the XXXXXXXX-X form (letters folded to uppercase) when
// `code` is one, else a one-line English message naming the problem.
std::optional<std::string> check_org_code(std::string_view code, std::string* normal = nullptr);

// True when `s` looks like a number in scientific notation, as a spreadsheet shows an 18-digit
// code it took for a number: "9.13E+17", "9.1310115E17", "9.13e+17".
bool looks_like_excel_number(std::string_view s);

}  // namespace kunqu::validate
