// Tests for io/encoding: names, detection, and decoding with positioned errors.
#include <doctest/doctest.h>

#include <string>

#include "error.h"
#include "io/encoding.h"

using namespace kunqu::io;
using kunqu::Error;
using kunqu::ErrorKind;

namespace {

// Runs to_utf8 and returns the error it throws; fails the test when it does not throw.
Error decode_error(std::string_view bytes, Encoding from) {
  try {
    to_utf8(bytes, from, "in.csv");
  } catch (const Error& e) {
    return e;
  }
  FAIL("to_utf8 did not throw");
  return Error(ErrorKind::kInternal, "unreachable");
}

}  // namespace

TEST_CASE("parse_encoding") {
  CHECK(parse_encoding("utf-8") == Encoding::kUtf8);
  CHECK(parse_encoding("UTF8") == Encoding::kUtf8);
  CHECK(parse_encoding("Utf-8") == Encoding::kUtf8);
  CHECK(parse_encoding("gb18030") == Encoding::kGb18030);
  CHECK(parse_encoding("GBK") == Encoding::kGb18030);
  CHECK(parse_encoding("gb2312") == Encoding::kGb18030);
  CHECK(parse_encoding("CP936") == Encoding::kGb18030);
  CHECK_FALSE(parse_encoding("latin1"));
  CHECK_FALSE(parse_encoding(""));
  CHECK_FALSE(parse_encoding("utf-16"));
  CHECK(std::string(encoding_name(Encoding::kGb18030)) == "gb18030");
}

TEST_CASE("detect_encoding") {
  CHECK(detect_encoding("") == Encoding::kUtf8);
  CHECK(detect_encoding("name,code\n") == Encoding::kUtf8);
  CHECK(detect_encoding("名称,社区\n") == Encoding::kUtf8);
  CHECK(detect_encoding("\xEF\xBB\xBF名称") == Encoding::kUtf8);
  // GB18030 for 名称,社区
  CHECK(detect_encoding("\xC3\xFB\xB3\xC6,\xC9\xE7\xC7\xF8\n") == Encoding::kGb18030);
  // A sample that cuts 社 (E7 A4 BE) short is still UTF-8.
  CHECK(detect_encoding("名称,\xE7") == Encoding::kUtf8);
  CHECK(detect_encoding("名称,\xE7\xA4") == Encoding::kUtf8);
  CHECK(detect_encoding("x\xF0\x9F\x98") == Encoding::kUtf8);
  CHECK(detect_encoding("x\xE0\xA0") == Encoding::kUtf8);
  // ... but not a prefix that could never complete, nor a cut in the middle.
  CHECK(detect_encoding("x\xE0\x80") == Encoding::kGb18030);
  CHECK(detect_encoding("x\xED\xA0") == Encoding::kGb18030);
  CHECK(detect_encoding("x\xFF") == Encoding::kGb18030);
  CHECK(detect_encoding("\xE7\xA4,x") == Encoding::kGb18030);
  // UTF-8 text with a bad byte after it is UTF-8 with a bad byte (refused where it is), once a
  // few characters decoded as UTF-8 before it; a GBK pair that UTF-8 happens to accept is not
  // enough (全 is C8 AB in GBK).
  CHECK(detect_encoding("名称,社区\n夕阳红\x80") == Encoding::kUtf8);
  CHECK(detect_encoding("\xC8\xAB\xC3\xFB") == Encoding::kGb18030);
}

TEST_CASE("to_utf8 from GB18030") {
  // 名称,社区\n as GB18030 (also valid GBK).
  const std::string gb = "\xC3\xFB\xB3\xC6,\xC9\xE7\xC7\xF8\n";
  CHECK(to_utf8(gb, Encoding::kGb18030, "in.csv") == "名称,社区\n");
  CHECK(to_utf8("", Encoding::kGb18030, "in.csv") == "");
  // A four-byte GB18030 sequence: U+20000 (CJK extension B) is 95 32 82 36.
  CHECK(to_utf8("\x95\x32\x82\x36", Encoding::kGb18030, "in.csv") == "\xF0\xA0\x80\x80");
  // Long input makes the output buffer grow.
  std::string many;
  std::string expected;
  for (int i = 0; i < 5000; ++i) {
    many += gb;
    expected += "名称,社区\n";
  }
  CHECK(to_utf8(many, Encoding::kGb18030, "in.csv") == expected);
}

