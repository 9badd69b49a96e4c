// Command tests: cli::run with string streams, as terminal and as pipe; every command has
// help with examples; the README names every command; every TOML 1.0 file that toml-test
// calls invalid is refused by `org import` with a positioned error, exit 3, nothing written.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "cli.h"
#include "cli_run.h"
#include "i18n/messages.h"
#include "io/sheet.h"
#include "problems.h"
#include "registry/import.h"

namespace fs = std::filesystem;

namespace {

using Result = kunqu::test::CliResult;

struct Sandbox {
  fs::path dir;
  std::map<std::string, std::string> env;  // more of the environment, over the defaults
  Sandbox() {
    char tmpl[] = "/tmp/kunqu-cli-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  ~Sandbox() { fs::remove_all(dir); }

  Result run(std::vector<std::string> args, bool terminal = false, const std::string& input = "") const {
    std::map<std::string, std::string> vars = {{"KUNQU_DB", (dir / "registry.db").string()},
                                               {"KUNQU_ACTOR", "tester"},
                                               {"KUNQU_NOW", "2015-06-30T08:00:00Z"}};
    for (const auto& [name, value] : env) vars[name] = value;
    return kunqu::test::run_cli(std::move(args), vars, terminal, input);
  }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("output layout follows the terminal; values do not") {
  Sandbox box;
  REQUIRE(box.run({"-q", "db", "init", "--profile", KUNQU_EXAMPLES_DIR "/kundulun/profile.toml"}).code == 0);
  auto imp = box.run({"org", "import", KUNQU_EXAMPLES_DIR "/kundulun/orgs.csv"});
  REQUIRE(imp.code == 0);
  CHECK(imp.err.find("502 added") != std::string::npos);

  auto pipe = box.run({"org", "list", "--street", "昆河镇", "--tier", "registered"}, false);
  auto term = box.run({"org", "list", "--street", "昆河镇", "--tier", "registered"}, true);
  REQUIRE(pipe.code == 0);
  REQUIRE(term.code == 0);
  CHECK(pipe.out.rfind("key,name,tier,type,category,street,community,status,registered_on,filed_on\r\n", 0) == 0);
  CHECK(term.out.rfind("key       name", 0) == 0);
  // Every value of the CSV appears in the table too.
  std::istringstream lines(pipe.out);
  std::string line;
  std::getline(lines, line);
  int rows = 0;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ','))
      if (!cell.empty()) CHECK(term.out.find(cell) != std::string::npos);
    ++rows;
  }
  CHECK(rows > 0);
  CHECK(term.out.find("--------") != std::string::npos);

  auto json = box.run({"org", "show", "51150200MJ0581473A", "--format", "json"});
  CHECK(json.code == 0);
  CHECK(json.out.find("\"name\":\"包头市心愿公益协会\"") != std::string::npos);
  CHECK(json.out.find("\"community\":null") != std::string::npos);
  CHECK(json.out.find("\"funds\":\"60000.00\"") != std::string::npos);
}

TEST_CASE("the library's words for inputs and steps are said as the command line's flags and commands") {
  using kunqu::cli::command_words;
  CHECK(command_words("use ‹on_conflict› skip (‹org credit list› shows them)") ==
        "use --on-conflict skip (kunqu org credit list shows them)");
  CHECK(command_words("‹year› '2015' and ‹due_within›") == "--year '2015' and --due-within");
  // A guillemet of the text itself (a name, a quote) is left as it is.
  CHECK(command_words("‹红星› ‹Abc› ‹ year› ‹a") == "‹红星› ‹Abc› ‹ year› ‹a");
  CHECK(command_words("‹‹amount›") == "‹--amount");
  CHECK(command_words("no words") == "no words");
}

TEST_CASE("an org list refused for its flag names the flag") {
  Sandbox box;
  REQUIRE(box.run({"-q", "db", "init"}).code == 0);
  auto bad = box.run({"org", "list", "--founded-since", "2015-13-01"});
  CHECK(bad.code == 2);
  CHECK(bad.err.rfind("kunqu: --founded-since: ", 0) == 0);
  CHECK(bad.err.find("‹") == std::string::npos);
}

