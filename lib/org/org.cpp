// Organization records: validation of the registry's rules (the README's Rules kept),
// storage, queries, status changes, history and import. All SQL for orgs lives here and in lib/registry.
#include "org/org.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>
#include <set>

#include "error.h"
#include "filing/numbers.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "profile/profile.h"
#include "registry/registry.h"
#include "supervision/supervision.h"
#include "validate/clock.h"
#include "validate/credit_code.h"
#include "validate/values.h"

namespace kunqu::org {

namespace {

const FieldSpec& spec(Field f) { return fields()[f]; }
const std::string& fname(Field f) { return fields()[f].name; }
io::Column column(Field f) { return column_of(fields()[f]); }

// Fields stored in a column of the same name.
bool stored(Field f) { return f != kKey && f != kHub; }

// The hub as rows show it: its credit code (every registered org has one), else its key.
constexpr const char* kHubColumn = "CASE WHEN h.id IS NOT NULL THEN coalesce(h.credit_code, printf('K%07d', h.id)) END";

std::string select_sql() {
  std::string sql = std::string("SELECT o.id, o.hub_id, ") + kHubColumn + ", o.created_batch, o.updated_batch";
  for (std::size_t i = 0; i < kFieldCount; ++i)
    if (stored(static_cast<Field>(i))) sql += ", o." + fields()[i].name;
  sql += " FROM org o LEFT JOIN org h ON h.id = o.hub_id";
  return sql;
}

// DB value → canonical text.
Org read_org(const registry::Query& q) {
  Org org;
  org.id = *q.integer(0);
  org.hub_id = q.integer(1);
  org.values[kKey] = registry::org_key(org.id);
  org.values[kHub] = q.text(2);
  org.created_batch = q.integer(3);
  org.updated_batch = q.integer(4);
  int col = 5;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    if (!stored(f)) continue;
    switch (spec(f).kind) {
      case FieldKind::kMoney:
        if (auto v = q.integer(col)) org.values[f] = validate::format_money(*v);
        break;
      case FieldKind::kCount:
        if (auto v = q.integer(col)) org.values[f] = std::to_string(*v);
        break;
      case FieldKind::kBool:
        if (auto v = q.integer(col)) org.values[f] = *v ? "true" : "false";
        break;
      default:
        org.values[f] = q.text(col);
    }
    ++col;
  }
  return org;
}

std::optional<Org> get(Registry& reg, std::int64_t id) {
  auto q = reg.prepare(select_sql() + " WHERE o.id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_org(q);
}

// Binds the stored fields of `org` from parameter `first` on, in field order.
int bind_fields(registry::Query& q, const Org& org, int first) {
  int p = first;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    if (!stored(f)) continue;
    const auto& v = org.values[f];
    if (!v) {
      q.bind_null(p++);
      continue;
    }
    switch (spec(f).kind) {
      case FieldKind::kMoney: q.bind(p++, *validate::parse_money(*v).value); break;
      case FieldKind::kCount: q.bind(p++, *validate::parse_count(*v).value); break;
      case FieldKind::kBool: q.bind(p++, static_cast<std::int64_t>(*v == "true")); break;
      default: q.bind_static(p++, *v);  // `org` outlives the statement's run
    }
  }
  return p;
}

std::string name_key(const std::string& name) { return io::name_key(name); }

// What the name_key column holds: the key only where it differs from the name (rarely: a
// full-width letter, a stray space, a compatibility form), so the table does not carry every
// name twice. Queries and indexes use coalesce(name_key, name).
std::optional<std::string> stored_name_key(const std::string& name) {
  std::string key = name_key(name);
  if (key == name) return std::nullopt;
  return key;
}

// Mirrors the org.name_scope generated column.
std::string name_scope(const Org& o) {
  if (o[kTier] == std::optional<std::string>("registered")) return "R:" + o[kAuthority].value_or("");
  return "G:" + o[kStreet].value_or("") + "/" + o[kCommunity].value_or("");
}

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
  return '?';
}

bool is_live(const std::optional<std::string>& status) {
  return !status || *status == "active" || *status == "suspended";
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

// The credit codes a bulk load has written, in memory while their index is dropped: one
// 8-byte slot per code (a 32-bit fingerprint of the code and the id's offset), at most half
// full. A fingerprint match is confirmed against the stored row by the caller.
class CodeIndex {
 public:
  CodeIndex() : slots_(1 << 12, 0) {}

  // REQUIRES: 0 < id < 2^32.
  void add(std::string_view code, std::int64_t id) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    place((static_cast<std::uint64_t>(fingerprint(code)) << 32) | static_cast<std::uint32_t>(id));
    ++count_;
  }

  // The id whose code is `code`, asking `same(id)` to confirm each candidate.
  template <typename Same>
  std::optional<std::int64_t> find(std::string_view code, Same same) const {
    const std::uint32_t print = fingerprint(code);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = print & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return std::nullopt;
      if (static_cast<std::uint32_t>(slot >> 32) == print) {
        std::int64_t id = static_cast<std::uint32_t>(slot);
        if (same(id)) return id;
      }
    }
  }

 private:
  static std::uint32_t fingerprint(std::string_view code) {
    auto h = static_cast<std::uint32_t>(std::hash<std::string_view>{}(code) >> 32);
    return h ? h : 1;  // 0 marks an empty slot
  }
  // The fingerprint also chooses the slot, so growing needs no codes.
  void place(std::uint64_t slot) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::uint32_t>(slot >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
  void grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    for (std::uint64_t slot : old)
      if (slot != 0) place(slot);
  }

  std::vector<std::uint64_t> slots_;
  std::size_t count_ = 0;
};

// Prepared statements and the district's streets, made once per command: an import checks a
// million rows with them.
struct Lookups {
  Registry& reg;
  registry::Query org_by_id, id_exists, hub_candidates, hub_by_code, hub_info, code_of, code_owner, filing_owner, name_owner;
  bool has_streets = false;
  std::map<std::string, std::set<std::string>> streets;  // street → its communities
  std::string street_list;                               // for messages
  // A bulk load into an empty registry builds the indexes after the rows are in, and runs the
  // checks that need them (uniqueness, hubs) then.
  bool bulk = false;
  CodeIndex codes;  // bulk only: the credit codes written so far

  // The org this import wrote with credit code `code` (bulk loads).
  std::optional<std::int64_t> written_code(const std::string& code) {
    return codes.find(code, [&](std::int64_t id) {
      code_of.reset();
      code_of.bind(1, id);
      return code_of.step() && code_of.text(0) == code;
    });
  }

