// `kunqu contract`: add, sign, show, list, amend, pay, deliver, accept, assess, survey, close,
// import, export (CSV, TOML, JSON, OCDS); budget set | adjust | show.
// Parse flags → call lib/contract → render.
#include "contract/contract.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "catalog/catalog.h"
#include "cli.h"
#include "commands.h"
#include "demand/demand.h"
#include "error.h"
#include "i18n/messages.h"
#include "registry/registry.h"
#include "render.h"
#include "transfer.h"
#include "verb.h"

namespace kunqu::cli {

namespace {

struct Sign {
  std::string number, date;
};
struct Amend {
  std::string number;
  contract::Amendment a;
};
struct Pay {
  std::string number;
  contract::Payment p;
};
struct Budget {
  contract::BudgetLine line;
  std::string amount, date, document, reason;
};

void bind_line(CLI::App* c, contract::BudgetLine& line) {
  c->add_option("year", line.year, tr("the budget year"))->required();
  c->add_option("--purchaser", line.purchaser, tr("one purchasing department (default: all of them)"));
  field_of_service(c->add_option("--field", line.field, tr("one field of service, e.g. elderly_care or 为老服务 (default: all)")));
}

void add_filters(CLI::App* c, contract::Filter& f) {
    c->add_option("--year", f.year, tr("with money allocated to this budget year"));
    field_of_service(c->add_option("--field", f.field, tr("field of service")));
    c->add_option("--status", f.status, tr("draft | signed | active | completed | terminated"));
    c->add_option("--provider", f.provider, tr("the provider: an org's key or credit code, or a company's name or code"));
    c->add_option("--purchaser", f.purchaser, tr("the purchasing department"));
    c->add_option("--method", f.method, tr("procurement method"));
    c->add_option("--funding", f.funding, tr("funding source"));
    c->add_option("--signed-since", f.signed_since, tr("signed on or after YYYY-MM-DD"));
    c->add_option("--signed-until", f.signed_until, tr("signed on or before YYYY-MM-DD"));
    c->add_option("--paid-below", f.paid_below, tr("paid less than this share of the amount, e.g. 50%"));
    c->add_option("--no-delivery-for", f.no_delivery_for, tr("signed or active, nothing delivered for this long (90d, 6m)"));
}

contract::Kind kind_of(const std::string& text) {
  auto k = contract::parse_kind(text);
  if (!k) throw_usage(trf("--kind '{}' is not contract, payment, delivery, acceptance, assessment or survey", text));
  return *k;
}

struct Export {
  contract::Filter filter;
  std::string kind = "contract";
  std::optional<std::string> output;
};
struct Number {
  std::string number;
};
struct Deliver {
  std::string number;
  contract::Delivery d;
};
struct Accept {
  std::string number, date, result, note;
};
struct Assess {
  std::string number, date, score, grade, assessor, note;
};
struct Survey {
  std::string number, date, method, respondents, satisfied, note;
};
struct Close {
  std::string number, as, date, reason;
};
struct BudgetShow {
  std::optional<std::string> year;
};
struct Import {
  ImportFlags flags;
  std::string kind = "contract";
};

Recorded run_add(registry::Registry& reg, const contract::Draft& d) {
  contract::add(reg, d);
  return {d.number, trf("recorded contract {} as a draft", d.number)};
}

Recorded run_sign(registry::Registry& reg, const Sign& x) {
  contract::sign(reg, x.number, x.date);
  return {{}, trf("contract {} signed on {}", x.number, x.date)};
}

int run_show(Context& ctx, const Number& x) {
  const std::string& n = x.number;
  auto reg = ctx.open(registry::Mode::kLookUp);
  render_with_lists(ctx.io.out, ctx.format(), contract::show(reg, n),
                    {{"allocations", contract::allocations(reg, n)},
                     {"payments", contract::payments(reg, n)},
                     {"delivered", contract::delivered(reg, n)},
                     {"deliveries", contract::deliveries(reg, n)},
                     {"acceptances", contract::acceptances(reg, n)},
                     {"assessments", contract::assessments(reg, n)},
                     {"surveys", contract::surveys(reg, n)},
                     {"amendments", contract::amendments(reg, n)},
                     {"catalog_items", catalog::contract_items(reg, n)},
                     {"demands", demand::contract_demands(reg, n)}},
                    ctx.global.bom);
  return kExitOk;
}

Recorded run_amend(registry::Registry& reg, const Amend& x) {
  contract::amend(reg, x.number, x.a);
  return {{}, trf("amended contract {}", x.number)};
}

Recorded run_pay(registry::Registry& reg, const Pay& x) {
  auto id = contract::pay(reg, x.number, x.p);
  return {std::to_string(id), trf("recorded payment {} on contract {}", id, x.number)};
}

Recorded run_deliver(registry::Registry& reg, const Deliver& x) {
  contract::deliver(reg, x.number, x.d);
  return {{}, trf("recorded the delivery of contract {} for {} to {}", x.number, x.d.from, x.d.to)};
}

Recorded run_accept(registry::Registry& reg, const Accept& x) {
  contract::accept(reg, x.number, x.date, x.result, x.note);
  return {{}, trf("recorded the acceptance of contract {}", x.number)};
}

Recorded run_assess(registry::Registry& reg, const Assess& x) {
  contract::assess(reg, x.number, x.date, x.score, x.grade, x.assessor, x.note);
  return {{}, trf("recorded the assessment of contract {}", x.number)};
}

Recorded run_survey(registry::Registry& reg, const Survey& x) {
  contract::survey(reg, x.number, x.date, x.method, x.respondents, x.satisfied, x.note);
  return {{}, trf("recorded the survey of contract {}", x.number)};
}

Recorded run_close(registry::Registry& reg, const Close& x) {
  contract::close(reg, x.number, x.as, x.date, x.reason);
  return {{}, trf("contract {} is {}", x.number, x.as)};
}

Recorded run_budget_set(registry::Registry& reg, const Budget& x) {
  contract::set_budget(reg, x.line, x.amount);
  return {{}, trf("budget {} set", x.line.year)};
}

Recorded run_budget_adjust(registry::Registry& reg, const Budget& x) {
  contract::adjust_budget(reg, x.line, x.amount, x.date, x.document, x.reason);
  return {{}, trf("budget {} adjusted by {}", x.line.year, x.amount)};
}

int run_budget_show(Context& ctx, const BudgetShow& x) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  render(ctx.io.out, ctx.format(), contract::budgets(reg, x.year), Shape::kList, ctx.global.bom);
  return kExitOk;
}

int run_import_records(Context& ctx, const Import& x) {
  const contract::Kind k = kind_of(x.kind);
  return run_rows_import(
      ctx, x.flags, contract::kind_name(k), [k](std::string_view h) { return contract::resolve_header(k, h); },
      [k](std::string_view f) { return contract::header_zh(k, f); },
      N_("contract files (change a contract with contract amend)"),
      [k](registry::Registry& reg, io::RecordReader& reader, const registry::ImportOptions& o) {
        return contract::import(reg, k, reader, o);
      });
}

int run_export_records(Context& ctx, const Export& x) {
  const contract::Kind k = kind_of(x.kind);
  if (ctx.global.format == "ocds") {  // an Open Contracting Data Standard 1.1 release package
    if (k != contract::Kind::kContract) throw_usage(tr("--format ocds writes contracts: leave out --kind"));
    auto reg = ctx.open(registry::Mode::kReadOnly);
    std::size_t releases = 0;
    const std::string package = contract::ocds_release_package(reg, x.filter, &releases);
    write_output(ctx, x.output, N_("contracts (OCDS releases)"), [&](std::ostream& out) {
      out << package;
      return releases;
    });
    return kExitOk;
  }
  const Format format = output_format(ctx, x.output);
  auto reg = ctx.open(registry::Mode::kReadOnly);
  export_table(ctx, format, x.output, N_("records"), contract::export_records(reg, k, x.filter));
  return kExitOk;
}

void setup_budget(CLI::App* cmd, Context& ctx) {
  auto* budget = cmd->add_subcommand("budget", tr("budgets per year (预算): set, adjust, show"));
  budget->require_subcommand(1);
  {
    auto [c, x] = add_verb(budget, ctx, "set", tr("set a year's budget (of a purchaser, of a field, when given)"), run_budget_set);
    bind_line(c, x.line);
    c->add_option("amount", x.amount, tr("the amount in yuan"))->required();
    c->footer(examples({"kunqu contract budget set 2015 150万", "kunqu contract budget set 2015 40万 --purchaser 昆都仑区民政局 --field elderly_care"}));
  }
  {
    auto [c, x] = add_verb(budget, ctx, "adjust", tr("change a budget (预算调整), the only way past it"), run_budget_adjust);
    bind_line(c, x.line);
    c->add_option("change", x.amount, tr("yuan added (+50000) or taken away (-50000)"))->required();
    c->add_option("--date", x.date, tr("date of the adjustment"))->required();
    c->add_option("--document", x.document, tr("its document number (文号)"))->required();
    c->add_option("--reason", x.reason, tr("why"))->required();
    c->footer(examples({"kunqu contract budget adjust 2015 +20万 --date 2015-09-01 --document 昆财预〔2015〕18号 --reason 追加为老服务"}));
  }
  {
    auto [c, x] = add_verb(budget, ctx, "show", tr("budget, committed, paid and left, per purchaser and field"), run_budget_show);
    c->add_option("year", x.year, tr("one year (default: all)"));
    c->footer(examples({"kunqu contract budget show 2015", "kunqu contract budget show --format csv"}));
  }
}

}  // namespace

