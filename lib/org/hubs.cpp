// A filed group's links to its hubs over time (schemas/migrations/012_hub_link.sql): started
// when the group is filed with a hub or moved to one, ended when it moves, registers, or its hub
// closes. org.hub_id is the hub of today.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "i18n/messages.h"
#include "io/json.h"
#include "org/checker.h"
#include "org/events.h"
#include "org/internal.h"
#include "registry/import.h"
#include "registry/registry.h"
#include "registry/seal.h"
#include "validate/values.h"

namespace kunqu::org {

namespace {

std::optional<std::int64_t> last_audit(Registry& reg) {
  auto q = reg.prepare("SELECT max(id) FROM audit");
  q.step();
  return q.integer(0);
}

}  // namespace

LinkStart link_start(Registry& reg, std::int64_t hub_id, const std::string& wanted, bool may_wait) {
  Org hub = get_by_id(reg, hub_id);
  LinkStart out{wanted, std::nullopt, std::nullopt};
  const std::string registered = hub[kRegisteredOn].value_or("");
  if (hub[kTier] != std::optional<std::string>("registered")) {
    out.refused = trf("{} is a filed group; a hub is a registered org", label(hub));
    return out;
  }
  if (registered > wanted) {
    if (!may_wait) {
      out.refused = trf("{} was not a registered org on {}, when the link would start (registered on {})", label(hub),
                        wanted, registered);
      return out;
    }
    // A group filed before its hub existed was attached to it once the hub registered.
    out.start = registered;
    out.note = trf("the link to {} '{}' starts on its registration, {}, after the filing date {}", *hub[kKey], *hub[kName],
                   registered, wanted);
  }
  auto then = as_of(reg, hub, out.start);
  const std::string status = then ? then->values[kStatus].value_or("active") : "active";
  if (status != "active" && status != "suspended")
    out.refused = trf("{} was {} on {}, when the link would start", label(hub), said(spec(kStatus), status), out.start);
  return out;
}

std::optional<std::string> sync_hub_link(Registry& reg, std::int64_t id, const std::string& day, const char* reason,
                                         bool from_filing) {
  Org org = get_by_id(reg, id);
  auto open = reg.prepare("SELECT id, hub_id, starts_on FROM hub_link WHERE org_id = ? AND ends_on IS NULL ORDER BY id DESC");
  open.bind(1, id);
  std::optional<std::int64_t> link, linked_hub;
  std::string since;
  if (open.step()) link = open.integer(0), linked_hub = open.integer(1), since = open.text_or(2, "");
  if (linked_hub == org.hub_id) return std::nullopt;
  // A group filed with its hub is linked from its filing (or its hub's registration, when
  // later); a later change from the day it is made.
  const bool filed_with_hub = from_filing && org[kFiledOn];
  const LinkStart start =
      org.hub_id ? link_start(reg, *org.hub_id, filed_with_hub ? *org[kFiledOn] : day, filed_with_hub) : LinkStart{day, {}, {}};
  if (start.refused) return start.refused;
  if (link) {
    if (day < since) return trf("the link to its hub began on {}; it cannot end on {}", since, day);
    auto end = reg.prepare("UPDATE hub_link SET ends_on = ?, end_reason = ? WHERE id = ?");
    end.bind(1, day).bind(2, std::string(reason)).bind(3, *link).run();
  }
  if (org.hub_id) {
    auto ins = reg.prepare("INSERT INTO hub_link (org_id, hub_id, starts_on, audit_id) VALUES (?, ?, ?, ?)");
    ins.bind(1, id).bind(2, *org.hub_id).bind(3, start.start).bind(4, last_audit(reg)).run();
    if (start.note) {
      Diagnostic d("", 0, 0, "hub", *start.note);
      d.severity = Severity::kWarning;
      reg.warn(d);
    }
  }
  return std::nullopt;
}

std::optional<std::string> other_link_start(const Org& org, const std::string& day) {
  if (org[kHubSince] == day) return std::nullopt;
  return trf("the link to its hub began on {}; a link that stays keeps its start (‹filing move› attaches a group to a "
             "hub from a day)",
             org[kHubSince].value_or(""));
}

namespace {

// The values of a hub link as link_new_groups inserts it, by column of the table, for its seal.
class StoredLink {
 public:
  explicit StoredLink(const std::vector<std::string>& columns) {
    static const char* const kKnown[] = {"id", "org_id", "hub_id", "starts_on", "ends_on", "end_reason", "audit_id"};
    for (const auto& c : columns) {
      auto it = std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return c == k; });
      source_.push_back(it == std::end(kKnown) ? -1 : static_cast<int>(it - std::begin(kKnown)));
    }
  }
  std::optional<registry::seal::Feed::Value> value(std::size_t index, std::int64_t id, std::int64_t org,
                                                   std::int64_t hub, const std::optional<std::string>& start,
                                                   std::int64_t batch) const {
    using V = registry::seal::Feed::Value;
    switch (source_[index]) {
      case 0: return V{V::kInteger, id, {}};
      case 1: return V{V::kInteger, org, {}};
      case 2: return V{V::kInteger, hub, {}};
      case 3: return start ? V{V::kText, 0, *start} : V{};
      case 4:
      case 5: return V{};
      case 6: return V{V::kInteger, batch, {}};
      default: return std::nullopt;  // a column this code does not write: the feed stops
    }
  }

