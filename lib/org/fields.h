// The fields of an organization record: their stable snake_case names (the column names of
// every machine format), kinds, the Chinese headers staff use as aliases on import, and the
// enum codes with their Chinese labels. One table drives import, export, add and update.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"
#include "vocab/vocab.h"

namespace kunqu::org {

using vocab::EnumValue;
using vocab::FieldKind;
using vocab::FieldSpec;

// Field positions in fields(); Org::values is indexed by these.
enum Field : std::size_t {
  kKey, kName, kTier, kType, kAuthority, kLevel, kCategory, kStreet, kCommunity, kHub,
  kHubSince,  // the day the group's link to its hub began (hub_link), derived on read
  kCreditCode, kFilingNo, kFiledOn, kFilingOffice, kFounded, kRegisteredOn, kStatus, kStatusDate,
  kStatusReason, kStatusAuthority, kStatusDocument, kRepresentative, kPhone, kAddress, kActivityArea, kBusinessScope,
  kFunds, kMembers, kStaff, kPartyOrg, kSupervisor, kNotes,
  // The numbers of an org registered before credit codes (schema 13): its registration
  // certificate number (登记证号) and organization code (组织机构代码, GB 11714).
  kCertificateNo, kOrgCode, kFieldCount
};

const std::vector<FieldSpec>& fields();

// Whether field `f` may hold several lines (tabs and line breaks): notes, addresses and business
// scopes; every other field holds one line.
bool several_lines(std::size_t f);
// Whether a TOML file must give field `f` as a string ("…"): every field but dates, money,
// counts and yes/no, so that `name = 123` is refused rather than stored as "123".
bool text_only(std::size_t f);

// The columns of an org file as import reads them: every field, by its name, its Chinese header
// and its aliases, in field order; and which rows must fill them, as the checker holds them
// (checker.cpp). `filed`: a file of filed groups, every row grassroots (‹filing import›).
const std::vector<vocab::FileColumn>& import_columns(bool filed);

// The field named `header`: its snake_case name, its Chinese header or an alias
// (case-insensitive, surrounding spaces ignored). nullopt when unknown.
std::optional<Field> field_by_header(std::string_view header);

// The vocabulary of enumerations, used here for the fields' codes and labels.
using vocab::coded;
using vocab::column_of;
using vocab::column_type;
using vocab::enum_code;
using vocab::enum_codes_list;
using vocab::enum_of;
using vocab::enum_spec;
using vocab::file_column;
using vocab::said;

// Reasons a deregistration may carry (宗旨完成, 自行解散, 分立合并, 其他).
const FieldSpec& deregistration_reasons();

// The registration authority (a code of registration_authority) an office's name stands for:
// 民政部 national; …省民政厅, …自治区民政厅 and the municipalities' 民政局 region; …市民政局 (and
// a 盟's or 自治州's) city, a county-level city's (昆山市, by GB/T 2260) district; a district's,
// county's or banner's 民政局 district; other offices (a
// 行政审批局, a 社会组织管理局) by the level of their place name, 民政部's bureaus national. A code
// or a Chinese name of registration_authority reads as itself. nullopt when the name says no
// level (民政局 alone).
std::optional<std::string> authority_by_name(std::string_view name);

}  // namespace kunqu::org
