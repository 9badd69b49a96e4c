// `kunqu org credit`, `kunqu org annual-check`, `kunqu org grade`: the supervision records.
// Parse flags → call lib/supervision → render.
#include "supervision/supervision.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "i18n/messages.h"
#include "registry/registry.h"
#include "render.h"
#include "transfer.h"
#include "verb.h"

namespace kunqu::cli {

namespace {

// Renders `t`; when --limit may have cut it short, says so with `cut`, a message marked with
// N_ taking the rows shown and the limit ("{} events shown (--limit {}); there may be more").
int show_table(Context& ctx, const io::Table& t, std::size_t limit, const char* cut) {
  render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
  if (limit && t.rows.size() == limit) ctx.note(trf(cut, t.rows.size(), limit));
  return kExitOk;
}

struct CreditAdd {
  std::string token;
  supervision::CreditEvent event;
};
struct Due {
  std::optional<std::string> as_of, list, action;
};
struct CheckAdd {
  std::string token;
  supervision::AnnualCheck check;
};
struct GradeSet {
  std::string token;
  supervision::GradeAward award;
};
struct GradeChange {
  std::string token;
  std::optional<std::string> grade;  // lower: the new grade; withdraw: none
  std::string date, reason;
};

Recorded run_credit_add(registry::Registry& reg, const CreditAdd& x) {
  auto id = supervision::add_event(reg, x.token, x.event);
  return {std::to_string(id), trf("recorded credit event {}", id)};
}

int run_credit_list(Context& ctx, const supervision::EventFilter& f) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  return show_table(ctx, supervision::list_events(reg, f), f.limit, N_("{} events shown (--limit {}); there may be more"));
}

int run_credit_due(Context& ctx, const Due& x) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  std::string date = x.as_of.value_or(reg.today());
  auto t = supervision::due(reg, date, x.list, x.action);
  render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
  ctx.note(trnf("{} suggestion as of {}; kunqu suggests, a person records the event (kunqu org credit add)",
                "{} suggestions as of {}; kunqu suggests, a person records the event (kunqu org credit add)",
                t.rows.size(), t.rows.size(), date));
  return kExitOk;
}

int run_grade_due(Context& ctx, const Due& x) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  std::string date = x.as_of.value_or(reg.today());
  auto t = supervision::grade_due(reg, date);
  render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
  ctx.note(trnf("{} grade to reconsider as of {}; kunqu suggests, a person decides (kunqu org grade lower or withdraw)",
                "{} grades to reconsider as of {}; kunqu suggests, a person decides (kunqu org grade lower or withdraw)",
                t.rows.size(), t.rows.size(), date));
  return kExitOk;
}

Recorded run_check_add(registry::Registry& reg, const CheckAdd& x) {
  supervision::add_check(reg, x.token, x.check);
  return {{}, trf("recorded the annual check of {} for {}", x.token, x.check.year)};
}

int run_check_list(Context& ctx, const supervision::CheckFilter& f) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  return show_table(ctx, supervision::list_checks(reg, f), f.limit, N_("{} rows shown (--limit {}); there may be more"));
}

Recorded run_grade_set(registry::Registry& reg, const GradeSet& x) {
  supervision::set_grade(reg, x.token, x.award);
  return {{}, trf("recorded grade {} for {}", x.award.grade, x.token)};
}

Recorded run_grade_change(registry::Registry& reg, const GradeChange& x) {
  supervision::change_grade(reg, x.token, x.grade, x.date, x.reason);
  return {{}, x.grade ? trf("lowered the grade of {}", x.token) : trf("withdrew the grade of {}", x.token)};
}

int run_grade_list(Context& ctx, const supervision::GradeFilter& f) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  return show_table(ctx, supervision::list_grades(reg, f), f.limit, N_("{} grades shown (--limit {}); there may be more"));
}

int run_credit_import(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "credit_event", supervision::resolve_credit_header, supervision::credit_header_zh, N_("credit events"),
                         supervision::import_credit);
}

int run_check_import(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "annual_check", supervision::resolve_check_header, supervision::check_header_zh, N_("annual checks"),
                         supervision::import_checks);
}

int run_grade_import(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "grade", supervision::resolve_grade_header, supervision::grade_header_zh, N_("grades"), supervision::import_grades);
}

