// The import pipeline (registry/import.h) with a kind of its own over a scratch table: counts,
// the audit entry, dry runs, refusals placed at their cells, warnings and --strict, the bulk
// load's indexes, every problem handed to the front end; and the pieces it is made of (LineIndex,
// column letters, a place that names its field in Chinese).
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "error.h"
#include "fixture.h"
#include "i18n/messages.h"
#include "io/text.h"
#include "org/org.h"
#include "registry/import.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "vocab/vocab.h"

using namespace kunqu;
using registry::ImportKind;
using registry::ImportRun;
using registry::Registry;

namespace {

// One column, `name` (or 名字): a row named "warn…" is written with a warning, "bad" is
// refused, "skip" is skipped.
class Names : public ImportKind {
 public:
  bool bulk = false;
  std::vector<std::string> repeated;  // the indexes repeats() was told of
  std::int64_t threads_then = -1, cache_then = 0;  // the connection's sorter threads and cache in repeats()
  bool finished = false;
  bool noted = false;                    // finish() writes a note per thing (the derived table)
  int worded = 0;                        // the warnings worded (the rest only counted)
  std::int64_t note_indexes_then = -1;   // thing_note's indexes while finish() ran

  std::string bulk_table() const override { return bulk ? "thing" : ""; }
  std::vector<std::string> bulk_derived_tables() const override {
    return noted ? std::vector<std::string>{"thing_note"} : std::vector<std::string>{};
  }
  Verdict check(ImportRun& run, const io::RawRecord& rec) override {
    const io::RawField* f = rec.find(0);
    name_ = f ? io::trim(f->value) : "";
    const bool warn = name_.rfind("warn", 0) == 0;
    if (warn && !run.wants_warning()) {
      run.count_warning();
    } else if (name_ == "bad" || warn) {
      worded += warn;
      auto d = io::problem_at(run.file(), rec, f, "name", name_ == "bad" ? "is bad" : "is doubtful");
      if (warn) d->severity = Severity::kWarning;
      run.add(*d);
    }
    return name_ == "skip" ? Verdict::kSkip : Verdict::kWrite;
  }
  bool write(ImportRun& run, const io::RawRecord& rec) override {
    run.reg.prepare("INSERT INTO thing (name, batch) VALUES (?, ?)").bind(1, name_).bind(2, run.batch()).run();
    run.wrote(run.reg.last_insert_rowid(), rec.line);
    return true;
  }
  void repeats(ImportRun& run, const std::string& index) override {
    repeated.push_back(index);
    auto threads = run.reg.prepare("PRAGMA threads");
    threads.step();
    threads_then = *threads.integer(0);
    auto cache = run.reg.prepare("PRAGMA cache_size");
    cache.step();
    cache_then = *cache.integer(0);
    run.add(Diagnostic{run.file(), 0, 0, "name", "repeats another row"});
  }
  void finish(ImportRun& run) override {
    finished = true;
    if (!noted) return;
    auto q = run.reg.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'thing_note'");
    q.step();
    note_indexes_then = *q.integer(0);
    run.reg.prepare("INSERT INTO thing_note (thing_id) SELECT id FROM thing WHERE batch = ?").bind(1, run.batch()).run();
  }
  void describe(const ImportRun& run, io::JsonObject& detail) const override {
    detail.add("rows", static_cast<long long>(run.result.rows)).add("added", static_cast<long long>(run.result.added));
  }

 private:
  std::string name_;
};

Registry scratch() {
  Registry reg = test::make_registry(false);
  reg.exec("CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL, batch INTEGER)");
  reg.exec("CREATE UNIQUE INDEX thing_name ON thing (name)");
  reg.exec("CREATE TABLE thing_note (id INTEGER PRIMARY KEY, thing_id INTEGER NOT NULL)");
  reg.exec("CREATE INDEX thing_note_thing ON thing_note (thing_id)");
  return reg;
}

registry::ImportResult load(Registry& reg, Names& kind, const std::string& text, registry::ImportOptions options = {}) {
  std::istringstream in(text);
  io::ReadOptions ro;
  ro.resolve = [](std::string_view h) -> std::optional<std::size_t> {
    if (h == "name" || h == "名字") return 0;
    return std::nullopt;
  };
  io::RecordReader reader(in, "names.csv", ro);
  return registry::run_import(reg, reader, options, "thing.import", kind);
}

std::int64_t count(Registry& reg, const std::string& sql) {
  auto q = reg.prepare(sql);
  q.step();
  return *q.integer(0);
}

std::string last_detail(Registry& reg) {
  auto q = reg.prepare("SELECT action || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1");
  q.step();
  return q.text_or(0, "");
}

}  // namespace

