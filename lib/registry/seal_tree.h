// The seal tree of schema 16 on (internal to lib/registry). Each sealed table's rows are the
// leaves of a Merkle tree of 16 levels of 16 slots over the rowid's 64 bits; the state an audit
// entry seals is the SHA-256 of the root, which names every table's tree. Nodes are stored by
// their SHA-256 (seal_node) and never changed or removed: every entry's state stays readable,
// so `db check` can show that each entry changed exactly the rows it says it wrote, and a head
// kept outside the registry pins the rows as they stood at it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "io/digest.h"
#include "registry/seal_internal.h"

namespace kunqu::registry::seal::tree {

// Rowids as unsigned keys in the same order.
inline std::uint64_t key_of(std::int64_t rowid) { return static_cast<std::uint64_t>(rowid) ^ (std::uint64_t(1) << 63); }
inline std::int64_t rowid_of(std::uint64_t key) { return static_cast<std::int64_t>(key ^ (std::uint64_t(1) << 63)); }

constexpr int kTop = 15;  // the level of a table's root node

// A node: at level 0 its slots are rows' digests, above the hashes of the nodes below.
// It covers the keys whose bits above 4 * (level + 1) are `prefix`.
struct Node {
  int level = 0;
  std::uint64_t prefix = 0;
  std::array<std::optional<Digest>, 16> slots;
  bool empty() const;
};
std::string encode(const Node& n);
std::optional<Node> decode(std::string_view body);  // nullopt when it is no node

// The first and last rowid a node at `level` with `prefix` covers.
std::pair<std::int64_t, std::int64_t> rowids_under(int level, std::uint64_t prefix);

// The state: every sealed table's tree, by name.
using Root = std::map<std::string, Digest, std::less<>>;
std::string encode(const Root& r);
std::optional<Root> decode_root(std::string_view body);

// The nodes, stored by their hash in seal_node.
class Store {
 public:
  explicit Store(Registry& reg);
  // The body stored under `h`: nullopt when there is none, or it does not hash to `h`.
  std::optional<std::string> get(const Digest& h);
  // Stores `body` (unless it is there) and returns its hash.
  Digest put(const std::string& body);
  // The node under `h`, which must stand at `level` and `prefix`: nullopt when it is missing or
  // is not that node.
  std::optional<Node> node(const Digest& h, int level, std::uint64_t prefix);

 private:
  Query get_, put_;
  io::Sha256 sha_;
};

// The digest of one row in the tree form: its table, rowid and each non-NULL stored column as
// its name, storage class and value (integers in decimal, reals as their IEEE 754 bits, text
// and blobs as their length and bytes). Fed column by column, so it can be computed from the
// values an import is about to insert as well as from a row read back.
class RowDigest {
 public:
  void begin(std::string_view table, std::int64_t rowid);
  void integer(std::string_view column, std::int64_t v);
  void real(std::string_view column, double v);
  void text(std::string_view column, std::string_view v);  // TEXT
  void blob(std::string_view column, std::string_view v);
  Digest finish();
  // The row `q` stands on: column 0 its rowid, then the table's stored columns in order.
  Digest of(const Table& t, const Query& q);

 private:
  void bytes(std::string_view column, char kind, std::string_view v);
  std::string buf_;
  io::Sha256 h_;
};

// Changes one table's tree, row by row in increasing key order, writing only the nodes that
// change. A node that is missing or damaged on the way throws (kIo).
class Updater {
 public:
  Updater(Store& store, const std::optional<Digest>& root);
  // The row `key` now has the digest `d` (nullopt: it is gone). True when that changes the tree.
  bool set(std::uint64_t key, const std::optional<Digest>& d);
  // The new root (nullopt: the table has no rows).
  std::optional<Digest> finish();

 private:
  struct Open {
    bool open = false, dirty = false;
    Node node;
  };
  Node load(const std::optional<Digest>& h, int level, std::uint64_t prefix);
  void close(int level);
  Store& store_;
  std::optional<Digest> root_;
  std::array<Open, kTop + 1> at_;
};

// What differs between two trees of a table, in key order.
class DiffVisitor {
 public:
  virtual ~DiffVisitor() = default;
  virtual void leaf(std::uint64_t key, const std::optional<Digest>& before, const std::optional<Digest>& after) = 0;
  // A node of the tree before (`after` false) or after is missing or damaged: its keys are skipped.
  virtual void damaged(int level, std::uint64_t prefix, bool after) = 0;
};
void diff(Store& store, const std::optional<Digest>& before, const std::optional<Digest>& after, DiffVisitor& v);

}  // namespace kunqu::registry::seal::tree
