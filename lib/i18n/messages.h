// Messages for people, in the reader's language: GNU gettext, text domain "kunqu", catalogues
// built from po/*.po and installed under share/locale. English is the msgid itself, so a
// missing catalogue or an English locale prints exactly what the source says.
//
// Mark every message meant for people with one of these (xgettext reads the marks; see
// po/README.md): tr("…") for plain text, trf("… {} …", args) for an fmt format string,
// trn/trnf for a count, N_("…") for a table entry translated later with tr(). Machine formats
// (column names, enum codes, JSON keys) are never marked.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace kunqu::i18n {

// Reads the catalogues from `dir` (holding zh_CN/LC_MESSAGES/kunqu.mo).
void bind(const std::string& dir);
// The same, with the folder found by `find_dir` only when the first message is translated:
// finding it reads the file system, which a command that translates nothing never needs.
void bind_when_needed(std::function<std::string()> find_dir);

// The language the environment asks for, in gettext's order: LANGUAGE (its first entry), then
// LC_ALL, LC_MESSAGES, LANG; the first set and non-empty one wins ("" when none is). `get`
// reads one variable.
template <typename Get>
std::string requested_language(Get get) {
  for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    std::string value = get(name);
    if (value.empty()) continue;
    if (std::string(name) == "LANGUAGE") value = value.substr(0, value.find(':'));
    return value;
  }
  return {};
}

// Sets the language of messages for the process: "zh_CN.UTF-8", "zh", "C", "en_US.UTF-8" …
// Chinese works even where the zh_CN locale is not generated (the catalogue is enough).
// Nothing is read until a message is first translated (prepare): the locale's messages and the
// catalogue cost a command in Chinese a tenth of `org show`'s time, which prints none.
void use_language(const std::string& language);

// Sets up what translating needs now (the catalogue's folder, LANGUAGE, LC_MESSAGES), if
// messages are Chinese and it is not done yet; tr() does it at its first message. Call it
// before starting a thread that may translate (setlocale is not safe while other threads run).
void prepare();

// The system's words for an errno value (strerror), in the language of messages.
std::string system_message(int err);

// Whether messages are being translated into Chinese now.
bool chinese();

// Messages in English for as long as it lives, whatever the language: text built now and
// translated when it is shown (the command line's help) is kept as its msgid.
class Untranslated {
 public:
  Untranslated();
  ~Untranslated();
  Untranslated(const Untranslated&) = delete;
  Untranslated& operator=(const Untranslated&) = delete;

 private:
  bool was_;
};

// The translation of `msgid`, or `msgid` itself.
const char* tr(const char* msgid);
// The translation chosen for `n` (singular for 1 in English).
const char* trn(const char* singular, const char* plural, unsigned long n);

// An fmt format string translated, then formatted. A translation whose placeholders do not fit
// the arguments falls back to the English text (po tests keep that from happening).
std::string format_or_english(const char* msgid, const char* translated, fmt::format_args args);

template <typename... Args>
std::string trf(const char* msgid, const Args&... args) {
  return format_or_english(msgid, tr(msgid), fmt::make_format_args(args...));
}
template <typename... Args>
std::string trnf(const char* singular, const char* plural, unsigned long n, const Args&... args) {
  const char* english = n == 1 ? singular : plural;
  return format_or_english(english, trn(singular, plural, n), fmt::make_format_args(args...));
}

// A message marked for translation where it is written (a table of messages), translated
// where it is used, with tr().
constexpr const char* N_(const char* msgid) { return msgid; }

// A word people read for a code of a machine format: a column name, a report metric, an enum
// code, in `context` ("column", "metric" …), so that one code can read differently in two
// places. Marked with NC_(context, code) where the codes are listed (lib/i18n/glossary.cpp);
// looked up with label(context, code), which gives the code itself where there is no word.
constexpr const char* NC_(const char*, const char* code) { return code; }
std::string label(const char* context, const std::string& code);

// Messages in Chinese for as long as it lives, whatever language the environment asks for:
// --labels zh gives Chinese column headers, report labels and report pages under an English
// locale too. Nothing changes where messages are in Chinese already.
class InChinese {
 public:
  InChinese();
  ~InChinese();
  InChinese(const InChinese&) = delete;
  InChinese& operator=(const InChinese&) = delete;

 private:
  bool switched_ = false;
  std::optional<std::string> language_;  // LANGUAGE before, when it was set
  std::string locale_;                   // LC_MESSAGES before
};

}  // namespace kunqu::i18n

namespace kunqu {
using i18n::N_;
using i18n::NC_;
using i18n::tr;
using i18n::trf;
using i18n::trn;
using i18n::trnf;
}  // namespace kunqu