 private:
  std::vector<int> source_;  // index into kKnown, -1 for a column not known
};

}  // namespace

struct NewLinks::Impl {
  Impl(Registry& reg, std::int64_t batch)
      : batch(batch),
        ins(reg.prepare("INSERT INTO hub_link (id, org_id, hub_id, starts_on, audit_id) VALUES (?, ?, ?, ?, ?)")),
        feed(reg, "hub_link"),
        stored(feed.columns()) {
    auto newest = reg.prepare("SELECT max(id) FROM hub_link");
    newest.step();
    next = newest.integer(0).value_or(0) + 1;
  }
  std::int64_t batch, next;
  registry::Query ins;
  registry::seal::Feed feed;
  StoredLink stored;
};

NewLinks::NewLinks(Registry& reg, std::int64_t batch) : impl_(std::make_unique<Impl>(reg, batch)) {}
NewLinks::~NewLinks() = default;

void NewLinks::add(std::int64_t org_id, std::int64_t hub_id, const std::optional<std::string>& start) {
  Impl& l = *impl_;
  const std::int64_t id = l.next++;
  l.ins.reset();
  l.ins.bind(1, id).bind(2, org_id).bind(3, hub_id).bind(4, start).bind(5, l.batch).run();
  const auto d = l.feed.digest(id, [&](std::size_t column) { return l.stored.value(column, id, org_id, hub_id, start, l.batch); });
  if (d) l.feed.add(id, *d);
}

std::int64_t NewLinks::next() const { return impl_->next; }

void NewLinks::close() { impl_->feed.close(); }

std::optional<std::string> new_link_start(const std::optional<std::string>& filed, const std::optional<std::string>& registered,
                                          const std::optional<std::string>& given) {
  if (given) return given;
  // SQL's max(filed_on, registered_on): nothing when either is missing.
  if (filed && registered) return std::max(*filed, *registered);
  return std::nullopt;
}

void warn_late_hub(registry::ImportRun& run, int line, std::int64_t hub_id, const std::string& hub_name,
                   const std::optional<std::string>& filed, const std::optional<std::string>& registered,
                   const std::optional<std::string>& given) {
  if (given || !filed || !registered || *registered <= *filed) return;
  if (!run.wants_warning()) {
    run.count_warning();
    return;
  }
  Diagnostic d(run.file(), line, 0, "hub",
               trf("the link to {} '{}' starts on its registration, {}, after the filing date {}", registry::org_key(hub_id),
                   hub_name, *registered, *filed));
  d.severity = Severity::kWarning;
  run.add(std::move(d));
}