void setup_credit(CLI::App* org_cmd, Context& ctx) {
  auto* credit = org_cmd->add_subcommand("credit", tr("the credit record (信用信息): events, the credit lists, what is due"));
  credit->require_subcommand(1);
  {
    auto [c, x] = add_verb(credit, ctx, "add", tr("record a credit event; prints its id"), run_credit_add);
    c->add_option("org", x.token, tr("key or credit code"))->required();
    c->add_option("--kind", x.event.kind,
                  tr("commendation | warning | fine | rectify_order | rectified | unreachable | abnormal_in | abnormal_out | "
                     "serious_in | serious_out | court_listing | note | reversal (or the Chinese names)"))
        ->required();
    c->add_option("--date", x.event.date, tr("date of the decision (YYYY-MM-DD)"))->required();
    c->add_option("--authority", x.event.authority, tr("the deciding authority"));
    c->add_option("--document", x.event.document, tr("the decision's document number (文号)"));
    c->add_option("--amount", x.event.amount, tr("fines: the amount in yuan"));
    c->add_option("--deadline", x.event.deadline, tr("orders to rectify: the deadline"));
    c->add_option("--reason", x.event.reason, tr("the reason, as the decision states it"));
    c->add_option("--rule", x.event.rule, tr("list entries and exits: the rule applied (see kunqu org credit due)"));
    c->add_option("--reverses", x.event.reverses, tr("reversals: the id of the event this one undoes"));
    add_note(c, x.event.note);
    c->footer(examples({"kunqu org credit add 52150203MJ0990015N --kind warning --date 2015-03-02 --authority 昆都仑区民政局 "
                        "--document 昆民罚〔2015〕2号",
                        "kunqu org credit add K0000042 --kind fine --amount 3000 --date 2015-04-01",
                        "kunqu org credit add K0000042 --kind abnormal_in --date 2015-06-01 --rule abnormal.annual_report",
                        "kunqu org credit add K0000042 --kind reversal --reverses 7 --date 2015-06-02 --reason 录入错误"}));
  }
  {
    auto [c, f] = add_verb(credit, ctx, "list", tr("credit events, oldest first, of one org or all"), run_credit_list);
    c->add_option("--org", f.org, tr("one org: key or credit code"));
    c->add_option("--kind", f.kind, tr("one kind of event"));
    c->add_option("--authority", f.authority, tr("decided by (contains this text)"));
    c->add_option("--since", f.since, tr("on or after YYYY-MM-DD"));
    c->add_option("--until", f.until, tr("on or before YYYY-MM-DD"));
    add_limit(c, f.limit);
    c->footer(examples({"kunqu org credit list --org K0000042", "kunqu org credit list --kind fine --since 2015-01-01 --format csv"}));
  }
  {
    auto [c, x] = add_verb(credit, ctx, "due", tr("orgs for which a credit-list rule (Order No. 60) now calls for action"),
                           run_credit_due);
    c->add_option("--as-of", x.as_of, tr("judge on this date (default: today in Asia/Shanghai)"));
    c->add_option("--list", x.list, tr("only rules of this list: abnormal | serious"));
    c->add_option("--action", x.action, tr("only entries or only exits: entry | exit"));
    c->footer(examples({"kunqu org credit due", "kunqu org credit due --list serious --action entry",
                        "kunqu org credit due --as-of 2019-06-30 --format csv"}));
  }
  add_record_files(credit, ctx,
                   {run_credit_import,
                    tr("import credit events from CSV or TOML ([[credit_event]]), all or nothing, each by the rules of "
                       "credit add"),
                    {"kunqu org credit import credit.csv", "kunqu org credit import 2014年行政处罚.csv --dry-run"},
                    supervision::export_credit,
                    N_("credit events"),
                    tr("credit events in the columns import reads: CSV (default), TOML or JSON"),
                    {"kunqu org credit export -o credit.csv", "kunqu org credit export --since 2018-01-24 --format toml"}});
}

void setup_annual_check(CLI::App* org_cmd, Context& ctx) {
  auto* ac = org_cmd->add_subcommand("annual-check", tr("annual checks (年检): one conclusion per org and year"));
  ac->require_subcommand(1);
  {
    auto [c, x] = add_verb(ac, ctx, "add", tr("record the conclusion of an org's annual check for a year"), run_check_add);
    c->add_option("org", x.token, tr("key or credit code"))->required();
    c->add_option("--year", x.check.year, tr("the year reported on"))->required();
    c->add_option("--result", x.check.result, tr("pass | basic_pass | fail | not_submitted (合格 | 基本合格 | 不合格 | 未参检)"))
        ->required();
    c->add_option("--date", x.check.date, tr("date of the conclusion (YYYY-MM-DD)"))->required();
    c->add_option("--authority", x.check.authority, tr("the registering authority"));
    add_note(c, x.check.note);
    c->add_flag("--correct", x.check.correct, tr("replace the year's recorded conclusion (the audit log keeps the old one)"));
    c->footer(examples({"kunqu org annual-check add 52150203MJ0990015N --year 2014 --result pass --date 2015-05-20",
                        "kunqu org annual-check add K0000042 --year 2014 --result basic_pass --date 2015-05-28 --correct"}));
  }
  {
    auto [c, f] = add_verb(ac, ctx, "list", tr("annual checks; --missing YEAR: who has not submitted for that year"),
                           run_check_list);
    c->add_option("--org", f.org, tr("one org: key or credit code"));
    c->add_option("--year", f.year, tr("one year"));
    c->add_option("--result", f.result, tr("one result"));
    c->add_option("--missing", f.missing, tr("registered, live orgs with no submitted check for this year"));
    add_limit(c, f.limit);
    c->footer(examples({"kunqu org annual-check list --year 2014 --result fail", "kunqu org annual-check list --missing 2014 --format csv"}));
  }
  add_record_files(ac, ctx,
                   {run_check_import,
                    tr("import annual checks from CSV or TOML ([[annual_check]]), all or nothing, each by the rules of "
                       "annual-check add"),
                    {"kunqu org annual-check import checks.csv", "kunqu org annual-check import 2013年年检结论.csv --dry-run"},
                    supervision::export_checks,
                    N_("annual checks"),
                    tr("annual checks in the columns import reads: CSV (default), TOML or JSON"),
                    {"kunqu org annual-check export -o checks.csv", "kunqu org annual-check export --org K0000042"}});
}

