// Tests for io/text: UTF-8 validity, code points, display widths and the name normalisations;
// io/loaded, which loads libunistring for it on first use.
#include <doctest/doctest.h>
#include <unictype.h>
#include <uninorm.h>

#include <ios>
#include <string>
#include <vector>

#include "fixture.h"
#include "io/loaded.h"
#include "io/text.h"

using namespace kunqu::io;

TEST_CASE("valid_utf8 accepts well-formed text") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain ASCII, with \t tab"));
  CHECK(valid_utf8("名称：社区服务中心"));
  CHECK(valid_utf8("\xC2\x80"));              // U+0080, smallest two-byte
  CHECK(valid_utf8("\xDF\xBF"));              // U+07FF
  CHECK(valid_utf8("\xE0\xA0\x80"));          // U+0800, smallest three-byte
  CHECK(valid_utf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
  CHECK(valid_utf8("\xEE\x80\x80"));          // U+E000, just above them
  CHECK(valid_utf8("\xEF\xBF\xBF"));          // U+FFFF
  CHECK(valid_utf8("\xF0\x90\x80\x80"));      // U+10000
  CHECK(valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  CHECK(valid_utf8("\xF0\x9F\x98\x80 ok"));   // emoji
  CHECK(valid_utf8(std::string("a\0b", 3)));  // NUL is valid UTF-8
}

TEST_CASE("valid_utf8 rejects malformed text and says where") {
  std::size_t offset = 99;
  CHECK_FALSE(valid_utf8("ab\xFF", &offset));
  CHECK(offset == 2);
  CHECK_FALSE(valid_utf8("\x80", &offset));  // stray continuation byte
  CHECK(offset == 0);
  CHECK_FALSE(valid_utf8("ok\xC0\xAF", &offset));  // overlong '/'
  CHECK(offset == 2);
  CHECK_FALSE(valid_utf8("\xC1\xBF"));               // overlong
  CHECK_FALSE(valid_utf8("\xE0\x80\xAF"));           // overlong three-byte
  CHECK_FALSE(valid_utf8("\xF0\x80\x80\xAF"));       // overlong four-byte
  CHECK_FALSE(valid_utf8("\xED\xA0\x80", &offset));  // U+D800 surrogate
  CHECK(offset == 0);
  CHECK_FALSE(valid_utf8("\xED\xBF\xBF"));      // U+DFFF surrogate
  CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(valid_utf8("名\xE7\xA7", &offset));  // truncated at the end
  CHECK(offset == 3);
  CHECK_FALSE(valid_utf8("\xE7\xA7x"));  // truncated in the middle
}

TEST_CASE("decode_utf8 and append_utf8 round-trip") {
  for (char32_t cp : {U'A', U'\u00E9', U'\u540D', U'\U0001F600', U'\U0010FFFF'}) {
    std::string s;
    append_utf8(s, cp);
    char32_t back = 0;
    CHECK(decode_utf8(s, 0, &back) == s.size());
    CHECK(back == cp);
  }
  char32_t cp;
  CHECK(decode_utf8("\xE5\x90", 0, &cp) == 0);
}

TEST_CASE("code_points counts characters, not bytes") {
  CHECK(code_points("") == 0);
  CHECK(code_points("abc") == 3);
  CHECK(code_points("社区abc") == 5);
  CHECK(code_points("\xF0\x9F\x98\x80") == 1);
  CHECK(code_points("a\xFF") == 2);  // a malformed byte counts as one
}

TEST_CASE("display_width") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("社区服务中心") == 12);
  CHECK(display_width("名称：A") == 7);       // U+FF1A full-width colon
  CHECK(display_width("ＡＢＣ") == 6);        // full-width Latin
  CHECK(display_width("，。、「」") == 10);   // full-width and CJK punctuation
  CHECK(display_width("\xE3\x80\x80") == 2);  // U+3000 ideographic space
  CHECK(display_width("ひらがなカタカナ") == 16);
  CHECK(display_width("한국어") == 6);
  CHECK(display_width("￥") == 2);                // U+FFE5
  CHECK(display_width("\xF0\x9F\x98\x80") == 2);  // U+1F600
  CHECK(display_width("\xF0\xA0\x80\x80") == 2);  // U+20000, CJK extension B
  CHECK(display_width("e\xCC\x81") == 1);         // e + combining acute
  CHECK(display_width("a\u200Bb") == 2);          // zero-width space
  CHECK(display_width("\uFEFFx") == 1);           // BOM is zero-width
  CHECK(display_width("\xEF\xBD\xA1") == 1);      // U+FF61 half-width ideographic full stop
  CHECK(display_width("é") == 1);
  CHECK(display_width("…") == 1);
  CHECK(display_width("a\tb") == 2);  // controls take no column
  CHECK(display_width("\xFF") == 1);  // malformed byte counts as one column
}

