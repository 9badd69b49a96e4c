// `kunqu incubate`: admit, review, graduate, withdraw, extend, show, list, sites, import,
// export. Parse flags → call lib/incubate → render.
#include "incubate/incubate.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "i18n/messages.h"
#include "org/org.h"
#include "registry/registry.h"
#include "render.h"
#include "transfer.h"
#include "verb.h"
#include "validate/clock.h"
#include "validate/values.h"

namespace kunqu::cli {

namespace {

struct Admit {
  std::string token;
  incubate::Admission a;
};
struct Review {
  std::string token, date, score, note, admitted;
};
struct Graduate {
  std::string token;
  incubate::Graduation g;
};
struct Withdraw {
  std::string token, date, reason;
};
struct Extend {
  std::string token, until, reason, date;
};
struct Show {
  std::string token;
};
struct Sites {
  std::optional<std::string> on;
};
void add_list_filters(CLI::App* c, incubate::Filter& f) {
  c->add_option("--site", f.site, tr("one site"));
  c->add_option("--status", f.status, tr("in_residence | graduated | withdrawn (在孵 | 出壳 | 退出)"));
  c->add_option("--admitted-since", f.admitted_since, tr("admitted on or after YYYY-MM-DD"));
  c->add_option("--admitted-until", f.admitted_until, tr("admitted on or before YYYY-MM-DD"));
}

Recorded run_admit(registry::Registry& reg, const Admit& x) {
  auto id = incubate::admit(reg, x.token, x.a);
  return {std::to_string(id), trf("admitted {} to {} on {}", x.token, x.a.site, x.a.date)};
}

Recorded run_review(registry::Registry& reg, const Review& x) {
  incubate::review(reg, x.token, x.date, x.score, x.note, x.admitted);
  return {{}, trf("recorded the review of {} on {}", x.token, x.date)};
}

Recorded run_graduate(registry::Registry& reg, const Graduate& x) {
  incubate::graduate(reg, x.token, x.g);
  return {{}, trf("{} graduated on {}", x.token, x.g.date)};
}

Recorded run_withdraw(registry::Registry& reg, const Withdraw& x) {
  incubate::withdraw(reg, x.token, x.date, x.reason);
  return {{}, trf("{} withdrew on {}", x.token, x.date)};
}

Recorded run_extend(registry::Registry& reg, const Extend& x) {
  incubate::extend(reg, x.token, x.until, x.reason, x.date);
  return {{}, trf("the stay of {} now ends on {}", x.token, x.until)};
}

int run_show(Context& ctx, const Show& x) {
  auto reg = ctx.open(registry::Mode::kLookUp);
  auto o = org::find(reg, x.token);
  std::optional<std::int64_t> latest;
  io::Table stays = incubate::stays_of(reg, o.id, &latest);
  if (!latest) throw_not_found(trf("{} has never been in the incubator", org::label(o)));
  io::Table record{"incubation", stays.columns, {stays.rows.back()}};
  render_with_lists(ctx.io.out, ctx.format(), record,
                    {{"reviews", incubate::reviews(reg, *latest)},
                     {"extensions", incubate::extensions(reg, *latest)},
                     {"stays", stays}},
                    ctx.global.bom);
  return kExitOk;
}

int run_sites(Context& ctx, const Sites& x) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  std::string d = x.on.value_or(reg.today());
  auto parsed = validate::parse_date(d);
  if (!parsed) throw_usage(fmt::format("--on: {}", parsed.error));
  render(ctx.io.out, ctx.format(), incubate::sites(reg, *parsed.value), Shape::kList, ctx.global.bom);
  return kExitOk;
}

int run_import(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "incubation", incubate::resolve_header, incubate::header_zh, N_("stays"), incubate::import,
                         incubate::several_lines);
}

int run_import_reviews(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "incubation_review", incubate::resolve_review_header, incubate::review_header_zh, N_("reviews"),
                         incubate::import_reviews);
}

}  // namespace

