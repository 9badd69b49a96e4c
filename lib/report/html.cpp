// A report as one self-contained HTML page for people: no scripts, no external files; a
// headline block, three inline SVG charts (organizations over time, density by street against
// the target, budget use by line), the tables of the report's figures, and the audit chain's
// head in the footer.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "i18n/glossary.h"
#include "i18n/messages.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "report/report.h"
#include "validate/values.h"

namespace kunqu::report {

namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

// A decimal text ("6.85", "1500000.00", "-3") in units of 10^-digits, exactly; 0 when it is
// not one.
std::int64_t scaled(const std::optional<std::string>& text, int digits) {
  if (!text || text->empty()) return 0;
  std::string t = *text;
  const bool minus = t[0] == '-';
  if (minus) t.erase(0, 1);
  auto dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  frac = (frac + std::string(static_cast<std::size_t>(digits), '0')).substr(0, static_cast<std::size_t>(digits));
  if (whole.empty() || whole.size() > 12 || whole.find_first_not_of("0123456789") != std::string::npos ||
      frac.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  std::int64_t v = std::stoll(whole);
  for (char d : frac) v = v * 10 + (d - '0');
  return minus ? -v : v;
}

std::int64_t hundredths(const std::optional<std::string>& text) { return scaled(text, 2); }

// `part` of `whole` in percent with one decimal ("46.2%"), half up; "-" without a whole.
std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "-";
  const std::int64_t tenths = (part * 2000 + whole) / (2 * whole);
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

struct Bar {
  std::string label;
  std::vector<std::int64_t> values;  // hundredths
  std::vector<std::string> shown;    // the values as written
};

const char* const kColours[] = {"#2f6db5", "#e08a2b", "#4a9a5b"};

// Horizontal bars, one group per label, one bar per series; `marker` (hundredths) draws a
// vertical line (the target) across the chart.
std::string bar_chart(const std::string& id, const std::string& title, const std::vector<std::string>& series,
                      const std::vector<Bar>& bars, std::optional<std::int64_t> marker, const std::string& marker_label) {
  const int label_w = 190, plot_w = 420, bar_h = 14, gap = 8, top = 34;
  std::int64_t max = marker.value_or(0);
  for (const auto& b : bars)
    for (auto v : b.values) max = std::max(max, v);
  if (max <= 0) max = 1;
  const int group_h = static_cast<int>(series.size()) * bar_h + gap;
  const int height = top + static_cast<int>(bars.size()) * group_h + 28;
  const int width = label_w + plot_w + 110;
  std::string s = fmt::format(
      "<figure id=\"{0}\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\" "
      "role=\"img\" aria-labelledby=\"{0}-title\"><title id=\"{0}-title\">{3}</title>"
      "<text x=\"0\" y=\"16\" class=\"chart-title\">{3}</text>",
      id, width, height, esc(title));
  for (std::size_t k = 0; k < series.size(); ++k)
    s += fmt::format("<rect x=\"{}\" y=\"22\" width=\"10\" height=\"8\" fill=\"{}\"/><text x=\"{}\" y=\"30\" class=\"legend\">{}</text>",
                     label_w + 130 * static_cast<int>(k), kColours[k % 3], label_w + 14 + 130 * static_cast<int>(k), esc(series[k]));
  int y = top + 4;
  for (const auto& b : bars) {
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">{}</text>", label_w - 6, y + bar_h, esc(b.label));
    for (std::size_t k = 0; k < b.values.size(); ++k) {
      const std::int64_t w = std::max<std::int64_t>(0, b.values[k]) * plot_w / max;
      // TRANSLATORS: a bar's tooltip: the bar's label (a street, a period), its series, its value.
      const std::string tip = trf("{} {}: {}", b.label, series[k], b.shown[k]);
      s += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
                       label_w, y, w, bar_h - 2, kColours[k % 3], esc(tip));
      s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value\">{}</text>", label_w + w + 4, y + bar_h - 3, esc(b.shown[k]));
      y += bar_h;
    }
    y += gap;
  }
  if (marker) {
    const std::int64_t x = label_w + *marker * plot_w / max;
    s += fmt::format("<line class=\"target\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
                     "<text x=\"{0}\" y=\"{3}\" class=\"legend\" text-anchor=\"middle\">{4}</text>",
                     x, top, y, y + 14, esc(marker_label));
  }
  return s + "</svg></figure>\n";
}

