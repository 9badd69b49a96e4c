// Importing a file of orgs: each row matched to the org it stands for (credit code, filing
// number, name), checked and written; forward references to hubs resolved at the end; into an
// empty registry, a bulk load that builds the indexes once the rows are in.
#include "org/org.h"

#include <fmt/format.h>

#include <algorithm>

#include "org/numbers.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/checker.h"
#include "org/internal.h"
#include "registry/registry.h"

namespace kunqu::org {

namespace {

// Where the orgs an import wrote came from, to name the first line when a later row repeats
// one. New orgs get consecutive ids, so runs of ids plus one 32-bit line per row keep this at
// about 4 bytes a row; updated orgs are listed as they come.
class LineIndex {
 public:
  void add(std::int64_t id, int line) {
    if (runs_.empty() || id != last_ + 1) {
      sorted_ = sorted_ && (runs_.empty() || id > last_);
      runs_.push_back({id, lines_.size()});
    }
    lines_.push_back(static_cast<std::uint32_t>(line));
    last_ = id;
  }
  // The line that wrote `id`, 0 when none did.
  int line_of(std::int64_t id) const {
    auto in_run = [&](std::size_t r) -> int {
      std::size_t end = r + 1 < runs_.size() ? runs_[r + 1].second : lines_.size();
      std::int64_t offset = id - runs_[r].first;
      if (offset < 0 || static_cast<std::size_t>(offset) >= end - runs_[r].second) return 0;
      return static_cast<int>(lines_[runs_[r].second + static_cast<std::size_t>(offset)]);
    };
    if (sorted_) {
      auto it = std::upper_bound(runs_.begin(), runs_.end(), id,
                                 [](std::int64_t v, const std::pair<std::int64_t, std::size_t>& r) { return v < r.first; });
      return it == runs_.begin() ? 0 : in_run(static_cast<std::size_t>(it - runs_.begin() - 1));
    }
    for (std::size_t r = runs_.size(); r-- > 0;)
      if (int line = in_run(r)) return line;
    return 0;
  }

 private:
  std::vector<std::pair<std::int64_t, std::size_t>> runs_;  // first id, index into lines_
  std::vector<std::uint32_t> lines_;
  std::int64_t last_ = 0;
  bool sorted_ = true;
};

// After a bulk load: builds the dropped indexes again, reporting the rows that repeat each
// other where a unique one cannot be built, then resolves and checks the hubs the rows named.
void bulk_finish(Registry& reg, Lookups& L, const std::string& file, const std::string& today,
                 const std::vector<std::pair<std::string, std::string>>& indexes, const LineIndex& lines,
                 bool refused, std::vector<Diagnostic>& diags) {
  struct Unique {
    const char* index;
    const char* key;    // the SQL expression that must be unique
    const char* where;  // which rows it covers
    Field field;
    const char* what;
  };
  static const Unique uniques[] = {
      {"org_credit_code", "credit_code", "credit_code IS NOT NULL", kCreditCode, "credit_code"},
      {"org_filing_no", "filing_no", "filing_no IS NOT NULL", kFilingNo, "filing_no"},
      {"org_name_unique", "name_scope || char(10) || coalesce(name_key, name)", "(status = 'active' OR status = 'suspended')", kName,
       "name in the same scope"},
  };
  bool code_index = true;
  for (const auto& [name, sql] : indexes) {
    // A file already refused rolls back (indexes included): build only what finds more problems.
    if (refused && name != "org_credit_code" && name != "org_filing_no" && name != "org_name_unique" &&
        name != "org_name_key")
      continue;
    try {
      reg.exec(sql);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidData) throw;
      if (name == "org_credit_code") code_index = false;
      for (const auto& u : uniques) {
        if (name != u.index) continue;
        auto q = reg.prepare(fmt::format(
            "SELECT {0}, id FROM org WHERE {1} AND {0} IN (SELECT {0} FROM org WHERE {1} GROUP BY {0} HAVING count(*) > 1) "
            "ORDER BY {0}, id",
            u.key, u.where));
        // Each group of rows sharing a key: the first line in the file is the original.
        std::vector<int> group_lines;
        std::string group;
        auto report = [&] {
          std::sort(group_lines.begin(), group_lines.end());
          std::string what = u.what;
          if (u.field == kName)
            what = group.rfind("R:", 0) == 0 ? tr("name, registered by the same authority") : tr("name in the same community");
          for (std::size_t i = 1; i < group_lines.size(); ++i)
            diags.push_back(Diagnostic{file, group_lines[i], 0, fname(u.field),
                                       trf("repeats the org of line {} of this file (same {})", group_lines[0], what),
                                       ""});
          group_lines.clear();
        };
        while (q.step()) {
          std::string k = q.text_or(0, "");
          if (k != group) {
            report();
            group = k;
          }
          group_lines.push_back(lines.line_of(*q.integer(1)));
        }
        report();
      }
    }
  }
  // Hubs are looked up by credit code: when repeated codes kept the unique index from being
  // built, a plain one serves (the import is refused, and rolled back, all the same).
  if (!code_index) reg.exec("CREATE INDEX org_import_code ON org (credit_code)");
  // A filing number that is another row's credit code: a look-up by it would find two orgs.
  auto crossed = reg.prepare(
      "SELECT f.id, f.filing_no, c.id FROM org f JOIN org c ON c.credit_code = f.filing_no AND c.id <> f.id "
      "WHERE f.filing_no IS NOT NULL ORDER BY f.id");
  while (crossed.step())
    diags.push_back(Diagnostic{file, lines.line_of(*crossed.integer(0)), 0, fname(kFilingNo),
                               trf("{} is the credit code of the org of line {} of this file", crossed.text_or(1, ""),
                                   lines.line_of(*crossed.integer(2))),
                               ""});
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
    Checker c{L, file, one, diags, today};
    if (auto hub = c.resolve_hub(one.fields[0].value)) {
      set_hub.reset();
      set_hub.bind(1, *hub).bind(2, *rest.integer(0)).run();
    } else {
      c.bad(kHub, trf("no registered org '{}' (give its key, credit code or exact name)", one.fields[0].value));
    }
  }
  auto wrong = reg.prepare(
      "SELECT ih.line, ih.col, ih.ref, h.id, h.name, h.tier, h.status, o.id FROM temp.import_hub ih "
      "JOIN org o ON o.id = ih.org_id JOIN org h ON h.id = o.hub_id "
      "WHERE h.id = o.id OR h.tier <> 'registered' OR NOT (h.status = 'active' OR h.status = 'suspended') ORDER BY ih.org_id");
  while (wrong.step()) {
    io::RawRecord one;
    one.line = static_cast<int>(*wrong.integer(0));
    one.fields.push_back({kHub, wrong.text_or(2, ""), one.line, static_cast<int>(*wrong.integer(1))});
    Checker c{L, file, one, diags, today};
    std::string key = registry::org_key(*wrong.integer(3)), name = wrong.text_or(4, "");
    if (*wrong.integer(3) == *wrong.integer(7)) c.bad(kHub, tr("an org cannot be its own hub"));
    else if (wrong.text_or(5, "") != "registered") c.bad(kHub, trf("{} '{}' is a filed group; a hub is a registered org", key, name));
    else c.bad(kHub, trf("{} '{}' is {}", key, name, said(spec(kStatus), wrong.text_or(6, ""))));
  }
  reg.exec("DELETE FROM temp.import_hub");
  if (!code_index) reg.exec("DROP INDEX org_import_code");
}