void setup_grade(CLI::App* org_cmd, Context& ctx) {
  auto* gr = org_cmd->add_subcommand("grade", tr("grades (等级评估): 1A–5A, valid five years"));
  gr->require_subcommand(1);
  {
    auto [c, x] = add_verb(gr, ctx, "set", tr("record a grade awarded (refused, with the rule, where Order No. 39 forbids it)"),
                           run_grade_set);
    c->add_option("org", x.token, tr("key or credit code"))->required();
    c->add_option("--grade", x.award.grade, "1A | 2A | 3A | 4A | 5A")->required();
    c->add_option("--date", x.award.date, tr("date awarded (YYYY-MM-DD)"))->required();
    c->add_option("--score", x.award.score, tr("the assessment's score"));
    c->add_option("--authority", x.award.authority, tr("the awarding authority"));
    c->add_option("--document", x.award.document, tr("document number (文号)"));
    c->add_option("--reevaluation", x.award.reevaluation,
                  tr("a re-evaluation while a grade is in force: the document of the authority that ordered or allowed it"));
    c->footer(examples({"kunqu org grade set 52150203MJ0990015N --grade 4A --score 860 --date 2015-06-10",
                        "kunqu org grade set K0000042 --grade 5A --date 2017-06-10 --reevaluation 包民函〔2017〕12号"}));
  }
  for (const bool lower : {true, false}) {
    auto [c, x] = add_verb(gr, ctx, lower ? "lower" : "withdraw",
                           lower ? tr("lower an org's grade, with the reason") : tr("withdraw an org's grade, with the reason"),
                           run_grade_change);
    c->add_option("org", x.token, tr("key or credit code"))->required();
    if (lower) c->add_option("--grade", x.grade, tr("the new, lower grade"))->required();
    c->add_option("--date", x.date, tr("date of the decision (YYYY-MM-DD)"))->required();
    c->add_option("--reason", x.reason, tr("why"))->required();
    c->footer(examples({lower ? "kunqu org grade lower K0000042 --grade 2A --date 2015-06-20 --reason 年检基本合格"
                              : "kunqu org grade withdraw K0000042 --date 2015-06-20 --reason 受到行政处罚"}));
  }
  {
    auto [c, x] = add_verb(gr, ctx, "due",
                           tr("grades that Order No. 39 says to lower or withdraw: two basic passes running, a failed or "
                              "missing annual check, a penalty since the grade"),
                           run_grade_due);
    c->add_option("--as-of", x.as_of, tr("judge on this date (default: today in Asia/Shanghai)"));
    c->footer(examples({"kunqu org grade due", "kunqu org grade due --as-of 2019-06-30 --format csv"}));
  }
  {
    auto [c, f] = add_verb(gr, ctx, "list", tr("grades, soonest to expire first; expired and expiring ones"), run_grade_list);
    c->add_option("--org", f.org, tr("one org: key or credit code"));
    c->add_option("--grade", f.grade, tr("one grade (1A–5A)"));
    c->add_flag("--expired", f.expired, tr("only grades past their five years"));
    c->add_option("--expiring-within", f.expiring_within, tr("only grades that expire within this span (90d, 6m, 1y)"));
    add_limit(c, f.limit);
    c->footer(examples({"kunqu org grade list --expiring-within 90d", "kunqu org grade list --expired --format csv"}));
  }
  add_record_files(gr, ctx,
                   {run_grade_import,
                    tr("import grades from CSV or TOML ([[grade]]), all or nothing, each by the rules of grade set, "
                       "lower and withdraw"),
                    {"kunqu org grade import grades.csv", "kunqu org grade import 评估结果.csv --dry-run"},
                    supervision::export_grades,
                    N_("grades"),
                    tr("grades in the columns import reads: CSV (default), TOML or JSON"),
                    {"kunqu org grade export -o grades.csv", "kunqu org grade export --since 2015-01-01 --format toml"}});
}

}  // namespace

void setup_supervision(CLI::App* org_cmd, Context& ctx, const std::string& which) {
  if (which == "credit") setup_credit(org_cmd, ctx);
  if (which == "annual-check") setup_annual_check(org_cmd, ctx);
  if (which == "grade") setup_grade(org_cmd, ctx);
}

}  // namespace kunqu::cli
