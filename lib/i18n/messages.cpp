// gettext behind tr(): the text domain, the language, and formatting that survives a bad
// translation.
#include "i18n/messages.h"

#include <libintl.h>

#include <atomic>
#include <clocale>
#include <cstdlib>
#include <cstring>
#include <mutex>

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

// The Chinese language asked for last, and whether what translating it needs is set up.
struct Setup {
  std::mutex mutex;
  std::string language;
  std::atomic<bool> ready{true};
};

Setup& setup() {
  static Setup s;
  return s;
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
  unbound_dir() = std::move(find_dir);
  if (chinese_flag()) setup().ready = false;
}

void use_language(const std::string& language) {
  chinese_flag() = language.rfind("zh", 0) == 0;
  // English needs nothing: tr() returns the msgid without asking gettext.
  if (!chinese_flag()) return;
  std::lock_guard<std::mutex> lock(setup().mutex);
  setup().language = language;
  setup().ready = false;
}

void prepare() {
  Setup& s = setup();
  if (!chinese_flag() || s.ready.load(std::memory_order_acquire)) return;
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.ready.load(std::memory_order_relaxed)) return;
  if (unbound_dir()) {
    auto find = std::move(unbound_dir());
    unbound_dir() = nullptr;
    bind_now(find());
  }
  // gettext reads LANGUAGE first, but only while LC_MESSAGES is not "C"; where the requested
  // locale is not generated, C.UTF-8 (always present) stands in, and LANGUAGE still chooses
  // the catalogue. Only LC_MESSAGES changes: numbers, dates and sorting stay as they are.
  ::setenv("LANGUAGE", s.language.substr(0, s.language.find('.')).c_str(), 1);
  const char* set = std::setlocale(LC_MESSAGES, "");
  if (!set || std::string(set) == "C" || std::string(set) == "POSIX") std::setlocale(LC_MESSAGES, "C.UTF-8");
  s.ready.store(true, std::memory_order_release);
}

std::string system_message(int err) {
  prepare();
  return std::strerror(err);
}

bool chinese() { return chinese_flag(); }

Untranslated::Untranslated() : was_(chinese_flag()) { chinese_flag() = false; }

Untranslated::~Untranslated() { chinese_flag() = was_; }

const char* tr(const char* msgid) {
  if (!chinese_flag() || *msgid == '\0') return msgid;
  prepare();
  return dgettext(kDomain, msgid);
}

const char* trn(const char* singular, const char* plural, unsigned long n) {
  if (!chinese_flag()) return n == 1 ? singular : plural;
  prepare();
  return dngettext(kDomain, singular, plural, n);
}

std::string label(const char* context, const std::string& code) {
  if (!chinese_flag() || code.empty()) return code;
  // gettext's msgctxt: the context and the msgid joined by EOT.
  const std::string key = std::string(context) + '\004' + code;
  prepare();
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
