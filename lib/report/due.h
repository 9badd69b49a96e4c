// One list of what is due: everything a person must act on, from every part of the registry,
// each with its subject, the reason, the rule and the date it is (or was) due.
#pragma once

#include <string>

#include "io/table.h"

namespace kunqu::registry {
class Registry;
}

namespace kunqu::report {

using registry::Registry;

// What is due on `as_of`, or falls due within `within` (a span: 30d, 6m, 1y) after it, oldest
// first: kind, subject (an org's key, a contract's number, a need's id), name, rule, date,
// reason. Kinds and what they come from:
//   filing        a filed group not reviewed for a year (filing.yearly_review)
//   annual_check  the last annual check due by the window's end not submitted
//                 (annual_check.report; reports are due by annual_report_deadline)
//   credit        credit-list entries and exits due on `as_of` (Order No. 60's rules)
//   grade         grades to lower or withdraw on `as_of` (Order No. 39's), and grades whose
//                 five years end (grade.expiring)
//   incubation    stays whose planned end has come or comes (incubate.term)
//   contract      signed contracts with no delivery recorded for 90 days
//                 (contract.no_delivery), accepted and not paid in full (contract.unpaid)
//   demand        residents' needs unanswered 90 days after they were raised
//                 (demand.unanswered)
// Everything is read as it stood at the end of `as_of`. kunqu lists; a person acts.
io::Table due(Registry& reg, const std::string& as_of, const std::string& within = "0d");

}  // namespace kunqu::report
