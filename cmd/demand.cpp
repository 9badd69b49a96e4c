// `kunqu demand`: add, show, list, update, import, export — residents' needs. Parse flags → call
// lib/demand → render.
#include "demand/demand.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

#include "cli.h"
#include "commands.h"
#include "contract/contract.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/records.h"
#include "registry/registry.h"
#include "render.h"
#include "transfer.h"
#include "verb.h"

namespace kunqu::cli {

namespace {

struct Update {
  std::string id;
  demand::Update u;
  // Corrections, taken only when their flag is given (an empty one clears).
  std::string description, persons, category, note;
  CLI::Option *description_flag = nullptr, *persons_flag = nullptr, *category_flag = nullptr, *note_flag = nullptr;
};
struct Show {
  std::string id;
};
Recorded run_add(registry::Registry& reg, const demand::Demand& d) {
  const auto id = demand::add(reg, d);
  return {std::to_string(id), trf("recorded demand {} from {} {}", id, d.street, d.community)};
}

int run_update(Context& ctx, const Update& x) {
  demand::Update u = x.u;
  if (*x.description_flag) u.description = x.description;
  if (*x.persons_flag) u.persons = x.persons;
  if (*x.category_flag) u.category = x.category;
  if (*x.note_flag) u.note = x.note;
  auto reg = ctx.open(registry::Mode::kReadWrite);
  demand::update(reg, x.id, u);
  ctx.note(trf("updated demand {}", x.id));
  return kExitOk;
}

int run_show(Context& ctx, const Show& x) {
  auto reg = ctx.open(registry::Mode::kLookUp);
  io::Table record = demand::show(reg, x.id);
  io::Table delivered = contract::no_delivery();
  if (auto number = demand::answered_by(reg, x.id)) delivered = contract::delivered(reg, *number);
  render_with_lists(ctx.io.out, ctx.format(), record, {{"delivered", delivered}}, ctx.global.bom);
  return kExitOk;
}

int run_import(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "demand", demand::resolve_header, demand::header_zh, N_("demands"), demand::import_demands);
}

// The filters list and export share.
void add_filters(CLI::App* c, demand::Filter& f) {
  c->add_option("--street", f.street, tr("street"));
  c->add_option("--community", f.community, tr("community"));
  field_of_service(c->add_option("--category", f.category, tr("field of service")));
  c->add_option("--status", f.status, tr("open | accepted | answered | declined | closed"));
  c->add_option("--year", f.year, tr("raised in this year"));
}

}  // namespace

void setup_demand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("demand", tr("residents' needs (点菜), carried to the catalogue and the contract that answers them"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu demand list --unanswered --older-than 90d", "kunqu demand show 12"}));
  static const std::vector<std::string> verbs = {"add", "show", "list", "update", "import", "export"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };
  if (wanted("add")) {
    auto [c, d] = add_verb(cmd, ctx, "add", tr("record a need raised in a community; prints its number"), run_add);
    c->add_option("--street", d.street, tr("the street, as the district profile names it"))->required();
    c->add_option("--community", d.community, tr("the community where the need was raised"))->required();
    field_of_service(c->add_option("--category", d.category, tr("field of service, e.g. youth or 青少年")))->required();
    c->add_option("--description", d.description, tr("what the residents need"))->required();
    c->add_option("--source", d.source, tr("resident_meeting | community_office | hotline | survey | petition | other (居民议事会 …)"))
        ->required();
    c->add_option("--raised-on", d.raised_on, tr("the day it was raised (YYYY-MM-DD)"))->required();
    c->add_option("--persons", d.persons, tr("how many residents it concerns (an estimate)"));
    add_note(c, d.note);
    c->footer(examples({"kunqu demand add --street 沼潭街道 --community 沼潭东社区 --category youth --description "
                        "双职工家庭孩子放学后无人照看 --source resident_meeting --raised-on 2014-03-12 --persons 60"}));
  }
  if (wanted("update")) {
    auto [c, x] = add_verb(cmd, ctx, "update", tr("decide on a need (accepted, answered, declined, closed) or correct it"),
                           run_update);
    c->add_option("id", x.id, tr("the demand's number"))->required();
    c->add_option("--status", x.u.status, tr("accepted (--item) | answered (--contract) | declined (--reason) | closed"));
    c->add_option("--date", x.u.date, tr("the day of the decision (default: today)"));
    c->add_option("--item", x.u.item_code, tr("accepted: the catalogue item's code"));
    c->add_option("--year", x.u.item_year, tr("accepted: the catalogue's year (default: the decision's year)"));
    c->add_option("--contract", x.u.contract, tr("answered: the contract that answers the need"));
    c->add_option("--reason", x.u.reason, tr("declined (required) or closed: why"));
    x.description_flag = c->add_option("--description", x.description, tr("a corrected description"));
    x.persons_flag = c->add_option("--persons", x.persons, tr("a corrected number of residents"));
    x.category_flag = field_of_service(c->add_option("--category", x.category, tr("a corrected field of service")));
    x.note_flag = add_note(c, x.note);
    c->footer(examples({"kunqu demand update 12 --status accepted --item QS-01 --year 2014 --date 2014-04-02",
                        "kunqu demand update 12 --status answered --contract KQGM-2014-006 --date 2014-06-20",
                        "kunqu demand update 13 --status declined --reason 不属于政府购买服务范围"}));
  }
  if (wanted("show")) {
    auto [c, x] = add_verb(cmd, ctx, "show",
                           tr("a need and its path: catalogue item → contract → provider → delivery and satisfaction"), run_show);
    c->add_option("id", x.id, tr("the demand's number"))->required();
    c->footer(examples({"kunqu demand show 12 --format table"}));
  }
  if (wanted("list")) {
    auto [c, f] = add_list_verb(cmd, ctx, "list", tr("needs, by the day they were raised"), demand::list);
    add_filters(c, f);
    c->add_option("--item", f.item, tr("taken into this catalogue item: YEAR/CODE"));
    c->add_option("--contract", f.contract, tr("answered by this contract"));
    c->add_flag("--unanswered", f.unanswered, tr("open or accepted: not answered by a contract yet"));
    c->add_option("--older-than", f.older_than, tr("raised longer ago than this: 90d, 6m, 1y"));
    add_limit(c, f.limit);
    c->footer(examples({"kunqu demand list --unanswered --older-than 90d", "kunqu demand list --street 沼潭街道 --status answered"}));
  }
  if (wanted("import")) {
    auto [c, imp] = add_verb(cmd, ctx, "import", tr("import demands from CSV or TOML ([[demand]]), all or nothing"), run_import);
    bind_import_flags(c, imp);
    c->footer(examples({"kunqu demand import examples/kundulun/demands.csv",
                        "kunqu demand import demands.toml --on-conflict skip --dry-run"}));
  }
  if (wanted("export")) {
    auto [c, x] = add_export_verb(cmd, ctx, tr("demands in the columns demand import reads: CSV (default), TOML or JSON"),
                                  N_("demands"), demand::export_demands);
    add_filters(c, x.filter);
    add_output(c, x.output);
    c->footer(examples({"kunqu demand export -o demands.csv", "kunqu demand export --year 2015 --format toml"}));
  }
}

}  // namespace kunqu::cli