TEST_CASE("code_point_width at range edges") {
  CHECK(code_point_width(0x2FFF) == 2);
  CHECK(code_point_width(0x3000) == 2);
  CHECK(code_point_width(0x302A) == 0);  // ideographic tone mark combines
  CHECK(code_point_width(0x303F) == 2);
  CHECK(code_point_width(0x4DC0) == 1);  // Yijing hexagram: narrow
  CHECK(code_point_width(0x4E00) == 2);
  CHECK(code_point_width(0x9FFF) == 2);
  CHECK(code_point_width(0xFF00) == 2);
  CHECK(code_point_width(0xFF60) == 2);
  CHECK(code_point_width(0xFF61) == 1);
  CHECK(code_point_width(0xFFE6) == 2);
  CHECK(code_point_width(0xFFE7) == 1);
  CHECK(code_point_width(0x0300) == 0);
  CHECK(code_point_width(0x036F) == 0);
  CHECK(code_point_width(0x0370) == 1);
  CHECK(code_point_width(0x200F) == 0);
  CHECK(code_point_width(0x2010) == 1);
  CHECK(code_point_width(0x10FFFF) == 1);
}

TEST_CASE("truncate_to_width") {
  CHECK(truncate_to_width("abc", 3) == "abc");
  CHECK(truncate_to_width("abcd", 3) == "ab…");
  CHECK(truncate_to_width("社区服务中心", 12) == "社区服务中心");
  CHECK(truncate_to_width("社区服务中心", 11) == "社区服务中…");
  // A wide character that would straddle the limit is dropped whole.
  CHECK(truncate_to_width("社区服务中心", 10) == "社区服务…");
  CHECK(truncate_to_width("社区服务中心", 4) == "社…");
  CHECK(truncate_to_width("社区服务中心", 2) == "…");
  CHECK(truncate_to_width("社区服务中心", 1) == "…");
  CHECK(truncate_to_width("abc", 0) == "");
  CHECK(truncate_to_width("abcdef", 4, "...") == "a...");
  CHECK(truncate_to_width("abcdef", 2, "...") == "ab");  // the ellipsis itself does not fit
  CHECK(truncate_to_width("abcdef", 4, "") == "abcd");
  CHECK(truncate_to_width("éééé", 3) == "éé…");
  CHECK(display_width(truncate_to_width("A社B区C中心", 6)) <= 6);
}

TEST_CASE("pad_to_width") {
  CHECK(pad_to_width("ab", 4) == "ab  ");
  CHECK(pad_to_width("ab", 4, true) == "  ab");
  CHECK(pad_to_width("社区", 6) == "社区  ");
  CHECK(pad_to_width("社区", 5, true) == " 社区");
  CHECK(pad_to_width("社区", 4) == "社区");
  CHECK(pad_to_width("社区服务", 4) == "社区服务");  // never truncates
  CHECK(pad_to_width("", 2) == "  ");
}

TEST_CASE("fold_width") {
  CHECK(fold_width("ＡＢＣ社区") == "ABC社区");
  CHECK(fold_width("（有限合伙）") == "(有限合伙)");
  CHECK(fold_width("１２３！～") == "123!~");
  CHECK(fold_width("a\u3000b") == "a b");
  CHECK(fold_width("，。") == ",。");  // U+3002 is not an ASCII variant
  CHECK(fold_width("｟") == "｟");     // U+FF5F is outside the folded range
  CHECK(fold_width("plain") == "plain");
  CHECK(fold_width("bad\xFF") == "bad\xFF");
}

TEST_CASE("fold_width folds U+FF01 to U+FF5E and U+3000, every other code point kept as it is") {
  std::size_t folded = 0;
  for (char32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string c;
    append_utf8(c, cp);
    std::string want = c;
    if (cp >= 0xFF01 && cp <= 0xFF5E) want = std::string(1, char(cp - 0xFEE0));
    if (cp == 0x3000) want = " ";
    folded += want != c;
    if (fold_width("社区" + c + "a") != "社区" + want + "a") FAIL_CHECK("U+", std::hex, unsigned(cp));
  }
  CHECK(folded == 95);
  // Bytes that are no sequence are kept, beside a full-width form or not.
  CHECK(fold_width("\xEF\xBC" "a") == "\xEF\xBC" "a");
  CHECK(fold_width("\xE3\x80" "\xEF\xBC\x81") == "\xE3\x80" "!");
}

