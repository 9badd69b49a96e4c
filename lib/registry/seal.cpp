// The audit chain and the row seals. A row's digest is SHA-256 over its table, rowid and stored
// columns (each non-NULL column as its name, storage class, length and bytes, so a nullable
// column added later leaves old digests alone); the state is their sum modulo 2^256, kept up to date by adding a row's
// new digest and taking away its old one.
#include "registry/seal.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "i18n/messages.h"
#include "io/digest.h"
#include "registry/registry.h"

namespace kunqu::registry::seal {

namespace {

using Digest = std::array<unsigned char, 32>;

constexpr std::size_t kFindingsPerTable = 10;

void add(Digest& sum, const Digest& d) {
  unsigned carry = 0;
  for (int i = 31; i >= 0; --i) {
    unsigned v = unsigned(sum[i]) + d[i] + carry;
    sum[i] = static_cast<unsigned char>(v);
    carry = v >> 8;
  }
}

void subtract(Digest& sum, const Digest& d) {
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int v = int(sum[i]) - d[i] - borrow;
    borrow = v < 0;
    sum[i] = static_cast<unsigned char>(v + (borrow ? 256 : 0));
  }
}

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

const std::string kGenesis(64, '0');

// The tables whose rows are sealed, each with its stored columns.
struct Table {
  std::string name;
  std::vector<std::string> columns;
};

constexpr const char* kSealedTablesWhere =
    "type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('audit', 'seal', 'seal_table')";

// `name` with its stored columns, or nullopt when it is not (or no longer) a sealed table.
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

// SELECT rowid, col... FROM table, with `tail` appended.
std::string row_sql(const Table& t, std::string_view tail) {
  std::string sql = "SELECT rowid";
  for (const auto& c : t.columns) sql += ", " + quote_ident(c);
  return sql + " FROM " + quote_ident(t.name) + " " + std::string(tail);
}

// The digest of the row `q` stands on (column 0 the rowid, then the stored columns). One
// context and buffer serve every row of a commit.
class RowHasher {
 public:
  Digest operator()(const Table& t, const Query& q) {
    buf_.assign(t.name);
    buf_ += '\x1e';
    buf_ += std::to_string(q.integer(0).value_or(0));
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const int c = static_cast<int>(i + 1);
      const char kind = q.kind(c);
      if (kind == 'n') continue;
      buf_ += '\x1e';
      buf_ += t.columns[i];
      buf_ += '=';
      buf_ += kind;
      // Integers and reals as SQLite writes them in text; text and blobs as their bytes, after
      // their length, so no value can pass for a column boundary.
      const std::string_view v = q.view(c);
      buf_ += std::to_string(v.size());
      buf_ += ':';
      buf_ += v;
    }
    h_.reset();
    h_.update(buf_);
    return h_.bytes();
  }

 private:
  io::Sha256 h_;
  std::string buf_;
};

// The rows of a query keyed by its column 0 ("... BETWEEN ?1 AND ?2 ORDER BY key") at the
// sorted `ids`: one range scan when they are dense (an import's new rows), else a lookup each.
class Keyed {
 public:
  Keyed(Query q, const std::vector<std::int64_t>& ids)
      : q_(std::move(q)), dense_(ids.size() * 4 >= static_cast<std::size_t>(ids.back() - ids.front()) + 1) {
    if (dense_) {
      q_.bind(1, ids.front()).bind(2, ids.back());
      has_ = q_.step();
    }
  }
  // True when the query stands on the row keyed `id`. REQUIRES: ids asked in increasing order.
  bool at(std::int64_t id) {
    if (!dense_) {
      q_.reset();
      q_.bind(1, id).bind(2, id);
      has_ = q_.step();
    } else {
      while (has_ && key() < id) has_ = q_.step();
    }
    return has_ && key() == id;
  }
  const Query& row() const { return q_; }

 private:
  std::int64_t key() const { return q_.integer(0).value_or(0); }
  Query q_;
  bool dense_;
  bool has_ = false;
};

struct Entry {
  std::int64_t id = 0;
  std::string at, actor, command, action, org_id, detail, prev, wrote, state, hash;
  std::string schema;  // the schema version it was written under; "" before schema 9
};

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

