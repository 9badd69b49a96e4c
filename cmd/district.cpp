// `kunqu db district`: the district as it changes after db init — its streets past and present,
// a new year's population, a new community or street, a street renamed or merged from a day,
// and the profile file loaded again.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "i18n/messages.h"
#include "incubate/incubate.h"
#include "io/digest.h"
#include "profile/district.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "render.h"
#include "verb.h"

namespace kunqu::cli {

namespace {

struct NoFilter {};
struct LoadOptions {
  std::string file;
  bool dry_run = false;
};
struct PopulationOptions {
  std::string street;
  int year = 0;
  std::int64_t residents = 0;
  std::string kind = "resident";
};
struct CommunityOptions {
  std::string street, community;
};
struct StreetOptions {
  std::string street;
};
struct RenameOptions {
  std::string street, new_name, from;
};
struct MergeOptions {
  std::vector<std::string> streets;
  std::string into, from;
};

io::Table list_streets(registry::Registry& reg, const NoFilter&) { return profile::streets_table(reg); }

std::string said(const profile::DistrictChange& c) {
  if (c.what == "population")
    return c.before.empty() ? trf("{}: residents in {} set to {}", c.street, c.item, c.after)
                            : trf("{}: residents in {} changed from {} to {}", c.street, c.item, c.before, c.after);
  if (c.what == "community") return trf("{}: community '{}' added", c.street, c.after);
  if (c.what == "street") return trf("street '{}' added", c.after);
  if (c.what == "rename") return trf("street '{}' is named '{}' from {}", c.before, c.after, c.item);
  if (c.what == "merge") return trf("street '{}' is part of '{}' from {}", c.before, c.after, c.item);
  return trf("setting {} set to '{}'", c.item, c.after);
}

int run_load(Context& ctx, const LoadOptions& opt) {
  std::ifstream in(opt.file, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, trf("cannot open '{}'", opt.file));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream text(bytes);
  const profile::Profile prof = profile::parse(text, opt.file);
  auto reg = ctx.open(registry::Mode::kReadWrite);
  // The incubator's sites are checked against the groups staying there (incubate/).
  auto sites = [&](registry::Registry& r) {
    for (const auto& [key, value] : prof.settings)
      if (key == "incubator_sites" && r.setting(key) != value) incubate::set_sites(r, value);
  };
  const auto changes = profile::load(reg, prof, opt.file, io::sha256_hex(bytes), opt.dry_run, sites);
  if (!changes.empty()) render(ctx.io.out, ctx.format(), profile::changes_table(changes), Shape::kList, ctx.global.bom);
  if (opt.dry_run)
    ctx.note(trnf("dry run: {} change to the district; nothing was written", "dry run: {} changes to the district; nothing was written",
                  changes.size(), changes.size()));
  else
    ctx.note(changes.empty() ? trf("the registry already holds '{}'", opt.file)
                             : trnf("{} change to the district from '{}'", "{} changes to the district from '{}'",
                                    changes.size(), changes.size(), opt.file));
  return kExitOk;
}

Recorded population(registry::Registry& reg, const PopulationOptions& opt) {
  return {"", said(profile::set_population(reg, opt.street, opt.year, opt.residents, opt.kind))};
}
Recorded community(registry::Registry& reg, const CommunityOptions& opt) {
  return {"", said(profile::add_community(reg, opt.street, opt.community))};
}
Recorded street(registry::Registry& reg, const StreetOptions& opt) { return {"", said(profile::add_street(reg, opt.street))}; }
Recorded rename(registry::Registry& reg, const RenameOptions& opt) {
  return {"", said(profile::rename_street(reg, opt.street, opt.new_name, opt.from))};
}
Recorded merge(registry::Registry& reg, const MergeOptions& opt) {
  std::string note;
  for (const auto& c : profile::merge_streets(reg, opt.streets, opt.into, opt.from)) note += (note.empty() ? "" : "\n") + said(c);
  return {"", note};
}

}  // namespace

void setup_db_district(CLI::App* db, Context& ctx) {
  auto* d = db->add_subcommand("district", tr("the district after db init: streets past and present, population, "
                                              "communities, renames and mergers, the profile loaded again"));
  d->require_subcommand(1);
  d->footer(examples({"kunqu db district streets", "kunqu db district load profile.toml --dry-run",
                      "kunqu db district population 沼潭街道 2016 61200"}));
  add_list_verb(d, ctx, "streets", tr("every street, current or renamed or merged, with its days and successor"), list_streets)
      .app->footer(examples({"kunqu db district streets", "kunqu db district streets --format csv"}));
  {
    auto [c, o] = add_verb(d, ctx, "load",
                           tr("bring the district to a profile file: new streets, communities and population, renames "
                              "and mergers (renamed_from, merged_from, since), settings; nothing is removed"),
                           run_load);
    c->add_option("file", o.file, tr("the district profile (TOML)"))->required();
    c->add_flag("--dry-run", o.dry_run, tr("list the changes without writing them"));
    c->footer(examples({"kunqu db district load profile.toml --dry-run", "kunqu db district load profile.toml"}));
  }
  {
    auto [c, o] = add_verb(d, ctx, "population", tr("set a street's residents in a year (a new year, or a corrected figure)"),
                           population);
    c->add_option("street", o.street, tr("the street"))->required();
    c->add_option("year", o.year, tr("the year (its end)"))->required();
    c->add_option("residents", o.residents, tr("the number of residents"))->required();
    c->add_option("--kind", o.kind, tr("resident (常住, the default) or registered (户籍)"));
    c->footer(examples({"kunqu db district population 沼潭街道 2016 61200",
                        "kunqu db district population 沼潭街道 2016 58800 --kind registered"}));
  }
  {
    auto [c, o] = add_verb(d, ctx, "community", tr("add a community to a street"), community);
    c->add_option("street", o.street, tr("the street"))->required();
    c->add_option("community", o.community, tr("the new community's name"))->required();
    c->footer(examples({"kunqu db district community 沼潭街道 沼潭新村社区"}));
  }
  {
    auto [c, o] = add_verb(d, ctx, "street", tr("add a street"), street);
    c->add_option("street", o.street, tr("the new street's name"))->required();
    c->footer(examples({"kunqu db district street 新区街道"}));
  }
  {
    auto [c, o] = add_verb(d, ctx, "rename",
                           tr("name a street anew from a day: reports before it keep the old name"), rename);
    c->add_option("street", o.street, tr("the street as it is named now"))->required();
    c->add_option("new-name", o.new_name, tr("its name from --from"))->required();
    c->add_option("--from", o.from, tr("the first day of the new name (YYYY-MM-DD)"))->required();
    c->footer(examples({"kunqu db district rename 昆河镇 昆河街道 --from 2016-01-01"}));
  }
  {
    auto [c, o] = add_verb(d, ctx, "merge",
                           tr("make streets part of another from a day (an existing street, or a new one of two or more); "
                              "their communities move with them"),
                           merge);
    c->add_option("streets", o.streets, tr("the streets merged"))->required();
    c->add_option("--into", o.into, tr("the street they become part of"))->required();
    c->add_option("--from", o.from, tr("the first day of the merger (YYYY-MM-DD)"))->required();
    c->footer(examples({"kunqu db district merge 白云路街道 --into 昆工路街道 --from 2016-01-01",
                        "kunqu db district merge 昆河镇 卜尔汉图镇 --into 昆北镇 --from 2016-01-01"}));
  }
}

}  // namespace kunqu::cli
