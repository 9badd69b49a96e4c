// The monthly and annual reports. All SQL of reports lives here and, for the organizations, in
// org_counts.cpp; every figure is counted by the business dates the registry records (registration,
// filing, status, event, payment and delivery dates), as of the period's last day.
#include "report/report.h"
#include "report/org_counts.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "contract/contract.h"
#include "error.h"
#include "i18n/messages.h"
#include "io/text.h"
#include "profile/district.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "registry/seal.h"
#include "validate/clock.h"
#include "validate/values.h"

namespace kunqu::report {

namespace {

// How a figure is written: whole numbers, money (fen), hundredths (density), tenths (rates).
enum class Kind { kCount, kMoney, kHundredths, kTenths };

struct Figure {
  std::string section, metric, dimension, key;
  std::int64_t value = 0;
  Kind kind = Kind::kCount;
  std::string unit;
};

std::string written(std::int64_t v, Kind k) {
  switch (k) {
    case Kind::kMoney:
      return validate::format_money(v);
    case Kind::kHundredths:
      return fmt::format("{}{}.{:02d}", v < 0 ? "-" : "", (v < 0 ? -v : v) / 100, (v < 0 ? -v : v) % 100);
    case Kind::kTenths:
      return fmt::format("{}{}.{}", v < 0 ? "-" : "", (v < 0 ? -v : v) / 10, (v < 0 ? -v : v) % 10);
    case Kind::kCount:
      break;
  }
  return std::to_string(v);
}

// `part` of `whole` scaled by `scale` (10000 × 100 for density in hundredths), half up.
std::int64_t ratio(std::int64_t part, std::int64_t whole, std::int64_t scale) {
  if (whole <= 0) return 0;
  return (part * scale * 2 + whole) / (2 * whole);
}

// The day an org entered the registry.
constexpr const char* kEntered = "min(coalesce(o.filed_on, '9999-12-31'), coalesce(o.registered_on, '9999-12-31'))";

class Collector {
 public:
  Collector(Registry& reg, const Period& p) : reg_(reg), p_(p) {}

  // Rows of `sql` (bound ?1 = from, ?2 = to): key, value — or value alone when `keyed` is false.
  void add(const char* section, const std::string& metric, const std::string& dimension, const std::string& sql,
           const char* unit, Kind kind = Kind::kCount, bool keyed = true) {
    auto q = reg_.prepare(sql);
    q.bind(1, p_.from).bind(2, p_.to);
    while (q.step()) {
      if (keyed) figures.push_back({section, metric, dimension, q.text_or(0, ""), q.integer(1).value_or(0), kind, unit});
      else figures.push_back({section, metric, dimension, "", q.integer(0).value_or(0), kind, unit});
    }
  }
  void put(const char* section, const std::string& metric, const std::string& dimension, const std::string& key,
           std::int64_t value, const char* unit, Kind kind = Kind::kCount) {
    figures.push_back({section, metric, dimension, key, value, kind, unit});
  }
  std::int64_t scalar(const std::string& sql) {
    auto q = reg_.prepare(sql);
    q.bind(1, p_.from).bind(2, p_.to);
    return q.step() ? q.integer(0).value_or(0) : 0;
  }

  std::vector<Figure> figures;

