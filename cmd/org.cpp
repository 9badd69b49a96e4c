// `kunqu org`: add, show, list, update, suspend, revoke, deregister, reinstate, history,
// import, export. Parse flags → call lib/org → render.
#include "org/org.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "filing/filing.h"
#include "i18n/messages.h"
#include "incubate/incubate.h"
#include "io/records.h"
#include "io/text.h"
#include "org/events.h"
#include "progress.h"
#include "registry/registry.h"
#include "render.h"
#include "supervision/supervision.h"
#include "transfer.h"
#include "verb.h"
#include "vocab/vocab.h"

namespace kunqu::cli {

namespace {

std::string flag_name(const std::string& field) {
  std::string s = field;
  for (auto& c : s)
    if (c == '_') c = '-';
  return "--" + s;
}

// Field values given as flags, in the shape import rows have.
struct FieldFlags {
  std::vector<std::optional<std::string>> values = std::vector<std::optional<std::string>>(org::kFieldCount);

  void bind(CLI::App* c, bool for_update) {
    for (std::size_t i = 0; i < org::kFieldCount; ++i) {
      const auto& f = org::fields()[i];
      if (f.kind == vocab::FieldKind::kKey) continue;
      if (for_update && (i == org::kTier || i == org::kStatus || i == org::kStatusDate || i == org::kStatusReason ||
                         i == org::kStatusAuthority || i == org::kStatusDocument || i == org::kAuthority))
        continue;
      std::string help = f.label_zh;
      if (!f.values.empty()) help += ": " + vocab::enum_codes_list(f);
      c->add_option(flag_name(f.name), values[i], help);
    }
  }

  io::RawRecord record() const {
    io::RawRecord r;
    for (std::size_t i = 0; i < values.size(); ++i)
      if (values[i]) r.fields.push_back({i, *values[i], 0, 0});
    return r;
  }
};

void add_filters(CLI::App* c, org::Filter& f) {
  c->add_option("--tier", f.tier, tr("registered | grassroots (登记 | 备案)"));
  c->add_option("--type", f.type, tr("social_group | social_service | foundation"));
  c->add_option("--authority", f.authority, tr("registration authority: national | region | city | district"));
  c->add_option("--level", f.level, tr("district | street | community"));
  field_of_service(c->add_option("--category", f.category, tr("field of service, e.g. culture_sports or 社区文体")));
  c->add_option("--street", f.street, tr("street (街道), exactly as in the profile"));
  c->add_option("--community", f.community, tr("community (社区)"));
  c->add_option("--status", f.status, tr("active | suspended | revoked | deregistered"));
  c->add_option("--founded-since", f.founded_since, tr("founded on or after YYYY-MM-DD"));
  c->add_option("--founded-until", f.founded_until, tr("founded on or before YYYY-MM-DD"));
  c->add_option("--name", f.name, tr("name contains this text"));
  c->add_option("--number", f.number,
                tr("one of its numbers contains this text: credit code, filing number, certificate number (登记证号) "
                   "or organization code"));
  c->add_option("--credit", f.credit, tr("credit lists: abnormal (活动异常名录) | serious (严重违法失信名单) | clear"));
  c->add_option("--sort", f.sort, tr("key | name | founded | registered_on | filed_on | street"));
  c->add_option("--as-of", f.as_of, tr("as the registry stood at the end of this day (YYYY-MM-DD)"));
}

std::vector<org::Field> parse_columns(const std::string& list) {
  std::vector<org::Field> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string name = io::trim(list.substr(start, end - start));
    if (!name.empty()) {
      auto f = org::field_by_header(name);
      if (!f) throw_usage(trf("--columns: unknown column '{}'", name));
      out.push_back(*f);
    }
    start = end + 1;
  }
  if (out.empty()) throw_usage(tr("--columns: name at least one column"));
  return out;
}

struct ListOptions {
  org::Filter filter;
  std::optional<std::string> columns;
};

int run_org_list(Context& ctx, const ListOptions& opt) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  std::size_t total = 0;
  auto columns = opt.columns ? parse_columns(*opt.columns) : org::summary_fields();
  Renderer out(ctx.io.out, ctx.format(), org::header(columns), Shape::kList, ctx.global.bom);
  std::size_t shown = org::list_each(
      reg, opt.filter, columns, [&](const io::Row& r) { out.row(r); }, &total);
  out.finish();
  if (total > shown)
    ctx.note(trf("{} of {} orgs shown; {} left out by --limit {} (--limit 0 shows all)", shown, total, total - shown,
                 opt.filter.limit));
  return kExitOk;
}