TEST_CASE("column letters are a spreadsheet's") {
  CHECK(column_letter(0) == "");
  CHECK(column_letter(1) == "A");
  CHECK(column_letter(26) == "Z");
  CHECK(column_letter(27) == "AA");
  CHECK(column_letter(52) == "AZ");
  CHECK(column_letter(53) == "BA");
  CHECK(column_letter(702) == "ZZ");
  CHECK(column_letter(703) == "AAA");
}

TEST_CASE("a problem is placed at its cell, and not at all where the reader refused the cell") {
  const std::vector<std::string> headers = {"序号", "名称（全称）"};
  io::RawRecord rec;
  rec.line = 4;
  rec.column = 1;
  rec.headers = &headers;
  io::RawField name{1, "红星舞蹈队", 4, 5};
  name.cell = 2;
  rec.fields.push_back(name);
  auto d = io::problem_at("orgs.csv", rec, &rec.fields[0], "name", "is taken", "a hint");
  REQUIRE(d);
  CHECK(d->to_string() == "orgs.csv:4:5: name: is taken");
  CHECK(d->cell == 2);
  CHECK(d->header == "名称（全称）");
  CHECK(d->hint == "a hint");
  auto whole = io::problem_at("orgs.csv", rec, nullptr, "hub", "names no org");
  REQUIRE(whole);
  CHECK(whole->to_string() == "orgs.csv:4:1: hub: names no org");
  CHECK(whole->cell == 0);
  rec.fields[0].refused = true;
  CHECK_FALSE(io::problem_at("orgs.csv", rec, &rec.fields[0], "name", "is required"));
}

TEST_CASE("table_of reads each column as its type: money in yuan, the rest as text") {
  Registry reg = scratch();
  reg.exec("CREATE TABLE paid (n INTEGER, amount INTEGER, note TEXT)");
  reg.exec("INSERT INTO paid VALUES (1, 123450, '首期'), (2, NULL, NULL), (3, -5, '冲销')");
  auto q = reg.prepare("SELECT n, amount, note FROM paid ORDER BY n");
  io::Table t = registry::table_of(q, "payment", {{"n", io::ColumnType::kInteger}, {"amount", io::ColumnType::kMoney}, {"note"}});
  CHECK(t.record_name == "payment");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == io::Row{std::string("1"), std::string("1234.50"), std::string("首期")});
  CHECK(t.rows[1] == io::Row{std::string("2"), std::nullopt, std::nullopt});
  CHECK(t.rows[2] == io::Row{std::string("3"), std::string("-0.05"), std::string("冲销")});
}

