// Sealing a transaction and checking the seals, in the tree form of schema 16 on (a registry
// of schemas 8 to 15 keeps the older form of seal_v1.cpp until it is migrated). An entry's
// `wrote` lists the rows its transaction changed ("org:1..5,9;setting:3", tables by name,
// rowids increasing), its `state` is the hash of the root of the seal tree after it.
#include "registry/seal.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "error.h"
#include "i18n/messages.h"
#include "registry/seal_internal.h"
#include "registry/seal_tree.h"

namespace kunqu::registry::seal {

namespace {

using Ranges = std::vector<std::pair<std::int64_t, std::int64_t>>;

// The rows an entry changed, in the text of its `wrote`.
class Wrote {
 public:
  void add(const std::string& table, std::int64_t rowid) {
    Ranges& r = tables_[table];
    if (!r.empty() && r.back().second < rowid && rowid - 1 == r.back().second)  // never past INT64_MAX
      r.back().second = rowid;
    else
      r.emplace_back(rowid, rowid);
  }
  // Rows sealed as an import wrote them come first, the ones written after them may fall
  // among them: the list is sorted and merged.
  void add_runs(const std::string& table, const RowSet& rows) {
    if (rows.empty()) return;
    Ranges& r = tables_[table];
    r.insert(r.end(), rows.runs().begin(), rows.runs().end());
  }
  std::string str() const {
    std::string out;
    for (const auto& [table, unsorted] : tables_) {
      RowSet merged;
      for (const auto& [first, last] : unsorted) merged.add_run(first, last);
      merged.normalize();
      const auto& ranges = merged.runs();
      if (!out.empty()) out += ';';
      out += table;
      out += ':';
      for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(ranges[i].first);
        if (ranges[i].second != ranges[i].first) out += ".." + std::to_string(ranges[i].second);
      }
    }
    return out;
  }
  // nullopt when `text` is not such a list.
  static std::optional<std::map<std::string, Ranges, std::less<>>> parse(std::string_view text) {
    std::map<std::string, Ranges, std::less<>> out;
    auto number = [](std::string_view s, std::int64_t& v) {
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      return ec == std::errc() && p == s.data() + s.size();
    };
    while (!text.empty()) {
      std::size_t end = text.find(';');
      std::string_view part = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      const std::size_t colon = part.rfind(':');
      if (colon == std::string_view::npos || colon == 0) return std::nullopt;
      Ranges& ranges = out[std::string(part.substr(0, colon))];
      std::string_view list = part.substr(colon + 1);
      while (!list.empty()) {
        std::size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        std::int64_t lo = 0, hi = 0;
        const std::size_t dots = item.find("..");
        if (!number(item.substr(0, dots), lo) || (dots != std::string_view::npos && !number(item.substr(dots + 2), hi)))
          return std::nullopt;
        if (dots == std::string_view::npos) hi = lo;
        if (hi < lo || (!ranges.empty() && lo <= ranges.back().second)) return std::nullopt;
        ranges.emplace_back(lo, hi);
      }
    }
    return out;
  }

