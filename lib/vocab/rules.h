// Every rule kunqu applies, in one table: its code, the document it comes from and the dates it
// applies between. A rule counts only what happened while it was in force — an event before
// its start triggers nothing and runs no clock — and a refusal or suggestion names the rule
// and its document.
#pragma once

#include <string>
#include <vector>

#include "io/table.h"

namespace kunqu::vocab {

struct Rule {
  std::string code;         // "abnormal.annual_report", "contract.term", …
  std::string list;         // credit-list rules: abnormal | serious ('' for the others)
  std::string action;       // credit-list rules: entry | exit
  std::string from, until;  // in force on days from ≤ d < until ('' = open)
  std::string basis;        // the document and article
  std::string text;         // what it says, in English
  std::string text_zh;      // and in Chinese
};

// Every rule, credit-list rules first.
const std::vector<Rule>& rules();

// The rule `code`. REQUIRES: one of rules().
const Rule& rule(const std::string& code);

// Whether `r` is in force on `day` (YYYY-MM-DD).
bool in_force(const Rule& r, const std::string& day);

// The later of `day` and the day `r` came into force: where a rule's clock may start.
std::string counted_from(const Rule& r, const std::string& day);

// "（民政部令第60号《社会组织信用信息管理办法》，2018-01-24起）": how a message cites a rule.
std::string cite(const Rule& r);

// The rules as a table for people and scripts: code, basis, from, until, text.
io::Table rules_table();

}  // namespace kunqu::vocab