TEST_CASE("to_utf8 from GB18030 reports undecodable bytes with their position") {
  // Line 2, after "社区" and a comma: 0xFF is never valid in GB18030.
  Error e = decode_error("\xC3\xFB\xB3\xC6\n\xC9\xE7\xC7\xF8,\xFF\x30", Encoding::kGb18030);
  CHECK(e.kind() == ErrorKind::kInvalidData);
  REQUIRE(e.diagnostics().size() == 1);
  const kunqu::Diagnostic& d = e.diagnostics()[0];
  CHECK(d.file == "in.csv");
  CHECK(d.line == 2);
  CHECK(d.column == 4);
  CHECK(d.field == "");
  CHECK(d.message.find("not decodable as GB18030") != std::string::npos);
  CHECK_FALSE(d.hint.empty());

  // A lead byte with nothing after it at the end of the input.
  Error cut = decode_error("ab\xC3", Encoding::kGb18030);
  REQUIRE(cut.diagnostics().size() == 1);
  CHECK(cut.diagnostics()[0].line == 1);
  CHECK(cut.diagnostics()[0].column == 3);
}

TEST_CASE("to_utf8 from UTF-8 validates and keeps the bytes") {
  CHECK(to_utf8("\xEF\xBB\xBF名称", Encoding::kUtf8, "in.csv") == "\xEF\xBB\xBF名称");
  Error e = decode_error("名称\n社区,\xFF", Encoding::kUtf8);
  CHECK(e.kind() == ErrorKind::kInvalidData);
  REQUIRE(e.diagnostics().size() == 1);
  const kunqu::Diagnostic& d = e.diagnostics()[0];
  CHECK(d.file == "in.csv");
  CHECK(d.line == 2);
  CHECK(d.column == 4);
  CHECK(d.message == "invalid UTF-8 byte 0xff");
  CHECK(d.hint == "save the file as UTF-8, or pass ‹encoding› gb18030");
  CHECK(std::string(e.what()) == "in.csv:2:4: invalid UTF-8 byte 0xff");

  // GBK bytes read as UTF-8 fail at the first one.
  Error gbk = decode_error("id,\xC3\xFB\xB3\xC6", Encoding::kUtf8);
  CHECK(gbk.diagnostics()[0].column == 4);
  CHECK(gbk.diagnostics()[0].message == "invalid UTF-8 byte 0xc3");
}

TEST_CASE("Gb18030Encoder: UTF-8 out as GB18030, a character cut in two kept for the next piece") {
  Gb18030Encoder encoder;
  std::string out;
  CHECK(encoder.encode("沼潭街道 A1", out) == 15);
  CHECK(out == "\xD5\xD3\xCC\xB6\xBD\xD6\xB5\xC0 A1");
  // Beyond GBK: GB18030's four-byte sequences.
  out.clear();
  CHECK(encoder.encode("😀", out) == 4);
  CHECK(out == "\x94\x39\xFC\x36");
  // 街 (E8 A1 97) cut after its second byte: the cut part is left for the next piece.
  out.clear();
  const std::string text = "x街";
  CHECK(encoder.encode(std::string_view(text).substr(0, 3), out) == 1);
  CHECK(out == "x");
  CHECK(encoder.encode(std::string_view(text).substr(1), out) == 3);
  CHECK(out == "x\xBD\xD6");
  // Bytes that are not UTF-8 become '?'; so does a cut character when nothing follows.
  out.clear();
  CHECK(encoder.encode("a\xFF" "b", out) == 3);
  CHECK(out == "a?b");
  out.clear();
  CHECK(encoder.encode("a\xE8\xA1", out, true) == 3);
  CHECK(out == "a??");
}
