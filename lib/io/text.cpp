// UTF-8 decoding and display widths. The width table is a compact, hand-picked subset of
// Unicode's EastAsianWidth (W and F) and of the zero-width classes (Mn, Me, Cf), enough for
// Chinese registry data mixed with Latin text and the common emoji.
#include "io/text.h"

#include <unictype.h>
#include <uniname.h>
#include <uninorm.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <algorithm>
#include <iterator>
#include <set>

#include "i18n/messages.h"
#include "io/loaded.h"

namespace kunqu::io {
namespace {

// libunistring (Unicode's normalisation, categories and names), loaded on first use: only a
// name NFKC would change, a character outside the ranges Chinese text uses, or a message that
// names a character needs it, and most commands meet none. The types are its headers'.
struct Unistring {
  decltype(&u8_normalize) normalize;
  decltype(&uc_is_general_category) is_general_category;
  decltype(&unicode_character_name) character_name;
  decltype(&uninorm_nfkc) nfkc;
  decltype(&UC_CATEGORY_Cf) format;  // the general category Cf
};

const Unistring& unistring() {
  static const Unistring u = [] {
    const std::string soname = KUNQU_UNISTRING_SONAME;
    void* lib = load_library(soname, tr("Unicode's character tables"));
    Unistring k{};
    bind_symbol(lib, soname, "u8_normalize", k.normalize);
    bind_symbol(lib, soname, "uc_is_general_category", k.is_general_category);
    bind_symbol(lib, soname, "unicode_character_name", k.character_name);
    bind_symbol(lib, soname, "uninorm_nfkc", k.nfkc);
    bind_symbol(lib, soname, "UC_CATEGORY_Cf", k.format);
    return k;
  }();
  return u;
}

struct WidthRange {
  char32_t first;
  char32_t last;
  unsigned char width;
};

// Sorted and non-overlapping, so a binary search finds the one range a code point is in.
// Code points in no range are width 1 (controls are handled before the lookup).
// clang-format off
constexpr WidthRange kWidths[] = {
    {0x00AD, 0x00AD, 0},    // soft hyphen: invisible unless a line breaks there
    {0x0300, 0x036F, 0},    // combining diacritical marks
    {0x0483, 0x0489, 0},    // Cyrillic combining marks
    {0x0591, 0x05BD, 0},    // Hebrew points
    {0x05BF, 0x05BF, 0},
    {0x05C1, 0x05C2, 0},
    {0x05C4, 0x05C5, 0},
    {0x05C7, 0x05C7, 0},
    {0x0610, 0x061A, 0},    // Arabic marks
    {0x064B, 0x065F, 0},
    {0x0670, 0x0670, 0},
    {0x06D6, 0x06DC, 0},
    {0x06DF, 0x06E4, 0},
    {0x06E7, 0x06E8, 0},
    {0x06EA, 0x06ED, 0},
    {0x1100, 0x115F, 2},    // Hangul Jamo leading consonants
    {0x1160, 0x11FF, 0},    // Hangul Jamo vowels and finals combine with the leading consonant
    {0x1AB0, 0x1AFF, 0},    // combining diacritical marks extended
    {0x1DC0, 0x1DFF, 0},    // combining diacritical marks supplement
    {0x200B, 0x200F, 0},    // zero-width space, joiners, direction marks
    {0x2028, 0x202E, 0},    // line/paragraph separators, bidi embeddings
    {0x2060, 0x206F, 0},    // word joiner, invisible operators, bidi isolates
    {0x20D0, 0x20FF, 0},    // combining marks for symbols
    {0x231A, 0x231B, 2},    // emoji presentation symbols from here to U+2B55
    {0x2329, 0x232A, 2},
    {0x23E9, 0x23EC, 2},
    {0x23F0, 0x23F0, 2},
    {0x23F3, 0x23F3, 2},
    {0x25FD, 0x25FE, 2},
    {0x2614, 0x2615, 2},
    {0x2648, 0x2653, 2},
    {0x267F, 0x267F, 2},
    {0x2693, 0x2693, 2},
    {0x26A1, 0x26A1, 2},
    {0x26AA, 0x26AB, 2},
    {0x26BD, 0x26BE, 2},
    {0x26C4, 0x26C5, 2},
    {0x26CE, 0x26CE, 2},
    {0x26D4, 0x26D4, 2},
    {0x26EA, 0x26EA, 2},
    {0x26F2, 0x26F3, 2},
    {0x26F5, 0x26F5, 2},
    {0x26FA, 0x26FA, 2},
    {0x26FD, 0x26FD, 2},
    {0x2705, 0x2705, 2},
    {0x270A, 0x270B, 2},
    {0x2728, 0x2728, 2},
    {0x274C, 0x274C, 2},
    {0x274E, 0x274E, 2},
    {0x2753, 0x2755, 2},
    {0x2757, 0x2757, 2},
    {0x2795, 0x2797, 2},
    {0x27B0, 0x27B0, 2},
    {0x27BF, 0x27BF, 2},
    {0x2B1B, 0x2B1C, 2},
    {0x2B50, 0x2B50, 2},
    {0x2B55, 0x2B55, 2},
    {0x2E80, 0x3029, 2},    // CJK radicals, Kangxi, description characters, CJK punctuation
    {0x302A, 0x302D, 0},    // ideographic tone marks are combining
    {0x302E, 0x303F, 2},
    {0x3041, 0x3098, 2},    // Hiragana
    {0x3099, 0x309A, 0},    // combining kana voiced sound marks
    {0x309B, 0x3247, 2},    // Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, strokes
    {0x3250, 0x4DBF, 2},    // enclosed CJK, CJK compatibility, CJK extension A
    {0x4E00, 0xA4CF, 2},    // CJK unified ideographs, Yi
    {0xA960, 0xA97F, 2},    // Hangul Jamo extended A
    {0xAC00, 0xD7A3, 2},    // Hangul syllables
    {0xF900, 0xFAFF, 2},    // CJK compatibility ideographs
    {0xFE00, 0xFE0F, 0},    // variation selectors
    {0xFE10, 0xFE19, 2},    // vertical forms
    {0xFE20, 0xFE2F, 0},    // combining half marks
    {0xFE30, 0xFE6F, 2},    // CJK compatibility forms, small form variants
    {0xFEFF, 0xFEFF, 0},    // zero-width no-break space (BOM)
    {0xFF00, 0xFF60, 2},    // full-width ASCII variants
    {0xFFE0, 0xFFE6, 2},    // full-width signs
    {0x16FE0, 0x16FE4, 2},  // ideographic symbols
    {0x17000, 0x18CFF, 2},  // Tangut, Khitan
    {0x1B000, 0x1B2FF, 2},  // kana supplement and extensions, Nushu
    {0x1F004, 0x1F004, 2},  // emoji from here to U+1FAFF
    {0x1F0CF, 0x1F0CF, 2},
    {0x1F18E, 0x1F18E, 2},
    {0x1F191, 0x1F19A, 2},
    {0x1F200, 0x1F202, 2},
    {0x1F210, 0x1F23B, 2},
    {0x1F240, 0x1F248, 2},
    {0x1F250, 0x1F251, 2},
    {0x1F260, 0x1F265, 2},
    {0x1F300, 0x1F64F, 2},
    {0x1F680, 0x1F6FF, 2},
    {0x1F7E0, 0x1F7EB, 2},
    {0x1F90C, 0x1F9FF, 2},
    {0x1FA70, 0x1FAFF, 2},
    {0x20000, 0x2FFFD, 2},  // CJK extensions B–F, compatibility supplement
    {0x30000, 0x3FFFD, 2},  // CJK extensions G–H
    {0xE0001, 0xE0001, 0},  // language tag
    {0xE0020, 0xE007F, 0},  // tag characters
    {0xE0100, 0xE01EF, 0},  // variation selectors supplement
};
// clang-format on

// Length of the character at `pos` for the tolerant functions: a malformed byte counts as a
// one-byte character. Stores U+FFFD for it, which has width 1.
std::size_t next_char(std::string_view s, std::size_t pos, char32_t* cp) {
  if (static_cast<unsigned char>(s[pos]) < 0x80) {
    *cp = static_cast<unsigned char>(s[pos]);
    return 1;
  }
  std::size_t n = decode_utf8(s, pos, cp);
  if (n == 0) {
    *cp = 0xFFFD;
    return 1;
  }
  return n;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

}  // namespace

std::size_t decode_utf8(std::string_view s, std::size_t pos, char32_t* cp) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  std::size_t len;
  // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and code points
  // above U+10FFFF (F4); C0, C1 and F5–FF never start a sequence.
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t value;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - pos < len) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    unsigned char b = byte(pos + i);
    if (b < lo || b > hi) return 0;
    lo = 0x80;
    hi = 0xBF;
    value = (value << 6) | (b & 0x3F);
  }
  *cp = value;
  return len;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool valid_utf8(std::string_view s, std::size_t* error_offset) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp;
    std::size_t n = decode_utf8(s, pos, &cp);
    if (n == 0) {
      if (error_offset) *error_offset = pos;
      return false;
    }
    pos += n;
  }
  return true;
}