  explicit Lookups(Registry& r)
      : reg(r),
        org_by_id(r.prepare(select_sql() + " WHERE o.id = ?")),
        id_exists(r.prepare("SELECT id FROM org WHERE id = ?")),
        // '+tier': look names up through org_name_key, never by scanning the tier's index.
        hub_candidates(r.prepare("SELECT id FROM org WHERE coalesce(name_key, name) = ? AND +tier = 'registered' LIMIT 2")),
        hub_by_code(r.prepare("SELECT id FROM org WHERE credit_code = ?")),
        hub_info(r.prepare("SELECT tier, status, name, credit_code FROM org WHERE id = ?")),
        code_of(r.prepare("SELECT credit_code FROM org WHERE id = ?")),
        // A code or number that another org holds as either: a look-up by it must find one org.
        code_owner(r.prepare("SELECT id, name, credit_code = ?1 FROM org WHERE (credit_code = ?1 OR filing_no = ?1) AND id <> ?2")),
        filing_owner(r.prepare("SELECT id, name, filing_no = ?1 FROM org WHERE (filing_no = ?1 OR credit_code = ?1) AND id <> ?2")),
        name_owner(r.prepare("SELECT id, name FROM org WHERE name_scope = ? AND coalesce(name_key, name) = ? "
                             "AND (status = 'active' OR status = 'suspended') AND id <> ?")) {
    auto all = profile::streets(r);
    for (auto& street : all) streets[street.name].insert(street.communities.begin(), street.communities.end());
    has_streets = !all.empty();
    const char* sep = i18n::chinese() ? "、" : ", ";  // names listed in a sentence
    for (std::size_t i = 0; i < all.size() && i < 20; ++i) street_list += (i ? sep : "") + all[i].name;
  }

  // What a row needs to know of its hub. Many rows share a hub: the answers are kept.
  struct Hub {
    std::string tier, status, name;
    std::optional<std::string> credit_code;
  };
  const Hub* hub(std::int64_t id) {
    auto it = hubs.find(id);
    if (it != hubs.end()) return &it->second;
    hub_info.reset();
    hub_info.bind(1, id);
    if (!hub_info.step()) return nullptr;
    if (hubs.size() > 10000) hubs.clear();  // bounded memory, whatever the file
    Hub h{hub_info.text_or(0, ""), hub_info.text_or(1, ""), hub_info.text_or(2, ""), hub_info.text(3)};
    return &hubs.emplace(id, std::move(h)).first->second;
  }
  std::map<std::int64_t, Hub> hubs;
  std::unordered_map<std::string, std::int64_t> hub_refs;  // bulk: hub code → id

  std::optional<Org> get(std::int64_t id) {
    org_by_id.reset();
    org_by_id.bind(1, id);
    if (!org_by_id.step()) return std::nullopt;
    return read_org(org_by_id);
  }
  bool exists(std::int64_t id) {
    id_exists.reset();
    id_exists.bind(1, id);
    return id_exists.step();
  }
};

// Collects the problems of one record, each at the position of the cell it concerns.
struct Checker {
  Lookups& L;
  std::string file;
  const io::RawRecord& in;
  std::vector<Diagnostic>& diags;
  std::string today;

  void bad(Field f, std::string message, std::string hint = {}) {
    Diagnostic d{file, in.line, in.column, fname(f), std::move(message), std::move(hint)};
    if (const auto* cell = in.find(f)) {
      if (cell->refused) return;  // the reader said why, at the cell
      d.line = cell->line;
      d.column = cell->column;
      if (d.hint.empty() && looks_mojibake(cell->value))
        d.hint = tr("this looks like Chinese text read in the wrong encoding: save the file as UTF-8, or pass --encoding gbk");
    }
    diags.push_back(std::move(d));
  }

  // Whether the record carries a non-empty cell for `f` (that may have failed to parse).
  bool given(Field f) const {
    const auto* cell = in.find(f);
    return cell && (cell->refused || !io::trim(cell->value).empty());
  }
  // `message`: marked with N_ where it is written, translated here.
  void require(const Org& org, Field f, const char* message) {
    if (!org[f] && !given(f)) bad(f, tr(message));
  }

