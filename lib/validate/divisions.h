// The administrative division codes of GB/T 2260 (行政区划代码), county level and above, from
// 1981 to the last edition kept (lib/validate/divisions.txt, with its source): positions 3–8 of
// a credit code are one of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kunqu::validate {

struct Division {
  std::string code;  // six digits
  std::string name;  // the last name it had
  int from = 0;      // the first year it was in use
  int until = 0;     // the year it went out of use; 0 while in use
};

// The division `code` names, nullopt when GB/T 2260 never had it.
std::optional<Division> division(std::string_view code);

// The division of that name in use at some time from 2015 (the first by code when several
// are), nullopt when none.
std::optional<Division> division_named(std::string_view name);

// Whether `region` (a credit code's positions 3–8) is a region a code issued from 2015 may
// carry: 100000 (national bodies), a division in use at any time from 2015 (abolished ones
// included), a city's 市辖区 (440101: its districts together), or a municipality's 市辖区/县
// (110100, 500200 …).
bool issued_region(std::string_view region);

// Why `region` is not one a code issued from 2015 carries (issued_region), nullopt when it is.
std::optional<std::string> region_problem(std::string_view region);

// The last edition kept (a year).
int divisions_edition();

}  // namespace kunqu::validate