TEST_CASE("--format xlsx: a workbook to a pipe or a file, never to a terminal; cells of the columns' types") {
  using kunqu::io::SheetCell;
  Sandbox box;
  fs::create_directory(box.dir / "tmp");
  box.env["TMPDIR"] = (box.dir / "tmp").string();
  REQUIRE(box.run({"-q", "db", "init", "--profile", KUNQU_EXAMPLES_DIR "/kundulun/profile.toml"}).code == 0);
  REQUIRE(box.run({"-q", "org", "import", KUNQU_EXAMPLES_DIR "/kundulun/orgs.csv"}).code == 0);
  const std::string columns = "key,credit_code,registered_on,funds,staff,phone";
  const std::vector<std::string> list = {"--format", "xlsx", "org", "list", "--columns", columns, "--limit", "2"};

  // A terminal is refused before anything is written, with what to do instead.
  auto term = box.run(list, true);
  CHECK(term.code == 2);
  CHECK(term.out.empty());
  CHECK(term.err.find("add -o FILE.xlsx") != std::string::npos);

  auto pipe = box.run(list, false);
  REQUIRE(pipe.code == 0);
  REQUIRE(kunqu::io::workbook_kind(pipe.out) == kunqu::io::WorkbookKind::kXlsx);
  auto sheet = kunqu::io::open_xlsx(pipe.out, "list.xlsx", "");
  CHECK(sheet->sheet_names() == std::vector<std::string>{"org"});
  kunqu::io::SheetRow row;
  REQUIRE(sheet->next(row));
  REQUIRE(row.cells.size() == 6);
  CHECK(row.cells[1].text == "credit_code");
  REQUIRE(sheet->next(row));
  REQUIRE(row.cells.size() == 6);
  CHECK(row.cells[1].kind == SheetCell::Kind::kText);  // 18 characters, never a number
  CHECK(row.cells[1].text == "52150203MJ04169538");
  CHECK(row.cells[2].kind == SheetCell::Kind::kDate);
  CHECK(row.cells[2].text == "2012-08-11");
  CHECK(row.cells[3].kind == SheetCell::Kind::kNumber);  // money, shown 0.00
  CHECK(row.cells[3].number == 90000);
  CHECK(row.cells[4].kind == SheetCell::Kind::kNumber);
  CHECK(row.cells[4].text == "7");
  CHECK(row.cells[5].kind == SheetCell::Kind::kText);  // a phone number keeps its leading zero
  CHECK(row.cells[5].text == "0472-5430831");

  // -o FILE.xlsx (or --format xlsx -o FILE) writes the file whatever standard output is.
  auto file = box.run({"org", "export", "-o", (box.dir / "orgs.xlsx").string()}, true);
  CHECK(file.code == 0);
  CHECK(file.out.empty());
  auto named = box.run({"--format", "xlsx", "org", "export", "-o", (box.dir / "orgs.bin").string()}, true);
  CHECK(named.code == 0);
  std::ifstream in(box.dir / "orgs.bin", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(kunqu::io::workbook_kind(bytes) == kunqu::io::WorkbookKind::kXlsx);
  CHECK(box.run({"--format", "xlsx", "org", "export", "-o", "-"}, true).code == 2);
  // Nothing of the workbooks is left behind in $TMPDIR.
  CHECK(fs::is_empty(box.dir / "tmp"));
}

TEST_CASE("an import reports every problem only with --errors; the listed ones are named in Chinese either way") {
  Sandbox box;
  std::istringstream in;
  std::ostringstream out, err;
  kunqu::cli::Context ctx(kunqu::cli::Io{in, out, err, false, false}, {});
  const kunqu::cli::HeaderZh zh = [](std::string_view field) { return field == "name" ? "名称" : ""; };
  kunqu::registry::ImportOptions o;
  kunqu::Diagnostic d("orgs.csv", 2, 1, "name", "is doubtful");
  SUBCASE("without --errors: no report of every problem, so warnings past the listed are not worded") {
    kunqu::cli::with_problems(ctx, std::nullopt, "orgs.csv", zh, o, [&] {
      CHECK_FALSE(o.on_problem);
      REQUIRE(o.on_listed);
      o.on_listed(d);
    });
    CHECK(d.field_zh == "名称");
  }
  SUBCASE("with --errors: every problem goes to the file") {
    const std::string report = (box.dir / "problems.csv").string();
    kunqu::cli::with_problems(ctx, report, "orgs.csv", zh, o, [&] {
      REQUIRE(o.on_problem);
      o.on_problem(d);
    });
    CHECK(d.field_zh == "名称");
    CHECK(read_file(report).find("is doubtful") != std::string::npos);
  }
}

TEST_CASE("exit codes") {
  Sandbox box;
  CHECK(box.run({"org", "list"}).code == 1);  // no registry
  CHECK(box.run({"org", "list"}).err.find("kunqu db init") != std::string::npos);
  REQUIRE(box.run({"-q", "db", "init"}).code == 0);
  CHECK(box.run({"org", "nosuchverb"}).code == 2);
  CHECK(box.run({"org", "list", "--tier", "company"}).code == 2);
  CHECK(box.run({"org", "list", "--no-such-flag"}).code == 2);
  CHECK(box.run({"org", "show", "K0000099"}).code == 4);
  auto bad = box.run({"org", "add", "--name", "x", "--tier", "registered"});
  CHECK(bad.code == 3);
  CHECK(bad.err.find("credit_code: is required for a registered org") != std::string::npos);
  CHECK(box.run({"org", "list"}).code == 0);  // empty is ok
  CHECK(box.run({"help", "exit-codes"}).out.find("5  the registry stayed busy") != std::string::npos);
  auto version = box.run({"--version"});
  CHECK(version.code == 0);
  CHECK(version.out == "kunqu 0.1.0 (schema 18, SQLite " + std::string(kunqu::registry::sqlite_version()) + ")\n");
  CHECK(version.out == kunqu::cli::version_line());
}

TEST_CASE("a typo is answered with the nearest name; a noun alone and help NOUN give its help") {
  using kunqu::cli::did_you_mean;
  const std::vector<std::string> verbs = {"add", "show", "list", "update", "import", "export", "events"};
  CHECK(did_you_mean("lst", verbs) == " (did you mean 'list'?)");
  CHECK(did_you_mean("imprt", verbs) == " (did you mean 'import'?)");
  CHECK(did_you_mean("exprot", verbs) == " (did you mean 'export'?)");  // two letters swapped: one edit
  CHECK(did_you_mean("imp", verbs) == " (did you mean 'import'?)");     // the start of one
  CHECK(did_you_mean("ex", verbs).empty());                             // too short to be a start
  CHECK(did_you_mean("zzz", verbs).empty());
  CHECK(did_you_mean("--limt", {"--limit", "--tier", "--db"}) == " (did you mean '--limit'?)");
  CHECK(did_you_mean("shwo", {"show", "shop"}) == " (did you mean 'show'?)");
  CHECK(did_you_mean("sho", {"show", "shop"}) == " (did you mean 'show', 'shop'?)");

  Sandbox box;
  REQUIRE(box.run({"-q", "db", "init"}).code == 0);
  const auto noun = box.run({"org"});
  CHECK(noun.code == 0);
  CHECK(noun.err.empty());
  CHECK(noun.out == box.run({"org", "--help"}).out);
  CHECK(box.run({"help", "org"}).out == noun.out);
  CHECK(box.run({"help", "org", "list"}).out == box.run({"org", "list", "--help"}).out);
  const auto flag = box.run({"org", "list", "--limt", "3"});
  CHECK(flag.code == 2);
  CHECK(flag.err == "kunqu: unknown option '--limt' for 'kunqu org list' (did you mean '--limit'?)\n"
                    "Run 'kunqu org list --help' for usage.\n");
  const auto bogus = box.run({"--bogus"});
  CHECK(bogus.code == 2);
  CHECK(bogus.err.find("unknown option '--bogus' for 'kunqu'") != std::string::npos);
  CHECK(box.run({"help", "org", "lst"}).code == 2);
  CHECK(box.run({"help", "nosuchtopic"}).code == 2);
}

TEST_CASE("report periods: one not begun is a usage error, one not ended a warning that --strict leaves one") {
  Sandbox box;
  box.env["KUNQU_NOW"] = "2026-12-06T02:00:00Z";  // 10:00 on 6 December 2026 in Shanghai
  REQUIRE(box.run({"-q", "db", "init"}).code == 0);
  auto later = box.run({"report", "monthly", "--month", "2099-01", "--format", "csv"});
  CHECK(later.code == 2);
  CHECK(later.out.empty());
  CHECK(later.err == "kunqu: the month 2099-01 has not begun (today is 2026-12-06)\n");
  auto year = box.run({"report", "annual", "--year", "2027", "--format", "csv"});
  CHECK(year.code == 2);
  CHECK(year.err == "kunqu: the year 2027 has not begun (today is 2026-12-06)\n");
  for (bool strict : {false, true}) {
    std::vector<std::string> args = {"report", "monthly", "--month", "2026-12", "--format", "csv"};
    if (strict) args.insert(args.begin(), "--strict");
    auto now = box.run(args);
    CHECK(now.code == 0);
    CHECK(now.err == "warning: the month 2026-12 has not ended; its figures are as of today, 2026-12-06\n");
    CHECK(now.out.find("orgs,orgs,total,,0,0,0,orgs") != std::string::npos);
  }
  auto quiet = box.run({"-q", "report", "annual", "--year", "2026", "--format", "csv"});
  CHECK(quiet.code == 0);
  CHECK(quiet.err == "warning: the year 2026 has not ended; its figures are as of today, 2026-12-06\n");
  for (const char* month : {"2026-11", "last"}) {
    auto ended = box.run({"report", "monthly", "--month", month, "--format", "csv"});
    CHECK(ended.code == 0);
    CHECK(ended.err.empty());
  }
  CHECK(box.run({"report", "annual", "--year", "last", "--format", "csv"}).err.empty());
}

TEST_CASE("report -o DIR/ that cannot be made: the reason in words, in the reader's language") {
  Sandbox box;
  REQUIRE(box.run({"-q", "db", "init"}).code == 0);
  { std::ofstream(box.dir / "taken") << "a file, not a folder\n"; }
  const std::string dir = (box.dir / "taken" / "sections").string() + "/";
  auto made = box.run({"report", "monthly", "--month", "2015-05", "-o", dir});
  CHECK(made.code == 1);
  CHECK(made.err == "kunqu: cannot make the directory '" + dir + "': a part of the path is not a folder\n");
  box.env["LANG"] = "zh_CN.UTF-8";
  box.env["KUNQU_LOCALEDIR"] = KUNQU_BUILD_LOCALEDIR;
  made = box.run({"report", "monthly", "--month", "2015-05", "-o", dir});
  CHECK(made.code == 1);
  CHECK(made.err.find("路径中有一部分不是文件夹") != std::string::npos);
  kunqu::i18n::use_language("C");
}

TEST_CASE("every command has a description and pasteable examples, and the README names it") {
  auto docs = kunqu::cli::command_docs();
  REQUIRE(docs.size() > 15);
  const std::string readme = read_file(fs::path(KUNQU_EXAMPLES_DIR).parent_path() / "README.md");
  REQUIRE(!readme.empty());
  for (const auto& d : docs) {
    CAPTURE(d.path);
    CHECK(!d.description.empty());
    auto at = d.footer.find("Examples:\n");
    REQUIRE(at != std::string::npos);
    // Each example line is a kunqu command line (or a pipeline into one) for this command.
    std::istringstream lines(d.footer.substr(at + 10));
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      CHECK(line.find("kunqu") != std::string::npos);
      ++n;
    }
    CHECK(n > 0);
    if (d.leaf) CHECK(readme.find("`" + d.path) != std::string::npos);
  }
}

