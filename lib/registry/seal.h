// Tamper evidence: every audit entry is chained to the one before it by SHA-256 over its
// content, the rows its transaction changed and the state of all sealed rows after it. From
// schema 16 the state is the root of a Merkle tree over every sealed row's digest, and every
// version of the tree is kept (seal_node), so each entry's state can be read back: `verify`
// shows that each entry changed exactly the rows it says it wrote, that the rows stand as the
// newest state says, and — given a head kept outside the registry — that the rows stood at that
// head as it says. A write through kunqu seals itself as its transaction commits. Registries of
// schemas 8 to 15 keep the older form (a digest per row and their sum) until they are migrated.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kunqu::registry {
class Registry;
}

namespace kunqu::registry::seal {

// The first schema whose entries seal their state in the tree form.
constexpr int kTreeSchema = 16;

// The rowids of one table a transaction touched, as runs [first, last]: an import's new rows
// are one run, so the set stays small however many rows it writes.
class RowSet {
 public:
  void add(std::int64_t id) {
    if (!runs_.empty() && runs_.back().second < id && id - 1 == runs_.back().second)  // never past INT64_MAX
      runs_.back().second = id;
    else if (runs_.empty() || id < runs_.back().first || id > runs_.back().second)
      runs_.emplace_back(id, id);
  }
  void add_run(std::int64_t first, std::int64_t last) { runs_.emplace_back(first, last); }
  bool empty() const { return runs_.empty(); }
  // Sorted, without overlaps or runs that touch.
  void normalize();
  // REQUIRES: both normalized. Removes the rows of `other`.
  void remove(const RowSet& other);
  const std::vector<std::pair<std::int64_t, std::int64_t>>& runs() const { return runs_; }

 private:
  std::vector<std::pair<std::int64_t, std::int64_t>> runs_;
};

// The rows and audit entries a transaction touched, gathered by SQLite's update hook. A superset
// is harmless: sealing reads each row as it stands when the transaction commits.
struct Touched {
  std::map<std::string, RowSet, std::less<>> rows;  // by table
  std::vector<std::int64_t> audit;
  // Rows sealed as they were written (Feed), by table: the table's tree after them, the rows
  // fed and those that changed the tree. Sealing starts that table from this tree and reads
  // back only the rows in `rows`, which no longer lists the rows fed unless written again since.
  struct Fed {
    std::optional<std::array<unsigned char, 32>> root;  // nullopt: the table has no rows
    RowSet rows, wrote;
  };
  std::map<std::string, Fed, std::less<>> fed;
  bool empty() const { return rows.empty() && audit.empty() && fed.empty(); }
  void clear() {
    rows.clear();
    audit.clear();
    fed.clear();
  }
};

// Seals the rows an import adds to one table as they are written, so that the commit need not
// read them back: right after a row's insert, the thread that wrote it takes its digest from the
// values the insert bound (digest()) and adds it to the table's tree (add()). Rows must come in
// increasing rowid order: the first that does not stops the feed, and it and the rows after it
// are sealed at the commit, read back as usual. Only the values a row is inserted with are
// known here: a table with a trigger that changes its rows must not be fed.
class Feed {
 public:
  // A value as the insert binds it: NULL, an integer or text.
  struct Value {
    enum Kind { kNull, kInteger, kText } kind = kNull;
    std::int64_t integer = 0;
    std::string_view text;
  };
  // The value of the row's column `index` (of columns()), nullopt when it is not known.
  using Values = std::function<std::optional<Value>(std::size_t index)>;

  // Feeds `table` when the registry seals in the tree form; stopped otherwise.
  Feed(Registry& reg, const std::string& table);
  ~Feed();
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;

  // The table's stored columns, in order.
  const std::vector<std::string>& columns() const;
  // The digest of row `rowid` with `values`; nullopt, and the feed stopped, when the rowid is
  // not above the last one's or a value is not known.
  std::optional<std::array<unsigned char, 32>> digest(std::int64_t rowid, const Values& values);
  // After the row's insert, on the same thread as digest().
  void add(std::int64_t rowid, const std::array<unsigned char, 32>& digest);

  // Digests rows as digest() does, without the feed: on another thread than the one that
  // writes, for add_computed() there. Holds its own copy of what it needs.
  class Digester {
   public:
    // nullopt when a value is not known.
    std::optional<std::array<unsigned char, 32>> digest(std::int64_t rowid, const Values& values);

   private:
    friend class Feed;
    struct State;
    std::shared_ptr<State> state_;
  };
  // A Digester for this feed's table; one that digests nothing when the feed is stopped.
  Digester digester() const;
  // After the row's insert: a digest a Digester took (nullopt: a value was not known), judged
  // as digest() judges its own, then added.
  void add_computed(std::int64_t rowid, const std::optional<std::array<unsigned char, 32>>& digest);
  // Once every row fed is written: hands the tree to the transaction's seal (Registry).
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Seals what the current transaction touched: each row's digest, the state, and the chain over
// the transaction's new audit entries (the last one carries the rows and the state). A
// transaction that wrote rows without an audit entry gets one named `fallback_action`.
// REQUIRES: inside the outermost transaction, before its COMMIT; schema 8 or later.
void seal(Registry& reg, Touched& touched, std::string_view fallback_action);

// Marks every data row and every unsealed audit entry as touched: a registry's first sealing.
void touch_all(Registry& reg, Touched& touched);

// The chain's head: the newest sealed audit entry.
struct Head {
  std::int64_t entry = 0;
  std::string at, action, hash;
};
std::optional<Head> head(Registry& reg);

struct Finding {
  std::string check, subject, finding;
};

// What a sealed head was found to prove.
struct SealedHead {
  std::int64_t entry = 0;      // its audit entry; 0 when the chain does not contain it
  bool state_proven = false;   // sealed in the tree form: the rows are proven as they stood at it
  std::int64_t entries_since = 0, rows_since = 0;  // the entries after it, and the rows they changed
  // The first of those rows, each with the entry that changed it ("K0000003 (entry 580)").
  std::vector<std::string> changed;
  static constexpr std::size_t kChangedShown = 10;
};

// Walks the audit chain, every entry's state and every sealed row. `sealed`: a head printed
// earlier (by `db seal` or a monthly report) that the chain must still contain; what it proves
// goes to `proven` when given.
std::vector<Finding> verify(Registry& reg, const std::optional<std::string>& sealed, SealedHead* proven = nullptr);

}  // namespace kunqu::registry::seal