 private:
  Registry& reg_;
  const Period& p_;
};

// The organizations of the period (count_orgs): standing at its end by every dimension, and the
// changes in it.
void orgs(Collector& c, const OrgCounts& n) {
  const char* s = "orgs";
  auto keyed = [&](const char* dimension, const Keyed& counts) {
    for (const auto& [key, orgs] : counts) c.put(s, "orgs", dimension, key, orgs, "orgs");
  };
  c.put(s, "orgs", "total", "", n.standing, "orgs");
  // Every org that entered the registry by then, deregistered or revoked since or not: the
  // district's count of organizations grown.
  c.put(s, "entered", "to_date", "", n.entered, "orgs");
  keyed("tier", n.tier);
  keyed("type", n.type);
  keyed("registration_authority", n.authority);
  keyed("level", n.level);
  keyed("category", n.category);
  for (const auto& street : n.streets) c.put(s, "orgs", "street", street.street, street.all, "orgs");
  keyed("hub", n.hub);
  c.put(s, "registered", "period", "", n.new_registered, "orgs");
  c.put(s, "filed", "period", "", n.new_filed, "orgs");
  c.put(s, "upgraded", "period", "", n.upgraded, "orgs");
  // The decisions of the period, whatever came later.
  c.put(s, "suspended", "period", "", n.suspended, "orgs");
  c.put(s, "revoked", "period", "", n.revoked, "orgs");
  c.put(s, "deregistered", "period", "", n.deregistered, "orgs");
}

void density(Collector& c, Registry& reg, const Period& p, const OrgCounts& n) {
  const char* s = "density";
  const int year = std::stoi(p.to.substr(0, 4));
  // Each street's residents in the latest year up to the period's it has a figure for; the
  // district's population year is the oldest of those.
  const auto populations = profile::residents_on(reg, p.to, year);
  std::int64_t pop_year = 0;  // 0: no population recorded by then
  for (const auto& street : populations)
    if (street.year && (!pop_year || street.year < pop_year)) pop_year = street.year;
  const std::int64_t target = std::stoll(profile::setting(reg, "density_target"));
  c.put(s, "target", "district", "", target * 100, "per_10k", Kind::kHundredths);
  if (!pop_year) return;
  c.put(s, "population_year", "district", "", pop_year, "year");
  c.put(s, "population_years_behind", "district", "", year - pop_year, "years");  // > 0: older than the period
  // The streets of the period's last day with their residents in that year (the resident
  // population, 常住, else the registered one; a street made by a rename or merger since, the
  // sum of those it carries on from), and the orgs standing in each.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;  // street → all, registered
  for (const auto& street : n.streets) counts[street.street] = {street.all, street.registered};
  std::int64_t residents = 0;
  std::vector<std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t>> streets;
  for (const auto& street : populations) {
    const auto standing = counts[street.street];
    streets.emplace_back(street.street, street.residents, standing.first, standing.second);
    residents += street.residents;
  }
  const std::int64_t all = n.standing, registered = n.registered;
  c.put(s, "residents", "district", "", residents, "residents");
  c.put(s, "density_all", "district", "", ratio(all, residents, 1000000), "per_10k", Kind::kHundredths);
  c.put(s, "density_registered", "district", "", ratio(registered, residents, 1000000), "per_10k", Kind::kHundredths);
  c.put(s, "target_reached", "district", "", ratio(all, residents * target, 10000000), "percent", Kind::kTenths);
  for (const auto& [name, people, n_all, n_registered] : streets) {
    c.put(s, "residents", "street", name, people, "residents");
    if (people == 0) continue;
    c.put(s, "density_all", "street", name, ratio(n_all, people, 1000000), "per_10k", Kind::kHundredths);
    c.put(s, "density_registered", "street", name, ratio(n_registered, people, 1000000), "per_10k", Kind::kHundredths);
  }
}

void credit(Collector& c, const Period& p, const OrgCounts& n) {
  const char* s = "credit";
  for (const auto& [list, orgs] : n.listed) c.put(s, "listed", "list", list, orgs, "orgs");
  c.add(s, "events", "kind", "SELECT kind, count(*) FROM credit_event WHERE date BETWEEN ?1 AND ?2 GROUP BY kind ORDER BY kind",
        "events");
  c.add(s, "annual_checks", "result",
        "SELECT result, count(*) FROM annual_check WHERE date BETWEEN ?1 AND ?2 GROUP BY result ORDER BY result", "checks");
  // The last year whose annual report was due by the period's end.
  c.put(s, "annual_checks_outstanding", "year", std::to_string(n.checks_due_year), n.checks_outstanding, "orgs");
  c.add(s, "grades", "grade",
        "SELECT grade || 'A', count(*) FROM grade WHERE status <> 'withdrawn' AND awarded_on <= ?2 AND valid_until > ?2 "
        "GROUP BY grade ORDER BY grade DESC",
        "grades");
  c.put(s, "grades_expiring", "within", "90d",
        c.scalar(fmt::format("SELECT count(*) FROM grade WHERE status <> 'withdrawn' AND awarded_on <= ?2 AND valid_until > ?2 "
                             "AND valid_until <= '{}'",
                             validate::add_days(p.to, 90))),
        "grades");
}

void incubator(Collector& c, const Period& p) {
  const char* s = "incubator";
  c.add(s, "in_residence", "site",
        "SELECT site, count(*) FROM incubation WHERE admitted_on <= ?2 AND (ended_on IS NULL OR ended_on > ?2) GROUP BY site ORDER BY site",
        "stays");
  c.add(s, "admitted", "period", "SELECT count(*) FROM incubation WHERE admitted_on BETWEEN ?1 AND ?2", "stays", Kind::kCount, false);
  c.add(s, "graduated", "timing",
        "SELECT CASE WHEN early THEN 'early' ELSE 'on_time' END AS k, count(*) FROM incubation WHERE status = 'graduated' "
        "AND ended_on BETWEEN ?1 AND ?2 GROUP BY k ORDER BY k DESC",
        "stays");
  c.add(s, "withdrawn", "period", "SELECT count(*) FROM incubation WHERE status = 'withdrawn' AND ended_on BETWEEN ?1 AND ?2",
        "stays", Kind::kCount, false);
  c.add(s, "orgs_admitted", "to_date", "SELECT count(DISTINCT org_id) FROM incubation WHERE admitted_on <= ?2", "orgs", Kind::kCount,
        false);
  c.add(s, "orgs_graduated", "to_date",
        "SELECT count(DISTINCT org_id) FROM incubation WHERE status = 'graduated' AND ended_on <= ?2", "orgs", Kind::kCount, false);
  c.add(s, "orgs_admitted", "site",
        "SELECT site, count(DISTINCT org_id) FROM incubation WHERE admitted_on <= ?2 GROUP BY site ORDER BY site", "orgs");
  c.add(s, "orgs_graduated", "site",
        "SELECT site, count(DISTINCT org_id) FROM incubation WHERE status = 'graduated' AND ended_on <= ?2 GROUP BY site ORDER BY site",
        "orgs");
  c.put(s, "due", "within", "90d",
        c.scalar(fmt::format("SELECT count(*) FROM incubation WHERE admitted_on <= ?2 AND (ended_on IS NULL OR ended_on > ?2) "
                             "AND planned_end > ?2 AND planned_end <= '{}'",
                             validate::add_days(p.to, 90))),
        "stays");
}

void contracts(Collector& c, const Period& p) {
  const char* s = "contracts";
  const std::string year = p.to.substr(0, 4);
  constexpr const char* kInForce = "c.signed_on <= ?2 AND (c.closed_on IS NULL OR c.closed_on > ?2)";
  c.add(s, "in_force", "total", fmt::format("SELECT count(*) FROM contract c WHERE {}", kInForce), "contracts", Kind::kCount, false);
  c.add(s, "in_force_amount", "total", fmt::format("SELECT sum(c.amount) FROM contract c WHERE {}", kInForce), "yuan", Kind::kMoney,
        false);
  c.add(s, "signed", "period", "SELECT count(*) FROM contract c WHERE c.signed_on BETWEEN ?1 AND ?2", "contracts", Kind::kCount, false);
  c.add(s, "signed_amount", "period", "SELECT sum(c.amount) FROM contract c WHERE c.signed_on BETWEEN ?1 AND ?2", "yuan", Kind::kMoney,
        false);
  c.add(s, "signed_fields", "period", "SELECT count(DISTINCT c.field) FROM contract c WHERE c.signed_on BETWEEN ?1 AND ?2", "fields",
        Kind::kCount, false);
  c.add(s, "signed_amount", "field",
        "SELECT c.field, sum(c.amount) FROM contract c WHERE c.signed_on BETWEEN ?1 AND ?2 GROUP BY c.field ORDER BY c.field", "yuan",
        Kind::kMoney);
  // The same by the kind of supplier: social organizations, companies, public institutions, others.
  const std::string kind = contract::supplier_kind_sql();
  const std::string by_kind = " GROUP BY k ORDER BY k";
  c.add(s, "in_force", "supplier_kind", fmt::format("SELECT {} AS k, count(*) FROM contract c WHERE {}{}", kind, kInForce, by_kind),
        "contracts");
  c.add(s, "in_force_amount", "supplier_kind",
        fmt::format("SELECT {} AS k, sum(c.amount) FROM contract c WHERE {}{}", kind, kInForce, by_kind), "yuan", Kind::kMoney);
  c.add(s, "signed", "supplier_kind",
        fmt::format("SELECT {} AS k, count(*) FROM contract c WHERE c.signed_on BETWEEN ?1 AND ?2{}", kind, by_kind), "contracts");
  c.add(s, "signed_amount", "supplier_kind",
        fmt::format("SELECT {} AS k, sum(c.amount) FROM contract c WHERE c.signed_on BETWEEN ?1 AND ?2{}", kind, by_kind), "yuan",
        Kind::kMoney);
  // Whom the contracts signed in the period set out to serve, before any delivery is recorded.
  for (auto [target, unit] : {std::pair{"target_persons", "persons"}, {"target_person_times", "person_times"},
                              {"target_hours", "hours"}})
    c.add(s, target, "period", fmt::format("SELECT sum(c.{}) FROM contract c WHERE c.signed_on BETWEEN ?1 AND ?2", target),
          unit, Kind::kCount, false);
  c.add(s, "paid", "period", "SELECT sum(amount) FROM payment WHERE date BETWEEN ?1 AND ?2", "yuan", Kind::kMoney, false);
  c.add(s, "paid", "supplier_kind",
        fmt::format("SELECT {} AS k, sum(p.amount) FROM payment p JOIN contract c ON c.id = p.contract_id "
                    "WHERE p.date BETWEEN ?1 AND ?2{}",
                    kind, by_kind),
        "yuan", Kind::kMoney);
  c.add(s, "paid", "year_to_date", fmt::format("SELECT sum(amount) FROM payment WHERE date BETWEEN '{}-01-01' AND ?2", year), "yuan",
        Kind::kMoney, false);
  // Each budget line of the year as of the period's end: what was budgeted (adjustments dated
  // by then), committed (allocations of contracts signed by then; a contract terminated by
  // then commits what was paid out of the year's money), paid (by then, charged to the year)
  // and left.
  const std::string match = "(b.purchaser = '' OR c.purchaser = b.purchaser) AND (b.field = '' OR c.field = b.field)";
  const std::string committed = fmt::format(
      "(SELECT coalesce(sum(y.amount), 0) FROM contract_year y JOIN contract c ON c.id = y.contract_id WHERE y.year = b.year "
      "AND {0} AND c.signed_on <= ?2 AND NOT (c.status = 'terminated' AND c.closed_on <= ?2)) + "
      "(SELECT coalesce(sum(x.amount), 0) FROM payment x JOIN contract c ON c.id = x.contract_id WHERE {0} "
      "AND c.status = 'terminated' AND c.closed_on <= ?2 AND x.budget_year = b.year AND x.date <= ?2)",
      match);
  const std::string budget =
      "b.amount + (SELECT coalesce(sum(a.change), 0) FROM budget_adjustment a WHERE a.budget_id = b.id AND a.date <= ?2)";
  const std::string line = "(CASE b.purchaser WHEN '' THEN 'all' ELSE b.purchaser END) || ' / ' || (CASE b.field WHEN '' THEN 'all' ELSE b.field END)";
  const std::string lines = fmt::format(" FROM budget b WHERE b.year = {} ORDER BY b.purchaser, b.field", year);
  c.add(s, "budget", "line", fmt::format("SELECT {}, {}{}", line, budget, lines), "yuan", Kind::kMoney);
  c.add(s, "budget_committed", "line", fmt::format("SELECT {}, {}{}", line, committed, lines), "yuan", Kind::kMoney);
  c.add(s, "budget_paid", "line",
        fmt::format("SELECT {}, (SELECT coalesce(sum(x.amount), 0) FROM payment x JOIN contract c ON c.id = x.contract_id WHERE {} "
                    "AND x.budget_year = b.year AND x.date <= ?2){}",
                    line, match, lines),
        "yuan", Kind::kMoney);
  c.add(s, "budget_left", "line", fmt::format("SELECT {}, {} - ({}){}", line, budget, committed, lines), "yuan", Kind::kMoney);
  // Delivery reported for periods ending in this one.
  const std::string delivered = "FROM delivery d WHERE d.period_to BETWEEN ?1 AND ?2";
  c.add(s, "service_hours", "period", "SELECT sum(d.service_hours) " + delivered, "hours", Kind::kCount, false);
  c.add(s, "person_times", "period",
        "SELECT sum(n.person_times) FROM delivery d JOIN delivery_count n ON n.delivery_id = d.id WHERE d.period_to BETWEEN ?1 AND ?2",
        "person_times", Kind::kCount, false);
  c.add(s, "persons", "period",
        "SELECT sum(n.persons) FROM delivery d JOIN delivery_count n ON n.delivery_id = d.id WHERE d.period_to BETWEEN ?1 AND ?2",
        "persons", Kind::kCount, false);
  c.add(s, "persons", "field",
        "SELECT c.field, sum(n.persons) FROM delivery d JOIN delivery_count n ON n.delivery_id = d.id JOIN contract c ON "
        "c.id = d.contract_id WHERE d.period_to BETWEEN ?1 AND ?2 GROUP BY c.field ORDER BY c.field",
        "persons");
  c.add(s, "volunteer_hours", "period", "SELECT sum(d.volunteer_hours) " + delivered, "hours", Kind::kCount, false);
  c.add(s, "vouchers", "period", "SELECT sum(d.vouchers) " + delivered, "vouchers", Kind::kCount, false);
  c.add(s, "acceptances", "result", "SELECT result, count(*) FROM acceptance WHERE date BETWEEN ?1 AND ?2 GROUP BY result ORDER BY result",
        "contracts");
  c.add(s, "assessments", "grade",
        "SELECT coalesce(grade, CASE WHEN score >= 90 THEN 'excellent' WHEN score >= 80 THEN 'good' WHEN score >= 60 THEN 'pass' "
        "ELSE 'fail' END) AS k, count(*) FROM assessment WHERE date BETWEEN ?1 AND ?2 GROUP BY k ORDER BY k",
        "contracts");
  const std::int64_t respondents = c.scalar("SELECT coalesce(sum(respondents), 0) FROM survey WHERE date BETWEEN ?1 AND ?2");
  const std::int64_t satisfied = c.scalar("SELECT coalesce(sum(satisfied), 0) FROM survey WHERE date BETWEEN ?1 AND ?2");
  c.put(s, "respondents", "period", "", respondents, "persons");
  c.put(s, "satisfied", "period", "", satisfied, "persons");
  if (respondents) c.put(s, "satisfaction", "period", "", ratio(satisfied, respondents, 1000), "percent", Kind::kTenths);
}

void menu_section(Collector& c, Registry& reg, const Period& p) {
  const char* s = "menu";
  constexpr const char* kRaised = "d.raised_on BETWEEN ?1 AND ?2";
  c.add(s, "raised", "period", std::string("SELECT count(*) FROM demand d WHERE ") + kRaised, "demands", Kind::kCount, false);
  c.add(s, "raised", "category",
        std::string("SELECT d.category, count(*) FROM demand d WHERE ") + kRaised + " GROUP BY d.category ORDER BY d.category", "demands");
  c.add(s, "raised", "street",
        std::string("SELECT d.street AS k, count(*) FROM demand d WHERE ") + kRaised +
            " GROUP BY k ORDER BY (SELECT x.id FROM street x WHERE x.name = k) IS NULL, (SELECT x.id FROM street x WHERE x.name = k), k",
        "demands");
  // Decisions of the period, by the status the demand has now (its latest decision).
  for (const char* status : {"accepted", "answered", "declined", "closed"})
    c.add(s, status, "period",
          fmt::format("SELECT count(*) FROM demand d WHERE d.status = '{}' AND d.status_date BETWEEN ?1 AND ?2", status), "demands",
          Kind::kCount, false);
  // Open at the end: raised by then and not answered, declined or closed by then.
  c.add(s, "open", "end",
        "SELECT count(*) FROM demand d WHERE d.raised_on <= ?2 AND NOT (d.status IN ('answered', 'declined', 'closed') "
        "AND d.status_date <= ?2)",
        "demands", Kind::kCount, false);
  const std::int64_t raised = c.scalar("SELECT count(*) FROM demand d WHERE d.raised_on <= ?2");
  const std::int64_t answered = c.scalar("SELECT count(*) FROM demand d WHERE d.status = 'answered' AND d.status_date <= ?2");
  if (raised) c.put(s, "answered_share", "to_date", "", ratio(answered, raised, 1000), "percent", Kind::kTenths);
  // The median of the days from raised to answered, of the demands answered in the period.
  auto q = reg.prepare(
      "SELECT CAST(julianday(status_date) - julianday(raised_on) AS INTEGER) AS n FROM demand WHERE status = 'answered' "
      "AND status_date BETWEEN ?1 AND ?2 ORDER BY n");
  q.bind(1, p.from).bind(2, p.to);
  std::vector<std::int64_t> days;
  while (q.step()) days.push_back(*q.integer(0));
  if (!days.empty()) {
    const std::size_t m = days.size() / 2;
    const std::int64_t tenths = days.size() % 2 ? days[m] * 10 : (days[m - 1] + days[m]) * 5;
    c.put(s, "median_days_to_answer", "period", "", tenths, "days", Kind::kTenths);
  }
  // The year's catalogue: the year of the period's end (?2).
  constexpr const char* kYear = "CAST(substr(?2, 1, 4) AS INTEGER)";
  c.add(s, "items", "catalogue", fmt::format("SELECT count(*) FROM catalog_item WHERE year = {}", kYear), "items", Kind::kCount, false);
  c.add(s, "items_without_contract", "catalogue",
        fmt::format("SELECT count(*) FROM catalog_item i WHERE i.year = {} AND NOT EXISTS (SELECT 1 FROM contract_item x WHERE "
                    "x.catalog_item_id = i.id AND x.contract_id IN (SELECT id FROM contract WHERE signed_on <= ?2))",
                    kYear),
        "items", Kind::kCount, false);
  // Money per catalogue category: the contracts signed by then that buy the year's items.
  c.add(s, "contract_amount", "category",
        fmt::format("SELECT k, sum(amount) FROM (SELECT DISTINCT i.category AS k, c.id, c.amount FROM catalog_item i JOIN contract_item x "
                    "ON x.catalog_item_id = i.id JOIN contract c ON c.id = x.contract_id WHERE i.year = {} AND c.signed_on <= ?2) "
                    "GROUP BY k ORDER BY k",
                    kYear),
        "yuan", Kind::kMoney);
}

std::vector<Figure> figures_of(Registry& reg, const Period& p, const OrgCounts& n) {
  Collector c(reg, p);
  orgs(c, n);
  density(c, reg, p, n);
  credit(c, p, n);
  incubator(c, p);
  contracts(c, p);
  menu_section(c, reg, p);
  return std::move(c.figures);
}

bool month_text(const std::string& t) {
  return t.size() == 7 && t[4] == '-' && t.find_first_not_of("0123456789-") == std::string::npos && t.find('-', 5) == std::string::npos &&
         std::stoi(t.substr(5)) >= 1 && std::stoi(t.substr(5)) <= 12;
}

Period month_of(int y, int m) {
  Period p;
  p.label = fmt::format("{:04}-{:02}", y, m);
  p.from = p.label + "-01";
  p.to = fmt::format("{}-{:02}", p.label, validate::days_in_month(y, m));
  return p;
}

Period year_of(int y) {
  Period p;
  p.label = fmt::format("{:04}", y);
  p.from = p.label + "-01-01";
  p.to = p.label + "-12-31";
  p.annual = true;
  return p;
}

}  // namespace

Period month(Registry& reg, const std::string& text) {
  const std::string t = io::trim(text);
  if (t == "last") {
    const std::string today = reg.today();
    int y = std::stoi(today.substr(0, 4)), m = std::stoi(today.substr(5, 2)) - 1;
    if (m == 0) m = 12, --y;
    return month_of(y, m);
  }
  if (!month_text(t)) throw_usage(trf("‹month› '{}' is not a month like 2015-06, or last", t));
  return month_of(std::stoi(t.substr(0, 4)), std::stoi(t.substr(5)));
}

Period year(Registry& reg, const std::string& text) {
  const std::string t = io::trim(text);
  if (t == "last") return year_of(std::stoi(reg.today().substr(0, 4)) - 1);
  if (t.size() != 4 || t.find_first_not_of("0123456789") != std::string::npos || t < "1900")
    throw_usage(trf("‹year› '{}' is not a year like 2015, or last", t));
  return year_of(std::stoi(t));
}

Period previous(const Period& p) {
  const int y = std::stoi(p.from.substr(0, 4));
  if (p.annual) return year_of(y - 1);
  const int m = std::stoi(p.from.substr(5, 2));
  return m == 1 ? month_of(y - 1, 12) : month_of(y, m - 1);
}

std::string hold_to_today(Period& p, const std::string& today) {
  if (p.from > today)
    throw_usage(p.annual ? trf("the year {} has not begun (today is {})", p.label, today)
                         : trf("the month {} has not begun (today is {})", p.label, today));
  if (p.to < today) return "";
  p.to = today;
  return p.annual ? trf("the year {} has not ended; its figures are as of today, {}", p.label, today)
                  : trf("the month {} has not ended; its figures are as of today, {}", p.label, today);
}

const std::vector<std::string>& sections() {
  static const std::vector<std::string> s = {"orgs", "density", "credit", "incubator", "contracts", "menu", "registry"};
  return s;
}

io::Table build(Registry& reg, const Period& period) {
  // The organizations of both periods in one pass.
  const Period earlier_period = previous(period);
  const auto counts = count_orgs(reg, {period, earlier_period});
  std::vector<Figure> now = figures_of(reg, period, counts[0]), before = figures_of(reg, earlier_period, counts[1]);
  using Id = std::tuple<std::string, std::string, std::string, std::string>;
  auto id = [](const Figure& f) { return Id{f.section, f.metric, f.dimension, f.key}; };
  std::map<Id, const Figure*> earlier;
  for (const auto& f : before) earlier[id(f)] = &f;
  // A key the period before had and this one has not is shown beside it, at 0 now when it counts.
  std::map<Id, bool> shown;
  for (const auto& f : now) shown[id(f)] = true;
  std::vector<std::pair<const Figure*, const Figure*>> rows;  // (now, before); now may be null
  for (std::size_t i = 0; i < now.size(); ++i) {
    auto e = earlier.find(id(now[i]));
    rows.emplace_back(&now[i], e == earlier.end() ? nullptr : e->second);
    const bool last_of_group = i + 1 == now.size() || now[i + 1].section != now[i].section || now[i + 1].metric != now[i].metric ||
                               now[i + 1].dimension != now[i].dimension;
    if (!last_of_group) continue;
    for (const auto& b : before)
      if (b.section == now[i].section && b.metric == now[i].metric && b.dimension == now[i].dimension && !shown.count(id(b))) {
        rows.emplace_back(nullptr, &b);
        shown[id(b)] = true;  // once, though its group's rows are not together (density's streets)
      }
  }
  io::Table t;
  t.record_name = "figure";
  t.columns = {{"section"}, {"metric"}, {"dimension"}, {"key"}, {"value"}, {"previous"}, {"change"}, {"unit"}};
  for (const auto& [n, b] : rows) {
    const Figure& f = n ? *n : *b;
    const bool additive = (f.kind == Kind::kCount || f.kind == Kind::kMoney) && f.unit != "year" && f.unit != "years";
    std::optional<std::string> value, prev, change;
    if (n) value = written(n->value, f.kind);
    else if (additive) value = written(0, f.kind);
    if (b) prev = written(b->value, f.kind);
    else if (additive) prev = written(0, f.kind);
    if ((n || additive) && (b || additive) && f.unit != "year" && f.unit != "years")
      change = written((n ? n->value : 0) - (b ? b->value : 0), f.kind);
    t.rows.push_back({f.section, f.metric, f.dimension, f.key, value, prev, change, f.unit});
  }
  // The audit chain's head as the report is made: printed and filed outside the registry, it
  // lets `db check --sealed HASH` show later that nobody rewrote the history behind it.
  if (auto head = registry::seal::head(reg))
    t.rows.push_back({"registry", "audit_head", "entry", std::to_string(head->entry), head->hash, std::nullopt, std::nullopt, "sha256"});
  return t;
}

std::vector<std::pair<std::string, std::int64_t>> orgs_over_time(Registry& reg, const Period& period) {
  std::vector<Period> ends{period};
  if (period.annual) {
    auto q = reg.prepare(fmt::format("SELECT min({}) FROM org o", kEntered));
    const std::string first = q.step() ? q.text_or(0, period.from) : period.from;
    while (ends.size() < 10 && previous(ends.back()).to >= first.substr(0, 4) + "-01-01") ends.push_back(previous(ends.back()));
  } else {
    while (ends.size() < 12) ends.push_back(previous(ends.back()));
  }
  std::reverse(ends.begin(), ends.end());
  const auto counts = count_orgs(reg, ends);
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (std::size_t i = 0; i < ends.size(); ++i) out.emplace_back(ends[i].label, counts[i].standing);
  return out;
}

std::string wan_text(std::int64_t fen) {
  const std::int64_t v = fen < 0 ? -fen : fen;  // 1 万元 = 1,000,000 fen
  std::string s = fmt::format("{}{}.{:06d}", fen < 0 ? "-" : "", v / 1000000, v % 1000000);
  while (s.back() == '0' && s.size() - s.find('.') > 3) s.pop_back();
  return s;
}

void money_in_wan(io::Table& t) {
  for (auto& row : t.rows) {
    if (row[7] != std::optional<std::string>("yuan")) continue;
    for (int c : {4, 5, 6}) {
      if (!row[c]) continue;
      auto fen = validate::parse_money(row[c]->front() == '-' ? row[c]->substr(1) : *row[c]);
      if (!fen) continue;
      row[c] = (row[c]->front() == '-' ? "-" : "") + wan_text(*fen.value);
    }
    row[7] = "wan_yuan";
  }
}

}  // namespace kunqu::report
