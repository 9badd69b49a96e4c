// kunqu_docgen OUT EXTRA: writes the man pages and shell completions generated from kunqu's
// command tree under OUT, laid out as they install under share/:
//   OUT/man/man1/kunqu.1, kunqu-org.1 …   (EXTRA: hand-written roff sections for kunqu.1)
//   OUT/bash-completion/completions/kunqu
//   OUT/zsh/vendor-completions/_kunqu
// A build step, not installed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "docs.h"

namespace fs = std::filesystem;

namespace {

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
  if (argc != 3) {
    std::cerr << "usage: kunqu_docgen OUT EXTRA_ROFF\n";
    return 2;
  }
  const fs::path out = argv[1];
  std::ifstream extra_file(argv[2], std::ios::binary);
  if (!extra_file) {
    std::cerr << "kunqu_docgen: cannot read " << argv[2] << '\n';
    return 1;
  }
  std::ostringstream extra;
  extra << extra_file.rdbuf();

  bool ok = true;
  for (const auto& page : kunqu::cli::man_pages(extra.str())) ok &= write(out / "man" / "man1" / page.file, page.roff);
  ok &= write(out / "bash-completion" / "completions" / "kunqu", kunqu::cli::bash_completion());
  ok &= write(out / "zsh" / "vendor-completions" / "_kunqu", kunqu::cli::zsh_completion());
  return ok ? 0 : 1;
}