// The existing org an import row stands for, and by which field it was recognised. A row is
// recognised by its credit code, else its filing number, else — having neither — its name
// in its scope. A key in the row must name that same org (keys are the registry's own).
struct Match {
  std::optional<Org> org;
  Field by = kKey;
};

}  // namespace

ImportResult import(Registry& reg, io::RecordReader& reader, const ImportOptions& options) {
  // A page cache big enough for the indexes an import keeps up to date (16 MB), small enough
  // for the import's memory to stay flat whatever the file's size.
  reg.exec("PRAGMA cache_size = -16384");
  registry::Transaction tx(reg);
  ImportResult result;
  std::vector<Diagnostic> diags;
  std::size_t problems = 0;
  const std::string now_date = reg.today();
  result.batch = reg.audit(options.action, std::nullopt, "{}");
  Lookups L(reg);
  auto ins = reg.prepare(insert_sql());
  auto upd = reg.prepare(update_sql());
  auto change = reg.prepare("INSERT INTO org_change (audit_id, org_id, detail) VALUES (?, ?, ?)");
  auto by_id = reg.prepare("SELECT id FROM org WHERE id = ?");
  auto by_code = reg.prepare("SELECT id FROM org WHERE credit_code = ?");
  auto by_filing = reg.prepare("SELECT id FROM org WHERE filing_no = ?");
  auto by_name = reg.prepare(
      "SELECT id FROM org WHERE name_scope = ? AND coalesce(name_key, name) = ? AND (status = 'active' OR status = 'suspended')");

  LineIndex written;
  std::size_t unnumbered = 0;  // filed groups added without a filing number

  // An empty registry is loaded in bulk: its indexes are dropped and built again once the rows
  // are in, which is many times faster than keeping them up to date row by row.
  std::vector<std::pair<std::string, std::string>> dropped;  // index name, CREATE statement
  {
    auto any = reg.prepare("SELECT 1 FROM org LIMIT 1");
    L.bulk = !any.step();
  }
  std::optional<registry::Query> hub_later;
  if (L.bulk) {
    auto q = reg.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'org' AND sql IS NOT NULL");
    while (q.step()) dropped.emplace_back(q.text_or(0, ""), q.text_or(1, ""));
    for (const auto& [name, sql] : dropped) reg.exec("DROP INDEX " + name);
    reg.exec("CREATE TEMP TABLE IF NOT EXISTS import_hub (org_id INTEGER PRIMARY KEY, ref TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL)");
    reg.exec("DELETE FROM temp.import_hub");
    hub_later.emplace(reg.prepare("INSERT INTO temp.import_hub (org_id, ref, line, col) VALUES (?, ?, ?, ?)"));
  }

  struct PendingHub {
    std::int64_t org_id;
    io::RawField cell;
    int line;
  };
  std::vector<PendingHub> pending;
  std::vector<Diagnostic> row_diags;
  io::RawRecord rec;
  auto keep = [&](std::vector<Diagnostic>& ds) {
    problems += ds.size();
    for (auto& d : ds)
      if (diags.size() < options.max_errors) diags.push_back(std::move(d));
    ds.clear();
  };
  auto find_id = [&](registry::Query& q, const std::string& value) -> std::optional<std::int64_t> {
    q.reset();
    q.bind(1, value);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
  };

  while (true) {
    row_diags.clear();
    bool more = reader.next(rec, row_diags);
    // A row with a cell the reader refused is checked for everything else but never written.
    const bool unread = !row_diags.empty();
    keep(row_diags);
    if (!more) break;
    ++result.rows;
    if (options.progress && (result.rows & 255) == 0) options.progress(result.rows, reader.bytes_read());
    Checker c{L, reader.file_name(), rec, row_diags, now_date};
    Org org;
    c.apply(org);
    if (org[kKey]) org.id = *registry::parse_org_key(*org[kKey]);
    if (options.tier) {
      if (!org[kTier] && !c.given(kTier)) org.values[kTier] = options.tier;
      else if (org[kTier] && org[kTier] != options.tier)
        c.bad(kTier, trf("is '{}'; this import takes only {} orgs", *org[kTier], *options.tier),
              *options.tier == "grassroots" ? tr("import registered orgs with kunqu org import") : "");
    }

    Match match;
    std::optional<std::int64_t> id;
    if (L.bulk) {
      // Nothing to match in an empty registry; rows repeating each other show up when the
      // unique indexes are built.
    } else if (org[kCreditCode] && (id = find_id(by_code, *org[kCreditCode]))) {
      match = {L.get(*id), kCreditCode};
    } else if (org[kFilingNo] && (id = find_id(by_filing, *org[kFilingNo]))) {
      match = {L.get(*id), kFilingNo};
    } else if (!org[kCreditCode] && !org[kFilingNo] && org[kName] && org[kTier] == std::optional<std::string>("grassroots")) {
      by_name.reset();
      by_name.bind(1, name_scope(org)).bind(2, name_key(*org[kName]));
      if (by_name.step()) match = {L.get(*by_name.integer(0)), kName};
    }
    if (org.id) {
      by_id.reset();
      by_id.bind(1, org.id);
      bool key_taken = by_id.step();
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

    if (match.org) {
      if (match.org->created_batch == result.batch || match.org->updated_batch == result.batch) {
        // Finding the line costs a search; only listed problems need it.
        int first = diags.size() < options.max_errors ? written.line_of(match.org->id) : 0;
        c.bad(match.by, trf("repeats the org of line {} of this file (same {})", first,
                            match.by == kName ? std::string(tr("name in the same community")) : fname(match.by)));
        keep(row_diags);
        continue;
      }
      if (!row_diags.empty()) {
        keep(row_diags);
        continue;
      }
      if (options.on_conflict == OnConflict::kSkip) {
        ++result.skipped;
        continue;
      }
      if (options.on_conflict == OnConflict::kError) {
        c.bad(match.by, trf("{} '{}' is already in the registry (same {})", *match.org->values[kKey],
                            match.org->values[kName].value_or(""),
                            match.by == kName ? std::string(tr("name in the same community")) : fname(match.by)),
              tr("use --on-conflict skip to leave existing orgs alone, or --on-conflict update to update them"));
        keep(row_diags);
        continue;
      }
      Org merged = *match.org;
      if (org[kTier] && org[kTier] != match.org->values[kTier])
        c.bad(kTier, trf("{} is {}; the tier cannot change on import", *match.org->values[kKey],
                         said(spec(kTier), *match.org->values[kTier])));
      // The row's non-empty cells, already checked, replace the stored values.
      for (std::size_t f = 0; f < kFieldCount; ++f)
        if (org.values[f]) merged.values[f] = org.values[f];
      if (org[kHub]) merged.hub_id.reset();
      if (row_diags.empty()) c.check(merged, true);
      if (!row_diags.empty() || unread) {
        keep(row_diags);
        continue;
      }
      if (merged.values == match.org->values && merged.hub_id == match.org->hub_id) {
        ++result.unchanged;
        continue;
      }
      update_org(upd, merged, result.batch);
      L.hubs.erase(merged.id);  // a later row may name it as its hub: its facts changed
      written.add(merged.id, rec.line);
      if (merged[kHub] && !merged.hub_id) pending.push_back({merged.id, *rec.find(kHub), rec.line});
      Org after = *L.get(merged.id);
      change.reset();
      change.bind(1, result.batch).bind(2, merged.id).bind(3, change_detail(*match.org, after)).run();
      ++result.updated;
      continue;
    }
    // Every problem of the row in one pass: the whole-record rules run even when a cell failed.
    c.check(org, true);
    if (!row_diags.empty() || unread) {
      keep(row_diags);
      continue;
    }
    if (L.bulk) {
      // With the indexes dropped, rows repeating earlier ones are caught here (codes, keys) or
      // when the unique indexes are built again (filing numbers, names).
      std::optional<std::int64_t> first;
      Field by = kCreditCode;
      if (org[kCreditCode]) first = L.written_code(*org[kCreditCode]);
      if (!first && org.id && L.exists(org.id)) first = org.id, by = kKey;
      if (first) {
        c.bad(by, trf("repeats the org of line {} of this file (same {})", written.line_of(*first), fname(by)));
        keep(row_diags);
        continue;
      }
    }
    org.id = insert_org(reg, ins, org, result.batch);
    if (!org[kFilingNo] && org[kTier] == std::optional<std::string>("grassroots")) ++unnumbered;
    if (L.bulk && org[kCreditCode] && org.id < (std::int64_t{1} << 32)) L.codes.add(*org[kCreditCode], org.id);
    written.add(org.id, rec.line);
    if (org[kHub] && !org.hub_id) {
      const io::RawField& cell = *rec.find(kHub);
      if (hub_later) {
        hub_later->reset();
        hub_later->bind(1, org.id).bind(2, io::trim(cell.value)).bind(3, cell.line).bind(4, cell.column).run();
      } else {
        pending.push_back({org.id, cell, rec.line});
      }
    }
    ++result.added;
  }
  if (L.bulk) {
    bulk_finish(reg, L, reader.file_name(), now_date, dropped, written, problems > 0, row_diags);
    keep(row_diags);
  }
  // Hubs named before they appeared in the file.
  for (const auto& p : pending) {
    io::RawRecord one;
    one.line = p.line;
    one.fields.push_back(p.cell);
    Checker c{L, reader.file_name(), one, row_diags, now_date};
    Org org = *L.get(p.org_id);
    org.values[kHub] = p.cell.value;
    if (auto hub = c.resolve_hub(io::trim(p.cell.value))) {
      org.hub_id = hub;
      c.check_hub(org);
      if (row_diags.empty()) {
        auto q = reg.prepare("UPDATE org SET hub_id = ? WHERE id = ?");
        q.bind(1, *hub).bind(2, p.org_id).run();
      }
    } else {
      c.bad(kHub, trf("no registered org '{}' (give its key, credit code or exact name)", io::trim(p.cell.value)));
    }
    keep(row_diags);
  }
  if (problems) throw_import_refusal(std::move(diags), problems, reader.file_name());
  // New filed groups without a number get one now that every number the file carries is in.
  if (unnumbered) {
    Numbers numbers(reg);
    std::vector<std::pair<std::int64_t, std::string>> todo;
    auto q = reg.prepare(
        "SELECT id, filed_on FROM org WHERE tier = 'grassroots' AND filing_no IS NULL AND created_batch = ? "
        "ORDER BY filed_on, id");
    q.bind(1, result.batch);
    while (q.step()) todo.emplace_back(*q.integer(0), q.text_or(1, ""));
    auto set = reg.prepare("UPDATE org SET filing_no = ? WHERE id = ?");
    for (const auto& [id, filed_on] : todo) {
      set.reset();
      set.bind(1, numbers.next(filed_on)).bind(2, id).run();
    }
    result.numbered = todo.size();
  }
  if (options.dry_run) {
    tx.rollback();
    result.batch = 0;
    return result;
  }
  io::JsonObject detail = io::describe_input(reader);
  detail.add("rows", static_cast<long long>(result.rows)).add("added", static_cast<long long>(result.added));
  detail.add("updated", static_cast<long long>(result.updated)).add("unchanged", static_cast<long long>(result.unchanged));
  detail.add("skipped", static_cast<long long>(result.skipped));
  if (result.numbered) detail.add("filing_numbers_assigned", static_cast<long long>(result.numbered));
  reg.set_audit_detail(result.batch, detail.str());
  tx.commit();
  return result;
}

}  // namespace kunqu::org
