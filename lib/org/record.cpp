// The org record in the org table: how it is read, bound, inserted and updated, how a change
// is described for the audit log, and how a token finds one org.
#include "org/internal.h"

#include <fmt/format.h>

#include <algorithm>

#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "registry/registry.h"
#include "validate/clock.h"
#include "validate/credit_code.h"
#include "validate/values.h"

namespace kunqu::org {

const FieldSpec& spec(Field f) { return fields()[f]; }
const std::string& fname(Field f) { return fields()[f].name; }
io::Column column(Field f) { return column_of(fields()[f]); }

std::string select_sql() {
  std::string sql = std::string("SELECT o.id, o.hub_id, ") + kHubColumn + ", o.created_batch, o.updated_batch, " +
                    kHubSinceColumn;
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
  org.values[kHubSince] = q.text(5);
  int col = 6;
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

// Binds the stored fields of `org` from parameter `first` on, in field order; a field without a
// value is left as clear_bindings() left it, NULL (a row has a dozen such fields, and each
// binding takes the connection's mutex). REQUIRES: q.clear_bindings() since q was last run.
int bind_fields(registry::Query& q, const Org& org, int first) {
  int p = first;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    if (!stored(f)) continue;
    const auto& v = org.values[f];
    if (!v) {
      ++p;
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

bool is_live(const std::optional<std::string>& status) {
  return !status || *status == "active" || *status == "suspended";
}

std::string insert_sql() {
  std::string cols = "id, name_key, hub_id, created_batch, updated_batch", params = "?, ?, ?, ?, ?";
  for (std::size_t i = 0; i < kFieldCount; ++i)
    if (stored(static_cast<Field>(i))) {
      cols += ", " + fields()[i].name;
      params += ", ?";
    }
  return fmt::format("INSERT INTO org ({}) VALUES ({})", cols, params);
}

StoredRow::StoredRow(const std::vector<std::string>& columns) {
  for (const auto& c : columns) {
    int source = c == "id" ? kId : c == "name_key" ? kNameKey : c == "hub_id" ? kHubId
             : c == "created_batch" ? kCreatedBatch : c == "updated_batch" ? kUpdatedBatch : kUnknown;
    for (std::size_t i = 0; i < kFieldCount && source == kUnknown; ++i)
      if (stored(static_cast<Field>(i)) && fields()[i].name == c) source = static_cast<int>(i);
    source_.push_back(source);
  }
}

// As bind_fields binds them.
std::optional<registry::seal::Feed::Value> StoredRow::value(std::size_t index, const Org& org, std::int64_t id,
                                                            std::optional<std::int64_t> batch,
                                                            const std::optional<std::string>& name_key) const {
  using Value = registry::seal::Feed::Value;
  auto integer = [](std::optional<std::int64_t> v) { return v ? Value{Value::kInteger, *v, {}} : Value{}; };
  switch (const int source = source_[index]) {
    case kId: return integer(id);
    case kNameKey: return name_key ? Value{Value::kText, 0, *name_key} : Value{};
    case kHubId: return integer(org.hub_id);
    case kCreatedBatch:
    case kUpdatedBatch: return integer(batch);
    case kUnknown: return std::nullopt;
    default: {
      const Field f = static_cast<Field>(source);
      const auto& v = org.values[f];
      if (!v) return Value{};
      switch (spec(f).kind) {
        case FieldKind::kMoney: return integer(validate::parse_money(*v).value);
        case FieldKind::kCount: return integer(validate::parse_count(*v).value);
        case FieldKind::kBool: return integer(std::int64_t{*v == "true"});
        default: return Value{Value::kText, 0, *v};
      }
    }
  }
}

std::string update_sql() {
  // Single edits pass no batch and keep the last import's; history finds them by audit.org_id.
  std::string sets = "name_key = ?, hub_id = ?, updated_batch = coalesce(?, updated_batch)";
  for (std::size_t i = 0; i < kFieldCount; ++i)
    if (stored(static_cast<Field>(i))) sets += ", " + fields()[i].name + " = ?";
  return fmt::format("UPDATE org SET {} WHERE id = ?", sets);
}

std::int64_t insert_org(Registry& reg, registry::Query& q, const Org& org, std::optional<std::int64_t> batch,
                        const std::optional<std::string>& name_key) {
  q.reset();
  q.clear_bindings();
  if (org.id) q.bind(1, org.id);
  q.bind(2, name_key).bind(3, org.hub_id).bind(4, batch).bind(5, batch);
  bind_fields(q, org, 6);
  q.run();
  return reg.last_insert_rowid();
}

void update_org(registry::Query& q, const Org& org, std::optional<std::int64_t> batch) {
  q.reset();
  q.clear_bindings();
  q.bind(1, stored_name_key(*org[kName])).bind(2, org.hub_id).bind(3, batch);
  int p = bind_fields(q, org, 4);
  q.bind(p, org.id);
  q.run();
}

// The fields that differ between two versions, as before/after JSON objects.
// `date`, when given, is the business date of the change (a status decision).
std::string change_detail(const Org& before, const Org& after, const std::string& date, std::int64_t event) {
  io::JsonObject b, a;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (before.values[i] == after.values[i]) continue;
    b.add(fields()[i].name, before.values[i]);
    a.add(fields()[i].name, after.values[i]);
  }
  io::JsonObject detail;
  if (!date.empty()) detail.add("date", date);
  if (event) detail.add("event", static_cast<long long>(event));
  return detail.add_raw("before", b.str()).add_raw("after", a.str()).str();
}

std::vector<FieldChange> field_changes(const Org& before, const Org& after) {
  std::vector<FieldChange> out;
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (before.values[f] == after.values[f]) continue;
    out.push_back({after.values[kKey].value_or(""), after.values[kName].value_or(""), fname(static_cast<Field>(f)),
                   before.values[f].value_or(""), after.values[f].value_or("")});
  }
  return out;
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

std::optional<std::size_t> resolve_header(std::string_view header) {
  auto f = field_by_header(header);
  if (!f) return std::nullopt;
  return static_cast<std::size_t>(*f);
}

std::string header_zh(std::string_view name) {
  auto f = field_by_header(name);
  return f ? fields()[*f].label_zh : std::string();
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

namespace {

// The orgs named `name` exactly (compared by name_key), in key order.
std::vector<std::int64_t> named(Registry& reg, const std::string& name) {
  std::vector<std::int64_t> ids;
  auto q = reg.prepare("SELECT id FROM org WHERE coalesce(name_key, name) = ? ORDER BY id");
  q.bind(1, name_key(name));
  while (q.step()) ids.push_back(*q.integer(0));
  return ids;
}

// One line for each org a name names: its key, its credit code or filing number, where it is.
std::string name_holders(Registry& reg, const std::vector<std::int64_t>& ids) {
  std::string lines;
  for (auto id : ids) {
    const Org o = *get(reg, id);
    std::string line = "  " + registry::org_key(id);
    if (auto number = o[kCreditCode] ? o[kCreditCode] : o[kFilingNo]) line += "  " + *number;
    std::string place = o[kStreet].value_or("");
    if (o[kCommunity]) place += (place.empty() ? "" : " ") + *o[kCommunity];
    if (!place.empty()) line += "  " + place;
    lines += "\n" + line;
  }
  return lines;
}

}  // namespace

Org find(Registry& reg, std::string_view raw_token) {
  std::string token = io::trim(raw_token);
  std::vector<std::int64_t> ids;
  if (auto id = registry::parse_org_key(token)) {
    auto q = reg.prepare("SELECT id FROM org WHERE id = ?");
    q.bind(1, *id);
    if (q.step()) ids.push_back(*id);
  }
  // An organization code is found however it is written (with or without its hyphen), a credit
  // code in lower case or full-width forms as well.
  std::string code = token;
  (void)validate::check_org_code(token, &code);  // its XXXXXXXX-X form, when it is one
  auto q = reg.prepare(
      "SELECT id FROM org WHERE credit_code = ?3 OR filing_no = ?1 OR certificate_no = ?1 OR org_code = ?2");
  q.bind(1, token).bind(2, code).bind(3, validate::fold_credit_code(token));
  while (q.step())
    if (std::find(ids.begin(), ids.end(), *q.integer(0)) == ids.end()) ids.push_back(*q.integer(0));
  // No number: the org's exact name.
  if (ids.empty() && !token.empty()) {
    ids = named(reg, token);
    if (ids.size() > 1)
      throw_usage(trf("'{}' is the name of {} orgs; give the key, credit code or filing number of one:{}", token,
                      ids.size(), name_holders(reg, ids)));
  }
  if (ids.empty())
    throw_not_found(trf("no org '{}' (give its key like K0000042, credit code, filing number or exact name)", token));
  if (ids.size() > 1) {
    std::string keys;
    for (auto id : ids) keys += (keys.empty() ? "" : ", ") + registry::org_key(id);
    throw_usage(trf("'{}' names more than one org ({}); use the key", token, keys));
  }
  return *get(reg, ids[0]);
}

Holdings holdings(Registry& reg, std::int64_t id) {
  auto q = reg.prepare(
      "SELECT EXISTS (SELECT 1 FROM credit_event WHERE org_id = ?1), EXISTS (SELECT 1 FROM grade WHERE org_id = ?1), "
      "EXISTS (SELECT 1 FROM annual_check WHERE org_id = ?1), EXISTS (SELECT 1 FROM incubation WHERE org_id = ?1), "
      "EXISTS (SELECT 1 FROM org WHERE " + std::string(kGroupsOfHub) + ")");
  q.bind(1, id);
  Holdings h;
  if (!q.step()) return h;
  h.credit_events = *q.integer(0) != 0;
  h.grades = *q.integer(1) != 0;
  h.annual_checks = *q.integer(2) != 0;
  h.stays = *q.integer(3) != 0;
  h.groups = *q.integer(4) != 0;
  return h;
}

}  // namespace kunqu::org