std::size_t code_points(std::string_view utf8) {
  std::size_t count = 0;
  char32_t cp;
  for (std::size_t pos = 0; pos < utf8.size(); pos += next_char(utf8, pos, &cp)) ++count;
  return count;
}

int code_point_width(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  if (cp < 0x00AD) return 1;
  const WidthRange* end = std::end(kWidths);
  const WidthRange* it = std::upper_bound(
      std::begin(kWidths), end, cp, [](char32_t c, const WidthRange& r) { return c < r.first; });
  if (it == std::begin(kWidths)) return 1;
  --it;
  return cp <= it->last ? it->width : 1;
}

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp;
    pos += next_char(utf8, pos, &cp);
    width += static_cast<std::size_t>(code_point_width(cp));
  }
  return width;
}

std::string truncate_to_width(std::string_view utf8, std::size_t width, std::string_view ellipsis) {
  if (display_width(utf8) <= width) return std::string(utf8);
  std::size_t ellipsis_width = display_width(ellipsis);
  bool with_ellipsis = ellipsis_width <= width;
  std::size_t budget = with_ellipsis ? width - ellipsis_width : width;
  std::size_t used = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp;
    std::size_t n = next_char(utf8, pos, &cp);
    std::size_t w = static_cast<std::size_t>(code_point_width(cp));
    if (used + w > budget) break;
    used += w;
    pos += n;
  }
  std::string out(utf8.substr(0, pos));
  if (with_ellipsis) out += ellipsis;
  return out;
}

