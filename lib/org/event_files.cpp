// The status events file: an org's decisions of standing as an office has them on paper and in
// sheets, exported in the columns import reads, and imported row by row through the verbs that
// record them (set_status, correct), each problem at its cell.
#include <fmt/format.h>

#include <map>

#include "i18n/messages.h"
#include "io/text.h"
#include "org/events.h"
#include "org/internal.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "registry/where.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::org {

namespace {

const std::vector<vocab::FileColumn>& columns() {
  static const std::vector<vocab::FileColumn> s = {
      {"org", {"组织", "统一社会信用代码", "备案号", "编号"}},
      {"org_name", {"组织名称", "名称"}},
      {"id", {"事件序号"}, io::ColumnType::kInteger},
      {"event", {"事件", "事项"}, io::ColumnType::kText, &event_kinds()},
      {"date", {"日期", "决定日期"}, io::ColumnType::kDate},
      {"until", {"结束日期", "恢复活动日期"}, io::ColumnType::kDate},
      {"reason", {"原因", "事由"}},
      {"authority", {"决定机关"}},
      {"document", {"文号", "决定文号"}},
      {"corrects", {"更正事件"}, io::ColumnType::kInteger},
  };
  return s;
}

}  // namespace

const std::vector<std::string>& event_file_columns() {
  static const std::vector<std::string> n = vocab::names_of(columns());
  return n;
}

std::optional<std::size_t> resolve_event_header(std::string_view h) { return vocab::resolve_header(columns(), h); }

io::Table export_events(Registry& reg, const EventFilter& filter) {
  registry::Where where;
  if (filter.org) where.add(" AND e.org_id = ?", std::to_string(find(reg, *filter.org).id));
  where.code("event", filter.kind, event_kinds(), " AND e.kind = ?");
  where.dates("since", filter.since, filter.until, "e.on_date");
  auto q = reg.prepare(
      "SELECT coalesce(o.credit_code, o.filing_no, printf('K%07d', o.id)), o.name, e.id, e.kind, e.on_date, NULL, e.reason, "
      "e.authority, e.document, e.corrects FROM org_event e JOIN org o ON o.id = e.org_id" +
      where.sql() + " ORDER BY e.org_id, e.on_date, e.id");
  where.bind(q);
  return registry::table_of(q, "event", vocab::file_table("event", columns()).columns);
}

registry::ImportResult import_events(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  using Found = registry::ImportRow::Found;
  std::map<std::string, std::int64_t> file_ids;  // the file's event ids → the registry's
  std::map<std::string, int> id_line;            // the line each file id is given on
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    const std::string file_id = r.cell("id");
    if (!file_id.empty() && id_line.count(file_id)) {
      r.bad("id", trf("event {} is given on line {} already", file_id, id_line[file_id]));
      return std::nullopt;
    }
    if (!file_id.empty()) id_line[file_id] = r.line();
    std::optional<Org> o;
    if (r.cell("org").empty()) r.bad("org", tr("is required (the org's key, credit code or filing number)"));
    else if (!r.attempt([&] { o = find(reg, r.cell("org")); }, "org")) return std::nullopt;
    if (o && !r.cell("org_name").empty() && r.cell("org_name") != o->values[kName].value_or(""))
      r.bad("org_name", trf("'{}' is not the name of {}", r.cell("org_name"), label(*o)));
    std::string kind;
    if (r.cell("event").empty()) {
      r.bad("event", trf("is required ({})", vocab::enum_codes_list(event_kinds())));
    } else if (auto code = vocab::enum_code(event_kinds(), r.cell("event"))) {
      kind = *code;
      if (kind == "registered" || kind == "filed" || kind == "upgraded") {
        r.bad("event", trf("the {} is the org's own date: it comes with the org (its registered_on or filed_on)",
                           event_noun(kind)));
        kind.clear();
      }
    } else {
      r.bad("event", trf("'{}' is not one of {}", r.cell("event"), vocab::enum_codes_list(event_kinds())));
    }
    if (!o || kind.empty() || r.problems()) return std::nullopt;
    const std::string key = *o->values[kKey];
    std::int64_t id = 0;
    auto newest = [&] {
      auto q = reg.prepare("SELECT max(id) FROM org_event WHERE org_id = ?");
      q.bind(1, o->id);
      q.step();
      return q.integer(0).value_or(0);
    };
    if (kind == "correction") {
      // The event corrected: an earlier row of this file by its id, else the registry's event.
      std::string target = r.cell("corrects");
      if (target.empty()) {
        r.bad("corrects", tr("a correction names the event it reverses"));
        return std::nullopt;
      }
      if (auto f = file_ids.find(target); f != file_ids.end()) target = std::to_string(f->second);
      else if (id_line.count(target) && id_line[target] != r.line()) {
        r.bad("corrects", trf("reverses the event of line {}, which is not imported", id_line[target]));
        return std::nullopt;
      }
      auto n = validate::parse_count(target);
      if (!n) {
        r.bad("corrects", trf("'{}' is not an event number", target));
        return std::nullopt;
      }
      auto q = reg.prepare("SELECT c.id FROM org_event c WHERE c.corrects = ?");
      q.bind(1, *n.value);
      if (r.recorded(registry::first_id(q), "corrects", trf("the correction of event {} of {}", *n.value, label(*o))) !=
          Found::kNew)
        return std::nullopt;
      Correction c{r.cell("date"), r.cell("reason"), r.cell("authority"), r.cell("document")};
      if (!r.attempt([&] { correct(reg, key, *n.value, c); }, "corrects")) return std::nullopt;
      id = newest();
    } else {
      if (auto day = validate::parse_date(r.cell("date")).value) {
        auto q = reg.prepare("SELECT id FROM org_event WHERE org_id = ? AND kind = ? AND on_date = ?");
        q.bind(1, o->id).bind(2, kind).bind(3, *day);
        auto found = r.recorded(registry::first_id(q), "date",
                                trf("the {} of {} on {}", event_noun(kind), label(*o), *day));
        if (found == Found::kSkipped && !file_id.empty()) {
          q.reset();
          file_ids[file_id] = *registry::first_id(q);
        }
        if (found != Found::kNew) return std::nullopt;
      }
      StatusChange change;
      change.kind = kind;
      change.date = r.cell("date");
      change.reason = r.cell("reason");
      change.authority = r.cell("authority");
      change.document = r.cell("document");
      change.until = r.cell("until");
      if (!r.attempt([&] { set_status(reg, key, change); }, "date",
                     {{"status_date", "date"}, {"status_reason", "reason"}, {"status_authority", "authority"},
                      {"status_document", "document"}}))
        return std::nullopt;
      // With an end, the reinstatement is the newest; the event of the row comes before it.
      id = newest();
      if (!r.cell("until").empty()) {
        auto q = reg.prepare("SELECT max(id) FROM org_event WHERE org_id = ? AND id < ?");
        q.bind(1, o->id).bind(2, id);
        q.step();
        id = q.integer(0).value_or(id);
      }
    }
    if (!file_id.empty()) file_ids[file_id] = id;
    return id;
  };
  return registry::import_rows(reg, reader, options, "org.events.import", "event", event_file_columns(), one);
}

}  // namespace kunqu::org