TEST_CASE("trim") {
  CHECK(trim("  a b  ") == "a b");
  CHECK(trim("\t\r\n社区\n") == "社区");
  CHECK(trim("\xE3\x80\x80社区\xE3\x80\x80 ") == "社区");
  CHECK(trim(" \xE3\x80\x80 \xE3\x80\x80") == "");
  CHECK(trim("") == "");
  CHECK(trim("中\xE3\x80\x80心") == "中\xE3\x80\x80心");  // inner spaces stay
}

TEST_CASE("to_lower_ascii") {
  CHECK(to_lower_ascii("ABC def 社区 Ä") == "abc def 社区 Ä");
  CHECK(to_lower_ascii("UTF-8") == "utf-8");
}

TEST_CASE("name_key folds compatibility forms (NFKC) and trims, so look-alike names compare equal") {
  CHECK(name_key("广场舞队") == "广场舞队");
  CHECK(name_key("  广场舞队　") == "广场舞队");                // ASCII and ideographic spaces
  CHECK(name_key("广场舞队\xC2\xA0") == "广场舞队");            // a no-break space at the end
  CHECK(name_key("ＡＢＣ舞蹈队") == "ABC舞蹈队");                // full-width letters
  CHECK(name_key("\xE2\xBC\x88民舞蹈队") == "人民舞蹈队");      // U+2F08 KANGXI RADICAL MAN
  CHECK(name_key("\xEF\xA4\x80") == "\xE8\xB1\x88");            // U+F900 compatibility ideograph → U+8C48
  CHECK(name_key("第①队") == "第1队");                          // circled digit
  CHECK(name_key("广场 舞队") != name_key("广场舞队"));          // a visible space inside stays
  CHECK(name_key("abc") != name_key("ABC"));                     // case is the name's own
  CHECK(name_key("ab\xFF") == "ab\xFF");                          // not UTF-8: only width-folded and trimmed
}

TEST_CASE("forbidden_character finds control and format characters") {
  CHECK_FALSE(forbidden_character("广场舞队 (2015)", false));
  CHECK_FALSE(forbidden_character("", false));
  CHECK(forbidden_character("a\x1b[31mb", false) == char32_t{0x1B});                // ESC
  CHECK(forbidden_character("a\tb", false) == char32_t{'\t'});
  CHECK(forbidden_character("a\nb", false) == char32_t{'\n'});
  CHECK_FALSE(forbidden_character("a\tb\r\nc", true));                              // notes: lines and tabs
  CHECK(forbidden_character("a\x1b", true) == char32_t{0x1B});                      // but never an escape
  CHECK(forbidden_character("a\x7F", true) == char32_t{0x7F});                      // DEL
  CHECK(forbidden_character("a\xC2\x9B" "2J", true) == char32_t{0x9B});             // C1 CSI
  CHECK(forbidden_character("广场\xE2\x80\x8B舞队", false) == char32_t{0x200B});    // zero width space
  CHECK(forbidden_character("\xEF\xBB\xBF广场舞队", false) == char32_t{0xFEFF});    // a BOM inside text
  CHECK(forbidden_character("广场舞队\xE2\x80\xAE", false) == char32_t{0x202E});    // right-to-left override
  CHECK(forbidden_character("a\xE2\x80\xA8" "b", true) == char32_t{0x2028});        // line separator
  CHECK(forbidden_character("a\xC2\xAD" "b", false) == char32_t{0xAD});             // soft hyphen
  CHECK_FALSE(forbidden_character("广场舞队\xC2\xA0", false));                       // NBSP is a space (the key folds it)
  CHECK_FALSE(forbidden_character("ab\xFF", false));                                 // not UTF-8: valid_utf8's to say
}

