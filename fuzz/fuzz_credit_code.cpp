// libFuzzer target: the credit-code check (GB 32100-2015) on any text. A code it accepts must
// carry the check characters the library computes for it; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "validate/credit_code.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view code(reinterpret_cast<const char*>(data), size);
  kunqu::validate::CreditCodeParts parts;
  if (!kunqu::validate::check_credit_code(code, &parts)) {
    if (code.size() != 18) std::abort();
    if (kunqu::validate::credit_code_check_char(code.substr(0, 17)) != code[17]) std::abort();
    if (kunqu::validate::org_code_check_char(code.substr(8, 8)) != code[16]) std::abort();
  }
  (void)kunqu::validate::looks_like_excel_number(code);
  return 0;
}
