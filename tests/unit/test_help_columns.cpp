// `kunqu help columns`: every import command has its kind, every header each import reads its
// file by is listed (and read back to its column by that import's resolver), an unknown kind is
// a usage error naming the kinds.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include "cli.h"
#include "cli_run.h"
#include "contract/contract.h"
#include "help_columns.h"


namespace {

using Result = kunqu::test::CliResult;

Result help(std::vector<std::string> args) {
  args.insert(args.begin(), "help");
  return kunqu::test::run_cli(std::move(args), {{"KUNQU_DB", "/nonexistent/registry.db"}});
}

}  // namespace

TEST_CASE("help columns: every import command has a kind, every contract file kind too") {
  std::set<std::string> commands;
  for (const auto& k : kunqu::cli::import_kinds()) commands.insert(k.command);
  int imports = 0;
  for (const auto& doc : kunqu::cli::command_docs()) {
    if (doc.path.size() < 7 || doc.path.compare(doc.path.size() - 7, 7, " import") != 0) continue;
    ++imports;
    CHECK_MESSAGE(commands.count(doc.path), doc.path);
  }
  CHECK(imports >= 12);
  for (auto kind : {kunqu::contract::Kind::kContract, kunqu::contract::Kind::kPayment, kunqu::contract::Kind::kDelivery,
                    kunqu::contract::Kind::kAcceptance, kunqu::contract::Kind::kAssessment, kunqu::contract::Kind::kSurvey})
    CHECK_MESSAGE(kunqu::cli::find_import_kind(kunqu::contract::kind_name(kind)), kunqu::contract::kind_name(kind));
  // Kinds and their TOML records name one kind each.
  std::map<std::string, int> names;
  for (const auto& k : kunqu::cli::import_kinds()) {
    ++names[k.name];
    if (k.record != k.name) ++names[k.record];
  }
  for (const auto& entry : names) CHECK_MESSAGE(entry.second == 1, entry.first);
}

TEST_CASE("help columns KIND lists every header its import reads, each read back to its column") {
  for (const auto& k : kunqu::cli::import_kinds()) {
    const Result r = help({"columns", k.name});
    REQUIRE_MESSAGE(r.code == 0, k.name, r.err);
    const auto& columns = k.columns();
    REQUIRE(!columns.empty());
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto& c = columns[i];
      // The import's own resolver reads the name and every alias as this column.
      CHECK_MESSAGE(k.resolve(c.name) == std::optional<std::size_t>(i), k.name, ": ", c.name);
      CHECK_MESSAGE(r.out.find("\n  " + c.name + " ") != std::string::npos, k.name, ": ", c.name);
      for (const auto& a : c.aliases) {
        CHECK_MESSAGE(k.resolve(a) == std::optional<std::size_t>(i), k.name, ": ", a);
        CHECK_MESSAGE(r.out.find(a) != std::string::npos, k.name, ": ", a);
      }
      if (c.need == kunqu::vocab::Need::kSometimes) CHECK_MESSAGE(c.when, k.name, ": ", c.name);
      if (c.codes)
        for (const auto& v : c.codes->values) CHECK_MESSAGE(r.out.find("    " + v.code) != std::string::npos, k.name, ": ", v.code);
    }
    // Nothing else resolves: a header not listed is no column.
    CHECK(!k.resolve("no such header"));
    // By its TOML record too.
    CHECK(help({"columns", k.record}).out == r.out);
  }
}

TEST_CASE("help columns: all kinds, and an unknown kind is a usage error naming them") {
  const Result all = help({"columns"});
  REQUIRE(all.code == 0);
  for (const auto& k : kunqu::cli::import_kinds()) CHECK_MESSAGE(all.out.find("\n" + k.name + " — ") != std::string::npos, k.name);
  const Result bad = help({"columns", "orgs-and-more"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("orgs-and-more") != std::string::npos);
  CHECK(bad.err.find(kunqu::cli::import_kind_names()) != std::string::npos);
  CHECK(help({"exit-codes", "org"}).code == 2);
}
