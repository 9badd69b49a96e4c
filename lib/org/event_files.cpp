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
      vocab::required({"org", {"组织", "统一社会信用代码", "备案号", "编号"}}),
      {"org_name", {"组织名称", "名称"}},
      {"id", {"事件序号"}, io::ColumnType::kInteger},
      vocab::required({"event", {"事件", "事项"}, io::ColumnType::kText, &event_kinds()}),
      vocab::required({"date", {"日期", "决定日期"}, io::ColumnType::kDate}),
      {"until", {"结束日期", "恢复活动日期"}, io::ColumnType::kDate},
      {"reason", {"原因", "事由"}},
      {"authority", {"决定机关"}},
      {"document", {"文号", "决定文号"}},
      vocab::required_when({"corrects", {"更正事件"}, io::ColumnType::kInteger}, N_("for a correction")),
  };
  return s;
}

}  // namespace

std::optional<Org> row_org(Registry& reg, io::RowScope& r) {
  std::optional<Org> o;
  if (r.cell("org").empty()) r.bad("org", tr("is required (the org's key, credit code or filing number)"));
  else r.attempt([&] { o = find(reg, r.cell("org")); }, "org");
  if (o && !r.cell("org_name").empty() && r.cell("org_name") != o->values[kName].value_or(""))
    r.bad("org_name", trf("'{}' is not the name of {}", r.cell("org_name"), label(*o)));
  return o;
}

registry::Where record_where(Registry& reg, const RecordFilter& f, const char* org_id, const char* date) {
  registry::Where where;
  if (f.org) where.add(fmt::format(" AND {} = ?", org_id), std::to_string(find(reg, *f.org).id));
  if (f.since) where.add(fmt::format(" AND {} >= ?", date), registry::option_date("since", *f.since));
  if (f.until) where.add(fmt::format(" AND {} <= ?", date), registry::option_date("until", *f.until));
  return where;
}

io::Table record_rows(Registry& reg, const registry::Where& where, const std::string& columns, const std::string& from,
                      const std::string& order, const std::string& record, const std::vector<vocab::FileColumn>& file) {
  auto q = reg.prepare(std::string("SELECT ") + kFileToken + ", " + columns + " FROM " + from + where.sql() + " ORDER BY " +
                       order);
  where.bind(q);
  return registry::table_of(q, record, vocab::file_table(record, file).columns);
}

const std::vector<std::string>& event_file_columns() {
  static const std::vector<std::string> n = vocab::names_of(columns());
  return n;
}

const std::vector<vocab::FileColumn>& event_import_columns() { return columns(); }

std::optional<std::size_t> resolve_event_header(std::string_view h) { return vocab::resolve_header(columns(), h); }
std::string event_header_zh(std::string_view name) { return vocab::chinese_header(columns(), name); }

io::Table export_events(Registry& reg, const EventFilter& filter) {
  registry::Where where = record_where(reg, {filter.org, filter.since, filter.until}, "e.org_id", "e.on_date");
  where.code("event", filter.kind, event_kinds(), " AND e.kind = ?");
  return record_rows(reg, where, "o.name, e.id, e.kind, e.on_date, NULL, e.reason, e.authority, e.document, e.corrects",
                     "org_event e JOIN org o ON o.id = e.org_id", "e.org_id, e.on_date, e.id", "event", columns());
}

registry::ImportResult import_events(Registry& reg, io::RecordReader& reader, const registry::ImportOptions& options) {
  using Found = registry::ImportRow::Found;
  registry::FileIds file_ids;
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    if (!file_ids.note(r)) return std::nullopt;
    std::optional<Org> o = row_org(reg, r);
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
      if (r.cell("corrects").empty()) {
        r.bad("corrects", tr("a correction names the event it reverses"));
        return std::nullopt;
      }
      auto target = file_ids.resolve(r, "corrects");
      if (!target) return std::nullopt;
      auto q = reg.prepare("SELECT c.id FROM org_event c WHERE c.corrects = ?");
      q.bind(1, *target);
      if (r.recorded(registry::first_id(q), "corrects", trf("the correction of event {} of {}", *target, label(*o))) !=
          Found::kNew)
        return std::nullopt;
      Correction c{r.cell("date"), r.cell("reason"), r.cell("authority"), r.cell("document")};
      if (!r.attempt([&] { correct(reg, key, *target, c); }, "corrects")) return std::nullopt;
      id = newest();
    } else {
      if (auto day = validate::parse_date(r.cell("date")).value) {
        auto q = reg.prepare("SELECT id FROM org_event WHERE org_id = ? AND kind = ? AND on_date = ?");
        q.bind(1, o->id).bind(2, kind).bind(3, *day);
        auto found = r.recorded(registry::first_id(q), "date",
                                trf("the {} of {} on {}", event_noun(kind), label(*o), *day));
        if (found == Found::kSkipped) {
          q.reset();
          file_ids.map(r, *registry::first_id(q));
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
    file_ids.map(r, id);
    return id;
  };
  return registry::import_rows(reg, reader, options, "org.events.import", "event", event_file_columns(), one);
}

}  // namespace kunqu::org
