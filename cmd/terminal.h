// The locale's encoding at the edges: under a GB locale (LANG=zh_CN.GBK, still found on older
// servers) the command line arrives in GBK and what a person reads — stderr, and stdout on a
// terminal — must leave in it. Inside, everything is UTF-8; piped and file output stay UTF-8.
#pragma once

#include <memory>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"
#include "io/encoding.h"

namespace kunqu::cli {

// The codeset a locale name spells, without its modifier: "zh_CN.GBK@x" gives "GBK"; "" when
// it names none ("C", "zh_CN").
std::string_view codeset_of(std::string_view locale_name);

// The encoding of the locale named `locale_name` (what LC_ALL, LC_CTYPE or LANG says): its
// codeset as the C library knows it (nl_langinfo(CODESET)) when the locale is installed, else
// the codeset its name spells. kGb18030 for GBK, GB2312 and GB18030 (GB18030 holds both);
// kUtf8 for UTF-8 and for every codeset kunqu does not convert (C, ASCII …). LC_CTYPE is
// left as it was.
io::Encoding locale_encoding(const std::string& locale_name);

// The locale the environment names for characters: LC_ALL, LC_CTYPE, LANG, the first set one.
std::string ctype_locale(const Context& ctx);

// Whether a stream goes out in the locale's encoding: stderr always (it is for a person),
// stdout only on a terminal (piped and file output keep UTF-8).
bool in_locale_encoding(io::Encoding locale, bool is_stderr, bool is_terminal);

// The command line's arguments, typed in `from`, in UTF-8 (ASCII ones as they are). Throws
// kunqu::Error (kUsage) naming the first argument that is not text in `from`.
std::vector<std::string> arguments_to_utf8(int argc, const char* const* argv, io::Encoding from);

// A stream buffer that passes what is written to it (UTF-8) on to `target` as GB18030. A
// character cut in two by the writes goes out whole.
class Gb18030Buf : public std::streambuf {
 public:
  explicit Gb18030Buf(std::streambuf* target) : target_(target) {}
  // Passes on what is left; a failure of the target is not thrown from here.
  ~Gb18030Buf() override;
  Gb18030Buf(const Gb18030Buf&) = delete;
  Gb18030Buf& operator=(const Gb18030Buf&) = delete;

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void pass_on(bool last);
  std::streambuf* target_;
  std::string pending_;  // UTF-8 not passed on yet
  io::Gb18030Encoder encoder_;
};

// While it lives, `io`'s stderr, and its stdout when that is a terminal, go out in `locale`
// (nothing changes for UTF-8); then the streams are as they were.
class LocaleStreams {
 public:
  LocaleStreams(Io& io, io::Encoding locale);
  ~LocaleStreams();
  LocaleStreams(const LocaleStreams&) = delete;
  LocaleStreams& operator=(const LocaleStreams&) = delete;

 private:
  Io& io_;
  std::streambuf* out_ = nullptr;  // the buffers replaced, to put back
  std::streambuf* err_ = nullptr;
  std::vector<std::unique_ptr<Gb18030Buf>> bufs_;
};

}  // namespace kunqu::cli
