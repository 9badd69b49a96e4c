// The locale's encoding on the command line, stderr and a terminal's stdout.
#include "terminal.h"

#include <sys/stat.h>

#include <langinfo.h>

#include <clocale>
#include <ostream>

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"

namespace kunqu::cli {

namespace {

// An argument that is not text, for a message: ASCII as it is, every other byte as \xNN.
std::string shown_bytes(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F) out += c;
    else out += fmt::format("\\x{:02x}", static_cast<unsigned>(b));
  }
  return out;
}

bool ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

std::string_view codeset_of(std::string_view locale_name) {
  const auto dot = locale_name.find('.');
  if (dot == std::string_view::npos) return {};
  std::string_view codeset = locale_name.substr(dot + 1);
  return codeset.substr(0, codeset.find('@'));
}

io::Encoding locale_encoding(const std::string& locale_name) {
  // The usual case, without asking: a name that says UTF-8 (or C, the default) is UTF-8.
  const auto named = io::parse_encoding(codeset_of(locale_name));
  if (locale_name.empty() || locale_name == "C" || locale_name == "POSIX" || named == io::Encoding::kUtf8)
    return io::Encoding::kUtf8;
  std::string codeset;
  // Only LC_CTYPE changes, and only for the question: kunqu runs in the C locale otherwise.
  const char* now = std::setlocale(LC_CTYPE, nullptr);
  const std::string before = now ? now : "C";
  if (std::setlocale(LC_CTYPE, locale_name.c_str())) {
    codeset = nl_langinfo(CODESET);
    std::setlocale(LC_CTYPE, before.c_str());
  } else {
    codeset = codeset_of(locale_name);  // not installed: the name says what the terminal speaks
  }
  return io::parse_encoding(codeset).value_or(io::Encoding::kUtf8);
}

std::string ctype_locale(const Context& ctx) {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"})
    if (auto value = ctx.getenv(name); value && !value->empty()) return *value;
  return {};
}

bool in_locale_encoding(io::Encoding locale, bool is_stderr, bool is_terminal) {
  return locale != io::Encoding::kUtf8 && (is_stderr || is_terminal);
}

std::vector<std::string> arguments_to_utf8(int argc, const char* const* argv, io::Encoding from) {
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    // A file's name is bytes on disk: one typed in GBK that names a file there is that file.
    struct stat st {};
    if (from == io::Encoding::kUtf8 || ascii(arg) || ::stat(argv[i], &st) == 0) {
      args.emplace_back(arg);
      continue;
    }
    try {
      args.push_back(io::to_utf8(arg, from, ""));
    } catch (const Error&) {
      throw Error(ErrorKind::kUsage, trf("argument {} ('{}') is not {} text, the encoding of the locale", i,
                                         shown_bytes(arg), "GB18030"));
    }
  }
  return args;
}

Gb18030Buf::~Gb18030Buf() {
  try {
    pass_on(true);
  } catch (...) {
    // The target reports its own failure when it is flushed.
  }
}

void Gb18030Buf::pass_on(bool last) {
  if (pending_.empty()) return;
  std::string out;
  const std::size_t used = encoder_.encode(pending_, out, last);
  pending_.erase(0, used);
  target_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
}

Gb18030Buf::int_type Gb18030Buf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  pending_ += traits_type::to_char_type(ch);
  if (pending_.size() >= 4096) pass_on(false);
  return ch;
}

std::streamsize Gb18030Buf::xsputn(const char* s, std::streamsize n) {
  pending_.append(s, static_cast<std::size_t>(n));
  if (pending_.size() >= 4096) pass_on(false);
  return n;
}

int Gb18030Buf::sync() {
  pass_on(false);
  return target_->pubsync();
}

LocaleStreams::LocaleStreams(Io& io, io::Encoding locale) : io_(io) {
  if (in_locale_encoding(locale, false, io.out_is_terminal)) {
    bufs_.push_back(std::make_unique<Gb18030Buf>(io.out.rdbuf()));
    out_ = io.out.rdbuf(bufs_.back().get());
  }
  if (in_locale_encoding(locale, true, io.err_is_terminal)) {
    bufs_.push_back(std::make_unique<Gb18030Buf>(io.err.rdbuf()));
    err_ = io.err.rdbuf(bufs_.back().get());
  }
}

LocaleStreams::~LocaleStreams() {
  if (out_) io_.out.rdbuf(out_);
  if (err_) io_.err.rdbuf(err_);
  bufs_.clear();  // each passes on what it holds
}

}  // namespace kunqu::cli