TEST_CASE("the examples in --help parse (run against the example district's profile, never a usage error)") {
  Sandbox box;
  // The examples name its streets and communities, which list filters check against the profile.
  REQUIRE(box.run({"-q", "db", "init", "--profile", KUNQU_EXAMPLES_DIR "/kundulun/profile.toml"}).code == 0);
  // Examples write files (export -o orgs.csv): keep them in the sandbox.
  const fs::path cwd = fs::current_path();
  fs::current_path(box.dir);
  for (const auto& d : kunqu::cli::command_docs()) {
    if (!d.leaf || d.path == "kunqu db init") continue;
    std::istringstream lines(d.footer.substr(d.footer.find("Examples:\n") + 10));
    std::string line;
    while (std::getline(lines, line)) {
      auto start = line.find("kunqu ");
      if (start == std::string::npos || line.find('|') != std::string::npos || line.find('>') != std::string::npos)
        continue;
      // Split on spaces (the examples quote nothing).
      std::vector<std::string> args;
      std::istringstream words(line.substr(start + 6));
      std::string w;
      while (words >> w) args.push_back(w);
      for (auto& a : args)
        if (a.rfind("examples/", 0) == 0) a = fs::path(KUNQU_EXAMPLES_DIR).parent_path() / a;
      auto r = box.run(args);
      CAPTURE(line);
      CAPTURE(r.err);
      CHECK(r.code != 2);
    }
  }
  fs::current_path(cwd);
}

