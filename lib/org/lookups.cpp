// The look-ups of an org record's checks (checker.h): prepared once per command; during an
// import into a registry that holds orgs, made beside the writes where they cannot see them.
#include <algorithm>
#include <functional>

#include "i18n/messages.h"
#include "org/checker.h"
#include "org/internal.h"
#include "profile/profile.h"

namespace kunqu::org {

namespace {

constexpr std::size_t kWrittenBits = std::size_t{1} << 26;  // 8 MB
constexpr int kWrittenProbes = 4;

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t hash_of(std::string_view v) { return mix(std::hash<std::string_view>{}(v)); }
std::uint64_t hash_of(std::int64_t id) { return mix(static_cast<std::uint64_t>(id) ^ 0x6b756e7175ULL); }

}  // namespace

void WrittenValues::set(std::uint64_t h) {
  if (words_.empty()) words_.assign(kWrittenBits / 64, 0);
  const std::uint64_t step = mix(h) | 1;
  for (int i = 0; i < kWrittenProbes; ++i, h += step) {
    const std::uint64_t bit = h & (kWrittenBits - 1);
    words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
}

bool WrittenValues::test(std::uint64_t h) const {
  if (words_.empty()) return false;
  const std::uint64_t step = mix(h) | 1;
  for (int i = 0; i < kWrittenProbes; ++i, h += step) {
    const std::uint64_t bit = h & (kWrittenBits - 1);
    if (!(words_[bit / 64] & (std::uint64_t{1} << (bit % 64)))) return false;
  }
  return true;
}

void WrittenValues::add(std::string_view value) { set(hash_of(value)); }
void WrittenValues::add(std::int64_t id) { set(hash_of(id)); }
bool WrittenValues::may_hold(std::string_view value) const { return test(hash_of(value)); }
bool WrittenValues::may_hold(std::int64_t id) const { return test(hash_of(id)); }

std::optional<std::int64_t> Lookups::written_code(const std::string& code) {
  return codes.find(code, [&](std::int64_t id) {
    settle();
    code_of.reset();
    code_of.bind(1, id);
    return code_of.step() && code_of.text(0) == code;
  });
}

Lookups::Lookups(Registry& r)
    : reg(r),
      org_by_id(r.prepare(select_sql() + " WHERE o.id = ?")),
      id_exists(r.prepare("SELECT id FROM org WHERE id = ?")),
      // '+tier': look names up through org_name_key, never by scanning the tier's index.
      hub_candidates(r.prepare("SELECT id FROM org WHERE coalesce(name_key, name) = ? AND +tier = 'registered' LIMIT 2")),
      hub_by_code(r.prepare("SELECT id FROM org WHERE credit_code = ?")),
      hub_info(r.prepare("SELECT tier, status, name, credit_code, registered_on FROM org WHERE id = ?")),
      code_of(r.prepare("SELECT credit_code FROM org WHERE id = ?")),
      // A code or number that another org holds as either: a look-up by it must find one org.
      code_owner(r.prepare("SELECT id, name, credit_code = ?1 FROM org WHERE (credit_code = ?1 OR filing_no = ?1) AND id <> ?2")),
      filing_owner(r.prepare("SELECT id, name, filing_no = ?1 FROM org WHERE (filing_no = ?1 OR credit_code = ?1 OR "
                             "certificate_no = ?1) AND id <> ?2")),
      name_owner(r.prepare("SELECT id, name FROM org WHERE name_scope = ? AND coalesce(name_key, name) = ? "
                           "AND (status = 'active' OR status = 'suspended') AND id <> ?")),
      number_owner(r.prepare("SELECT id, name FROM org WHERE (certificate_no = ?1 OR org_code = ?1 OR filing_no = ?1 OR "
                             "credit_code = ?1) AND id <> ?2")) {
  province = profile::setting(r, "district.code").substr(0, 2);
  auto all = profile::streets(r);
  for (auto& street : all) streets[street.name].insert(street.communities.begin(), street.communities.end());
  has_streets = !all.empty();
  const char* sep = i18n::chinese() ? "、" : ", ";  // names listed in a sentence
  for (std::size_t i = 0; i < all.size() && i < 20; ++i) street_list += (i ? sep : "") + all[i].name;
}

const Lookups::Hub* Lookups::hub(std::int64_t id) {
  auto it = hubs.find(id);
  if (it != hubs.end()) return &it->second;
  auto& hub_info = by({}, id).hub_info;
  hub_info.reset();
  hub_info.bind(1, id);
  if (!hub_info.step()) return nullptr;
  if (hubs.size() > 10000) hubs.clear();  // bounded memory, whatever the file
  Hub h{hub_info.text_or(0, ""), hub_info.text_or(1, ""), hub_info.text_or(2, ""), hub_info.text(3), hub_info.text(4)};
  return &hubs.emplace(id, std::move(h)).first->second;
}

std::optional<Org> Lookups::get(std::int64_t id) {
  auto& org_by_id = by({}, id).org_by_id;
  org_by_id.reset();
  org_by_id.bind(1, id);
  if (!org_by_id.step()) return std::nullopt;
  return read_org(org_by_id);
}

bool Lookups::exists(std::int64_t id) {
  auto& id_exists = by({}, id).id_exists;
  id_exists.reset();
  id_exists.bind(1, id);
  return id_exists.step();
}

Lookups& Lookups::by(std::initializer_list<std::string_view> values, std::int64_t id) {
  if (before && !(id && written.may_hold(id)) &&
      std::none_of(values.begin(), values.end(), [&](std::string_view v) { return written.may_hold(v); }))
    return *before;
  settle();
  return *this;
}

void Lookups::wrote(const Org& o) {
  if (!before) return;
  auto add = [&](const std::string& v) {
    written.add(v);
    if (!hub_ref_values.empty() && hub_ref_values.count(v)) {
      hub_refs.clear();
      hub_ref_values.clear();
    }
  };
  if (o.id) written.add(o.id);
  for (Field f : {kCreditCode, kFilingNo, kCertificateNo, kOrgCode})
    if (o[f]) add(*o[f]);
  if (o[kName]) {
    const std::string key = name_key(*o[kName]);
    add(*o[kName]);
    add(key);
    written.add(scoped(name_scope(o), key));
  }
}

void Lookups::keep_hub_ref(const std::string& ref, std::int64_t id) {
  if (hub_refs.size() > 10000) {  // bounded memory, whatever the file
    hub_refs.clear();
    hub_ref_values.clear();
  }
  hub_refs.emplace(ref, id);
  hub_ref_values.insert(ref);
  hub_ref_values.insert(name_key(ref));
}

registry::Query& Lookups::query(std::optional<registry::Query>& q, const char* sql) {
  if (!q) q.emplace(reg.prepare(sql));
  return *q;
}

std::pair<std::optional<std::int64_t>, Field> Lookups::match(const Org& o) {
  auto first = [](registry::Query& q, const std::string& value) -> std::optional<std::int64_t> {
    q.reset();
    q.bind(1, value);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
  };
  if (o[kCreditCode])
    if (auto id = first(by({*o[kCreditCode]}).hub_by_code, *o[kCreditCode])) return {id, kCreditCode};
  if (o[kFilingNo]) {
    Lookups& at = by({*o[kFilingNo]});
    if (auto id = first(at.query(at.by_filing, "SELECT id FROM org WHERE filing_no = ?"), *o[kFilingNo]))
      return {id, kFilingNo};
  }
  if (!o[kCreditCode] && o[kCertificateNo]) {  // an org known before credit codes
    Lookups& at = by({*o[kCertificateNo]});
    if (auto id = first(at.query(at.by_certificate, "SELECT id FROM org WHERE certificate_no = ?"), *o[kCertificateNo]))
      return {id, kCertificateNo};
  }
  if (!o[kCreditCode] && !o[kFilingNo] && o[kName] && o[kTier] == std::optional<std::string>("grassroots")) {
    const std::string scope = name_scope(o), key = name_key(*o[kName]);
    Lookups& at = by({scoped(scope, key)});
    auto& q = at.query(at.by_name, "SELECT id FROM org WHERE name_scope = ? AND coalesce(name_key, name) = ? "
                                   "AND (status = 'active' OR status = 'suspended')");
    q.reset();
    q.bind(1, scope).bind(2, key);
    if (q.step()) return {q.integer(0), kName};
  }
  return {std::nullopt, kKey};
}

}  // namespace kunqu::org
