// `kunqu report`: monthly, annual. Parse flags → call lib/report → render (or one CSV per
// section into a directory).
#include "report/report.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/file.h"
#include "registry/registry.h"
#include "render.h"
#include "verb.h"
#include "transfer.h"

namespace kunqu::cli {

namespace {

struct Options {
  std::string when = "last";
  std::optional<std::string> output;
  std::string money = "yuan";
};

// The report in Chinese words (report::for_people), under --labels zh in an English locale too;
// with `blanks`, a blank key in words too (report::blanks_in_words: tables, not CSV).
io::Table for_people(const io::Table& t, bool blanks = false) {
  i18n::InChinese zh;
  return report::for_people(blanks ? report::blanks_in_words(t) : t);
}

int run(Context& ctx, const Options& o, bool annual) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  report::Period p = annual ? report::year(reg, o.when) : report::month(reg, o.when);
  // A period not yet begun is refused; one not yet ended is counted as of today, with a
  // warning that --strict leaves a warning: a report writes nothing to the registry, and the
  // month so far is what a leader asking mid-month wants.
  if (const std::string unfinished = report::hold_to_today(p, reg.today()); !unfinished.empty())
    ctx.warn(Diagnostic{{}, 0, 0, {}, unfinished});
  io::Table t = report::build(reg, p);
  if (o.money == "wan") report::money_in_wan(t);
  const bool dir = o.output && (o.output->back() == '/' || std::filesystem::is_directory(*o.output));
  const bool to_html = !dir && (ctx.global.format == "html" ||
                                (ctx.global.format == "auto" && o.output && o.output->size() > 5 &&
                                 o.output->compare(o.output->size() - 5, 5, ".html") == 0));
  if (to_html) {
    // A page for people: in Chinese where messages are, or with --labels zh.
    const std::string page = [&] {
      if (!labels_zh()) return report::html(reg, p, t, command_words);
      i18n::InChinese zh;
      return report::html(reg, p, t, command_words);
    }();
    write_output(ctx, o.output, N_("report pages"), [&](std::ostream& out) {
      out << page;
      return std::size_t{1};
    });
    return kExitOk;
  }
  if (dir && ctx.global.format == "html") throw_usage(tr("-o DIR/ writes one CSV per section: give -o FILE.html for the page"));
  // A report's CSV is for spreadsheets (its formula-like cells guarded); the page escapes its
  // text instead, and a workbook's text cells are never formulas.
  excel_bound() = true;
  if (dir && ctx.global.format == "xlsx")
    throw_usage(tr("-o DIR/ writes one CSV per section: give -o FILE.xlsx for a workbook"));
  const Format format = dir ? Format::kCsv : output_format(ctx, o.output);
  if (!dir) {
    // A table is for people: the audit chain's head, 64 hex digits to be copied for `db check
    // --sealed`, is a line of its own below it, in full, never a column's width.
    // A blank key (a filed group's registration authority) in words, too.
    const bool blanks = format == Format::kTable;
    const io::Table given =
        chinese_labels(format) ? for_people(t, blanks) : blanks ? report::blanks_in_words(t) : t;
    io::Table shown{given.record_name, given.columns, {}};
    std::optional<std::string> head;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      const auto& row = t.rows[i];
      if (format == Format::kTable && row[0] == std::optional<std::string>("registry") &&
          row[1] == std::optional<std::string>("audit_head"))
        head = trf("audit chain head: entry {}, {}", row[3].value_or(""), row[4].value_or(""));
      else
        shown.rows.push_back(given.rows[i]);
    }
    write_output(ctx, o.output, N_("report rows"), [&](std::ostream& out) {
      render(out, format, shown, Shape::kList, ctx.global.bom);
      if (head) out << '\n' << *head << '\n';
      return t.rows.size();
    });
    return kExitOk;
  }
  // One CSV per section: DIR/orgs-2015-06.csv …
  std::error_code ec;
  std::filesystem::create_directories(*o.output, ec);
  if (ec) throw Error(ErrorKind::kIo, trf("cannot make the directory '{}': {}", *o.output, io::reason(ec.value())));
  const std::string base = o.output->back() == '/' ? *o.output : *o.output + "/";
  for (const auto& section : report::sections()) {
    io::Table part;
    part.record_name = t.record_name;
    part.columns = t.columns;
    for (const auto& row : t.rows)
      if (row[0] == std::optional<std::string>(section)) part.rows.push_back(row);
    write_output(ctx, base + section + "-" + p.label + ".csv", N_("report rows"), [&](std::ostream& out) {
      render(out, Format::kCsv, labels_zh() ? for_people(part) : part, Shape::kList, ctx.global.bom);
      return part.rows.size();
    });
  }
  return kExitOk;
}

int run_monthly(Context& ctx, const Options& o) { return run(ctx, o, false); }
int run_annual(Context& ctx, const Options& o) { return run(ctx, o, true); }

void bind(CLI::App* c, Options& o) {
  c->add_option("-o,--output", o.output,
                tr("write to FILE (format from its extension: .csv, .json, .toml, .xlsx, .html), or to DIR/ one CSV per "
                   "section (orgs-2015-06.csv …)"));
  c->add_option("--money", o.money, tr("yuan (default) or wan: money in 万元 for people to read"))->check(CLI::IsMember({"yuan", "wan"}));
}

}  // namespace

void setup_report(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("report", tr("reports for leadership: the month or the year, beside the one before"));
  cmd->require_subcommand(1);
  cmd->footer(examples({"kunqu report monthly --month 2015-06 --format table", "kunqu report annual --year 2014 --format table"}));
  static const std::vector<std::string> verbs = {"monthly", "annual"};
  auto wanted = [&](const char* verb) { return ctx.builds(verbs, verb); };
  if (wanted("monthly")) {
    auto [c, o] = add_verb(cmd, ctx, "monthly", tr("the month as of its last day, and its changes, beside the month before"),
                           run_monthly);
    c->add_option("--month", o.when, tr("YYYY-MM, or last (the month before this one; the default, for cron)"));
    bind(c, o);
    c->footer(examples({"kunqu report monthly --month 2015-06 --format table", "kunqu -q report monthly --month last --bom -o report.csv",
                        "kunqu report monthly --month 2015-06 -o report-2015-06.html",
                        "kunqu -q report monthly --month last -o /srv/kunqu/reports/"}));
  }
  if (wanted("annual")) {
    auto [c, o] = add_verb(cmd, ctx, "annual", tr("the year as of 31 December, and its changes, beside the year before"),
                           run_annual);
    c->add_option("--year", o.when, tr("YYYY, or last (the year before this one; the default)"));
    bind(c, o);
    c->footer(examples({"kunqu report annual --year 2014 --format table", "kunqu report annual --year 2015 --money wan --format table"}));
  }
}

}  // namespace kunqu::cli
