// The seals of schemas 8 to 15, kept to check such a registry before it is migrated (and for
// tests that make one as an older kunqu did). A row's digest is SHA-256 over its table, rowid
// and stored columns, kept in `seal` under the key table number * 2^40 + rowid; an entry's
// state is the sum of every digest modulo 2^256. Migration 16 replaces them by the tree form.
#include <fmt/format.h>

#include <set>

#include "i18n/messages.h"
#include "io/digest.h"
#include "registry/seal_internal.h"

namespace kunqu::registry::seal::v1 {

namespace {

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

// The digest of the row `q` stands on (column 0 the rowid, then the stored columns): each
// non-NULL column as its name, storage class, length and bytes as SQLite gives them in text.
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

// The stored state after the newest entry that has one; zero before the first.
Digest last_state(Registry& reg) {
  auto q = reg.prepare("SELECT state FROM audit WHERE state IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (q.step())
    if (auto d = from_hex(q.text_or(0, ""))) return *d;
  return Digest{};
}

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

}  // namespace

void seal(Registry& reg, Touched& touched) {
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
    ids.normalize();
    const std::int64_t base = key_base(*table_no(reg, name, true));
    auto seal_query = reg.prepare("SELECT k - ?3, hash FROM seal WHERE k BETWEEN ?3 + ?1 AND ?3 + ?2 ORDER BY k");
    seal_query.bind(3, base);
    Keyed old(std::move(seal_query), ids);
    Keyed row(reg.prepare(row_sql(*t, "WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid")), ids);
    for (const auto& [first, last] : ids.runs())
      for (std::int64_t id = first;; ++id) {
        if (old.at(id)) subtract(state, from_blob(old.row().view(1)));
        note.assign(name);
        note += '\x1e';
        note += std::to_string(id);
        note += '\x1e';
        if (row.at(id)) {
          const Digest d = digest_of(*t, row.row());
          add(state, d);
          put.bind(1, base + id).bind_blob(2, as_bytes(d));
          put.run();
          put.reset();
          note.append(as_bytes(d));
        } else {
          drop.bind(1, base + id);
          drop.run();
          drop.reset();
          note += '-';
        }
        note += '\x1f';
        wrote.update(note);
        ++rows_written;
        if (id == last) break;  // not ++id past INT64_MAX
      }
  }
  chain(reg, touched.audit, rows_written ? wrote.hex() : std::string(), io::to_hex(state));
}

void verify_rows(Registry& reg, const std::vector<Entry>& entries, std::vector<Finding>& out) {
  std::optional<Digest> state;
  std::int64_t state_entry = 0;
  for (const auto& e : entries)
    if (!e.state.empty()) {
      state = from_hex(e.state);
      state_entry = e.id;
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
    RowFindings note(out, "row seals", t.name);
    while (has_data || has_seal) {
      const std::int64_t d = has_data ? data.integer(0).value_or(0) : INT64_MAX;
      const std::int64_t s = has_seal ? seals.integer(0).value_or(0) : INT64_MAX;
      if (has_seal && s <= d) add(sum, from_blob(seals.text_or(1, "")));
      if (d == s) {
        if (digest_of(t, data) != from_blob(seals.text_or(1, "")))
          note.add(d, trf("{} row {} was changed outside kunqu", t.name, d));
        has_data = data.step();
        has_seal = seals.step();
      } else if (d < s) {
        note.add(d, trf("{} row {} was added outside kunqu", t.name, d));
        has_data = data.step();
      } else {
        note.add(s, trf("{} row {} was removed outside kunqu", t.name, s));
        has_seal = seals.step();
      }
    }
    note.finish();
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
}

}  // namespace kunqu::registry::seal::v1
