// Man pages and shell completions from the command tree. Every word comes from the same
// descriptions, usage lines, option names and Examples footers that --help prints.
#include "docs.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "cli.h"
#include "commands.h"
#include "help_columns.h"
#include "i18n/messages.h"

namespace kunqu::cli {

using i18n::label;
using i18n::NC_;

namespace {

// --- the tree, read once --------------------------------------------------------------

struct Opt {
  std::string display;              // "--tier TEXT", "-o,--output TEXT (REQUIRED)", "file"
  std::string description;
  std::vector<std::string> names;   // "--tier"; "-o", "--output"; empty for a positional
  bool positional = false;
  bool takes_value = false;
  bool files = false;               // its value names a file
  std::vector<std::string> values;  // what completion offers for its value
};

struct Node {
  std::string path;  // "kunqu org list"
  std::string name;  // "list"
  std::string description;
  std::string usage;  // "kunqu org list [OPTIONS] org"
  std::vector<std::string> examples;
  std::vector<Opt> options;
  std::vector<Node> children;
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    if (!trim(part).empty()) out.push_back(trim(part));
  return out;
}

bool is_code(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

// "registered | grassroots (登记 | 备案)", "类型: social_group, social_service, foundation",
// "tier (default), type, …": the codes a description lists, asides in parentheses and a
// leading "what: " left out. None unless every item is a code.
std::vector<std::string> listed_codes(const std::string& description) {
  std::string plain;
  int depth = 0;
  for (char c : description) {
    if (c == '(') ++depth;
    else if (c == ')') depth = std::max(0, depth - 1);
    else if (depth == 0) plain += c;
  }
  if (const auto colon = plain.rfind(": "); colon != std::string::npos) plain = plain.substr(colon + 2);
  std::vector<std::string> codes = split(plain, plain.find('|') != std::string::npos ? '|' : ',');
  if (codes.size() < 2) return {};
  for (const auto& c : codes)
    if (!is_code(c)) return {};
  return codes;
}

std::vector<std::string> values_of(CLI::Option* o) {
  for (int i = 0;; ++i) {
    CLI::Validator* v = nullptr;
    try {
      v = o->get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    const std::string& name = v->get_name();
    if (name.compare(0, kCompletionPrefix.size(), kCompletionPrefix) == 0)
      return split(name.substr(kCompletionPrefix.size()), ' ');
  }
  const std::string type = o->get_type_name();  // "TEXT:{auto,table,csv}" for CLI::IsMember
  const auto open = type.find('{'), close = type.find('}');
  if (open != std::string::npos && close != std::string::npos && close > open)
    return split(type.substr(open + 1, close - open - 1), ',');
  return listed_codes(o->get_description());
}

Node read(CLI::App& app, const std::string& path) {
  auto formatter = std::dynamic_pointer_cast<CLI::Formatter>(app.get_formatter());
  Node n;
  n.path = path;
  n.name = app.get_name();
  n.description = app.get_description();
  n.usage = trim(formatter->make_usage(&app, path));
  // CLI11 starts it with its label, "Usage: " (or its translation): the page's heading says it.
  const std::string usage_label = std::string(tr("Usage")) + ": ";
  if (n.usage.rfind(usage_label, 0) == 0) n.usage.erase(0, usage_label.size());
  std::istringstream footer(app.get_footer());
  for (std::string line; std::getline(footer, line);)
    if (line.rfind("  ", 0) == 0 && !trim(line).empty()) n.examples.push_back(trim(line));
  for (CLI::Option* o : app.get_options()) {
    Opt opt;
    opt.positional = o->get_positional() && !o->nonpositional();
    opt.display = formatter->make_option_name(o, opt.positional) + formatter->make_option_opts(o);
    opt.description = o->get_description();
    for (const auto& s : o->get_snames()) opt.names.push_back("-" + s);
    for (const auto& l : o->get_lnames()) opt.names.push_back("--" + l);
    opt.takes_value = o->get_type_size() != 0;
    // The values that name files: the positional `file`, --db, --profile, -o/--output.
    opt.files = opt.positional ? o->get_name(true, false) == "file" : false;
    for (const auto& l : o->get_lnames()) opt.files = opt.files || l == "output" || l == "db" || l == "profile";
    if (opt.takes_value) opt.values = values_of(o);
    n.options.push_back(std::move(opt));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    n.children.push_back(read(*sub, path + " " + sub->get_name()));
  return n;
}

Node tree(const std::string& language = "C") {
  Node root;
  visit_command_tree([&root](CLI::App& app) { root = read(app, "kunqu"); }, language);
  return root;
}

// --- roff ------------------------------------------------------------------------------

// Text for roff: backslashes and hyphens escaped, no line starting with a control character.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}

std::string preformatted(const std::string& text) {
  return ".PP\n.nf\n.RS 4\n" + roff(text) + (text.empty() || text.back() == '\n' ? "" : "\n") + ".RE\n.fi\n";
}

std::string examples_block(const std::vector<std::string>& examples) {
  if (examples.empty()) return {};
  std::string lines;
  for (const auto& e : examples) lines += e + "\n";
  return preformatted(lines);
}

std::string options_block(const Node& n, bool skip_help) {
  std::string out;
  for (const auto& o : n.options) {
    if (skip_help && o.display.rfind("-h,--help", 0) == 0) continue;
    out += ".TP\n.B " + roff(o.display) + "\n" + roff(o.description) + "\n";
  }
  return out;
}

// A section heading of a page, in the page's language.
std::string section(const char* name) {
  const std::string words = label("man", name);
  return words.find(' ') == std::string::npos ? ".SH " + words + "\n" : ".SH \"" + words + "\"\n";
}

// The headings, marked for translation.
[[maybe_unused]] constexpr const char* kSections[] = {
    NC_("man", "NAME"),        NC_("man", "SYNOPSIS"),    NC_("man", "DESCRIPTION"), NC_("man", "OPTIONS"),
    NC_("man", "COMMANDS"),    NC_("man", "EXAMPLES"),    NC_("man", "SEE ALSO"),    NC_("man", "EXIT STATUS"),
    NC_("man", "ENVIRONMENT"), NC_("man", "FORMATS"),     NC_("man", "IMPORT COLUMNS"), NC_("man", "MORE EXAMPLES"),
};

std::string header(const std::string& name, const std::string& summary) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  const std::string version = version_line();
  // Chinese runs on without spaces to stretch: its lines are set ragged right, not justified.
  return fmt::format(".TH {} 1 \"\" \"{}\" \"{}\"\n{}{}{} \\- {}\n", roff(upper), roff(version.substr(0, version.find(' ', 6))),
                     roff(tr("kunqu manual")), i18n::chinese() ? ".ad l\n" : "", section("NAME"), roff(name), roff(summary));
}

// One verb (or a noun under a noun, like org credit) and everything under it.
std::string verb_section(const Node& n) {
  std::string out = ".SS \"" + roff(n.usage) + "\"\n" + roff(n.description) + "\n";
  if (n.children.empty()) {
    out += options_block(n, true);
    if (!n.examples.empty()) out += ".PP\n" + roff(tr("Examples:")) + "\n" + examples_block(n.examples);
    return out;
  }
  std::string names;
  for (std::size_t i = 0; i < n.children.size(); ++i) names += (i ? ", " : "") + n.children[i].name;
  out += ".PP\n" + roff(trf("Its commands: {}.", names)) + "\n";
  for (const auto& c : n.children) out += verb_section(c);
  return out;
}

std::string noun_page(const Node& noun) {
  const std::string name = "kunqu-" + noun.name;
  std::string out = header(name, noun.description);
  out += section("SYNOPSIS") + ".B kunqu " + roff(noun.name) + "\nCOMMAND [OPTIONS] [ARGUMENTS]\n";
  out += section("DESCRIPTION") + roff(noun.description) + (i18n::chinese() ? "。" : ".") + "\n.PP\n";
  out += roff(tr("The global options (--db, --format, --actor, -q, --bom, --mask) may be given anywhere on the command "
                 "line; see kunqu(1). Every command also takes -h, --help.")) +
         "\n";
  out += section("COMMANDS");
  for (const auto& verb : noun.children) out += verb_section(verb);
  if (!noun.examples.empty()) out += section("EXAMPLES") + examples_block(noun.examples);
  out += section("SEE ALSO") + ".BR kunqu (1)\n";
  return out;
}

std::string topic(const std::string& name) {
  for (const auto& [topic_name, text] : help_topics())
    if (topic_name == name) return tr(text.c_str());
  return {};
}

std::string root_page(const Node& root, const std::string& extra) {
  std::string summary = root.description;
  const std::string dash = " — ";
  if (auto at = summary.find(dash); at != std::string::npos) summary = summary.substr(at + dash.size());
  std::string out = header("kunqu", summary);
  out += section("SYNOPSIS") + ".B kunqu\n[OPTIONS] NOUN VERB [OPTIONS] [ARGUMENTS]\n.br\n.B kunqu\n\\-\\-version\n";
  out += section("DESCRIPTION") +
         roff(trf("kunqu is {}: a registry of social organizations and the purchase of services from them, kept in one "
                  "SQLite file.",
                  summary)) +
         "\n.PP\n" +
         roff(trf("Each noun has its own page, listed under {}; every command has --help with examples that can be pasted "
                  "as they are.",
                  label("man", "COMMANDS"))) +
         "\n";
  out += section("OPTIONS") + options_block(root, false);
  out += section("COMMANDS");
  for (const auto& noun : root.children) {
    out += ".TP\n.B " + roff(noun.name) + "\n" + roff(noun.description) + (i18n::chinese() ? "。" : ".") + "\n";
    if (noun.name != "help") out += roff(tr("See")) + "\n.BR kunqu\\-" + roff(noun.name) + " (1).\n";
  }
  out += section("EXIT STATUS") + preformatted(topic("exit-codes"));
  out += section("ENVIRONMENT") + preformatted(topic("environment"));
  out += section("FORMATS") + preformatted(topic("formats"));
  // `kunqu help columns`: every file kunqu imports, its columns and the headers they are read by.
  std::vector<const ImportKind*> kinds;
  for (const auto& k : import_kinds()) kinds.push_back(&k);
  out += section("IMPORT COLUMNS") + preformatted(columns_help(kinds));
  out += extra;
  if (!root.examples.empty()) out += section("MORE EXAMPLES") + examples_block(root.examples);
  out += section("SEE ALSO");
  std::string see;
  for (const auto& noun : root.children)
    if (noun.name != "help") see += (see.empty() ? "" : ",\n") + (".BR kunqu\\-" + roff(noun.name) + " (1)");
  out += see + ",\n.BR sqlite3 (1)\n";
  return out;
}

// --- completion --------------------------------------------------------------------------

void walk(const Node& n, const std::string& path, const std::function<void(const Node&, const std::string&)>& f) {
  f(n, path);
  for (const auto& c : n.children) walk(c, path.empty() ? c.name : path + " " + c.name, f);
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The per-command tables both shells use, as shell functions over the command path ("org
// list"): its subcommands, its flags, its flags that take a value, a flag's values, and whether
// its positional argument (or a flag's value) names a file.
struct Tables {
  std::string subs, flags, valued, values, positional;
};

Tables tables(const Node& root) {
  Tables t;
  std::vector<std::string> global_flags, global_valued;
  for (const auto& o : root.options) {
    for (const auto& name : o.names) {
      if (name == "-h" || name == "--help" || name == "--version") continue;  // not global
      global_flags.push_back(name);
      if (o.takes_value) global_valued.push_back(name);
    }
  }
  walk(root, "", [&](const Node& n, const std::string& path) {
    std::vector<std::string> subs, flags, valued;
    for (const auto& c : n.children) subs.push_back(c.name);
    if (!subs.empty()) t.subs += fmt::format("    '{}') echo '{}' ;;\n", path, join(subs));
    for (const auto& o : n.options) {
      if (o.positional) {
        if (o.files) t.positional += fmt::format("    '{}') echo files ;;\n", path);
        else if (!o.values.empty()) t.positional += fmt::format("    '{}') echo '{}' ;;\n", path, join(o.values));
        continue;
      }
      for (const auto& name : o.names) {
        flags.push_back(name);
        if (o.takes_value) valued.push_back(name);
        if (o.files) t.values += fmt::format("    '{}|{}') echo files ;;\n", path, name);
        else if (!o.values.empty()) t.values += fmt::format("    '{}|{}') echo '{}' ;;\n", path, name, join(o.values));
      }
    }
    if (!path.empty()) {  // the global flags go anywhere after the noun too
      flags.insert(flags.end(), global_flags.begin(), global_flags.end());
      valued.insert(valued.end(), global_valued.begin(), global_valued.end());
    }
    t.flags += fmt::format("    '{}') echo '{}' ;;\n", path, join(flags));
    if (!valued.empty()) t.valued += fmt::format("    '{}') echo '{}' ;;\n", path, join(valued));
  });
  for (const auto& o : root.options)
    for (const auto& name : o.names) {
      if (o.files) t.values += fmt::format("    *'|{}') echo files ;;\n", name);
      else if (!o.values.empty()) t.values += fmt::format("    *'|{}') echo '{}' ;;\n", name, join(o.values));
    }
  return t;
}

// The shell functions shared by bash and zsh (both run this POSIX-style code): the tables, and
// _kunqu_words, which reads the words before the cursor into the command path, the flag whose
// value is being typed (if any) and the count of positional arguments given.
std::string common_functions(const Node& root) {
  const Tables t = tables(root);
  std::string out;
  out += "_kunqu_subs() {\n  case $1 in\n" + t.subs + "  esac\n}\n";
  out += "_kunqu_flags() {\n  case $1 in\n" + t.flags + "  esac\n}\n";
  out += "_kunqu_valued() {\n  case $1 in\n" + t.valued + "  esac\n}\n";
  out += "_kunqu_values() {\n  case $1 in\n" + t.values + "  esac\n}\n";
  out += "_kunqu_positional() {\n  case $1 in\n" + t.positional + "  esac\n}\n";
  out += R"(# _kunqu_complete WORD...: the words typed before the cursor (without "kunqu"), then the
# word being completed. Prints "files" for file names, else the candidates.
_kunqu_complete() {
  local cmd= flag= w cur subs valued
  while [ $# -gt 1 ]; do
    w=$1; shift
    if [ -n "$flag" ]; then flag=; continue; fi
    case $w in
      --*=*) continue ;;
      -*)
        valued=" $(_kunqu_valued "$cmd") "
        case $valued in *" $w "*) flag=$w ;; esac
        continue ;;
    esac
    subs=" $(_kunqu_subs "$cmd") "
    case $subs in *" $w "*) cmd=${cmd:+$cmd }$w ;; esac
  done
  cur=$1
  case $cur in
    --*=*) flag=${cur%%=*} ;;
  esac
  if [ -n "$flag" ]; then
    _kunqu_values "$cmd|$flag"
  elif [ "${cur#-}" != "$cur" ]; then
    _kunqu_flags "$cmd"
  else
    subs=$(_kunqu_subs "$cmd")
    if [ -n "$subs" ]; then echo "$subs"; else _kunqu_positional "$cmd"; fi
  fi
}
)";
  return out;
}

}  // namespace