struct ShowOptions {
  std::string token;
  std::optional<std::string> as_of;
};

int run_org_show(Context& ctx, const ShowOptions& opt) {
  auto reg = ctx.open(registry::Mode::kLookUp);
  const auto o = org::find(reg, opt.token);
  std::optional<std::string> day;
  std::optional<org::Org> then;
  if (opt.as_of) {
    day = org::as_of_day(reg, *opt.as_of);
    then = org::as_of(reg, o, *day);
    if (!then)
      throw_not_found(trf("{} '{}' had not entered the registry by {} (it entered on {})", *o[org::kKey], *o[org::kName],
                          *day, org::entered_on(o)));
  }
  auto record = org::to_table({then ? *then : o}, org::all_fields());
  // What the org has beside its row, in one look-up: most have nothing for the sections below.
  const org::Holdings held = org::holdings(reg, o.id);
  // Its standing: credit lists, grade, last annual check (of the org as the registry holds it).
  auto standing = supervision::standing(reg, o, day, &held);
  for (std::size_t i = 0; i < standing.columns.size(); ++i) {
    record.columns.push_back(standing.columns[i]);
    record.rows[0].push_back(standing.rows.empty() ? std::nullopt : standing.rows[0][i]);
  }
  // A hub shows the filed groups attached to it; an org that was incubated, its stays.
  std::vector<std::pair<std::string, io::Table>> lists;
  if (held.groups)
    if (auto groups = filing::groups_of_hub(reg, o.id); !groups.rows.empty()) lists.emplace_back("filed_groups", groups);
  if (held.stays)
    if (auto stays = incubate::stays_of(reg, o.id); !stays.rows.empty()) lists.emplace_back("incubations", stays);
  if (lists.empty())
    render(ctx.io.out, ctx.format(), record, Shape::kRecord, ctx.global.bom);
  else
    render_with_lists(ctx.io.out, ctx.format(), record, lists, ctx.global.bom);
  return kExitOk;
}

Recorded run_org_add(registry::Registry& reg, const FieldFlags& flags) {
  auto o = org::add(reg, flags.record());
  return {*o[org::kKey], trf("added {} '{}'", *o[org::kKey], *o[org::kName])};
}

struct UpdateOptions {
  std::string token;
  FieldFlags flags;
  std::vector<std::string> clear;
};

int run_org_update(Context& ctx, const UpdateOptions& opt) {
  std::vector<org::Field> clear;
  for (const auto& c : opt.clear) {
    auto f = org::field_by_header(c);
    if (!f) throw_usage(trf("--clear: unknown field '{}'", c));
    clear.push_back(*f);
  }
  auto rec = opt.flags.record();
  if (rec.fields.empty() && clear.empty())
    throw_usage(tr("nothing to change: give a field flag such as --phone, or --clear FIELD"));
  auto reg = ctx.open(registry::Mode::kReadWrite);
  auto o = org::update(reg, opt.token, rec, clear);
  ctx.note(trf("updated {} '{}'", *o[org::kKey], *o[org::kName]));
  return kExitOk;
}

struct StatusOptions {
  std::string token;
  org::StatusChange change;
  std::optional<std::string> of;  // revoke: what is revoked
};

Recorded run_org_status(registry::Registry& reg, const StatusOptions& opt) {
  org::StatusChange change = opt.change;
  if (opt.of) {
    const std::string& what = *opt.of;
    if (what == "registration" || what == "撤销登记") change.kind = "revoked";
    else if (what == "certificate" || what == "吊销登记证书") change.kind = "certificate_revoked";
    else if (what == "change" || what == "撤销变更登记") change.kind = "change_revoked";
    else throw_usage(trf("--of '{}' is not one of registration, certificate, change", what));
  }
  std::vector<std::string> detached;
  auto o = org::set_status(reg, opt.token, change, &detached);
  std::string note = trf("{} '{}' is now {}", *o[org::kKey], *o[org::kName], *o[org::kStatus]);
  if (!detached.empty()) {
    std::string groups;
    for (const auto& g : detached) groups += "\n  " + g;
    note += "\n" + trnf("its {} filed group is no longer attached to it (kunqu filing move attaches it to another hub):{}",
                        "its {} filed groups are no longer attached to it (kunqu filing move attaches them to another hub):{}",
                        detached.size(), detached.size(), groups);
  }
  return {{}, note};
}

