// The organizations of reports in one pass: the orgs are read once in the order of their keys,
// and beside them, in the same order, their events, hub links, credit-list events and annual
// checks; each org adds itself to the counts of every period it belongs to.
#include "report/org_counts.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

#include "profile/district.h"
#include "registry/registry.h"
#include "supervision/supervision.h"

namespace kunqu::report {

namespace {

using registry::Query;

// Rows of a query ordered by org (its column 0), read along with the orgs in the order of
// their keys: upto(id, row) gives `row` every row of the orgs up to `id`, and whether it is
// the org `id`'s own.
class Along {
 public:
  explicit Along(Query q) : q_(std::move(q)) { next(); }
  template <class Row>
  void upto(std::int64_t id, Row&& row) {
    while (live_ && org_ <= id) {
      row(q_, org_, org_ == id);
      next();
    }
  }

 private:
  void next() {
    live_ = q_.step();
    if (live_) org_ = q_.integer(0).value_or(0);
  }
  Query q_;
  bool live_ = false;
  std::int64_t org_ = 0;
};

// The distinct values of one field, a blank (NULL) one apart, each with its counts by period.
class Tally {
 public:
  explicit Tally(std::size_t periods) : n_(periods) {}
  std::size_t index(const Query& q, int col) {
    if (q.is_null(col)) return of(std::nullopt);
    const std::string_view v = q.view(col);
    auto it = known_.find(v);
    if (it != known_.end()) return it->second;
    return of(std::string(v));
  }
  std::size_t of(const std::optional<std::string>& v) {
    if (!v) {
      if (null_ == kNone) null_ = add(v);
      return null_;
    }
    auto it = known_.find(*v);
    return it != known_.end() ? it->second : known_.emplace(*v, add(v)).first->second;
  }
  void count(std::size_t period, std::size_t i, std::int64_t by = 1) { n_[period][i] += by; }
  const std::optional<std::string>& value(std::size_t i) const { return values_[i]; }
  std::int64_t n(std::size_t period, std::size_t i) const { return n_[period][i]; }
  std::size_t size() const { return values_.size(); }
  // The keys counted in `period`, a blank one first, then by value (as SQLite orders text).
  Keyed keyed(std::size_t period) const {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values_.size(); ++i)
      if (n_[period][i]) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values_[a] < values_[b]; });
    Keyed out;
    for (auto i : order) out.emplace_back(values_[i].value_or(""), n_[period][i]);
    return out;
  }

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t add(const std::optional<std::string>& v) {
    values_.push_back(v);
    for (auto& n : n_) n.push_back(0);
    return values_.size() - 1;
  }
  std::map<std::string, std::size_t, std::less<>> known_;
  std::vector<std::optional<std::string>> values_;
  std::vector<std::vector<std::int64_t>> n_;  // period → value → orgs
  std::size_t null_ = kNone;
};

bool closes(std::string_view kind) {
  return kind == "revoked" || kind == "certificate_revoked" || kind == "filing_revoked" || kind == "deregistered";
}

struct Link {
  std::int64_t hub;
  std::optional<std::string> starts, ends;
};
struct Listing {
  bool serious;  // serious_in/out, else abnormal_in/out
  bool in;
  std::string date;
};
struct Check {
  std::int64_t year;
  std::string date;
};

// The street names of the days of the periods: as recorded, or with streets renamed or merged,
// the name each had that day (profile::street_on_day_sql), asked once per street and day.
class StreetsOnDays {
 public:
  StreetsOnDays(Registry& reg, const std::vector<Period>& periods) : periods_(periods) {
    if (profile::has_history(reg)) q_.emplace(reg.prepare("SELECT " + profile::street_on_day_sql("?1", "?2")));
  }
  // The name of the street recorded as `recorded` (index `i` of its tally) on period `p`'s last day.
  const std::optional<std::string>& name(std::size_t i, const std::optional<std::string>& recorded, std::size_t p) {
    if (!q_ || !recorded) return recorded;
    if (cache_.size() <= i) cache_.resize(i + 1);
    auto& names = cache_[i];
    if (names.empty()) {
      for (const auto& period : periods_) {
        q_->reset();
        q_->bind(1, *recorded).bind(2, period.to);
        names.push_back(q_->step() ? q_->text(0) : recorded);
      }
    }
    return names[p];
  }

 private:
  const std::vector<Period>& periods_;
  std::optional<Query> q_;
  std::vector<std::vector<std::optional<std::string>>> cache_;
};

}  // namespace