std::string pad_to_width(std::string_view utf8, std::size_t width, bool right_align) {
  std::size_t have = display_width(utf8);
  if (have >= width) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size() + (width - have));
  if (right_align) out.append(width - have, ' ');
  out += utf8;
  if (!right_align) out.append(width - have, ' ');
  return out;
}

std::string fold_width(std::string_view utf8) {
  // Nothing to fold without a full-width form (U+FF01 to U+FF5E begin EF BC or EF BD) or an
  // ideographic space: ASCII, and nearly all Chinese text.
  if (utf8.find("\xEF\xBC") == std::string_view::npos && utf8.find("\xEF\xBD") == std::string_view::npos &&
      utf8.find(kIdeographicSpace) == std::string_view::npos)
    return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp;
    std::size_t n = next_char(utf8, pos, &cp);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out += static_cast<char>(cp - 0xFEE0);
    } else if (cp == 0x3000) {
      out += ' ';
    } else {
      out.append(utf8.substr(pos, n));
    }
    pos += n;
  }
  return out;
}

std::string_view trim_view(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_ascii_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.substr(0, kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && is_ascii_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= kIdeographicSpace.size() &&
               s.substr(s.size() - kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

std::string trim(std::string_view s) { return std::string(trim_view(s)); }

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<std::string> trimmed_or_null(std::string_view s) {
  std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  return t;
}

namespace {

// Text whose NFKC form fold_width() gives as well, so most names skip the normaliser: ASCII,
// the CJK Unified Ideographs (U+4E00–U+9FFF), the punctuation Chinese names use that has no
// compatibility mapping (、。〈〉《》「」『』【】〔〕〖〗〘〙〚〛 · — ‘’“”), and the full-width
// forms U+FF01–U+FF5E and the ideographic space, which fold_width maps exactly as NFKC does.
bool nfkc_by_folding(std::string_view utf8) {
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp;
    pos += next_char(utf8, pos, &cp);
    if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xFF01 && cp <= 0xFF5E)) continue;
    if (cp == 0x3000 || cp == 0x3001 || cp == 0x3002 || (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301B))
      continue;
    if (cp == 0x00B7 || cp == 0x2014 || (cp >= 0x2018 && cp <= 0x201D)) continue;
    return false;
  }
  return true;
}

// No format character (Cf) lies between U+2070 and U+FFF8 but the byte order mark U+FEFF, so
// Chinese text never needs the table (test_text.cpp holds this against libunistring's).
bool is_format(char32_t cp) {
  if (cp >= 0x2070 && cp < 0xFFF9) return cp == 0xFEFF;
  return unistring().is_general_category(static_cast<ucs4_t>(cp), *unistring().format);
}

}  // namespace

std::string name_key(std::string_view utf8) {
  if (nfkc_by_folding(utf8) || !valid_utf8(utf8)) return trim(fold_width(utf8));
  std::size_t length = 0;
  const Unistring& u = unistring();
  std::unique_ptr<uint8_t, void (*)(void*)> out(
      u.normalize(u.nfkc, reinterpret_cast<const uint8_t*>(utf8.data()), utf8.size(), nullptr, &length), std::free);
  if (!out) return trim(fold_width(utf8));
  // NFKC maps U+3000 and U+00A0 to ' ', so trimming after it removes them at either end.
  return trim(std::string_view(reinterpret_cast<const char*>(out.get()), length));
}

