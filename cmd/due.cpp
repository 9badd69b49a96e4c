// `kunqu due`: one list of what is due (lib/report/due.h), each row with the command that acts
// on it, made here from its rule: what the rule settles is filled in (the subject, a list
// event's kind and rule, the day asked), what a person decides stays a placeholder in capitals.
#include "report/due.h"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cli.h"
#include "commands.h"
#include "i18n/messages.h"
#include "registry/registry.h"
#include "render.h"
#include "verb.h"

namespace kunqu::cli {

namespace {

struct Options {
  std::optional<std::string> as_of;
  std::string within = "30d";
};

// The command that acts on a row of `due`: its rule, subject and date, on the day asked.
std::string command_for(const std::string& rule, const std::string& subject, const std::string& date, const std::string& day) {
  auto starts = [&](const char* prefix) { return rule.compare(0, std::string(prefix).size(), prefix) == 0; };
  if (starts("abnormal.") || starts("serious.")) {
    const std::string list = starts("abnormal.") ? "abnormal" : "serious";
    const bool exit = rule == "abnormal.obligations_met" || rule == "abnormal.six_months" || rule == "serious.two_clean_years" ||
                      rule == "serious.deregistered";
    return "kunqu org credit add " + subject + " --kind " + list + (exit ? "_out" : "_in") + " --rule " + rule + " --date " +
           day;
  }
  if (rule == "grade.expiring") return "kunqu org grade set " + subject + " --grade G --date D";
  if (starts("grade.")) return "kunqu org grade lower " + subject + " --grade G --date " + day + " --reason R";
  if (rule == "annual_check.report")
    return "kunqu org annual-check add " + subject + " --year " + std::to_string(std::stoi(date.substr(0, 4)) - 1) +
           " --result R --date D";
  if (rule == "filing.yearly_review") return "kunqu filing review " + subject + " --date D --outcome O";
  if (rule == "incubate.term") return "kunqu incubate graduate " + subject + " --date D";
  if (rule == "contract.no_delivery") return "kunqu contract deliver " + subject + " --from D --to D --hours H";
  if (rule == "contract.unpaid") return "kunqu contract pay " + subject + " --date D --amount A";
  if (rule == "demand.unanswered") return "kunqu demand update " + subject + " --status S";
  return "";
}

int run_due(Context& ctx, const Options& o) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  const std::string day = o.as_of.value_or(reg.today());
  io::Table t = report::due(reg, day, o.within);
  t.columns.push_back({"command"});
  for (auto& row : t.rows) row.push_back(command_for(row[3].value_or(""), row[1].value_or(""), row[4].value_or(""), day));
  render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
  ctx.note(trnf("{} thing due as of {} or within {} after it; kunqu lists, a person acts",
                "{} things due as of {} or within {} after it; kunqu lists, a person acts", t.rows.size(), t.rows.size(),
                day, o.within));
  return kExitOk;
}

}  // namespace

void setup_due(CLI::App& app, Context& ctx) {
  auto [c, o] = add_verb(&app, ctx, "due",
                         tr("one list of what is due: filings to review, annual checks missing, credit-list entries and "
                            "exits, grades to lower or renew, stays ending, contracts without delivery or unpaid, needs "
                            "unanswered — each with its rule, its date and the command that acts on it"),
                         run_due);
  c->add_option("--as-of", o.as_of, tr("judge on this date (default: today in Asia/Shanghai)"));
  c->add_option("--within", o.within, tr("also what falls due within this span after it: 30d (default), 6m, 1y, 0d"));
  c->footer(examples({"kunqu due", "kunqu due --within 90d --format csv", "kunqu due --as-of 2015-06-30 --within 0d"}));
}

}  // namespace kunqu::cli