std::vector<OrgCounts> count_orgs(Registry& reg, const std::vector<Period>& periods) {
  const std::size_t np = periods.size();
  std::vector<OrgCounts> out(np);
  std::vector<std::int64_t> due(np);
  for (std::size_t p = 0; p < np; ++p) out[p].checks_due_year = due[p] = supervision::report_year_due(reg, periods[p].to);

  // The events that close an org or mark the period, not corrected, whether or not the org
  // they name is read: a period counts each org once per kind of decision.
  Along events(reg.prepare(
      "SELECT e.org_id, e.kind, e.on_date FROM org_event e WHERE e.kind IN ('suspended', 'revoked', "
      "'certificate_revoked', 'filing_revoked', 'deregistered') AND NOT EXISTS (SELECT 1 FROM org_event c "
      "WHERE c.corrects = e.id) ORDER BY e.org_id"));
  Along links(reg.prepare("SELECT l.org_id, l.hub_id, l.starts_on, l.ends_on FROM hub_link l ORDER BY l.org_id"));
  Along listings(reg.prepare(
      "SELECT e.org_id, e.kind, e.date FROM credit_event e WHERE e.kind IN ('serious_in', 'serious_out', 'abnormal_in', "
      "'abnormal_out') AND NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id) ORDER BY e.org_id, e.date, e.id"));
  Along checks(reg.prepare("SELECT a.org_id, a.year, a.date FROM annual_check a WHERE a.result <> 'not_submitted' ORDER BY a.org_id"));

  std::vector<int> decided(np);  // per period, the kinds of decision of the org being read: 1, 2, 4
  std::int64_t deciding = std::numeric_limits<std::int64_t>::min();
  auto flush = [&] {
    for (std::size_t p = 0; p < np; ++p) {
      out[p].suspended += decided[p] & 1 ? 1 : 0;
      out[p].revoked += decided[p] & 2 ? 1 : 0;
      out[p].deregistered += decided[p] & 4 ? 1 : 0;
      decided[p] = 0;
    }
  };
  std::optional<std::string> closed;  // the org's first closing event, by date
  std::vector<Link> hubs;
  std::vector<Listing> listed;
  std::vector<Check> checked;
  auto on_event = [&](const Query& q, std::int64_t org, bool own) {
    if (org != deciding) flush(), deciding = org;
    const std::string_view kind = q.view(1);
    if (q.is_null(2)) return;
    const std::string_view date = q.view(2);
    const int bit = kind == "suspended" ? 1 : kind == "deregistered" ? 4 : 2;
    for (std::size_t p = 0; p < np; ++p)
      if (date >= periods[p].from && date <= periods[p].to) decided[p] |= bit;
    if (own && closes(kind) && (!closed || date < *closed)) closed = std::string(date);
  };

  auto q = reg.prepare(
      "SELECT o.id, o.tier, o.registered_on, o.filed_on, o.type, o.registration_authority, o.level, o.category, o.street, " +
      supervision::first_check_year_sql(reg, "o") + " FROM org o ORDER BY o.id");
  Tally type(np), authority(np), level(np), category(np), recorded(np), street_day(np);
  std::vector<std::map<std::int64_t, std::int64_t>> by_hub(np);
  std::vector<std::int64_t> grassroots(np);
  std::vector<std::array<std::int64_t, 2>> on_list(np);  // abnormal, serious
  std::vector<std::vector<std::int64_t>> street_registered(np);  // by street of the day
  StreetsOnDays streets(reg, periods);
  constexpr std::string_view kNever = "9999-12-31";
  while (q.step()) {
    const std::int64_t id = *q.integer(0);
    closed.reset();
    hubs.clear();
    listed.clear();
    checked.clear();
    events.upto(id, on_event);
    links.upto(id, [&](const Query& l, std::int64_t, bool own) {
      if (own) hubs.push_back({l.integer(1).value_or(0), l.text(2), l.text(3)});
    });
    listings.upto(id, [&](const Query& l, std::int64_t, bool own) {
      if (own) listed.push_back({l.view(1).substr(0, 7) == "serious", l.view(1) == "serious_in" || l.view(1) == "abnormal_in",
                                 std::string(l.view(2))});
    });
    checks.upto(id, [&](const Query& c, std::int64_t, bool own) {
      if (own && !c.is_null(2)) checked.push_back({c.integer(1).value_or(0), std::string(c.view(2))});
    });

    const bool registered_now = q.view(1) == "registered";
    // A date not recorded is "" here, and has_… says so.
    const bool has_registered = !q.is_null(2), has_filed = !q.is_null(3);
    const std::string_view registered_on = q.view(2), filed_on = q.view(3);
    const std::string_view entry = std::min(has_filed ? filed_on : kNever, has_registered ? registered_on : kNever);
    const std::optional<std::int64_t> first_check = q.integer(9);
    const std::size_t t = type.index(q, 4), a = authority.index(q, 5), l = level.index(q, 6), c = category.index(q, 7);
    const std::size_t s = recorded.index(q, 8);
    for (std::size_t p = 0; p < np; ++p) {
      const Period& period = periods[p];
      OrgCounts& n = out[p];
      auto in_period = [&](bool has, std::string_view d) { return has && d >= period.from && d <= period.to; };
      if (registered_now && !has_filed && in_period(has_registered, registered_on)) ++n.new_registered;
      if (in_period(has_filed, filed_on)) ++n.new_filed;
      if (registered_now && has_filed && in_period(has_registered, registered_on)) ++n.upgraded;
      if (entry > period.to) continue;
      ++n.entered;
      if (closed && *closed <= period.to) continue;
      ++n.standing;
      const bool registered = registered_now && has_registered && registered_on <= period.to;
      n.registered += registered;
      grassroots[p] += !registered;
      type.count(p, t), authority.count(p, a), level.count(p, l), category.count(p, c);
      const std::size_t day = street_day.of(streets.name(s, recorded.value(s), p));
      street_day.count(p, day);
      if (registered) {
        if (street_registered[p].size() <= day) street_registered[p].resize(day + 1);
        ++street_registered[p][day];
      }
      if (!registered)
        for (const auto& link : hubs)
          if (link.starts && *link.starts <= period.to && (!link.ends || *link.ends > period.to)) ++by_hub[p][link.hub];
      if (registered_now) {
        // The last decision of each list by then: in, or out.
        const Listing* last[2] = {nullptr, nullptr};  // abnormal, serious
        for (const auto& e : listed)
          if (e.date <= period.to) last[e.serious] = &e;
        if (last[1] && last[1]->in) ++on_list[p][1];
        else if (last[0] && last[0]->in) ++on_list[p][0];
      }
      if (registered && first_check && *first_check <= due[p] &&
          std::none_of(checked.begin(), checked.end(), [&](const Check& x) { return x.year == due[p] && x.date <= period.to; }))
        ++n.checks_outstanding;
    }
  }
  events.upto(std::numeric_limits<std::int64_t>::max(), on_event);
  flush();

  // The district's streets in their order; a name it does not have after them, by name.
  std::map<std::string, std::int64_t> street_ids;
  auto sq = reg.prepare("SELECT id, name FROM street ORDER BY id DESC");
  while (sq.step()) street_ids[sq.text_or(1, "")] = *sq.integer(0);  // the first of a name wins
  auto hub_name = reg.prepare("SELECT name FROM org WHERE id = ?");
  for (std::size_t p = 0; p < np; ++p) {
    OrgCounts& n = out[p];
    if (n.registered) n.tier.emplace_back("registered", n.registered);
    if (grassroots[p]) n.tier.emplace_back("grassroots", grassroots[p]);
    n.type = type.keyed(p), n.authority = authority.keyed(p), n.level = level.keyed(p), n.category = category.keyed(p);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < street_day.size(); ++i)
      if (street_day.n(p, i)) order.push_back(i);
    auto rank = [&](std::size_t i) {
      const auto& v = street_day.value(i);
      auto it = v ? street_ids.find(*v) : street_ids.end();
      return std::make_tuple(it == street_ids.end(), it == street_ids.end() ? 0 : it->second, v);
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
    for (auto i : order) n.streets.push_back({street_day.value(i).value_or(""), street_day.n(p, i),
                          i < street_registered[p].size() ? street_registered[p][i] : 0});
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> hubs_named;
    for (const auto& [hub, orgs] : by_hub[p]) {
      hub_name.reset();
      hub_name.bind(1, hub);
      if (hub_name.step()) hubs_named.emplace_back(hub_name.text_or(0, ""), hub, orgs);
    }
    std::sort(hubs_named.begin(), hubs_named.end());
    for (const auto& [name, hub, orgs] : hubs_named) n.hub.emplace_back(name, orgs);
    if (on_list[p][1]) n.listed.emplace_back("serious", on_list[p][1]);
    if (on_list[p][0]) n.listed.emplace_back("abnormal", on_list[p][0]);
  }
  return out;
}

}  // namespace kunqu::report