void setup_contract(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("contract", tr("purchase of services (政府购买服务): budgets, contracts, payments"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu contract budget show 2015", "kunqu contract list --year 2015",
                        "kunqu contract show KQGM-2015-003"}));
  static const std::vector<std::string> verbs = {"add",     "sign",   "show",   "list",   "amend", "pay",
                                                 "deliver", "accept", "assess", "survey", "close", "budget",
                                                 "import",  "export"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };
  const std::string number_help = tr("the contract number");

  if (wanted("add")) {
    auto [c, d] = add_verb(cmd, ctx, "add", tr("record a contract as a draft (sign it with contract sign)"), run_add);
    c->add_option("--number", d.number, tr("the contract number (unique)"))->required();
    c->add_option("--title", d.title, tr("title"))->required();
    c->add_option("--purchaser", d.purchaser, tr("the purchasing department, e.g. 昆都仑区民政局"))->required();
    c->add_option("--provider", d.provider, tr("a social organization: key, credit code or filing number"));
    c->add_option("--company", d.company, tr("or a company: its name"));
    c->add_option("--company-code", d.company_code, tr("the company's credit code"));
    c->add_option("--company-check-on", d.company_check_on, tr("the date of the credit check made for the company"));
    c->add_option("--company-check", d.company_check, tr("what the credit check found"));
    field_of_service(c->add_option("--field", d.field, tr("field of service, e.g. volunteer or 志愿服务")))->required();
    c->add_option("--item", d.items, tr("a service item (repeatable)"));
    c->add_option("--amount", d.amount, tr("amount in yuan (250000, 250000.00, 25万)"))->required();
    c->add_option("--method", d.method,
                  tr("open_tender | invited_tender | competitive_negotiation | competitive_consultation | single_source | "
                     "inquiry | other (公开招标 …)"))
        ->required();
    c->add_option("--funding", d.funding, tr("general_budget | lottery_welfare | other (一般公共预算 | 福彩公益金 | 其他)"))->required();
    c->add_option("--starts-on", d.starts_on, tr("start of the service period (YYYY-MM-DD)"))->required();
    c->add_option("--ends-on", d.ends_on, tr("end of the service period, at most three years on"))->required();
    c->add_option("--allocate", d.allocations, tr("YEAR=AMOUNT: what a budget year carries (repeatable; needed when the period spans years)"));
    c->add_option("--target-persons", d.target_persons, tr("persons to serve (人数)"));
    c->add_option("--target-person-times", d.target_person_times, tr("person-times to serve (人次)"));
    c->add_option("--target-hours", d.target_hours, tr("service hours"));
    c->add_option("--target-performance", d.target_performance, tr("performance targets, as text"));
    c->add_option("--notes", d.notes, tr("notes"));
    c->footer(examples({"kunqu contract add --number KQGM-2015-003 --title 志愿服务项目 --purchaser 昆都仑区民政局 "
                        "--provider 51150200MJ0581473A --field volunteer --amount 25万 --method competitive_consultation "
                        "--funding general_budget --starts-on 2015-04-20 --ends-on 2016-04-19 --allocate 2015=150000 "
                        "--allocate 2016=100000 --target-persons 3000"}));
  }
  if (wanted("sign")) {
    auto [c, x] = add_verb(cmd, ctx, "sign", tr("sign a draft: the provider's eligibility and the budgets are checked"), run_sign);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--date", x.date, tr("the signing date (YYYY-MM-DD)"))->required();
    c->footer(examples({"kunqu contract sign KQGM-2015-003 --date 2015-04-20"}));
  }
  if (wanted("show")) {
    auto [c, x] = add_verb(cmd, ctx, "show",
                           tr("one contract: terms, money by year, payments, delivery against targets, acceptance, "
                              "assessment, satisfaction, amendments"),
                           run_show);
    c->add_option("number", x.number, number_help)->required();
    c->footer(examples({"kunqu contract show KQGM-2015-003", "kunqu contract show KQGM-2015-003 --format json"}));
  }
  if (wanted("list")) {
    auto [c, f] = add_list_verb(cmd, ctx, "list", tr("contracts, by signing date"), contract::list);
    add_filters(c, f);
    add_limit(c, f.limit);
    c->footer(examples({"kunqu contract list --year 2015 --field elderly_care", "kunqu contract list --status active --paid-below 50%",
                        "kunqu contract list --purchaser 昆都仑区民政局 --format csv"}));
  }
  if (wanted("amend")) {
    // xgettext:no-c-format (the "10% of" is text, not a printf conversion)
    auto [c, x] = add_verb(cmd, ctx, "amend", tr("change the amount, period or items (added money at most 10% of the original)"),
                           run_amend);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--date", x.a.date, tr("date of the amendment (YYYY-MM-DD)"))->required();
    c->add_option("--reason", x.a.reason, tr("why"))->required();
    c->add_option("--amount", x.a.amount, tr("the new total amount in yuan"));
    c->add_option("--ends-on", x.a.ends_on, tr("the new end of the period"));
    c->add_option("--item", x.a.items, tr("the service items from now on (repeatable)"));
    c->add_option("--allocate", x.a.allocations, tr("YEAR=AMOUNT: the budget years' shares from now on (repeatable)"));
    c->footer(examples({"kunqu contract amend KQGM-2015-003 --date 2015-10-08 --amount 275000 --allocate 2015=175000 "
                        "--allocate 2016=100000 --reason 增加服务社区2个"}));
  }
  if (wanted("pay")) {
    auto [c, x] = add_verb(cmd, ctx, "pay", tr("record a payment (拨付), or reverse a mistaken one; prints its id"), run_pay);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--date", x.p.date, tr("date paid (YYYY-MM-DD)"))->required();
    c->add_option("--amount", x.p.amount, tr("amount in yuan"));
    c->add_option("--milestone", x.p.milestone, tr("the milestone it pays for (首期, 中期, 尾款 …)"));
    c->add_option("--reverses", x.p.reverses, tr("undo this payment (its id, from contract show)"));
    c->add_option("--year", x.p.year,
                  tr("the budget year it is charged to (default: the payment's own year if the contract allocates to "
                     "it, else the earliest with money left)"));
    add_note(c, x.p.note);
    c->footer(examples({"kunqu contract pay KQGM-2015-003 --date 2015-05-05 --amount 75000 --milestone 首期",
                        "kunqu contract pay KQGM-2014-007 --date 2015-02-10 --amount 50000 --year 2014 --milestone 尾款",
                        "kunqu contract pay KQGM-2015-003 --date 2015-05-06 --reverses 12 --note 重复录入"}));
  }
  if (wanted("deliver")) {
    auto [c, x] = add_verb(cmd, ctx, "deliver", tr("record one period's delivery (服务记录): counts only, no personal data"),
                           run_deliver);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--from", x.d.from, tr("first day of the period"))->required();
    c->add_option("--to", x.d.to, tr("last day of the period"))->required();
    c->add_option("--hours", x.d.hours, tr("service hours"))->required();
    c->add_option("--served", x.d.served,
                  tr("BENEFICIARY,TIER,PERSON_TIMES,PERSONS (repeatable): 高龄|独居|失独|优抚|低保|残疾|青少年|其他, 无偿|低偿|自费"));
    c->add_option("--volunteer-hours", x.d.volunteer_hours, tr("volunteer hours"));
    c->add_option("--vouchers", x.d.vouchers, tr("service vouchers redeemed (服务券)"));
    c->add_option("--voucher-value", x.d.voucher_value, tr("their value in yuan"));
    add_note(c, x.d.note);
    c->footer(examples({"kunqu contract deliver KQGM-2013-001 --from 2013-08-01 --to 2013-08-31 --hours 320 "
                        "--served 高龄,无偿,410,120 --served 独居,低偿,150,40 --vouchers 560 --voucher-value 44800"}));
  }
  if (wanted("accept")) {
    auto [c, x] = add_verb(cmd, ctx, "accept", tr("record the purchaser's acceptance (验收)"), run_accept);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--date", x.date, tr("date"))->required();
    c->add_option("--result", x.result, tr("passed | passed_with_issues | failed (合格 | 基本合格 | 不合格)"))->required();
    add_note(c, x.note);
    c->footer(examples({"kunqu contract accept KQGM-2014-001 --date 2014-12-20 --result 合格"}));
  }
  if (wanted("assess")) {
    auto [c, x] = add_verb(cmd, ctx, "assess", tr("record a performance assessment (绩效评价): a score or a grade"), run_assess);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--date", x.date, tr("date"))->required();
    c->add_option("--score", x.score, tr("score 0-100"));
    c->add_option("--grade", x.grade, tr("excellent | good | pass | fail (优秀 | 良好 | 合格 | 不合格)"));
    c->add_option("--assessor", x.assessor, tr("who assessed"))->required();
    add_note(c, x.note);
    c->footer(examples({"kunqu contract assess KQGM-2014-001 --date 2015-01-15 --score 92 --grade 优秀 --assessor 包头市社会组织评估中心"}));
  }
  if (wanted("survey")) {
    auto [c, x] = add_verb(cmd, ctx, "survey", tr("record a return-visit survey (满意度回访): respondents and how many were satisfied"),
                           run_survey);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--date", x.date, tr("date"))->required();
    c->add_option("--method", x.method, tr("phone | visit | questionnaire | other (电话回访 | 入户回访 | 问卷 | 其他)"))->required();
    c->add_option("--respondents", x.respondents, tr("people asked"))->required();
    c->add_option("--satisfied", x.satisfied, tr("of them, satisfied"))->required();
    add_note(c, x.note);
    c->footer(examples({"kunqu contract survey KQGM-2013-001 --date 2013-12-20 --method 电话回访 --respondents 300 --satisfied 297"}));
  }
  if (wanted("close")) {
    auto [c, x] = add_verb(cmd, ctx, "close", tr("close a contract as completed or terminated"), run_close);
    c->add_option("number", x.number, number_help)->required();
    c->add_option("--as", x.as, tr("completed | terminated"))->required();
    c->add_option("--date", x.date, tr("date"))->required();
    c->add_option("--reason", x.reason, tr("why (required for terminated)"));
    c->footer(examples({"kunqu contract close KQGM-2014-001 --as completed --date 2014-12-31",
                        "kunqu contract close KQGM-2015-009 --as terminated --date 2015-06-30 --reason 服务对象迁出"}));
  }
  if (wanted("budget")) setup_budget(cmd, ctx);
  if (wanted("import")) {
    auto [c, x] = add_verb(cmd, ctx, "import",
                           tr("import contracts, payments, deliveries, acceptances, assessments or surveys, all or nothing"),
                           run_import_records);
    bind_import_flags(c, x.flags);
    c->add_option("--kind", x.kind, tr("what the file holds: contract (default), payment, delivery, acceptance, assessment, survey"));
    c->footer(examples({"kunqu contract import contracts.csv",
                        "kunqu contract import payments.csv --kind payment --dry-run",
                        "kunqu contract import surveys.toml --kind survey --on-conflict skip"}));
  }
  if (wanted("export")) {
    auto [c, x] = add_verb(cmd, ctx, "export",
                           tr("contracts (or what is recorded on them) in the columns contract import reads, or as OCDS"),
                           run_export_records);
    add_filters(c, x.filter);
    c->add_option("--kind", x.kind, tr("contract (default), payment, delivery, acceptance, assessment, survey"));
    add_output(c, x.output);
    c->footer(examples({"kunqu contract export --year 2015 -o contracts-2015.csv",
                        "kunqu contract export --kind payment --year 2015 -o payments-2015.csv",
                        "kunqu contract export --format ocds -o kundulun-ocds.json"}));
  }
}

}  // namespace kunqu::cli