  // Normalizes each non-empty cell of `in` into `org`.
  void apply(Org& org) {
    for (const auto& cell : in.fields) {
      Field f = static_cast<Field>(cell.field);
      std::string_view view = io::trim_view(cell.value);
      if (view.empty()) continue;
      std::string text(view);
      // File readers have checked the encoding already; flags and forms have not.
      if (in.line == 0 && !io::valid_utf8(text)) {
        bad(f, tr("is not valid UTF-8 text"));
        continue;
      }
      if (auto c = io::forbidden_character(text, org::several_lines(f))) {
        bad(f, trf("holds the invisible or control character {}", io::describe_character(*c)),
            tr("remove it; only notes, addresses and business scopes may hold line breaks and tabs"));
        continue;
      }
      const FieldSpec& s = spec(f);
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
          else bad(f, trf("'{}' is not one of {}", text, enum_codes_list(s)));
          break;
        }
        case FieldKind::kDate: {
          auto d = validate::parse_date(text);
          if (d) org.values[f] = *d.value;
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
        case FieldKind::kCreditCode:
          if (auto problem = validate::check_credit_code(text)) {
            bad(f, *problem);
          } else {
            org.values[f] = text;
          }
          break;
        case FieldKind::kOrgRef:
          org.values[f] = text;
          org.hub_id.reset();  // resolved by check()
          break;
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
          if (f == kFilingNo && !validate::check_credit_code(text)) {
            bad(f, trf("'{}' is a credit code, not a filing number", text),
                tr("keys, credit codes and filing numbers never share a form, so each finds one org"));
            break;
          }
          org.values[f] = text;
          break;
      }
    }
  }

  // During a bulk load only keys and credit codes have their indexes; names wait for the end.
  std::optional<std::int64_t> resolve_hub_by_code(const std::string& ref) {
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

  // The hub a reference names: a key, credit code or the exact name of a registered org.
  std::optional<std::int64_t> resolve_hub(const std::string& ref) {
    if (auto id = registry::parse_org_key(ref))
      if (L.exists(*id)) return id;
    auto& by_code = L.hub_by_code;
    by_code.reset();
    by_code.bind(1, ref);
    if (by_code.step()) return by_code.integer(0);
    auto& q = L.hub_candidates;
    q.reset();
    q.bind(1, name_key(ref));
    std::optional<std::int64_t> found;
    int n = 0;
    while (q.step()) {
      found = q.integer(0);
      ++n;
    }
    return n == 1 ? found : std::nullopt;
  }

  // Checks the rules that concern the record as a whole. `defer_hub`: leave an unresolved
  // hub for the caller (imports resolve forward references once every row is in).
  void check(Org& org, bool defer_hub = false) {
    const auto& tier = org[kTier];
    require(org, kName, N_("is required"));
    require(org, kTier, N_("is required (registered or grassroots)"));
    if (!org[kType] && !given(kType)) bad(kType, trf("is required ({})", enum_codes_list(spec(kType))));
    require(org, kCategory, N_("is required"));
    if (!org[kLevel] && tier) org.values[kLevel] = *tier == "registered" ? "district" : "community";
    if (!org[kStatus]) org.values[kStatus] = "active";

    if (tier == std::optional<std::string>("registered")) {
      if (!org[kCreditCode]) {
        require(org, kCreditCode, N_("is required for a registered org"));
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
        std::string derived = authority_for_region(parts.region);
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
    } else if (tier == std::optional<std::string>("grassroots")) {
      if (org[kCreditCode]) bad(kCreditCode, tr("a filed (grassroots) group has no credit code; register it to get one"));
      if (org[kAuthority]) bad(kAuthority, tr("a filed (grassroots) group has no registration authority"));
      if (org[kType] == std::optional<std::string>("foundation"))
        bad(kType, tr("a filed group is a social_group or social_service, never a foundation"));
      require(org, kStreet, N_("is required for a filed group"));
      require(org, kCommunity, N_("is required for a filed group"));
      // Spreadsheets often keep one date column for both tracks: for a filed group it is
      // the filing date.
      if (given(kRegisteredOn)) {
        if (given(kFiledOn))
          bad(kRegisteredOn, tr("a filed group is not registered: its date is filed_on"),
              tr("it gets a registration date when it registers (kunqu filing upgrade)"));
        else if (org[kRegisteredOn])
          org.values[kFiledOn] = org[kRegisteredOn];
      }
      org.values[kRegisteredOn].reset();
      if (!given(kRegisteredOn)) require(org, kFiledOn, N_("is required (the date of filing)"));
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
    for (Field f : {kFounded, kRegisteredOn, kFiledOn, kStatusDate})
      if (org[f] && *org[f] > today) bad(f, trf("{} is in the future (today is {})", *org[f], today));

    const std::string status = *org[kStatus];
    if (status != "active" && !org[kStatusDate]) bad(kStatusDate, trf("is required when status is {}", said(spec(kStatus), status)));
    if (status == "active" && (org[kStatusDate] || org[kStatusReason]) && in.find(kStatus))
      bad(kStatusDate, tr("an active org has no status date or reason"));
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
    if (org.hub_id) check_hub(org);
    if (!L.bulk) check_unique(org);
  }

  void check_hub(Org& org) {
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

  void check_unique(const Org& org) {
    if (org[kCreditCode]) {
      auto& q = L.code_owner;
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
      auto& q = L.filing_owner;
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
      auto& q = L.name_owner;
      q.reset();
      q.bind(1, name_scope(org)).bind(2, name_key(*org[kName])).bind(3, org.id);
      if (q.step()) {
        std::string where = *org[kTier] != "registered" ? trf("in {} {}", org[kStreet].value_or(""), org[kCommunity].value_or(""))
                            : org[kAuthority]               ? trf("registered by the {}", *org[kAuthority])
                                                            : std::string(tr("registered by the same authority"));
        bad(kName, trf("'{}' is already the name of {} '{}', {}", *org[kName], registry::org_key(*q.integer(0)),
                       q.text_or(1, ""), where));
      }
    }
  }
};

std::string insert_sql() {
  std::string cols = "id, name_key, hub_id, created_batch, updated_batch", params = "?, ?, ?, ?, ?";
  for (std::size_t i = 0; i < kFieldCount; ++i)
    if (stored(static_cast<Field>(i))) {
      cols += ", " + fields()[i].name;
      params += ", ?";
    }
  return fmt::format("INSERT INTO org ({}) VALUES ({})", cols, params);
}

std::string update_sql() {
  // Single edits pass no batch and keep the last import's; history finds them by audit.org_id.
  std::string sets = "name_key = ?, hub_id = ?, updated_batch = coalesce(?, updated_batch)";
  for (std::size_t i = 0; i < kFieldCount; ++i)
    if (stored(static_cast<Field>(i))) sets += ", " + fields()[i].name + " = ?";
  return fmt::format("UPDATE org SET {} WHERE id = ?", sets);
}

// Inserts `org`; with org.id set, under that key. Returns the id.
std::int64_t insert_org(Registry& reg, registry::Query& q, const Org& org, std::optional<std::int64_t> batch) {
  q.reset();
  if (org.id) q.bind(1, org.id);
  else q.bind_null(1);
  q.bind(2, stored_name_key(*org[kName])).bind(3, org.hub_id).bind(4, batch).bind(5, batch);
  bind_fields(q, org, 6);
  q.run();
  return reg.last_insert_rowid();
}

void update_org(registry::Query& q, const Org& org, std::optional<std::int64_t> batch) {
  q.reset();
  q.bind(1, stored_name_key(*org[kName])).bind(2, org.hub_id).bind(3, batch);
  int p = bind_fields(q, org, 4);
  q.bind(p, org.id);
  q.run();
}

// The fields that differ between two versions, as before/after JSON objects.
// `date`, when given, is the business date of the change (a status decision).
std::string change_detail(const Org& before, const Org& after, const std::string& date = {}) {
  io::JsonObject b, a;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (before.values[i] == after.values[i]) continue;
    b.add(fields()[i].name, before.values[i]);
    a.add(fields()[i].name, after.values[i]);
  }
  io::JsonObject detail;
  if (!date.empty()) detail.add("date", date);
  return detail.add_raw("before", b.str()).add_raw("after", a.str()).str();
}

std::string snapshot(const Org& org) {
  io::JsonObject o;
  for (std::size_t i = 0; i < kFieldCount; ++i)
    if (org.values[i]) o.add(fields()[i].name, org.values[i]);
  return o.str();
}

[[noreturn]] void throw_diagnostics(std::vector<Diagnostic> diags, std::size_t total, const std::string& what) {
  std::string message = trnf("{} problem; {}", "{} problems; {}", total, total, what);
  throw Error(ErrorKind::kInvalidData, message, std::move(diags));
}

std::string today(Registry& reg) { return validate::shanghai_date(reg.now_utc()); }

// Ends a single edit: refuses it with every problem found, or stores `org` and audits the
// change from `before`. REQUIRES: an open transaction.
Org save_edit(Registry& reg, const Org& before, const Org& org, std::vector<Diagnostic>& diags,
              std::string_view action, const std::string& date = {}) {
  if (!diags.empty()) {
    auto n = diags.size();
    throw_diagnostics(std::move(diags), n, tr("nothing was changed"));
  }
  auto q = reg.prepare(update_sql());
  update_org(q, org, std::nullopt);
  Org after = *get(reg, org.id);
  reg.audit(action, org.id, change_detail(before, after, date));
  return after;
}

}  // namespace

std::optional<std::size_t> resolve_header(std::string_view header) {
  auto f = field_by_header(header);
  if (!f) return std::nullopt;
  return static_cast<std::size_t>(*f);
}

Org get_by_id(Registry& reg, std::int64_t id) {
  auto o = get(reg, id);
  if (!o) throw_not_found(trf("no org {}", registry::org_key(id)));
  return *o;
}

std::string label(const Org& o) {
  // TRANSLATORS: how messages name an org: its key and its name, "K0000042 '心愿公益协会'"
  return trf("{} '{}'", o[kKey].value_or(""), o[kName].value_or(""));
}

std::string entered_on(const Org& o) { return o[kFiledOn].value_or(o[kRegisteredOn].value_or("")); }

Org find(Registry& reg, std::string_view raw_token) {
  std::string token = io::trim(raw_token);
  std::vector<std::int64_t> ids;
  if (auto id = registry::parse_org_key(token)) {
    auto q = reg.prepare("SELECT id FROM org WHERE id = ?");
    q.bind(1, *id);
    if (q.step()) ids.push_back(*id);
  }
  auto q = reg.prepare("SELECT id FROM org WHERE credit_code = ? OR filing_no = ?");
  q.bind(1, token).bind(2, token);
  while (q.step())
    if (std::find(ids.begin(), ids.end(), *q.integer(0)) == ids.end()) ids.push_back(*q.integer(0));
  if (ids.empty())
    throw_not_found(trf("no org '{}' (give its key like K0000042, credit code or filing number)", token));
  if (ids.size() > 1) {
    std::string keys;
    for (auto id : ids) keys += (keys.empty() ? "" : ", ") + registry::org_key(id);
    throw_usage(trf("'{}' names more than one org ({}); use the key", token, keys));
  }
  return *get(reg, ids[0]);
}

Org add(Registry& reg, const io::RawRecord& input, std::string_view action) {
  registry::Transaction tx(reg);
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, today(reg)};
  Org org;
  c.apply(org);
  if (org[kKey]) c.bad(kKey, tr("is assigned by the registry"));
  org.values[kKey].reset();
  c.check(org);
  if (!diags.empty()) {
    auto n = diags.size();
    throw_diagnostics(std::move(diags), n, tr("nothing was added"));
  }
  if (org[kTier] == std::optional<std::string>("grassroots") && !org[kFilingNo])
    org.values[kFilingNo] = filing::Numbers(reg).next(*org[kFiledOn]);
  auto ins = reg.prepare(insert_sql());
  org.id = insert_org(reg, ins, org, std::nullopt);
  Org stored_org = *get(reg, org.id);
  reg.audit(action, org.id, io::JsonObject().add_raw("after", snapshot(stored_org)).str());
  tx.commit();
  return stored_org;
}

