// libFuzzer target: the text rules (issue 19) on any bytes. The name key is a fixed point
// (folding a key again changes nothing); printable() leaves nothing that forbidden_character()
// refuses, and is valid UTF-8; a character found is named; a stored text's check never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "io/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace io = kunqu::io;
  const std::string key = io::name_key(text);
  if (io::valid_utf8(text) && io::name_key(key) != key) std::abort();
  for (bool lines : {false, true}) {
    if (auto c = io::forbidden_character(text, lines)) {
      if (io::describe_character(*c).rfind("U+", 0) != 0) std::abort();
    }
  }
  for (bool keep : {false, true}) {
    const std::string shown = io::printable(text, keep);
    if (!io::valid_utf8(shown)) std::abort();
    if (io::forbidden_character(shown, keep)) std::abort();
  }
  return 0;
}