// The stored state after the newest entry that has one; zero before the first.
Digest last_state(Registry& reg) {
  auto q = reg.prepare("SELECT state FROM audit WHERE state IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (q.step())
    if (auto d = from_hex(q.text_or(0, ""))) return *d;
  return Digest{};
}

// A table's seal keys run from its number * 2^40 (rowids stay far below 2^40).
constexpr std::int64_t kKeyBits = 40;
std::int64_t key_base(std::int64_t table_no) { return table_no << kKeyBits; }

// The number of `table` in seal_table, given one when `create` (else nullopt when it has none).
std::optional<std::int64_t> table_no(Registry& reg, std::string_view table, bool create) {
  auto q = reg.prepare("SELECT no FROM seal_table WHERE name = ?");
  q.bind(1, table);
  if (q.step()) return q.integer(0);
  if (!create) return std::nullopt;
  reg.prepare("INSERT INTO seal_table (name) VALUES (?)").bind(1, table).run();
  return reg.last_insert_rowid();
}

std::string subject_of(std::string_view table, std::int64_t rowid) {
  if (table == "org") return fmt::format("K{:07d}", rowid);
  return fmt::format("{} {}", table, rowid);
}

}  // namespace

void seal(Registry& reg, Touched& touched, std::string_view fallback_action) {
  if (touched.empty()) return;
  if (!touched.rows.empty() && touched.audit.empty()) reg.audit(fallback_action, std::nullopt, "{}");

  Digest state = last_state(reg);
  io::Sha256 wrote;
  RowHasher digest_of;
  std::size_t rows_written = 0;
  auto put = reg.prepare("INSERT INTO seal (k, hash) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET hash = excluded.hash");
  auto drop = reg.prepare("DELETE FROM seal WHERE k = ?");
  std::string note;
  for (auto& entry : touched.rows) {
    const std::string& name = entry.first;
    auto& ids = entry.second;
    // Only the tables this transaction touched are looked up: a commit stays cheap.
    const auto t = sealed_table(reg, name);
    if (!t) {
      // Dropped in this transaction (a migration): its seals go, and their digests with them.
      if (auto no = table_no(reg, name, false)) {
        auto gone = reg.prepare("SELECT hash FROM seal WHERE k BETWEEN ?1 AND ?2");
        gone.bind(1, key_base(*no)).bind(2, key_base(*no + 1) - 1);
        while (gone.step()) subtract(state, from_blob(gone.text_or(0, "")));
        reg.prepare("DELETE FROM seal WHERE k BETWEEN ?1 AND ?2").bind(1, key_base(*no)).bind(2, key_base(*no + 1) - 1).run();
      }
      wrote.update(name + "\x1e-\x1f");
      continue;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const std::int64_t base = key_base(*table_no(reg, name, true));
    auto seal_query = reg.prepare("SELECT k - ?3, hash FROM seal WHERE k BETWEEN ?3 + ?1 AND ?3 + ?2 ORDER BY k");
    seal_query.bind(3, base);
    Keyed old(std::move(seal_query), ids);
    Keyed row(reg.prepare(row_sql(*t, "WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid")), ids);
    for (std::int64_t id : ids) {
      if (old.at(id)) subtract(state, from_blob(old.row().view(1)));
      note.assign(name);
      note += '\x1e';
      note += std::to_string(id);
      note += '\x1e';
      if (row.at(id)) {
        const Digest d = digest_of(*t, row.row());
        add(state, d);
        const std::string_view blob(reinterpret_cast<const char*>(d.data()), d.size());
        put.bind(1, base + id).bind_blob(2, blob);
        put.run();
        put.reset();
        note.append(blob);
      } else {
        drop.bind(1, base + id);
        drop.run();
        drop.reset();
        note += '-';
      }
      note += '\x1f';
      wrote.update(note);
      ++rows_written;
    }
  }

  std::vector<std::int64_t> ids = touched.audit;
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
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Entry& e = entries[i];
    e.prev = prev;
    if (i + 1 == entries.size()) {
      e.wrote = rows_written ? wrote.hex() : std::string();
      e.state = io::to_hex(state);
    }
    e.hash = entry_hash(e);
    set.bind(1, e.prev).bind(2, e.wrote.empty() ? std::optional<std::string>() : std::optional<std::string>(e.wrote));
    set.bind(3, e.state.empty() ? std::optional<std::string>() : std::optional<std::string>(e.state));
    set.bind(4, e.hash).bind(5, e.id);
    set.run();
    set.reset();
    prev = e.hash;
  }
  touched.clear();
}

void touch_all(Registry& reg, Touched& touched) {
  for (const auto& t : sealed_tables(reg)) {
    auto q = reg.prepare("SELECT rowid FROM " + quote_ident(t.name));
    auto& ids = touched.rows[t.name];
    while (q.step()) ids.push_back(q.integer(0).value_or(0));
    if (ids.empty()) touched.rows.erase(t.name);
  }
  auto q = reg.prepare("SELECT id FROM audit WHERE hash IS NULL ORDER BY id");
  while (q.step()) touched.audit.push_back(q.integer(0).value_or(0));
}

