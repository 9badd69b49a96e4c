// `kunqu catalog`: add, show, list, link, import, export — the year's catalogue of purchasable services.
// Parse flags → call lib/catalog → render.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

#include "catalog/catalog.h"
#include "cli.h"
#include "commands.h"
#include "demand/demand.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/records.h"
#include "registry/registry.h"
#include "render.h"
#include "transfer.h"
#include "verb.h"

namespace kunqu::cli {

namespace {

struct ItemKey {
  std::string year, code, contract;
};
Recorded run_add(registry::Registry& reg, const catalog::Item& i) {
  catalog::add_item(reg, i);
  return {{}, trf("added {}/{} to the catalogue", i.year, i.code)};
}

Recorded run_link(registry::Registry& reg, const ItemKey& k) {
  catalog::link(reg, k.contract, k.year, k.code);
  return {{}, trf("contract {} buys {}/{}", k.contract, k.year, k.code)};
}

int run_show(Context& ctx, const ItemKey& k) {
  auto reg = ctx.open(registry::Mode::kLookUp);
  render_with_lists(ctx.io.out, ctx.format(), catalog::show_item(reg, k.year, k.code),
                    {{"demands", demand::item_demands(reg, k.year, k.code)},
                     {"contracts", catalog::item_contracts(reg, k.year, k.code)}},
                    ctx.global.bom);
  return kExitOk;
}

int run_import(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "catalog", catalog::resolve_header, catalog::header_zh, N_("catalogue items"), catalog::import_items);
}

// An item named by its year and code, as the two arguments of link and show.
void add_item_key(CLI::App* c, ItemKey& k) {
  c->add_option("year", k.year, tr("the catalogue's year"))->required();
  c->add_option("code", k.code, tr("the item's code"))->required();
}

}  // namespace

void setup_catalog(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("catalog", tr("the year's catalogue of purchasable services (定菜) and the contracts that buy them"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu catalog list --year 2015", "kunqu catalog list --without-contract"}));
  static const std::vector<std::string> verbs = {"add", "show", "list", "link", "import", "export"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };
  if (wanted("add")) {
    auto [c, i] = add_verb(cmd, ctx, "add", tr("add an item to a year's catalogue"), run_add);
    c->add_option("--year", i.year, tr("the catalogue's year"))->required();
    c->add_option("--code", i.code, tr("the item's code, unique in the year"))->required();
    field_of_service(c->add_option("--category", i.category, tr("field of service, e.g. elderly_care or 为老服务")))->required();
    c->add_option("--item", i.item, tr("what is bought"))->required();
    c->add_option("--description", i.description, tr("description"));
    c->add_option("--unit", i.unit, tr("hour | person_time | person | household | project | month | other (小时, 人次 …)"))->required();
    c->add_option("--price", i.price_guide, tr("price guide per unit, in yuan"));
    c->footer(examples({"kunqu catalog add --year 2015 --code YL-01 --category elderly_care --item 居家上门服务 --unit hour --price 25"}));
  }
  if (wanted("link")) {
    auto [c, k] = add_verb(cmd, ctx, "link", tr("record that a contract buys a catalogue item"), run_link);
    add_item_key(c, k);
    c->add_option("--contract", k.contract, tr("the contract that buys it"))->required();
    c->footer(examples({"kunqu catalog link 2015 YL-01 --contract KQGM-2015-002"}));
  }
  if (wanted("show")) {
    auto [c, k] = add_verb(cmd, ctx, "show", tr("one catalogue item, the demands it took and the contracts that buy it"), run_show);
    add_item_key(c, k);
    c->footer(examples({"kunqu catalog show 2015 YL-01 --format table"}));
  }
  if (wanted("list")) {
    auto [c, f] = add_list_verb(cmd, ctx, "list", tr("catalogue items, by year and code"), catalog::list_items);
    c->add_option("--year", f.year, tr("the catalogue's year"));
    field_of_service(c->add_option("--category", f.category, tr("field of service")));
    c->add_flag("--without-contract", f.without_contract, tr("items no contract buys"));
    add_limit(c, f.limit);
    c->footer(examples({"kunqu catalog list --year 2015", "kunqu catalog list --year 2015 --without-contract"}));
  }
  if (wanted("import")) {
    auto [c, imp] = add_verb(cmd, ctx, "import", tr("import catalogue items from CSV or TOML ([[catalog]]), all or nothing"),
                             run_import);
    bind_import_flags(c, imp);
    c->footer(examples({"kunqu catalog import examples/kundulun/catalog.csv",
                        "kunqu catalog import catalog.toml --on-conflict skip --dry-run"}));
  }
  if (wanted("export")) {
    auto [c, x] = add_export_verb(cmd, ctx, tr("catalogue items in the columns catalog import reads: CSV (default), TOML or JSON"),
                                  N_("catalogue items"), catalog::export_items);
    c->add_option("--year", x.filter.year, tr("the catalogue's year"));
    field_of_service(c->add_option("--category", x.filter.category, tr("field of service")));
    add_output(c, x.output);
    c->footer(examples({"kunqu catalog export -o catalog.csv", "kunqu catalog export --year 2015 --format toml"}));
  }
}

}  // namespace kunqu::cli
