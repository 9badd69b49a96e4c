// Tests for io/csv: the csv-spectrum conformance files, positions, errors, buffer boundaries and
// the writer.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "io/csv.h"
#include "io/text.h"

using namespace kunqu::io;
using kunqu::Error;
using kunqu::ErrorKind;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows read_rows(const std::string& text, std::size_t buffer_size = CsvReader::kDefaultBufferSize) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", buffer_size);
  Rows rows;
  std::vector<CsvField> record;
  while (reader.next(record)) {
    std::vector<std::string> row;
    for (const CsvField& f : record) row.push_back(f.value);
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::vector<CsvField>> read_fields(const std::string& text,
                                               std::size_t buffer_size = 64 * 1024) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", buffer_size);
  std::vector<std::vector<CsvField>> records;
  std::vector<CsvField> record;
  while (reader.next(record)) records.push_back(record);
  return records;
}

// Reads `text` to the end and returns the one diagnostic of the error it must throw.
kunqu::Diagnostic read_error(const std::string& text, std::size_t buffer_size = 64 * 1024) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", buffer_size);
  std::vector<CsvField> record;
  try {
    while (reader.next(record)) {
    }
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInvalidData);
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].file == "t.csv");
    return e.diagnostics()[0];
  }
  FAIL("no error thrown for: " << text);
  return {};
}

// Just enough JSON for csv-spectrum's expected files: an array of objects whose values are
// strings. Keeps key order, since the test compares against the CSV header order.
class MiniJson {
 public:
  explicit MiniJson(std::string text) : s_(std::move(text)) {}

  std::vector<std::vector<std::pair<std::string, std::string>>> array_of_objects() {
    std::vector<std::vector<std::pair<std::string, std::string>>> out;
    expect('[');
    if (peek() == ']') {
      ++i_;
      return out;
    }
    for (;;) {
      out.push_back(object());
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect(']');
      break;
    }
    skip_space();
    REQUIRE(i_ == s_.size());
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> object() {
    std::vector<std::pair<std::string, std::string>> members;
    expect('{');
    if (peek() == '}') {
      ++i_;
      return members;
    }
    for (;;) {
      std::string key = string();
      expect(':');
      std::string value = string();
      members.emplace_back(key, value);
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect('}');
      return members;
    }
  }

  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      REQUIRE(i_ < s_.size());
      char c = s_[i_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      REQUIRE(i_ < s_.size());
      char e = s_[i_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'u': {
          REQUIRE(i_ + 4 <= s_.size());
          char32_t cp = static_cast<char32_t>(std::stoul(s_.substr(i_, 4), nullptr, 16));
          i_ += 4;
          append_utf8(out, cp);  // no surrogate pairs in these files
          break;
        }
        default:
          FAIL("bad escape \\" << e);
      }
    }
  }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'))
      ++i_;
  }
  char peek() {
    skip_space();
    REQUIRE(i_ < s_.size());
    return s_[i_];
  }
  void expect(char c) {
    REQUIRE(peek() == c);
    ++i_;
  }

  std::string s_;
  std::size_t i_ = 0;
};

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("csv-spectrum conformance") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(KUNQU_CONFORMANCE_DIR) / "csv-spectrum";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(root / "csvs")) {
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 11);
  for (const fs::path& csv : files) {
    const fs::path json = root / "json" / (csv.stem().string() + ".json");
    CAPTURE(csv.filename().string());
    auto expected = MiniJson(slurp(json)).array_of_objects();
    std::string text = slurp(csv);
    // The small buffer puts a boundary inside every kind of token at least once.
    for (std::size_t buffer_size : {std::size_t{64 * 1024}, std::size_t{7}, std::size_t{4}}) {
      CAPTURE(buffer_size);
      Rows rows = read_rows(text, buffer_size);
      REQUIRE(rows.size() == expected.size() + 1);
      const std::vector<std::string>& header = rows[0];
      for (std::size_t r = 0; r < expected.size(); ++r) {
        CAPTURE(r);
        const auto& object = expected[r];
        REQUIRE(rows[r + 1].size() == header.size());
        REQUIRE(object.size() == header.size());
        for (std::size_t c = 0; c < header.size(); ++c) {
          CHECK(object[c].first == header[c]);
          CHECK(object[c].second == rows[r + 1][c]);
        }
      }
    }
  }
}

