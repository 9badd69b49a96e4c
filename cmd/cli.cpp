// Root command, global flags, and the mapping of kunqu::Error kinds to exit codes.
#include "cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>

#include <filesystem>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "commands.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/fields.h"
#include "registry/registry.h"
#include "output.h"
#include "render.h"
#include "terminal.h"
#include "xlsx.h"

namespace kunqu::cli {

namespace {

const char* const kDescription = N_("kunqu — the registry and purchase-of-service toolkit of a district civil-affairs bureau");

// Where the message catalogues are: $KUNQU_LOCALEDIR; else share/locale beside the binary, as
// in the build tree, or above it, as installed; else the install location compiled in.
std::string locale_dir(const std::optional<std::string>& given) {
  if (given && !given->empty()) return *given;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const auto& dir : {exe.parent_path() / "share" / "locale", exe.parent_path().parent_path() / "share" / "locale"})
      if (std::filesystem::exists(dir / "zh_CN" / "LC_MESSAGES" / "kunqu.mo", ec)) return dir.string();
  }
  return KUNQU_LOCALEDIR;
}

// The language the command's environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), and
// where its catalogue is.
void choose_language(const Context& ctx) {
  i18n::use_language(i18n::requested_language([&ctx](const char* name) { return ctx.getenv(name).value_or(""); }));
  // English too: --labels zh reads the Chinese words from the catalogue. (KUNQU_LOCALEDIR read
  // now: the folder may be looked for after this command's context is gone.)
  i18n::bind_when_needed([given = ctx.getenv("KUNQU_LOCALEDIR")] { return locale_dir(given); });
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~!") == std::string::npos) return s;
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return kExitUsage;
    case ErrorKind::kNotFound: return kExitNotFound;
    case ErrorKind::kInvalidData: return kExitInvalid;
    case ErrorKind::kBusy: return kExitBusy;
    case ErrorKind::kIo:
    case ErrorKind::kInternal: return kExitRuntime;
  }
  return kExitRuntime;
}

// Messages quote what was typed or read: nothing in them reaches the terminal as a control
// character (line breaks between a message's lines kept).
void report(const Context& ctx, const Error& e) {
  std::set<std::string> hints_shown;
  for (const auto& d : e.diagnostics()) {
    ctx.io.err << io::printable(command_words(d.to_string()), true) << '\n';
    if (!d.hint.empty() && hints_shown.insert(d.hint).second)
      ctx.io.err << "  " << io::printable(command_words(trf("hint: {}", d.hint)), true) << '\n';
  }
  if (e.diagnostics().size() != 1 || e.diagnostics()[0].to_string() != e.what())
    ctx.io.err << "kunqu: " << io::printable(command_words(e.what()), true) << '\n';
  else if (e.kind() == ErrorKind::kInvalidData)
    ctx.io.err << "kunqu: " << tr("1 problem; nothing was written") << '\n';
}

// CLI11's parse errors, which it words in English, in the reader's language: the common
// shapes are recognised and reworded; anything else is shown as CLI11 says it.
std::string parse_error(const std::string& given) {
  const std::string what = io::printable(given);
  if (!i18n::chinese()) return what;
  static const std::regex missing(R"(^(\S+): (\d+) required (\S+) missing$)");
  static const std::regex extra(R"(^The following arguments? (?:was|were) not expected: (.*)$)");
  static const std::regex required(R"(^(\S+) is required$)");
  static const std::regex not_in(R"(^(\S+): (.*) not in \{(.*)\}$)");
  static const std::regex at_most(R"(^(\S+): At Most (\d+) required but received (\d+)$)");
  std::smatch m;
  if (std::regex_match(what, m, missing)) return trf("{} needs a value", m.str(1));
  if (std::regex_match(what, m, extra)) return trf("not expected here: {}", m.str(1));
  if (std::regex_match(what, m, required)) return trf("{} is required", m.str(1));
  if (std::regex_match(what, m, not_in)) return trf("{}: '{}' is not one of {}", m.str(1), m.str(2), m.str(3));
  if (std::regex_match(what, m, at_most)) return trf("{} may be given at most {} times, not {}", m.str(1), m.str(2), m.str(3));
  return what;
}

}  // namespace

CLI::Option* add_note(CLI::App* verb, std::string& note) { return verb->add_option("--note", note, tr("note")); }

CLI::Option* add_limit(CLI::App* verb, std::size_t& limit) {
  return whole_number(verb->add_option("--limit", limit, tr("at most this many rows (0 = all)")));
}