Org update(Registry& reg, std::string_view token, const io::RawRecord& input, const std::vector<Field>& clear) {
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  Org org = before;
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, today(reg)};
  for (Field f : {kKey, kTier, kStatus, kStatusDate, kStatusReason, kStatusAuthority, kStatusDocument, kAuthority})
    if (input.find(f) && !io::trim(input.find(f)->value).empty())
      c.bad(f, f == kTier ? tr("cannot change by update (a filed group registers with its own command)")
                          : f == kKey ? tr("never changes")
                          : f == kAuthority ? tr("follows from the credit code")
                                            : tr("changes with suspend, revoke, deregister or reinstate"));
  c.apply(org);
  for (Field f : clear) {
    if (f == kName || f == kTier || f == kType || f == kCategory || f == kKey || f == kStatus || f == kRegisteredOn ||
        f == kFiledOn || f == kFilingNo)
      c.bad(f, tr("is required and cannot be cleared"));
    org.values[f].reset();
    if (f == kHub) org.hub_id.reset();
  }
  c.check(org);
  Org after = save_edit(reg, before, org, diags, "org.update");
  tx.commit();
  return after;
}

Org set_status(Registry& reg, std::string_view token, const StatusChange& change) {
  if (change.status != "active" && change.status != "suspended" && change.status != "revoked" &&
      change.status != "deregistered")
    throw_usage(trf("'{}' is not a status (active, suspended, revoked, deregistered)", change.status));
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  if (change.tier && before[kTier] != change.tier)
    throw_invalid(*change.tier == "grassroots" ? trf("{} '{}' is not a filed (grassroots) org", *before[kKey], *before[kName])
                                               : trf("{} '{}' is not a {} org", *before[kKey], *before[kName], *change.tier));
  const std::string from = before[kStatus].value_or("active");
  const std::string& to = change.status;
  auto refuse = [&](const std::string& why) {
    throw_invalid(trf("{} '{}' is {}: {}", *before[kKey], *before[kName], said(spec(kStatus), from), why));
  };
  if (to == "active" && from != "suspended") refuse(tr("only a suspended org can be reinstated"));
  if (to == "suspended" && from != "active") refuse(tr("only an active org can be suspended"));
  if (to == "revoked" && (from == "revoked" || from == "deregistered")) refuse(tr("it is already closed"));
  if (to == "deregistered" && from == "deregistered") refuse(tr("it is already deregistered"));

  io::RawRecord input;
  input.fields.push_back({kStatusDate, change.date, 0, 0});
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, today(reg)};
  Org org = before;
  org.values[kStatus] = to;
  org.values[kStatusDate].reset();
  org.values[kStatusReason].reset();
  org.values[kStatusAuthority].reset();
  org.values[kStatusDocument].reset();
  c.apply(org);
  if (change.date.empty()) c.bad(kStatusDate, tr("a date is required (--date YYYY-MM-DD)"));
  if (to == "deregistered" && change.reason.empty())
    c.bad(kStatusReason, trf("a reason is required ({})", enum_codes_list(deregistration_reasons())));
  if (org[kStatusDate] && before[kStatusDate] && from != "active" && *org[kStatusDate] < *before[kStatusDate])
    c.bad(kStatusDate, trf("{} is before the current status date {}", *org[kStatusDate], *before[kStatusDate]));
  const std::string decided = org[kStatusDate].value_or("");
  if (to == "active") {
    // Reinstatement clears the suspension; the audit entry keeps it and the date.
    org.values[kStatusDate].reset();
  } else {
    org.values[kStatusReason] = io::trimmed_or_null(change.reason);
    org.values[kStatusAuthority] = io::trimmed_or_null(change.authority);
    org.values[kStatusDocument] = io::trimmed_or_null(change.document);
  }
  c.check(org);
  std::string action = !change.action.empty() ? change.action
                       : to == "active"         ? "org.reinstate"
                       : to == "suspended"      ? "org.suspend"
                       : to == "revoked"        ? "org.revoke"
                                                : "org.deregister";
  Org after = save_edit(reg, before, org, diags, action, decided);
  tx.commit();
  return after;
}

Org upgrade(Registry& reg, std::string_view token, const io::RawRecord& input) {
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  if (before[kTier] != std::optional<std::string>("grassroots"))
    throw_invalid(trf("{} '{}' is already registered", *before[kKey], *before[kName]));
  if (before[kStatus] != std::optional<std::string>("active"))
    throw_invalid(trf("{} '{}' is {}: only an active filed group can register", *before[kKey], *before[kName],
                      said(spec(kStatus), before[kStatus].value_or(""))));
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, today(reg)};
  for (Field f : {kKey, kTier, kStatus, kStatusDate, kStatusReason, kStatusAuthority, kStatusDocument, kFilingNo,
                  kFiledOn, kFilingOffice, kHub})
    if (input.find(f) && !io::trim(input.find(f)->value).empty())
      c.bad(f, f == kKey ? tr("never changes") : tr("is not part of a registration"));
  Org org = before;
  c.apply(org);
  org.values[kTier] = "registered";
  org.values[kHub].reset();  // a registered org stands on its own
  org.hub_id.reset();
  if (!input.find(kLevel) && org[kLevel] == std::optional<std::string>("community") && !org[kCommunity])
    org.values[kLevel] = "district";
  if (!c.given(kRegisteredOn)) c.bad(kRegisteredOn, tr("is required (the date of registration, --registered-on)"));
  if (!c.given(kCreditCode)) c.bad(kCreditCode, tr("is required (the credit code the registration gave)"));
  c.check(org);
  Org after = save_edit(reg, before, org, diags, "filing.upgrade", org[kRegisteredOn].value_or(""));
  tx.commit();
  return after;
}

const std::vector<Field>& summary_fields() {
  static const std::vector<Field> f = {kKey, kName, kTier, kType, kCategory, kStreet, kCommunity, kStatus, kRegisteredOn, kFiledOn};
  return f;
}

std::vector<Field> all_fields() {
  std::vector<Field> f;
  for (std::size_t i = 0; i < kFieldCount; ++i) f.push_back(static_cast<Field>(i));
  return f;
}

