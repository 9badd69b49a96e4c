// The checks of one org record: each cell normalized, then the rules of the record as a whole
// (tier, dates, status, streets and communities, hub, uniqueness), each problem at its cell.
#include "org/checker.h"

#include <fmt/format.h>

#include <algorithm>

#include "i18n/messages.h"
#include "io/text.h"
#include "org/internal.h"
#include "registry/import.h"
#include "validate/credit_code.h"
#include "validate/divisions.h"
#include "validate/values.h"
#include "vocab/rules.h"

namespace kunqu::org {

namespace {

std::string authority_for_region(const std::string& region) {
  if (region == "100000") return "national";
  if (region.substr(2) == "0000") return "region";
  if (region.substr(4) == "00") return "city";
  return "district";
}

char type_digit(const std::string& type) {
  if (type == "social_group") return '1';
  if (type == "social_service") return '2';
  if (type == "foundation") return '3';
  if (type == "other") return '9';
  return '?';
}

// Chinese text decoded as Latin-1 and saved again shows runs of U+00A0..U+00FF and no CJK.
bool looks_mojibake(const std::string& text) {
  int latin = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
    if ((a == 0xC2 || a == 0xC3) && b >= 0x80 && b <= 0xBF) ++latin;
    if (a >= 0xE3 && a <= 0xE9) return false;  // real CJK
  }
  return latin >= 2;
}

}  // namespace

void Checker::bad(Field f, std::string message, std::string hint) {
  const auto* cell = in.find(f);
  auto d = io::problem_at(file, in, cell, fname(f), std::move(message), std::move(hint));
  if (!d) return;
  if (cell && d->hint.empty() && looks_mojibake(cell->value))
    d->hint = tr("this looks like Chinese text read in the wrong encoding: save the file as UTF-8, or pass ‹encoding› gbk");
  diags.push_back(std::move(*d));
}

void Checker::warn(Field f, std::string message, std::string hint) {
  auto d = io::problem_at(file, in, in.find(f), fname(f), std::move(message), std::move(hint));
  if (!d) return;
  d->severity = Severity::kWarning;
  warnings.push_back(std::move(*d));
}

bool Checker::wording() {
  if (!read_warning || read_warning()) return true;
  ++unworded;
  return false;
}

namespace {

// Whether a cell's placeholder (暂无, '-', '/') stands for nothing in field `f`: everywhere but
// 无 in a yes/no field (no) or a count (refused: a count of none is 0).
bool stands_for_nothing(const FieldSpec& s, std::string_view text) {
  if (!io::is_placeholder(text)) return false;
  return !(io::trim(text) == "无" && (s.kind == FieldKind::kBool || s.kind == FieldKind::kCount));
}

}  // namespace

bool Checker::given(Field f) const {
  const auto* cell = in.find(f);
  return cell && (cell->refused || (!io::trim(cell->value).empty() && !stands_for_nothing(spec(f), cell->value)));
}
void Checker::require(const Org& org, Field f, const char* message) {
  if (org[f] || given(f)) return;
  const auto* cell = in.find(f);
  if (cell && !io::trim(cell->value).empty())
    bad(f, tr(message), trf("'{}' stands for nothing here: the field needs its value", io::trim(cell->value)));
  else
    bad(f, tr(message));
}

