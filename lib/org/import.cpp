// Importing a file of orgs, as a kind of the import pipeline: each row matched to the org it
// stands for (credit code, filing number, name), checked and written; forward references to
// hubs resolved at the end; into an empty registry, a bulk load whose indexes are built once
// the rows are in; filed groups without a number numbered last.
#include "org/org.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <memory>
#include <unordered_set>

#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/checker.h"
#include "org/internal.h"
#include "org/numbers.h"
#include "registry/registry.h"

namespace kunqu::org {

namespace {

using registry::ImportKind;
using registry::ImportRun;

// The existing org an import row stands for, and by which field it was recognised. A row is
// recognised by its credit code, else its filing number, else — having neither — its name
// in its scope. A key in the row must name that same org (keys are the registry's own).
struct Match {
  std::optional<Org> org;
  Field by = kKey;
};

class OrgImport : public ImportKind {
 public:
  explicit OrgImport(const ImportOptions& options) : options_(options) {}

  void hand_changes(ImportResult& r) {
    r.changes = std::move(changes_);
    r.changes_left_out = changes_left_out_;
  }
  std::size_t numbered() const { return numbered_; }

  std::string bulk_table() const override { return "org"; }
  std::vector<std::string> bulk_derived_tables() const override { return {"hub_link"}; }  // the links
  std::vector<std::string> bulk_sparse_indexes() const override {
    std::vector<std::string> names;
    for (const auto& s : sparse_) names.push_back(s.index);
    return names;
  }
  void begin(ImportRun& run) override;
  // Into an empty registry a row is checked against the file's earlier rows only (codes and
  // keys in memory, hubs after a settle), so its insert can wait on the second thread. Into one
  // that holds orgs every row looks itself up in the org table: on the writer's connection each
  // look-up took turns with the inserts (a third slower than one thread), so the look-ups read
  // the registry as it was before the import on a connection of their own, and only those by a
  // value the import wrote wait for the writes (Lookups::by). An in-memory registry has no second
  // connection: its imports run on one thread.
  bool pipelined(const ImportRun& run) const override { return run.bulk() || (L_ && L_->before); }
  Verdict check(ImportRun& run, const io::RawRecord& rec) override;
  bool write(ImportRun& run, const io::RawRecord& rec) override;
  void rows_done(ImportRun& run) override;
  void repeats(ImportRun& run, const std::string& index) override;
  // Hubs named by name are looked up through org_name_key when the rows are checked at the end.
  bool needed_when_refused(const std::string& index, bool unique) const override {
    return unique || index == "org_name_key";
  }
  void finish(ImportRun& run) override;
  void describe(const ImportRun& run, io::JsonObject& detail) const override;

 private:
  // The row's problems and warnings, handed to the run.
  void hand_on(ImportRun& run, Checker& c);
  void resolve_bulk_hubs(ImportRun& run);
  void resolve_pending_hubs(ImportRun& run);

  struct Statements {
    registry::Query ins, upd, change;
  };
  // A hub named before its row: resolved once every row is in.
  struct PendingHub {
    std::int64_t org_id;
    io::RawField cell;
    int line;
  };