io::Table to_table(const std::vector<Org>& orgs, const std::vector<Field>& columns) {
  io::Table t;
  t.record_name = "org";
  for (Field f : columns) t.columns.push_back(column(f));
  for (const auto& o : orgs) {
    io::Row row;
    for (Field f : columns) row.push_back(o.values[f]);
    t.rows.push_back(std::move(row));
  }
  return t;
}

namespace {

// The WHERE clause of a filter over `org o`, its values in `params`.
std::string filter_where(const Filter& filter, std::vector<std::string>& params) {
  std::string where = " WHERE 1";
  auto add_enum = [&](const std::optional<std::string>& value, Field f) {
    if (!value) return;
    auto code = enum_code(spec(f), *value);
    if (!code) throw_usage(trf("--{} '{}' is not one of {}", f == kAuthority ? "authority" : fname(f), *value, enum_codes_list(spec(f))));
    where += " AND o." + fname(f) + " = ?";
    params.push_back(*code);
  };
  add_enum(filter.tier, kTier);
  add_enum(filter.type, kType);
  add_enum(filter.authority, kAuthority);
  add_enum(filter.level, kLevel);
  add_enum(filter.category, kCategory);
  add_enum(filter.status, kStatus);
  auto add_text = [&](const std::optional<std::string>& value, const char* clause) {
    if (!value) return;
    where += clause;
    params.push_back(io::trim(*value));
  };
  add_text(filter.street, " AND o.street = ?");
  add_text(filter.community, " AND o.community = ?");
  add_text(filter.name, " AND instr(o.name, ?) > 0");
  if (filter.credit) {
    std::string c = io::trim(*filter.credit);
    if (c != "abnormal" && c != "serious" && c != "clear")
      throw_usage(trf("--credit '{}' is not one of abnormal, serious, clear", c));
    where += std::string(" AND (") + supervision::list_state_sql() + ") = ?";
    params.push_back(c);
  }
  for (auto* d : {&filter.founded_since, &filter.founded_until}) {
    if (!*d) continue;
    auto parsed = validate::parse_date(**d);
    if (!parsed) throw_usage(fmt::format("--founded-{}: {}", d == &filter.founded_since ? "since" : "until", parsed.error));
    where += d == &filter.founded_since ? " AND o.founded >= ?" : " AND o.founded <= ?";
    params.push_back(*parsed.value);
  }
  return where;
}

}  // namespace

io::Table header(const std::vector<Field>& columns) { return to_table({}, columns); }

std::size_t list_each(Registry& reg, const Filter& filter, const std::vector<Field>& columns,
                      const std::function<void(const io::Row&)>& row, std::size_t* total) {
  std::vector<std::string> params;
  std::string where = filter_where(filter, params);
  std::string order;
  if (filter.sort == "key") order = "o.id";
  else if (filter.sort == "name") order = "o.name, o.id";
  else if (filter.sort == "founded") order = "o.founded IS NULL, o.founded, o.id";
  else if (filter.sort == "registered_on") order = "o.registered_on IS NULL, o.registered_on, o.id";
  else if (filter.sort == "filed_on") order = "o.filed_on IS NULL, o.filed_on, o.id";
  else if (filter.sort == "street") order = "o.street IS NULL, o.street, o.community, o.id";
  else throw_usage(trf("--sort '{}' is not one of key, name, founded, registered_on, filed_on, street", filter.sort));

  // Only the columns asked for, converted as they stream by: a million rows never sit in memory.
  std::string select;
  bool join_hub = false;
  for (Field f : columns) {
    select += select.empty() ? "SELECT " : ", ";
    if (f == kKey) {
      select += "o.id";
    } else if (f == kHub) {
      select += kHubColumn;
      join_hub = true;
    } else {
      select += "o." + fname(f);
    }
  }
  std::string sql = select + " FROM org o" + (join_hub ? " LEFT JOIN org h ON h.id = o.hub_id" : "") + where +
                    " ORDER BY " + order;
  if (filter.limit) sql += fmt::format(" LIMIT {}", filter.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  io::Row values(columns.size());
  std::size_t n = 0;
  while (q.step()) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const int col = static_cast<int>(c);
      auto& v = values[c];
      switch (columns[c] == kKey ? FieldKind::kKey : spec(columns[c]).kind) {
        case FieldKind::kKey: v = registry::org_key(*q.integer(col)); break;
        case FieldKind::kMoney: v = q.is_null(col) ? std::nullopt : std::optional<std::string>(validate::format_money(*q.integer(col))); break;
        case FieldKind::kCount: v = q.is_null(col) ? std::nullopt : std::optional<std::string>(std::to_string(*q.integer(col))); break;
        case FieldKind::kBool: v = q.is_null(col) ? std::nullopt : std::optional<std::string>(*q.integer(col) ? "true" : "false"); break;
        default: v = q.text(col);
      }
    }
    row(values);
    ++n;
  }
  if (total) {
    *total = n;
    if (filter.limit && n == filter.limit) {
      auto cq = reg.prepare("SELECT count(*) FROM org o" + where);
      for (std::size_t i = 0; i < params.size(); ++i) cq.bind(static_cast<int>(i + 1), params[i]);
      cq.step();
      *total = static_cast<std::size_t>(*cq.integer(0));
    }
  }
  return n;
}

io::Table list(Registry& reg, const Filter& filter, const std::vector<Field>& columns, std::size_t* total) {
  io::Table t = header(columns);
  list_each(reg, filter, columns, [&](const io::Row& r) { t.rows.push_back(r); }, total);
  return t;
}

io::Table stats(Registry& reg, const Filter& filter, const std::string& by) {
  static const std::vector<std::string> allowed = {"tier", "type", "registration_authority", "level", "category",
                                                   "street", "community", "status", "hub", "year"};
  std::string group;
  if (by == "year") {
    group = "substr(coalesce(o.registered_on, o.filed_on), 1, 4)";
  } else if (by == "hub") {
    group = "(SELECT h.name FROM org h WHERE h.id = o.hub_id)";
  } else if (by == "community") {
    group = "o.street || ' ' || o.community";
  } else if (std::find(allowed.begin(), allowed.end(), by) != allowed.end()) {
    group = "o." + by;
  } else {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw_usage(trf("--by '{}' is not one of {}", by, list));
  }
  std::vector<std::string> params;
  std::string where = filter_where(filter, params);
  // Streets come in the profile's order, as the district lists them.
  const char* order = by == "street" ? "(SELECT s.id FROM street s WHERE s.name = g) IS NULL, (SELECT s.id FROM street s WHERE s.name = g), g"
                                     : "g IS NULL, g";
  auto q = reg.prepare(fmt::format("SELECT {0} AS g, count(*) FROM org o{1} GROUP BY g ORDER BY {2}", group, where, order));
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), params[i]);
  io::Table t;
  t.record_name = "stat";
  // The column of the field counted by, with its Chinese header and labels; its last row is the total.
  io::Column grouped{by};
  if (auto f = field_by_header(by)) grouped = column(*f);
  grouped.enum_zh.emplace_back("total", "合计");
  t.columns = {grouped, {"orgs", io::ColumnType::kInteger}};
  std::int64_t sum = 0;
  while (q.step()) {
    t.rows.push_back({q.text(0), std::to_string(*q.integer(1))});
    sum += *q.integer(1);
  }
  t.rows.push_back({std::string("total"), std::to_string(sum)});
  return t;
}

