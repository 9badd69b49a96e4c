// The organizations a report counts, for several periods in one pass over the orgs and their
// events: what stood at each period's last day, by every dimension the report shows, and what
// happened in each period.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "report/report.h"

namespace kunqu::report {

// Keys with their counts in the report's order; a key no org of the day has is left out.
using Keyed = std::vector<std::pair<std::string, std::int64_t>>;

struct StreetCount {
  std::string street;  // the street's name on the day (renames and mergers); "" not recorded
  std::int64_t all = 0, registered = 0;
};

// An org has entered the registry by a day when its filing or registration date is by then, and
// stands from then until its first revocation or deregistration by then that was not corrected,
// whatever came after (schemas/migrations/010_org_event.sql). It counts as registered on a day
// when it is registered now and its registration date is by then (a filed group upgraded later
// was a filed group).
struct OrgCounts {
  // As of the period's last day: orgs standing, of them registered, and those entered, standing
  // or not (the district's count of organizations grown).
  std::int64_t standing = 0, registered = 0, entered = 0;
  Keyed tier;  // registered, grassroots
  Keyed type, authority, level, category;  // by the org's field, a blank one first
  std::vector<StreetCount> streets;  // the district's streets in their order, then others by name
  Keyed hub;      // filed groups standing, by the hub they were linked to that day, by its name
  Keyed listed;   // orgs registered now and standing, on a credit list that day: serious, abnormal
  std::int64_t checks_due_year = 0;       // the last year whose annual report was due by then
  std::int64_t checks_outstanding = 0;    // registered orgs standing that owe it and have none by then
  // In the period: registered (never filed), filed, upgraded (filed first) by the org's dates;
  // orgs with a suspension, a revocation, a deregistration dated in it, not corrected,
  // whatever came later.
  std::int64_t new_registered = 0, new_filed = 0, upgraded = 0;
  std::int64_t suspended = 0, revoked = 0, deregistered = 0;
};

// The counts of each of `periods`, in their order: one read of the orgs, one of their events,
// hub links, credit-list events and annual checks, whatever the number of periods.
std::vector<OrgCounts> count_orgs(Registry& reg, const std::vector<Period>& periods);

}  // namespace kunqu::report
