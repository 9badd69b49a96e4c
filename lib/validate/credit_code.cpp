// Credit-code checking. The rules and tables follow GB 32100-2015 and its amendment adding the
// military authority 'A'; the organisation-code check digit follows GB 11714-1997.
#include "validate/credit_code.h"

#include <cstring>

#include "i18n/messages.h"
#include "io/text.h"

namespace kunqu::validate {
namespace {

// The 31 characters a credit code may use; a character's value is its index.
// I, O, S, V and Z are left out because they are easily confused with 1, 0, 5, U and 2.
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

constexpr int kCheckWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

struct Authority {
  char code;
  const char* types;  // the organisation types this authority registers; nullptr = any digit
};

constexpr Authority kAuthorities[] = {
    {'1', "1239"},    // 机构编制 (establishment offices)
    {'2', "19"},      // 外交 (foreign affairs)
    {'3', "123459"},  // 司法行政 (justice)
    {'4', "19"},      // 文化 (culture)
    {'5', "1239"},    // 民政 (civil affairs)
    {'6', "129"},     // 旅游 (tourism)
    {'7', "129"},     // 宗教 (religious affairs)
    {'8', "19"},      // 工会 (trade unions)
    {'9', "123"},     // 工商 (market regulation)
    {'A', "19"},      // 中央军委改革和编制办公室 (military establishment office)
    {'N', "1239"},    // 农业 (agriculture)
    {'Y', nullptr},   // 其他 (other authorities)
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int org_value(char c) { return is_digit(c) ? c - '0' : c - 'A' + 10; }

std::string position(std::size_t index) { return std::to_string(index + 1); }

// Lists the allowed types as "1, 2, 3, 9".
std::string list_types(const char* types) {
  std::string out;
  for (const char* t = types; *t; ++t) {
    if (!out.empty()) out += ", ";
    out += *t;
  }
  return out;
}

// The message for a code whose length in bytes is not 18, or that holds non-ASCII characters.
std::string length_or_character_message(std::string_view code) {
  std::size_t count = io::code_points(code);
  if (count != 18) return trf("must be 18 characters, got {}", count);
  // 18 characters but not 18 bytes: some character is not ASCII, typically a full-width digit
  // typed with a Chinese input method.
  std::size_t index = 0;
  std::size_t pos = 0;
  while (pos < code.size()) {
    char32_t cp;
    std::size_t n = io::decode_utf8(code, pos, &cp);
    if (n != 1) {
      std::string shown = n == 0 ? "?" : std::string(code.substr(pos, n));
      return trf("character '{}' at position {} is not allowed (use ASCII digits and uppercase letters)", shown,
                 position(index));
    }
    pos += n;
    ++index;
  }
  return trf("must be 18 characters, got {}", count);
}

}  // namespace

std::string fold_credit_code(std::string_view text) {
  std::string code = io::trim(io::fold_width(text));
  for (auto& c : code)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return code;
}

bool looks_like_excel_number(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i > start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    digits();
  }
  if (i == s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  return digits() && i == s.size();
}

char credit_code_check_char(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    sum += static_cast<int>(kCharset.find(first17[i])) * kCheckWeights[i];
  }
  int c = 31 - sum % 31;
  return kCharset[c == 31 ? 0 : c];
}

char org_code_check_char(std::string_view first8) {
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += org_value(first8[i]) * kOrgWeights[i];
  int c = 11 - sum % 11;
  if (c == 10) return 'X';
  if (c == 11) return '0';
  return static_cast<char>('0' + c);
}

std::optional<std::string> check_org_code(std::string_view code, std::string* normal) {
  std::string body(code);
  if (body.size() == 10 && body[8] == '-') body.erase(8, 1);
  if (body.size() != 9)
    return trf("'{}' is not an organization code: 8 digits or letters and a check digit, like 12345678-9", code);
  for (auto& c : body) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!is_digit(c) && !(c >= 'A' && c <= 'Z'))
      return trf("'{}' is not an organization code: 8 digits or letters and a check digit, like 12345678-9", code);
  }
  const char expected = org_code_check_char(std::string_view(body).substr(0, 8));
  if (body[8] != expected) return trf("organization code check digit is '{}', expected '{}'", body[8], expected);
  if (normal) *normal = body.substr(0, 8) + "-" + body.substr(8);
  return std::nullopt;
}

std::optional<std::string> check_credit_code(std::string_view code, CreditCodeParts* parts) {
  if (looks_like_excel_number(code)) {
    return trf("looks like a number a spreadsheet converted ('{}'); format the column as text and enter the code again",
               code);
  }
  if (code.size() != 18) return length_or_character_message(code);
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] >= 'a' && code[i] <= 'z') {
      return trf("letters must be uppercase: '{}' at position {}", code[i], position(i));
    }
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (kCharset.find(c) != std::string_view::npos) continue;
    if (static_cast<unsigned char>(c) >= 0x80) return length_or_character_message(code);
    if (c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z') {
      return trf("character '{}' at position {} is not allowed (I, O, S, V, Z are never used)", c, position(i));
    }
    return trf("character '{}' at position {} is not allowed (only digits and uppercase letters)", c, position(i));
  }

  const Authority* authority = nullptr;
  for (const Authority& a : kAuthorities) {
    if (a.code == code[0]) authority = &a;
  }
  if (!authority) {
    return trf("registration authority '{}' (position 1) does not exist", code[0]);
  }
  bool type_ok =
      authority->types ? std::strchr(authority->types, code[1]) != nullptr : is_digit(code[1]);
  if (!type_ok) {
    return trf("type '{}' (position 2) is not allowed for registration authority '{}' (allowed: {})", code[1], code[0],
               authority->types ? list_types(authority->types) : std::string(tr("any digit")));
  }

  std::string_view region = code.substr(2, 6);
  for (char c : region) {
    if (!is_digit(c)) {
      return trf("region code (positions 3-8) must be 6 digits, got '{}'", region);
    }
  }

  // Positions 9–16 are digits or uppercase letters once the charset check has passed.
  std::string_view org_code = code.substr(8, 9);
  char org_expected = org_code_check_char(org_code.substr(0, 8));
  if (org_code[8] != org_expected) {
    return trf("organization code check digit (position 17) is '{}', expected '{}'", org_code[8], org_expected);
  }

  char expected = credit_code_check_char(code.substr(0, 17));
  if (code[17] != expected) {
    return trf("check character is '{}', expected '{}'", code[17], expected);
  }

  if (parts) {
    parts->authority = code[0];
    parts->type = code[1];
    parts->region = std::string(region);
    parts->org_code = std::string(org_code);
  }
  return std::nullopt;
}

}  // namespace kunqu::validate