void Checker::apply(Org& org) {
  for (const auto& cell : in.fields) {
    Field f = static_cast<Field>(cell.field);
    std::string_view view = io::trim_view(cell.value);
    if (view.empty()) continue;
    std::string text(view);
    const FieldSpec& s = spec(f);
    if (stands_for_nothing(s, text)) continue;
    if (s.kind == FieldKind::kCount && text == "无") {
      bad(f, trf("'{}' is not a whole number", text), tr("write 0 when there are none"));
      continue;
    }
    // File readers have checked the encoding already, and refused every control and format
    // character but the tabs and line breaks a column may hold; flags and forms have not.
    if (in.line == 0 && !io::valid_utf8(text)) {
      bad(f, tr("is not valid UTF-8 text"));
      continue;
    }
    const bool lines = org::several_lines(f);
    std::optional<char32_t> c;
    if (in.line == 0) {
      c = io::forbidden_character(text, lines);
    } else if (!lines) {
      auto at = std::find_if(text.begin(), text.end(), [](char b) { return b == '\t' || b == '\n' || b == '\r'; });
      if (at != text.end()) c = static_cast<char32_t>(*at);
    }
    if (c) {
      bad(f, trf("holds the invisible or control character {}", io::describe_character(*c)),
          tr("remove it; only notes, addresses and business scopes may hold line breaks and tabs"));
      continue;
    }
    switch (s.kind) {
      case FieldKind::kKey:
        if (!registry::parse_org_key(text)) bad(f, trf("'{}' is not an org key (like K0000042)", text));
        else org.values[f] = registry::org_key(*registry::parse_org_key(text));
        break;
      case FieldKind::kEnum: {
        // Most files carry the codes themselves: look for those before the Chinese labels.
        auto exact = std::find_if(s.values.begin(), s.values.end(), [&](const EnumValue& v) { return v.code == text; });
        if (exact != s.values.end()) org.values[f] = exact->code;
        else if (auto code = enum_code(s, text)) org.values[f] = *code;
        // Registers name the office that registered an org, not its level: 内蒙古自治区民政厅.
        else if (auto level = f == kAuthority ? authority_by_name(text) : std::nullopt) org.values[f] = *level;
        else bad(f, trf("'{}' is not one of {}", text, enum_codes_list(s)));
        break;
      }
      case FieldKind::kDate: {
        auto d = validate::parse_date(text);
        if (d) org.values[f] = std::move(d.value);
        else bad(f, d.error, d.hint);
        break;
      }
      case FieldKind::kMoney: {
        auto m = validate::parse_money(text);
        if (m) org.values[f] = validate::format_money(*m.value);
        else bad(f, m.error, m.hint);
        break;
      }
      case FieldKind::kCount: {
        auto c = validate::parse_count(text);
        if (c) org.values[f] = std::to_string(*c.value);
        else bad(f, c.error, c.hint);
        break;
      }
      case FieldKind::kBool: {
        auto b = validate::parse_bool(text);
        if (b) org.values[f] = *b.value ? "true" : "false";
        else bad(f, b.error, b.hint);
        break;
      }
      case FieldKind::kCreditCode: {
        // Typed in lower case or in full-width forms, a code is still the code.
        std::string code = validate::fold_credit_code(text);
        if (auto problem = validate::check_credit_code(code)) bad(f, *problem);
        else org.values[f] = std::move(code);
        break;
      }
      case FieldKind::kOrgRef: {
        // A hub named by its credit code is found whatever the case it is written in.
        std::string code = validate::fold_credit_code(text);
        org.values[f] = validate::check_credit_code(code) ? std::move(text) : std::move(code);
        org.hub_id.reset();  // resolved by check()
        break;
      }
      case FieldKind::kText:
        if (f == kPhone && text.size() >= 9 && text.size() <= 10 && text[0] != '0' && text[0] != '1' &&
            text.find_first_not_of("0123456789") == std::string::npos) {
          bad(f, trf("'{}' is not a phone number: a landline with its area code starts with 0", text),
              tr("a spreadsheet dropped the leading 0 (0472…): format the column as text and enter the numbers again"));
          break;
        }
        if (f == kFilingNo && registry::parse_org_key(text)) {
          bad(f, trf("'{}' reads as an org key: a filing number may not look like one (K and digits)", text),
              tr("keys, credit codes and filing numbers never share a form, so each finds one org"));
          break;
        }
        if (f == kOrgCode) {
          std::string normal;
          if (auto problem = validate::check_org_code(text, &normal)) bad(f, *problem);
          else org.values[f] = std::move(normal);
          break;
        }
        if (f == kCertificateNo && (registry::parse_org_key(text) ||
                                    !validate::check_credit_code(validate::fold_credit_code(text)) ||
                                    !validate::check_org_code(text))) {
          bad(f, trf("'{}' reads as a key, a credit code or an organization code, not a registration certificate number", text),
              tr("keys, credit codes and filing numbers never share a form, so each finds one org"));
          break;
        }
        if (f == kFilingNo && !validate::check_credit_code(validate::fold_credit_code(text))) {
          bad(f, trf("'{}' is a credit code, not a filing number", text),
              tr("keys, credit codes and filing numbers never share a form, so each finds one org"));
          break;
        }
        if (looks_mojibake(text) && wording())
          warn(f, trf("'{}' looks like Chinese text read in the wrong encoding", text),
               in.line > 0 ? tr("check the file: save it as UTF-8, or import it with ‹encoding› gbk")
                           : tr("a program passed it in another encoding: type it again"));
        org.values[f] = std::move(text);
        break;
    }
  }
}

