// The district profile: the district's name and code, its streets and communities, residents
// per street and year, the density target, and registry settings. Read from a TOML file at
// `db init --profile`, kept in the registry, changed with `db settings`.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/table.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::profile {

struct Population {
  int year = 0;
  std::int64_t residents = 0;
  std::string kind = "resident";  // 'resident' (常住) or 'registered' (户籍)
};

struct Street {
  std::string name;
  std::vector<std::string> communities;
  std::vector<Population> population;
  // A street that carries on from others from `since` (YYYY-MM-DD): renamed from one, or made
  // of several merged (profile/district.h).
  std::string renamed_from;
  std::vector<std::string> merged_from;
  std::string since;
};

struct Profile {
  std::vector<std::pair<std::string, std::string>> settings;  // key → value, district.* included
  std::vector<Street> streets;
};

// Parses a profile. Throws kunqu::Error(kInvalidData) listing every problem with its
// position; unknown keys are errors.
Profile parse(std::istream& in, const std::string& file_name);

// Stores a profile in a new registry. REQUIRES: an open transaction.
void store(registry::Registry& reg, const Profile& profile);

// The first write of a new registry, in one transaction: `profile` stored when given (read from
// `source`, whose SHA-256 is `digest`), and the db.init audit entry saying so and naming the
// `group` that shares the file.
void initialize(registry::Registry& reg, const std::optional<Profile>& profile, const std::string& source,
                const std::string& digest, const std::optional<std::string>& group);

// The settings kunqu knows, with their defaults, in display order.
struct SettingSpec {
  std::string key;
  std::string default_value;
  std::string description;
};
const std::vector<SettingSpec>& known_settings();

// Checks `value` for `key`; returns the canonical value or throws kUsage/kInvalidData.
std::string check_setting(const std::string& key, const std::string& value);

// Sets `key` to `value` (checked by check_setting) in one transaction, audited with its value
// before and after; `also` checks what the change would leave wrong elsewhere (throwing to
// refuse it) inside the same transaction. Returns the value stored.
std::string change_setting(registry::Registry& reg, const std::string& key, const std::string& value,
                           const std::function<void(registry::Registry&, const std::string&)>& also = {});

// A setting's stored value, else its default.
std::string setting(registry::Registry& reg, const std::string& key);

// The incubator sites of the incubator_sites setting ('NAME=N; NAME=N'), in order. On a
// malformed value returns nothing and says why in *problem.
std::vector<std::pair<std::string, int>> parse_sites(const std::string& value, std::string* problem = nullptr);

// Every setting with its value (stored or default) as a key/value/description table.
io::Table settings_table(registry::Registry& reg);

// Every street of the registry with its communities, in the profile's order (no population).
std::vector<Street> streets(registry::Registry& reg);

// Whether the registry has a street list, and whether a street / community is in it.
bool has_streets(registry::Registry& reg);
bool street_exists(registry::Registry& reg, const std::string& street);
bool community_in_street(registry::Registry& reg, const std::string& street, const std::string& community);
std::vector<std::string> street_names(registry::Registry& reg);

// Checks the street and community a list is filtered by (its options ‹street› and ‹community›)
// against the registry's street list, names of the past (renamed or merged streets) included: a
// name it does not know is a usage error (kUsage) that names the nearest it knows. Without a
// street list nothing is checked.
void check_place_filter(registry::Registry& reg, const std::optional<std::string>& street,
                        const std::optional<std::string>& community);

}  // namespace kunqu::profile