CLI::Option* add_output(CLI::App* verb, std::optional<std::string>& output) {
  return verb->add_option("-o,--output", output, tr("write to this file (format from its extension) instead of stdout"));
}

CLI::Option* whole_number(CLI::Option* option, bool positive) {
  return option->check(CLI::Validator(
      [positive](std::string& value) -> std::string {
        bool digits = !value.empty() && value.size() < 10 && value.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || (positive && std::stoul(value) == 0))
          return positive ? trf("'{}' is not a whole number from 1 up", value)
                          : trf("'{}' is not a whole number from 0 up", value);
        return {};
      },
      positive ? "N>0" : "N"));
}

CLI::Option* complete_with(CLI::Option* option, const std::vector<std::string>& values) {
  std::string name(kCompletionPrefix);
  for (const auto& v : values) name += (name.size() == kCompletionPrefix.size() ? "" : " ") + v;
  // A validator that accepts everything: it only carries the values, by its name.
  return option->check(CLI::Validator([](std::string&) { return std::string(); }, "", name));
}

CLI::Option* field_of_service(CLI::Option* option) {
  std::vector<std::string> codes;
  for (const auto& v : org::fields()[org::kCategory].values) codes.push_back(v.code);
  return complete_with(option, codes);
}

std::string examples(const std::vector<std::string>& lines) {
  std::string s = std::string("\n") + tr("Examples:") + "\n";
  for (const auto& l : lines) s += "  " + l + "\n";
  return s;
}

namespace {

// The words CLI11 itself puts in --help: its labels, and the headings it prints over options
// and subcommands (their groups' names).
constexpr const char* kHelpLabels[] = {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("Positionals"), N_("REQUIRED")};

void translate_texts(CLI::App& app) {
  for (const char* label : kHelpLabels) app.get_formatter()->label(label, tr(label));
  app.description(tr(app.get_description().c_str()));
  // A footer is examples(): its heading translated, the command lines kept.
  const std::string heading = std::string("\n") + N_("Examples:") + "\n";
  if (const std::string footer = app.get_footer(); footer.rfind(heading, 0) == 0)
    app.footer(std::string("\n") + tr("Examples:") + "\n" + footer.substr(heading.size()));
  for (CLI::Option* o : app.get_options()) {
    o->description(tr(o->get_description().c_str()));
    if (o->get_group() == "Options") o->group(tr("Options"));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_group() == "Subcommands") sub->group(tr("Subcommands"));
    translate_texts(*sub);
  }
}

}  // namespace

void translate_help(CLI::App& app) {
  if (i18n::chinese()) translate_texts(app);
}

namespace {


// The names among `known` nearest to `given`, as one would have meant it: those that start with
// it, else the nearest within two edits (and fewer than half its letters); none when nothing is
// near. At most three, nearest first.
std::vector<std::string> nearest_names(const std::string& given, const std::vector<std::string>& known) {
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& k : known) {
    if (k == given) continue;
    std::size_t d = io::edit_distance(given, k);
    if (given.size() >= 3 && k.rfind(given, 0) == 0) d = 0;
    else if (d > 2 || 2 * d >= given.size()) continue;
    ranked.emplace_back(d, k);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [d, name] : ranked) {
    if (out.size() == 3 || d > ranked.front().first) break;
    out.push_back(name);
  }
  return out;
}

}  // namespace

std::string did_you_mean(const std::string& given, const std::vector<std::string>& known) {
  const auto names = nearest_names(given, known);
  if (names.empty()) return {};
  // Quoted as the rest of the message quotes: 'list' in English, “list” in Chinese.
  const bool zh = i18n::chinese();
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : zh ? "、" : ", ") + (zh ? "“" + n + "”" : "'" + n + "'");
  return (zh ? "" : " ") + trf("(did you mean {}?)", list);
}