TEST_CASE("records, separators and line breaks") {
  CHECK(read_rows("").empty());
  CHECK(read_rows("a,b\n") == Rows{{"a", "b"}});
  CHECK(read_rows("a,b") == Rows{{"a", "b"}});
  CHECK(read_rows("a,b\r\nc,d\r\n") == Rows{{"a", "b"}, {"c", "d"}});
  CHECK(read_rows("a,b\rc,d\r") == Rows{{"a", "b"}, {"c", "d"}});  // lone CR (old Mac)
  CHECK(read_rows("a,\n,b\n,\n") == Rows{{"a", ""}, {"", "b"}, {"", ""}});
  CHECK(read_rows("a,") == Rows{{"a", ""}});
  // An empty line in the middle is a record with one empty field; a final break adds nothing.
  CHECK(read_rows("a\n\nb\n") == Rows{{"a"}, {""}, {"b"}});
  CHECK(read_rows("a\r\n\r\nb\r\n") == Rows{{"a"}, {""}, {"b"}});
  CHECK(read_rows("\n") == Rows{{""}});
  CHECK(read_rows(" a , b ") == Rows{{" a ", " b "}});  // spaces are data
  CHECK(read_rows("a\tb;c") == Rows{{"a\tb;c"}});
}

TEST_CASE("quoted fields keep what is written") {
  CHECK(read_rows("\"a,b\",c\n") == Rows{{"a,b", "c"}});
  CHECK(read_rows("\"say \"\"hi\"\"\"\n") == Rows{{"say \"hi\""}});
  CHECK(read_rows("\"\"\"\"\n") == Rows{{"\""}});
  CHECK(read_rows("\"\",\"\"") == Rows{{"", ""}});
  CHECK(read_rows("\"line1\nline2\",x\n") == Rows{{"line1\nline2", "x"}});
  CHECK(read_rows("\"line1\r\nline2\",x\r\n") == Rows{{"line1\r\nline2", "x"}});
  CHECK(read_rows("\"line1\rline2\"\r") == Rows{{"line1\rline2"}});
  CHECK(read_rows("\"a\"\r\n\"b\"") == Rows{{"a"}, {"b"}});
  CHECK(read_rows("\"社区,服务\",中心\n") == Rows{{"社区,服务", "中心"}});
}

TEST_CASE("BOM is skipped only at the start") {
  CHECK(read_rows("\xEF\xBB\xBFname,code\r\n") == Rows{{"name", "code"}});
  CHECK(read_rows("\xEF\xBB\xBF") == Rows{});
  CHECK(read_rows("\xEF\xBB\xBF\"q\"") == Rows{{"q"}});
  CHECK(read_rows("a\n\uFEFFb\n") == Rows{{"a"}, {"\uFEFFb"}});
  // Columns after a BOM start at 1.
  auto records = read_fields("\xEF\xBB\xBFx,y");
  REQUIRE(records.size() == 1);
  CHECK(records[0][0].column == 1);
  CHECK(records[0][1].column == 3);
}

TEST_CASE("field positions count characters") {
  std::istringstream in("名称,统一社会信用代码,备注\n社区服务中心,\"9131\",\"多\n行\"\n\n尾,x\n");
  CsvReader reader(in, "t.csv");
  std::vector<CsvField> record;
  CHECK(reader.record_line() == 0);

  REQUIRE(reader.next(record));
  CHECK(reader.record_line() == 1);
  REQUIRE(record.size() == 3);
  CHECK(record[0].line == 1);
  CHECK(record[0].column == 1);
  CHECK(record[1].column == 4);
  CHECK(record[2].column == 13);

  REQUIRE(reader.next(record));
  CHECK(reader.record_line() == 2);
  REQUIRE(record.size() == 3);
  CHECK(record[0].column == 1);
  CHECK(record[1].value == "9131");
  CHECK(record[1].column == 8);  // the opening quote
  CHECK(record[2].value == "多\n行");
  CHECK(record[2].line == 2);
  CHECK(record[2].column == 15);

  REQUIRE(reader.next(record));
  CHECK(reader.record_line() == 4);  // the quoted break counted as a line
  REQUIRE(record.size() == 1);
  CHECK(record[0].value == "");

  REQUIRE(reader.next(record));
  CHECK(reader.record_line() == 5);
  REQUIRE(record.size() == 2);
  CHECK(record[0].value == "尾");
  CHECK(record[1].line == 5);
  CHECK(record[1].column == 3);
  CHECK_FALSE(reader.next(record));
  CHECK(record.empty());
  CHECK_FALSE(reader.next(record));
}