std::vector<ManPage> man_pages(const std::string& extra, const std::string& language) {
  const Node root = tree(language);
  std::vector<ManPage> pages{{"kunqu.1", root_page(root, extra)}};
  for (const auto& noun : root.children)
    if (noun.name != "help") pages.push_back({"kunqu-" + noun.name + ".1", noun_page(noun)});
  return pages;
}

std::string bash_completion() {
  std::string out = "# bash completion for kunqu, generated from its command tree (kunqu_docgen).\n";
  out += common_functions(tree());
  out += R"(_kunqu() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev= words=() i
  # bash splits --tier=gr into --tier, =, gr: join them again.
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} == = || $prev == = ]]; then
      words[${#words[@]}-1]+=${COMP_WORDS[i]}
    else
      words+=("${COMP_WORDS[i]}")
    fi
    prev=${COMP_WORDS[i]}
  done
  local joined=
  if [[ $cur == = ]]; then cur=; joined=${words[${#words[@]}-1]}=; unset 'words[${#words[@]}-1]'
  elif [[ $prev == = ]]; then joined=${words[${#words[@]}-1]}; unset 'words[${#words[@]}-1]'; fi
  local offers
  offers=$(_kunqu_complete "${words[@]}" "$joined$cur")
  if [[ $offers == files ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
  else
    COMPREPLY=($(compgen -W "$offers" -- "$cur"))
  fi
}
complete -F _kunqu kunqu
)";
  return out;
}

std::string zsh_completion() {
  std::string out = "#compdef kunqu\n# zsh completion for kunqu, generated from its command tree (kunqu_docgen).\n";
  out += common_functions(tree());
  out += R"(_kunqu() {
  local cur=${words[CURRENT]} offers
  offers=$(_kunqu_complete "${(@)words[2,CURRENT-1]}" "$cur")
  [[ $cur == --*=* ]] && compset -P '*='
  if [[ $offers == files ]]; then
    _files
  else
    compadd -- ${=offers}
  fi
}
_kunqu "$@"
)";
  return out;
}

}  // namespace kunqu::cli
