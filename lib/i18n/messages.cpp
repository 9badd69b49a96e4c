// gettext behind tr(): the text domain, the language, and formatting that survives a bad
// translation.
#include "i18n/messages.h"

#include <libintl.h>
#include <clocale>
#include <cstdlib>

namespace kunqu::i18n {

namespace {

constexpr const char* kDomain = "kunqu";

bool& chinese_flag() {
  static bool on = false;
  return on;
}

// Where the catalogue is, until it is first needed (bind_when_needed).
std::function<std::string()>& unbound_dir() {
  static std::function<std::string()> find;
  return find;
}

void bind_now(const std::string& dir) {
  bindtextdomain(kDomain, dir.c_str());
  bind_textdomain_codeset(kDomain, "UTF-8");
}

}  // namespace

void bind(const std::string& dir) {
  unbound_dir() = nullptr;
  bind_now(dir);
}

void bind_when_needed(std::function<std::string()> find_dir) {
  if (chinese_flag()) i18n::bind(find_dir());  // (qualified: std::bind would match too)
  else unbound_dir() = std::move(find_dir);
}

void use_language(const std::string& language) {
  chinese_flag() = language.rfind("zh", 0) == 0;
  if (chinese_flag() && unbound_dir()) {
    auto find = std::move(unbound_dir());
    unbound_dir() = nullptr;
    bind_now(find());
  }
  // gettext reads LANGUAGE first, but only while LC_MESSAGES is not "C"; where the requested
  // locale is not generated, C.UTF-8 (always present) stands in, and LANGUAGE still chooses
  // the catalogue. Only LC_MESSAGES changes: numbers, dates and sorting stay as they are.
  // English needs nothing: tr() returns the msgid without asking gettext.
  if (!chinese_flag()) return;
  ::setenv("LANGUAGE", language.substr(0, language.find('.')).c_str(), 1);
  const char* set = std::setlocale(LC_MESSAGES, "");
  if (!set || std::string(set) == "C" || std::string(set) == "POSIX") std::setlocale(LC_MESSAGES, "C.UTF-8");
}

bool chinese() { return chinese_flag(); }

const char* tr(const char* msgid) {
  if (!chinese_flag() || *msgid == '\0') return msgid;
  return dgettext(kDomain, msgid);
}

const char* trn(const char* singular, const char* plural, unsigned long n) {
  if (!chinese_flag()) return n == 1 ? singular : plural;
  return dngettext(kDomain, singular, plural, n);
}

std::string label(const char* context, const std::string& code) {
  if (!chinese_flag() || code.empty()) return code;
  // gettext's msgctxt: the context and the msgid joined by EOT.
  const std::string key = std::string(context) + '\004' + code;
  const char* found = dgettext(kDomain, key.c_str());
  return found == key.c_str() ? code : std::string(found);
}

InChinese::InChinese() {
  if (chinese_flag()) return;
  switched_ = true;
  if (const char* l = std::getenv("LANGUAGE")) language_ = l;
  const char* now = std::setlocale(LC_MESSAGES, nullptr);
  locale_ = now ? now : "C";
  use_language("zh_CN");
}

InChinese::~InChinese() {
  if (!switched_) return;
  chinese_flag() = false;
  if (language_) ::setenv("LANGUAGE", language_->c_str(), 1);
  else ::unsetenv("LANGUAGE");
  std::setlocale(LC_MESSAGES, locale_.c_str());  // setlocale also drops gettext's cached lookups
}

std::string format_or_english(const char* msgid, const char* translated, fmt::format_args args) {
  try {
    return fmt::vformat(translated, args);
  } catch (const fmt::format_error&) {
    return fmt::vformat(msgid, args);
  }
}

}  // namespace kunqu::i18n