TEST_CASE("toml-test: every invalid TOML 1.0 file is refused with a position, exit 3, nothing written") {
  Sandbox box;
  REQUIRE(box.run({"-q", "db", "init"}).code == 0);
  const fs::path base = KUNQU_CONFORMANCE_DIR "/toml-test";
  std::ifstream list(base / "files-toml-1.0.0");
  REQUIRE(list);
  std::string rel;
  int checked = 0;
  const auto db_before = read_file(box.dir / "registry.db");
  while (std::getline(list, rel)) {
    if (rel.rfind("invalid/", 0) != 0 || rel.size() < 5 || rel.substr(rel.size() - 5) != ".toml") continue;
    const std::string path = (base / rel).string();
    auto r = box.run({"org", "import", path});
    CAPTURE(rel);
    CAPTURE(r.err);
    CHECK(r.code == 3);
    // The first line names the file and a line and column.
    CHECK(r.err.rfind(path + ":", 0) == 0);
    std::smatch m;
    const std::string first = r.err.substr(0, r.err.find('\n'));
    CHECK(std::regex_search(first, m, std::regex("^[^:]+:[0-9]+:[0-9]+: ")));
    ++checked;
  }
  CHECK(checked > 400);
  auto count = box.run({"db", "info", "--format", "csv"});
  CHECK(count.out.find(",0,0,0,0,2,") != std::string::npos);  // no orgs; two audit entries (create, init)
}