std::optional<std::int64_t> Checker::resolve_hub_by_code(const std::string& ref) {
  if (auto id = registry::parse_org_key(ref))
    if (L.exists(*id)) return id;
  // Rows of one street name the same hub over and over.
  auto known = L.hub_refs.find(ref);
  if (known != L.hub_refs.end()) return known->second;
  auto id = L.written_code(ref);
  if (id) {
    if (L.hub_refs.size() > 10000) L.hub_refs.clear();  // bounded memory, whatever the file
    L.hub_refs.emplace(ref, *id);
  }
  return id;
}

std::optional<std::int64_t> Checker::resolve_hub(const std::string& ref) {
  // Rows of one street name the same hub over and over, often a row of the same file: while the
  // look-ups read the registry as it was (Lookups::before), what a reference named is kept.
  if (L.before)
    if (auto known = L.hub_refs.find(ref); known != L.hub_refs.end()) return known->second;
  auto id = look_up_hub(ref);
  if (L.before && id) L.keep_hub_ref(ref, *id);
  return id;
}

std::optional<std::int64_t> Checker::look_up_hub(const std::string& ref) {
  if (auto id = registry::parse_org_key(ref))
    if (L.exists(*id)) return id;
  const std::string key = name_key(ref);
  Lookups& at = L.by({ref, key});
  auto& by_code = at.hub_by_code;
  by_code.reset();
  by_code.bind(1, ref);
  if (by_code.step()) return by_code.integer(0);
  auto& q = at.hub_candidates;
  q.reset();
  q.bind(1, key);
  std::optional<std::int64_t> found;
  int n = 0;
  while (q.step()) {
    found = q.integer(0);
    ++n;
  }
  return n == 1 ? found : std::nullopt;
}

