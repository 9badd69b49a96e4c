// Tests for the look-up mode of a registry (`org show` and the other commands that read a few
// records): the file is mapped, only there, and a mapped file cut short under a reader ends the
// process with a message and exit code 1, not a crash.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <sstream>
#include <string>

#include "context.h"
#include "error.h"
#include "fixture.h"
#include "registry/registry.h"

using namespace kunqu;
using kunqu::registry::Mode;
using kunqu::registry::Registry;
using test::TempDir;

namespace {

std::int64_t mapped(Registry& reg) {
  auto q = reg.prepare("PRAGMA mmap_size");
  REQUIRE(q.step());
  return *q.integer(0);
}

std::int64_t org_count(Registry& reg) {
  auto q = reg.prepare("SELECT count(*) FROM org");
  REQUIRE(q.step());
  return *q.integer(0);
}

}  // namespace

TEST_CASE("a look-up maps the registry file and cannot write it; reading and writing connections do not map it") {
  TempDir dir;
  const std::string path = dir.file("registry.db");
  test::make_file_registry(path);
  Registry look = Registry::open(path, Mode::kLookUp, test::test_session());
  CHECK(mapped(look) > 0);  // as much as SQLite maps
  CHECK_FALSE(look.serialized());
  CHECK(org_count(look) == 0);
  CHECK_THROWS(look.exec("CREATE TABLE scratch (x INTEGER)"));
  Registry read = Registry::open(path, Mode::kReadOnly, test::test_session());
  CHECK(mapped(read) == 0);
  Registry write = Registry::open(path, Mode::kReadWrite, test::test_session());
  CHECK(mapped(write) == 0);
}

TEST_CASE("the kunqu binary leaves a reading command's connection for its end, not a writing one's") {
  TempDir dir;
  const std::string path = dir.file("registry.db");
  test::make_file_registry(path);
  std::istringstream in;
  std::ostringstream out, err;
  cli::Context ctx(cli::Io{in, out, err}, {{"KUNQU_DB", path}});
  ctx.ends_process = true;  // as cmd/main.cpp has it
  for (Mode mode : {Mode::kLookUp, Mode::kReadOnly}) {
    { auto reg = ctx.open(mode); }
    CHECK(test::open_files(path) == 1);
  }
  { auto reg = ctx.open(Mode::kReadWrite); }
  CHECK(test::open_files(path) == 0);
  ctx.ends_process = false;  // a test's commands, or anything else that goes on after them
  { auto reg = ctx.open(Mode::kLookUp); }
  CHECK(test::open_files(path) == 0);
}

TEST_CASE("a look-up refuses an older schema, as a reading command does") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  Registry::create(path, test::test_session(), std::nullopt, 17);
  auto e = test::error_of([&] { Registry::open(path, Mode::kLookUp, test::test_session()); });
  CHECK(e.kind() == ErrorKind::kIo);
  CHECK(test::contains(e.what(), "older than this kunqu"));
}

TEST_CASE("a registry cut short while a look-up reads it: a message and exit code 1, not a crash") {
  TempDir dir;
  const std::string path = dir.file("registry.db");
  {
    Registry reg = test::make_file_registry(path);
    // Pages enough that most of them lie past what is left of the file below.
    reg.exec("CREATE TABLE filler (x BLOB)");
    reg.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
             "INSERT INTO filler SELECT zeroblob(8000) FROM n");
  }
  int err[2];
  REQUIRE(::pipe(err) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(err[1], 2);
    ::close(err[0]);
    try {
      cli::report_read_faults(path);
      Registry look = Registry::open(path, Mode::kLookUp, test::test_session());
      org_count(look);                                  // the file is mapped now
      if (::truncate(path.c_str(), 16384) != 0) ::_exit(41);  // someone cuts it short
      auto q = look.prepare("SELECT max(substr(x, 7990)) FROM filler");
      q.step();  // reads pages that are no longer there
    } catch (...) {
      ::_exit(42);
    }
    ::_exit(43);
  }
  ::close(err[1]);
  std::string said;
  char buf[512];
  for (ssize_t n; (n = ::read(err[0], buf, sizeof buf)) > 0;) said.append(buf, static_cast<std::size_t>(n));
  ::close(err[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(said == "kunqu: could not read '" + path + "': the file failed, or was cut short while kunqu read it\n");
}