TEST_CASE("forbidden_character refuses every format character of Unicode's table, and only those") {
  // Each code point from U+00A0 on (below it: the C0 and C1 controls above), alone in a cell
  // that may hold several lines, against libunistring's general category Cf.
  std::size_t formats = 0;
  for (char32_t cp = 0xA0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates are not UTF-8
    std::string s;
    if (cp < 0x800) s = {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
    else if (cp < 0x10000) s = {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
    else
      s = {char(0xF0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3F)), char(0x80 | ((cp >> 6) & 0x3F)),
           char(0x80 | (cp & 0x3F))};
    const bool format = uc_is_general_category(static_cast<ucs4_t>(cp), UC_CATEGORY_Cf);
    formats += format;
    const bool refused = cp == 0x2028 || cp == 0x2029 || format;
    if (forbidden_character(s, true).has_value() != refused) FAIL_CHECK("U+", std::hex, unsigned(cp));
  }
  CHECK(formats > 150);  // the table is there (Unicode 15 has 170)
}

TEST_CASE("forbidden_character past Chinese text that is not well formed") {
  // The control right after a lead byte, or after two bytes of a sequence of three, is found.
  CHECK(forbidden_character("\xE4\x1B\xB8\xAD", false) == char32_t{0x1B});
  CHECK(forbidden_character("\xE4\xB8\x1B", false) == char32_t{0x1B});
  CHECK(forbidden_character("\xE4\xB8\xAD\xE6\x96\x87\x07", false) == char32_t{0x07});  // 中文 BEL
  // Cut short, a surrogate, a lone continuation byte: skipped, as the decoder skips them.
  CHECK_FALSE(forbidden_character("\xE4\xB8", false));
  CHECK_FALSE(forbidden_character("\xED\xA0\x80", false));
  CHECK_FALSE(forbidden_character("\xB8\xAD", false));
  // Beside the range: U+2028 (E2) and U+FEFF (EF) are still refused after it.
  CHECK(forbidden_character("\xE4\xB8\xAD\xE2\x80\xA8", true) == char32_t{0x2028});
  CHECK(forbidden_character("\xEE\x80\x80\xEF\xBB\xBF", true) == char32_t{0xFEFF});
}

TEST_CASE("describe_character names what it finds") {
  CHECK(describe_character(0x1B) == "U+001B (ESC)");
  CHECK(describe_character('\n') == "U+000A (LF)");
  CHECK(describe_character(0x7F) == "U+007F (DEL)");
  CHECK(describe_character(0x9B) == "U+009B (C1 control)");
  CHECK(describe_character(0x200B) == "U+200B (ZERO WIDTH SPACE)");
  CHECK(describe_character(0x202E) == "U+202E (RIGHT-TO-LEFT OVERRIDE)");
}

TEST_CASE("printable shows control characters and hides format characters") {
  CHECK(printable("广场舞队") == "广场舞队");
  CHECK(printable("a\x1b[31mb") == "a\xE2\x90\x9B[31mb");        // ESC as ␛
  CHECK(printable("a\tb\nc\rd") == "a b c d");
  CHECK(printable("a\nb", true) == "a\nb");
  CHECK(printable("a\xC2\x9B" "b") == "a\xEF\xBF\xBD" "b");       // C1 → U+FFFD
  CHECK(printable("a\xE2\x80\xAE" "b") == "a\xEF\xBF\xBD" "b");   // U+202E → U+FFFD
  CHECK(printable("a\x7F") == "a\xE2\x90\xA1");                    // DEL as ␡
  CHECK(printable("a\xFF") == "a\xEF\xBF\xBD");
}

TEST_CASE("name_key's fast path folds exactly as NFKC does") {
  // Every code point the fast path takes, next to one that sends the text to the normaliser.
  std::vector<char32_t> fast = {0x00B7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x3000, 0x3001, 0x3002, 0x4E00, 0x9FA5, 0x9FFF};
  for (char32_t c = 0x3008; c <= 0x3011; ++c) fast.push_back(c);
  for (char32_t c = 0x3014; c <= 0x301B; ++c) fast.push_back(c);
  for (char32_t c = 0xFF01; c <= 0xFF5E; ++c) fast.push_back(c);
  for (char32_t c = 0x21; c <= 0x7E; ++c) fast.push_back(c);
  for (char32_t c : fast) {
    std::string text = "a";
    append_utf8(text, c);
    text += "b";  // never at an end, where trimming would hide a difference
    INFO("U+" << std::hex << static_cast<unsigned>(c));
    CHECK(name_key(text + "①") == name_key(text) + "1");
  }
}

TEST_CASE("a library loaded on first use: missing, or lacking a symbol, is an internal error that names it") {
  using kunqu::Error;
  using kunqu::ErrorKind;
  Error missing = kunqu::test::error_of([] { load_library("libkunqu-none.so.9", "a test"); });
  CHECK(missing.kind() == ErrorKind::kInternal);
  CHECK(std::string(missing.what()).rfind("cannot load libkunqu-none.so.9 for a test: ", 0) == 0);
  void* lib = load_library(KUNQU_TEST_UNISTRING_SONAME, "a test");
  REQUIRE(lib != nullptr);
  decltype(&u8_normalize) normalize = nullptr;
  bind_symbol(lib, KUNQU_TEST_UNISTRING_SONAME, "u8_normalize", normalize);
  CHECK((normalize == &u8_normalize));  // the one this binary links for its own checks
  Error lacking = kunqu::test::error_of([&] { library_symbol(lib, "libunistring", "kunqu_no_such_symbol"); });
  CHECK(lacking.kind() == ErrorKind::kInternal);
  CHECK(std::string(lacking.what()) == "libunistring lacks kunqu_no_such_symbol");
}
