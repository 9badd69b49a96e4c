// The nouns' set-up functions, one per file in cmd/. Each binds its verbs' flags and
// Examples footer, and sets ctx.action to its run function.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "context.h"

namespace CLI {
class App;
class Option;
}

namespace kunqu::cli {

// A noun of the command line and the function that sets up its verbs.
struct Noun {
  const char* name;
  void (*setup)(CLI::App& app, Context& ctx);
};
// Every noun, in the order --help lists them: db, org (with its credit, annual-check and grade),
// filing, incubate, contract, report, demand, catalog, and due. Each is cmd/<noun>.cpp over lib/<noun>/
// (org's supervision verbs in cmd/org_supervision.cpp over lib/supervision).
const std::vector<Noun>& nouns();

void setup_db(CLI::App& app, Context& ctx);
// `db district` (cmd/district.cpp), under `db`.
void setup_db_district(CLI::App* db, Context& ctx);
void setup_org(CLI::App& app, Context& ctx);
void setup_filing(CLI::App& app, Context& ctx);
void setup_incubate(CLI::App& app, Context& ctx);
void setup_contract(CLI::App& app, Context& ctx);
void setup_report(CLI::App& app, Context& ctx);
void setup_demand(CLI::App& app, Context& ctx);
void setup_catalog(CLI::App& app, Context& ctx);
// `kunqu due`: a command of its own, without verbs (cmd/due.cpp).
void setup_due(CLI::App& app, Context& ctx);
// `org credit`, `org annual-check`, `org grade` (`which`), under the org command.
void setup_supervision(CLI::App* org_cmd, Context& ctx, const std::string& which);
void setup_help(CLI::App& app, Context& ctx);

// Makes `option` accept only whole numbers, from 1 when `positive`, else from 0.
CLI::Option* whole_number(CLI::Option* option, bool positive = false);

// The values shell completion offers for `option` (enum codes the library checks itself, since
// it also takes their Chinese labels). Options listing their codes as "a | b | c" in their
// description, or checked with CLI::IsMember, need no call: completion reads those.
CLI::Option* complete_with(CLI::Option* option, const std::vector<std::string>& values);
// complete_with the codes of the fields of service (culture_sports, elderly_care …).
CLI::Option* field_of_service(CLI::Option* option);

// The flags many verbs share, declared once: --note, --limit N (0 = all) and -o FILE.
CLI::Option* add_note(CLI::App* verb, std::string& note);
CLI::Option* add_limit(CLI::App* verb, std::size_t& limit);
CLI::Option* add_output(CLI::App* verb, std::optional<std::string>& output);

// "Examples:\n  kunqu …\n  kunqu …" for a --help footer.
std::string examples(const std::vector<std::string>& lines);

// The help topics (`kunqu help TOPIC`).
const std::vector<std::pair<std::string, std::string>>& help_topics();

}  // namespace kunqu::cli