int run_org_history(Context& ctx, const std::string& token) {
  auto reg = ctx.open(registry::Mode::kLookUp);
  auto o = org::find(reg, token);
  auto record = org::to_table({o}, {org::kKey, org::kName, org::kTier, org::kStatus, org::kStatusDate});
  render_with_lists(ctx.io.out, ctx.format(), record,
                    {{"events", org::events_table(reg, o)}, {"entries", org::history(reg, token)}}, ctx.global.bom);
  return kExitOk;
}

struct CorrectOptions {
  std::string token;
  std::int64_t event = 0;
  org::Correction correction;
};

Recorded run_org_correct(registry::Registry& reg, const CorrectOptions& opt) {
  auto o = org::correct(reg, opt.token, opt.event, opt.correction);
  return {{}, trf("{} '{}': event {} is corrected; it is now {}", *o[org::kKey], *o[org::kName], opt.event,
                  *o[org::kStatus])};
}

struct StatsOptions {
  org::Filter filter;
  std::string by = "tier";
};

int run_org_stats(Context& ctx, const StatsOptions& opt) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  io::Table t = org::stats(reg, opt.filter, opt.by);
  // The total is for people: in the table under the rows; CSV and JSON keep to the data, so
  // that summing a column (csvstat --sum) counts each org once.
  if (ctx.format() == Format::kTable) {
    std::int64_t sum = 0;
    for (const auto& r : t.rows) sum += std::stoll(r[1].value_or("0"));
    t.rows.push_back({std::string("total"), std::to_string(sum)});
  }
  render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
  return kExitOk;
}

struct ExportOptions {
  org::Filter filter;
  std::optional<std::string> output;
};

int run_org_import(Context& ctx, const ImportFlags& imp) { return run_import(ctx, imp, org::ImportOptions{}); }

int run_events_import(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "event", org::resolve_event_header, org::event_header_zh, N_("events"), org::import_events);
}

int run_org_export(Context& ctx, const ExportOptions& exp) {
  // TRANSLATORS: what an export wrote, in "exported {} {} to '{}'": "exported 514 orgs to 'orgs.csv'"
  return run_export(ctx, exp.filter, org::all_fields(), exp.output, N_("orgs"), "org");
}

}  // namespace

