// Shared helpers for the unit tests: an in-memory registry with the real migrations and a
// fixed session clock (2015-06-30T08:00:00Z, i.e. 2015-06-30 in Asia/Shanghai), an optional
// small district profile, input records built from {field, value} pairs, and valid credit
// codes computed with the library's own check-character functions.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <initializer_list>
#include <doctest/doctest.h>
#include <vector>
#include <sstream>
#include <string>
#include <utility>

#include "error.h"
#include "io/records.h"
#include "io/table.h"
#include "org/fields.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "validate/credit_code.h"

namespace kunqu::test {

// How many of this process's open files are `path` (an SQLite connection holds its file open).
inline int open_files(const std::string& path) {
  int n = 0;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code gone;  // the iterator's own descriptor, closed by now
    if (std::filesystem::read_symlink(fd.path(), gone) == std::filesystem::path(path)) ++n;
  }
  return n;
}

inline registry::Session test_session() {
  registry::Session s;
  s.actor = "tester";
  s.command_line = "kunqu test";
  s.now_utc = "2015-06-30T08:00:00Z";
  return s;
}

// The session of a process that ends with its command, as the kunqu binary's reading commands
// open the registry (registry::Session::ends_with_process).
inline registry::Session ending_session() {
  registry::Session session = test_session();
  session.ends_with_process = true;
  return session;
}

// Two streets, two or three communities each, one population figure per street.
inline constexpr const char* kTestProfile = R"(
[district]
name = "昆都仑区"
code = "150203"
city = "包头市"

[[street]]
name = "林荫路街道"
communities = ["林荫路社区", "乌兰社区", "富强路社区"]
population = [{ year = 2015, residents = 59983, kind = "resident" }]

[[street]]
name = "前进道街道"
communities = ["文化路社区", "新光社区"]
population = [{ year = 2015, residents = 60109 }]
)";

// A fresh directory under /tmp, removed with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/kunqu-test-XXXXXX";
    const char* made = ::mkdtemp(tmpl);
    REQUIRE(made != nullptr);
    path = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// Stores kTestProfile, in its own transaction, audited as `db init` does.
inline void store_test_profile(registry::Registry& reg) {
  std::istringstream in(kTestProfile);
  profile::Profile p = profile::parse(in, "profile.toml");
  registry::Transaction tx(reg);
  profile::store(reg, p);
  reg.audit("db.init", std::nullopt, "{}");
  tx.commit();
}

// An in-memory registry with every migration applied; with `with_profile`, kTestProfile is
// stored in it (in its own transaction, audited as `db init` does). `now_utc` moves its clock from 2015-06-30.
inline registry::Registry make_registry(bool with_profile = true, const std::string& now_utc = "") {
  registry::Session session = test_session();
  if (!now_utc.empty()) session.now_utc = now_utc;
  registry::Registry reg = registry::Registry::in_memory(session);
  if (with_profile) store_test_profile(reg);
  return reg;
}

// A registry file at `path` with kTestProfile stored, as make_registry's in memory.
inline registry::Registry make_file_registry(const std::string& path) {
  registry::Registry reg = registry::Registry::create(path, test_session());
  store_test_profile(reg);
  return reg;
}

// A record as a form or flags would give it: no positions.
inline io::RawRecord make_record(std::initializer_list<std::pair<org::Field, std::string>> cells) {
  io::RawRecord r;
  for (const auto& [field, value] : cells) r.fields.push_back(io::RawField{static_cast<std::size_t>(field), value, 0, 0});
  return r;
}

// A credit code with valid check characters: authority, type digit, 6-digit region and the
// first 8 characters of the organisation code.
inline std::string make_code_with(char authority, char type_digit, const std::string& region, const std::string& eight) {
  std::string first17 = std::string(1, authority) + type_digit + region + eight + validate::org_code_check_char(eight);
  return first17 + validate::credit_code_check_char(first17);
}

// A social organization's credit code (authority '5' 民政).
inline std::string make_code(char type_digit, const std::string& region, const std::string& eight) {
  return make_code_with('5', type_digit, region, eight);
}

// The number of rows `sql` (a SELECT count(*) …) counts.
// Adds an org to a registry of an older schema as that kunqu's org add wrote it, by SQL (the
// library's writes need the current schema): the record's fields as the table's columns, the
// level by tier, one audit entry. Returns the org's id.
inline std::int64_t add_old_org(registry::Registry& reg, const io::RawRecord& r) {
  registry::Transaction tx(reg);
  std::string names = "level", marks = "?";
  std::vector<std::string> values{""};
  for (const auto& f : r.fields) {
    if (f.value.empty() || f.field == org::kHub) continue;
    if (f.field == org::kTier) values[0] = f.value == "registered" ? "district" : "community";
    names += ", " + org::fields()[f.field].name;
    marks += ", ?";
    values.push_back(f.value);
  }
  auto q = reg.prepare("INSERT INTO org (" + names + ") VALUES (" + marks + ")");
  for (std::size_t i = 0; i < values.size(); ++i) q.bind(static_cast<int>(i + 1), values[i]);
  q.run();
  const std::int64_t id = reg.last_insert_rowid();
  reg.audit("org.add", id, "{}");
  tx.commit();
  return id;
}

inline long long count_rows(registry::Registry& reg, const std::string& sql) {
  auto q = reg.prepare(sql);
  q.step();
  return static_cast<long long>(*q.integer(0));
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Diagnostics as text, for failure messages.
inline std::string describe(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.to_string() + (d.hint.empty() ? "" : " [hint: " + d.hint + "]") + "\n";
  return out.empty() ? "(no diagnostics)" : out;
}

// Whether one of `ds` concerns `field` with a message containing `part`.
inline bool has(const std::vector<Diagnostic>& ds, const std::string& field, const std::string& part) {
  for (const auto& d : ds)
    if (d.field == field && contains(d.message, part)) return true;
  return false;
}

#define CHECK_DIAG(ds, field, part) CHECK_MESSAGE(::kunqu::test::has(ds, field, part), ::kunqu::test::describe(ds))

// The Error `f` throws; fails the test when it throws nothing.
template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected a kunqu::Error");
  return Error(ErrorKind::kInternal, "unreachable");
}

// The diagnostics of the kInvalidData refusal `f` throws.
template <typename F>
std::vector<Diagnostic> refusal(F&& f) {
  Error e = error_of(std::forward<F>(f));
  CHECK_MESSAGE(e.kind() == ErrorKind::kInvalidData, e.what());
  return e.diagnostics();
}

// The values of one column of a table, top to bottom ('' for absent values).
inline std::vector<std::string> column(const io::Table& t, const std::string& name) {
  std::size_t c = 0;
  while (c < t.columns.size() && t.columns[c].name != name) ++c;
  REQUIRE(c < t.columns.size());
  std::vector<std::string> out;
  for (const auto& row : t.rows) out.push_back(row[c].value_or(""));
  return out;
}

// The message of the kInvalidData refusal `f` throws.
template <typename F>
std::string refusal_text(F&& f) {
  Error e = error_of(std::forward<F>(f));
  CHECK_MESSAGE(e.kind() == ErrorKind::kInvalidData, e.what());
  return e.what();
}

}  // namespace kunqu::test
