// `kunqu demand`: add, show, list, update, import, export — residents' needs. Parse flags → call lib/menu →
// render.
#include "menu/menu.h"

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

namespace kunqu::cli {

namespace {

struct Update {
  std::string id;
  menu::DemandUpdate u;
  std::string description, persons, category, note;
};

}  // namespace

void setup_demand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("demand", tr("residents' needs (点菜), carried to the catalogue and the contract that answers them"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu demand list --unanswered --older-than 90d", "kunqu demand show 12"}));
  static const std::vector<std::string> verbs = {"add", "show", "list", "update", "import", "export"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };
  if (wanted("add")) {
    auto d = std::make_shared<menu::Demand>();
    auto* c = cmd->add_subcommand("add", tr("record a need raised in a community; prints its number"));
    c->add_option("--street", d->street, tr("the street, as the district profile names it"))->required();
    c->add_option("--community", d->community, tr("the community where the need was raised"))->required();
    field_of_service(c->add_option("--category", d->category, tr("field of service, e.g. youth or 青少年")))->required();
    c->add_option("--description", d->description, tr("what the residents need"))->required();
    c->add_option("--source", d->source, tr("resident_meeting | community_office | hotline | survey | petition | other (居民议事会 …)"))
        ->required();
    c->add_option("--raised-on", d->raised_on, tr("the day it was raised (YYYY-MM-DD)"))->required();
    c->add_option("--persons", d->persons, tr("how many residents it concerns (an estimate)"));
    c->add_option("--note", d->note, tr("note"));
    c->footer(examples({"kunqu demand add --street 沼潭街道 --community 沼潭东社区 --category youth --description "
                        "双职工家庭孩子放学后无人照看 --source resident_meeting --raised-on 2014-03-12 --persons 60"}));
    c->callback([&ctx, d] {
      ctx.action = [&ctx, d] {
        auto reg = ctx.open(registry::Mode::kReadWrite);
        const auto id = menu::add_demand(reg, *d);
        ctx.io.out << id << '\n';
        ctx.note(trf("recorded demand {} from {} {}", id, d->street, d->community));
        return kExitOk;
      };
    });
  }
  if (wanted("update")) {
    auto x = std::make_shared<Update>();
    auto* c = cmd->add_subcommand("update", tr("decide on a need (accepted, answered, declined, closed) or correct it"));
    c->add_option("id", x->id, tr("the demand's number"))->required();
    c->add_option("--status", x->u.status, tr("accepted (--item) | answered (--contract) | declined (--reason) | closed"));
    c->add_option("--date", x->u.date, tr("the day of the decision (default: today)"));
    c->add_option("--item", x->u.item_code, tr("accepted: the catalogue item's code"));
    c->add_option("--year", x->u.item_year, tr("accepted: the catalogue's year (default: the decision's year)"));
    c->add_option("--contract", x->u.contract, tr("answered: the contract that answers the need"));
    c->add_option("--reason", x->u.reason, tr("declined (required) or closed: why"));
    auto* desc = c->add_option("--description", x->description, tr("a corrected description"));
    auto* persons = c->add_option("--persons", x->persons, tr("a corrected number of residents"));
    auto* category = field_of_service(c->add_option("--category", x->category, tr("a corrected field of service")));
    auto* note = c->add_option("--note", x->note, tr("note"));
    c->footer(examples({"kunqu demand update 12 --status accepted --item QS-01 --year 2014 --date 2014-04-02",
                        "kunqu demand update 12 --status answered --contract KQGM-2014-006 --date 2014-06-20",
                        "kunqu demand update 13 --status declined --reason 不属于政府购买服务范围"}));
    c->callback([&ctx, x, desc, persons, category, note] {
      if (*desc) x->u.description = x->description;
      if (*persons) x->u.persons = x->persons;
      if (*category) x->u.category = x->category;
      if (*note) x->u.note = x->note;
      ctx.action = [&ctx, x] {
        auto reg = ctx.open(registry::Mode::kReadWrite);
        menu::update_demand(reg, x->id, x->u);
        ctx.note(trf("updated demand {}", x->id));
        return kExitOk;
      };
    });
  }
  if (wanted("show")) {
    auto id = std::make_shared<std::string>();
    auto* c = cmd->add_subcommand("show", tr("a need and its path: catalogue item → contract → provider → delivery and satisfaction"));
    c->add_option("id", *id, tr("the demand's number"))->required();
    c->footer(examples({"kunqu demand show 12 --format table"}));
    c->callback([&ctx, id] {
      ctx.action = [&ctx, id] {
        auto reg = ctx.open(registry::Mode::kReadOnly);
        io::Table record = menu::show_demand(reg, *id);
        io::Table delivered = contract::no_delivery();
        if (auto number = menu::answered_by(reg, *id)) delivered = contract::delivered(reg, *number);
        render_with_lists(ctx.io.out, ctx.format(), record, {{"delivered", delivered}}, ctx.global.bom);
        return kExitOk;
      };
    });
  }
  if (wanted("list")) {
    auto f = std::make_shared<menu::DemandFilter>();
    auto* c = cmd->add_subcommand("list", tr("needs, by the day they were raised"));
    c->add_option("--street", f->street, tr("street"));
    c->add_option("--community", f->community, tr("community"));
    field_of_service(c->add_option("--category", f->category, tr("field of service")));
    c->add_option("--status", f->status, tr("open | accepted | answered | declined | closed"));
    c->add_option("--year", f->year, tr("raised in this year"));
    c->add_option("--item", f->item, tr("taken into this catalogue item: YEAR/CODE"));
    c->add_option("--contract", f->contract, tr("answered by this contract"));
    c->add_flag("--unanswered", f->unanswered, tr("open or accepted: not answered by a contract yet"));
    c->add_option("--older-than", f->older_than, tr("raised longer ago than this: 90d, 6m, 1y"));
    whole_number(c->add_option("--limit", f->limit, tr("at most this many rows (0 = all)")));
    c->footer(examples({"kunqu demand list --unanswered --older-than 90d", "kunqu demand list --street 沼潭街道 --status answered"}));
    c->callback([&ctx, f] {
      ctx.action = [&ctx, f] {
        auto reg = ctx.open(registry::Mode::kReadOnly);
        render(ctx.io.out, ctx.format(), menu::list_demands(reg, *f), Shape::kList, ctx.global.bom);
        return kExitOk;
      };
    });
  }
  if (wanted("import")) {
    auto imp = std::make_shared<ImportFlags>();
    auto* c = cmd->add_subcommand("import", tr("import demands from CSV or TOML ([[demand]]), all or nothing"));
    bind_import_flags(c, *imp);
    c->footer(examples({"kunqu demand import examples/kundulun/demands.csv",
                        "kunqu demand import demands.toml --on-conflict skip --dry-run"}));
    c->callback([&ctx, imp] {
      ctx.action = [&ctx, imp] {
        return run_rows_import(ctx, *imp, "demand", menu::resolve_demand_header, N_("demands"), menu::import_demands);
      };
    });
  }
  if (wanted("export")) {
    struct Export {
      menu::DemandFilter filter;
      std::optional<std::string> output;
    };
    auto x = std::make_shared<Export>();
    auto* c = cmd->add_subcommand("export", tr("demands in the columns demand import reads: CSV (default), TOML or JSON"));
    c->add_option("--street", x->filter.street, tr("street"));
    c->add_option("--community", x->filter.community, tr("community"));
    field_of_service(c->add_option("--category", x->filter.category, tr("field of service")));
    c->add_option("--status", x->filter.status, tr("open | accepted | answered | declined | closed"));
    c->add_option("--year", x->filter.year, tr("raised in this year"));
    c->add_option("-o,--output", x->output, tr("write to this file (format from its extension) instead of stdout"));
    c->footer(examples({"kunqu demand export -o demands.csv", "kunqu demand export --year 2015 --format toml"}));
    c->callback([&ctx, x] {
      ctx.action = [&ctx, x] {
        Format format = output_format(ctx, x->output);
        auto reg = ctx.open(registry::Mode::kReadOnly);
        io::Table t = menu::export_demands(reg, x->filter);
        write_output(ctx, x->output, N_("demands"), [&](std::ostream& out) {
          render(out, format, t, Shape::kList, ctx.global.bom);
          return t.rows.size();
        });
        return kExitOk;
      };
    });
  }
}

}  // namespace kunqu::cli
