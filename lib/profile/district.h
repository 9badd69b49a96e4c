// The district as it changes after db init: a new year's population of a street, a new
// community, a street renamed or merged into another from a day (keeping the old street, its
// communities and population, as history), new streets — by one change at a time or by loading
// the district's profile file again. Every change is audited; reports read the district as it
// stood on the day they cover (street_on_day_sql, residents_on).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/table.h"
#include "profile/profile.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::profile {

// One change to the district: what (setting, street, rename, merge, community, population),
// the street or setting it is of, the item (a community, a population's year and kind), and the
// value before and after ('' for none).
struct DistrictChange {
  std::string what;
  std::string street;
  std::string item;
  std::string before;
  std::string after;
};
// The changes as a table (record 'change'), in the order made.
io::Table changes_table(const std::vector<DistrictChange>& changes);

// Brings the registry's district to `profile`: settings that differ, streets and communities it
// lacks, population figures new or changed, and each street's renamed_from / merged_from from
// its `since` day. A street or community of the registry the profile leaves out is refused
// (kInvalidData, naming it): none is ever removed, only renamed or merged. REQUIRES: an open
// transaction. Returns what changed; nothing when the registry already holds the profile.
std::vector<DistrictChange> apply(registry::Registry& reg, const Profile& profile);

// apply() in one transaction audited as db.district with `source` and its SHA-256 `digest`;
// with `dry_run` nothing is written and the changes are those it would make. `before` runs first
// in the same transaction (a layer above applies the settings it checks itself, such as the
// incubator's sites).
std::vector<DistrictChange> load(registry::Registry& reg, const Profile& profile, const std::string& source,
                                 const std::string& digest, bool dry_run,
                                 const std::function<void(registry::Registry&)>& before = {});

// One change each, in one transaction audited as db.district. Throw when a street or
// community is not the registry's (kNotFound, naming the streets), kInvalidData when the change is
// impossible (a name taken, a date that is no day).
// The residents of `street` in `year` ('resident' 常住 or 'registered' 户籍), set or replaced.
DistrictChange set_population(registry::Registry& reg, const std::string& street, int year, std::int64_t residents,
                              const std::string& kind);
DistrictChange add_community(registry::Registry& reg, const std::string& street, const std::string& community);
// A new street, standing from today (reports for days before it do not show it).
DistrictChange add_street(registry::Registry& reg, const std::string& street);
// `street` is named `new_name` from `day`: a new street carries on with its communities; the old
// one stays, with its population, as the name of the days before.
DistrictChange rename_street(registry::Registry& reg, const std::string& street, const std::string& new_name,
                             const std::string& day);
// `streets` become part of `into` from `day`: `into` is a street of the registry, or a new one
// made that day; their communities move with them.
std::vector<DistrictChange> merge_streets(registry::Registry& reg, const std::vector<std::string>& streets,
                                          const std::string& into, const std::string& day);

// Every street, current or past, with its days, successor, communities and population years.
io::Table streets_table(registry::Registry& reg);

// Whether any street was renamed or merged: reports then map names through street_on_day_sql.
bool has_history(registry::Registry& reg);
// An SQL expression for the name the street named by the SQL expression `street` had on the day
// the SQL expression `day` gives: later names for the days after a rename or merger, the old
// name for days before a rename; `street` itself when the registry knows no such street.
std::string street_on_day_sql(const std::string& street, const std::string& day);
// The streets standing on `day`, in the profile's order, each with its residents in the latest
// year up to `year` it has a figure for (resident, else registered), else the sum of the streets
// it carries on from in their latest years; `year` 0 where nothing is known.
struct StreetResidents {
  std::string street;
  std::int64_t residents = 0;
  int year = 0;  // the (oldest) year the figure is of
};
std::vector<StreetResidents> residents_on(registry::Registry& reg, const std::string& day, int year);

}  // namespace kunqu::profile
