// UTF-8 text helpers: validation, code-point counting and terminal column widths, so that
// tables line up when names mix CJK and Latin text, plus the small normalisations that name
// comparison needs (full-width folding, trimming the ideographic space).
//
// Functions that measure or reshape text tolerate invalid UTF-8: each byte that does not
// start a well-formed sequence counts as one character of width 1 and is copied unchanged.
// Check input with valid_utf8() where malformed text must be refused.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kunqu::io {

// True when `s` is well-formed UTF-8: no overlong forms, no surrogates (U+D800–U+DFFF), nothing
// above U+10FFFF, no truncated sequence. On false, *error_offset (when given) is the byte offset
// where the first bad sequence starts.
bool valid_utf8(std::string_view s, std::size_t* error_offset = nullptr);

// Decodes the sequence starting at byte `pos` of `s`. Returns its length in bytes and stores
// the code point in *cp, or returns 0 when the bytes there are not well-formed UTF-8 (which
// includes a sequence cut off by the end of `s`).
// REQUIRES: pos < s.size().
std::size_t decode_utf8(std::string_view s, std::size_t pos, char32_t* cp);

// Appends the UTF-8 encoding of `cp` to `out`.
// REQUIRES: cp <= 0x10FFFF and not a surrogate.
void append_utf8(std::string& out, char32_t cp);

// Number of code points in `utf8`.
std::size_t code_points(std::string_view utf8);

// Terminal columns taken by one code point: 2 for East Asian Wide and Fullwidth characters
// (CJK, kana, Hangul, full-width forms, most emoji), 0 for combining marks, zero-width and
// control characters, 1 otherwise.
int code_point_width(char32_t cp);

// Terminal columns taken by `utf8`: the sum of code_point_width() over its code points.
std::size_t display_width(std::string_view utf8);

// `utf8` unchanged when it fits in `width` columns; otherwise the longest prefix that, followed
// by `ellipsis`, fits, with the ellipsis appended. Never splits a character. When even the
// ellipsis does not fit, returns the longest prefix that fits without one.
std::string truncate_to_width(std::string_view utf8, std::size_t width,
                              std::string_view ellipsis = "…");

// `utf8` padded with spaces to `width` columns, on the right (or on the left when right_align).
// Text already as wide or wider is returned unchanged; this never truncates.
std::string pad_to_width(std::string_view utf8, std::size_t width, bool right_align = false);

// Folds the full-width ASCII variants U+FF01–U+FF5E to their ASCII forms and the ideographic
// space U+3000 to ' ', so that "ＡＢＣ社区" and "ABC社区" compare equal. Everything else is kept.
std::string fold_width(std::string_view utf8);

// The key names are compared by: Unicode NFKC (libunistring), which folds compatibility forms
// — full-width letters and digits, the ideographic and no-break spaces, CJK compatibility
// ideographs and Kangxi radicals to the ideographs they look like, circled digits … — then
// trimmed. The stored name keeps its own characters. Text that is not valid UTF-8 is only
// width-folded and trimmed.
std::string name_key(std::string_view utf8);

// The first character that text kunqu stores may not hold: C0 controls and DEL (tab, line feed
// and carriage return allowed when `several_lines`), C1 controls, format characters (general
// category Cf: zero-width spaces and joiners, bidirectional controls such as U+202E, a byte-order
// mark in the middle of text, the soft hyphen …) and the line and paragraph separators U+2028
// and U+2029. nullopt when there is none. Bytes that are not UTF-8 are left to valid_utf8().
std::optional<char32_t> forbidden_character(std::string_view utf8, bool several_lines);

// A character as messages name it: "U+001B (ESC)", "U+200B (ZERO WIDTH SPACE)".
std::string describe_character(char32_t cp);

// `utf8` fit for a terminal: each C0 control as its visible symbol (ESC as ␛, U+241B), tab and
// line breaks as a space, and C1 controls and format characters as U+FFFD, so that nothing
// stored can move the cursor, recolour the screen or reorder a line. `keep_line_feeds`: line
// feeds stay (a message of several lines).
std::string printable(std::string_view utf8, bool keep_line_feeds = false);

// `s` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r) and U+3000.
std::string trim(std::string_view s);
// The trimmed text, or nullopt when nothing is left: how optional fields are stored.
std::optional<std::string> trimmed_or_null(std::string_view s);
// The same without a copy: a view into `s`.
std::string_view trim_view(std::string_view s);

// `s` with A–Z mapped to a–z; all other bytes unchanged.
std::string to_lower_ascii(std::string_view s);

// Whether a cell holds what registers write for "nothing here": 暂无, 无, '-', '—', '/', nan,
// null, n/a (full-width forms too). Read as empty where a field may be empty; 无 is also "no"
// in a yes/no field.
bool is_placeholder(std::string_view text);

// The edit distance between `a` and `b` (insertions, deletions, substitutions, and swaps of two
// neighbours, each one edit) counted in code points, after both are width-folded and ASCII
// letters lowered: '花楼' is 2 from '花楼街道', 'Stret' 1 from 'street', 'shwo' 1 from 'show'.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `max` of `candidates` nearest to `given`, to suggest for a name that is none of them:
// those that contain `given` or are contained in it first (shortest first), then the others by
// edit_distance; ties keep the candidates' order. Duplicates are listed once.
std::vector<std::string> nearest(std::string_view given, const std::vector<std::string>& candidates,
                                 std::size_t max);

}  // namespace kunqu::io
