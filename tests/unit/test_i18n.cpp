// Messages in the reader's language: the catalogues keep every placeholder in order, the
// language follows LANGUAGE, LC_ALL, LC_MESSAGES, LANG, Chinese works without a generated
// zh_CN locale, and a command's words change while its exit code does not.
#include <CLI/CLI.hpp>
#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "cli_run.h"
#include "i18n/glossary.h"
#include "i18n/messages.h"

namespace {

struct Entry {
  int line = 0;
  std::string msgid, msgid_plural;
  std::vector<std::string> msgstr;
};

std::string unquote(const std::string& s) {
  std::string out;
  const auto a = s.find('"'), b = s.rfind('"');
  for (std::size_t i = a + 1; i < b; ++i) {
    if (s[i] == '\\' && i + 1 < b) {
      ++i;
      out += s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
    } else {
      out += s[i];
    }
  }
  return out;
}

// The entries of a .po file (the header left out).
std::vector<Entry> read_po(const std::string& path) {
  std::ifstream in(path);
  std::vector<Entry> entries;
  Entry e;
  std::string* target = nullptr;
  int n = 0;
  auto flush = [&] {
    if (!e.msgid.empty()) entries.push_back(e);
    e = Entry{};
    target = nullptr;
  };
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.rfind("msgid_plural ", 0) == 0) {
      e.msgid_plural = unquote(line);
      target = &e.msgid_plural;
    } else if (line.rfind("msgid ", 0) == 0) {
      flush();
      e.line = n;
      e.msgid = unquote(line);
      target = &e.msgid;
    } else if (line.rfind("msgstr", 0) == 0) {
      e.msgstr.push_back(unquote(line));
      target = &e.msgstr.back();
    } else if (line.rfind("\"", 0) == 0 && target) {
      *target += unquote(line);
    }
  }
  flush();
  return entries;
}

std::vector<std::string> placeholders(const std::string& s) {
  static const std::regex re(R"(\{[^{}]*\})");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out.push_back(it->str());
  return out;
}

using Run = kunqu::test::CliResult;

// Puts English back at the end of a test case: the language is the process's, and the tests
// after this one compare English text.
struct EnglishAfter {
  ~EnglishAfter() { kunqu::i18n::use_language("C"); }
};

Run run(std::vector<std::string> args, std::map<std::string, std::string> env) {
  env["KUNQU_LOCALEDIR"] = KUNQU_BUILD_LOCALEDIR;
  env["KUNQU_DB"] = "/nonexistent/kunqu-i18n-test/registry.db";
  return kunqu::test::run_cli(std::move(args), std::move(env));
}

}  // namespace

TEST_CASE("every translation keeps the placeholders of its message, in order") {
  const auto entries = read_po(std::string(KUNQU_PO_DIR) + "/zh_CN.po");
  CHECK(entries.size() > 30);
  for (const auto& e : entries) {
    REQUIRE_MESSAGE(!e.msgstr.empty(), "zh_CN.po:", e.line);
    for (std::size_t i = 0; i < e.msgstr.size(); ++i) {
      const std::string& english = i == 0 || e.msgid_plural.empty() ? e.msgid : e.msgid_plural;
      CHECK_MESSAGE(!e.msgstr[i].empty(), "zh_CN.po:", e.line, " is untranslated");
      CHECK_MESSAGE(placeholders(e.msgstr[i]) == placeholders(english), "zh_CN.po:", e.line, ": ", e.msgstr[i]);
    }
    if (!e.msgid_plural.empty()) CHECK_MESSAGE(placeholders(e.msgid) == placeholders(e.msgid_plural), "zh_CN.po:", e.line);
  }
  CHECK(placeholders("'{}' is not {:>4} {0}") == std::vector<std::string>{"{}", "{:>4}", "{0}"});
}

TEST_CASE("the language comes from LANGUAGE, LC_ALL, LC_MESSAGES, LANG, the first one set") {
  auto from = [](std::map<std::string, std::string> env) {
    return kunqu::i18n::requested_language([&env](const char* name) { return env.count(name) ? env[name] : ""; });
  };
  CHECK(from({}) == "");
  CHECK(from({{"LANG", "zh_CN.UTF-8"}}) == "zh_CN.UTF-8");
  CHECK(from({{"LANG", "zh_CN.UTF-8"}, {"LC_MESSAGES", "en_US.UTF-8"}}) == "en_US.UTF-8");
  CHECK(from({{"LC_ALL", "C"}, {"LC_MESSAGES", "zh_CN.UTF-8"}}) == "C");
  CHECK(from({{"LANGUAGE", "zh_CN:en"}, {"LC_ALL", "C.UTF-8"}}) == "zh_CN");
  CHECK(from({{"LANGUAGE", ""}, {"LANG", "zh_CN.GB18030"}}) == "zh_CN.GB18030");
}