namespace {
template <typename F>
std::string usage_error(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kUsage);
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("a filter's option refuses a value it does not take, naming the option as an input") {
  CHECK(usage_error([] { registry::option_choice("sort", "colour", {"key", "name"}); }) ==
        "‹sort› 'colour' is not one of key, name");
  CHECK(registry::option_choice("sort", " name ", {"key", "name"}) == "name");
  CHECK(usage_error([] { registry::option_date("founded_since", "2015-13-01"); }).rfind("‹founded_since›: ", 0) == 0);
  CHECK(registry::option_year("year", "2015") == 2015);
  CHECK(usage_error([] { registry::option_year("year", "1800"); }) ==
        "‹year› 1800 is outside the years kunqu keeps (1900 to 2199)");
  CHECK(registry::option_span("due_within", "90d", "2015-01-01") == "2015-04-01");
  CHECK(registry::option_span("older_than", "1y", "2015-06-30", true) == "2014-06-30");
  CHECK(usage_error([] { registry::option_span("older_than", "soon", "2015-06-30", true); }) ==
        "‹older_than› 'soon' is not a span like 90d, 6m or 1y");

  registry::Where where;
  where.text(std::string(" 沼潭街道 "), " AND street = ?");
  where.text(std::nullopt, " AND community = ?");
  where.dates("founded", std::string("2013-01-01"), std::nullopt, "founded");
  CHECK(where.sql() == " WHERE 1 AND street = ? AND founded >= ?");
}

TEST_CASE("LineIndex names the line that wrote a record, runs and strays alike") {
  registry::LineIndex lines;
  lines.add(5, 2);
  lines.add(6, 3);
  lines.add(7, 4);
  lines.add(3, 9);  // an update of an older record: out of order
  lines.add(8, 10);
  CHECK(lines.line_of(5) == 2);
  CHECK(lines.line_of(7) == 4);
  CHECK(lines.line_of(3) == 9);
  CHECK(lines.line_of(8) == 10);
  CHECK(lines.line_of(4) == 0);
  CHECK(lines.line_of(9) == 0);
}

TEST_CASE("the pipeline writes each checked row, counts them and records the input") {
  Registry reg = scratch();
  Names kind;
  auto r = load(reg, kind, "name\na\nskip\nb\n");
  CHECK(r.rows == 3);
  CHECK(r.added == 2);
  CHECK(r.skipped == 1);
  CHECK(kind.finished);
  CHECK(r.batch > 0);
  CHECK(count(reg, "SELECT count(*) FROM thing WHERE batch = " + std::to_string(r.batch)) == 2);
  const std::string detail = last_detail(reg);
  CHECK(detail.rfind("thing.import {\"file\":\"names.csv\",\"sha256\":\"", 0) == 0);
  CHECK(detail.find("\"encoding\":\"utf-8\",\"rows\":3,\"added\":2}") != std::string::npos);

  SUBCASE("a dry run checks everything and writes nothing") {
    Names again;
    registry::ImportOptions dry;
    dry.dry_run = true;
    auto d = load(reg, again, "name\nc\nd\n", dry);
    CHECK(d.added == 2);
    CHECK(d.batch == 0);
    CHECK(count(reg, "SELECT count(*) FROM thing") == 2);
    CHECK(last_detail(reg).find("\"rows\":3") != std::string::npos);  // still the first import's entry
  }
}

TEST_CASE("a problem refuses the whole file, placed at its cell with the header as written") {
  Registry reg = scratch();
  Names kind;
  Error e = test::error_of([&] { load(reg, kind, "名字\na\nbad\n"); });
  CHECK(e.kind() == ErrorKind::kInvalidData);
  CHECK(std::string(e.what()) == "1 problem; nothing was imported from 'names.csv'");
  REQUIRE(e.diagnostics().size() == 1);
  const Diagnostic& d = e.diagnostics()[0];
  CHECK(d.to_string() == "names.csv:3:A 名字: is bad");
  CHECK(d.cell == 1);
  CHECK(column_letter(d.cell) == "A");
  CHECK(d.header == "名字");
  CHECK_FALSE(d.warning());
  CHECK(count(reg, "SELECT count(*) FROM thing") == 0);
  CHECK(count(reg, "SELECT count(*) FROM audit WHERE action = 'thing.import'") == 0);
}

TEST_CASE("a warning is shown and the import goes on; --strict refuses it") {
  Registry reg = scratch();
  std::vector<Diagnostic> shown;
  reg.session().on_warning = [&](const Diagnostic& d) { shown.push_back(d); };

  SUBCASE("shown") {
    Names kind;
    auto r = load(reg, kind, "name\nwarn\nb\n");
    CHECK(r.added == 2);
    REQUIRE(shown.size() == 1);
    CHECK(shown[0].warning());
    CHECK(shown[0].to_string() == "names.csv:2:A name: is doubtful");
    CHECK(shown[0].header == "name");
    CHECK(count(reg, "SELECT count(*) FROM thing") == 2);
  }
  SUBCASE("beyond --max-errors, counted") {
    Names kind;
    registry::ImportOptions o;
    o.max_errors = 1;
    load(reg, kind, "name\nwarn\nother\nb\n", o);
    REQUIRE(shown.size() == 1);
    Names more;
    reg.exec("DELETE FROM thing");
    shown.clear();
    // Three warnings, one shown and a count of the rest (the unique names keep them apart).
    reg.exec("DROP INDEX thing_name");
    load(reg, more, "name\nwarn\nwarn\nwarn\n", o);
    REQUIRE(shown.size() == 2);
    CHECK(shown[1].to_string() == "… and 2 more warnings not shown (raise ‹max_errors› to see them)");
    CHECK(shown[1].warning());
  }
  SUBCASE("strict") {
    reg.session().strict = true;
    Names kind;
    Error e = test::error_of([&] { load(reg, kind, "name\nwarn\nb\n"); });
    CHECK(e.kind() == ErrorKind::kInvalidData);
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].to_string() == "names.csv:2:A name: is doubtful");
    CHECK_FALSE(e.diagnostics()[0].warning());
    CHECK(shown.empty());
    CHECK(count(reg, "SELECT count(*) FROM thing") == 0);
  }
}

