// The seal tree: nodes, their store, a row's digest, changing a table's tree and comparing two.
// A node's body is 'N', its level (one byte), its prefix (eight bytes, big-endian), then each
// slot in use as its number (one byte) and 32 bytes; a root's body is 'R', then each table as
// the length of its name (two bytes), the name and its tree's hash. Every body says where it
// stands, so no node can pass for another, and SHA-256's collision resistance is all a forger
// would have to break.
#include "registry/seal_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "error.h"
#include "i18n/messages.h"

namespace kunqu::registry::seal::tree {

namespace {

std::uint64_t prefix_at(std::uint64_t key, int level) { return level >= kTop ? 0 : key >> (4 * (level + 1)); }
int slot_at(std::uint64_t key, int level) { return static_cast<int>((key >> (4 * level)) & 15); }

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint64_t get_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

// `v` in decimal, written into `digits`.
template <typename Int>
std::string_view decimal(char (&digits)[24], Int v) {
  return {digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, v).ptr - digits)};
}

}  // namespace

bool Node::empty() const {
  for (const auto& s : slots)
    if (s) return false;
  return true;
}

std::string encode(const Node& n) {
  std::string out;
  out.reserve(10 + 16 * 33);
  out += 'N';
  out += static_cast<char>(n.level);
  put_u64(out, n.prefix);
  for (int i = 0; i < 16; ++i)
    if (n.slots[i]) {
      out += static_cast<char>(i);
      out.append(as_bytes(*n.slots[i]));
    }
  return out;
}

std::optional<Node> decode(std::string_view body) {
  if (body.size() < 10 || body[0] != 'N' || (body.size() - 10) % 33 != 0) return std::nullopt;
  Node n;
  n.level = static_cast<unsigned char>(body[1]);
  n.prefix = get_u64(body.substr(2));
  if (n.level > kTop || (n.level == kTop ? n.prefix != 0 : (n.prefix >> (60 - 4 * n.level)) != 0)) return std::nullopt;
  int last = -1;
  for (std::size_t at = 10; at < body.size(); at += 33) {
    const int slot = static_cast<unsigned char>(body[at]);
    if (slot <= last || slot > 15) return std::nullopt;
    n.slots[slot] = from_blob(body.substr(at + 1, 32));
    last = slot;
  }
  return n;
}

std::pair<std::int64_t, std::int64_t> rowids_under(int level, std::uint64_t prefix) {
  if (level >= kTop) return {rowid_of(0), rowid_of(~std::uint64_t(0))};
  const int bits = 4 * (level + 1);
  const std::uint64_t first = prefix << bits;
  return {rowid_of(first), rowid_of(first | ((std::uint64_t(1) << bits) - 1))};
}

std::string encode(const Root& r) {
  std::string out = "R";
  for (const auto& [name, h] : r) {
    out += static_cast<char>((name.size() >> 8) & 0xff);
    out += static_cast<char>(name.size() & 0xff);
    out += name;
    out.append(as_bytes(h));
  }
  return out;
}

std::optional<Root> decode_root(std::string_view body) {
  if (body.empty() || body[0] != 'R') return std::nullopt;
  Root r;
  std::size_t at = 1;
  while (at < body.size()) {
    if (body.size() - at < 2) return std::nullopt;
    const std::size_t len = (std::size_t(static_cast<unsigned char>(body[at])) << 8) | static_cast<unsigned char>(body[at + 1]);
    at += 2;
    if (body.size() - at < len + 32) return std::nullopt;
    std::string name(body.substr(at, len));
    if (!r.empty() && !(r.rbegin()->first < name)) return std::nullopt;
    r.emplace(std::move(name), from_blob(body.substr(at + len, 32)));
    at += len + 32;
  }
  return r;
}

// --- Store ----------------------------------------------------------------------------------

Store::Store(Registry& reg)
    : get_(reg.prepare("SELECT body FROM seal_node WHERE hash = ?")),
      put_(reg.prepare("INSERT INTO seal_node (hash, body) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING")) {}

std::optional<std::string> Store::get(const Digest& h) {
  get_.reset();
  get_.bind_blob(1, as_bytes(h));
  if (!get_.step()) return std::nullopt;
  std::string body(get_.view(0));
  sha_.reset();
  sha_.update(body);
  if (sha_.bytes() != h) return std::nullopt;
  return body;
}

Digest Store::put(const std::string& body) {
  sha_.reset();
  sha_.update(body);
  const Digest h = sha_.bytes();
  put_.reset();
  put_.bind_blob(1, as_bytes(h)).bind_blob(2, body);
  put_.run();
  return h;
}

std::optional<Node> Store::node(const Digest& h, int level, std::uint64_t prefix) {
  auto body = get(h);
  if (!body) return std::nullopt;
  auto n = decode(*body);
  if (!n || n->level != level || n->prefix != prefix) return std::nullopt;
  return n;
}

// --- RowDigest ------------------------------------------------------------------------------

void RowDigest::begin(std::string_view table, std::int64_t rowid) {
  buf_.assign("kunqu-row-2\x1e");
  buf_ += table;
  buf_ += '\x1e';
  char digits[24];
  buf_ += decimal(digits, rowid);
}