TEST_CASE("tr, trf and trn translate while Chinese is asked for, and fall back to English") {
  EnglishAfter english;
  kunqu::i18n::bind(KUNQU_BUILD_LOCALEDIR);
  kunqu::i18n::use_language("zh_CN.UTF-8");
  CHECK(kunqu::i18n::chinese());
  CHECK(std::string(kunqu::tr("Examples:")) == "示例：");
  CHECK(kunqu::trf("hint: {}", "加 --encoding gbk") == "提示：加 --encoding gbk");
  CHECK(std::string(kunqu::tr("a message nobody marked")) == "a message nobody marked");
  // A translation whose placeholders do not fit prints the English text instead of failing.
  CHECK(kunqu::i18n::format_or_english("'{}' is not a date", "“{}”{}不是日期", fmt::make_format_args("x")) ==
        "'x' is not a date");
  kunqu::i18n::use_language("en_US.UTF-8");
  CHECK_FALSE(kunqu::i18n::chinese());
  CHECK(std::string(kunqu::tr("Examples:")) == "Examples:");
  CHECK(std::string(kunqu::trn("{} problem", "{} problems", 1)) == "{} problem");
  CHECK(std::string(kunqu::trn("{} problem", "{} problems", 2)) == "{} problems");
  kunqu::i18n::use_language("C");
}

TEST_CASE("bind_when_needed: the catalogue's folder is looked for only when a message is first translated") {
  EnglishAfter english;
  kunqu::i18n::use_language("C");
  kunqu::i18n::bind("/nonexistent");  // a folder without catalogues: nothing is translated from it
  int looked = 0;
  kunqu::i18n::bind_when_needed([&looked] {
    ++looked;
    return std::string(KUNQU_BUILD_LOCALEDIR);
  });
  kunqu::i18n::use_language("en_US.UTF-8");
  CHECK(std::string(kunqu::tr("Examples:")) == "Examples:");
  CHECK(looked == 0);
  kunqu::i18n::use_language("zh_CN.UTF-8");
  CHECK(kunqu::i18n::chinese());
  CHECK(looked == 0);  // Chinese asked for, nothing translated yet
  CHECK(std::string(kunqu::tr("Examples:")) == "示例：");
  CHECK(looked == 1);
  kunqu::i18n::use_language("zh_CN.UTF-8");
  CHECK(std::string(kunqu::tr("Options")) == "选项");
  CHECK(looked == 1);  // once
  // Chinese already: the folder is looked for at the next message.
  kunqu::i18n::bind_when_needed([&looked] {
    ++looked;
    return std::string(KUNQU_BUILD_LOCALEDIR);
  });
  CHECK(looked == 1);
  CHECK(kunqu::i18n::label("column", "name") == "名称");
  CHECK(looked == 2);
  kunqu::i18n::use_language("C");
}

TEST_CASE("prepare: LANGUAGE and LC_MESSAGES are set when the first message is translated, or before a thread starts") {
  EnglishAfter english;
  kunqu::i18n::bind(KUNQU_BUILD_LOCALEDIR);
  ::unsetenv("LANGUAGE");
  kunqu::i18n::use_language("zh_CN.UTF-8");
  CHECK(::getenv("LANGUAGE") == nullptr);
  kunqu::i18n::prepare();
  REQUIRE(::getenv("LANGUAGE") != nullptr);
  CHECK(std::string(::getenv("LANGUAGE")) == "zh_CN");
  // The system's words for an errno value (strerror) are in the language of messages too: asking
  // for them sets the language up first.
  const std::string words = kunqu::i18n::system_message(ENOENT);
  ::unsetenv("LANGUAGE");
  kunqu::i18n::use_language("zh_CN.UTF-8");
  CHECK(kunqu::i18n::system_message(ENOENT) == words);
  REQUIRE(::getenv("LANGUAGE") != nullptr);
  CHECK(std::string(::getenv("LANGUAGE")) == "zh_CN");
  {
    kunqu::i18n::Untranslated untranslated;
    CHECK_FALSE(kunqu::i18n::chinese());
    CHECK(std::string(kunqu::tr("Examples:")) == "Examples:");
  }
  CHECK(kunqu::i18n::chinese());
  CHECK(std::string(kunqu::tr("Examples:")) == "示例：");
  ::unsetenv("LANGUAGE");
}

// Every text --help shows, in the order of the command tree: each command's description and
// footer, then its options' descriptions, then its subcommands'.
namespace {

std::vector<std::string> help_texts(CLI::App& app) {
  std::vector<std::string> texts = {app.get_description(), app.get_footer()};
  for (const CLI::Option* o : app.get_options()) texts.push_back(o->get_description());
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    for (auto& t : help_texts(*sub)) texts.push_back(std::move(t));
  return texts;
}

}  // namespace