  const ImportOptions& options_;
  std::string today_;
  std::optional<Registry> before_reg_;  // the registry before the import, for L_->before
  std::optional<Lookups> before_L_;
  std::optional<Lookups> L_;
  std::optional<Statements> q_;
  std::optional<registry::Query> hub_later_;  // bulk: into temp.import_hub
  std::vector<PendingHub> pending_;
  std::vector<Diagnostic> row_diags_;
  std::int64_t last_id_ = 0;  // the largest key in the table: SQLite gives the next row one more
  std::int64_t first_new_ = 0, last_new_ = 0;  // the keys of the rows added lie between (0: none)
  // The new rows sealed as they are written (on the second thread, when there is one), so the
  // commit does not read them back.
  std::optional<registry::seal::Feed> feed_;
  std::optional<StoredRow> stored_;
  registry::seal::Feed::Digester digester_;  // the feed's, for the reading thread
  std::optional<NewLinks> links_;
  std::optional<ImportedStatuses> statuses_;
  // A bulk load links a group to a hub of an earlier row as it writes it; the groups whose hub
  // comes later in the file, or whose link needs the registry's word, are linked at the end.
  std::vector<std::int64_t> link_later_;
  // The unique indexes of the old numbers, which few files give: a bulk load keeps them while
  // its rows give fewer than kSparseKeys keys, all different (the keys so far kept here).
  struct Sparse {
    const char* index;
    Field field;
    bool kept = true;
    std::unordered_set<std::string> keys = {};
  };
  static constexpr std::size_t kSparseKeys = 4096;
  std::array<Sparse, 2> sparse_{{{"org_certificate_no", kCertificateNo}, {"org_org_code", kOrgCode}}};
  bool warned_unchecked_streets_ = false;  // a street named in a registry without a profile
  bool code_index_ = true;     // bulk: the unique index of credit codes was built again
  std::size_t unnumbered_ = 0;  // filed groups added without a filing number
  std::size_t numbered_ = 0;
  std::size_t closed_new_ = 0;  // orgs added with a status other than active: each gets its event
  struct Restated {
    std::int64_t id;
    int line;
  };
  std::vector<Restated> restated_;  // orgs whose status or dates this file changed
  std::vector<FieldChange> changes_;  // a dry run's: what each update changes
  std::size_t changes_left_out_ = 0;

  // Rows that said when their hub link began: the org, the day and the row's line.
  struct HubSince {
    std::int64_t id;
    std::string day;
    int line;
  };
  std::vector<HubSince> hub_since_;
  std::optional<registry::Query> since_later_;  // into temp.import_hub_since

  // A new row as its insert needs it, which may run on the second thread.
  struct NewRow {
    Org org;
    std::optional<std::string> since;    // the link to its hub began that day
    std::optional<std::string> hub_ref;  // bulk: a hub named before its row, for temp.import_hub
    int hub_line = 0, hub_column = 0;
    std::optional<std::string> link;  // bulk: where its link to its hub starts, made with its insert
    // Taken by the reading thread when the insert waits on the second one (its key is known).
    bool digested = false;
    std::optional<std::string> name_key;
    std::optional<std::array<unsigned char, 32>> digest;
  };
  std::int64_t insert(ImportRun& run, const NewRow& row);