 private:
  std::map<std::string, Ranges> tables_;
};

int user_version(Registry& reg) {
  auto q = reg.prepare("PRAGMA user_version");
  q.step();
  return static_cast<int>(q.integer(0).value_or(0));
}

bool has_table(Registry& reg, std::string_view name) {
  auto q = reg.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.step();
}

[[noreturn]] void damaged() {
  throw Error(ErrorKind::kIo, tr("the registry's seals are damaged: a sealed node is missing or was changed outside "
                                 "kunqu, so nothing more can be sealed; see '‹db check›'"));
}

// The state after the newest entry that has one: nothing before the first in the tree form.
tree::Root previous_root(Registry& reg, tree::Store& store) {
  auto q = reg.prepare("SELECT state, schema FROM audit WHERE state IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (!q.step() || q.integer(1).value_or(0) < kTreeSchema) return {};
  auto d = from_hex(q.text_or(0, ""));
  auto body = d ? store.get(*d) : std::nullopt;
  auto root = body ? tree::decode_root(*body) : std::nullopt;
  if (!root) damaged();
  return *root;
}

// Every row of a table's tree, as it is dropped.
class Gone : public tree::DiffVisitor {
 public:
  Gone(Wrote& wrote, const std::string& table) : wrote_(wrote), table_(table) {}
  void leaf(std::uint64_t key, const std::optional<Digest>&, const std::optional<Digest>&) override {
    wrote_.add(table_, tree::rowid_of(key));
  }
  void damaged(int, std::uint64_t, bool) override { seal::damaged(); }

 private:
  Wrote& wrote_;
  const std::string& table_;
};

void seal_tree(Registry& reg, Touched& touched) {
  tree::Store store(reg);
  tree::Root root = previous_root(reg, store);
  Wrote wrote;
  // Tables dropped since (a migration): their rows go.
  for (auto it = root.begin(); it != root.end();) {
    if (sealed_table(reg, it->first)) {
      ++it;
      continue;
    }
    Gone gone(wrote, it->first);
    tree::diff(store, it->second, std::nullopt, gone);
    it = root.erase(it);
  }
  tree::RowDigest digest;
  std::set<std::string, std::less<>> names;
  for (const auto& [name, ids] : touched.rows) names.insert(name);
  for (const auto& [name, fed] : touched.fed) names.insert(name);
  for (const auto& name : names) {
    const auto t = sealed_table(reg, name);
    if (!t) continue;  // made and dropped in this transaction
    auto touched_rows = touched.rows.find(name);
    RowSet& ids = touched_rows == touched.rows.end() ? touched.rows[name] : touched_rows->second;
    ids.normalize();
    // A table an import fed starts from the tree it left, with the rows it changed.
    auto fed = touched.fed.find(name);
    auto it = root.find(name);
    std::optional<Digest> start = it == root.end() ? std::nullopt : std::optional<Digest>(it->second);
    if (fed != touched.fed.end()) {
      start = fed->second.root;
      wrote.add_runs(name, fed->second.wrote);
    }
    tree::Updater tree(store, start);
    Keyed row(reg.prepare(row_sql(*t, "WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid")), ids);
    for (const auto& [first, last] : ids.runs())
      for (std::int64_t id = first;; ++id) {
        const auto d = row.at(id) ? std::optional<Digest>(digest.of(*t, row.row())) : std::nullopt;
        if (tree.set(tree::key_of(id), d)) wrote.add(name, id);
        if (id == last) break;
      }
    if (auto r = tree.finish())
      root[name] = *r;
    else
      root.erase(name);
  }
  chain(reg, touched.audit, wrote.str(), io::to_hex(store.put(tree::encode(root))));
}

// An entry's changes against the rows it says it wrote.
class AgainstWrote : public tree::DiffVisitor {
 public:
  AgainstWrote(std::vector<Finding>& out, const std::string& table, const Ranges& wrote, std::int64_t entry,
               SealedHead* since)
      : note_(out, "row seals", table), out_(out), table_(table), wrote_(wrote), entry_(entry), since_(since) {
    if (more()) next_ = wrote_[0].first;
  }
  void leaf(std::uint64_t key, const std::optional<Digest>&, const std::optional<Digest>&) override {
    const std::int64_t rowid = tree::rowid_of(key);
    if (rowid > INT64_MIN) consume(rowid - 1, true);
    ++changed;
    if (since_ && since_->changed.size() < SealedHead::kChangedShown)
      since_->changed.push_back(trf("{} (entry {})", subject_of(table_, rowid), entry_));
    if (more() && next_ == rowid) {
      advance();
      return;
    }
    note_.add(rowid, trf("{} row {} changed in the state entry {} sealed, but the entry does not record writing it: "
                         "the state, or the entries before it, were changed outside kunqu",
                         table_, rowid, entry_));
  }
  void damaged(int level, std::uint64_t prefix, bool) override {
    const auto [lo, hi] = tree::rowids_under(level, prefix);
    out_.push_back({"row seals", fmt::format("audit {}", entry_),
                    trf("the seal tree of the state this entry sealed is missing or was changed at {} rows {} to {}: "
                        "seals were removed or edited outside kunqu",
                        table_, lo, hi)});
    consume(hi, false);
  }
  void finish() {
    consume(INT64_MAX, true);
    note_.finish();
  }
  std::int64_t changed = 0;

 private:
  bool more() const { return range_ < wrote_.size(); }
  void advance() {
    if (next_ < wrote_[range_].second) {
      ++next_;
      return;
    }
    if (++range_ < wrote_.size()) next_ = wrote_[range_].first;
  }
  // Consumes the listed rowids up to `last`, naming them as listed but unchanged when `report`.
  // A long run is counted, not walked: a list of any length is checked in its number of runs.
  void consume(std::int64_t last, bool report) {
    while (more() && next_ <= last) {
      if (report && note_.listing()) {
        note_.add(next_, trf("entry {} records writing {} row {}, but the state it sealed does not change it", entry_,
                             table_, next_));
        advance();
        continue;
      }
      const std::int64_t end = std::min(wrote_[range_].second, last);
      if (report) note_.more(std::uint64_t(end) - std::uint64_t(next_) + 1);
      if (end < wrote_[range_].second)
        next_ = end + 1;
      else if (++range_ < wrote_.size())
        next_ = wrote_[range_].first;
    }
  }
  RowFindings note_;
  std::vector<Finding>& out_;
  const std::string& table_;
  const Ranges& wrote_;
  std::int64_t entry_;
  SealedHead* since_;  // the sealed head's record, for an entry after it
  std::size_t range_ = 0;
  std::int64_t next_ = 0;
};

// The newest state's leaves against the rows as they stand, merged in rowid order.
class AgainstRows : public tree::DiffVisitor {
 public:
  AgainstRows(Registry& reg, std::vector<Finding>& out, const Table& t)
      : data_(reg.prepare(row_sql(t, "ORDER BY rowid"))), note_(out, "row seals", t.name), out_(out), t_(t) {
    has_ = data_.step();
  }
  void leaf(std::uint64_t key, const std::optional<Digest>&, const std::optional<Digest>& sealed) override {
    const std::int64_t rowid = tree::rowid_of(key);
    added_before(rowid);
    if (has_ && id() == rowid) {
      if (digest_.of(t_, data_) != *sealed) note_.add(rowid, trf("{} row {} was changed outside kunqu", t_.name, rowid));
      has_ = data_.step();
    } else {
      note_.add(rowid, trf("{} row {} was removed outside kunqu", t_.name, rowid));
    }
  }
  void damaged(int level, std::uint64_t prefix, bool) override {
    const auto [lo, hi] = tree::rowids_under(level, prefix);
    out_.push_back({"row seals", t_.name,
                    trf("the seal tree of the newest state is missing or was changed at {} rows {} to {}: seals were "
                        "removed or edited outside kunqu",
                        t_.name, lo, hi)});
    added_before(lo);
    while (has_ && id() <= hi) has_ = data_.step();
  }
  void finish() {
    added_before(INT64_MAX);
    note_.finish();
  }

 private:
  std::int64_t id() const { return data_.integer(0).value_or(0); }
  void added_before(std::int64_t rowid) {
    for (; has_ && id() < rowid; has_ = data_.step()) note_.add(id(), trf("{} row {} was added outside kunqu", t_.name, id()));
  }
  Query data_;
  bool has_ = false;
  tree::RowDigest digest_;
  RowFindings note_;
  std::vector<Finding>& out_;
  const Table& t_;
};

// Counts a table's rows, for a table dropped outside kunqu.
class Count : public tree::DiffVisitor {
 public:
  void leaf(std::uint64_t, const std::optional<Digest>&, const std::optional<Digest>&) override { ++n; }
  void damaged(int, std::uint64_t, bool) override {}
  std::int64_t n = 0;
};

void verify_tree(Registry& reg, const std::vector<Entry>& entries, std::int64_t head, SealedHead* proven,
                 std::vector<Finding>& out) {
  tree::Store store(reg);
  std::optional<tree::Root> prev = tree::Root{};  // nullopt: unknown (a state that could not be read)
  for (const auto& e : entries) {
    if (e.state.empty()) continue;
    const std::string subject = fmt::format("audit {}", e.id);
    auto d = from_hex(e.state);
    auto body = d ? store.get(*d) : std::nullopt;
    auto root = body ? tree::decode_root(*body) : std::nullopt;
    // An entry of the older form (its stamp before schema 16) seals a sum, not a root: left to
    // the chain. One whose stamp was changed still seals a root, and is checked as one.
    if (!root && e.schema_no() < kTreeSchema) continue;
    if (!root) {
      out.push_back({"row seals", subject,
                     tr("the state this entry sealed is missing from the seal tree, or was changed: seals were removed "
                        "or edited outside kunqu")});
      prev.reset();
      continue;
    }
    auto wrote = Wrote::parse(e.wrote);
    if (!wrote) out.push_back({"row seals", subject, tr("its list of the rows it wrote cannot be read: it was changed outside kunqu")});
    if (prev && wrote) {
      std::vector<std::string> names;
      for (const auto& [name, h] : *prev) names.push_back(name);
      for (const auto& [name, h] : *root) names.push_back(name);
      for (const auto& [name, r] : *wrote) names.push_back(name);
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      static const Ranges kNone;
      for (const auto& name : names) {
        auto before = prev->find(name), after = root->find(name);
        auto w = wrote->find(name);
        SealedHead* since = proven && head && e.id > head ? proven : nullptr;
        AgainstWrote against(out, name, w == wrote->end() ? kNone : w->second, e.id, since);
        tree::diff(store, before == prev->end() ? std::nullopt : std::optional<Digest>(before->second),
                   after == root->end() ? std::nullopt : std::optional<Digest>(after->second), against);
        against.finish();
        if (since) since->rows_since += against.changed;
      }
    }
    prev = std::move(root);
  }
  if (!prev) return;  // the newest state cannot be read: its rows cannot be checked
  std::set<std::string> seen;
  for (const auto& t : sealed_tables(reg)) {
    seen.insert(t.name);
    auto it = prev->find(t.name);
    AgainstRows against(reg, out, t);
    tree::diff(store, std::nullopt, it == prev->end() ? std::nullopt : std::optional<Digest>(it->second), against);
    against.finish();
  }
  for (const auto& [name, h] : *prev) {
    if (seen.count(name)) continue;
    Count count;
    tree::diff(store, std::nullopt, h, count);
    out.push_back({"row seals", name, trf("table {} with {} sealed rows was dropped outside kunqu", name, count.n)});
  }
}

}  // namespace

struct Feed::Impl {
  Impl(Registry& r, Table table) : reg(r), t(std::move(table)), store(r) {}
  Registry& reg;
  Table t;
  tree::Store store;
  std::optional<tree::Updater> tree;
  tree::RowDigest digest;
  bool active = false, closed = false;
  std::optional<std::int64_t> last;  // the last rowid given a digest
  RowSet rows, wrote;
};

Feed::Feed(Registry& reg, const std::string& table) {
  auto t = sealed_table(reg, table);
  if (!t) t = Table{table, {}};
  impl_ = std::make_unique<Impl>(reg, std::move(*t));
  // One feed per table and transaction, in the tree form only.
  if (user_version(reg) < kTreeSchema || reg.touched().fed.count(table) || impl_->t.columns.empty()) return;
  const tree::Root root = previous_root(reg, impl_->store);
  auto it = root.find(table);
  impl_->tree.emplace(impl_->store, it == root.end() ? std::nullopt : std::optional<Digest>(it->second));
  impl_->active = true;
}

Feed::~Feed() = default;

const std::vector<std::string>& Feed::columns() const { return impl_->t.columns; }

namespace {

// The digest of row `rowid` of `t` with `values`, by column; nullopt when one is not known.
std::optional<Digest> digest_row(tree::RowDigest& d, const Table& t, std::int64_t rowid, const Feed::Values& values) {
  d.begin(t.name, rowid);
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const auto v = values(i);
    if (!v) return std::nullopt;
    if (v->kind == Feed::Value::kInteger) d.integer(t.columns[i], v->integer);
    else if (v->kind == Feed::Value::kText) d.text(t.columns[i], v->text);
  }
  return d.finish();
}

}  // namespace