TEST_CASE("help in Chinese: every text of every command is translated whole, when it is shown") {
  EnglishAfter english;
  kunqu::i18n::bind(KUNQU_BUILD_LOCALEDIR);
  std::vector<std::string> en, zh;
  kunqu::cli::visit_command_tree([&en](CLI::App& app) { en = help_texts(app); }, "C");
  kunqu::cli::visit_command_tree([&zh](CLI::App& app) { zh = help_texts(app); }, "zh_CN.UTF-8");
  REQUIRE(en.size() == zh.size());
  CHECK(en.size() > 500);
  const std::regex word("[A-Za-z]{3,}");
  const std::regex codes("[^A-Za-z]*: [a-z_]+(, [a-z_]+)*");  // "类别: mediation, …": a field's codes
  std::size_t translated = 0;
  for (std::size_t i = 0; i < en.size(); ++i) {
    // A text built of pieces (not one message) would stay English when translated at help time.
    if (!std::regex_search(en[i], word) || std::regex_match(en[i], codes)) continue;
    CHECK_MESSAGE(zh[i] != en[i], "untranslated: ", en[i]);
    translated += zh[i] != en[i];
  }
  CHECK(translated > 400);
}

TEST_CASE("the command line in Chinese: nothing is translated for a command that shows no help") {
  EnglishAfter english;
  ::unsetenv("LANGUAGE");
  {
    std::istringstream in;
    std::ostringstream out, err;
    kunqu::cli::Context ctx(kunqu::cli::Io{in, out, err},
                            {{"LANG", "zh_CN.UTF-8"}, {"KUNQU_LOCALEDIR", KUNQU_BUILD_LOCALEDIR}});
    ctx.parse_only = true;
    const char* argv[] = {"kunqu", "--db", "/nonexistent/registry.db", "org", "show", "K0000001"};
    CHECK(kunqu::cli::run(6, argv, ctx) == 0);
    CHECK(kunqu::i18n::chinese());
    // The messages' language is set up (LANGUAGE among it) at the first message translated.
    CHECK(::getenv("LANGUAGE") == nullptr);
    CHECK(err.str().empty());
  }
  const auto help = run({"org", "show", "--help"}, {{"LANG", "zh_CN.UTF-8"}});
  CHECK(help.code == 0);
  CHECK(help.out.find("示例：\n  kunqu org show K0000001\n") != std::string::npos);
  CHECK(help.out.find("选项") != std::string::npos);
  CHECK(help.out.find("Examples") == std::string::npos);
  CHECK(help.out.find("Options") == std::string::npos);
  REQUIRE(::getenv("LANGUAGE") != nullptr);
  CHECK(std::string(::getenv("LANGUAGE")) == "zh_CN");
  ::unsetenv("LANGUAGE");
}

TEST_CASE("InChinese: Chinese words for --labels zh in an English session, and English again after it") {
  EnglishAfter english;
  kunqu::i18n::bind(KUNQU_BUILD_LOCALEDIR);
  kunqu::i18n::use_language("en_US.UTF-8");
  ::setenv("LANGUAGE", "en", 1);
  CHECK(kunqu::i18n::label("column", "provider_name") == "provider_name");
  {
    kunqu::i18n::InChinese zh;
    CHECK(kunqu::i18n::chinese());
    CHECK(kunqu::i18n::label("column", "provider_name") == "承接主体名称");
    CHECK(kunqu::i18n::label("metric", "orgs") == "社会组织数");
    CHECK(kunqu::i18n::label("unit", "orgs") == "家");  // one code, two contexts, two words
    CHECK(kunqu::i18n::label("column", "no_such_column") == "no_such_column");
    CHECK(std::string(kunqu::tr("Examples:")) == "示例：");
    {
      kunqu::i18n::InChinese again;  // nested: nothing changes, nothing is restored early
      CHECK(kunqu::i18n::label("column", "at") == "时间");
    }
    CHECK(kunqu::i18n::chinese());
  }
  CHECK_FALSE(kunqu::i18n::chinese());
  CHECK(std::string(::getenv("LANGUAGE")) == "en");
  CHECK(std::string(kunqu::tr("Examples:")) == "Examples:");
  CHECK(kunqu::i18n::label("column", "provider_name") == "provider_name");
  ::unsetenv("LANGUAGE");
  {
    kunqu::i18n::InChinese zh;
  }
  CHECK(::getenv("LANGUAGE") == nullptr);
}

