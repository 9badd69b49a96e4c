// `kunqu filing`: the filing track (备案) — add, show, list, review, upgrade, revoke, import,
// export. Parse flags → call lib/org and lib/filing → render.
#include "filing/filing.h"

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
#include "vocab/vocab.h"

namespace kunqu::cli {

namespace {

// Org fields given as flags: each flag fills one field of the record handed to lib/org.
struct Flags {
  std::vector<std::pair<org::Field, std::optional<std::string>>> values;

  // Adds --NAME for `field` (more names may follow, CLI11-style: "--nature,--type").
  void add(CLI::App* c, const std::string& names, org::Field field, const std::string& help, bool required = false) {
    values.emplace_back(field, std::nullopt);
    std::size_t at = values.size() - 1;
    // The vector may grow while flags are added: bind through a stable callback.
    auto* opt = c->add_option_function<std::string>(
        names, [this, at](const std::string& v) { values[at].second = v; }, help);
    if (required) opt->required();
  }

  io::RawRecord record() const {
    io::RawRecord r;
    for (const auto& [f, v] : values)
      if (v) r.fields.push_back({static_cast<std::size_t>(f), *v, 0, 0});
    return r;
  }
};

std::string enum_help(org::Field f) { return org::fields()[f].label_zh + ": " + vocab::enum_codes_list(org::fields()[f]); }

int run_add(Context& ctx, const Flags& flags) {
  auto rec = flags.record();
  rec.fields.push_back({org::kTier, "grassroots", 0, 0});
  auto reg = ctx.open(registry::Mode::kReadWrite);
  auto o = org::add(reg, rec, "filing.add");
  ctx.io.out << *o[org::kKey] << '\n';
  ctx.note(trf("filed {} '{}' as {}", *o[org::kKey], *o[org::kName], o[org::kFilingNo].value_or("")));
  return kExitOk;
}

int run_show(Context& ctx, const std::string& token) {
  auto reg = ctx.open(registry::Mode::kLookUp);
  auto record = filing::show(reg, token);
  auto id = org::find(reg, token).id;
  const org::Org o = org::get_by_id(reg, id);
  render_with_lists(ctx.io.out, ctx.format(), record,
                    {{"reviews", filing::reviews(reg, id)}, {"hubs", org::hub_links(reg, o)}}, ctx.global.bom);
  return kExitOk;
}

int run_list(Context& ctx, const filing::Filter& filter) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  std::size_t total = 0;
  auto t = filing::list(reg, filter, &total);
  render(ctx.io.out, ctx.format(), t, Shape::kList, ctx.global.bom);
  if (total > t.rows.size())
    ctx.note(trf("{} of {} filings shown; {} left out by --limit {} (--limit 0 shows all)", t.rows.size(), total,
                 total - t.rows.size(), filter.limit));
  return kExitOk;
}

struct ReviewOptions {
  std::string token;
  filing::Review review;
};

Recorded run_review(registry::Registry& reg, const ReviewOptions& opt) {
  auto o = filing::review(reg, opt.token, opt.review);
  return {{}, trf("recorded the review of {} '{}' on {}", *o[org::kKey], *o[org::kName], opt.review.date)};
}

struct UpgradeOptions {
  std::string token;
  Flags flags;
};

Recorded run_upgrade(registry::Registry& reg, const UpgradeOptions& opt) {
  auto o = org::upgrade(reg, opt.token, opt.flags.record());
  return {{}, trf("{} '{}' is registered now as {}; filing {} closed as upgraded", *o[org::kKey], *o[org::kName],
               o[org::kCreditCode].value_or(""), o[org::kFilingNo].value_or(""))};
}

struct MoveOptions {
  std::string token, hub, date;
};

Recorded run_move(registry::Registry& reg, const MoveOptions& opt) {
  auto o = org::move_to_hub(reg, opt.token, opt.hub, opt.date);
  return {{}, trf("{} '{}' is attached to {} from {}", *o[org::kKey], *o[org::kName], o[org::kHub].value_or(""), opt.date)};
}

struct RevokeOptions {
  std::string token;
  org::StatusChange change;
};

int run_revoke(Context& ctx, const RevokeOptions& given) {
  RevokeOptions opt = given;
  if (opt.change.reason.empty()) throw_usage(tr("--reason is required: why the filing is revoked"));
  opt.change.kind = "filing_revoked";
  opt.change.tier = "grassroots";
  opt.change.action = "filing.revoke";
  auto reg = ctx.open(registry::Mode::kReadWrite);
  auto o = org::set_status(reg, opt.token, opt.change);
  ctx.note(trf("filing {} of {} '{}' is revoked", o[org::kFilingNo].value_or(""), *o[org::kKey], *o[org::kName]));
  return kExitOk;
}

struct ExportOptions {
  org::Filter filter;
  std::optional<std::string> output;
};

int run_import_filings(Context& ctx, const ImportFlags& imp) {
  org::ImportOptions base;
  base.tier = "grassroots";
  base.action = "filing.import";
  return run_import(ctx, imp, base);
}

int run_export_filings(Context& ctx, const ExportOptions& exp) {
  org::Filter filter = exp.filter;
  filter.tier = "grassroots";
  return run_export(ctx, filter, filing::export_fields(), exp.output, N_("filings"), "filing");
}

int run_import_reviews(Context& ctx, const ImportFlags& imp) {
  return run_rows_import(ctx, imp, "filing_review", filing::resolve_review_header, filing::review_header_zh, N_("reviews"), filing::import_reviews);
}

}  // namespace