void Checker::check(Org& org, bool defer_hub) {
  const auto& tier = org[kTier];
  require(org, kName, N_("is required"));
  require(org, kTier, N_("is required (registered or grassroots)"));
  if (!org[kType] && !given(kType)) bad(kType, trf("is required ({})", enum_codes_list(spec(kType))));
  require(org, kCategory, N_("is required"));
  if (!org[kLevel] && tier) org.values[kLevel] = *tier == "registered" ? "district" : "community";
  if (!org[kStatus]) org.values[kStatus] = "active";

  if (tier == std::optional<std::string>("registered")) {
    if (!org[kCreditCode]) {
      // Codes came from 2015-10-01, and orgs registered before had until the end of 2017 to
      // get one: an org registered before and ended by then may be known by its old numbers.
      const io::RawField* given_code = in.find(kCreditCode);
      if (!given_code || io::trim(given_code->value).empty()) {
        const std::string status = org[kStatus].value_or("active"), ended = org[kStatusDate].value_or("");
        const bool exempt = org[kRegisteredOn] && *org[kRegisteredOn] < vocab::rule("org.credit_code").from &&
                            (status == "deregistered" || status == "revoked") && !ended.empty() && ended < "2018-01-01";
        if (!exempt)
          bad(kCreditCode, trf("is required for a registered org {}", vocab::cite(vocab::rule("org.credit_code"))),
              tr("an org registered before 2015-10-01 that ended before 2018 may be without one: give its certificate_no "
                 "(登记证号), status and status_date"));
        else
          require(org, kCertificateNo, N_("is required for a registered org without a credit code (its 登记证号)"));
      }
    } else {
      validate::CreditCodeParts parts;
      validate::check_credit_code(*org[kCreditCode], &parts);
      if (parts.authority != '5') {
        bad(kCreditCode, trf("'{}' is not a social organization's code (position 1 is '{}', not '5' 民政)",
                             *org[kCreditCode], parts.authority));
      } else if (org[kType] && parts.type != type_digit(*org[kType])) {
        bad(kCreditCode, trf("type digit (position 2) is '{}' but the org's type {} needs '{}'",
                             parts.type, *org[kType], type_digit(*org[kType])));
      }
      // Positions 3–8: a division in use when codes were issued, of the district's province as a
      // rule; a foundation is registered by a province or the ministry (基金会管理条例 第六条).
      if (auto region = validate::region_problem(parts.region)) {
        bad(kCreditCode, *region);
      } else if (!L.province.empty() && parts.region != "100000" && parts.region.compare(0, 2, L.province) != 0 &&
                 wording()) {
        auto d = validate::division(parts.region.substr(0, 2) + "0000");
        warn(kCreditCode, trf("region {} is in {}, another province than the district's", parts.region,
                              d ? d->name : parts.region.substr(0, 2) + "0000"));
      }
      std::string derived = authority_for_region(parts.region);
      if (parts.type == '3' && derived == "district" && wording())
        warn(kCreditCode, trf("a foundation registered by a district (region {}): foundations are registered by a "
                              "province's civil affairs department or the ministry (基金会管理条例 第六条)",
                              parts.region));
      if (org[kAuthority] && *org[kAuthority] != derived && in.find(kAuthority))
        bad(kAuthority, trf("'{}' does not agree with the credit code (region {} is registered by the {})",
                            *org[kAuthority], parts.region, derived));
      org.values[kAuthority] = derived;
    }
    require(org, kRegisteredOn, N_("is required (the date of registration)"));
    // A group that was filed before it registered (转登记) keeps its filing number and date.
    if (org[kFilingNo] && !org[kFiledOn])
      bad(kFilingNo, tr("a registered org carries a filing number only when it was filed first: give filed_on too"));
    if (org[kFiledOn] && !org[kFilingNo])
      bad(kFiledOn, tr("a registered org has a filing date only when it was filed first: give filing_no too"));
    if (org[kFiledOn] && org[kRegisteredOn] && *org[kFiledOn] > *org[kRegisteredOn])
      bad(kFiledOn, trf("{} is after the registration date {}", *org[kFiledOn], *org[kRegisteredOn]));
    if (org[kHub]) bad(kHub, tr("only a filed (grassroots) group is attached to a hub"));
    if (given(kHubSince)) bad(kHubSince, tr("only a filed (grassroots) group is attached to a hub"));
  } else if (tier == std::optional<std::string>("grassroots")) {
    if (org[kCreditCode]) bad(kCreditCode, tr("a filed (grassroots) group has no credit code; register it to get one"));
    if (org[kAuthority]) bad(kAuthority, tr("a filed (grassroots) group has no registration authority"));
    if (org[kType] == std::optional<std::string>("foundation"))
      bad(kType, tr("a filed group is a social_group or social_service, never a foundation"));
    if (org[kType] == std::optional<std::string>("other"))
      bad(kType, tr("a filed group is a social_group or social_service, never of the type other"));
    require(org, kStreet, N_("is required for a filed group"));
    require(org, kCommunity, N_("is required for a filed group"));
    // Spreadsheets often keep one date column for both tracks: for a filed group it is
    // the filing date.
    if (given(kRegisteredOn)) {
      if (given(kFiledOn))
        bad(kRegisteredOn, tr("a filed group is not registered: its date is filed_on"),
            tr("it gets a registration date when it registers (‹filing upgrade›)"));
      else if (org[kRegisteredOn])
        org.values[kFiledOn] = org[kRegisteredOn];
    }
    org.values[kRegisteredOn].reset();
    if (!given(kRegisteredOn)) require(org, kFiledOn, N_("is required (the date of filing)"));
    // The day its link to its hub began (default: its filing); only with a hub, never before the
    // filing.
    if (given(kHubSince) && org[kHubSince]) {
      if (!org[kHub] && !org.hub_id) bad(kHubSince, tr("is the day the link to its hub began: give its hub too"));
      else if (org[kFiledOn] && *org[kHubSince] < *org[kFiledOn])
        bad(kHubSince, trf("{} is before the filing date {}", *org[kHubSince], *org[kFiledOn]));
    }
  }
  if (!tier && !org[kRegisteredOn] && !org[kFiledOn] && !given(kRegisteredOn) && !given(kFiledOn))
    bad(kRegisteredOn, tr("is required (the date of registration; filed_on for a filed group)"));
  if (org[kLevel] == std::optional<std::string>("community") && !org[kCommunity] && tier != std::optional<std::string>("grassroots"))
    bad(kCommunity, tr("is required for a community-level org"));
  if (org[kLevel] == std::optional<std::string>("street") && !org[kStreet]) bad(kStreet, tr("is required for a street-level org"));

  if (org[kStreet] && L.has_streets) {
    auto street = L.streets.find(*org[kStreet]);
    if (street == L.streets.end()) {
      bad(kStreet, trf("'{}' is not a street of this district", *org[kStreet]), trf("known streets: {}", L.street_list));
    } else if (org[kCommunity] && !street->second.count(*org[kCommunity])) {
      bad(kCommunity, trf("'{}' is not a community of {}", *org[kCommunity], *org[kStreet]));
    }
  }

  // The date the org entered the registry: its filing, else its registration.
  const auto& entered = org[kFiledOn] ? org[kFiledOn] : org[kRegisteredOn];
  const bool entered_filed = org[kFiledOn].has_value();
  if (org[kFounded] && entered && *org[kFounded] > *entered)
    bad(kFounded, entered_filed ? trf("{} is after the filing date {}", *org[kFounded], *entered)
                                : trf("{} is after the registration date {}", *org[kFounded], *entered));
  for (Field f : {kFounded, kRegisteredOn, kFiledOn, kStatusDate, kHubSince})
    if (org[f] && *org[f] > today) bad(f, trf("{} is in the future (today is {})", *org[f], today));

  const std::string status = *org[kStatus];
  if (status != "active" && !org[kStatusDate] && !given(kStatusDate))
    bad(kStatusDate, trf("is required when status is {}", said(spec(kStatus), status)));
  if (status == "active" && in.find(kStatus)) {
    if (given(kStatusDate) || given(kStatusReason)) bad(kStatusDate, tr("an active org has no status date or reason"));
    // The fields of a status the row leaves: whether it may leave it is the events' to say.
    for (Field f : {kStatusDate, kStatusReason, kStatusAuthority, kStatusDocument}) org.values[f].reset();
  }
  if (status == "deregistered" && org[kStatusReason]) {
    if (auto code = enum_code(deregistration_reasons(), *org[kStatusReason])) org.values[kStatusReason] = *code;
    else bad(kStatusReason, trf("'{}' is not one of {}", *org[kStatusReason], enum_codes_list(deregistration_reasons())));
  }
  if (org[kStatusDate] && entered && *org[kStatusDate] < *entered)
    bad(kStatusDate, entered_filed ? trf("{} is before the filing date {}", *org[kStatusDate], *entered)
                                   : trf("{} is before the registration date {}", *org[kStatusDate], *entered));

  if (org[kHub] && !org.hub_id) {
    if (auto id = L.bulk ? resolve_hub_by_code(*org[kHub]) : resolve_hub(*org[kHub])) {
      org.hub_id = id;
    } else if (!defer_hub) {
      bad(kHub, trf("no registered org '{}' (give its key, credit code or exact name)", *org[kHub]));
    }
  }
  // The hub is checked where it is given (or the org is new): a group's own changes never wait
  // on a hub that closed since.
  if (org.hub_id && (org.id == 0 || given(kHub))) check_hub(org);
  if (!L.bulk) check_unique(org);
}