namespace {

// The long options a command accepts: its own and those of every command above it (the global
// options may be given anywhere).
std::vector<std::string> long_options(const CLI::App* app) {
  std::vector<std::string> names;
  for (; app; app = app->get_parent())
    for (const CLI::Option* o : app->get_options())
      for (const auto& l : o->get_lnames()) names.push_back("--" + l);
  return names;
}

// The first of the arguments CLI11 could not place that looks like an option no command on the
// line knows ("--limt", "--bogus=1"), or nothing.
std::string unknown_option(const CLI::App& app, const CLI::App* deepest) {
  for (const auto& arg : app.remaining(true)) {
    if (arg.size() < 2 || arg[0] != '-' || arg == "--") continue;
    if (arg[1] != '-' && std::isdigit(static_cast<unsigned char>(arg[1]))) continue;  // -5: a value
    const std::string name = arg.substr(0, arg.find('='));
    bool known = false;
    for (const CLI::App* a = deepest; a && !known; a = a->get_parent()) known = a->get_option_no_throw(name) != nullptr;
    if (!known) return name;
  }
  return {};
}

// The command the line got to (`kunqu org list` → list), and its path for messages.
CLI::App* deepest_command(CLI::App& app) {
  CLI::App* deepest = &app;
  while (!deepest->get_subcommands().empty()) deepest = deepest->get_subcommands().front();
  return deepest;
}

std::string command_path(const CLI::App* deepest) {
  std::string path;
  for (const CLI::App* a = deepest; a; a = a->get_parent()) path.insert(0, (a->get_parent() ? " " : "") + a->get_name());
  return path;
}

// Says an unknown option as such, with the nearest the command knows; false when the parse
// error was about something else.
bool report_unknown_option(const Context& ctx, CLI::App& app) {
  const CLI::App* deepest = deepest_command(app);
  const std::string name = unknown_option(app, deepest);
  if (name.empty()) return false;
  const std::string path = command_path(deepest);
  ctx.io.err << "kunqu: " << trf("unknown option '{}' for '{}'", io::printable(name), path)
             << did_you_mean(name, long_options(deepest)) << "\n";
  ctx.io.err << trf("Run '{} --help' for usage.", path) << "\n";
  return true;
}

// The first `n` words of a command line (noun, verb), skipping global options and their values.
std::vector<std::string> words_of(int argc, const char* const* argv, std::size_t n) {
  std::vector<std::string> words;
  for (int i = 1; i < argc && words.size() < n; ++i) {
    std::string_view a = argv[i];
    if (a == "--db" || a == "--format" || a == "--actor" || a == "--labels") {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] != '-') words.emplace_back(a);
  }
  words.resize(n);
  return words;
}

}  // namespace

const std::vector<Noun>& nouns() {
  static const std::vector<Noun> all = {
      {"db", setup_db},           {"org", setup_org},       {"filing", setup_filing}, {"incubate", setup_incubate},
      {"contract", setup_contract}, {"report", setup_report}, {"demand", setup_demand}, {"catalog", setup_catalog},
      {"due", setup_due},
  };
  return all;
}

namespace {

// The width a table on standard output is fit to: $COLUMNS when it is a width (so a script or a
// test may ask for one), else the terminal's; 0 (nothing fit) for a pipe or a file.
std::size_t terminal_width(const Context& ctx) {
  if (auto columns = ctx.getenv("COLUMNS")) {
    const std::string& v = *columns;
    if (!v.empty() && v.size() <= 4 && v.find_first_not_of("0123456789") == std::string::npos && std::stoi(v) > 0)
      return static_cast<std::size_t>(std::stoi(v));
  }
  return ctx.io.out_columns;
}

// `only`: set up just this noun's commands (a command line names one; building the others
// would only slow every start). Empty: all of them, for help and for unknown nouns.
void build_app(CLI::App& app, Context& ctx, const std::string& only = "") {
  // Its texts in English, translated by translate_help() if help is shown: a command that shows
  // none then never reads the message catalogue. (Type names like TEXT stay English: CLI11 pads
  // the option column by bytes, not by width.)
  const i18n::Untranslated english;
  app.name("kunqu");
  app.description(kDescription);
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
  std::string version = version_line();
  version.pop_back();
  app.set_version_flag("--version", version, tr("Display program version information and exit"));
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default(false);
  app.add_option("--db", ctx.global.db, tr("registry file (else $KUNQU_DB, else $XDG_DATA_HOME/kunqu/registry.db)"));
  app.add_option("--format", ctx.global.format,
                 tr("output layout: auto (table on a terminal, CSV when piped), table, csv, json, toml, xlsx (a workbook, "
                    "to a file or a pipe); ocds for contract export, html for reports"))
      ->check(CLI::IsMember({"auto", "table", "csv", "json", "toml", "xlsx", "ocds", "html"}));
  app.add_option("--actor", ctx.global.actor, tr("who is acting, for the audit log (else $KUNQU_ACTOR, $USER, $LOGNAME, else the account's name)"));
  app.add_flag("-q,--quiet", ctx.global.quiet, tr("no messages on stderr, only errors"));
  app.add_flag("--strict", ctx.global.strict,
               tr("refuse what only warrants a warning (warning: …) as an error: exit 3, nothing written"));
  app.add_flag("--bom", ctx.global.bom, tr("start CSV output with a UTF-8 byte-order mark (for Excel)"));
  app.add_option("--labels", ctx.global.labels,
                 tr("en (default) or zh: zh gives CSV, xlsx, tables and reports Chinese column headers and enum labels (名称, 备案 …), "
                    "the words import accepts, and the report page in Chinese; JSON and TOML keep names and codes"))
      ->check(CLI::IsMember({"en", "zh"}));
  app.add_flag("--mask", ctx.global.mask,
               tr("mask personal data in lists and exports (王**, 138****5678, the address after its street); "
                  "unmasked output of it is recorded in the audit log"));
  app.footer(examples({"kunqu db init --profile examples/kundulun/profile.toml",
                       "kunqu org import examples/kundulun/orgs.csv",
                       "kunqu org list --tier grassroots --street 沼潭街道",
                       "kunqu help exit-codes"}));
  const auto& table = nouns();
  const bool all = std::none_of(table.begin(), table.end(), [&](const Noun& n) { return only == n.name; });
  for (const auto& n : table)
    if (all || only == n.name) n.setup(app, ctx);
  if (all) setup_help(app, ctx);
}

void collect(const CLI::App& app, const std::string& prefix, std::vector<CommandDoc>& out) {
  for (const auto* sub : app.get_subcommands({})) {
    std::string path = prefix + " " + sub->get_name();
    out.push_back({path, sub->get_description(), sub->get_footer(), sub->get_subcommands({}).empty()});
    collect(*sub, path, out);
  }
}

}  // namespace

