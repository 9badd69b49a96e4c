// Tests for cmd/terminal: the locale's encoding (asked of the C library, else read from the
// name), arguments converted to UTF-8, the GB18030 stream buffer, and cli::run under
// LANG=zh_CN.GBK: stderr and a terminal's stdout in GB18030, piped stdout in UTF-8.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <clocale>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli.h"
#include "cli_run.h"
#include "error.h"
#include "i18n/messages.h"
#include "terminal.h"

namespace fs = std::filesystem;
using kunqu::Error;
using kunqu::ErrorKind;
using kunqu::io::Encoding;

namespace {

const std::string kStreetGbk = "\xD5\xD3\xCC\xB6\xBD\xD6\xB5\xC0";  // 沼潭街道 in GBK

using Result = kunqu::test::CliResult;

Result run(const fs::path& dir, std::map<std::string, std::string> env, std::vector<std::string> args,
           bool terminal) {
  env.emplace("KUNQU_DB", (dir / "registry.db").string());
  env.emplace("KUNQU_ACTOR", "tester");
  env.emplace("KUNQU_NOW", "2015-06-30T08:00:00Z");
  return kunqu::test::run_cli(std::move(args), std::move(env), terminal);
}

}  // namespace

TEST_CASE("the locale's encoding: from the C library, else from the locale's name") {
  using kunqu::cli::codeset_of;
  using kunqu::cli::locale_encoding;
  CHECK(codeset_of("zh_CN.GBK") == "GBK");
  CHECK(codeset_of("zh_CN.gb18030@pinyin") == "gb18030");
  CHECK(codeset_of("zh_CN") == "");
  CHECK(codeset_of("C") == "");
  CHECK(locale_encoding("") == Encoding::kUtf8);
  CHECK(locale_encoding("C") == Encoding::kUtf8);
  CHECK(locale_encoding("C.UTF-8") == Encoding::kUtf8);
  CHECK(locale_encoding("zh_CN.UTF-8") == Encoding::kUtf8);
  // Not installed anywhere: the codeset in the name still counts.
  CHECK(locale_encoding("xx_YY.GBK") == Encoding::kGb18030);
  CHECK(locale_encoding("xx_YY.gb2312") == Encoding::kGb18030);
  CHECK(locale_encoding("xx_YY.GB18030@euro") == Encoding::kGb18030);
  CHECK(locale_encoding("xx_YY.ISO-8859-1") == Encoding::kUtf8);
  // zh_CN.GBK as the C library knows it, or by its name where it is not generated; either way
  // LC_CTYPE is left as it was.
  const std::string before = std::setlocale(LC_CTYPE, nullptr);
  CHECK(locale_encoding("zh_CN.GBK") == Encoding::kGb18030);
  CHECK(std::string(std::setlocale(LC_CTYPE, nullptr)) == before);
}

TEST_CASE("the locale's encoding is for stderr always, for stdout on a terminal") {
  using kunqu::cli::in_locale_encoding;
  CHECK(in_locale_encoding(Encoding::kGb18030, true, false));
  CHECK(in_locale_encoding(Encoding::kGb18030, false, true));
  CHECK_FALSE(in_locale_encoding(Encoding::kGb18030, false, false));
  CHECK_FALSE(in_locale_encoding(Encoding::kUtf8, true, true));
}

TEST_CASE("arguments typed in GBK become UTF-8; one that is not GBK is a usage error naming it") {
  using kunqu::cli::arguments_to_utf8;
  const char* argv[] = {"kunqu", "org", "list", "--street", kStreetGbk.c_str()};
  auto args = arguments_to_utf8(5, argv, Encoding::kGb18030);
  CHECK(args == std::vector<std::string>{"kunqu", "org", "list", "--street", "沼潭街道"});
  // Under UTF-8 nothing changes.
  const char* utf8[] = {"kunqu", "\xD5\xD3"};
  CHECK(arguments_to_utf8(2, utf8, Encoding::kUtf8)[1] == "\xD5\xD3");
  const char* bad[] = {"kunqu", "org", "show", "\xFF\xFE"};
  try {
    arguments_to_utf8(4, bad, Encoding::kGb18030);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kUsage);
    CHECK(std::string(e.what()) == "argument 3 ('\\xff\\xfe') is not GB18030 text, the encoding of the locale");
  }
}