namespace {

io::Table audit_table(registry::Query& q) {
  io::Table t;
  t.record_name = "audit";
  t.columns = {{"id", io::ColumnType::kInteger}, {"at"}, {"actor"}, {"action"}, {"org"}, {"command"}, {"detail"}};
  while (q.step()) {
    auto org_id = q.integer(4);
    t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3),
                      org_id ? std::optional<std::string>(registry::org_key(*org_id)) : std::nullopt, q.text(5), q.text(6)});
  }
  return t;
}

}  // namespace

io::Table history(Registry& reg, std::string_view token) {
  Org org = find(reg, token);
  // Single edits name the org; imports that created or changed it are its created_batch and
  // its org_change rows, whose before/after replace the batch's counts here.
  auto q = reg.prepare(
      "SELECT a.id, a.at, a.actor, a.action, a.org_id, a.command, coalesce(c.detail, a.detail) "
      "FROM audit a LEFT JOIN org_change c ON c.audit_id = a.id AND c.org_id = ?1 "
      "WHERE a.org_id = ?1 OR a.id = (SELECT created_batch FROM org WHERE id = ?1) OR c.org_id IS NOT NULL "
      "ORDER BY a.id");
  q.bind(1, org.id);
  return audit_table(q);
}

io::Table audit_log(Registry& reg, const LogFilter& filter) {
  std::string sql = "SELECT id, at, actor, action, org_id, command, detail FROM audit WHERE 1";
  std::vector<std::string> params;
  if (filter.actor) {
    sql += " AND actor = ?";
    params.push_back(*filter.actor);
  }
  if (filter.action) {
    sql += " AND action = ?";
    params.push_back(*filter.action);
  }
  for (auto* d : {&filter.since, &filter.until}) {
    if (!*d) continue;
    auto parsed = validate::parse_date(**d);
    if (!parsed) throw_usage(fmt::format("--{}: {}", d == &filter.since ? "since" : "until", parsed.error));
    // Audit times are UTC; the dates asked for are whole UTC days.
    sql += d == &filter.since ? " AND at >= ?" : " AND at < date(?, '+1 day')";
    params.push_back(*parsed.value);
  }
  if (filter.batch) {
    sql += " AND id = ?";
    params.push_back(std::to_string(*filter.batch));
  }
  sql += " ORDER BY id";
  if (filter.limit) sql += fmt::format(" LIMIT {}", filter.limit);
  auto q = reg.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (filter.batch && i + 1 == params.size()) q.bind(static_cast<int>(i + 1), *filter.batch);
    else q.bind(static_cast<int>(i + 1), params[i]);
  }
  return audit_table(q);
}

namespace {

// Where the orgs an import wrote came from, to name the first line when a later row repeats
// one. New orgs get consecutive ids, so runs of ids plus one 32-bit line per row keep this at
// about 4 bytes a row; updated orgs are listed as they come.
class LineIndex {
 public:
  void add(std::int64_t id, int line) {
    if (runs_.empty() || id != last_ + 1) {
      sorted_ = sorted_ && (runs_.empty() || id > last_);
      runs_.push_back({id, lines_.size()});
    }
    lines_.push_back(static_cast<std::uint32_t>(line));
    last_ = id;
  }
  // The line that wrote `id`, 0 when none did.
  int line_of(std::int64_t id) const {
    auto in_run = [&](std::size_t r) -> int {
      std::size_t end = r + 1 < runs_.size() ? runs_[r + 1].second : lines_.size();
      std::int64_t offset = id - runs_[r].first;
      if (offset < 0 || static_cast<std::size_t>(offset) >= end - runs_[r].second) return 0;
      return static_cast<int>(lines_[runs_[r].second + static_cast<std::size_t>(offset)]);
    };
    if (sorted_) {
      auto it = std::upper_bound(runs_.begin(), runs_.end(), id,
                                 [](std::int64_t v, const std::pair<std::int64_t, std::size_t>& r) { return v < r.first; });
      return it == runs_.begin() ? 0 : in_run(static_cast<std::size_t>(it - runs_.begin() - 1));
    }
    for (std::size_t r = runs_.size(); r-- > 0;)
      if (int line = in_run(r)) return line;
    return 0;
  }

 private:
  std::vector<std::pair<std::int64_t, std::size_t>> runs_;  // first id, index into lines_
  std::vector<std::uint32_t> lines_;
  std::int64_t last_ = 0;
  bool sorted_ = true;
};

// After a bulk load: builds the dropped indexes again, reporting the rows that repeat each
// other where a unique one cannot be built, then resolves and checks the hubs the rows named.
void bulk_finish(Registry& reg, Lookups& L, const std::string& file, const std::string& today,
                 const std::vector<std::pair<std::string, std::string>>& indexes, const LineIndex& lines,
                 bool refused, std::vector<Diagnostic>& diags) {
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
      {"org_name_unique", "name_scope || char(10) || coalesce(name_key, name)", "(status = 'active' OR status = 'suspended')", kName,
       "name in the same scope"},
  };
  bool code_index = true;
  for (const auto& [name, sql] : indexes) {
    // A file already refused rolls back (indexes included): build only what finds more problems.
    if (refused && name != "org_credit_code" && name != "org_filing_no" && name != "org_name_unique" &&
        name != "org_name_key")
      continue;
    try {
      reg.exec(sql);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidData) throw;
      if (name == "org_credit_code") code_index = false;
      for (const auto& u : uniques) {
        if (name != u.index) continue;
        auto q = reg.prepare(fmt::format(
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
            diags.push_back(Diagnostic{file, group_lines[i], 0, fname(u.field),
                                       trf("repeats the org of line {} of this file (same {})", group_lines[0], what),
                                       ""});
          group_lines.clear();
        };
        while (q.step()) {
          std::string k = q.text_or(0, "");
          if (k != group) {
            report();
            group = k;
          }
          group_lines.push_back(lines.line_of(*q.integer(1)));
        }
        report();
      }
    }
  }
  // Hubs are looked up by credit code: when repeated codes kept the unique index from being
  // built, a plain one serves (the import is refused, and rolled back, all the same).
  if (!code_index) reg.exec("CREATE INDEX org_import_code ON org (credit_code)");
  // A filing number that is another row's credit code: a look-up by it would find two orgs.
  auto crossed = reg.prepare(
      "SELECT f.id, f.filing_no, c.id FROM org f JOIN org c ON c.credit_code = f.filing_no AND c.id <> f.id "
      "WHERE f.filing_no IS NOT NULL ORDER BY f.id");
  while (crossed.step())
    diags.push_back(Diagnostic{file, lines.line_of(*crossed.integer(0)), 0, fname(kFilingNo),
                               trf("{} is the credit code of the org of line {} of this file", crossed.text_or(1, ""),
                                   lines.line_of(*crossed.integer(2))),
                               ""});
  reg.exec(
      "UPDATE org SET hub_id = h.id FROM temp.import_hub ih JOIN org h ON h.credit_code = ih.ref "
      "WHERE org.id = ih.org_id");
  auto rest = reg.prepare(
      "SELECT ih.org_id, ih.ref, ih.line, ih.col FROM temp.import_hub ih JOIN org o ON o.id = ih.org_id "
      "WHERE o.hub_id IS NULL ORDER BY ih.org_id");
  auto set_hub = reg.prepare("UPDATE org SET hub_id = ? WHERE id = ?");
  while (rest.step()) {
    io::RawRecord one;
    one.line = static_cast<int>(*rest.integer(2));
    one.fields.push_back({kHub, rest.text_or(1, ""), one.line, static_cast<int>(*rest.integer(3))});
    Checker c{L, file, one, diags, today};
    if (auto hub = c.resolve_hub(one.fields[0].value)) {
      set_hub.reset();
      set_hub.bind(1, *hub).bind(2, *rest.integer(0)).run();
    } else {
      c.bad(kHub, trf("no registered org '{}' (give its key, credit code or exact name)", one.fields[0].value));
    }
  }
  auto wrong = reg.prepare(
      "SELECT ih.line, ih.col, ih.ref, h.id, h.name, h.tier, h.status, o.id FROM temp.import_hub ih "
      "JOIN org o ON o.id = ih.org_id JOIN org h ON h.id = o.hub_id "
      "WHERE h.id = o.id OR h.tier <> 'registered' OR NOT (h.status = 'active' OR h.status = 'suspended') ORDER BY ih.org_id");
  while (wrong.step()) {
    io::RawRecord one;
    one.line = static_cast<int>(*wrong.integer(0));
    one.fields.push_back({kHub, wrong.text_or(2, ""), one.line, static_cast<int>(*wrong.integer(1))});
    Checker c{L, file, one, diags, today};
    std::string key = registry::org_key(*wrong.integer(3)), name = wrong.text_or(4, "");
    if (*wrong.integer(3) == *wrong.integer(7)) c.bad(kHub, tr("an org cannot be its own hub"));
    else if (wrong.text_or(5, "") != "registered") c.bad(kHub, trf("{} '{}' is a filed group; a hub is a registered org", key, name));
    else c.bad(kHub, trf("{} '{}' is {}", key, name, said(spec(kStatus), wrong.text_or(6, ""))));
  }
  reg.exec("DELETE FROM temp.import_hub");
  if (!code_index) reg.exec("DROP INDEX org_import_code");
}