TEST_CASE("progress goes to a terminal's stderr only, and is cleared before the summary") {
  Sandbox box;
  REQUIRE(box.run({"-q", "db", "init", "--profile", KUNQU_EXAMPLES_DIR "/kundulun/profile.toml"}).code == 0);
  auto term = box.run({"org", "import", KUNQU_EXAMPLES_DIR "/kundulun/orgs.csv"}, true);
  REQUIRE(term.code == 0);
  CHECK(term.err.find("\rread 256 rows") != std::string::npos);
  // The line is cleared, then the summary follows on a clean line.
  CHECK(term.err.find("\r\x1b[Kimported '") != std::string::npos);

  Sandbox quiet_box;
  REQUIRE(quiet_box.run({"-q", "db", "init", "--profile", KUNQU_EXAMPLES_DIR "/kundulun/profile.toml"}).code == 0);
  auto pipe = quiet_box.run({"org", "import", KUNQU_EXAMPLES_DIR "/kundulun/orgs.csv"}, false);
  REQUIRE(pipe.code == 0);
  CHECK(pipe.err.find('\r') == std::string::npos);
  CHECK(pipe.err.rfind("imported '", 0) == 0);

  auto exported = box.run({"org", "export", "-o", (box.dir / "all.csv").string()}, true);
  CHECK(exported.code == 0);
  CHECK(exported.err.find("exported 502 orgs") != std::string::npos);
}

TEST_CASE("the org add examples in --help work as pasted") {
  Sandbox box;
  REQUIRE(box.run({"-q", "db", "init", "--profile", KUNQU_EXAMPLES_DIR "/kundulun/profile.toml"}).code == 0);
  for (const auto& d : kunqu::cli::command_docs()) {
    if (d.path != "kunqu org add") continue;
    std::istringstream lines(d.footer.substr(d.footer.find("Examples:\n") + 10));
    std::string line;
    int ran = 0;
    while (std::getline(lines, line)) {
      auto start = line.find("kunqu ");
      if (start == std::string::npos) continue;
      std::vector<std::string> args;
      std::istringstream words(line.substr(start + 6));
      std::string w;
      while (words >> w) args.push_back(w);
      auto r = box.run(args);
      CAPTURE(line);
      CAPTURE(r.err);
      CHECK(r.code == 0);
      ++ran;
    }
    CHECK(ran == 2);
  }
}
