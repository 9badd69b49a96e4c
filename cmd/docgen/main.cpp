// kunqu_docgen OUT EXTRA EXTRA_ZH LOCALEDIR: writes the man pages and shell completions generated
// from kunqu's command tree under OUT, laid out as they install under share/:
//   OUT/man/man1/kunqu.1, kunqu-org.1 …   (EXTRA: hand-written roff sections for kunqu.1)
//   OUT/man/zh_CN/man1/kunqu.1 …          the same pages in Chinese, from the message catalogue
//                                          in LOCALEDIR (EXTRA_ZH: the sections in Chinese)
//   OUT/bash-completion/completions/kunqu
//   OUT/zsh/vendor-completions/_kunqu
// A build step, not installed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "docs.h"
#include "i18n/messages.h"

namespace fs = std::filesystem;

namespace {

bool read(const char* file, std::string& text) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "kunqu_docgen: cannot read " << file << '\n';
    return false;
  }
  std::ostringstream all;
  all << in.rdbuf();
  text = all.str();
  return true;
}

bool write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::cerr << "kunqu_docgen: cannot write " << file << '\n';
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: kunqu_docgen OUT EXTRA_ROFF EXTRA_ROFF_ZH LOCALEDIR\n";
    return 2;
  }
  const fs::path out = argv[1];
  std::string extra, extra_zh;
  if (!read(argv[2], extra) || !read(argv[3], extra_zh)) return 1;

  bool ok = true;
  for (const auto& page : kunqu::cli::man_pages(extra)) ok &= write(out / "man" / "man1" / page.file, page.roff);
  kunqu::i18n::bind(argv[4]);
  for (const auto& page : kunqu::cli::man_pages(extra_zh, "zh_CN"))
    ok &= write(out / "man" / "zh_CN" / "man1" / page.file, page.roff);
  // Completions offer codes and flags, which are the same in every language.
  kunqu::i18n::use_language("C");
  ok &= write(out / "bash-completion" / "completions" / "kunqu", kunqu::cli::bash_completion());
  ok &= write(out / "zsh" / "vendor-completions" / "_kunqu", kunqu::cli::zsh_completion());
  return ok ? 0 : 1;
}
