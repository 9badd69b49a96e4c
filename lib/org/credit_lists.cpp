// The credit list an org is on, from its credit events.
#include "org/credit_lists.h"

#include <fmt/format.h>

namespace kunqu::org {

const FieldSpec& list_states() {
  static const FieldSpec spec = enum_spec(
      "credit_list", "信用名录",
      {{"serious", {"严重违法失信名单"}}, {"abnormal", {"活动异常名录"}}, {"clear", {"未列入"}}});
  return spec;
}

std::string list_state_sql(const std::string& as_of, bool events) {
  const std::string until = as_of.empty() ? "" : " AND e.date <= " + as_of;
  auto last = [&](const char* in, const char* out) -> std::string {
    if (!events) return "NULL";  // what the look-up finds among no events
    return fmt::format(
        "(SELECT e.kind FROM credit_event e WHERE e.org_id = o.id AND (e.kind = '{}' OR e.kind = '{}'){} "
        "AND NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id) ORDER BY e.date DESC, e.id DESC LIMIT 1)",
        in, out, until);
  };
  return fmt::format("CASE WHEN o.tier <> 'registered' THEN NULL WHEN {} = 'serious_in' THEN 'serious' "
                     "WHEN {} = 'abnormal_in' THEN 'abnormal' ELSE 'clear' END",
                     last("serious_in", "serious_out"), last("abnormal_in", "abnormal_out"));
}

std::optional<std::string> list_state_without_events(const std::optional<std::string>& tier) {
  // The CASE of list_state_sql with its look-ups NULL: `o.tier <> 'registered'` (NULL for no
  // tier, which then falls through) gives NULL, else 'clear'.
  if (tier && *tier != "registered") return std::nullopt;
  return "clear";
}

}  // namespace kunqu::org
