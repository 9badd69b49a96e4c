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
#include "validate/clock.h"

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

struct GradeChange {
  std::string token;
  std::optional<std::string> grade;
  std::string date, reason;
};

}  // namespace

void setup_supervision(CLI::App* org_cmd, Context& ctx, const std::string& which) {
  CLI::App* c = nullptr;
  if (which == "credit") {
    auto* credit =
        org_cmd->add_subcommand("credit", tr("the credit record (信用信息): events, the credit lists, what is due"));
    credit->require_subcommand(1);
    auto add = std::make_shared<CreditAdd>();
    c = credit->add_subcommand("add", tr("record a credit event; prints its id"));
    c->add_option("org", add->token, tr("key or credit code"))->required();
    c->add_option(
         "--kind", add->event.kind,
         tr("commendation | warning | fine | rectify_order | rectified | unreachable | abnormal_in | abnormal_out | "
            "serious_in | serious_out | court_listing | note | reversal (or the Chinese names)"))
        ->required();
    c->add_option("--date", add->event.date, tr("date of the decision (YYYY-MM-DD)"))->required();
    c->add_option("--authority", add->event.authority, tr("the deciding authority"));
    c->add_option("--document", add->event.document, tr("the decision's document number (文号)"));
    c->add_option("--amount", add->event.amount, tr("fines: the amount in yuan"));
    c->add_option("--deadline", add->event.deadline, tr("orders to rectify: the deadline"));
    c->add_option("--reason", add->event.reason, tr("the reason, as the decision states it"));
    c->add_option("--rule", add->event.rule, tr("list entries and exits: the rule applied (see kunqu org credit due)"));
    c->add_option("--reverses", add->event.reverses, tr("reversals: the id of the event this one undoes"));
    c->add_option("--note", add->event.note, tr("note"));
    c->footer(examples({"kunqu org credit add 52150203MJ0990015N --kind warning --date 2015-03-02 --authority 昆都仑区民政局 "
                        "--document 昆民罚〔2015〕2号",
                        "kunqu org credit add K0000042 --kind fine --amount 3000 --date 2015-04-01",
                        "kunqu org credit add K0000042 --kind abnormal_in --date 2015-06-01 --rule abnormal.annual_report",
                        "kunqu org credit add K0000042 --kind reversal --reverses 7 --date 2015-06-02 --reason 录入错误"}));
    c->callback([&ctx, add] {
      ctx.action = [&ctx, add] {
        auto reg = ctx.open(registry::Mode::kReadWrite);
        auto id = supervision::add_event(reg, add->token, add->event);
        ctx.io.out << id << '\n';
        ctx.note(trf("recorded credit event {}", id));
        return kExitOk;
      };
    });

    auto list = std::make_shared<supervision::EventFilter>();
    c = credit->add_subcommand("list", tr("credit events, oldest first, of one org or all"));
    c->add_option("--org", list->org, tr("one org: key or credit code"));
    c->add_option("--kind", list->kind, tr("one kind of event"));
    c->add_option("--authority", list->authority, tr("decided by (contains this text)"));
    c->add_option("--since", list->since, tr("on or after YYYY-MM-DD"));
    c->add_option("--until", list->until, tr("on or before YYYY-MM-DD"));
    whole_number(c->add_option("--limit", list->limit, tr("at most this many rows (0 = all)")));
    c->footer(examples({"kunqu org credit list --org K0000042", "kunqu org credit list --kind fine --since 2015-01-01 --format csv"}));
    c->callback([&ctx, list] {
      ctx.action = [&ctx, list] {
        auto reg = ctx.open(registry::Mode::kReadOnly);
        return show_table(ctx, supervision::list_events(reg, *list), list->limit,
                          N_("{} events shown (--limit {}); there may be more"));
      };
    });

    struct Due {
      std::optional<std::string> as_of, list, action;
    };
    auto due = std::make_shared<Due>();
    c = credit->add_subcommand("due", tr("orgs for which a credit-list rule (Order No. 60) now calls for action"));
    c->add_option("--as-of", due->as_of, tr("judge on this date (default: today in Asia/Shanghai)"));
    c->add_option("--list", due->list, tr("only rules of this list: abnormal | serious"));
    c->add_option("--action", due->action, tr("only entries or only exits: entry | exit"));
    c->footer(examples({"kunqu org credit due", "kunqu org credit due --list serious --action entry",
                        "kunqu org credit due --as-of 2019-06-30 --format csv"}));
    c->callback([&ctx, due] {
      ctx.action = [&ctx, due] {
        auto reg = ctx.open(registry::Mode::kReadOnly);
        std::string date = due->as_of.value_or(reg.today());
        auto t = supervision::due(reg, date, due->list, due->action);
        render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
        ctx.note(trnf("{} suggestion as of {}; kunqu suggests, a person records the event (kunqu org credit add)",
                      "{} suggestions as of {}; kunqu suggests, a person records the event (kunqu org credit add)",
                      t.rows.size(), t.rows.size(), date));
        return kExitOk;
      };
    });
  }

  if (which == "annual-check") {
    auto* ac = org_cmd->add_subcommand("annual-check", tr("annual checks (年检): one conclusion per org and year"));
    ac->require_subcommand(1);
    struct Add {
      std::string token;
      supervision::AnnualCheck check;
    };
    auto add = std::make_shared<Add>();
    c = ac->add_subcommand("add", tr("record the conclusion of an org's annual check for a year"));
    c->add_option("org", add->token, tr("key or credit code"))->required();
    c->add_option("--year", add->check.year, tr("the year reported on"))->required();
    c->add_option("--result", add->check.result,
                  tr("pass | basic_pass | fail | not_submitted (合格 | 基本合格 | 不合格 | 未参检)"))
        ->required();
    c->add_option("--date", add->check.date, tr("date of the conclusion (YYYY-MM-DD)"))->required();
    c->add_option("--authority", add->check.authority, tr("the registering authority"));
    c->add_option("--note", add->check.note, tr("note"));
    c->add_flag("--correct", add->check.correct,
                tr("replace the year's recorded conclusion (the audit log keeps the old one)"));
    c->footer(examples({"kunqu org annual-check add 52150203MJ0990015N --year 2014 --result pass --date 2015-05-20",
                        "kunqu org annual-check add K0000042 --year 2014 --result basic_pass --date 2015-05-28 --correct"}));
    c->callback([&ctx, add] {
      ctx.action = [&ctx, add] {
        auto reg = ctx.open(registry::Mode::kReadWrite);
        supervision::add_check(reg, add->token, add->check);
        ctx.note(trf("recorded the annual check of {} for {}", add->token, add->check.year));
        return kExitOk;
      };
    });
    auto list = std::make_shared<supervision::CheckFilter>();
    c = ac->add_subcommand("list", tr("annual checks; --missing YEAR: who has not submitted for that year"));
    c->add_option("--org", list->org, tr("one org: key or credit code"));
    c->add_option("--year", list->year, tr("one year"));
    c->add_option("--result", list->result, tr("one result"));
    c->add_option("--missing", list->missing, tr("registered, live orgs with no submitted check for this year"));
    whole_number(c->add_option("--limit", list->limit, tr("at most this many rows (0 = all)")));
    c->footer(examples({"kunqu org annual-check list --year 2014 --result fail", "kunqu org annual-check list --missing 2014 --format csv"}));
    c->callback([&ctx, list] {
      ctx.action = [&ctx, list] {
        auto reg = ctx.open(registry::Mode::kReadOnly);
        return show_table(ctx, supervision::list_checks(reg, *list), list->limit,
                          N_("{} rows shown (--limit {}); there may be more"));
      };
    });
  }

  if (which == "grade") {
    auto* gr = org_cmd->add_subcommand("grade", tr("grades (等级评估): 1A–5A, valid five years"));
    gr->require_subcommand(1);
    struct Set {
      std::string token;
      supervision::GradeAward award;
    };
    auto set = std::make_shared<Set>();
    c = gr->add_subcommand("set", tr("record a grade awarded (refused, with the rule, where Order No. 39 forbids it)"));
    c->add_option("org", set->token, tr("key or credit code"))->required();
    c->add_option("--grade", set->award.grade, "1A | 2A | 3A | 4A | 5A")->required();
    c->add_option("--date", set->award.date, tr("date awarded (YYYY-MM-DD)"))->required();
    c->add_option("--score", set->award.score, tr("the assessment's score"));
    c->add_option("--authority", set->award.authority, tr("the awarding authority"));
    c->add_option("--document", set->award.document, tr("document number (文号)"));
    c->footer(examples({"kunqu org grade set 52150203MJ0990015N --grade 4A --score 860 --date 2015-06-10"}));
    c->callback([&ctx, set] {
      ctx.action = [&ctx, set] {
        auto reg = ctx.open(registry::Mode::kReadWrite);
        supervision::set_grade(reg, set->token, set->award);
        ctx.note(trf("recorded grade {} for {}", set->award.grade, set->token));
        return kExitOk;
      };
    });
    for (const char* verb : {"lower", "withdraw"}) {
      auto ch = std::make_shared<GradeChange>();
      const bool lower = std::string(verb) == "lower";
      c = gr->add_subcommand(
          verb, lower ? tr("lower an org's grade, with the reason") : tr("withdraw an org's grade, with the reason"));
      c->add_option("org", ch->token, tr("key or credit code"))->required();
      if (lower) c->add_option("--grade", ch->grade, tr("the new, lower grade"))->required();
      c->add_option("--date", ch->date, tr("date of the decision (YYYY-MM-DD)"))->required();
      c->add_option("--reason", ch->reason, tr("why"))->required();
      c->footer(examples({lower ? "kunqu org grade lower K0000042 --grade 2A --date 2015-06-20 --reason 年检基本合格"
                                : "kunqu org grade withdraw K0000042 --date 2015-06-20 --reason 受到行政处罚"}));
      c->callback([&ctx, ch] {
        ctx.action = [&ctx, ch] {
          auto reg = ctx.open(registry::Mode::kReadWrite);
          supervision::change_grade(reg, ch->token, ch->grade, ch->date, ch->reason);
          ctx.note(ch->grade ? trf("lowered the grade of {}", ch->token) : trf("withdrew the grade of {}", ch->token));
          return kExitOk;
        };
      });
    }
    auto list = std::make_shared<supervision::GradeFilter>();
    c = gr->add_subcommand("list", tr("grades, soonest to expire first; expired and expiring ones"));
    c->add_option("--org", list->org, tr("one org: key or credit code"));
    c->add_option("--grade", list->grade, tr("one grade (1A–5A)"));
    c->add_flag("--expired", list->expired, tr("only grades past their five years"));
    c->add_option("--expiring-within", list->expiring_within,
                  tr("only grades that expire within this span (90d, 6m, 1y)"));
    whole_number(c->add_option("--limit", list->limit, tr("at most this many rows (0 = all)")));
    c->footer(examples({"kunqu org grade list --expiring-within 90d", "kunqu org grade list --expired --format csv"}));
    c->callback([&ctx, list] {
      ctx.action = [&ctx, list] {
        auto reg = ctx.open(registry::Mode::kReadOnly);
        return show_table(ctx, supervision::list_grades(reg, *list), list->limit,
                          N_("{} grades shown (--limit {}); there may be more"));
      };
    });
  }
}

}  // namespace kunqu::cli