void setup_filing(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("filing", tr("the filing track (备案): filed community groups, reviews, registration"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu filing list --street 沼潭街道 --due", "kunqu filing show KQBA-2015-0007",
                        "kunqu filing import examples/kundulun/filings.csv"}));
  static const std::vector<std::string> verbs = {"add",     "show",   "list",   "review", "move",
                                                 "upgrade", "revoke", "import", "export", "reviews"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };

  if (wanted("add")) {
    auto [c, add] = add_verb(cmd, ctx, "add", tr("file a community group (zero threshold); prints its key"), run_add);
    using namespace org;
    add.add(c, "--name", kName, tr("name (名称)"), true);
    add.add(c, "--street", kStreet, tr("street (街道), as in the profile"), true);
    add.add(c, "--community", kCommunity, tr("community (社区)"), true);
    add.add(c, "--category", kCategory, enum_help(kCategory), true);
    add.add(c, "--nature,--type", kType, tr("nature (性质): social_group | social_service"), true);
    add.add(c, "--filed-on", kFiledOn, tr("filing date (备案日期), YYYY-MM-DD"), true);
    add.add(c, "--office", kFilingOffice, tr("the office that accepted the filing (受理单位)"));
    add.add(c, "--hub", kHub, tr("the hub it is attached to: key, credit code or exact name (枢纽组织)"));
    add.add(c, "--person-in-charge,--representative", kRepresentative, tr("person in charge (负责人)"));
    add.add(c, "--phone", kPhone, tr("phone (联系电话)"));
    add.add(c, "--venue,--address", kAddress, tr("venue (活动场所)"));
    add.add(c, "--members", kMembers, tr("member count (成员数)"));
    add.add(c, "--activity-area", kActivityArea, tr("activity area (活动区域)"));
    add.add(c, "--level", kLevel, tr("community (default) | street"));
    add.add(c, "--founded", kFounded, tr("founded (成立日期), YYYY-MM-DD"));
    add.add(c, "--filing-no", kFilingNo, tr("a filing number it already carries (default: the next one)"));
    add.add(c, "--party-org", kPartyOrg, tr("has a Party organization: yes | no"));
    add.add(c, "--notes", kNotes, tr("notes (备注)"));
    c->footer(examples({"kunqu filing add --name 夕阳红舞蹈队 --street 沼潭街道 --community 沼潭东社区 "
                        "--category culture_sports --nature social_group --filed-on 2015-06-20 "
                        "--office 沼潭街道办事处 --hub 51150203MJ0500019A --person-in-charge 李秀英 --members 24"}));
  }

  if (wanted("show")) {
    auto [c, show] = add_verb(cmd, ctx, "show", tr("one filing: its fields, status and reviews"), run_show);
    c->add_option("org", show, tr("key, filing number or credit code"))->required();
    c->footer(examples({"kunqu filing show KQBA-2015-0007", "kunqu filing show K0000042 --format json"}));
  }

  if (wanted("list")) {
    auto [c, f] = add_verb(cmd, ctx, "list", tr("list filings with their status and last review"), run_list);
    c->add_option("--street", f.street, tr("street (街道)"));
    c->add_option("--community", f.community, tr("community (社区)"));
    c->add_option("--hub", f.hub, tr("attached to this hub: key or credit code"));
    field_of_service(c->add_option("--category", f.category, tr("field of service, e.g. culture_sports or 社区文体")));
    c->add_option("--status", f.status, tr("open | suspended | upgraded | revoked | deregistered"));
    c->add_option("--year", f.year, tr("filed in this year (YYYY)"));
    c->add_option("--stars", f.stars, tr("last review's star rating (1-5)"));
    c->add_flag("--due", f.due, tr("due for review: open, and not reviewed (or filed) within the last year"));
    c->add_option("--as-of", f.as_of, tr("as the filings stood at the end of this day (YYYY-MM-DD)"));
    add_limit(c, f.limit);
    c->footer(examples({"kunqu filing list --street 沼潭街道", "kunqu filing list --due --format csv > due.csv",
                        "kunqu filing list --hub 51150203MJ0500019A --stars 5", "kunqu filing list --year 2015 --status upgraded"}));
  }

  if (wanted("review")) {
    auto [c, r] = add_verb(cmd, ctx, "review", tr("record a yearly review of a filed group, with a star rating"), run_review);
    c->add_option("org", r.token, tr("key or filing number"))->required();
    c->add_option("--date", r.review.date, tr("date of the review (YYYY-MM-DD)"))->required();
    c->add_option("--outcome", r.review.outcome, tr("pass | basic_pass | fail (合格 | 基本合格 | 不合格)"))->required();
    c->add_option("--stars", r.review.stars, tr("star rating the hub gives, 1-5"));
    c->add_option("--reviewer", r.review.reviewer, tr("who reviewed (the hub, the street office)"));
    add_note(c, r.review.note);
    c->footer(examples({"kunqu filing review KQBA-2015-0007 --date 2015-12-20 --outcome pass --stars 4 "
                        "--reviewer 沼潭街道社区社会组织促进会"}));
  }

  if (wanted("move")) {
    auto [c, m] = add_verb(cmd, ctx, "move", tr("attach a filed group to another hub from a date; its link before ends then"),
                           run_move);
    c->add_option("org", m.token, tr("key or filing number"))->required();
    c->add_option("--hub", m.hub, tr("the new hub: key, credit code or exact name (枢纽组织)"))->required();
    c->add_option("--date", m.date, tr("the day the group moves (YYYY-MM-DD)"))->required();
    c->footer(examples({"kunqu filing move KQBA-2013-0007 --hub 52150203MJ04169538 --date 2015-04-01"}));
  }

  if (wanted("upgrade")) {
    auto [c, u] = add_verb(cmd, ctx, "upgrade", tr("a filed group registers (转登记): same org, now a legal person"), run_upgrade);
    c->add_option("org", u.token, tr("key or filing number"))->required();
    using namespace org;
    u.flags.add(c, "--credit-code", kCreditCode, tr("the credit code of the registration"), true);
    u.flags.add(c, "--registered-on", kRegisteredOn, tr("registration date, YYYY-MM-DD"), true);
    u.flags.add(c, "--name", kName, tr("the registered name, when it changes"));
    u.flags.add(c, "--type", kType, tr("social_group | social_service | foundation, when it changes"));
    u.flags.add(c, "--authority", kAuthority, tr("registration authority (else from the credit code)"));
    u.flags.add(c, "--level", kLevel, tr("district | street | community"));
    u.flags.add(c, "--representative", kRepresentative, tr("legal representative (法定代表人)"));
    u.flags.add(c, "--phone", kPhone, tr("phone"));
    u.flags.add(c, "--address", kAddress, tr("registered address (住所)"));
    u.flags.add(c, "--business-scope", kBusinessScope, tr("business scope (业务范围)"));
    u.flags.add(c, "--funds", kFunds, tr("founding funds in yuan (开办资金)"));
    u.flags.add(c, "--staff", kStaff, tr("full-time staff"));
    u.flags.add(c, "--supervisor", kSupervisor, tr("supervising unit (业务主管单位)"));
    c->footer(examples({"kunqu filing upgrade KQBA-2013-0021 --credit-code 52150203MJ0990023X "
                        "--registered-on 2015-05-12 --name 包头市昆都仑区心愿公益协会 --representative 张丽"}));
  }

  if (wanted("revoke")) {
    auto [c, r] = add_verb(cmd, ctx, "revoke", tr("revoke a filing (撤销备案); the record stays"), run_revoke);
    c->add_option("org", r.token, tr("key or filing number"))->required();
    c->add_option("--date", r.change.date, tr("date of the decision (YYYY-MM-DD)"))->required();
    c->add_option("--reason", r.change.reason, tr("why, as the decision states it"))->required();
    c->add_option("--authority", r.change.authority, tr("the deciding office"));
    c->add_option("--document", r.change.document, tr("the decision's document number (文号)"));
    c->footer(examples({"kunqu filing revoke KQBA-2012-0031 --date 2015-04-01 --reason 连续两年未参加评议"}));
  }

  if (wanted("import")) {
    auto [c, imp] = add_verb(cmd, ctx, "import", tr("import filed groups from CSV or TOML ([[filing]]), all or nothing"),
                             run_import_filings);
    bind_import_flags(c, imp);
    c->footer(examples({"kunqu filing import examples/kundulun/filings.csv",
                        "kunqu filing import 沼潭街道备案.csv --dry-run", "kunqu filing import filings.toml --on-conflict update"}));
  }

  if (wanted("export")) {
    auto [c, exp] = add_verb(cmd, ctx, "export", tr("every field of the filed groups, as CSV (default), TOML or JSON"),
                             run_export_filings);
    c->add_option("--street", exp.filter.street, tr("street (街道)"));
    c->add_option("--community", exp.filter.community, tr("community (社区)"));
    field_of_service(c->add_option("--category", exp.filter.category, tr("field of service")));
    c->add_option("--status", exp.filter.status, tr("active | suspended | revoked | deregistered"));
    add_output(c, exp.output);
    c->footer(examples({"kunqu filing export -o filings.csv", "kunqu filing export --street 沼潭街道 --bom -o 沼潭街道备案.csv"}));
  }

  if (wanted("reviews")) {
    auto* rv = cmd->add_subcommand("reviews", tr("the yearly reviews of filed groups as files: import and export"));
    rv->require_subcommand(1);
    add_record_files(rv, ctx,
                     {run_import_reviews,
                      tr("import reviews from CSV or TOML ([[filing_review]]), all or nothing, each by the rules of "
                         "filing review"),
                      {"kunqu filing reviews import reviews.csv", "kunqu filing reviews import 2014年度评议.csv --dry-run"},
                      filing::export_reviews,
                      N_("reviews"),
                      tr("filing reviews in the columns import reads: CSV (default), TOML or JSON"),
                      {"kunqu filing reviews export -o reviews.csv", "kunqu filing reviews export --since 2014-01-01"}});
  }
}

}  // namespace kunqu::cli
