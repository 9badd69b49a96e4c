// The checks of one org record against the registry's rules, shared by adding, editing,
// status changes and import: each problem is placed at the cell it concerns. Internal to
// lib/org; not part of the library's interface.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "error.h"
#include "io/records.h"
#include "org/org.h"
#include "registry/registry.h"

namespace kunqu::registry {
class ImportRun;
}

namespace kunqu::org {

// The credit codes a bulk load has written, in memory while their index is dropped: one
// 8-byte slot per code (a 32-bit fingerprint of the code and the id's offset), at most half
// full. A fingerprint match is confirmed against the stored row by the caller.
class CodeIndex {
 public:
  CodeIndex() : slots_(1 << 12, 0) {}

  // REQUIRES: 0 < id < 2^32.
  void add(std::string_view code, std::int64_t id) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    place((static_cast<std::uint64_t>(fingerprint(code)) << 32) | static_cast<std::uint32_t>(id));
    ++count_;
  }

  // The id whose code is `code`, asking `same(id)` to confirm each candidate.
  template <typename Same>
  std::optional<std::int64_t> find(std::string_view code, Same same) const {
    const std::uint32_t print = fingerprint(code);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = print & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return std::nullopt;
      if (static_cast<std::uint32_t>(slot >> 32) == print) {
        std::int64_t id = static_cast<std::uint32_t>(slot);
        if (same(id)) return id;
      }
    }
  }

 private:
  static std::uint32_t fingerprint(std::string_view code) {
    auto h = static_cast<std::uint32_t>(std::hash<std::string_view>{}(code) >> 32);
    return h ? h : 1;  // 0 marks an empty slot
  }
  // The fingerprint also chooses the slot, so growing needs no codes.
  void place(std::uint64_t slot) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::uint32_t>(slot >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
  void grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    for (std::uint64_t slot : old)
      if (slot != 0) place(slot);
  }

  std::vector<std::uint64_t> slots_;
  std::size_t count_ = 0;
};

// The values an import into a registry that holds orgs has written so far — the keys, numbers
// and names a look-up may find a row by, of every row it added or updated, before and after —
// in a Bloom filter of fixed size (8 MB), so memory stays flat whatever the file. A value it
// does not hold was never written by the import; one it holds may have been (about one in a
// hundred false at six million values).
class WrittenValues {
 public:
  void add(std::string_view value);
  void add(std::int64_t id);
  bool may_hold(std::string_view value) const;
  bool may_hold(std::int64_t id) const;

 private:
  void set(std::uint64_t hash);
  bool test(std::uint64_t hash) const;
  std::vector<std::uint64_t> words_;  // taken at the first add
};

// Prepared statements and the district's streets, made once per command: an import checks a
// million rows with them.
struct Lookups {
  Registry& reg;
  registry::Query org_by_id, id_exists, hub_candidates, hub_by_code, hub_info, code_of, code_owner, filing_owner, name_owner;
  registry::Query number_owner;  // the org another of whose numbers an old number is
  bool has_streets = false;
  std::map<std::string, std::set<std::string>> streets;  // street → its communities
  std::string street_list;                               // for messages
  std::string province;  // the district's province: district.code's first two digits ('' when unset)
  // A bulk load into an empty registry builds the indexes after the rows are in, and runs the
  // checks that need them (uniqueness, hubs) then.
  bool bulk = false;
  CodeIndex codes;  // bulk only: the credit codes written so far
  // Called before a look-up of an org this import may have written: an import whose writes run
  // on a second thread waits for them here (ImportRun::settle).
  std::function<void()> settle = [] {};

  explicit Lookups(Registry& r);

  // The org this import wrote with credit code `code` (bulk loads).
  std::optional<std::int64_t> written_code(const std::string& code);

