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
  std::string token, date, score, note;
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
struct Export {
  incubate::Filter filter;
  std::optional<std::string> output;
};

void add_list_filters(CLI::App* c, incubate::Filter& f) {
  c->add_option("--site", f.site, tr("one site"));
  c->add_option("--status", f.status, tr("in_residence | graduated | withdrawn (在孵 | 出壳 | 退出)"));
  c->add_option("--admitted-since", f.admitted_since, tr("admitted on or after YYYY-MM-DD"));
  c->add_option("--admitted-until", f.admitted_until, tr("admitted on or before YYYY-MM-DD"));
}

int run_admit(Context& ctx, const Admit& x) {
  auto reg = ctx.open(registry::Mode::kReadWrite);
  auto id = incubate::admit(reg, x.token, x.a);
  ctx.io.out << id << '\n';
  ctx.note(trf("admitted {} to {} on {}", x.token, x.a.site, x.a.date));
  return kExitOk;
}

int run_review(Context& ctx, const Review& x) {
  auto reg = ctx.open(registry::Mode::kReadWrite);
  incubate::review(reg, x.token, x.date, x.score, x.note);
  ctx.note(trf("recorded the review of {} on {}", x.token, x.date));
  return kExitOk;
}

int run_graduate(Context& ctx, const Graduate& x) {
  auto reg = ctx.open(registry::Mode::kReadWrite);
  incubate::graduate(reg, x.token, x.g);
  ctx.note(trf("{} graduated on {}", x.token, x.g.date));
  return kExitOk;
}

int run_withdraw(Context& ctx, const Withdraw& x) {
  auto reg = ctx.open(registry::Mode::kReadWrite);
  incubate::withdraw(reg, x.token, x.date, x.reason);
  ctx.note(trf("{} withdrew on {}", x.token, x.date));
  return kExitOk;
}

int run_extend(Context& ctx, const Extend& x) {
  auto reg = ctx.open(registry::Mode::kReadWrite);
  incubate::extend(reg, x.token, x.until, x.reason, x.date);
  ctx.note(trf("the stay of {} now ends on {}", x.token, x.until));
  return kExitOk;
}

int run_show(Context& ctx, const Show& x) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
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

int run_list(Context& ctx, const incubate::Filter& f) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  render(ctx.io.out, ctx.format(), incubate::list(reg, f), Shape::kList, ctx.global.bom);
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
  return run_rows_import(ctx, imp, "incubation", incubate::resolve_header, N_("stays"), incubate::import,
                         incubate::several_lines);
}

int run_export(Context& ctx, const Export& x) {
  const Format format = output_format(ctx, x.output);
  auto reg = ctx.open(registry::Mode::kReadOnly);
  export_table(ctx, format, x.output, N_("stays"), incubate::export_stays(reg, x.filter));
  return kExitOk;
}

}  // namespace

void setup_incubate(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("incubate", tr("the incubator (孵化): admissions, reviews, graduation (出壳)"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu incubate list --status in_residence", "kunqu incubate sites",
                        "kunqu incubate show 51150200MJ0581473A"}));
  static const std::vector<std::string> verbs = {"admit", "review", "graduate", "withdraw", "extend",
                                                 "show",  "list",   "sites",    "import",   "export"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };
  const std::string org_help = tr("key, credit code or filing number");

  if (wanted("admit")) {
    auto [c, x] = add_verb(cmd, ctx, "admit", tr("admit an org to an incubator site; prints the stay's id"), run_admit);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--site", x.a.site, tr("the site, as the setting incubator_sites names it"))->required();
    c->add_option("--date", x.a.date, tr("admission date (YYYY-MM-DD)"))->required();
    c->add_option("--term", x.a.term, tr("planned stay: 2y, 18m, 540d (default: the incubation_term setting)"));
    c->add_option("--until", x.a.until, tr("or the planned end date itself"));
    c->add_option("--mentor", x.a.mentor, tr("mentor (孵化导师)"));
    c->add_option("--project", x.a.project, tr("project (孵化项目)"));
    c->add_option("--note", x.a.note, tr("note"));
    c->footer(examples({"kunqu incubate admit 51150200MJ0581473A --site 昆都仑区社会组织孵化园 --date 2014-08-18 "
                        "--mentor 王敏 --project 社区志愿服务品牌建设"}));
  }
  if (wanted("review")) {
    auto [c, x] = add_verb(cmd, ctx, "review", tr("record a review of an org in residence, with a score (0-100)"), run_review);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--date", x.date, tr("review date (YYYY-MM-DD)"))->required();
    c->add_option("--score", x.score, tr("score 0-100; the incubation_pass_mark setting passes (default 60)"))->required();
    c->add_option("--note", x.note, tr("note"));
    c->footer(examples({"kunqu incubate review 51150200MJ0581473A --date 2015-02-10 --score 82 --note 项目执行良好"}));
  }
  if (wanted("graduate")) {
    auto [c, x] = add_verb(cmd, ctx, "graduate", tr("an org hatches (出壳): after a passing review; early with a reason"),
                           run_graduate);
    c->add_option("org", x.token, org_help)->required();
    c->add_option("--date", x.g.date, tr("date of graduation (YYYY-MM-DD)"))->required();
    c->add_option("--reason", x.g.reason, tr("why early (required before the planned end)"));
    c->add_option("--force", x.g.force, tr("graduate without a passing review; the reason is recorded"));
    c->add_option("--note", x.g.note, tr("note"));
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
    auto [c, f] = add_verb(cmd, ctx, "list", tr("stays in the incubator, by admission date"), run_list);
    add_list_filters(c, f);
    c->add_option("--due-within", f.due_within, tr("in residence, planned end within this span from today (90d, 6m)"));
    c->add_flag("--overdue", f.overdue, tr("in residence past the planned end"));
    whole_number(c->add_option("--limit", f.limit, tr("at most this many rows (0 = all)")));
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
    auto [c, x] = add_verb(cmd, ctx, "export", tr("stays in the columns incubate import reads: CSV (default), TOML or JSON"),
                           run_export);
    add_list_filters(c, x.filter);
    c->add_option("-o,--output", x.output, tr("write to this file (format from its extension) instead of stdout"));
    c->footer(examples({"kunqu incubate export -o stays.csv", "kunqu incubate export --site 昆都仑区社会组织孵化园 --format toml"}));
  }
}

}  // namespace kunqu::cli
