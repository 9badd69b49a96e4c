// What the files of lib/incubate share: the sites, the stays and the columns of the stays
// file. Internal to lib/incubate; not part of the library's interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "incubate/incubate.h"
#include "io/text.h"
#include "org/org.h"
#include "vocab/vocab.h"

namespace kunqu::incubate {

// The trimmed text, or nullopt when it is empty.
inline std::optional<std::string> opt(const std::string& s) { return io::trimmed_or_null(s); }

// A stay's statuses with their Chinese names: in_residence, graduated, withdrawn.
const vocab::FieldSpec& statuses();

struct Site {
  std::string name;
  int capacity = 0;
};
// The sites the incubator_sites setting names, with their places.
std::vector<Site> configured_sites(Registry& reg);
// "a, b": the sites' names, for messages.
std::string site_names(const std::vector<Site>& sites);
// Stays at `site` occupying a place on `date`: admitted by then and not ended by then.
int occupancy(Registry& reg, const std::string& site, const std::string& date);

struct Stay {
  std::int64_t id = 0;
  std::string site, admitted_on, planned_end;
};
// The org's stay in residence, if any.
std::optional<Stay> open_stay(Registry& reg, std::int64_t org_id);
// A stay of the org that overlaps [from, until) (until nullopt: open-ended), other than `except`,
// described for a message.
std::optional<std::string> overlapping(Registry& reg, std::int64_t org_id, const std::string& from,
                                       const std::optional<std::string>& until, std::int64_t except = 0);
// The rules of admission that concern the org itself, as a refusal message, or "".
std::string admission_refusal(Registry& reg, const org::Org& o);

}  // namespace kunqu::incubate
