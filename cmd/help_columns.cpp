// `kunqu help columns [KIND]`: the columns of every file kunqu imports, from the tables the
// imports read their headers by.
#include "help_columns.h"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "contract/contract.h"
#include "demand/demand.h"
#include "filing/filing.h"
#include "i18n/messages.h"
#include "incubate/incubate.h"
#include "io/text.h"
#include "org/events.h"
#include "org/fields.h"
#include "org/org.h"
#include "supervision/supervision.h"

namespace kunqu::cli {

namespace {

using Columns = std::function<const std::vector<vocab::FileColumn>&()>;
using Resolve = std::function<std::optional<std::size_t>(std::string_view)>;

std::vector<ImportKind> build_kinds() {
  std::vector<ImportKind> k = {
      {"org", "org", "kunqu org import", "", []() -> decltype(auto) { return org::import_columns(false); }, org::resolve_header},
      {"events", "event", "kunqu org events import", "", org::event_import_columns, org::resolve_event_header},
      {"credit", "credit_event", "kunqu org credit import", "", supervision::credit_import_columns,
       supervision::resolve_credit_header},
      {"annual-check", "annual_check", "kunqu org annual-check import", "", supervision::check_import_columns,
       supervision::resolve_check_header},
      {"grade", "grade", "kunqu org grade import", "", supervision::grade_import_columns, supervision::resolve_grade_header},
      // A file of filed groups is an org file whose every row is grassroots.
      {"filing", "filing", "kunqu filing import", "", []() -> decltype(auto) { return org::import_columns(true); },
       org::resolve_header},
      {"filing-reviews", "filing_review", "kunqu filing reviews import", "", filing::review_import_columns,
       filing::resolve_review_header},
      {"incubate", "incubation", "kunqu incubate import", "", incubate::import_columns, incubate::resolve_header},
      {"incubate-reviews", "incubation_review", "kunqu incubate reviews import", "", incubate::review_import_columns,
       incubate::resolve_review_header},
  };
  for (auto kind : {contract::Kind::kContract, contract::Kind::kPayment, contract::Kind::kDelivery,
                    contract::Kind::kAcceptance, contract::Kind::kAssessment, contract::Kind::kSurvey}) {
    const std::string name = contract::kind_name(kind);
    k.push_back({name, name, "kunqu contract import", kind == contract::Kind::kContract ? "" : "--kind " + name,
                 [kind]() -> decltype(auto) { return contract::import_columns(kind); },
                 [kind](std::string_view h) { return contract::resolve_header(kind, h); }});
  }
  k.push_back({"demand", "demand", "kunqu demand import", "", demand::import_columns, demand::resolve_header});
  k.push_back({"catalog", "catalog", "kunqu catalog import", "", catalog::import_columns, catalog::resolve_header});
  return k;
}

const char* format_of(const vocab::FileColumn& c) {
  if (c.codes) return N_("enumeration");
  switch (c.type) {
    case io::ColumnType::kDate: return N_("date");
    case io::ColumnType::kMoney: return N_("money");
    case io::ColumnType::kInteger: return N_("whole number");
    case io::ColumnType::kBool: return N_("yes/no");
    default: return N_("text");
  }
}

std::string required_of(const vocab::FileColumn& c) {
  switch (c.need) {
    case vocab::Need::kRequired: return tr("yes");
    case vocab::Need::kSometimes: return c.when ? tr(c.when) : std::string();
    default: return {};
  }
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// Rows of cells aligned by display width, two spaces apart, each line indented; the last
// column is not padded.
std::string aligned(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], io::display_width(r[i]));
    }
  std::string out;
  for (const auto& r : rows) {
    std::string line = indent;
    for (std::size_t i = 0; i < r.size(); ++i) line += i + 1 < r.size() ? io::pad_to_width(r[i], width[i]) + "  " : r[i];
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string kind_section(const ImportKind& k) {
  std::string out = fmt::format("{} — {}{}{} ([[{}]])\n", k.name, k.command, k.flag.empty() ? "" : " ", k.flag, k.record);
  // TRANSLATORS: the headings of the table of an import file's columns (kunqu help columns)
  std::vector<std::vector<std::string>> rows = {{tr("column"), tr("format"), tr("headers also read"), tr("required")}};
  rows.push_back({});
  for (const auto& h : rows[0]) rows[1].push_back(std::string(io::display_width(h), '-'));
  for (const auto& c : k.columns()) rows.push_back({c.name, tr(format_of(c)), joined(c.aliases), required_of(c)});
  out += aligned(rows, "  ");
  // The values of its enumerations: each code and the Chinese names import reads it by.
  for (const auto& c : k.columns()) {
    if (!c.codes) continue;
    out += "  " + trf("values of {}:", c.name) + "\n";
    std::vector<std::vector<std::string>> values;
    for (const auto& v : c.codes->values) values.push_back({v.code, joined(v.labels)});
    out += aligned(values, "    ");
  }
  return out;
}

}  // namespace

const std::vector<ImportKind>& import_kinds() {
  static const std::vector<ImportKind> kinds = build_kinds();
  return kinds;
}

const ImportKind* find_import_kind(std::string_view name) {
  const std::string n = io::to_lower_ascii(io::trim(name));
  for (const auto& k : import_kinds())
    if (n == k.name || n == k.record) return &k;
  return nullptr;
}

std::string import_kind_names() {
  std::string out;
  for (const auto& k : import_kinds()) out += (out.empty() ? "" : ", ") + k.name;
  return out;
}

std::string columns_help(const std::vector<const ImportKind*>& kinds) {
  std::string out = tr(
      "The columns each import reads. A header is the column's name (ASCII letters in any case) or one of the\n"
      "headers listed; a note in brackets after it ('开办资金（万元）', '(必填)') and a '*' marking it required are\n"
      "left out, and so is a column of row numbers (序号). TOML keys are the column names. A column not listed is\n"
      "refused (--ignore-column leaves one out). A column that is not required may be left out or left empty.\n"
      "\n"
      "Formats:\n"
      "  text          as written\n"
      "  date          YYYY-MM-DD; also 2013/2/14, 2013-2-14, 2013.2.14, 2013年2月14日, and a time of 0:00 after it\n"
      "  money         yuan: 250000, 250000.00, 1,250,000.50, ¥300, 800元; or 万 yuan: 25万, 1.5万元; a header\n"
      "                noting (万元) reads bare numbers as 万 yuan\n"
      "  whole number  120: digits only\n"
      "  yes/no        true/false, yes/no, 1/0, 是/否, 有/无\n"
      "  enumeration   a code or one of its Chinese names, as listed under the table\n");
  for (const auto* k : kinds) out += "\n" + kind_section(*k);
  return out;
}

}  // namespace kunqu::cli