std::optional<std::string> link_as_written(registry::ImportRun& run, Lookups& lookups, int line, const Org& org,
                                           const std::optional<std::string>& given) {
  const Lookups::Hub* hub = lookups.hub(*org.hub_id);
  if (!hub || hub->tier != "registered") return std::nullopt;
  const auto& filed = org[kFiledOn];
  const auto& registered = hub->registered_on;
  if (registered && given && *registered > *given) return std::nullopt;
  auto start = new_link_start(filed, registered, given);
  if (!start) return std::nullopt;
  warn_late_hub(run, line, *org.hub_id, hub->name, filed, registered, given);
  return start;
}

void link_new_groups(registry::ImportRun& run, NewLinks& links, std::int64_t first, std::int64_t last,
                     const std::vector<std::int64_t>* only) {
  // One pass over the groups the batch added with a hub, in key order, for a load of a million
  // rows: each is linked from its filing date, or the hub's registration when later (a warning),
  // or the start its row gave (temp.import_hub_since). A group whose hub did not stand then is
  // refused, worded by link_start; once one is, the links this pass made are taken back. The
  // refusals and warnings come in the order of the groups' rows.
  Registry& reg = run.reg;
  const std::int64_t batch = run.batch();
  auto groups = reg.prepare(
      "SELECT o.id, o.hub_id, o.filed_on, s.day FROM org o LEFT JOIN temp.import_hub_since s ON s.org_id = o.id "
      "WHERE o.id BETWEEN ?2 AND ?3 AND o.created_batch = ?1 AND o.hub_id IS NOT NULL ORDER BY o.id");
  groups.bind(1, batch);
  // What a link needs of its hub, kept per hub (the groups of a community share theirs): the
  // first revocation, deregistration or revoked filing no event corrects, on or after which
  // no link may start.
  struct Hub {
    bool registered = false;
    std::optional<std::string> registered_on, end;
    std::string name;
  };
  auto facts = reg.prepare("SELECT tier, registered_on, name FROM org WHERE id = ?");
  auto ended = reg.prepare(
      "SELECT min(e.on_date) FROM org_event e WHERE e.org_id = ? AND (e.kind = 'revoked' OR e.kind = "
      "'certificate_revoked' OR e.kind = 'filing_revoked' OR e.kind = 'deregistered') AND NOT EXISTS "
      "(SELECT 1 FROM org_event c WHERE c.corrects = e.id)");
  std::map<std::int64_t, Hub> hubs;
  auto hub_of = [&](std::int64_t id) -> const Hub* {
    auto it = hubs.find(id);
    if (it != hubs.end()) return &it->second;
    if (hubs.size() > 10000) hubs.clear();  // bounded memory, whatever the file
    facts.reset();
    facts.bind(1, id);
    if (!facts.step()) return nullptr;
    Hub h{facts.text_or(0, "") == "registered", facts.text(1), std::nullopt, facts.text_or(2, "")};
    ended.reset();
    ended.bind(1, id);
    ended.step();
    h.end = ended.text(0);
    return &hubs.emplace(id, std::move(h)).first->second;
  };
  const std::int64_t before = links.next() - 1;
  auto found = [&](std::int64_t id, Diagnostic d) {
    d.file = run.file();
    d.line = run.line_of(id);
    run.add(std::move(d));
  };
  bool any = false;
  auto link = [&] {
    const std::int64_t id = *groups.integer(0), hub_id = *groups.integer(1);
    const Hub* hub = hub_of(hub_id);
    if (!hub) return;
    const std::optional<std::string> filed = groups.text(2), given = groups.text(3);
    const auto& registered = hub->registered_on;
    const std::optional<std::string> start = new_link_start(filed, registered, given);
    if (!hub->registered || (registered && given && *registered > *given) || (hub->end && start && *hub->end <= *start)) {
      const bool from_filing = !given;
      const LinkStart s = link_start(reg, hub_id, given ? *given : filed.value_or(""), from_filing);
      if (s.refused) {
        found(id, Diagnostic("", 0, 0, from_filing ? "hub" : "hub_since", *s.refused));
        any = true;
      }
    }
    if (hub->registered) warn_late_hub(run, run.line_of(id), hub_id, hub->name, filed, registered, given);
    if (!any) links.add(id, hub_id, start);
  };
  auto pass = [&](std::int64_t from, std::int64_t to) {
    groups.reset();
    groups.bind(2, from).bind(3, to);
    while (groups.step()) link();
  };
  if (only) {
    for (std::int64_t id : *only) pass(id, id);
  } else {
    pass(first, last);
  }
  if (!any) {
    links.close();
    return;
  }
  auto undo = reg.prepare("DELETE FROM hub_link WHERE id > ? AND audit_id = ?");
  undo.bind(1, before).bind(2, batch).run();
}