// '\x1e' column '=' kind length ':' value, written in place: an import digests every column of
// a million rows on its writing thread, and appending the seven pieces one by one cost more
// there than hashing them.
void RowDigest::bytes(std::string_view column, char kind, std::string_view v) {
  char digits[24];
  const std::string_view length = decimal(digits, v.size());
  const std::size_t at = buf_.size();
  buf_.resize(at + column.size() + length.size() + v.size() + 4);
  char* p = &buf_[at];
  *p++ = '\x1e';
  p = std::copy(column.begin(), column.end(), p);
  *p++ = '=';
  *p++ = kind;
  p = std::copy(length.begin(), length.end(), p);
  *p++ = ':';
  std::copy(v.begin(), v.end(), p);
}

void RowDigest::integer(std::string_view column, std::int64_t v) {
  char digits[24];
  bytes(column, 'i', decimal(digits, v));
}

void RowDigest::real(std::string_view column, double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  bytes(column, 'r', fmt::format("{:016x}", bits));
}

void RowDigest::text(std::string_view column, std::string_view v) { bytes(column, 't', v); }
void RowDigest::blob(std::string_view column, std::string_view v) { bytes(column, 'b', v); }

Digest RowDigest::finish() {
  h_.reset();
  h_.update(buf_);
  return h_.bytes();
}

Digest RowDigest::of(const Table& t, const Query& q) {
  begin(t.name, q.integer(0).value_or(0));
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const int c = static_cast<int>(i + 1);
    switch (q.kind(c)) {
      case 'i': integer(t.columns[i], *q.integer(c)); break;
      case 'r': real(t.columns[i], q.real(c)); break;
      case 't': text(t.columns[i], q.view(c)); break;
      case 'b': blob(t.columns[i], q.view(c)); break;
      default: break;  // NULL: left out, so a nullable column added later leaves digests alone
    }
  }
  return finish();
}

// --- Updater --------------------------------------------------------------------------------

Updater::Updater(Store& store, const std::optional<Digest>& root) : store_(store), root_(root) {
  at_[kTop] = {true, false, load(root, kTop, 0)};
}

Node Updater::load(const std::optional<Digest>& h, int level, std::uint64_t prefix) {
  if (!h) return Node{level, prefix, {}};
  auto n = store_.node(*h, level, prefix);
  if (!n)
    throw Error(ErrorKind::kIo, tr("the registry's seals are damaged: a sealed node is missing or was changed outside "
                                   "kunqu, so nothing more can be sealed; see '‹db check›'"));
  return *n;
}

bool Updater::set(std::uint64_t key, const std::optional<Digest>& d) {
  for (int level = kTop; level > 0; --level) {
    const std::uint64_t want = prefix_at(key, level - 1);
    Open& below = at_[level - 1];
    if (below.open && below.node.prefix == want) continue;
    close(level - 1);
    below = {true, false, load(at_[level].node.slots[slot_at(key, level)], level - 1, want)};
  }
  auto& slot = at_[0].node.slots[slot_at(key, 0)];
  if (slot == d) return false;
  slot = d;
  at_[0].dirty = true;
  return true;
}

void Updater::close(int level) {
  Open& o = at_[level];
  if (!o.open) return;
  if (level > 0) close(level - 1);
  if (o.dirty) {
    Open& parent = at_[level + 1];
    parent.node.slots[o.node.prefix & 15] = o.node.empty() ? std::nullopt : std::optional<Digest>(store_.put(encode(o.node)));
    parent.dirty = true;
  }
  o.open = false;
  o.dirty = false;
}

std::optional<Digest> Updater::finish() {
  close(kTop - 1);
  Open& top = at_[kTop];
  if (!top.dirty) return root_;
  top.dirty = false;
  root_ = top.node.empty() ? std::nullopt : std::optional<Digest>(store_.put(encode(top.node)));
  return root_;
}

// --- diff -----------------------------------------------------------------------------------

namespace {

void diff_at(Store& store, int level, std::uint64_t prefix, const std::optional<Digest>& a, const std::optional<Digest>& b,
             DiffVisitor& v) {
  if (a == b) return;
  Node na{level, prefix, {}}, nb{level, prefix, {}};
  if (a) {
    auto n = store.node(*a, level, prefix);
    if (!n) return v.damaged(level, prefix, false);
    na = *n;
  }
  if (b) {
    auto n = store.node(*b, level, prefix);
    if (!n) return v.damaged(level, prefix, true);
    nb = *n;
  }
  for (int s = 0; s < 16; ++s) {
    if (na.slots[s] == nb.slots[s]) continue;
    const std::uint64_t below = level == kTop ? std::uint64_t(s) : (prefix << 4) | std::uint64_t(s);
    if (level == 0)
      v.leaf(below, na.slots[s], nb.slots[s]);
    else
      diff_at(store, level - 1, below, na.slots[s], nb.slots[s], v);
  }
}

}  // namespace

void diff(Store& store, const std::optional<Digest>& before, const std::optional<Digest>& after, DiffVisitor& v) {
  diff_at(store, kTop, 0, before, after, v);
}

}  // namespace kunqu::registry::seal::tree