TEST_CASE("the glossary: every column and list name has Chinese words, a record's own word first") {
  EnglishAfter english;
  kunqu::i18n::bind(KUNQU_BUILD_LOCALEDIR);
  kunqu::i18n::InChinese zh;
  for (const char* name : kunqu::i18n::column_names()) CHECK_MESSAGE(kunqu::i18n::label("column", name) != name, name);
  for (const char* name : kunqu::i18n::list_names()) CHECK_MESSAGE(kunqu::i18n::label("list", name) != name, name);
  CHECK(kunqu::i18n::column_label("figure", "key") == "分项");
  CHECK(kunqu::i18n::column_label("org", "key") == "组织编号");
  CHECK(kunqu::i18n::column_label("setting", "value") == "取值");
  CHECK(kunqu::i18n::column_label("figure", "value") == "本期");
  CHECK(kunqu::i18n::column_label("figure", "no_such_column") == "no_such_column");
}

TEST_CASE("a command speaks Chinese under zh_CN, English otherwise, with the same exit codes") {
  EnglishAfter english;
  // LC_ALL=C in the process: Chinese must not depend on a generated zh_CN locale.
  const auto zh = run({"help", "exit-codes"}, {{"LANG", "zh_CN.UTF-8"}});
  CHECK(zh.code == 0);
  CHECK(zh.out.rfind("退出码（各种语言下相同）：\n  0  成功", 0) == 0);
  const auto en = run({"help", "exit-codes"}, {{"LANG", "en_US.UTF-8"}});
  CHECK(en.code == 0);
  CHECK(en.out.rfind("Exit codes (the same in every language):\n  0  ok", 0) == 0);

  const auto bad_zh = run({"org", "bogus"}, {{"LC_ALL", "zh_CN.UTF-8"}});
  const auto bad_en = run({"org", "bogus"}, {});
  CHECK(bad_zh.code == 2);
  CHECK(bad_en.code == 2);
  CHECK(bad_zh.err.rfind("kunqu: “bogus”不是“kunqu org”的命令（可用：add, show, list", 0) == 0);
  CHECK(bad_zh.err.find("运行“kunqu org --help”查看用法。\n") != std::string::npos);
  CHECK(bad_en.err.rfind("kunqu: 'bogus' is not a command of 'kunqu org' (add, show, list", 0) == 0);

  // LANGUAGE comes first; English when it asks for English.
  CHECK(run({"help", "nope"}, {{"LANGUAGE", "en"}, {"LANG", "zh_CN.UTF-8"}}).err ==
        "kunqu: no help topic or command 'nope' (topics: exit-codes, formats, environment, rules, columns; commands: db, "
        "org, filing, incubate, contract, report, demand, catalog, due)\n");
  const auto nope = run({"help", "nope"}, {{"LANGUAGE", "zh_CN"}, {"LANG", "C"}});
  CHECK(nope.code == 2);
  CHECK(nope.err == "kunqu: 没有帮助主题或命令“nope”（主题：exit-codes、formats、environment、rules、columns；命令：db, org, "
                    "filing, incubate, contract, report, demand, catalog, due）\n");

  // CLI11's own parse errors, reworded; the exit code stays 2.
  const std::map<std::string, std::string> zh_env{{"LANG", "zh_CN.UTF-8"}};
  auto first_line = [](const Run& r) { return r.err.substr(0, r.err.find('\n')); };
  const auto missing = run({"org", "list", "--tier"}, zh_env);
  CHECK(missing.code == 2);
  CHECK(first_line(missing) == "kunqu: --tier 后面缺少取值");
  CHECK(first_line(run({"org", "list", "extra"}, zh_env)) == "kunqu: 多余的参数：extra");
  CHECK(first_line(run({"org", "show"}, zh_env)) == "kunqu: 缺少必填项 org");
  CHECK(first_line(run({"org", "list", "--format", "xml"}, zh_env)) ==
        "kunqu: --format：“xml”不是可选值（auto,table,csv,json,toml,xlsx,ocds,html）之一");
  CHECK(first_line(run({"org", "list", "--limit", "1", "--limit", "2"}, zh_env)) ==
        "kunqu: --limit 最多只能给 1 次，实际给了 2 次");
  CHECK(first_line(run({"org", "list", "--tier"}, {})) == "kunqu: --tier: 1 required TEXT missing");

  const auto help = run({"--help"}, {{"LANG", "zh_CN.UTF-8"}});
  CHECK(help.code == 0);
  CHECK(help.out.rfind("kunqu — 区民政局社会组织登记管理与政府购买服务工具\n用法: kunqu [选项] 子命令\n\n选项:\n  -h,--help", 0) == 0);
  CHECK(help.out.find("显示本帮助后退出") != std::string::npos);
  CHECK(help.out.find("\n示例：\n  kunqu db init") != std::string::npos);
}
