// Annual checks (年检): one conclusion per org and year, corrected only with its before and
// after audited; and the orgs that have none for a year.
#include "supervision/supervision.h"

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "supervision/internal.h"
#include "validate/clock.h"
#include "validate/problems.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::supervision {

using validate::Problems;

namespace {

vocab::FieldSpec build_results() {
  return {"result", vocab::FieldKind::kEnum, "年检结论", {},
          {{"pass", {"合格"}}, {"basic_pass", {"基本合格"}}, {"fail", {"不合格"}}, {"not_submitted", {"未参检", "未报送"}}}};
}

}  // namespace

const vocab::FieldSpec& check_results() {
  static const vocab::FieldSpec spec = build_results();
  return spec;
}

namespace {

// Whether social groups and foundations registered in the second half of a year are exempt too.
bool late_exempt_all(Registry& reg) { return profile::setting(reg, "annual_check_late_exempt") == "all"; }

}  // namespace

CheckCalendar::CheckCalendar(Registry& reg)
    : deadline_(profile::setting(reg, "annual_report_deadline")), late_exempt_all_(late_exempt_all(reg)) {}

int CheckCalendar::report_year_due(const std::string& day) const {
  const int y = std::stoi(day.substr(0, 4));
  return day > report_deadline(y - 1) ? y - 1 : y - 2;
}

std::string CheckCalendar::report_deadline(int year) const { return fmt::format("{:04}-{}", year + 1, deadline_); }

int CheckCalendar::first_check_year(const std::string& type, const std::string& registered_on) const {
  const int y = std::stoi(registered_on.substr(0, 4));
  const bool late = registered_on.compare(5, std::string::npos, "07-01") >= 0;
  return late && (type == "social_service" || late_exempt_all_) ? y + 1 : y;
}

int report_year_due(Registry& reg, const std::string& day) { return CheckCalendar(reg).report_year_due(day); }

std::string report_deadline(Registry& reg, int year) { return CheckCalendar(reg).report_deadline(year); }

int first_check_year(Registry& reg, const std::string& type, const std::string& registered_on) {
  return CheckCalendar(reg).first_check_year(type, registered_on);
}

std::string first_check_year_sql(Registry& reg, const std::string& o) {
  const std::string exempt = late_exempt_all(reg) ? "1" : fmt::format("{}.type = 'social_service'", o);
  return fmt::format("(CAST(substr({0}.registered_on, 1, 4) AS INTEGER) + (substr({0}.registered_on, 6) >= '07-01' AND {1}))",
                     o, exempt);
}

void add_check(Registry& reg, std::string_view token, const AnnualCheck& c) {
  registry::Transaction tx(reg);
  org::Org o = org::find(reg, token);
  if (o[org::kTier] != std::optional<std::string>("registered"))
    throw_invalid(trf("{} is a filed group: annual checks are for registered orgs (filed groups have reviews)", org::label(o)));
  const std::string now = reg.today();
  Problems p;
  std::optional<int> year;
  std::string y = io::trim(c.year);
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
    p.bad("year", trf("'{}' is not a year like 2014", y));
  } else {
    year = std::stoi(y);
    const std::string reg_on = o[org::kRegisteredOn].value_or("");
    if (!reg_on.empty() && *year < std::stoi(reg_on.substr(0, 4)))
      p.bad("year", trf("{} registered on {}; it has no annual check for {}", org::label(o), reg_on, *year));
    else if (*year >= std::stoi(now.substr(0, 4)))
      p.bad("year", trf("{} has not ended yet (today is {})", *year, now));
  }
  auto result = vocab::enum_code(check_results(), c.result);
  if (!result) p.bad("result", trf("'{}' is not one of {}", io::trim(c.result), vocab::enum_codes_list(check_results())));
  auto date = p.date("date", c.date, now);
  if (date && year && *date <= fmt::format("{:04}-12-31", *year))
    p.bad("date", trf("{} is not after the year {} it concludes", *date, *year));
  std::optional<std::string> before;
  if (year) {
    auto q = reg.prepare("SELECT result, date FROM annual_check WHERE org_id = ? AND year = ?");
    q.bind(1, o.id).bind(2, *year);
    if (q.step()) {
      before = q.text_or(0, "") + " " + q.text_or(1, "");
      if (!c.correct)
        p.bad("year", trf("{} already has the check for {}: {} on {}", org::label(o), *year, q.text_or(0, ""), q.text_or(1, "")),
              tr("to correct it, add it again with ‹correct›"));
    } else if (c.correct) {
      p.bad("year", trf("{} has no check for {} to correct", org::label(o), *year));
    }
  }
  p.raise(tr("nothing was recorded"));

  io::JsonObject detail;
  detail.add("year", static_cast<long long>(*year)).add("result", *result).add("date", *date);
  detail.add("authority", opt(c.authority)).add("note", opt(c.note));
  if (before) detail.add("replaces", *before);
  std::int64_t audit_id = reg.audit(c.correct ? "annual_check.correct" : "annual_check.add", o.id, detail.str());
  auto q = reg.prepare(
      "INSERT INTO annual_check (org_id, year, result, date, authority, note, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (org_id, year) DO UPDATE SET result = excluded.result, date = excluded.date, "
      "authority = excluded.authority, note = excluded.note, audit_id = excluded.audit_id");
  q.bind(1, o.id).bind(2, static_cast<std::int64_t>(*year)).bind(3, *result).bind(4, *date);
  q.bind(5, opt(c.authority)).bind(6, opt(c.note)).bind(7, audit_id);
  q.run();
  tx.commit();
}