std::optional<Digest> Feed::digest(std::int64_t rowid, const Values& values) {
  Impl& f = *impl_;
  if (!f.active) return std::nullopt;
  if (f.last && rowid <= *f.last) {
    f.active = false;
    return std::nullopt;
  }
  auto d = digest_row(f.digest, f.t, rowid, values);
  if (!d) {
    f.active = false;
    return std::nullopt;
  }
  f.last = rowid;
  return d;
}

struct Feed::Digester::State {
  Table t;
  tree::RowDigest d;
};

std::optional<Digest> Feed::Digester::digest(std::int64_t rowid, const Values& values) {
  if (!state_) return std::nullopt;
  return digest_row(state_->d, state_->t, rowid, values);
}

Feed::Digester Feed::digester() const {
  Digester out;
  if (!impl_->active) return out;
  out.state_ = std::make_shared<Digester::State>();
  out.state_->t = impl_->t;
  return out;
}

void Feed::add_computed(std::int64_t rowid, const std::optional<Digest>& digest) {
  Impl& f = *impl_;
  if (!f.active) return;
  if (!digest || (f.last && rowid <= *f.last)) {
    f.active = false;
    return;
  }
  f.last = rowid;
  add(rowid, *digest);
}

void Feed::add(std::int64_t rowid, const Digest& digest) {
  Impl& f = *impl_;
  if (f.tree->set(tree::key_of(rowid), digest)) f.wrote.add(rowid);
  f.rows.add(rowid);
}

