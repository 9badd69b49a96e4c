// `kunqu db`: init, info, settings, log, migrate, check, seal, backup; district in district.cpp.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "check/check.h"
#include "cli.h"
#include "commands.h"
#include "error.h"
#include "i18n/messages.h"
#include "incubate/incubate.h"
#include "io/digest.h"
#include "io/json.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/audit_log.h"
#include "registry/info.h"
#include "registry/registry.h"
#include "registry/seal.h"
#include "render.h"
#include "validate/clock.h"
#include "verb.h"

namespace kunqu::cli {

namespace {

// A verb that takes no options of its own.
struct NoOptions {};
struct CheckOptions {
  std::optional<std::string> sealed;
};
struct BackupOptions {
  std::string file;
};

struct InitOptions {
  std::optional<std::string> profile;
  std::optional<std::string> group;
};

int run_db_init(Context& ctx, const InitOptions& opt) {
  std::optional<profile::Profile> prof;
  std::string digest;
  if (opt.profile) {
    std::ifstream in(*opt.profile, std::ios::binary);
    if (!in) throw Error(ErrorKind::kIo, trf("cannot open '{}'", *opt.profile));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    digest = io::sha256_hex(bytes);
    std::istringstream text(bytes);
    prof = profile::parse(text, *opt.profile);
  }
  const std::string path = ctx.db_path();
  auto reg = registry::Registry::create(path, ctx.session(), opt.group);
  try {
    profile::initialize(reg, prof, opt.profile.value_or(""), digest, opt.group);
  } catch (...) {
    // A registry without its profile is no registry: take the new file away again.
    reg = registry::Registry::in_memory();
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    throw;
  }
  // db_path_source() is also a value of `db info` (path_from): translated here, for the message only.
  const std::string from = ctx.db_path_source();
  ctx.note(trf("created registry '{}' (from {}), schema version {}", path,
               from == "the default" ? std::string(tr("the default")) : from, registry::latest_schema_version()));
  return kExitOk;
}

int run_db_info(Context& ctx, const NoOptions&) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  render(ctx.io.out, ctx.format(), registry::info_table(reg, ctx.db_path(), ctx.db_path_source()), Shape::kRecord,
         ctx.global.bom);
  return kExitOk;
}

struct SettingsOptions {
  std::optional<std::string> key;
  std::optional<std::string> value;
};

int run_db_settings(Context& ctx, const SettingsOptions& opt) {
  if (!opt.key) {
    auto reg = ctx.open(registry::Mode::kReadOnly);
    render(ctx.io.out, ctx.format(), profile::settings_table(reg), Shape::kList, ctx.global.bom);
    return kExitOk;
  }
  if (!opt.value) {
    auto reg = ctx.open(registry::Mode::kReadOnly);
    for (const auto& s : profile::known_settings())
      if (s.key == *opt.key) {
        ctx.io.out << reg.setting(s.key).value_or(s.default_value) << '\n';
        return kExitOk;
      }
    profile::check_setting(*opt.key, "");  // names the known keys
    return kExitUsage;
  }
  profile::check_setting(*opt.key, *opt.value);  // a bad value is refused before the registry is opened
  auto reg = ctx.open(registry::Mode::kReadWrite);
  const std::string value = *opt.key == "incubator_sites" ? incubate::set_sites(reg, *opt.value)
                                                          : profile::change_setting(reg, *opt.key, *opt.value);
  ctx.note(fmt::format("{} = {}", *opt.key, value));
  return kExitOk;
}

int run_db_migrate(Context& ctx, const NoOptions&) {
  auto reg = ctx.open(registry::Mode::kReadWrite);  // migrates, and says so
  ctx.note(trf("registry '{}' is at schema version {}", reg.path(), reg.info().schema_version));
  return kExitOk;
}

int run_db_check(Context& ctx, const CheckOptions& opt) {
  const auto& sealed = opt.sealed;
  auto reg = ctx.open(registry::Mode::kReadOnly);
  registry::seal::SealedHead proven;
  io::Table findings = check::run(reg, sealed, true, &proven);
  if (findings.rows.empty()) {
    if (sealed && proven.state_proven && proven.entries_since == 0)
      ctx.note(trf("registry '{}' holds: {} checks, no findings; the sealed head is entry {}, the newest, and the rows "
                   "stand as it sealed them",
                   reg.path(), check::count(), proven.entry));
    else if (sealed && proven.state_proven)
      ctx.note(trnf("registry '{}' holds: {} checks, no findings; the sealed head is entry {}, and the rows stood as "
                    "it sealed them; {} entry after it changed {}, as it records",
                    "registry '{}' holds: {} checks, no findings; the sealed head is entry {}, and the rows stood as "
                    "it sealed them; {} entries after it changed {}, as they record",
                    proven.entries_since, reg.path(), check::count(), proven.entry, proven.entries_since,
                    trnf("{} row", "{} rows", proven.rows_since, proven.rows_since)));
    else if (sealed)
      ctx.note(trf("registry '{}' holds: {} checks, no findings; its audit chain extends the sealed head (entry {}, "
                   "sealed before schema 16: only its place in the chain is proven, not the rows as they stood at it)",
                   reg.path(), check::count(), proven.entry));
    else
      ctx.note(trf("registry '{}' holds: {} checks, no findings", reg.path(), check::count()));
    // The rows written since, so a person can see that they are the ones the log says.
    if (sealed && proven.state_proven && !proven.changed.empty()) {
      std::string list;
      for (const auto& c : proven.changed) list += (list.empty() ? "" : ", ") + c;
      if (proven.rows_since > static_cast<std::int64_t>(proven.changed.size()))
        list += trf(" … and {} more", proven.rows_since - static_cast<std::int64_t>(proven.changed.size()));
      ctx.note(trf("changed since the sealed head: {}", list));
    }
    return kExitOk;
  }
  render(ctx.io.out, ctx.format(), findings, Shape::kList, ctx.global.bom);
  ctx.note(trnf("registry '{}': {} finding", "registry '{}': {} findings", findings.rows.size(), reg.path(),
                findings.rows.size()));
  return kExitRuntime;
}

// The audit chain's head, for the record outside the registry (`db check --sealed HASH`).
int run_db_seal(Context& ctx, const NoOptions&) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  auto head = registry::seal::head(reg);
  if (!head) throw Error(ErrorKind::kInvalidData, trf("registry '{}' has no sealed audit entry", reg.path()));
  io::Table t;
  t.record_name = "seal";
  t.columns = {{"entry", io::ColumnType::kInteger}, {"at"}, {"action"}, {"hash"}};
  t.rows.push_back({std::to_string(head->entry), head->at, head->action, head->hash});
  render(ctx.io.out, ctx.format(), t, Shape::kRecord, ctx.global.bom);
  ctx.note(trf("keep this head outside the registry; 'kunqu db check --sealed {}' shows the registry still extends it",
               head->hash));
  return kExitOk;
}