void Checker::check_hub(Org& org) {
  const Lookups::Hub* hub = L.hub(*org.hub_id);
  if (!hub) return;
  const std::string key = registry::org_key(*org.hub_id);
  if (*org.hub_id == org.id && org.id != 0) bad(kHub, tr("an org cannot be its own hub"));
  else if (hub->tier != "registered")
    bad(kHub, trf("{} '{}' is a filed group; a hub is a registered org", key, hub->name));
  else if (!is_live(hub->status))
    bad(kHub, trf("{} '{}' is {}", key, hub->name, said(spec(kStatus), hub->status)));
  org.values[kHub] = hub->credit_code;
}

void Checker::check_unique(const Org& org) {
  // The old numbers name one org each, and never another org's code or filing number.
  for (Field f : {kCertificateNo, kOrgCode}) {
    if (!org[f]) continue;
    auto& q = L.by({*org[f]}).number_owner;
    q.reset();
    q.bind(1, *org[f]).bind(2, org.id);
    if (q.step())
      bad(f, trf("{} already names {} '{}'", *org[f], registry::org_key(*q.integer(0)), q.text_or(1, "")));
  }
  if (org[kCreditCode]) {
    auto& q = L.by({*org[kCreditCode]}).code_owner;
    q.reset();
    q.bind(1, *org[kCreditCode]).bind(2, org.id);
    if (q.step())
      bad(kCreditCode, q.integer(2).value_or(0)
                           ? trf("{} is already the code of {} '{}'", *org[kCreditCode], registry::org_key(*q.integer(0)),
                                 q.text_or(1, ""))
                           : trf("{} is already the filing number of {} '{}'", *org[kCreditCode],
                                 registry::org_key(*q.integer(0)), q.text_or(1, "")));
  }
  if (org[kFilingNo]) {
    auto& q = L.by({*org[kFilingNo]}).filing_owner;
    q.reset();
    q.bind(1, *org[kFilingNo]).bind(2, org.id);
    if (q.step())
      bad(kFilingNo, q.integer(2).value_or(0)
                         ? trf("{} is already the filing number of {} '{}'", *org[kFilingNo],
                               registry::org_key(*q.integer(0)), q.text_or(1, ""))
                         : trf("{} is already the code of {} '{}'", *org[kFilingNo], registry::org_key(*q.integer(0)),
                               q.text_or(1, "")));
  }
  if (org[kName] && is_live(org[kStatus]) && org[kTier]) {
    const std::string scope = name_scope(org), key = name_key(*org[kName]);
    auto& q = L.by({Lookups::scoped(scope, key)}).name_owner;
    q.reset();
    q.bind(1, scope).bind(2, key).bind(3, org.id);
    if (q.step()) {
      std::string where = *org[kTier] != "registered" ? trf("in {} {}", org[kStreet].value_or(""), org[kCommunity].value_or(""))
                          : org[kAuthority]               ? trf("registered by the {}", *org[kAuthority])
                                                          : std::string(tr("registered by the same authority"));
      bad(kName, trf("'{}' is already the name of {} '{}', {}", *org[kName], registry::org_key(*q.integer(0)),
                     q.text_or(1, ""), where));
    }
  }
}