void setup_incubate(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("incubate", tr("the incubator (孵化): admissions, reviews, graduation (出壳)"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu incubate list --status in_residence", "kunqu incubate sites",
                        "kunqu incubate show 51150200MJ0581473A"}));
  static const std::vector<std::string> verbs = {"admit", "review", "graduate", "withdraw", "extend",
                                                 "show",  "list",   "sites",    "import",   "export", "reviews"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };
  const std::string org_help = tr("key, credit code, filing number or exact name");

  if (wanted("admit")) {
    auto [c, x] = add_verb(cmd, ctx, "admit", tr("admit an org to an incubator site; prints the stay's id"), run_admit);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--site", x.a.site, tr("the site, as the setting incubator_sites names it"))->required();
    c->add_option("--date", x.a.date, tr("admission date (YYYY-MM-DD)"))->required();
    c->add_option("--term", x.a.term, tr("planned stay: 2y, 18m, 540d (default: the incubation_term setting)"));
    c->add_option("--until", x.a.until, tr("or the planned end date itself"));
    c->add_option("--mentor", x.a.mentor, tr("mentor (孵化导师)"));
    c->add_option("--project", x.a.project, tr("project (孵化项目)"));
    add_note(c, x.a.note);
    c->footer(examples({"kunqu incubate admit 51150200MJ0581473A --site 昆都仑区社会组织孵化园 --date 2014-08-18 "
                        "--mentor 王敏 --project 社区志愿服务品牌建设"}));
  }
  if (wanted("review")) {
    auto [c, x] = add_verb(cmd, ctx, "review", tr("record a review of an org in residence, with a score (0-100)"), run_review);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--date", x.date, tr("review date (YYYY-MM-DD)"))->required();
    c->add_option("--score", x.score, tr("score 0-100; the incubation_pass_mark setting passes (default 60)"))->required();
    add_note(c, x.note);
    c->add_option("--admitted", x.admitted,
                  tr("the stay admitted on this date, an ended one too (default: the stay in residence)"));
    c->footer(examples({"kunqu incubate review 51150200MJ0581473A --date 2015-02-10 --score 82 --note 项目执行良好",
                        "kunqu incubate review K0000042 --admitted 2012-03-01 --date 2013-02-20 --score 75"}));
  }
  if (wanted("graduate")) {
    auto [c, x] = add_verb(cmd, ctx, "graduate", tr("an org hatches (出壳): after a passing review; early with a reason"),
                           run_graduate);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--date", x.g.date, tr("date of graduation (YYYY-MM-DD)"))->required();
    c->add_option("--reason", x.g.reason, tr("why early (required before the planned end)"));
    c->add_option("--force", x.g.force, tr("graduate without a passing review; the reason is recorded"));
    add_note(c, x.g.note);
    c->footer(examples({"kunqu incubate graduate 51150200MJ0581473A --date 2015-06-20 --reason 已独立承接政府购买服务项目"}));
  }
  if (wanted("withdraw")) {
    auto [c, x] = add_verb(cmd, ctx, "withdraw", tr("an org leaves the incubator without graduating"), run_withdraw);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--date", x.date, tr("date (YYYY-MM-DD)"))->required();
    c->add_option("--reason", x.reason, tr("why"))->required();
    c->footer(examples({"kunqu incubate withdraw KQBA-2014-0021 --date 2015-03-01 --reason 负责人迁出，活动停止"}));
  }
  if (wanted("extend")) {
    auto [c, x] = add_verb(cmd, ctx, "extend", tr("move the planned end of a stay later, with a reason"), run_extend);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--until", x.until, tr("the new planned end (YYYY-MM-DD)"))->required();
    c->add_option("--reason", x.reason, tr("why"))->required();
    c->add_option("--date", x.date, tr("date of the decision (default: today)"));
    c->footer(examples({"kunqu incubate extend KQBA-2014-0021 --until 2017-02-28 --reason 项目周期延长"}));
  }
  if (wanted("show")) {
    auto [c, x] = add_verb(cmd, ctx, "show", tr("an org's latest stay, its reviews and extensions, and all its stays"),
                           run_show);
    c->add_option("org", x.token, org_help)->required();
    c->footer(examples({"kunqu incubate show 51150200MJ0581473A", "kunqu incubate show K0000212 --format json"}));
  }
  if (wanted("list")) {
    auto [c, f] = add_list_verb(cmd, ctx, "list", tr("stays in the incubator, by admission date"), incubate::list);
    add_list_filters(c, f);
    c->add_option("--due-within", f.due_within, tr("in residence, planned end within this span from today (90d, 6m)"));
    c->add_flag("--overdue", f.overdue, tr("in residence past the planned end"));
    add_limit(c, f.limit);
    c->footer(examples({"kunqu incubate list --status in_residence", "kunqu incubate list --due-within 90d",
                        "kunqu incubate list --overdue --format csv", "kunqu incubate list --admitted-since 2015-01-01"}));
  }
  if (wanted("sites")) {
    auto [c, x] = add_verb(cmd, ctx, "sites", tr("the incubator sites with their capacity and occupancy"), run_sites);
    c->add_option("--on", x.on, tr("occupancy on this date (default: today)"));
    c->footer(examples({"kunqu incubate sites", "kunqu incubate sites --on 2015-06-30"}));
  }
  if (wanted("import")) {
    auto [c, imp] = add_verb(cmd, ctx, "import", tr("import stays from CSV or TOML ([[incubation]]), all or nothing"),
                             run_import);
    bind_import_flags(c, imp);
    c->footer(examples({"kunqu incubate import examples/kundulun/incubator.csv",
                        "kunqu incubate import stays.toml --on-conflict skip --dry-run"}));
  }
  if (wanted("export")) {
    auto [c, x] = add_export_verb(cmd, ctx, tr("stays in the columns incubate import reads: CSV (default), TOML or JSON"),
                                  N_("stays"), incubate::export_stays);
    add_list_filters(c, x.filter);
    add_output(c, x.output);
    c->footer(examples({"kunqu incubate export -o stays.csv", "kunqu incubate export --site 昆都仑区社会组织孵化园 --format toml"}));
  }
  if (wanted("reviews")) {
    auto* rv = cmd->add_subcommand("reviews", tr("the reviews of stays as files: import and export"));
    rv->require_subcommand(1);
    add_record_files(rv, ctx,
                     {run_import_reviews,
                      tr("import reviews of stays from CSV or TOML ([[incubation_review]]), all or nothing, each by the "
                         "rules of incubate review"),
                      {"kunqu incubate reviews import reviews.csv", "kunqu incubate reviews import 2014年评审.csv --dry-run"},
                      incubate::export_reviews,
                      N_("reviews"),
                      tr("reviews of stays in the columns import reads: CSV (default), TOML or JSON"),
                      {"kunqu incubate reviews export -o reviews.csv", "kunqu incubate reviews export --org K0000042"}});
  }
}

}  // namespace kunqu::cli