const char* const kSectionNames[][2] = {{"orgs", N_("Social organizations")},
                                        {"density", N_("Social organizations per 10,000 residents")},
                                        {"credit", N_("Credit and annual checks")},
                                        {"incubator", N_("Incubator")},
                                        {"contracts", N_("Government purchase of services")},
                                        {"menu", N_("Menu of services")}};
// (The registry section, the audit chain's head, is the footer: not a figure.)

}  // namespace

std::string html(Registry& reg, const Period& period, const io::Table& t,
                 const std::function<std::string(std::string_view)>& commands) {
  auto said = [&](const std::string& text) { return commands ? commands(text) : text; };
  std::string district = profile::setting(reg, "district.name");
  const std::string title = period.annual ? trf("{} social organizations: annual report {}", district, period.label)
                                          : trf("{} social organizations: monthly report {}", district, period.label);
  // What people read: the same rows in words (codes where messages are in English), blank
  // keys said.
  const io::Table words = for_people(blanks_in_words(t));
  auto rows_of = [&](const std::string& section, const std::string& metric, const std::string& dimension) {
    std::vector<const io::Row*> out;
    for (const auto& r : t.rows)
      if (r[0] == std::optional<std::string>(section) && r[1] == std::optional<std::string>(metric) &&
          r[2] == std::optional<std::string>(dimension))
        out.push_back(&r);
    return out;
  };
  auto key_of = [&](const io::Row* r) { return words.rows[static_cast<std::size_t>(r - t.rows.data())][3].value_or(""); };
  std::string money_unit = "yuan";
  for (const auto& r : t.rows)
    if (r[7] == std::optional<std::string>("wan_yuan")) money_unit = "wan_yuan";
  const bool wan = money_unit == "wan_yuan";
  const std::string year = period.to.substr(0, 4);

  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{2}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0}</title>\n<style>\n"
      "body {{ font-family: \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif; margin: 2em; color: #222; }}\n"
      "h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }}\n"
      "#headline {{ font-size: 1.05em; background: #f4f7fb; border-left: 4px solid #2f6db5; padding: 0.4em 1em; }}\n"
      "#headline li {{ margin: 0.3em 0; }}\n"
      "table {{ border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }}\n"
      "th, td {{ border: 1px solid #ccc; padding: 2px 8px; }} td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}\n"
      "figure {{ margin: 1em 0; }} .chart-title {{ font-size: 14px; font-weight: bold; }}\n"
      ".label, .legend, .value {{ font-size: 11px; }}\n"
      "footer {{ margin-top: 2em; border-top: 1px solid #ccc; font-size: 0.85em; color: #555; }}\n"
      "</style>\n</head>\n<body>\n<h1>{0}</h1>\n<p class=\"period\">{1}</p>\n",
      esc(title), esc(trf("{} to {}, beside the period before ({})", period.from, period.to, previous(period).label)),
      i18n::chinese() ? "zh-CN" : "en");

  // The budget lines of the year, and the sentence said where there are none.
  const auto budget_lines = rows_of("contracts", "budget", "line");
  // TRANSLATORS: ‹contract budget set› is said as the command that sets a budget.
  const std::string no_budget = said(trf("No budget is set for {} (set one with ‹contract budget set›).", year));

  // The headline: what a leader asks first, before the tables.
  {
    auto value = [&](const char* section, const char* metric, const char* dimension, const char* key = "") {
      for (const auto* r : rows_of(section, metric, dimension))
        if ((*r)[3].value_or("") == key) return (*r)[4].value_or("0");
      return std::string("0");
    };
    auto sum = [&](const char* section, const char* metric, const char* dimension) {
      std::int64_t n = 0;
      for (const auto* r : rows_of(section, metric, dimension)) n += std::stoll((*r)[4].value_or("0"));
      return n;
    };
    auto fen = [&](const std::optional<std::string>& text) { return wan ? scaled(text, 6) : scaled(text, 2); };
    auto money = [&](std::int64_t v) {
      return wan ? trf("{} wan yuan", wan_text(v)) : trf("{} yuan", validate::format_money(v));
    };
    std::vector<std::string> lines;
    const std::int64_t new_orgs = std::stoll(value("orgs", "registered", "period")) + std::stoll(value("orgs", "filed", "period"));
    lines.push_back(period.annual ? trf("Organizations now: {} (registered {}, grassroots {}); new this year: {}",
                                        value("orgs", "orgs", "total"), value("orgs", "orgs", "tier", "registered"),
                                        value("orgs", "orgs", "tier", "grassroots"), new_orgs)
                                  : trf("Organizations now: {} (registered {}, grassroots {}); new this month: {}",
                                        value("orgs", "orgs", "total"), value("orgs", "orgs", "tier", "registered"),
                                        value("orgs", "orgs", "tier", "grassroots"), new_orgs));
    const std::string target = value("density", "target", "district");
    lines.push_back(rows_of("density", "density_all", "district").empty()
                        ? trf("Density: no population is recorded by {}; the target is {} per 10,000 residents", period.to,
                              target)
                        : trf("Density: {} organizations per 10,000 residents against the target of {} ({} of it)",
                              value("density", "density_all", "district"), target,
                              value("density", "target_reached", "district") + "%"));
    lines.push_back(period.annual
                        ? trf("Incubator: in residence {}; hatched this year {}; due to leave within 90 days {}",
                              sum("incubator", "in_residence", "site"), sum("incubator", "graduated", "timing"),
                              value("incubator", "due", "within", "90d"))
                        : trf("Incubator: in residence {}; hatched this month {}; due to leave within 90 days {}",
                              sum("incubator", "in_residence", "site"), sum("incubator", "graduated", "timing"),
                              value("incubator", "due", "within", "90d")));
    const std::int64_t signed_ = fen(value("contracts", "signed_amount", "period"));
    const std::int64_t paid = fen(value("contracts", "paid", "year_to_date"));
    std::string money_line = period.annual ? trf("Money: signed this year {}; paid this year {}", money(signed_), money(paid))
                                           : trf("Money: signed this month {}; paid this year {}", money(signed_), money(paid));
    if (budget_lines.empty()) {
      money_line += trf("; no budget is set for {}", year);
    } else {
      // The year's budget: the lines no other line covers (a purchaser's line covers its
      // fields'), so that no money is counted twice.
      std::int64_t budget = 0, committed = 0, paid_of = 0;
      for (const auto* r : budget_lines) {
        const std::string key = (*r)[3].value_or("");
        const auto slash = key.rfind(" / ");
        const std::string purchaser = key.substr(0, slash), field = slash == std::string::npos ? "" : key.substr(slash + 3);
        bool covered = false;
        for (const auto* o : budget_lines) {
          const std::string other = (*o)[3].value_or("");
          const auto at = other.rfind(" / ");
          const std::string p = other.substr(0, at), f = at == std::string::npos ? "" : other.substr(at + 3);
          covered = covered || (other != key && (p == "all" || p == purchaser) && (f == "all" || f == field));
        }
        if (covered) continue;
        budget += fen((*r)[4]);
        for (const auto* x : rows_of("contracts", "budget_committed", "line"))
          if ((*x)[3] == (*r)[3]) committed += fen((*x)[4]);
        for (const auto* x : rows_of("contracts", "budget_paid", "line"))
          if ((*x)[3] == (*r)[3]) paid_of += fen((*x)[4]);
      }
      money_line += trf("; budget of {}: {}, committed {} ({}), paid {} ({})", year, money(budget), money(committed),
                        percent(committed, budget), money(paid_of), percent(paid_of, budget));
    }
    lines.push_back(money_line);
    page += "<section id=\"headline\">\n<ul>\n";
    for (const auto& line : lines) page += "<li>" + esc(line) + "</li>\n";
    page += "</ul>\n</section>\n";
  }
  // Organizations over time: those standing at the end of each year, and of this period.
  {
    std::vector<Bar> bars;
    for (const auto& [label, n] : orgs_over_time(reg, period))
      bars.push_back({label, {n * 100}, {std::to_string(n)}});
    page += bar_chart("chart-orgs", tr("Social organizations at the end of each period"), {tr("organizations")}, bars, std::nullopt,
                      "");
  }
  // Density by street against the target.
  {
    std::vector<Bar> bars;
    for (const auto* r : rows_of("density", "density_all", "street")) {
      std::optional<std::string> registered;
      for (const auto* x : rows_of("density", "density_registered", "street"))
        if ((*x)[3] == (*r)[3]) registered = (*x)[4];
      bars.push_back({key_of(r), {hundredths((*r)[4]), hundredths(registered)}, {(*r)[4].value_or(""), registered.value_or("")}});
    }
    for (const auto* r : rows_of("density", "density_all", "district")) {
      std::optional<std::string> registered;
      for (const auto* x : rows_of("density", "density_registered", "district")) registered = (*x)[4];
      bars.push_back({tr("whole district"), {hundredths((*r)[4]), hundredths(registered)}, {(*r)[4].value_or(""), registered.value_or("")}});
    }
    std::optional<std::int64_t> target;
    std::string target_text;
    for (const auto* r : rows_of("density", "target", "district")) target = hundredths((*r)[4]), target_text = (*r)[4].value_or("");
    page += bar_chart("chart-density", tr("Social organizations per 10,000 residents, by street"),
                      {tr("all organizations"), tr("registered organizations")}, bars, target, trf("target {}", target_text));
  }
  // Budget use by line: budget, committed, paid; a sentence, not an empty frame, without one.
  if (budget_lines.empty()) {
    page += "<p id=\"no-budget\">" + esc(no_budget) + "</p>\n";
  } else {
    std::vector<Bar> bars;
    for (const auto* r : budget_lines) {
      Bar b{key_of(r), {hundredths((*r)[4])}, {(*r)[4].value_or("")}};
      for (const char* m : {"budget_committed", "budget_paid"})
        for (const auto* x : rows_of("contracts", m, "line"))
          if ((*x)[3] == (*r)[3]) b.values.push_back(hundredths((*x)[4])), b.shown.push_back((*x)[4].value_or(""));
      while (b.values.size() < 3) b.values.push_back(0), b.shown.push_back("0");
      bars.push_back(b);
    }
    page += bar_chart("chart-budget",
                      trf("Budget use in {} ({})", year, wan ? tr("10,000 yuan") : tr("yuan")),
                      {tr("budget"), tr("committed"), tr("paid")}, bars, std::nullopt, "");
  }
  for (const auto& [code, name] : kSectionNames) {
    page += fmt::format("<h2 id=\"{}\">{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                        "<th>{}</th><th>{}</th></tr>\n",
                        code, esc(tr(name)), esc(i18n::column_label("figure", "metric")), esc(i18n::column_label("figure", "dimension")),
                        esc(i18n::column_label("figure", "key")), esc(period.label), esc(previous(period).label),
                        esc(i18n::column_label("figure", "change")), esc(i18n::column_label("figure", "unit")));
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      if (t.rows[i][0] != std::optional<std::string>(code)) continue;
      const io::Row& r = words.rows[i];
      page += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                          "<td>{}</td></tr>\n",
                          esc(r[1].value_or("")), esc(r[2].value_or("")), esc(r[3].value_or("")), esc(r[4].value_or("")),
                          esc(r[5].value_or("")), esc(r[6].value_or("")), esc(r[7].value_or("")));
    }
    page += "</table>\n";
  }
  // The audit chain's head the report was made at: not a figure, the page's colophon.
  for (const auto* r : rows_of("registry", "audit_head", "entry"))
    page += "<footer>\n<p class=\"colophon\">" +
            esc(said(trf("As of audit entry {}, chain head {}: ‹db check› ‹sealed› with this head shows later that "
                         "nobody rewrote the registry's history behind this report.",
                         (*r)[3].value_or(""), (*r)[4].value_or("")))) +
            "</p>\n</footer>\n";
  return page + "</body>\n</html>\n";
}

}  // namespace kunqu::report
