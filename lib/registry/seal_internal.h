// What the two forms of seal share (internal to lib/registry): the audit chain's entries and
// their hashes, the sealed tables and how their rows are read, digests as bytes. The form of
// schemas 8 to 15 (seal_v1.cpp) keeps a digest per row and their sum; the tree form of schema
// 16 on (seal.cpp, seal_tree.cpp) keeps the rows' digests in a Merkle tree whose every version
// stays, so an entry's state can be proven later.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/registry.h"
#include "registry/seal.h"

namespace kunqu::registry::seal {

using Digest = std::array<unsigned char, 32>;

Digest from_blob(std::string_view bytes);
std::optional<Digest> from_hex(std::string_view hex);
inline std::string_view as_bytes(const Digest& d) { return {reinterpret_cast<const char*>(d.data()), d.size()}; }

extern const std::string kGenesis;  // the `prev` of the first entry

// A table whose rows are sealed, with its stored columns.
struct Table {
  std::string name;
  std::vector<std::string> columns;
};
// `name` with its stored columns, or nullopt when it is not (or no longer) a sealed table.
std::optional<Table> sealed_table(Registry& reg, const std::string& name);
std::vector<Table> sealed_tables(Registry& reg);
std::string quote_ident(std::string_view name);
// SELECT rowid, col... FROM table, with `tail` appended.
std::string row_sql(const Table& t, std::string_view tail);

// The rows of a query keyed by its column 0 ("... BETWEEN ?1 AND ?2 ORDER BY key") at the
// normalized `ids`: one range scan when they are dense (an import's new rows), else a lookup each.
class Keyed {
 public:
  Keyed(Query q, const RowSet& ids);
  // True when the query stands on the row keyed `id`. REQUIRES: ids asked in increasing order.
  bool at(std::int64_t id);
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
  // The stamp as a number; 0 when there is none (or it is not a number).
  int schema_no() const;
};

// Chains the transaction's new audit entries (`ids`, any order) to the head; the last one
// carries `wrote` and `state` ("" for none).
void chain(Registry& reg, std::vector<std::int64_t> ids, const std::string& wrote, const std::string& state);

// Walks the chain, oldest first, adding what is wrong with it to `out`; returns the entries.
// `sealed`: a head that the chain must contain.
std::vector<Entry> verify_chain(Registry& reg, const std::optional<std::string>& sealed, std::vector<Finding>& out);

// The key a finding names a row by: K0000012 for an org, "table rowid" for others.
std::string subject_of(std::string_view table, std::int64_t rowid);

constexpr std::size_t kFindingsPerTable = 10;

// Findings about one table's rows, at most kFindingsPerTable, then a count of the rest.
class RowFindings {
 public:
  RowFindings(std::vector<Finding>& out, std::string check, std::string table)
      : out_(out), check_(std::move(check)), table_(std::move(table)) {}
  void add(std::int64_t rowid, std::string what);
  // Whether another finding would still be listed.
  bool listing() const { return found_ < kFindingsPerTable; }
  // `n` more findings, counted without being listed.
  void more(std::uint64_t n) { more_ += n; }
  // Adds the count of the findings not listed, if any.
  void finish();

 private:
  std::vector<Finding>& out_;
  std::string check_, table_;
  std::size_t found_ = 0;
  std::uint64_t more_ = 0;
};

namespace v1 {
// The form of schemas 8 to 15: each row's digest in `seal`, their sum the state.
void seal(Registry& reg, Touched& touched);
void verify_rows(Registry& reg, const std::vector<Entry>& entries, std::vector<Finding>& out);
}  // namespace v1

}  // namespace kunqu::registry::seal