void Feed::close() {
  Impl& f = *impl_;
  if (f.closed || !f.tree || f.rows.empty()) return;
  f.closed = true;
  Touched& touched = f.reg.touched();
  Touched::Fed fed{f.tree->finish(), std::move(f.rows), std::move(f.wrote)};
  fed.rows.normalize();
  fed.wrote.normalize();
  if (auto it = touched.rows.find(f.t.name); it != touched.rows.end()) {
    it->second.normalize();
    it->second.remove(fed.rows);
    if (it->second.empty()) touched.rows.erase(it);
  }
  touched.fed.emplace(f.t.name, std::move(fed));
}

void seal(Registry& reg, Touched& touched, std::string_view fallback_action) {
  if (touched.empty()) return;
  if ((!touched.rows.empty() || !touched.fed.empty()) && touched.audit.empty()) reg.audit(fallback_action, std::nullopt, "{}");
  if (user_version(reg) >= kTreeSchema)
    seal_tree(reg, touched);
  else
    v1::seal(reg, touched);
  touched.clear();
}

void touch_all(Registry& reg, Touched& touched) {
  for (const auto& t : sealed_tables(reg)) {
    auto q = reg.prepare("SELECT rowid FROM " + quote_ident(t.name));
    auto& ids = touched.rows[t.name];
    while (q.step()) ids.add(q.integer(0).value_or(0));
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

std::vector<Finding> verify(Registry& reg, const std::optional<std::string>& sealed, SealedHead* proven) {
  std::vector<Finding> out;
  const std::vector<Entry> entries = verify_chain(reg, sealed, out);
  std::int64_t head = 0;
  if (sealed) {
    std::string want = *sealed;
    std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const auto& e : entries)
      if (e.hash == want) {
        head = e.id;
        if (proven) proven->state_proven = e.schema_no() >= kTreeSchema;
      } else if (head && proven) {
        ++proven->entries_since;
      }
    if (proven) proven->entry = head;
  }
  if (has_table(reg, "seal_node"))
    verify_tree(reg, entries, head, proven, out);
  else if (has_table(reg, "seal"))
    v1::verify_rows(reg, entries, out);
  return out;
}

}  // namespace kunqu::registry::seal
