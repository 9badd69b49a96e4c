// Man pages and shell completions, generated from the command tree that --help prints, so they
// cannot drift from the binary. kunqu_docgen (cmd/docgen/) writes them at build time.
#pragma once

#include <string>
#include <vector>

namespace kunqu::cli {

struct ManPage {
  std::string file;  // "kunqu.1", "kunqu-org.1"
  std::string roff;
};

// kunqu(1) with the global options, the nouns, the help topics (exit status, environment,
// formats) and `extra`, hand-written roff sections (FILES, EXAMPLES …) placed before SEE ALSO;
// then one page per noun, kunqu-org(1) …, with each verb's usage, options and examples. In
// `language` ("C", or "zh_CN" with the message catalogue bound): every word a person reads on
// the pages comes from the same translations --help uses.
std::vector<ManPage> man_pages(const std::string& extra, const std::string& language = "C");

// Completion scripts: nouns, verbs, flags, and the values of enum flags (`--tier <TAB>` offers
// registered grassroots), file names where a file is asked for.
std::string bash_completion();
std::string zsh_completion();

}  // namespace kunqu::cli