void setup_org(CLI::App& app, Context& ctx) {
  auto* org_cmd = app.add_subcommand("org", tr("organizations: registered legal persons and filed community groups"));
  org_cmd->require_subcommand(1);
  org_cmd->footer(examples({"kunqu org list --tier grassroots", "kunqu org show 51150200MJ0581473A",
                            "kunqu org import examples/kundulun/orgs.csv"}));

  // Only the verb on the command line is built when it is one of these: `add` and `update`
  // alone carry sixty flags, and every start would pay for them.
  static const std::vector<std::string> verbs = {"add",    "show",   "list",   "update",  "suspend",      "revoke",
                                                 "deregister", "reinstate", "correct", "history", "import", "stats", "export",
                                                 "events", "credit", "annual-check", "grade"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };

  if (wanted("add")) {
    auto [c, add] = add_verb(org_cmd, ctx, "add", tr("add one organization; prints its key"), run_org_add);
    add.bind(c, false);
    c->footer(examples(
        {"kunqu org add --name 包头市昆都仑区助老服务中心 --tier registered --type social_service "
         "--category elderly_care --credit-code 52150203MJ0990015N --registered-on 2015-06-01 --street 沼潭街道",
         "kunqu org add --name 夕阳红舞蹈队 --tier grassroots --type social_group --category culture_sports "
         "--street 沼潭街道 --community 沼潭东社区 --registered-on 2015-06-20"}));
  }

  if (wanted("show")) {
    auto [c, show] = add_verb(org_cmd, ctx, "show", tr("every field of one organization"), run_org_show);
    c->add_option("org", show.token, tr("key (K0000042), credit code, filing number or exact name"))->required();
    c->add_option("--as-of", show.as_of, tr("as it stood at the end of this day (YYYY-MM-DD)"));
    c->footer(examples({"kunqu org show K0000001", "kunqu org show 51150200MJ0581473A --format json",
                        "kunqu org show K0000001 --as-of 2013-12-31"}));
  }

  if (wanted("list")) {
    auto [c, list] = add_verb(org_cmd, ctx, "list", tr("list organizations, filtered and sorted"), run_org_list);
    add_filters(c, list.filter);
    whole_number(c->add_option("--limit", list.filter.limit,
                               tr("at most this many rows (0 = all); stderr says how many were left out")));
    c->add_option("--columns", list.columns,
                  tr("comma-separated columns (default: "
                     "key,name,tier,type,category,street,community,status,registered_on,filed_on)"));
    c->footer(examples({"kunqu org list --tier grassroots", "kunqu org list --street 沼潭街道 --category 社区文体",
                        "kunqu org list --name 协会 --sort founded --limit 20",
                        "kunqu org list --status deregistered --format json"}));
  }

  if (wanted("update")) {
    auto [c, upd] = add_verb(org_cmd, ctx, "update", tr("change fields of one organization (only those given)"), run_org_update);
    c->add_option("org", upd.token, tr("key, credit code, filing number or exact name"))->required();
    upd.flags.bind(c, true);
    c->add_option("--clear", upd.clear, tr("empty this field (repeatable)"));
    c->footer(examples({"kunqu org update K0000001 --phone 0472-2150000 --representative 王丽",
                        "kunqu org update KQBA-2015-0042 --clear notes"}));
  }

  struct StatusVerb {
    const char* name;
    const char* kind;
    const char* help;
    const char* example;
  };
  static const StatusVerb status_verbs[] = {
      {"suspend", "suspended", N_("record a suspension (限期停止活动)"),
       "kunqu org suspend K0000042 --date 2015-03-01 --authority 昆都仑区民政局 --document 昆民罚〔2015〕3号"},
      {"revoke", "revoked",
       N_("record a revocation (撤销登记; --of certificate: 吊销登记证书; --of change: 撤销变更登记), a penalty"),
       "kunqu org revoke K0000042 --date 2015-05-01 --reason 连续两年未参加年检 --document 昆民罚〔2015〕7号"},
      {"deregister", "deregistered",
       N_("record a deregistration (注销): purpose_fulfilled, dissolved, split_merge, other"),
       "kunqu org deregister K0000042 --date 2015-06-30 --reason dissolved"},
      {"reinstate", "reinstated", N_("end a suspension: the org is active again"),
       "kunqu org reinstate K0000042 --date 2015-09-01"},
  };
  for (const auto& v : status_verbs) {
    if (!wanted(v.name)) continue;
    auto [c, opt] = add_verb(org_cmd, ctx, v.name, tr(v.help), run_org_status);
    opt.change.kind = v.kind;
    const std::string name = v.name;
    c->add_option("org", opt.token, tr("key, credit code, filing number or exact name"))->required();
    c->add_option("--date", opt.change.date, tr("date of the decision (YYYY-MM-DD)"))->required();
    if (name != "reinstate") {
      c->add_option("--reason", opt.change.reason,
                    name == "deregister" ? tr("purpose_fulfilled | dissolved | split_merge | other (宗旨完成 …)")
                                         : tr("reason, as the decision states it"));
      c->add_option("--authority", opt.change.authority, tr("the deciding authority"));
      c->add_option("--document", opt.change.document, tr("the decision's document number (文号)"));
    }
    if (name == "suspend")
      c->add_option("--until", opt.change.until, tr("the day the suspension ended: its reinstatement is recorded too"));
    if (name == "revoke")
      c->add_option("--of", opt.of, tr("registration (撤销登记, default) | certificate (吊销登记证书) | change (撤销变更登记)"));
    c->footer(examples({v.example}));
  }

  if (wanted("correct")) {
    auto [c, cor] = add_verb(org_cmd, ctx, "correct", tr("reverse a mistaken event of one organization; both stay in its history"),
                             run_org_correct);
    c->add_option("org", cor.token, tr("key, credit code, filing number or exact name"))->required();
    whole_number(c->add_option("event", cor.event, tr("the event's number, as org history lists it"))->required());
    c->add_option("--reason", cor.correction.reason, tr("why the event was a mistake"))->required();
    c->add_option("--date", cor.correction.date, tr("the day the correction was decided (default: today)"));
    c->add_option("--authority", cor.correction.authority, tr("the deciding authority"));
    c->add_option("--document", cor.correction.document, tr("the decision's document number (文号)"));
    c->footer(examples({"kunqu org correct K0000042 12 --reason 误录，该组织未被限期停止活动"}));
  }

  if (wanted("history")) {
    auto [c, hist] = add_verb(org_cmd, ctx, "history", tr("the events of one organization and the audit entries that touched it"),
                              run_org_history);
    c->add_option("org", hist, tr("key, credit code, filing number or exact name"))->required();
    c->footer(examples({"kunqu org history K0000001"}));
  }

  if (wanted("import")) {
    auto [c, imp] = add_verb(org_cmd, ctx, "import", tr("import organizations from CSV or TOML, all or nothing"),
                             run_org_import);
    bind_import_flags(c, imp);
    c->footer(examples({"kunqu org import examples/kundulun/orgs.csv",
                        "kunqu org import examples/kundulun/street-2015-06.csv --dry-run",
                        "kunqu org import orgs.toml --on-conflict update",
                        "cat orgs.csv | kunqu org import - --input-format csv"}));
  }

  if (wanted("stats")) {
    auto [c, st] = add_verb(org_cmd, ctx, "stats", tr("count organizations by a field, with a total"), run_org_stats);
    add_filters(c, st.filter);
    c->add_option(
        "--by", st.by,
        tr("tier (default), type, registration_authority, level, category, street, community, status, hub, year"));
    c->footer(examples({"kunqu org stats --by street", "kunqu org stats --by category --tier grassroots",
                        "kunqu org stats --by year --status active --format csv"}));
  }

  if (wanted("export")) {
    auto [c, exp] = add_verb(org_cmd, ctx, "export", tr("every field of the organizations, as CSV (default), TOML or JSON"),
                             run_org_export);
    add_filters(c, exp.filter);
    add_output(c, exp.output);
    c->footer(examples({"kunqu org export -o orgs.csv", "kunqu org export --format toml > orgs.toml",
                        "kunqu org export --tier grassroots --street 沼潭街道 --bom -o 沼潭街道.csv"}));
  }

  if (wanted("events")) {
    auto* ev = org_cmd->add_subcommand("events", tr("the dated events of standing as files: import and export"));
    ev->require_subcommand(1);
    {
      auto [c, imp] = add_verb(ev, ctx, "import",
                               tr("import status events from CSV or TOML ([[event]]), all or nothing, each by its "
                                  "command's rules"),
                               run_events_import);
      bind_import_flags(c, imp);
      c->footer(examples({"kunqu org events import events.csv", "kunqu org events import 2013年处罚决定.csv --dry-run"}));
    }
    {
      auto [c, x] = add_export_verb(ev, ctx, tr("status events in the columns import reads: CSV (default), TOML or JSON"),
                                    N_("events"), org::export_events);
      c->add_option("--org", x.filter.org, tr("one org: key, credit code, filing number or exact name"));
      c->add_option("--event", x.filter.kind, tr("one kind of event: suspended, reinstated, revoked …"));
      c->add_option("--since", x.filter.since, tr("events on or after YYYY-MM-DD"));
      c->add_option("--until", x.filter.until, tr("events on or before YYYY-MM-DD"));
      add_output(c, x.output);
      c->footer(examples({"kunqu org events export -o events.csv", "kunqu org events export --since 2013-01-01 --format toml"}));
    }
  }

  for (const char* noun : {"credit", "annual-check", "grade"})
    if (wanted(noun)) setup_supervision(org_cmd, ctx, noun);
}

}  // namespace kunqu::cli