TEST_CASE("a bulk load drops the table's indexes and builds them again after the last row") {
  Registry reg = scratch();
  Names kind;
  kind.bulk = true;
  SUBCASE("built again") {
    auto r = load(reg, kind, "name\na\nb\n");
    CHECK(r.added == 2);
    CHECK(count(reg, "SELECT count(*) FROM sqlite_master WHERE name = 'thing_name'") == 1);
    CHECK(kind.repeated.empty());
  }
  SUBCASE("a unique index that cannot be built names the repeats, and nothing is written") {
    Error e = test::error_of([&] { load(reg, kind, "name\na\nb\na\n"); });
    CHECK(e.kind() == ErrorKind::kInvalidData);
    CHECK(kind.repeated == std::vector<std::string>{"thing_name"});
    CHECK(count(reg, "SELECT count(*) FROM thing") == 0);
    CHECK(count(reg, "SELECT count(*) FROM sqlite_master WHERE name = 'thing_name'") == 1);
  }
  SUBCASE("built with a 2 MB cache and, given a second core, a helper thread; the connection's own after") {
    const std::int64_t threads_before = count(reg, "PRAGMA threads"), cache_before = count(reg, "PRAGMA cache_size");
    CHECK(threads_before == 0);  // SQLite's default: no helper threads
    CHECK_THROWS_AS(load(reg, kind, "name\na\nb\na\n"), Error);
    CHECK(kind.threads_then == (std::thread::hardware_concurrency() > 1 ? 1 : 0));
    CHECK(kind.cache_then == -2048);
    CHECK(count(reg, "PRAGMA threads") == threads_before);
    CHECK(count(reg, "PRAGMA cache_size") == cache_before);
  }
  SUBCASE("not into a table that holds rows") {
    reg.exec("INSERT INTO thing (name) VALUES ('z')");
    Error e = test::error_of([&] { load(reg, kind, "name\na\na\n"); });
    CHECK(e.kind() == ErrorKind::kInvalidData);  // the index stood: the second 'a' failed as it was written
    CHECK(kind.repeated.empty());
    CHECK(count(reg, "SELECT count(*) FROM thing") == 1);
  }
}

TEST_CASE("a bulk load's derived tables, empty before it, have their indexes built after finish()") {
  Registry reg = scratch();
  Names kind;
  kind.bulk = true;
  kind.noted = true;
  const std::string index_sql = "CREATE INDEX thing_note_thing ON thing_note (thing_id)";
  auto index_now = [&] {
    auto q = reg.prepare("SELECT group_concat(sql, ';') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'thing_note'");
    q.step();
    return q.text_or(0, "");
  };
  SUBCASE("dropped while finish() writes, the same index after") {
    load(reg, kind, "name\na\nb\n");
    CHECK(kind.note_indexes_then == 0);
    CHECK(index_now() == index_sql);
    CHECK(count(reg, "SELECT count(*) FROM thing_note") == 2);
    // The index holds every row: a look-up through it finds them.
    CHECK(count(reg, "SELECT count(*) FROM thing_note INDEXED BY thing_note_thing WHERE thing_id > 0") == 2);
  }
  SUBCASE("a refused file and a dry run leave it as it was") {
    CHECK_THROWS_AS(load(reg, kind, "name\na\nbad\n"), Error);
    CHECK(index_now() == index_sql);
    registry::ImportOptions dry;
    dry.dry_run = true;
    Names again;
    again.bulk = again.noted = true;
    load(reg, again, "name\na\n", dry);
    CHECK(again.note_indexes_then == 0);
    CHECK(index_now() == index_sql);
    CHECK(count(reg, "SELECT count(*) FROM thing_note") == 0);
  }
  SUBCASE("kept while finish() writes into a derived table that holds rows") {
    reg.exec("INSERT INTO thing_note (thing_id) VALUES (99)");
    load(reg, kind, "name\na\n");
    CHECK(kind.note_indexes_then == 1);
    CHECK(index_now() == index_sql);
    CHECK(count(reg, "SELECT count(*) FROM thing_note") == 2);
  }
}

TEST_CASE("every problem reaches on_problem as it is found, listed or not, warnings as errors under --strict") {
  Registry reg = scratch();
  std::vector<Diagnostic> seen;
  registry::ImportOptions o;
  o.max_errors = 1;
  o.on_problem = [&](Diagnostic& d) {
    d.field_zh = "名字";
    seen.push_back(d);
  };
  Names kind;
  Error e = test::error_of([&] { load(reg, kind, "name\nwarn\nbad\nbad2\nbad\n", o); });
  CHECK(std::string(e.what()) == "2 problems; nothing was imported from 'names.csv'");
  REQUIRE(seen.size() == 3);  // the warning, and both errors though one is listed
  CHECK(seen[0].warning());
  CHECK_FALSE(seen[1].warning());
  CHECK(seen[2].line == 5);
  REQUIRE(e.diagnostics().size() == 2);       // one listed, one line counting the rest
  CHECK(e.diagnostics()[0].field_zh == "名字");  // what the hook added is kept

  seen.clear();
  reg.session().strict = true;
  Names strict;
  test::error_of([&] { load(reg, strict, "name\nwarn\n", o); });
  REQUIRE(seen.size() == 1);
  CHECK_FALSE(seen[0].warning());
}