std::optional<char32_t> forbidden_character(std::string_view utf8, bool several_lines) {
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const auto byte = static_cast<unsigned char>(utf8[pos]);
    if (byte < 0x80) {
      ++pos;
      if (byte >= 0x20 && byte != 0x7F) continue;
      if (several_lines && (byte == '\t' || byte == '\n' || byte == '\r')) continue;
      return static_cast<char32_t>(byte);
    }
    // U+3000 to U+EFFF (lead bytes E3 to EE), where a registry's Chinese text lies, holds no
    // character refused here (is_format): a sequence of three is passed without decoding it.
    // One that is not well formed is skipped as the decoder would (a surrogate, ED A0 and up).
    const auto continues = [&](std::size_t i) { return (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80; };
    if (byte >= 0xE3 && byte <= 0xEE && pos + 2 < utf8.size() && continues(pos + 1) && continues(pos + 2)) {
      pos += 3;
      continue;
    }
    char32_t cp;
    const std::size_t n = decode_utf8(utf8, pos, &cp);
    if (n == 0) {
      ++pos;
      continue;
    }
    pos += n;
    if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || is_format(cp)) return cp;
  }
  return std::nullopt;
}

std::string describe_character(char32_t cp) {
  static const char* const kC0[] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF",
                                    "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
                                    "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
  std::string name;
  if (cp < 0x20) name = kC0[cp];
  else if (cp == 0x7F) name = "DEL";
  else if (cp >= 0x80 && cp < 0xA0) name = "C1 control";
  else {
    char buf[UNINAME_MAX];
    if (unistring().character_name(static_cast<ucs4_t>(cp), buf)) name = buf;
  }
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
  return name.empty() ? std::string(code) : std::string(code) + " (" + name + ")";
}

std::string printable(std::string_view utf8, bool keep_line_feeds) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const auto byte = static_cast<unsigned char>(utf8[pos]);
    if (byte < 0x80) {
      ++pos;
      if (byte == '\n' && keep_line_feeds) out += '\n';
      else if (byte == '\t' || byte == '\n' || byte == '\r') out += ' ';
      else if (byte < 0x20) append_utf8(out, 0x2400 + byte);
      else if (byte == 0x7F) append_utf8(out, 0x2421);
      else out += static_cast<char>(byte);
      continue;
    }
    char32_t cp;
    const std::size_t n = decode_utf8(utf8, pos, &cp);
    if (n == 0) {
      append_utf8(out, 0xFFFD);
      ++pos;
      continue;
    }
    if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || is_format(cp)) append_utf8(out, 0xFFFD);
    else out.append(utf8.substr(pos, n));
    pos += n;
  }
  return out;
}

bool is_placeholder(std::string_view raw) {
  // Asked of every cell an import reads: most are told apart by their length and first byte.
  // Trimmed, the longest placeholder is 'ｎｕｌｌ' in full-width letters, 12 bytes; they begin with
  // '-', '/', 'n' or 'N', or the first byte of 暂 and 无 (E6), — (E2) or a full-width form (EF).
  const std::string_view v = trim_view(raw);
  if (v.empty() || v.size() > 12) return false;
  const auto first = static_cast<unsigned char>(v.front());
  if (first != '-' && first != '/' && first != 'n' && first != 'N' && first != 0xE6 && first != 0xE2 && first != 0xEF)
    return false;
  const std::string t = to_lower_ascii(trim(fold_width(v)));
  for (const char* p : {"暂无", "无", "-", "--", "—", "——", "/", "nan", "null", "n/a", "none"})
    if (t == p) return true;
  return false;
}

namespace {

// The code points of `s` width-folded, ASCII letters lowered: what edit_distance compares.
std::u32string comparable(std::string_view s) {
  const std::string folded = to_lower_ascii(fold_width(s));
  std::u32string out;
  std::size_t pos = 0;
  while (pos < folded.size()) {
    char32_t cp = 0;
    std::size_t n = decode_utf8(folded, pos, &cp);
    if (n == 0) {
      cp = static_cast<unsigned char>(folded[pos]);  // a stray byte counts as one character
      n = 1;
    }
    out.push_back(cp);
    pos += n;
  }
  return out;
}

// Levenshtein's distance with a swap of two neighbours counted as one edit (the optimal string
// alignment distance): 'shwo' is 1 from 'show'.
std::size_t distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) { return distance(comparable(a), comparable(b)); }

std::vector<std::string> nearest(std::string_view given, const std::vector<std::string>& candidates, std::size_t max) {
  const std::u32string g = comparable(trim_view(given));
  struct Ranked {
    bool contains;
    std::size_t distance, index;
  };
  std::vector<Ranked> ranked;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!seen.insert(candidates[i]).second) continue;
    const std::u32string c = comparable(candidates[i]);
    const bool contains =
        !g.empty() && !c.empty() && (c.find(g) != std::u32string::npos || g.find(c) != std::u32string::npos);
    ranked.push_back({contains, distance(g, c), i});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.contains != b.contains) return a.contains;
    return a.distance < b.distance;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && out.size() < max; ++i) out.push_back(candidates[ranked[i].index]);
  return out;
}

}  // namespace kunqu::io