TEST_CASE("CRLF inside quotes counts as one line") {
  auto records = read_fields("\"a\r\nb\",c\r\nd\r\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0][1].line == 2);
  CHECK(records[0][1].column == 4);
  CHECK(records[1][0].line == 3);
}

TEST_CASE("errors are positioned") {
  SUBCASE("stray quote in an unquoted field") {
    kunqu::Diagnostic d = read_error("a,b\n社区,ab\"c\",d\n");
    CHECK(d.message == "unexpected '\"' in unquoted field");
    CHECK(d.line == 2);
    CHECK(d.column == 6);
    CHECK_FALSE(d.hint.empty());
  }
  SUBCASE("text after a closing quote") {
    kunqu::Diagnostic d = read_error("x,\"ab\"c,d\n");
    CHECK(d.message == "unexpected 'c' after closing quote");
    CHECK(d.line == 1);
    CHECK(d.column == 7);
    kunqu::Diagnostic space = read_error("\"ab\" ,d\n");
    CHECK(space.message == "unexpected character after closing quote");
    CHECK(space.column == 5);
  }
  SUBCASE("unterminated quote is reported at the opening quote") {
    kunqu::Diagnostic d = read_error("a,b\n1,\"社区\nno end,3\n");
    CHECK(d.message == "unterminated quoted field");
    CHECK(d.line == 2);
    CHECK(d.column == 3);
    kunqu::Diagnostic small = read_error("a,b\n1,\"社区\nno end,3\n", 4);
    CHECK(small.line == 2);
    CHECK(small.column == 3);
  }
  SUBCASE("NUL bytes") {
    kunqu::Diagnostic d = read_error(std::string("ab,c\0d\n", 7));
    CHECK(d.message == "NUL byte in the file");
    CHECK(d.line == 1);
    CHECK(d.column == 5);
    kunqu::Diagnostic quoted = read_error(std::string("x\n\"a\0\"\n", 7));
    CHECK(quoted.line == 2);
    CHECK(quoted.column == 3);
    // UTF-16LE text without a BOM, as some exports produce, fails on its first NUL.
    kunqu::Diagnostic utf16 = read_error(std::string("n\0a\0", 4));
    CHECK(utf16.message == "NUL byte in the file");
    CHECK(utf16.column == 2);
  }
  SUBCASE("invalid UTF-8") {
    kunqu::Diagnostic d = read_error("id,name\n1,\xC3\xFB\xB3\xC6\n");  // GBK 名称
    CHECK(d.message == "invalid UTF-8 byte 0xc3");
    CHECK(d.line == 2);
    CHECK(d.column == 3);
    CHECK(d.hint == "save the file as UTF-8, or pass ‹encoding› gb18030");
    // A truncated sequence before a separator, inside quotes, and at the end of input.
    CHECK(read_error("社\xE5\x8C,x").column == 2);
    CHECK(read_error("\"社\xE5\x8C\",x").column == 3);
    CHECK(read_error("x,\xE5\x8C").column == 3);
    CHECK(read_error("\xED\xA0\x80").message == "invalid UTF-8 byte 0xed");  // surrogate
    CHECK(read_error("\xC0\xAF").column == 1);                               // overlong
    CHECK(read_error("ab\x80").column == 3);                                 // stray continuation
  }
  SUBCASE("errors across buffer boundaries") {
    for (std::size_t size = 4; size <= 12; ++size) {
      CAPTURE(size);
      kunqu::Diagnostic d = read_error("aaaaa,bbbbbbb,\"ccccc\"x\n", size);
      CHECK(d.column == 22);
      kunqu::Diagnostic u = read_error("aaaaaaa,社区\xE5\x8C\n", size);
      CHECK(u.column == 11);
    }
  }
}

TEST_CASE("small buffers give the same records as a large one") {
  std::string text = "\xEF\xBB\xBF名称,代码,备注\r\n";
  text += "社区服务中心,91310115MA1K3BTP2B,\"含,逗号\"\r\n";
  text += "\"长字段 " + std::string(100, 'x') + " 社区\",\"\"\"quoted\"\"\",\"a\r\nb\"\r\n";
  text += "\n";
  text += "x,\"\",\"\"\"\"\r";
  text += "end,\"多\n行\",😀";
  const auto expected = read_fields(text);
  REQUIRE(expected.size() == 6);
  CHECK(expected[1][2].value == "含,逗号");
  CHECK(expected[2][0].value.size() > 100);  // longer than any small buffer below
  CHECK(expected[2][2].value == "a\r\nb");
  CHECK(expected[3][0].value == "");
  CHECK(expected[4][2].value == "\"");
  CHECK(expected[5][2].value == "😀");
  for (std::size_t size = 1; size <= 20; ++size) {
    CAPTURE(size);
    auto got = read_fields(text, size);
    REQUIRE(got.size() == expected.size());
    for (std::size_t r = 0; r < got.size(); ++r) {
      REQUIRE(got[r].size() == expected[r].size());
      for (std::size_t c = 0; c < got[r].size(); ++c) {
        CHECK(got[r][c].value == expected[r][c].value);
        CHECK(got[r][c].line == expected[r][c].line);
        CHECK(got[r][c].column == expected[r][c].column);
      }
    }
  }
}

TEST_CASE("record vector is reused") {
  std::istringstream in("a,b,c\nd\ne,f\n");
  CsvReader reader(in, "t.csv", 7);
  std::vector<CsvField> record;
  REQUIRE(reader.next(record));
  CHECK(record.size() == 3);
  REQUIRE(reader.next(record));
  REQUIRE(record.size() == 1);
  CHECK(record[0].value == "d");
  REQUIRE(reader.next(record));
  REQUIRE(record.size() == 2);
  CHECK(record[1].value == "f");
}

TEST_CASE("writer quotes only what needs it") {
  std::ostringstream out;
  CsvWriter writer(out);
  writer.write_row(std::vector<std::string>{"a", "b,c", "say \"hi\"", "", "社区"});
  writer.write_row(std::vector<std::optional<std::string>>{std::nullopt, "x", std::string(" lead"),
                                                           std::string("trail "), "l1\nl2"});
  writer.write_row(std::vector<std::string>{"cr\rhere", "crlf\r\nhere", "in side"});
  CHECK(out.str() ==
        "a,\"b,c\",\"say \"\"hi\"\"\",,社区\r\n"
        ",x,\" lead\",\"trail \",\"l1\nl2\"\r\n"
        "\"cr\rhere\",\"crlf\r\nhere\",in side\r\n");
}

TEST_CASE("writer BOM and single empty fields") {
  std::ostringstream out;
  CsvWriter writer(out, true);
  writer.write_row(std::vector<std::string>{"名称"});
  writer.write_row(std::vector<std::string>{""});
  writer.write_row(std::vector<std::optional<std::string>>{std::nullopt});
  CHECK(out.str() == "\xEF\xBB\xBF名称\r\n\"\"\r\n\"\"\r\n");
  CHECK(read_rows(out.str()) == Rows{{"名称"}, {""}, {""}});
}

TEST_CASE("writer output reads back unchanged") {
  const Rows rows = {
      {"名称", "代码", "备注"},
      {"社区服务中心", "91310115MA1K3BTP2B", ""},
      {"\"quoted\"", "a,b", " padded "},
      {"multi\nline", "crlf\r\ninside", "cr\ronly"},
      {"", "", ""},
      {"\"", ",", "\"\""},
      {"😀 emoji", "ＡＢＣ", "tab\there"},
  };
  std::ostringstream out;
  CsvWriter writer(out, true);
  for (const auto& row : rows) writer.write_row(row);
  for (std::size_t size : {std::size_t{64 * 1024}, std::size_t{5}}) {
    CHECK(read_rows(out.str(), size) == rows);
  }
}

TEST_CASE("a CSV for Excel never holds a cell Excel would run as a formula") {
  for (const char* f : {"=1+2", "@SUM(A1)", "+1+2", "-2+3", "\tx", "\rx", "＝1", "＠x", "－2+3", "-A1", "+ 1"}) {
    CAPTURE(f);
    CHECK(formula_like(f));
    CHECK(guard_formula(f) == std::string("'") + f);
    CHECK(unguard_formula(guard_formula(f)) == f);
  }
  for (const char* plain : {"-5.00", "+3", "-1,000.50", "-", "+", "心愿协会", "0472-5430831", "", "'"}) {
    CAPTURE(plain);
    CHECK_FALSE(formula_like(plain));
  }
  // A value that really begins with ' is guarded too, so reading back strips exactly one.
  CHECK(guard_formula("'=x") == "''=x");
  CHECK(guard_formula("'abc") == "''abc");
  CHECK(unguard_formula("''abc") == "'abc");
  CHECK(unguard_formula("'abc") == "'abc");  // not kunqu's guard: kept as written
  CHECK(guard_formula("-5.00") == "-5.00");

  std::ostringstream out;
  CsvWriter writer(out, true, true);
  writer.write_row(std::vector<std::string>{"=HYPERLINK(\"http://x\")", "-5.00", "'abc", "@x,y"});
  CHECK(out.str() == "\xEF\xBB\xBF\"'=HYPERLINK(\"\"http://x\"\")\",-5.00,''abc,\"'@x,y\"\r\n");
  std::ostringstream plain;
  CsvWriter unguarded(plain);
  unguarded.write_row(std::vector<std::string>{"=1+2"});
  CHECK(plain.str() == "=1+2\r\n");
}

TEST_CASE("a larger file streams through a small buffer") {
  std::ostringstream out;
  CsvWriter writer(out);
  for (int i = 0; i < 2000; ++i) {
    writer.write_row(std::vector<std::string>{std::to_string(i), "社区" + std::to_string(i),
                                              i % 7 == 0 ? "x,\"y\"\nz" : "plain"});
  }
  std::istringstream in(out.str());
  CsvReader reader(in, "big.csv", 1000);
  std::vector<CsvField> record;
  int count = 0;
  int line = 1;
  while (reader.next(record)) {
    REQUIRE(record.size() == 3);
    CHECK(record[0].value == std::to_string(count));
    CHECK(reader.record_line() == line);
    line += count % 7 == 0 ? 2 : 1;
    ++count;
  }
  CHECK(count == 2000);
}
