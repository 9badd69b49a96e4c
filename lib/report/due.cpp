// One list of what is due, gathered from the credit lists, grades, annual checks, filings, the
// incubator, contracts and residents' needs, each read as it stood at the end of the day asked.
#include "report/due.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "i18n/messages.h"
#include "org/events.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "supervision/supervision.h"
#include "validate/values.h"
#include "vocab/rules.h"

namespace kunqu::report {

namespace {

constexpr int kQuiet = 90;  // days: a contract without delivery, a need without an answer

const vocab::FieldSpec& due_kinds() {
  static const vocab::FieldSpec spec =
      vocab::enum_spec("kind", "事项类别",
                       {{"filing", {"备案评议"}},
                        {"annual_check", {"年检"}},
                        {"credit", {"信用名录"}},
                        {"grade", {"评估等级"}},
                        {"incubation", {"孵化"}},
                        {"contract", {"购买服务合同"}},
                        {"demand", {"居民需求"}}});
  return spec;
}

}  // namespace

io::Table due(Registry& reg, const std::string& as_of, const std::string& within) {
  const std::string A = org::as_of_day(reg, as_of);
  const std::string W = registry::option_span("within", within, A);
  io::Table t;
  t.record_name = "due";
  t.columns = {vocab::coded("kind", due_kinds()), {"subject"}, {"name"}, {"rule"}, {"date", io::ColumnType::kDate}, {"reason"}};
  auto add = [&](const char* kind, const std::string& subject, const std::string& name, const std::string& rule,
                 const std::string& date, const std::string& reason) {
    t.rows.push_back({std::string(kind), subject, name, rule, date, reason});
  };
  const std::string src = org::org_source(reg, A);

  // Filed groups, open on A, whose last review (or filing) is a year old by W.
  {
    auto q = reg.prepare(fmt::format(
        "SELECT o.id, o.name, o.filed_on, (SELECT max(r.reviewed_on) FROM filing_review r WHERE r.org_id = o.id "
        "AND r.reviewed_on <= ?1) FROM {} o WHERE o.tier = 'grassroots' AND (o.status = 'active' OR o.status = 'suspended') "
        "ORDER BY o.id",
        src));
    q.bind(1, A);
    while (q.step()) {
      const auto last = q.text(3);
      const std::string from = last.value_or(q.text_or(2, "")), next = validate::add_months(from, 12);
      if (next <= W)
        add("filing", registry::org_key(*q.integer(0)), q.text_or(1, ""), "filing.yearly_review", next,
            last ? trf("last reviewed on {}", *last) : trf("filed on {}, never reviewed", from));
    }
  }
  // The last annual check due by W, from registered orgs live on A that owe it.
  {
    // (report_year_due counts a report due on a day the day after: here one due on W is due by W.)
    const int year = supervision::report_year_due(reg, validate::add_days(W, 1));
    const std::string deadline = supervision::report_deadline(reg, year);
    auto q = reg.prepare(fmt::format(
        "SELECT o.id, o.name FROM {} o WHERE o.tier = 'registered' AND (o.status = 'active' OR o.status = 'suspended') "
        "AND {} <= ?1 AND NOT EXISTS (SELECT 1 FROM annual_check c WHERE c.org_id = o.id AND c.year = ?1 "
        "AND c.result <> 'not_submitted' AND c.date <= ?2) ORDER BY o.id",
        src, supervision::first_check_year_sql(reg)));
    q.bind(1, year).bind(2, A);
    while (q.step())
      add("annual_check", registry::org_key(*q.integer(0)), q.text_or(1, ""), "annual_check.report", deadline,
          trf("no annual check submitted for {} (due by {})", year, deadline));
  }
  // The credit lists and the grades to reconsider, as the rules say on A.
  for (const auto& row : supervision::due(reg, A).rows)
    add("credit", *row[0], row[1].value_or(""), row[5].value_or(""), row[6].value_or(""), row[7].value_or(""));
  for (const auto& row : supervision::grade_due(reg, A).rows)
    add("grade", *row[0], row[1].value_or(""), row[5].value_or(""), row[6].value_or(""), row[7].value_or(""));
  {
    // Grades in force on A whose five years end by W.
    auto q = reg.prepare(fmt::format("SELECT o.id, o.name, {}, g.valid_until FROM grade g JOIN org o ON o.id = g.org_id "
                                     "WHERE {} AND g.valid_until <= ?2 ORDER BY o.id",
                                     supervision::kGradeOnDay, supervision::kGradeInForce));
    q.bind(1, A).bind(2, W);
    while (q.step())
      add("grade", registry::org_key(*q.integer(0)), q.text_or(1, ""), "grade.expiring", q.text_or(3, ""),
          trf("grade {}A valid until {}", *q.integer(2), q.text_or(3, "")));
  }
  // Stays in residence on A whose planned end (as extended by A) has come or comes by W.
  {
    auto q = reg.prepare(
        "SELECT o.id, o.name, i.site, coalesce((SELECT x.old_end FROM incubation_extension x WHERE x.incubation_id = i.id "
        "AND x.decided_on > ?1 ORDER BY x.decided_on, x.id LIMIT 1), i.planned_end) AS ends "
        "FROM incubation i JOIN org o ON o.id = i.org_id WHERE i.admitted_on <= ?1 AND (i.ended_on IS NULL OR i.ended_on > ?1) "
        "AND ends <= ?2 ORDER BY o.id");
    q.bind(1, A).bind(2, W);
    while (q.step()) {
      const std::string ends = q.text_or(3, "");
      add("incubation", registry::org_key(*q.integer(0)), q.text_or(1, ""), "incubate.term", ends,
          ends < A ? trf("in residence at {} past its planned end {}", q.text_or(2, ""), ends)
                   : trf("in residence at {}, planned to end on {}", q.text_or(2, ""), ends));
    }
  }
  // Contracts signed and open on A: no delivery for 90 days; accepted and not paid in full.
  {
    auto q = reg.prepare(
        "SELECT c.number, c.title, c.starts_on, c.ends_on, c.amount, "
        "(SELECT max(d.period_to) FROM delivery d WHERE d.contract_id = c.id AND d.period_to <= ?1), "
        "(SELECT coalesce(sum(p.amount), 0) FROM payment p WHERE p.contract_id = c.id AND p.date <= ?1), "
        "(SELECT a.date FROM acceptance a WHERE a.contract_id = c.id AND a.date <= ?1 AND a.result <> 'failed' "
        " ORDER BY a.date DESC, a.id DESC LIMIT 1) "
        "FROM contract c WHERE c.signed_on <= ?1 AND (c.closed_on IS NULL OR c.closed_on > ?1) ORDER BY c.number");
    q.bind(1, A);
    while (q.step()) {
      const std::string number = q.text_or(0, ""), title = q.text_or(1, "");
      const auto delivered = q.text(5), accepted = q.text(7);
      const std::string from = std::max(delivered.value_or(""), q.text_or(2, ""));
      const std::string quiet = validate::add_days(from, kQuiet);
      if (!accepted && quiet <= W && quiet <= q.text_or(3, ""))
        add("contract", number, title, "contract.no_delivery", quiet,
            delivered ? trf("last delivery recorded to {}", *delivered) : trf("no delivery recorded since it started on {}", from));
      const std::int64_t amount = q.integer(4).value_or(0), paid = q.integer(6).value_or(0);
      if (accepted && paid < amount)
        add("contract", number, title, "contract.unpaid", *accepted,
            trf("accepted on {}; ¥{} of ¥{} paid", *accepted, validate::format_money(paid), validate::format_money(amount)));
    }
  }
  // Residents' needs raised by A and unanswered on it, 90 days old by W.
  {
    auto q = reg.prepare(
        "SELECT d.id, d.community, d.description, d.raised_on FROM demand d WHERE d.raised_on <= ?1 "
        "AND (d.status = 'open' OR d.status = 'accepted' OR d.status_date > ?1) ORDER BY d.id");
    q.bind(1, A);
    while (q.step()) {
      const std::string raised = q.text_or(3, ""), by = validate::add_days(raised, kQuiet);
      if (by <= W)
        add("demand", q.text_or(0, ""), q.text_or(1, "") + " " + q.text_or(2, ""), "demand.unanswered", by,
            trf("raised on {}, unanswered", raised));
    }
  }
  // Oldest first; on one day, by kind as listed above, then subject.
  auto rank = [](const io::Row& r) {
    const auto& kinds = due_kinds().values;
    std::size_t k = 0;
    while (k < kinds.size() && kinds[k].code != r[0]) ++k;
    return std::make_tuple(r[4].value_or(""), k, r[1].value_or(""));
  };
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const io::Row& a, const io::Row& b) { return rank(a) < rank(b); });
  return t;
}

}  // namespace kunqu::report