std::string version_line() {
  return fmt::format("kunqu {} (schema {}, SQLite {})\n", KUNQU_VERSION, registry::latest_schema_version(),
                     registry::sqlite_version());
}

void visit_command_tree(const std::function<void(CLI::App&)>& visit, const std::string& language) {
  i18n::use_language(language);  // completions in English; man pages in English and in Chinese
  std::istringstream in;
  std::ostringstream out, err;
  Context ctx(Io{in, out, err}, {});
  CLI::App app;
  build_app(app, ctx);
  translate_help(app);
  visit(app);
}

std::vector<CommandDoc> command_docs() {
  std::vector<CommandDoc> docs;
  visit_command_tree([&docs](CLI::App& app) { collect(app, "kunqu", docs); });
  return docs;
}

// The options whose values may hold several lines (tabs and line breaks); every other value
// holds one.
static const std::set<std::string>& several_line_options() {
  static const std::set<std::string> names = {"--notes", "--note", "--description", "--address", "--business-scope"};
  return names;
}

// Refuses (exit 3) a value on the command line that holds a control or format character —
// terminal escapes, zero-width and bidirectional characters —, or a line break where the option
// holds one line: such text would be stored and shown to the next reader.
static void refuse_hidden_characters(CLI::App& app) {
  std::vector<Diagnostic> found;
  auto visit = [&](CLI::App& a, auto& self) -> void {
    for (CLI::Option* opt : a.get_options()) {
      const std::string name = opt->get_name();  // "--purchaser", or a positional's name
      const bool lines = several_line_options().count(name) != 0;
      for (const auto& value : opt->results())
        if (auto c = io::forbidden_character(value, lines))
          found.push_back(Diagnostic{"", 0, 0, name,
                                     lines ? trf("holds the invisible or control character {}", io::describe_character(*c))
                                           : trf("holds the invisible or control character {} (this option holds one line)",
                                                 io::describe_character(*c)),
                                     ""});
    }
    for (CLI::App* sub : a.get_subcommands()) self(*sub, self);
  };
  visit(app, visit);
  if (found.empty()) return;
  const auto n = found.size();
  throw Error(ErrorKind::kInvalidData, trnf("{} problem; nothing was written", "{} problems; nothing was written", n, n),
              std::move(found));
}