std::vector<std::string> close_hub(Registry& reg, std::int64_t hub_id, const std::string& day) {
  std::vector<std::string> groups;
  auto q = reg.prepare("SELECT l.id, l.org_id, l.starts_on FROM hub_link l WHERE l.hub_id = ? AND l.ends_on IS NULL ORDER BY l.org_id");
  q.bind(1, hub_id);
  std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> open;
  while (q.step()) open.emplace_back(*q.integer(0), *q.integer(1), q.text_or(2, ""));
  auto end = reg.prepare("UPDATE hub_link SET ends_on = ?, end_reason = 'hub_closed' WHERE id = ?");
  auto clear = reg.prepare("UPDATE org SET hub_id = NULL WHERE id = ? AND hub_id = ?");
  for (const auto& [link, org, since] : open) {
    end.reset();
    end.bind(1, std::max(day, since)).bind(2, link).run();
    clear.reset();
    clear.bind(1, org).bind(2, hub_id).run();
    groups.push_back(label(get_by_id(reg, org)));
  }
  return groups;
}

Org move_to_hub(Registry& reg, std::string_view token, std::string_view hub_token, const std::string& date_text) {
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  if (before[kTier] != std::optional<std::string>("grassroots"))
    throw_invalid(trf("{} is not a filed group: only a filed group has a hub", label(before)));
  const std::string status = before[kStatus].value_or("active");
  if (status != "active" && status != "suspended")
    throw_invalid(trf("{} is {}: its filing is closed", label(before), said(spec(kStatus), status)));
  Org hub = find(reg, hub_token);
  auto date = validate::parse_date(date_text);
  if (!date) throw_invalid(Diagnostic("", 0, 0, "date", trf("'{}' {}", date_text, date.error), date.hint));
  if (*date.value > reg.today())
    throw_invalid(Diagnostic("", 0, 0, "date", trf("{} is after today ({})", *date.value, reg.today())));
  if (*date.value < before[kFiledOn].value_or(""))
    throw_invalid(Diagnostic("", 0, 0, "date", trf("{} is before the filing date {}", *date.value, *before[kFiledOn])));
  if (hub.id == before.id) throw_invalid(tr("an org cannot be its own hub"));
  if (before.hub_id == hub.id) throw_invalid(trf("{} is attached to {} already", label(before), label(hub)));
  io::JsonObject detail;
  detail.add("date", *date.value).add("from", before.hub_id ? std::optional<std::string>(registry::org_key(*before.hub_id))
                                                           : std::nullopt);
  detail.add("to", registry::org_key(hub.id));
  reg.audit("filing.move", before.id, detail.str());
  reg.prepare("UPDATE org SET hub_id = ? WHERE id = ?").bind(1, hub.id).bind(2, before.id).run();
  if (auto why = sync_hub_link(reg, before.id, *date.value, "moved")) throw_invalid(trf("{}: {}", label(before), *why));
  tx.commit();
  return get_by_id(reg, before.id);
}

io::Table hub_links(Registry& reg, const Org& org) {
  auto q = reg.prepare(
      "SELECT CASE WHEN h.credit_code IS NOT NULL THEN h.credit_code ELSE printf('K%07d', h.id) END, h.name, l.starts_on, "
      "l.ends_on, l.end_reason FROM hub_link l JOIN org h ON h.id = l.hub_id WHERE l.org_id = ? ORDER BY l.starts_on, l.id");
  q.bind(1, org.id);
  io::Table t;
  t.record_name = "hub_link";
  t.columns = {{"hub"}, {"hub_name"}, {"from", io::ColumnType::kDate}, {"until", io::ColumnType::kDate}, {"end_reason"}};
  while (q.step()) t.rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
  return t;
}

}  // namespace kunqu::org