io::Table list_checks(Registry& reg, const CheckFilter& f) {
  auto year_of = [](const char* option, const std::string& text) {
    return std::to_string(registry::option_year(option, text));
  };
  io::Table t;
  t.record_name = "annual_check";
  std::vector<std::string> params;
  std::string sql;
  if (f.missing) {
    // Who owes the year's report: registered before its second half (or, as the setting says,
    // before it ended), live now, nothing submitted.
    std::string y = year_of("missing", *f.missing);
    sql = fmt::format(
        "SELECT o.id, o.name, o.credit_code, o.registered_on, o.street, c.result, c.date FROM org o "
        "LEFT JOIN annual_check c ON c.org_id = o.id AND c.year = ?1 "
        "WHERE o.tier = 'registered' AND (o.status = 'active' OR o.status = 'suspended') AND {} <= CAST(?1 AS INTEGER) "
        "AND (c.result IS NULL OR c.result = 'not_submitted')",
        first_check_year_sql(reg));
    params.push_back(y);
    if (f.org) {
      sql += " AND o.id = ?2";
      params.push_back(std::to_string(org::find(reg, *f.org).id));
    }
    sql += " ORDER BY o.id";
    t.columns = {{"key"}, {"name"}, {"credit_code"}, {"registered_on", io::ColumnType::kDate}, {"street"},
                 vocab::coded("result", check_results()), {"date", io::ColumnType::kDate}};
  } else {
    sql = "SELECT o.id, o.name, o.credit_code, c.year, c.result, c.date, c.authority, c.note FROM annual_check c "
          "JOIN org o ON o.id = c.org_id WHERE 1";
    int n = 0;
    if (f.org) {
      sql += fmt::format(" AND c.org_id = ?{}", ++n);
      params.push_back(std::to_string(org::find(reg, *f.org).id));
    }
    if (f.year) {
      sql += fmt::format(" AND c.year = ?{}", ++n);
      params.push_back(year_of("year", *f.year));
    }
    if (f.result) {
      sql += fmt::format(" AND c.result = ?{}", ++n);
      params.push_back(registry::option_code("result", *f.result, check_results()));
    }
    sql += " ORDER BY c.year, o.id";
    t.columns = {{"key"},  {"name"}, {"credit_code"}, {"year", io::ColumnType::kInteger}, vocab::coded("result", check_results()),
                 {"date", io::ColumnType::kDate}, {"authority"}, {"note"}};
  }
  if (f.limit) sql += fmt::format(" LIMIT {}", f.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  while (q.step()) {
    io::Row row{registry::org_key(*q.integer(0))};
    for (int c = 1; c < static_cast<int>(t.columns.size()); ++c) row.push_back(q.text(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace kunqu::supervision