TEST_CASE("without a report of every problem, a warning past the listed ones is counted, not worded") {
  Registry reg = scratch();
  registry::ImportOptions o;
  o.max_errors = 2;
  std::vector<std::string> listed;
  o.on_listed = [&](Diagnostic& d) {
    d.field_zh = "名字";
    listed.push_back(d.message);
  };
  std::vector<Diagnostic> warned;
  reg.session().on_warning = [&](const Diagnostic& d) { warned.push_back(d); };
  const std::string file = "name\nwarn1\na\nwarn2\nwarn3\nwarn4\n";
  SUBCASE("no report: two worded and listed, two counted") {
    Names kind;
    auto r = load(reg, kind, file, o);
    CHECK(r.added == 5);
    CHECK(kind.worded == 2);
    CHECK(listed == std::vector<std::string>{"is doubtful", "is doubtful"});
    REQUIRE(warned.size() == 3);
    CHECK(warned[0].field_zh == "名字");  // what on_listed added is shown
    // The front end names the flag.
    CHECK(warned[2].message == "… and 2 more warnings not shown (raise ‹max_errors› to see them)");
  }
  SUBCASE("a report of every problem: all four worded, two listed") {
    int reported = 0;
    o.on_problem = [&](Diagnostic&) { ++reported; };
    Names kind;
    load(reg, kind, file, o);
    CHECK(kind.worded == 4);
    CHECK(reported == 4);
    CHECK(listed.size() == 2);
    CHECK(warned.size() == 3);
  }
}

TEST_CASE("under Chinese a place names the field in Chinese after a header or field written in English") {
  Diagnostic d{"orgs.csv", 3, 17, "founded", "is no date"};
  d.cell = 8;
  d.row = 3;
  d.header = "founded";
  d.field_zh = "成立日期";
  CHECK(d.to_string() == "orgs.csv:3:H founded: is no date");  // English: as it was
  kunqu::i18n::use_language("zh_CN.UTF-8");
  CHECK(d.to_string() == "orgs.csv:3:H founded（成立日期）: is no date");
  CHECK(d.named("Founded Date") == "Founded Date（成立日期）");
  // A Chinese header is the field's Chinese name or an alias of it, with or without its note.
  d.header = "成立日期（年/月/日）";
  CHECK(d.to_string() == "orgs.csv:3:H 成立日期（年/月/日）: is no date");
  d.header = "成立时间";
  CHECK(d.to_string() == "orgs.csv:3:H 成立时间: is no date");
  // A whole row's problem names its field; TOML its key.
  Diagnostic row{"orgs.csv", 4, 1, "hub", "names no org"};
  row.row = 4;
  row.field_zh = "枢纽组织";
  CHECK(row.to_string() == "orgs.csv:4: hub（枢纽组织）: names no org");
  Diagnostic toml{"orgs.toml", 7, 11, "founded", "is no date"};
  toml.field_zh = "成立日期";
  CHECK(toml.to_string() == "orgs.toml:7:11: founded（成立日期）: is no date");
  // Nothing known, nothing added.
  toml.field_zh.clear();
  CHECK(toml.to_string() == "orgs.toml:7:11: founded: is no date");
  kunqu::i18n::use_language("C");
  CHECK(row.to_string() == "orgs.csv:4: hub: names no org");
}

TEST_CASE("a field's Chinese name is its first Chinese header, found by its key or any alias") {
  CHECK(org::header_zh("founded") == "成立日期");
  CHECK(org::header_zh("成立日期") == "成立日期");
  CHECK(org::header_zh("credit_code") == "统一社会信用代码");
  CHECK(org::header_zh("no_such_field").empty());
  const std::vector<vocab::FileColumn> columns = {{"org", {"组织", "org_key"}}, {"note", {"remark", "备注", "说明"}},
                                                  {"id", {}}};
  CHECK(vocab::chinese_header(columns, "org") == "组织");
  CHECK(vocab::chinese_header(columns, "note") == "备注");
  CHECK(vocab::chinese_header(columns, "REMARK") == "备注");
  CHECK(vocab::chinese_header(columns, "id").empty());
  CHECK(vocab::chinese_header(columns, "other").empty());
}