TEST_CASE("an argument in GBK that names a file on the disk is that file's name, unconverted") {
  using kunqu::cli::arguments_to_utf8;
  const auto dir = std::filesystem::temp_directory_path() / "kunqu-gbk-name";
  std::filesystem::create_directories(dir);
  const std::string named = (dir / kStreetGbk).string() + ".csv";  // 沼潭街道.csv, named in GBK bytes
  { std::ofstream(named) << "name\n"; }
  const std::string absent = (dir / kStreetGbk).string() + ".toml";
  const char* argv[] = {"kunqu", "org", "import", named.c_str(), absent.c_str()};
  const auto args = arguments_to_utf8(5, argv, Encoding::kGb18030);
  CHECK(args[3] == named);                                    // there: as typed
  CHECK(args[4] == (dir / "沼潭街道").string() + ".toml");    // not there: a name to make, in UTF-8
  std::filesystem::remove_all(dir);
}

TEST_CASE("Gb18030Buf: UTF-8 written in pieces goes out as GB18030") {
  std::ostringstream target;
  {
    kunqu::cli::Gb18030Buf buf(target.rdbuf());
    std::ostream out(&buf);
    out << "沼潭" << '\xE8' << '\xA1';  // 街 cut in two
    out.flush();
    CHECK(target.str() == "\xD5\xD3\xCC\xB6");
    out << '\x97' << "道\n";
  }
  CHECK(target.str() == kStreetGbk + "\n");
}

TEST_CASE("under LANG=zh_CN.GBK: GBK arguments, stderr in GB18030, stdout in it only on a terminal") {
  char tmpl[] = "/tmp/kunqu-gbk-XXXXXX";
  const fs::path dir = mkdtemp(tmpl);
  // Whatever fails: the folder goes, and the tests after this one read English.
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      fs::remove_all(dir);
      kunqu::i18n::use_language("C");
    }
  } cleanup{dir};
  const std::map<std::string, std::string> gbk = {{"LANG", "zh_CN.GBK"}};
  REQUIRE(run(dir, {}, {"-q", "db", "init", "--profile", KUNQU_EXAMPLES_DIR "/kundulun/profile.toml"}, false).code == 0);
  REQUIRE(run(dir, {}, {"-q", "org", "import", KUNQU_EXAMPLES_DIR "/kundulun/orgs.csv"}, false).code == 0);
  const std::vector<std::string> list = {"org", "list", "--street", kStreetGbk, "--limit", "1", "--format", "csv"};

  Result utf8 = run(dir, {}, {"org", "list", "--street", "沼潭街道", "--limit", "1", "--format", "csv"}, false);
  REQUIRE(utf8.code == 0);
  REQUIRE(utf8.out.find("沼潭街道") != std::string::npos);
  // Piped: the same UTF-8 as under a UTF-8 locale.
  Result piped = run(dir, gbk, list, false);
  CHECK(piped.code == 0);
  CHECK(piped.out == utf8.out);
  // On a terminal: GB18030.
  Result terminal = run(dir, gbk, list, true);
  CHECK(terminal.code == 0);
  std::string expected;
  kunqu::io::Gb18030Encoder().encode(utf8.out, expected, true);
  CHECK(terminal.out == expected);
  // Messages: Chinese, in GB18030, piped or not.
  Result missing = run(dir, gbk, {"org", "show", "K0099999"}, false);
  CHECK(missing.code == 4);
  CHECK(missing.err.find("\xC3\xBB\xD3\xD0\xC9\xE7\xBB\xE1\xD7\xE9\xD6\xAF") != std::string::npos);  // 没有社会组织
  CHECK(missing.err.find("没有") == std::string::npos);
  // An argument that is not GBK.
  Result bad = run(dir, gbk, {"org", "show", "\xFF"}, false);
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("\\xff") != std::string::npos);
}