  // What a row needs to know of its hub. Many rows share a hub: the answers are kept.
  struct Hub {
    std::string tier, status, name;
    std::optional<std::string> credit_code, registered_on;
  };
  const Hub* hub(std::int64_t id);
  std::map<std::int64_t, Hub> hubs;
  // The hubs rows named, by what they named them (bulk: their codes; else, while `before`
  // is set, any reference), and (not bulk) each reference and its name key: a write of any of
  // these may change what a reference names, and forgets them all (Lookups::wrote).
  std::unordered_map<std::string, std::int64_t> hub_refs;
  std::unordered_set<std::string> hub_ref_values;
  void keep_hub_ref(const std::string& ref, std::int64_t id);

  std::optional<Org> get(std::int64_t id);
  bool exists(std::int64_t id);

  // An import into a registry that holds orgs, its writes on a second thread: the registry as
  // it stood before the import, on a connection of its own (nullptr: none), and what the import
  // has written since. A look-up by values (and key) none of the written rows may hold finds
  // the same rows before the writes as after them: it reads there, beside the writes, instead
  // of waiting for them and taking turns with them on the one connection.
  Lookups* before = nullptr;
  WrittenValues written;
  // The look-ups to look up rows by `values` and key `id` (0: none) with: `before`, or these
  // once the writes queued are done.
  Lookups& by(std::initializer_list<std::string_view> values, std::int64_t id = 0);
  // `o` is written, or queued to be: every value a look-up may find it by.
  void wrote(const Org& o);
  // What stands for a name in its scope among those values, for wrote() and by() alike.
  static std::string scoped(const std::string& scope, const std::string& key) { return scope + '\n' + key; }

  // The existing org an import row stands for: by its credit code, else its filing number, else
  // (with no credit code) its old certificate number, else — a filed group with neither — its
  // name in its community; and the field it was found by.
  std::pair<std::optional<std::int64_t>, Field> match(const Org& o);
  registry::Query& query(std::optional<registry::Query>& q, const char* sql);  // prepared once, when first needed
  std::optional<registry::Query> by_filing, by_certificate, by_name;
};

// Collects the problems of one record, each at the position of the cell it concerns.
struct Checker {
  Lookups& L;
  std::string file;
  const io::RawRecord& in;
  std::vector<Diagnostic>& diags;
  std::string today;
  // What is accepted but worth a second look; the caller settles them (Registry::settle).
  std::vector<Diagnostic> warnings = {};
  // Whether a warning found now would be read; nullptr: always. An import past its
  // ‹max_errors›, with no problem report and not strict, reads none: those are only counted
  // (`unworded`), without the cost of their words, as a million-row load may warn on most rows.
  std::function<bool()> read_warning = nullptr;
  std::size_t unworded = 0;

  void bad(Field f, std::string message, std::string hint = {});
  void warn(Field f, std::string message, std::string hint = {});
  // Whether to word a warning found now (then warn()); when not, it is counted instead.
  bool wording();
  // Whether the record carries a non-empty cell for `f` (that may have failed to parse).
  bool given(Field f) const;
  // `message`: marked with N_ where it is written, translated here.
  void require(const Org& org, Field f, const char* message);

  // Normalizes each non-empty cell of `in` into `org`.
  void apply(Org& org);

  // During a bulk load only keys and credit codes have their indexes; names wait for the end.
  std::optional<std::int64_t> resolve_hub_by_code(const std::string& ref);
  // The hub a reference names: a key, credit code or the exact name of a registered org.
  std::optional<std::int64_t> resolve_hub(const std::string& ref);

  // Checks the rules that concern the record as a whole. `defer_hub`: leave an unresolved
  // hub for the caller (imports resolve forward references once every row is in).
  void check(Org& org, bool defer_hub = false);
  void check_hub(Org& org);
  void check_unique(const Org& org);
  std::optional<std::int64_t> look_up_hub(const std::string& ref);
};

// After a bulk load, the rows that kept the unique index `index` from being built: each row
// repeating an earlier one, at its line, naming the line of the first.
void report_repeats(registry::ImportRun& run, const std::string& index);

}  // namespace kunqu::org
