// The credit lists an org is on (活动异常名录, 严重违法失信名单), as the credit events that stand
// say: a state every list, filter and report of orgs can ask for. The events themselves are
// recorded by lib/supervision.
#pragma once

#include <string>

#include "org/fields.h"

namespace kunqu::org {

// The states list_state_sql gives, with their Chinese names: serious, abnormal, clear.
const FieldSpec& list_states();

// The lists an org is on, as an SQL expression over `org o`: 'serious', 'abnormal' (and not
// serious), 'clear', or NULL for a filed group (outside the lists). With `as_of` (an SQL
// expression: a date or a parameter), as the events dated up to that day say. For an org known
// to have no credit events, `events` false gives the same expression without their look-ups
// (cheaper to prepare): NULL for a filed group, 'clear' for any other.
std::string list_state_sql(const std::string& as_of = {}, bool events = true);
// What that expression gives for an org of `tier` without credit events, on any day.
std::optional<std::string> list_state_without_events(const std::optional<std::string>& tier);

}  // namespace kunqu::org
