// The audit chain (every form of seal): each entry's hash covers its content and the hash of
// the entry before it; the sealed tables and how their rows are read.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "i18n/messages.h"
#include "io/digest.h"
#include "registry/seal_internal.h"

namespace kunqu::registry::seal {

const std::string kGenesis(64, '0');

Digest from_blob(std::string_view bytes) {
  Digest d{};
  std::copy_n(bytes.begin(), std::min<std::size_t>(bytes.size(), 32), d.begin());
  return d;
}

std::optional<Digest> from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Digest d{};
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < 32; ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return d;
}

namespace {

constexpr const char* kSealedTablesWhere =
    "type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('audit', 'seal', 'seal_table', "
    "'seal_node')";

// The audit entry's schema stamp as a select expression: the column from schema 9 on, NULL before
// (a registry verified before it is migrated).
const char* schema_column(Registry& reg) {
  auto q = reg.prepare("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'schema'");
  return q.step() ? "schema" : "NULL";
}

// An entry with a schema stamp is hashed in the 'kunqu-audit-2' form, which covers the stamp;
// one without keeps the 'kunqu-audit-1' form it was sealed with.
std::string entry_hash(const Entry& e) {
  io::Sha256 h;
  const std::string id = std::to_string(e.id);
  auto field = [&h](std::string_view f) {
    h.update(fmt::format("{}:", f.size()));
    h.update(f);
  };
  field(e.schema.empty() ? "kunqu-audit-1" : "kunqu-audit-2");
  for (std::string_view f : {std::string_view(id), std::string_view(e.at), std::string_view(e.actor),
                             std::string_view(e.command), std::string_view(e.action), std::string_view(e.org_id),
                             std::string_view(e.detail), std::string_view(e.prev), std::string_view(e.wrote),
                             std::string_view(e.state)})
    field(f);
  if (!e.schema.empty()) field(e.schema);
  return h.hex();
}

}  // namespace

std::optional<Table> sealed_table(Registry& reg, const std::string& name) {
  auto q = reg.prepare(std::string("SELECT 1 FROM sqlite_schema WHERE name = ? AND ") + kSealedTablesWhere);
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  Table t{name, {}};
  // hidden: 0 an ordinary column, 2 and 3 generated ones (computed, not stored data).
  auto c = reg.prepare("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid");
  c.bind(1, name);
  while (c.step()) t.columns.push_back(c.text_or(0, ""));
  return t;
}

std::vector<Table> sealed_tables(Registry& reg) {
  std::vector<std::string> names;
  auto q = reg.prepare(std::string("SELECT name FROM sqlite_schema WHERE ") + kSealedTablesWhere + " ORDER BY name");
  while (q.step()) names.push_back(q.text_or(0, ""));
  std::vector<Table> out;
  for (const auto& name : names) out.push_back(*sealed_table(reg, name));
  return out;
}

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string row_sql(const Table& t, std::string_view tail) {
  std::string sql = "SELECT rowid";
  for (const auto& c : t.columns) sql += ", " + quote_ident(c);
  return sql + " FROM " + quote_ident(t.name) + " " + std::string(tail);
}

void RowSet::normalize() {
  std::sort(runs_.begin(), runs_.end());
  std::size_t out = 0;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    // Overlapping, or next to it (first - 1 cannot overflow: first is above a rowid then).
    if (out && (runs_[i].first <= runs_[out - 1].second || runs_[i].first - 1 == runs_[out - 1].second))
      runs_[out - 1].second = std::max(runs_[out - 1].second, runs_[i].second);
    else
      runs_[out++] = runs_[i];
  }
  runs_.resize(out);
}

void RowSet::remove(const RowSet& other) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  const auto& cut = other.runs_;
  std::size_t j = 0;
  for (const auto& run : runs_) {
    std::int64_t first = run.first;
    const std::int64_t last = run.second;
    bool rest = true;  // rows from `first` to `last` stay
    while (j < cut.size() && cut[j].second < first) ++j;
    // No bound overflows: a piece ends strictly inside the run.
    for (std::size_t k = j; k < cut.size() && cut[k].first <= last; ++k) {
      if (cut[k].first > first) out.emplace_back(first, cut[k].first - 1);
      if (cut[k].second >= last) {
        rest = false;
        break;
      }
      first = cut[k].second + 1;
    }
    if (rest) out.emplace_back(first, last);
  }
  runs_ = std::move(out);
}

Keyed::Keyed(Query q, const RowSet& ids) : q_(std::move(q)), dense_(false) {
  const auto& runs = ids.runs();
  if (runs.empty()) return;
  // Dense: the rows asked for are a quarter or more of the span (a double, so no span overflows).
  double count = 0;
  for (const auto& [first, last] : runs) count += double(last) - double(first) + 1;
  dense_ = count * 4 >= double(runs.back().second) - double(runs.front().first) + 1;
  if (dense_) {
    q_.bind(1, runs.front().first).bind(2, runs.back().second);
    has_ = q_.step();
  }
}