  // What check() passed for write().
  std::optional<std::string> row_hub_since_;
  Org org_;
  std::optional<Org> before_;  // the stored org, when the row updates it
};

void OrgImport::begin(ImportRun& run) {
  Registry& reg = run.reg;
  // A page cache of a size that stays flat whatever the file's size. A load into an empty
  // registry keeps few indexes up to date: 16 MB. Rows added to a full registry go into every
  // index at random places, and each page that drops out of the cache is written to the WAL and
  // read back at its next row: a million orgs and 100,000 more took 6.1-7.3 s with 16 MB,
  // 5.3-6.4 s with 64 MB, at a peak of 84 MB instead of 32 MB.
  reg.exec(run.bulk() ? "PRAGMA cache_size = -16384" : "PRAGMA cache_size = -65536");
  today_ = reg.today();
  L_.emplace(reg);
  L_->bulk = run.bulk();
  L_->settle = [&run] { run.settle(); };
  auto last = reg.prepare("SELECT max(id) FROM org");
  last.step();
  last_id_ = last.integer(0).value_or(0);
  q_.emplace(Statements{
      reg.prepare(insert_sql()), reg.prepare(update_sql()),
      reg.prepare("INSERT INTO org_change (audit_id, org_id, detail) VALUES (?, ?, ?)")});
  // The registry as it stands before the import: this transaction has begun and written nothing
  // of the file, and holds the write lock, so no one else's commit comes between.
  // Without it (the registry could not be opened again) the import runs on one thread. Not
  // under a rollback journal: a reader's lock there would keep this writer from its file.
  if (!run.bulk() && reg.serialized() && reg.path() != ":memory:" && !reg.in_rollback_journal()) try {
      registry::Session looks = reg.session();
      looks.ends_with_process = false;  // closed before the writer, whose close is the last
      before_reg_.emplace(Registry::open(reg.path(), registry::Mode::kReadOnly, looks));
      before_L_.emplace(*before_reg_);
      L_->before = &*before_L_;
    } catch (const Error&) {
      before_L_.reset();
      before_reg_.reset();
    }
  // The link starts a file gives, for link_new_groups.
  reg.exec("CREATE TEMP TABLE IF NOT EXISTS import_hub_since (org_id INTEGER PRIMARY KEY, day TEXT NOT NULL)");
  reg.exec("DELETE FROM temp.import_hub_since");
  since_later_.emplace(reg.prepare("INSERT INTO temp.import_hub_since (org_id, day) VALUES (?, ?)"));
  feed_.emplace(reg, "org");
  stored_.emplace(feed_->columns());
  digester_ = feed_->digester();
  links_.emplace(reg, run.batch());
  statuses_.emplace(reg);
  if (run.bulk()) {
    reg.exec("CREATE TEMP TABLE IF NOT EXISTS import_hub (org_id INTEGER PRIMARY KEY, ref TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL)");
    reg.exec("DELETE FROM temp.import_hub");
    hub_later_.emplace(reg.prepare("INSERT INTO temp.import_hub (org_id, ref, line, col) VALUES (?, ?, ?, ?)"));
  }
}

void OrgImport::hand_on(ImportRun& run, Checker& c) {
  for (auto& d : row_diags_) run.add(std::move(d));
  row_diags_.clear();
  for (auto& w : c.warnings) run.add(std::move(w));
  c.warnings.clear();
  for (; c.unworded; --c.unworded) run.count_warning();
}

ImportKind::Verdict OrgImport::check(ImportRun& run, const io::RawRecord& rec) {
  Lookups& L = *L_;
  row_diags_.clear();
  Checker c{L, run.file(), rec, row_diags_, today_};
  c.read_warning = [&run] { return run.wants_warning(); };
  Org org;
  c.apply(org);
  if (!L.has_streets && org[kStreet] && !warned_unchecked_streets_) {
    // Once a file: every row would say the same.
    warned_unchecked_streets_ = true;
    c.warn(kStreet, tr("the registry has no district profile, so no street or community of this file is checked"),
           tr("load the district's profile with ‹db district load›, then import again"));
  }
  row_hub_since_ = org[kHubSince];
  if (org[kKey]) org.id = *registry::parse_org_key(*org[kKey]);
  if (options_.tier) {
    if (!org[kTier] && !c.given(kTier)) org.values[kTier] = options_.tier;
    else if (org[kTier] && org[kTier] != options_.tier)
      c.bad(kTier, trf("is '{}'; this import takes only {} orgs", *org[kTier], *options_.tier),
            *options_.tier == "grassroots" ? tr("import registered orgs with ‹org import›") : "");
  }

  // Nothing to match in an empty registry: rows repeating each other in a bulk load are found
  // by their codes and keys below, the rest when the unique indexes are built.
  Match match;
  if (!L.bulk)
    if (auto [id, by] = L.match(org); id) match = {L.get(*id), by};
  if (org.id && !L.bulk) {
    const bool key_taken = L.exists(org.id);
    if (match.org && match.org->id != org.id) {
      c.bad(kKey, trf("{} is not the key of this org: the registry knows it as {} '{}'", *org[kKey],
                      *match.org->values[kKey], match.org->values[kName].value_or("")),
            tr("keys belong to the registry that gave them; leave the key column out to import into another registry"));
    } else if (!match.org && key_taken) {
      auto other = L.get(org.id);
      c.bad(kKey, trf("{} is already the key of another org, '{}'", *org[kKey], other->values[kName].value_or("")),
            tr("keys belong to the registry that gave them; leave the key column out to import into another registry"));
    }
  }

  before_.reset();
  if (match.org) {
    if (match.org->created_batch == run.batch() || match.org->updated_batch == run.batch()) {
      // Finding the line costs a search; only listed problems need it.
      int first = run.listing() ? run.line_of(match.org->id) : 0;
      c.bad(match.by, trf("repeats the org of line {} of this file (same {})", first,
                          match.by == kName ? std::string(tr("name in the same community")) : fname(match.by)));
      hand_on(run, c);
      return Verdict::kRefused;
    }
    if (!row_diags_.empty()) {
      hand_on(run, c);
      return Verdict::kRefused;
    }
    if (options_.on_conflict == OnConflict::kSkip) {
      hand_on(run, c);
      return Verdict::kSkip;
    }
    if (options_.on_conflict == OnConflict::kError) {
      c.bad(match.by, trf("{} '{}' is already in the registry (same {})", *match.org->values[kKey],
                          match.org->values[kName].value_or(""),
                          match.by == kName ? std::string(tr("name in the same community")) : fname(match.by)),
            tr("use ‹on_conflict› skip to leave existing orgs alone, or ‹on_conflict› update to update them"));
      hand_on(run, c);
      return Verdict::kRefused;
    }
    Org merged = *match.org;
    if (org[kTier] && org[kTier] != match.org->values[kTier])
      c.bad(kTier, trf("{} is {}; the tier cannot change on import", *match.org->values[kKey],
                       said(spec(kTier), *match.org->values[kTier])));
    // The row's non-empty cells, already checked, replace the stored values.
    for (std::size_t f = 0; f < kFieldCount; ++f)
      if (org.values[f]) merged.values[f] = org.values[f];
    if (org[kHub]) merged.hub_id.reset();
    if (row_diags_.empty()) c.check(merged, true);
    const bool same = merged.values == match.org->values && merged.hub_id == match.org->hub_id;
    hand_on(run, c);
    if (same) return Verdict::kUnchanged;
    org_ = std::move(merged);
    before_ = std::move(match.org);
    return Verdict::kWrite;
  }
  // Every problem of the row in one pass: the whole-record rules run even when a cell failed.
  c.check(org, true);
  if (!row_diags_.empty()) {
    hand_on(run, c);
    return Verdict::kRefused;
  }
  if (L.bulk) {
    // With the indexes dropped, rows repeating earlier ones are caught here (codes, keys) or
    // when the unique indexes are built again (filing numbers, names).
    std::optional<std::int64_t> first;
    Field by = kCreditCode;
    if (org[kCreditCode]) first = L.written_code(*org[kCreditCode]);
    // The table was empty: a key is taken when an earlier row of the file took it.
    if (!first && org.id && run.line_of(org.id)) first = org.id, by = kKey;
    if (first) c.bad(by, trf("repeats the org of line {} of this file (same {})", run.line_of(*first), fname(by)));
  }
  hand_on(run, c);
  org_ = std::move(org);
  return Verdict::kWrite;
}

bool OrgImport::write(ImportRun& run, const io::RawRecord& rec) {
  Lookups& L = *L_;
  Statements& q = *q_;
  Org& org = org_;
  if (before_) {
    // Written now, with what is queued before it: the rows after it read it back.
    run.settle();
    L.wrote(*before_);
    L.wrote(org);
    update_org(q.upd, org, run.batch());
    L.hubs.erase(org.id);  // a later row may name it as its hub: its facts changed
    run.wrote(org.id, rec.line);
    if (org[kHub] && !org.hub_id) pending_.push_back({org.id, *rec.find(kHub), rec.line});
    Org after = *L.get(org.id);
    for (Field f : {kStatus, kStatusDate, kFiledOn, kRegisteredOn, kTier})
      if ((*before_)[f] != after[f]) {
        restated_.push_back({org.id, rec.line});
        break;
      }
    q.change.reset();
    q.change.bind(1, run.batch()).bind(2, org.id).bind(3, change_detail(*before_, after)).run();
    if (run.options.dry_run)
      for (auto& change : field_changes(*before_, after)) {
        if (changes_.size() < 10000) changes_.push_back(std::move(change));
        else ++changes_left_out_;
      }
    if (row_hub_since_) hub_since_.push_back({org.id, *row_hub_since_, rec.line});
    return false;
  }
  // The row's key is chosen here when the insert may wait on the second thread: SQLite would
  // give it one more than the largest (past 2^63 - 1 it picks at random, so the insert runs now).
  if (!org.id && run.pipelined() && last_id_ < std::numeric_limits<std::int64_t>::max()) org.id = last_id_ + 1;
  // Shared with the queued insert, so its forty-odd fields move once, not at every hand-over.
  const auto row = std::make_shared<NewRow>();
  row->since = row_hub_since_;
  const io::RawField* hub_cell = org[kHub] && !org.hub_id ? rec.find(kHub) : nullptr;
  if (hub_cell && hub_later_) {
    row->hub_ref = std::string(io::trim(hub_cell->value));
    row->hub_line = hub_cell->line;
    row->hub_column = hub_cell->column;
  }
  if (run.bulk() && org.hub_id && !hub_cell) row->link = link_as_written(run, *L_, rec.line, org, row_hub_since_);
  for (auto& s : sparse_)
    if (run.bulk() && s.kept && org[s.field] &&
        (s.keys.size() >= kSparseKeys || !s.keys.insert(*org[s.field]).second)) {
      run.drop_index(s.index);  // before this row's insert: built again at the end
      s.kept = false;
      s.keys = {};
    }
  if (org[kStatus] && *org[kStatus] != "active") ++closed_new_;
  if (!org[kFilingNo] && org[kTier] == std::optional<std::string>("grassroots")) ++unnumbered_;
  std::int64_t id = org.id;
  row->org = std::move(org);
  if (id) {
    // The row's digest is taken by whichever thread has time for it: here while the second
    // thread is behind, else by it with the insert. Either balanced alone, one thread waited
    // on the other for a tenth of the load.
    if (run.writer_behind()) {
      row->name_key = stored_name_key(*row->org[kName]);
      row->digest = digester_.digest(
          id, [&](std::size_t c) { return stored_->value(c, row->org, id, run.batch(), row->name_key); });
      row->digested = true;
    }
    run.later([this, &run, row] { insert(run, *row); });
  } else {
    run.settle();
    id = insert(run, *row);
  }
  // A bulk load's credit codes, for the hubs later rows name (the queued insert only reads row).
  if (L.before) {
    L.wrote(row->org);
    L.written.add(id);
  }
  const auto& code = row->org[kCreditCode];
  if (L.bulk && code && id < (std::int64_t{1} << 32)) L.codes.add(*code, id);
  org.id = id;
  last_id_ = std::max(last_id_, id);
  first_new_ = last_new_ ? std::min(first_new_, id) : id;
  last_new_ = std::max(last_new_, id);
  if (hub_cell && !hub_later_) pending_.push_back({id, *hub_cell, rec.line});
  if (run.bulk() && (hub_cell || (row->org.hub_id && !row->link))) link_later_.push_back(id);
  run.wrote(id, rec.line);
  return true;
}

// A new row inserted, under row.org.id or the next key, and sealed from the values it was
// inserted with, by the thread that wrote it, right after the insert (the feed stops at a key
// below the last one's). Its name's stored key is worked out once, for both.
std::int64_t OrgImport::insert(ImportRun& run, const NewRow& row) {
  const auto key = row.digested ? row.name_key : stored_name_key(*row.org[kName]);
  const std::int64_t id = insert_org(run.reg, q_->ins, row.org, run.batch(), key);
  if (row.digested) {
    feed_->add_computed(id, row.digest);
  } else {
    const auto d = feed_->digest(id, [&](std::size_t c) { return stored_->value(c, row.org, id, run.batch(), key); });
    if (d) feed_->add(id, *d);
  }
  if (row.link) links_->add(id, *row.org.hub_id, row.link);
  if (row.org[kStatus] && *row.org[kStatus] != "active") statuses_->add(id, row.org);
  if (row.since && !row.link) {
    since_later_->reset();
    since_later_->bind(1, id).bind(2, *row.since).run();
  }
  if (row.hub_ref) {
    hub_later_->reset();
    hub_later_->bind(1, id).bind(2, *row.hub_ref).bind(3, row.hub_line).bind(4, row.hub_column).run();
  }
  return id;
}

void OrgImport::repeats(ImportRun& run, const std::string& index) {
  if (index == "org_credit_code") code_index_ = false;
  report_repeats(run, index);
}

// After a bulk load, the indexes built again: the filing numbers that are other rows' codes,
// then the hubs the rows named, resolved and checked.
void OrgImport::resolve_bulk_hubs(ImportRun& run) {
  Registry& reg = run.reg;
  // Hubs are looked up by credit code: when repeated codes kept the unique index from being
  // built, a plain one serves (the import is refused, and rolled back, all the same).
  if (!code_index_) reg.exec("CREATE INDEX org_import_code ON org (credit_code)");
  // A filing number that is another row's credit code: a look-up by it would find two orgs.
  // These queries read the numbers from their indexes, which hold only the rows that give one
  // ("ORDER BY +f.id" sorts the few found instead of reading the whole table in key order).
  auto crossed = reg.prepare(
      "SELECT f.id, f.filing_no, c.id FROM org f JOIN org c ON c.credit_code = f.filing_no AND c.id <> f.id "
      "WHERE f.filing_no IS NOT NULL ORDER BY +f.id");
  while (crossed.step())
    run.add(Diagnostic{run.file(), run.line_of(*crossed.integer(0)), 0, fname(kFilingNo),
                       trf("{} is the credit code of the org of line {} of this file", crossed.text_or(1, ""),
                           run.line_of(*crossed.integer(2)))});
  // An old number that is another row's number of any kind.
  for (Field f : {kCertificateNo, kOrgCode}) {
    auto other = reg.prepare(fmt::format(
        "SELECT f.id, f.{0}, c.id FROM org f JOIN org c ON c.id <> f.id AND (c.credit_code = f.{0} OR c.filing_no = f.{0} "
        "OR c.certificate_no = f.{0} OR c.org_code = f.{0}) WHERE f.{0} IS NOT NULL ORDER BY +f.id",
        fname(f)));
    while (other.step())
      run.add(Diagnostic{run.file(), run.line_of(*other.integer(0)), 0, fname(f),
                         trf("{} is a number of the org of line {} of this file", other.text_or(1, ""),
                             run.line_of(*other.integer(2)))});
  }
  reg.exec(
      "UPDATE org SET hub_id = h.id FROM temp.import_hub ih JOIN org h ON h.credit_code = ih.ref "
      "WHERE org.id = ih.org_id");
  auto rest = reg.prepare(
      "SELECT ih.org_id, ih.ref, ih.line, ih.col FROM temp.import_hub ih JOIN org o ON o.id = ih.org_id "
      "WHERE o.hub_id IS NULL ORDER BY ih.org_id");
  auto set_hub = reg.prepare("UPDATE org SET hub_id = ? WHERE id = ?");
  while (rest.step()) {
    io::RawRecord one;
    one.line = static_cast<int>(*rest.integer(2));
    one.fields.push_back({kHub, rest.text_or(1, ""), one.line, static_cast<int>(*rest.integer(3))});
    Checker c{*L_, run.file(), one, row_diags_, today_};
    if (auto hub = c.resolve_hub(one.fields[0].value)) {
      set_hub.reset();
      set_hub.bind(1, *hub).bind(2, *rest.integer(0)).run();
    } else {
      c.bad(kHub, trf("no registered org '{}' (give its key, credit code or exact name)", one.fields[0].value));
    }
    hand_on(run, c);
  }
  auto wrong = reg.prepare(
      "SELECT ih.line, ih.col, ih.ref, h.id, h.name, h.tier, h.status, o.id FROM temp.import_hub ih "
      "JOIN org o ON o.id = ih.org_id JOIN org h ON h.id = o.hub_id "
      "WHERE h.id = o.id OR h.tier <> 'registered' OR NOT (h.status = 'active' OR h.status = 'suspended') ORDER BY ih.org_id");
  while (wrong.step()) {
    io::RawRecord one;
    one.line = static_cast<int>(*wrong.integer(0));
    one.fields.push_back({kHub, wrong.text_or(2, ""), one.line, static_cast<int>(*wrong.integer(1))});
    Checker c{*L_, run.file(), one, row_diags_, today_};
    std::string key = registry::org_key(*wrong.integer(3)), name = wrong.text_or(4, "");
    if (*wrong.integer(3) == *wrong.integer(7)) c.bad(kHub, tr("an org cannot be its own hub"));
    else if (wrong.text_or(5, "") != "registered") c.bad(kHub, trf("{} '{}' is a filed group; a hub is a registered org", key, name));
    else c.bad(kHub, trf("{} '{}' is {}", key, name, said(spec(kStatus), wrong.text_or(6, ""))));
    hand_on(run, c);
  }
  reg.exec("DELETE FROM temp.import_hub");
  if (!code_index_) reg.exec("DROP INDEX org_import_code");
}

// Hubs named before they appeared in the file.
void OrgImport::resolve_pending_hubs(ImportRun& run) {
  if (pending_.empty()) return;
  auto set_hub = run.reg.prepare("UPDATE org SET hub_id = ? WHERE id = ?");
  for (const auto& p : pending_) {
    io::RawRecord one;
    one.line = p.line;
    one.fields.push_back(p.cell);
    Checker c{*L_, run.file(), one, row_diags_, today_};
    Org org = *L_->get(p.org_id);
    org.values[kHub] = p.cell.value;
    if (auto hub = c.resolve_hub(io::trim(p.cell.value))) {
      org.hub_id = hub;
      c.check_hub(org);
      if (row_diags_.empty()) {
        set_hub.reset();
        set_hub.bind(1, *hub).bind(2, p.org_id).run();
      }
    } else {
      c.bad(kHub, trf("no registered org '{}' (give its key, credit code or exact name)", io::trim(p.cell.value)));
    }
    hand_on(run, c);
  }
}

// Every row is written: what follows is sealed at the commit, and the credit codes written
// (8 MB at a million rows) go before the indexes' sort.
void OrgImport::rows_done(ImportRun&) {
  // The writes are done: what follows reads the registry as the import leaves it.
  L_->before = nullptr;
  L_->written = WrittenValues();
  before_L_.reset();
  before_reg_.reset();
  if (feed_) feed_->close();
  L_->codes = CodeIndex();
  L_->hub_refs.clear();
  L_->hub_ref_values.clear();
}

void OrgImport::finish(ImportRun& run) {
  if (run.bulk()) resolve_bulk_hubs(run);
  resolve_pending_hubs(run);
  if (!run.errors() && unnumbered_) numbered_ = number_new_groups(run.reg, run.batch());
  // The statuses the file gave, as events (schemas/migrations/010_org_event.sql).
  if (run.errors()) return;
  if (closed_new_) statuses_->record(run.batch());
  for (const auto& r : restated_)
    if (auto why = restate_from_row(run.reg, r.id, run.batch()))
      run.add(Diagnostic(run.file(), r.line, 0, fname(kStatus), *why));
  // Hub links: a new group's from its filing date, a changed hub's from today.
  if (last_new_) link_new_groups(run, *links_, first_new_, last_new_, run.bulk() ? &link_later_ : nullptr);
  if (!run.result.updated) return;  // no org moved to another hub
  auto moved = run.reg.prepare(
      "SELECT o.id FROM org o WHERE o.updated_batch = ?1 AND o.created_batch IS NOT ?1 AND (o.hub_id IS NOT NULL OR "
      "EXISTS (SELECT 1 FROM hub_link l WHERE l.org_id = o.id AND l.ends_on IS NULL)) ORDER BY o.id");
  moved.bind(1, run.batch());
  std::vector<std::int64_t> ids;
  while (moved.step()) ids.push_back(*moved.integer(0));
  // An updated group's new hub from the day its row says (default today); a link that stays
  // keeps its start.
  std::map<std::int64_t, const HubSince*> since;
  for (const auto& h : hub_since_) since[h.id] = &h;
  for (std::int64_t id : ids) {
    auto given = since.find(id);
    const bool dated = given != since.end();
    if (auto why = sync_hub_link(run.reg, id, dated ? given->second->day : run.reg.today(), "moved"))
      run.add(Diagnostic(run.file(), run.line_of(id), 0, fname(dated ? kHubSince : kHub), *why));
    else if (dated)
      if (auto other = other_link_start(get_by_id(run.reg, id), given->second->day))
        run.add(Diagnostic(run.file(), run.line_of(id), 0, fname(kHubSince), *other));
  }
}

void OrgImport::describe(const ImportRun& run, io::JsonObject& detail) const {
  const auto& r = run.result;
  detail.add("rows", static_cast<long long>(r.rows)).add("added", static_cast<long long>(r.added));
  detail.add("updated", static_cast<long long>(r.updated)).add("unchanged", static_cast<long long>(r.unchanged));
  detail.add("skipped", static_cast<long long>(r.skipped));
  if (numbered_) detail.add("filing_numbers_assigned", static_cast<long long>(numbered_));
}

}  // namespace

ImportResult import(Registry& reg, io::RecordReader& reader, const ImportOptions& options) {
  OrgImport kind(options);
  ImportResult result;
  static_cast<registry::ImportResult&>(result) = registry::run_import(reg, reader, options, options.action, kind);
  result.numbered = kind.numbered();
  kind.hand_changes(result);
  return result;
}

}  // namespace kunqu::org