// The audit log newest first (--reverse: oldest first). A table is for a person: its times on
// the district's clock with the offset; the machine formats keep UTC.
int run_db_log(Context& ctx, const registry::LogFilter& filter) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  const Format format = ctx.format();
  io::Table t = registry::audit_log(reg, filter);
  if (format == Format::kTable)
    for (auto& row : t.rows)
      if (row[1]) row[1] = validate::shanghai_time(*row[1]);
  render(ctx.io.out, format, t, Shape::kList, ctx.global.bom);
  return kExitOk;
}

int run_db_backup(Context& ctx, const BackupOptions& opt) {
  const std::string& file = opt.file;
  auto reg = ctx.open(registry::Mode::kReadOnly);
  reg.backup_to(file);
  ctx.note(trf("backed up '{}' to '{}' (mode 0600)", reg.path(), file));
  return kExitOk;
}

}  // namespace

void setup_db(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", tr("the registry file: create it, inspect it, settings, audit log"));
  db->require_subcommand(1);
  db->footer(examples({"kunqu db init --profile examples/kundulun/profile.toml", "kunqu db info", "kunqu db log --since 2015-06-01"}));

  {
    auto [c, init] = add_verb(db, ctx, "init", tr("create a new registry (mode 0600, or 0660 for a group) at the resolved path"),
                              run_db_init);
    c->add_option("--profile", init.profile, tr("district profile (TOML): district, streets, communities, population, settings"));
    c->add_option("--group", init.group, tr("make the registry group-shared (0660) for this group"));
    c->footer(examples({"kunqu db init --profile examples/kundulun/profile.toml",
                        "kunqu --db /var/lib/kunqu/registry.db db init --profile profile.toml --group kunqu"}));
  }
  add_verb(db, ctx, "info", tr("where the registry is, its schema version and counts"), run_db_info)
      .app->footer(examples({"kunqu db info", "kunqu db info --format json"}));
  {
    auto [c, settings] = add_verb(db, ctx, "settings", tr("show the settings, one setting, or set one"), run_db_settings);
    c->add_option("key", settings.key, tr("a setting's key"));
    c->add_option("value", settings.value, tr("a new value for it"));
    c->footer(examples({"kunqu db settings", "kunqu db settings density_target", "kunqu db settings density_target 20"}));
  }
  {
    auto [c, log] = add_verb(db, ctx, "log", tr("the audit log, newest first: who changed what, when, with which command"),
                             run_db_log);
    c->add_option("--actor", log.actor, tr("only entries by this actor"));
    c->add_option("--since", log.since, tr("only entries on or after this date in the district (YYYY-MM-DD, Asia/Shanghai)"));
    c->add_option("--until", log.until, tr("only entries on or before this date in the district (YYYY-MM-DD, Asia/Shanghai)"));
    whole_number(c->add_option("--batch", log.batch, tr("only the entry of this import batch")), true);
    c->add_option("--action", log.action, tr("only this action (org.add, org.import, org.update …)"));
    whole_number(c->add_option("--limit", log.limit, tr("only the newest N entries (0 = all)")));
    c->add_flag("--reverse", log.oldest_first,
                tr("oldest first (with --limit N: the newest N entries, the oldest of them first)"));
    c->footer(examples({"kunqu db log --limit 10", "kunqu db log --actor wangli --since 2015-06-01 --reverse",
                        "kunqu db log --batch 2 --format json"}));
  }
  {
    auto [c, check] = add_verb(db, ctx, "check",
                               tr("whether the registry holds: SQLite integrity, foreign keys, the schema, kunqu's "
                                  "rules, the audit chain, each entry's sealed state and the row seals; exit 1 on "
                                  "findings"),
                               run_db_check);
    c->add_option("--sealed", check.sealed,
                  tr("a head printed earlier by 'db seal' or a monthly report: the chain must still contain it, "
                     "and the rows must have stood at it as it sealed them"))
        ->transform([](std::string v) {
          // Pasted or cut from a CSV line: the line's end and spaces are not part of the head.
          const auto b = v.find_first_not_of(" \t\r\n"), e = v.find_last_not_of(" \t\r\n");
          v = b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
          if (v.size() != 64 || v.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
            throw CLI::ValidationError(tr("a sealed head is 64 hex digits"));
          return v;
        });
    c->footer(examples({"kunqu db check", "kunqu db check --format csv > findings.csv",
                        "kunqu db check --sealed \"$(kunqu db seal --format csv | tail -n 1 | cut -d, -f4)\""}));
  }
  add_verb(db, ctx, "seal", tr("the audit chain's head (entry and SHA-256), to keep outside the registry"), run_db_seal)
      .app->footer(examples({"kunqu db seal", "kunqu db seal --format json >> /srv/kunqu/seals.jsonl"}));
  {
    auto [c, backup] = add_verb(db, ctx, "backup",
                                tr("a consistent copy of the registry (mode 0600), made while others may keep writing"),
                                run_db_backup);
    c->add_option("file", backup.file, tr("the backup file (must not exist)"))->required();
    c->footer(examples({"kunqu db backup /srv/kunqu/backup/registry-2015-06-30.db"}));
  }
  add_verb(db, ctx, "migrate", tr("bring an older registry to this kunqu's schema (a backup is written first)"), run_db_migrate)
      .app->footer(examples({"kunqu db migrate"}));
  setup_db_district(db, ctx);
}

}  // namespace kunqu::cli