void report_repeats(registry::ImportRun& run, const std::string& index) {
  struct Unique {
    const char* index;
    const char* key;    // the SQL expression that must be unique
    const char* where;  // which rows it covers
    Field field;
    const char* what;
  };
  static const Unique uniques[] = {
      {"org_credit_code", "credit_code", "credit_code IS NOT NULL", kCreditCode, "credit_code"},
      {"org_filing_no", "filing_no", "filing_no IS NOT NULL", kFilingNo, "filing_no"},
      {"org_certificate_no", "certificate_no", "certificate_no IS NOT NULL", kCertificateNo, "certificate_no"},
      {"org_org_code", "org_code", "org_code IS NOT NULL", kOrgCode, "org_code"},
      {"org_name_unique", "name_scope || char(10) || coalesce(name_key, name)", "(status = 'active' OR status = 'suspended')", kName,
       "name in the same scope"},
  };
  for (const auto& u : uniques) {
    if (index != u.index) continue;
    auto q = run.reg.prepare(fmt::format(
        "SELECT {0}, id FROM org WHERE {1} AND {0} IN (SELECT {0} FROM org WHERE {1} GROUP BY {0} HAVING count(*) > 1) "
        "ORDER BY {0}, id",
        u.key, u.where));
    // Each group of rows sharing a key: the first line in the file is the original.
    std::vector<int> group_lines;
    std::string group;
    auto report = [&] {
      std::sort(group_lines.begin(), group_lines.end());
      std::string what = u.what;
      if (u.field == kName)
        what = group.rfind("R:", 0) == 0 ? tr("name, registered by the same authority") : tr("name in the same community");
      for (std::size_t i = 1; i < group_lines.size(); ++i)
        run.add(Diagnostic{run.file(), group_lines[i], 0, fname(u.field),
                           trf("repeats the org of line {} of this file (same {})", group_lines[0], what)});
      group_lines.clear();
    };
    while (q.step()) {
      std::string k = q.text_or(0, "");
      if (k != group) {
        report();
        group = k;
      }
      group_lines.push_back(run.line_of(*q.integer(1)));
    }
    report();
  }
}

}  // namespace kunqu::org