// The existing org an import row stands for, and by which field it was recognised. A row is
// recognised by its credit code, else its filing number, else — having neither — its name
// in its scope. A key in the row must name that same org (keys are the registry's own).
struct Match {
  std::optional<Org> org;
  Field by = kKey;
};

}  // namespace

ImportResult import(Registry& reg, io::RecordReader& reader, const ImportOptions& options) {
  // A page cache big enough for the indexes an import keeps up to date (16 MB), small enough
  // for the import's memory to stay flat whatever the file's size.
  reg.exec("PRAGMA cache_size = -16384");
  registry::Transaction tx(reg);
  ImportResult result;
  std::vector<Diagnostic> diags;
  std::size_t problems = 0;
  const std::string now_date = today(reg);
  result.batch = reg.audit(options.action, std::nullopt, "{}");
  Lookups L(reg);
  auto ins = reg.prepare(insert_sql());
  auto upd = reg.prepare(update_sql());
  auto change = reg.prepare("INSERT INTO org_change (audit_id, org_id, detail) VALUES (?, ?, ?)");
  auto by_id = reg.prepare("SELECT id FROM org WHERE id = ?");
  auto by_code = reg.prepare("SELECT id FROM org WHERE credit_code = ?");
  auto by_filing = reg.prepare("SELECT id FROM org WHERE filing_no = ?");
  auto by_name = reg.prepare(
      "SELECT id FROM org WHERE name_scope = ? AND coalesce(name_key, name) = ? AND (status = 'active' OR status = 'suspended')");

  LineIndex written;
  std::size_t unnumbered = 0;  // filed groups added without a filing number

  // An empty registry is loaded in bulk: its indexes are dropped and built again once the rows
  // are in, which is many times faster than keeping them up to date row by row.
  std::vector<std::pair<std::string, std::string>> dropped;  // index name, CREATE statement
  {
    auto any = reg.prepare("SELECT 1 FROM org LIMIT 1");
    L.bulk = !any.step();
  }
  std::optional<registry::Query> hub_later;
  if (L.bulk) {
    auto q = reg.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'org' AND sql IS NOT NULL");
    while (q.step()) dropped.emplace_back(q.text_or(0, ""), q.text_or(1, ""));
    for (const auto& [name, sql] : dropped) reg.exec("DROP INDEX " + name);
    reg.exec("CREATE TEMP TABLE IF NOT EXISTS import_hub (org_id INTEGER PRIMARY KEY, ref TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL)");
    reg.exec("DELETE FROM temp.import_hub");
    hub_later.emplace(reg.prepare("INSERT INTO temp.import_hub (org_id, ref, line, col) VALUES (?, ?, ?, ?)"));
  }

  struct PendingHub {
    std::int64_t org_id;
    io::RawField cell;
    int line;
  };
  std::vector<PendingHub> pending;
  std::vector<Diagnostic> row_diags;
  io::RawRecord rec;
  auto keep = [&](std::vector<Diagnostic>& ds) {
    problems += ds.size();
    for (auto& d : ds)
      if (diags.size() < options.max_errors) diags.push_back(std::move(d));
    ds.clear();
  };
  auto find_id = [&](registry::Query& q, const std::string& value) -> std::optional<std::int64_t> {
    q.reset();
    q.bind(1, value);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
  };

  while (true) {
    row_diags.clear();
    bool more = reader.next(rec, row_diags);
    // A row with a cell the reader refused is checked for everything else but never written.
    const bool unread = !row_diags.empty();
    keep(row_diags);
    if (!more) break;
    ++result.rows;
    if (options.progress && (result.rows & 255) == 0) options.progress(result.rows, reader.bytes_read());
    Checker c{L, reader.file_name(), rec, row_diags, now_date};
    Org org;
    c.apply(org);
    if (org[kKey]) org.id = *registry::parse_org_key(*org[kKey]);
    if (options.tier) {
      if (!org[kTier] && !c.given(kTier)) org.values[kTier] = options.tier;
      else if (org[kTier] && org[kTier] != options.tier)
        c.bad(kTier, trf("is '{}'; this import takes only {} orgs", *org[kTier], *options.tier),
              *options.tier == "grassroots" ? tr("import registered orgs with kunqu org import") : "");
    }

    Match match;
    std::optional<std::int64_t> id;
    if (L.bulk) {
      // Nothing to match in an empty registry; rows repeating each other show up when the
      // unique indexes are built.
    } else if (org[kCreditCode] && (id = find_id(by_code, *org[kCreditCode]))) {
      match = {L.get(*id), kCreditCode};
    } else if (org[kFilingNo] && (id = find_id(by_filing, *org[kFilingNo]))) {
      match = {L.get(*id), kFilingNo};
    } else if (!org[kCreditCode] && !org[kFilingNo] && org[kName] && org[kTier] == std::optional<std::string>("grassroots")) {
      by_name.reset();
      by_name.bind(1, name_scope(org)).bind(2, name_key(*org[kName]));
      if (by_name.step()) match = {L.get(*by_name.integer(0)), kName};
    }
    if (org.id) {
      by_id.reset();
      by_id.bind(1, org.id);
      bool key_taken = by_id.step();
      if (match.org && match.org->id != org.id) {
        c.bad(kKey, trf("{} is not the key of this org: the registry knows it as {} '{}'", *org[kKey],
                        *match.org->values[kKey], match.org->values[kName].value_or("")),
              tr("keys belong to the registry that gave them; leave the key column out to import into another registry"));
      } else if (!match.org && key_taken) {
        auto other = L.get(org.id);
        c.bad(kKey, trf("{} is already the key of another org, '{}'", *org[kKey], other->values[kName].value_or("")),
              tr("keys belong to the registry that gave them; leave the key column out to import into another registry"));
      }
    }

    if (match.org) {
      if (match.org->created_batch == result.batch || match.org->updated_batch == result.batch) {
        // Finding the line costs a search; only listed problems need it.
        int first = diags.size() < options.max_errors ? written.line_of(match.org->id) : 0;
        c.bad(match.by, trf("repeats the org of line {} of this file (same {})", first,
                            match.by == kName ? std::string(tr("name in the same community")) : fname(match.by)));
        keep(row_diags);
        continue;
      }
      if (!row_diags.empty()) {
        keep(row_diags);
        continue;
      }
      if (options.on_conflict == OnConflict::kSkip) {
        ++result.skipped;
        continue;
      }
      if (options.on_conflict == OnConflict::kError) {
        c.bad(match.by, trf("{} '{}' is already in the registry (same {})", *match.org->values[kKey],
                            match.org->values[kName].value_or(""),
                            match.by == kName ? std::string(tr("name in the same community")) : fname(match.by)),
              tr("use --on-conflict skip to leave existing orgs alone, or --on-conflict update to update them"));
        keep(row_diags);
        continue;
      }
      Org merged = *match.org;
      if (org[kTier] && org[kTier] != match.org->values[kTier])
        c.bad(kTier, trf("{} is {}; the tier cannot change on import", *match.org->values[kKey],
                         said(spec(kTier), *match.org->values[kTier])));
      // The row's non-empty cells, already checked, replace the stored values.
      for (std::size_t f = 0; f < kFieldCount; ++f)
        if (org.values[f]) merged.values[f] = org.values[f];
      if (org[kHub]) merged.hub_id.reset();
      if (row_diags.empty()) c.check(merged, true);
      if (!row_diags.empty() || unread) {
        keep(row_diags);
        continue;
      }
      if (merged.values == match.org->values && merged.hub_id == match.org->hub_id) {
        ++result.unchanged;
        continue;
      }
      update_org(upd, merged, result.batch);
      L.hubs.erase(merged.id);  // a later row may name it as its hub: its facts changed
      written.add(merged.id, rec.line);
      if (merged[kHub] && !merged.hub_id) pending.push_back({merged.id, *rec.find(kHub), rec.line});
      Org after = *L.get(merged.id);
      change.reset();
      change.bind(1, result.batch).bind(2, merged.id).bind(3, change_detail(*match.org, after)).run();
      ++result.updated;
      continue;
    }
    // Every problem of the row in one pass: the whole-record rules run even when a cell failed.
    c.check(org, true);
    if (!row_diags.empty() || unread) {
      keep(row_diags);
      continue;
    }
    if (L.bulk) {
      // With the indexes dropped, rows repeating earlier ones are caught here (codes, keys) or
      // when the unique indexes are built again (filing numbers, names).
      std::optional<std::int64_t> first;
      Field by = kCreditCode;
      if (org[kCreditCode]) first = L.written_code(*org[kCreditCode]);
      if (!first && org.id && L.exists(org.id)) first = org.id, by = kKey;
      if (first) {
        c.bad(by, trf("repeats the org of line {} of this file (same {})", written.line_of(*first), fname(by)));
        keep(row_diags);
        continue;
      }
    }
    org.id = insert_org(reg, ins, org, result.batch);
    if (!org[kFilingNo] && org[kTier] == std::optional<std::string>("grassroots")) ++unnumbered;
    if (L.bulk && org[kCreditCode] && org.id < (std::int64_t{1} << 32)) L.codes.add(*org[kCreditCode], org.id);
    written.add(org.id, rec.line);
    if (org[kHub] && !org.hub_id) {
      const io::RawField& cell = *rec.find(kHub);
      if (hub_later) {
        hub_later->reset();
        hub_later->bind(1, org.id).bind(2, io::trim(cell.value)).bind(3, cell.line).bind(4, cell.column).run();
      } else {
        pending.push_back({org.id, cell, rec.line});
      }
    }
    ++result.added;
  }
  if (L.bulk) {
    bulk_finish(reg, L, reader.file_name(), now_date, dropped, written, problems > 0, row_diags);
    keep(row_diags);
  }
  // Hubs named before they appeared in the file.
  for (const auto& p : pending) {
    io::RawRecord one;
    one.line = p.line;
    one.fields.push_back(p.cell);
    Checker c{L, reader.file_name(), one, row_diags, now_date};
    Org org = *L.get(p.org_id);
    org.values[kHub] = p.cell.value;
    if (auto hub = c.resolve_hub(io::trim(p.cell.value))) {
      org.hub_id = hub;
      c.check_hub(org);
      if (row_diags.empty()) {
        auto q = reg.prepare("UPDATE org SET hub_id = ? WHERE id = ?");
        q.bind(1, *hub).bind(2, p.org_id).run();
      }
    } else {
      c.bad(kHub, trf("no registered org '{}' (give its key, credit code or exact name)", io::trim(p.cell.value)));
    }
    keep(row_diags);
  }
  if (problems) throw_import_refusal(std::move(diags), problems, reader.file_name());
  // New filed groups without a number get one now that every number the file carries is in.
  if (unnumbered) {
    filing::Numbers numbers(reg);
    std::vector<std::pair<std::int64_t, std::string>> todo;
    auto q = reg.prepare(
        "SELECT id, filed_on FROM org WHERE tier = 'grassroots' AND filing_no IS NULL AND created_batch = ? "
        "ORDER BY filed_on, id");
    q.bind(1, result.batch);
    while (q.step()) todo.emplace_back(*q.integer(0), q.text_or(1, ""));
    auto set = reg.prepare("UPDATE org SET filing_no = ? WHERE id = ?");
    for (const auto& [id, filed_on] : todo) {
      set.reset();
      set.bind(1, numbers.next(filed_on)).bind(2, id).run();
    }
    result.numbered = todo.size();
  }
  if (options.dry_run) {
    tx.rollback();
    result.batch = 0;
    return result;
  }
  io::JsonObject detail = io::describe_input(reader);
  detail.add("rows", static_cast<long long>(result.rows)).add("added", static_cast<long long>(result.added));
  detail.add("updated", static_cast<long long>(result.updated)).add("unchanged", static_cast<long long>(result.unchanged));
  detail.add("skipped", static_cast<long long>(result.skipped));
  if (result.numbered) detail.add("filing_numbers_assigned", static_cast<long long>(result.numbered));
  reg.set_audit_detail(result.batch, detail.str());
  tx.commit();
  return result;
}

io::Table counts(Registry& reg) {
  io::Table t;
  t.record_name = "count";
  t.columns = {column(kTier), column(kStatus), {"orgs", io::ColumnType::kInteger}};
  auto q = reg.prepare("SELECT tier, status, count(*) FROM org GROUP BY tier, status ORDER BY tier DESC, status");
  while (q.step()) t.rows.push_back({q.text(0), q.text(1), std::to_string(*q.integer(2))});
  return t;
}

}  // namespace kunqu::org