int run(int argc, const char* const* argv, Context& ctx) {
  personal_data() = PersonalData{};
  labels_zh() = false;
  excel_bound() = false;
  screen() = Screen{};
  choose_language(ctx);
  // Under a GB locale the command line is GBK and people read GBK: converted at the edges.
  const io::Encoding locale = locale_encoding(ctype_locale(ctx));
  LocaleStreams streams(ctx.io, locale);
  std::vector<std::string> args;
  std::vector<const char*> utf8_argv;
  if (locale != io::Encoding::kUtf8) {
    try {
      args = arguments_to_utf8(argc, argv, locale);
    } catch (const Error& e) {
      report(ctx, e);
      return exit_code(e.kind());
    }
    for (const auto& a : args) utf8_argv.push_back(a.c_str());
    utf8_argv.push_back(nullptr);
    argv = utf8_argv.data();
  }
  for (int i = 0; i < argc; ++i) ctx.command_line += (i ? " " : "") + shell_quote(argv[i]);
  CLI::App app;
  auto words = words_of(argc, argv, 2);
  ctx.verb = words[1];
  build_app(app, ctx, words[0]);

  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      translate_help(app);
      return app.exit(e, ctx.io.out, ctx.io.err);
    } catch (const CLI::CallForAllHelp& e) {
      translate_help(app);
      return app.exit(e, ctx.io.out, ctx.io.err);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e, ctx.io.out, ctx.io.err);
    } catch (const CLI::RequiredError& e) {
      if (report_unknown_option(ctx, app)) return kExitUsage;
      // "A subcommand is required": a noun alone (`kunqu org`) asks what it can do: its help.
      // Else say which commands there are, and what was not one.
      CLI::App* deepest = deepest_command(app);
      const std::string path = command_path(deepest);
      std::vector<std::string> names;
      std::string verbs;
      for (auto* sub : deepest->get_subcommands({})) {
        names.push_back(sub->get_name());
        verbs += (verbs.empty() ? "" : ", ") + sub->get_name();
      }
      std::string unknown;
      for (const auto& arg : app.remaining(true))
        if (!arg.empty() && arg[0] != '-') {
          unknown = arg;
          break;
        }
      if (std::string(e.what()).find("subcommand") == std::string::npos) {
        ctx.io.err << "kunqu: " << parse_error(e.what()) << "\n";
      } else if (!unknown.empty()) {
        ctx.io.err << "kunqu: " << trf("'{}' is not a command of '{}' ({})", io::printable(unknown), path, verbs)
                   << did_you_mean(unknown, names) << "\n";
      } else {
        translate_help(app);
        ctx.io.out << app.help();
        return kExitOk;
      }
      ctx.io.err << trf("Run '{} --help' for usage.", path) << "\n";
      return kExitUsage;
    } catch (const CLI::ParseError& e) {
      if (report_unknown_option(ctx, app)) return kExitUsage;
      ctx.io.err << "kunqu: " << parse_error(e.what()) << "\n";
      ctx.io.err << tr("Run with --help for usage.") << "\n";
      return kExitUsage;
    }
    if (!ctx.action) return kExitUsage;
    refuse_hidden_characters(app);
    if (ctx.parse_only) return kExitOk;
    personal_data().mask = ctx.global.mask;
    labels_zh() = ctx.global.labels == "zh";
    screen() = Screen{&ctx.io.out, terminal_width(ctx), [&ctx](const std::string& note) { ctx.note(note); }};
    workbook_settings() = WorkbookSettings{ctx.getenv("TMPDIR").value_or("/tmp"), ctx.getenv("KUNQU_NOW").value_or("")};
    // Standard output passes through `gate`, which holds it back from the first row of personal
    // data until that data's audit entry is written; a command that fails drops what it held.
    HoldBuf gate(ctx.io.out.rdbuf());
    struct Restore {
      std::ostream& out;
      std::streambuf* buf;
      ~Restore() {
        out.rdbuf(buf);
        personal_data().hold = nullptr;
      }
    } restore{ctx.io.out, ctx.io.out.rdbuf(&gate)};
    personal_data().hold = [&gate] { gate.hold(); };
    const int code = ctx.action();
    PersonalData& data = personal_data();
    // One record looked up on screen (an org to call) is the register's everyday use; the
    // personal data of several records at once is an export.
    if (!data.mask && data.rows >= 2) record_personal_data(ctx, data.columns, data.rows, "stdout");
    gate.release();
    ctx.io.out.flush();
    return code;
  } catch (const Error& e) {
    report(ctx, e);
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    ctx.io.err << "kunqu: " << trf("internal error: {}", e.what()) << '\n';
    return kExitRuntime;
  }
}

}  // namespace kunqu::cli