bool Keyed::at(std::int64_t id) {
  if (!dense_) {
    q_.reset();
    q_.bind(1, id).bind(2, id);
    has_ = q_.step();
  } else {
    while (has_ && key() < id) has_ = q_.step();
  }
  return has_ && key() == id;
}

int Entry::schema_no() const {
  int v = 0;
  auto [p, ec] = std::from_chars(schema.data(), schema.data() + schema.size(), v);
  return ec == std::errc() && p == schema.data() + schema.size() ? v : 0;
}

std::string subject_of(std::string_view table, std::int64_t rowid) {
  if (table == "org") return fmt::format("K{:07d}", rowid);
  return fmt::format("{} {}", table, rowid);
}

void RowFindings::add(std::int64_t rowid, std::string what) {
  if (found_++ < kFindingsPerTable)
    out_.push_back({check_, subject_of(table_, rowid), std::move(what)});
  else
    ++more_;
}

void RowFindings::finish() {
  if (more_) out_.push_back({check_, table_, trf("and {} more rows like these", more_)});
  more_ = 0;
}

void chain(Registry& reg, std::vector<std::int64_t> ids, const std::string& wrote, const std::string& state) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string prev = kGenesis;
  {
    auto q = reg.prepare("SELECT hash FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1");
    if (q.step()) prev = q.text_or(0, kGenesis);
  }
  auto get = reg.prepare(std::string("SELECT id, at, actor, command, action, coalesce(org_id, ''), detail, ") +
                         schema_column(reg) + " FROM audit WHERE id = ? AND hash IS NULL");
  std::vector<Entry> entries;
  for (std::int64_t id : ids) {
    get.bind(1, id);
    if (get.step())
      entries.push_back({id, get.text_or(1, ""), get.text_or(2, ""), get.text_or(3, ""), get.text_or(4, ""),
                         get.text_or(5, ""), get.text_or(6, ""), {}, {}, {}, {}, get.text_or(7, "")});
    get.reset();
  }
  auto set = reg.prepare("UPDATE audit SET prev = ?, wrote = ?, state = ?, hash = ? WHERE id = ?");
  auto or_null = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Entry& e = entries[i];
    e.prev = prev;
    if (i + 1 == entries.size()) {
      e.wrote = wrote;
      e.state = state;
    }
    e.hash = entry_hash(e);
    set.bind(1, e.prev).bind(2, or_null(e.wrote)).bind(3, or_null(e.state)).bind(4, e.hash).bind(5, e.id);
    set.run();
    set.reset();
    prev = e.hash;
  }
}

std::vector<Entry> verify_chain(Registry& reg, const std::optional<std::string>& sealed, std::vector<Finding>& out) {
  std::vector<Entry> entries;
  std::map<std::string, std::int64_t> seen;  // hash -> entry
  std::string last = kGenesis;
  std::int64_t last_id = 0;
  auto q = reg.prepare(std::string("SELECT id, at, actor, command, action, coalesce(org_id, ''), detail, prev, wrote, "
                                   "state, hash, ") +
                       schema_column(reg) + " FROM audit ORDER BY id");
  while (q.step()) {
    Entry e{q.integer(0).value_or(0), q.text_or(1, ""), q.text_or(2, ""), q.text_or(3, ""), q.text_or(4, ""),
            q.text_or(5, ""), q.text_or(6, ""), q.text_or(7, ""), q.text_or(8, ""), q.text_or(9, ""), q.text_or(10, ""),
            q.text_or(11, "")};
    const std::string subject = fmt::format("audit {}", e.id);
    if (e.hash.empty()) {
      out.push_back({"audit chain", subject, tr("has no hash: it was written outside kunqu")});
      continue;
    }
    if (e.prev != last) {
      auto it = seen.find(e.prev);
      if (it != seen.end())
        out.push_back({"audit chain", subject,
                       trf("is chained to entry {}, not to entry {} before it: entries after {} were inserted "
                           "outside kunqu",
                           it->second, last_id, it->second)});
      else
        out.push_back({"audit chain", subject,
                       last_id ? trf("is not chained to entry {} before it: an entry between was removed, or "
                                     "entry {} was rewritten",
                                     last_id, last_id)
                               : std::string(tr("is not the first entry it was chained as: earlier entries were removed"))});
    }
    if (entry_hash(e) != e.hash)
      out.push_back({"audit chain", subject, tr("was changed after it was written: its content no longer matches its hash")});
    seen.emplace(e.hash, e.id);
    last = e.hash;
    last_id = e.id;
    // The detail can be long (an import's file names): the checks after this need no more.
    e.detail.clear();
    e.command.clear();
    entries.push_back(std::move(e));
  }
  if (sealed) {
    std::string want = *sealed;
    std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!seen.count(want))
      out.push_back({"seal", want,
                     tr("the audit chain does not contain this sealed head: the registry's history was rewritten "
                        "since it was sealed, or this is another registry")});
  }
  return entries;
}

}  // namespace kunqu::registry::seal
