// The man pages and completion scripts generated from the command tree: every command, its
// usage and its examples reach a page; enum values, file arguments and the extra sections
// arrive where they belong.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>

#include "cli.h"
#include "docs.h"

namespace {

// As roff prints text: hyphens escaped.
std::string roff(std::string s) {
  std::string out;
  for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("one man page for kunqu and one per noun, each command's usage and examples on its noun's page") {
  const auto pages = kunqu::cli::man_pages(".SH FILES\nhand written\n");
  std::map<std::string, std::string> by_file;
  for (const auto& p : pages) by_file[p.file] = p.roff;
  CHECK(by_file.size() == 10);
  REQUIRE(by_file.count("kunqu.1"));
  const std::string& root = by_file["kunqu.1"];
  CHECK(root.rfind(".TH KUNQU 1 \"\" \"kunqu 0.1.0\" \"kunqu manual\"\n.SH NAME\nkunqu \\- the registry", 0) == 0);
  CHECK(root.find(".SH FILES\nhand written\n") != std::string::npos);
  CHECK(root.find(".SH \"EXIT STATUS\"") < root.find(".SH FILES"));
  CHECK(root.find("  5  the registry stayed busy") != std::string::npos);
  CHECK(root.find(".BR kunqu\\-contract (1)") != std::string::npos);

  int leaves = 0;
  for (const auto& doc : kunqu::cli::command_docs()) {
    const std::string noun = doc.path.substr(6, doc.path.find(' ', 6) - 6);
    if (noun == "help") continue;
    const std::string& page = by_file["kunqu-" + noun + ".1"];
    REQUIRE_MESSAGE(!page.empty(), doc.path);
    if (doc.path == "kunqu " + noun) {
      CHECK(page.find("kunqu\\-" + noun + " \\- " + roff(doc.description)) != std::string::npos);
      continue;
    }
    ++leaves;
    CHECK_MESSAGE(page.find(".SS \"" + roff(doc.path)) != std::string::npos, doc.path);
    CHECK_MESSAGE(page.find(roff(doc.description)) != std::string::npos, doc.path);
    std::istringstream footer(doc.footer);
    for (std::string line; std::getline(footer, line);)
      if (line.rfind("  kunqu ", 0) == 0) CHECK_MESSAGE(page.find(roff(line.substr(2)) + "\n") != std::string::npos, line);
  }
  CHECK(leaves > 80);
  // A line beginning with a dot is text, not a request.
  for (const auto& page : by_file) CHECK_MESSAGE(page.second.find("\n.RS 4\n.") == std::string::npos, page.first);
}

TEST_CASE("completion scripts offer nouns, verbs, flags, enum values and files from the tree") {
  const std::string bash = kunqu::cli::bash_completion();
  CHECK(bash.find("    '') echo 'db org filing incubate contract report demand catalog due help' ;;\n") != std::string::npos);
  CHECK(bash.find("    'org list|--tier') echo 'registered grassroots' ;;\n") != std::string::npos);
  // Codes listed as "类型: a, b, c" and fields of service, whose codes the library keeps.
  CHECK(bash.find("    'org add|--type') echo 'social_group social_service foundation other' ;;\n") != std::string::npos);
  CHECK(bash.find("    'contract add|--field') echo 'mediation household_services ") != std::string::npos);
  CHECK(bash.find("    'org import') echo files ;;\n") != std::string::npos);
  CHECK(bash.find("    *'|--db') echo files ;;\n") != std::string::npos);
  CHECK(bash.find("    *'|--format') echo 'auto table csv json toml xlsx ocds html' ;;\n") != std::string::npos);
  // Not enums: free text with commas, or an org named three ways.
  CHECK(bash.find("'org list|--street')") == std::string::npos);
  CHECK(bash.find("'org show') echo files") == std::string::npos);
  CHECK(bash.find("'org show') echo 'key") == std::string::npos);
  CHECK(bash.find("complete -F _kunqu kunqu\n") != std::string::npos);

  const std::string zsh = kunqu::cli::zsh_completion();
  CHECK(zsh.rfind("#compdef kunqu\n", 0) == 0);
  CHECK(zsh.find("    'org list|--tier') echo 'registered grassroots' ;;\n") != std::string::npos);
}
