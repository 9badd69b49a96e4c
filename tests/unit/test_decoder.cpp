// DecodingBuf: chunked decoding with hashing; encoding decided by the first non-ASCII chunk;
// a decoding error ends the stream and is rethrown with its position.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "error.h"
#include "io/decoder.h"
#include "io/digest.h"

using kunqu::Error;
using kunqu::io::DecodingBuf;
using kunqu::io::Encoding;

namespace {

std::string read_all(DecodingBuf& buf) {
  std::istream in(&buf);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "名称" in GB18030, then "社区".
const std::string kGbName = "\xC3\xFB\xB3\xC6";
const std::string kGbCommunity = "\xC9\xE7\xC7\xF8";

}  // namespace

TEST_CASE("a file that starts in ASCII is decided by its first non-ASCII chunk") {
  std::string ascii(3 * DecodingBuf::kChunk + 17, 'a');
  std::istringstream in(ascii + "\n" + kGbName + "," + kGbCommunity + "\n");
  DecodingBuf buf(in, std::nullopt, "late.csv");
  std::string text = read_all(buf);
  CHECK(buf.encoding() == Encoding::kGb18030);
  CHECK(text == ascii + "\n名称,社区\n");
  buf.rethrow();  // nothing pending
}

TEST_CASE("GB18030 characters cut by a chunk boundary decode whole; the digest covers the raw bytes") {
  std::string raw(DecodingBuf::kChunk - 1, 'x');
  raw += kGbName;  // its first byte is the chunk's last
  std::istringstream in(raw);
  DecodingBuf buf(in, Encoding::kGb18030, "cut.csv");
  CHECK(read_all(buf) == std::string(DecodingBuf::kChunk - 1, 'x') + "名称");
  CHECK(buf.sha256() == kunqu::io::sha256_hex(raw));
  CHECK(buf.sha256() == kunqu::io::sha256_hex(raw));  // asking twice gives the same answer
}

TEST_CASE("undecodable bytes end the stream and wait to be rethrown with their position") {
  std::string raw = "name\n" + kGbName + "\n" + std::string(DecodingBuf::kChunk, 'y') + "\n\xFF\xFF\n";
  std::istringstream in(raw);
  DecodingBuf buf(in, Encoding::kGb18030, "bad.csv");
  read_all(buf);
  REQUIRE(buf.failed());
  try {
    buf.rethrow();
    FAIL("expected an error");
  } catch (const Error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].file == "bad.csv");
    CHECK(e.diagnostics()[0].line == 4);
    CHECK(e.diagnostics()[0].column == 1);
    CHECK(e.diagnostics()[0].message == "bytes not decodable as GB18030 (starting with 0xff)");
  }
}