std::optional<Head> head(Registry& reg) {
  auto q = reg.prepare("SELECT id, at, action, hash FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (!q.step()) return std::nullopt;
  return Head{q.integer(0).value_or(0), q.text_or(1, ""), q.text_or(2, ""), q.text_or(3, "")};
}

std::vector<Finding> verify(Registry& reg, const std::optional<std::string>& sealed) {
  std::vector<Finding> out;
  // The chain, oldest first.
  std::map<std::string, std::int64_t> seen;  // hash -> entry
  std::string last = kGenesis;
  std::int64_t last_id = 0;
  std::optional<Digest> state;
  std::int64_t state_entry = 0;
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
    if (!e.state.empty()) {
      state = from_hex(e.state);
      state_entry = e.id;
    }
  }
  if (sealed) {
    std::string want = *sealed;
    std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!seen.count(want))
      out.push_back({"seal", want,
                     tr("the audit chain does not contain this sealed head: the registry's history was rewritten "
                        "since it was sealed, or this is another registry")});
  }

  // The rows against their seals, merged in rowid order.
  Digest sum{};
  RowHasher digest_of;
  std::set<std::string> tables_seen;
  for (const auto& t : sealed_tables(reg)) {
    tables_seen.insert(t.name);
    auto data = reg.prepare(row_sql(t, "ORDER BY rowid"));
    auto seals = reg.prepare("SELECT k - ?1, hash FROM seal WHERE k BETWEEN ?1 AND ?2 ORDER BY k");
    // A table never sealed has no number: an empty range.
    const auto no = table_no(reg, t.name, false);
    seals.bind(1, no ? key_base(*no) : 0).bind(2, no ? key_base(*no + 1) - 1 : -1);
    bool has_data = data.step(), has_seal = seals.step();
    std::size_t found = 0, more = 0;
    auto note = [&](std::int64_t rowid, std::string what) {
      if (found++ < kFindingsPerTable)
        out.push_back({"row seals", subject_of(t.name, rowid), std::move(what)});
      else
        ++more;
    };
    while (has_data || has_seal) {
      const std::int64_t d = has_data ? data.integer(0).value_or(0) : INT64_MAX;
      const std::int64_t s = has_seal ? seals.integer(0).value_or(0) : INT64_MAX;
      if (has_seal && s <= d) add(sum, from_blob(seals.text_or(1, "")));
      if (d == s) {
        if (digest_of(t, data) != from_blob(seals.text_or(1, "")))
          note(d, trf("{} row {} was changed outside kunqu", t.name, d));
        has_data = data.step();
        has_seal = seals.step();
      } else if (d < s) {
        note(d, trf("{} row {} was added outside kunqu", t.name, d));
        has_data = data.step();
      } else {
        note(s, trf("{} row {} was removed outside kunqu", t.name, s));
        has_seal = seals.step();
      }
    }
    if (more) out.push_back({"row seals", t.name, trf("and {} more rows like these", more)});
  }
  // Seals of tables that are gone, or of no table at all.
  auto orphans = reg.prepare(
      "SELECT coalesce((SELECT name FROM seal_table WHERE no = s.k >> 40), 'table ' || (s.k >> 40)), count(*) FROM seal s "
      "GROUP BY s.k >> 40");
  while (orphans.step()) {
    const std::string tbl = orphans.text_or(0, "");
    if (tables_seen.count(tbl)) continue;
    out.push_back({"row seals", tbl, trf("table {} with {} sealed rows was dropped outside kunqu", tbl,
                                         orphans.integer(1).value_or(0))});
  }
  auto stray = reg.prepare(
      "SELECT hash FROM seal s WHERE NOT EXISTS (SELECT 1 FROM seal_table t WHERE t.no = s.k >> 40) "
      "OR (SELECT name FROM seal_table t WHERE t.no = s.k >> 40) NOT IN (SELECT name FROM sqlite_schema WHERE type = 'table')");
  while (stray.step()) add(sum, from_blob(stray.text_or(0, "")));
  if (state && sum != *state)
    out.push_back({"row seals", fmt::format("audit {}", state_entry),
                   tr("the row seals no longer add up to the state this entry sealed: seals were edited outside kunqu")});
  return out;
}

}  // namespace kunqu::registry::seal
