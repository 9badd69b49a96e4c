// Reports for leadership: the month (or the year) as of its last day, counted by business
// dates — organizations, density against the target, credit and checks, the incubator and the
// purchase of services — beside the period before, in one tidy table.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/table.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::report {

using registry::Registry;

struct Period {
  std::string label;  // "2015-06" or "2015"
  std::string from, to;  // first and last day
  bool annual = false;
};
// "YYYY-MM", or "last" (the civil month before today's, Asia/Shanghai). kUsage otherwise.
Period month(Registry& reg, const std::string& text);
// "YYYY", or "last" (the year before today's). kUsage otherwise.
Period year(Registry& reg, const std::string& text);
// The period just before `p` (the month or the year before).
Period previous(const Period& p);
// `p` held to `today` (YYYY-MM-DD, the district's date): kUsage when it has not begun ("the
// month 2099-01 has not begun (today is 2026-12-06)"). One that has begun and not ended (today
// is its last day or before) is counted as of today: its last day becomes today, and the
// warning to give is returned; "" for a period that has ended.
std::string hold_to_today(Period& p, const std::string& today);

// The report's rows, sections in a fixed order:
//   section, metric, dimension, key, value, previous, change, unit
// `value` is what the period ends with (or did in it), `previous` the same for the period
// before, `change` their difference when both are numbers. Units: orgs, yuan, hours, persons,
// person_times, contracts, stays, events, checks, grades, surveys, vouchers, demands, items,
// days, percent,
// per_10k (organizations per 10,000 residents), residents, year, years (population_years_behind:
// how much older than the period the population figure is).
io::Table build(Registry& reg, const Period& period);

// The sections, in order: orgs, density, credit, incubator, contracts, menu, and registry (the
// audit chain's head as the report was made: entry and SHA-256).
const std::vector<std::string>& sections();

// Organizations standing at the end of each of the periods up to `period`: the last 12 months
// for a month, every year since the first org entered (at most 10) for a year.
std::vector<std::pair<std::string, std::int64_t>> orgs_over_time(Registry& reg, const Period& period);

// The report `t` (built for `period`) as one self-contained HTML page: no scripts, no external
// files; the tables and inline SVG charts of organizations over time, density by street
// against the target, and budget use (html.cpp).
// A headline block first — organizations now and new in the period, density against the
// target, the incubator, money signed and paid against the year's budget — then the charts
// (a sentence instead of the budget chart when the year has no budget), the tables of the
// figures, and a footer with the audit chain's head the report was made at. `commands` says
// the page's ‹noun verb› and ‹flag› markers as the front end's words (as is without one).
std::string html(Registry& reg, const Period& period, const io::Table& t,
                 const std::function<std::string(std::string_view)>& commands = {});

// The report `t` in words for people, in the language of messages (lib/i18n): section,
// metric, dimension and unit in words, and keys that are codes (组织类型 社会团体, a budget
// line's field …) by their labels. Rows stay in their order. `t` itself where messages are in
// English: its codes are the English (people.cpp).
io::Table for_people(const io::Table& t);
// One key in words (see for_people), for the key of `metric` counted by `dimension`.
std::string key_for_people(const std::string& metric, const std::string& dimension, const std::string& key);
// `t` with the keys a dimension left blank in words, for a table or page people read: a filed
// group's registration authority "(none: filed groups have no authority)",
// any other blank value "(not recorded)". CSV, JSON and TOML keep the blank.
io::Table blanks_in_words(io::Table t);
// Every code the report's section, metric, dimension and unit columns hold, and the fixed keys,
// with their message context ("section", "metric", "dimension", "unit", "key").
std::vector<std::pair<std::string, std::vector<const char*>>> codes();

// Money of a report table shown in 万元 (wan yuan) instead of yuan, exactly (unit `wan_yuan`).
void money_in_wan(io::Table& t);
// Fen in 万元 as money_in_wan writes it: at least two decimals, at most six, exact ("130.00",
// "0.012345").
std::string wan_text(std::int64_t fen);

}  // namespace kunqu::report
