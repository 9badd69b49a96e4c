// The filing track (备案): filed community groups, their yearly reviews by their hubs, and the
// groups attached to a hub. Filing a group, registering it (upgrade) and revoking a filing are
// org operations (org/org.h) under the filing's names; this module holds what is the filing's
// own: reviews and the filing views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "io/table.h"
#include "org/org.h"
#include "vocab/vocab.h"

namespace kunqu::filing {

using registry::Registry;

// A yearly review (年度评议) of a filed group: its date, outcome (pass 合格 / basic_pass 基本合格
// / fail 不合格), the star rating the hub gives (1–5), who reviewed, a note.
struct Review {
  std::string date;
  std::string outcome;
  std::optional<std::string> stars;  // as typed: checked to be 1–5
  std::string reviewer;
  std::string note;
};

// Records a review of the filed group `token`. Refused (kInvalidData, every problem at once)
// when the org is not a filed group, its filing is closed (upgraded, revoked, deregistered),
// the date is before the filing or in the future, or a value is out of range.
org::Org review(Registry& reg, std::string_view token, const Review& r);

// The outcome codes with their Chinese labels.
const vocab::FieldSpec& outcomes();

struct Filter {
  std::optional<std::string> street, community, hub, category, status, year, stars;
  bool due = false;  // open filings whose last review (or filing) is a year old or more
  std::optional<std::string> as_of;  // YYYY-MM-DD: the filings as they stood at the end of that day
  std::size_t limit = 0;
};

// Filed groups (and groups that registered from filing) matching `filter`, one row each:
// key, filing_no, name, street, community, hub, category, type, filed_on, filing_status
// (open, suspended, upgraded, revoked, deregistered), last_review, outcome, stars.
// *total receives the count without the limit.
io::Table list(Registry& reg, const Filter& filter, std::size_t* total = nullptr);

// One filing as a record: the filing's fields, its status and its last review.
io::Table show(Registry& reg, std::string_view token);

// The reviews of one org, oldest first.
io::Table reviews(Registry& reg, std::int64_t org_id);

// The filed groups attached to the hub `hub_id`, by key.
io::Table groups_of_hub(Registry& reg, std::int64_t hub_id);

// The reviews file: org (filing number, else key), org_name (checked), date, outcome, stars,
// reviewer, note. Export writes the columns import reads; import is all or nothing, each row
// through review(), every problem at its cell; a review of the same group on the same day is
// recorded already (a conflict; ‹on_conflict› skip leaves it).
io::Table export_reviews(Registry& reg, const org::RecordFilter& filter);
registry::ImportResult import_reviews(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options);
std::optional<std::size_t> resolve_review_header(std::string_view header);
// The columns import reads, with the headers it reads them by: what `help columns` lists.
const std::vector<vocab::FileColumn>& review_import_columns();
std::string review_header_zh(std::string_view name);  // a column's Chinese header, '' for none
const std::vector<std::string>& review_file_columns();

// The columns filing export writes and filing import reads (every field of a filed group).
const std::vector<org::Field>& export_fields();

}  // namespace kunqu::filing
