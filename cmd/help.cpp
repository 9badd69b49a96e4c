// `kunqu help [TOPIC]`: topics that do not belong to one command (exit codes, formats,
// environment, the rules kunqu applies, the columns of the files kunqu imports).
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "help_columns.h"
#include "i18n/messages.h"
#include "render.h"
#include "vocab/rules.h"

namespace kunqu::cli {

const std::vector<std::pair<std::string, std::string>>& help_topics() {
  static const std::vector<std::pair<std::string, std::string>> topics = {
      {"exit-codes",
       N_("Exit codes (the same in every language):\n"
       "  0  ok (an empty result is ok)\n"
       "  1  runtime failure: no registry, a file that cannot be read or written, the disk full (nothing\n"
       "     written), an internal error; db check with findings\n"
       "  2  usage: unknown command or flag, a bad flag value, an ambiguous org\n"
       "  3  invalid input: the data breaks a rule; every problem is listed as file:line:column: field: message;\n"
       "     nothing was written\n"
       "  4  not found: no such org\n"
       "  5  the registry stayed busy (locked by another kunqu) past the busy timeout\n")},
      {"formats",
       N_("Output (--format): auto is a table on a terminal and CSV when piped; table, csv, json, toml, xlsx.\n"
       "Only the layout differs, never the values. Columns are snake_case; dates YYYY-MM-DD; money in yuan\n"
       "with two decimals as text (\"1234.50\"); enum values as codes (registered, social_group …).\n"
       "CSV is RFC 4180, UTF-8, with a header row and CRLF line ends; --bom adds a byte-order mark for Excel.\n"
       "JSON is an array of objects (one object for show), null for absent values.\n"
       "TOML is [[org]] tables ([[filing]], [[incubation]] …), exactly what import reads.\n"
       "xlsx is an Excel workbook (also chosen by -o FILE.xlsx; to a file or a pipe, never a terminal): text in\n"
       "text cells, integers and money (0.00) as numbers, dates as date cells, under a bold frozen header;\n"
       "import reads it back unchanged.\n"
       "A show with lists (a hub's filed groups, a filing's reviews, a contract's payments …) prints the\n"
       "record, then each list: under its name in a table, after a blank line with its own header in\n"
       "CSV, as array members of the object in JSON, as [[record.list]] tables in TOML, on a sheet of its\n"
       "own in xlsx.\n"
       "For people: under a Chinese locale a table has Chinese headers, list names and enum labels;\n"
       "--labels zh gives CSV, xlsx, tables and reports those words in any locale, and the report page in\n"
       "Chinese. JSON and TOML never change.\n"
       "A table wider than the terminal (or $COLUMNS) is fit to it: columns on the right left out, the widest\n"
       "free text shortened with …, keys never; a note says which, and --format csv shows them all.\n"
       "\n"
       "Input (import): CSV with a header row (English column names or the Chinese headers: 名称,\n"
       "统一社会信用代码, 类型, 层级, 类别, 街道, 社区, 成立日期 …), UTF-8 with or without BOM, or GB18030/GBK\n"
       "(detected, or --encoding gbk); or TOML with [[org]] tables ([[filing]] for filing import,\n"
       "[[incubation]] for incubate import). Enum values may be given in Chinese (社会团体, 备案,\n"
       "社区文体 …). Money as 250000, 250000.00 or 25万. Unknown columns and keys are errors.\n")},
      {"environment",
       N_("KUNQU_DB            the registry file when --db is not given\n"
       "XDG_DATA_HOME       else the registry is $XDG_DATA_HOME/kunqu/registry.db (~/.local/share/… when unset)\n"
       "KUNQU_ACTOR         who is acting, when --actor is not given (else $USER, else $LOGNAME, else the\n"
       "                    name of the account kunqu runs as)\n"
       "KUNQU_BUSY_TIMEOUT  milliseconds to wait for a registry locked by another process (default 5000)\n"
       "KUNQU_NOW           fix the clock (UTC, YYYY-MM-DDTHH:MM:SSZ), for tests and re-entering old forms\n"
       "LANGUAGE, LC_ALL, LC_MESSAGES, LANG\n"
       "                    the language of messages, help and table labels, the first set one in this order:\n"
       "                    zh_CN.UTF-8 (or zh) for Chinese, else English; machine formats never change\n"
       "LC_ALL, LC_CTYPE, LANG\n"
       "                    the terminal's character set, the first set one: under zh_CN.GBK (GBK, GB2312, GB18030)\n"
       "                    arguments are read, and messages and a terminal's output written, in GB18030;\n"
       "                    piped and file output stay UTF-8\n"
       "KUNQU_LOCALEDIR     where the message catalogues are (else share/locale beside or above the binary)\n"
       "TMPDIR              where a workbook (--format xlsx) is made before it is written out (else /tmp)\n"
       "COLUMNS             the width a table is fit to, instead of the terminal's (also for --format table\n"
       "                    to a pipe)\n")},
  };
  return topics;
}

namespace {

// The command `name` directly under `parent`, or none.
CLI::App* command_named(CLI::App& parent, const std::string& name) {
  for (CLI::App* sub : parent.get_subcommands({}))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

}  // namespace

void setup_help(CLI::App& app, Context& ctx) {
  auto topic = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>();
  auto* c = app.add_subcommand("help", tr("help topics: exit-codes, formats, environment, rules, columns; or a command's help"));
  std::vector<std::string> topics_and_nouns = {"exit-codes", "formats", "environment", "rules", "columns"};
  for (const auto& n : nouns()) topics_and_nouns.emplace_back(n.name);
  complete_with(c->add_option("topic", *topic, tr("exit-codes | formats | environment | rules | columns, or a command (org, db …)")),
                topics_and_nouns);
  c->add_option("kind", *kind,
                tr("with columns: one kind of file (org, filing, payment …; all when not given); with a command: one of its "
                   "commands"));
  c->footer(examples({"kunqu help exit-codes", "kunqu help rules", "kunqu help columns org", "kunqu help org",
                      "kunqu help org import"}));
  c->callback([&ctx, &app, topic, kind, topics_and_nouns] {
    ctx.action = [&ctx, &app, topic, kind, topics_and_nouns] {
      translate_help(app);  // a command's help, or the list of them, may be shown
      if (topic->empty()) {
        ctx.io.out << app.help();
        ctx.io.out << "\n"
                   << tr("Topics: kunqu help exit-codes | formats | environment | rules | columns [KIND]; a command's help: "
                         "kunqu help org [VERB]")
                   << "\n";
        return kExitOk;
      }
      // The columns of the files kunqu imports, as the imports read them.
      if (*topic == "columns") {
        std::vector<const ImportKind*> kinds;
        if (kind->empty()) {
          for (const auto& k : import_kinds()) kinds.push_back(&k);
        } else if (const auto* k = find_import_kind(*kind)) {
          kinds.push_back(k);
        } else {
          throw_usage(trf("no kind of file '{}' (the kinds: {})", *kind, import_kind_names()));
        }
        ctx.io.out << columns_help(kinds);
        return kExitOk;
      }
      // A command's help, as `kunqu org --help` (and `kunqu help org import` as `kunqu org import --help`).
      if (CLI::App* noun = command_named(app, *topic); noun && *topic != "help") {
        if (kind->empty()) {
          ctx.io.out << noun->help("kunqu");
          return kExitOk;
        }
        if (CLI::App* verb = command_named(*noun, *kind)) {
          ctx.io.out << verb->help("kunqu " + noun->get_name());
          return kExitOk;
        }
        std::string verbs;
        std::vector<std::string> names;
        for (auto* sub : noun->get_subcommands({})) {
          verbs += (verbs.empty() ? "" : ", ") + sub->get_name();
          names.push_back(sub->get_name());
        }
        throw_usage(trf("'{}' is not a command of '{}' ({})", *kind, "kunqu " + *topic, verbs) + did_you_mean(*kind, names));
      }
      if (!kind->empty()) throw_usage(trf("help {} takes no kind (only help columns does)", *topic));
      // The rules kunqu applies, with their documents and dates: a table like any list.
      if (*topic == "rules") {
        render(ctx.io.out, ctx.format(), vocab::rules_table(), Shape::kList, ctx.global.bom);
        return kExitOk;
      }
      for (const auto& [name, text] : help_topics())
        if (name == *topic) {
          ctx.io.out << tr(text.c_str());
          return kExitOk;
        }
      std::string nouns_list;
      for (const auto& n : nouns()) nouns_list += std::string(nouns_list.empty() ? "" : ", ") + n.name;
      throw_usage(trf("no help topic or command '{}' (topics: exit-codes, formats, environment, rules, columns; commands: {})",
                      *topic, nouns_list) +
                  did_you_mean(*topic, topics_and_nouns));
    };
  });
}

}  // namespace kunqu::cli
