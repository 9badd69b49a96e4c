// Single edits of one org: adding, updating, status changes (suspension, revocation,
// deregistration, reinstatement) and a filed group's registration. Each checks the whole
// record, refuses with every problem found, and writes one audit entry.
#include "org/org.h"

#include <algorithm>

#include "org/numbers.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/checker.h"
#include "org/events.h"
#include "org/internal.h"
#include "registry/registry.h"
#include "validate/values.h"

namespace kunqu::org {

namespace {

// Ends a single edit: refuses it with every problem found, or stores `org` and audits the
// change from `before`. REQUIRES: an open transaction.
Org save_edit(Registry& reg, const Org& before, const Org& org, std::vector<Diagnostic>& diags,
              std::string_view action, const std::string& date = {}) {
  if (!diags.empty()) {
    auto n = diags.size();
    throw_diagnostics(std::move(diags), n, tr("nothing was changed"));
  }
  auto q = reg.prepare(update_sql());
  update_org(q, org, std::nullopt);
  Org after = *get(reg, org.id);
  reg.audit(action, org.id, change_detail(before, after, date));
  return after;
}

}  // namespace

Org add(Registry& reg, const io::RawRecord& input, std::string_view action) {
  registry::Transaction tx(reg);
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, reg.today()};
  Org org;
  c.apply(org);
  if (org[kKey]) c.bad(kKey, tr("is assigned by the registry"));
  org.values[kKey].reset();
  c.check(org);
  reg.settle(c.warnings, diags);
  if (!diags.empty()) {
    auto n = diags.size();
    throw_diagnostics(std::move(diags), n, tr("nothing was added"));
  }
  if (org[kTier] == std::optional<std::string>("grassroots") && !org[kFilingNo])
    org.values[kFilingNo] = Numbers(reg).next(*org[kFiledOn]);
  auto ins = reg.prepare(insert_sql());
  org.id = insert_org(reg, ins, org, std::nullopt, stored_name_key(*org[kName]));
  Org stored_org = *get(reg, org.id);
  const std::int64_t entry = reg.audit(action, org.id, io::JsonObject().add_raw("after", snapshot(stored_org)).str());
  // A status given with the org (one that ended long ago) is its event, as an import's is.
  if (stored_org[kStatus] != std::optional<std::string>("active"))
    if (auto why = restate_from_row(reg, org.id, entry)) throw_invalid(Diagnostic("", 0, 0, "status", *why));
  // Linked from its filing, or from the day the input says the link began.
  if (stored_org.hub_id) {
    auto why = org[kHubSince] ? sync_hub_link(reg, org.id, *org[kHubSince], "moved")
                              : sync_hub_link(reg, org.id, reg.today(), "moved", true);
    if (why) throw_invalid(Diagnostic("", 0, 0, org[kHubSince] ? "hub_since" : "hub", *why));
  }
  tx.commit();
  return stored_org;
}

Org update(Registry& reg, std::string_view token, const io::RawRecord& input, const std::vector<Field>& clear) {
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  Org org = before;
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, reg.today()};
  for (Field f : {kKey, kTier, kStatus, kStatusDate, kStatusReason, kStatusAuthority, kStatusDocument, kAuthority})
    if (input.find(f) && !io::trim(input.find(f)->value).empty())
      c.bad(f, f == kTier ? tr("cannot change by update (a filed group registers with its own command)")
                          : f == kKey ? tr("never changes")
                          : f == kAuthority ? tr("follows from the credit code")
                                            : tr("changes with suspend, revoke, deregister or reinstate"));
  c.apply(org);
  for (Field f : clear) {
    if (f == kName || f == kTier || f == kType || f == kCategory || f == kKey || f == kStatus || f == kRegisteredOn ||
        f == kFiledOn || f == kFilingNo)
      c.bad(f, tr("is required and cannot be cleared"));
    org.values[f].reset();
    if (f == kHub) org.hub_id.reset();
  }
  c.check(org);
  reg.settle(c.warnings, diags);
  Org after = save_edit(reg, before, org, diags, "org.update");
  restate(reg, after.id);  // a registration or filing date moved: the events must still follow it
  // A new hub from the day the input says (default today); the start of a link that stays is
  // the business of ‹filing move›.
  const io::RawField* since = input.find(kHubSince);
  const bool since_given = since && !io::trim(since->value).empty();
  if (after.hub_id != before.hub_id) {
    if (auto why = sync_hub_link(reg, after.id, since_given ? *org[kHubSince] : reg.today(), after.hub_id ? "moved" : "cleared"))
      throw_invalid(Diagnostic("", 0, 0, since_given ? "hub_since" : "hub", *why));
  } else if (since_given) {
    if (auto why = other_link_start(before, *org[kHubSince])) throw_invalid(Diagnostic("", 0, 0, "hub_since", *why));
  }
  tx.commit();
  return after;
}


Org set_status(Registry& reg, std::string_view token, const StatusChange& change, std::vector<std::string>* detached) {
  static const std::vector<std::string> kinds = {"suspended",      "reinstated",   "revoked",       "certificate_revoked",
                                                 "change_revoked", "deregistered", "filing_revoked"};
  if (std::find(kinds.begin(), kinds.end(), change.kind) == kinds.end())
    throw_usage(trf("'{}' is not an event that changes an org's standing ({})", change.kind,
                    "suspended, reinstated, revoked, certificate_revoked, change_revoked, deregistered, filing_revoked"));
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  if (change.tier && before[kTier] != change.tier)
    throw_invalid(*change.tier == "grassroots" ? trf("{} '{}' is not a filed (grassroots) org", *before[kKey], *before[kName])
                                               : trf("{} '{}' is not a {} org", *before[kKey], *before[kName], *change.tier));
  // A filed group's registration is its filing: `org revoke` on one revokes the filing.
  const std::string kind =
      change.kind == "revoked" && before[kTier] == std::optional<std::string>("grassroots") ? "filing_revoked" : change.kind;

  // The date and fields are checked as the org would hold them if this were its last event.
  io::RawRecord input;
  input.fields.push_back({kStatusDate, change.date, 0, 0});
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, reg.today()};
  Org org = before;
  org.values[kStatus] = status_after(kind);
  for (Field f : {kStatusDate, kStatusReason, kStatusAuthority, kStatusDocument}) org.values[f].reset();
  c.apply(org);
  if (change.date.empty()) c.bad(kStatusDate, tr("a date is required (‹date› YYYY-MM-DD)"));
  if (kind == "deregistered" && change.reason.empty())
    c.bad(kStatusReason, trf("a reason is required ({})", enum_codes_list(deregistration_reasons())));
  const std::string decided = org[kStatusDate].value_or("");
  std::string ended;
  if (!change.until.empty()) {
    auto until = validate::parse_date(change.until);
    if (kind != "suspended") c.bad(kStatusDate, tr("only a suspension has an end (‹until›)"));
    else if (!until) c.bad(kStatusDate, trf("‹until› '{}' {}", change.until, until.error), until.hint);
    else if (*until.value <= decided) c.bad(kStatusDate, trf("‹until› {} is not after the suspension's date {}", *until.value, decided));
    else if (*until.value > reg.today()) c.bad(kStatusDate, trf("‹until› {} is after today ({})", *until.value, reg.today()));
    else ended = *until.value;
  }
  org.values[kStatusReason] = io::trimmed_or_null(change.reason);
  org.values[kStatusAuthority] = io::trimmed_or_null(change.authority);
  org.values[kStatusDocument] = io::trimmed_or_null(change.document);
  if (org[kStatus] == std::optional<std::string>("active")) org.values[kStatusDate].reset();
  c.check(org);
  reg.settle(c.warnings, diags);
  if (!diags.empty()) {
    auto n = diags.size();
    throw_diagnostics(std::move(diags), n, tr("nothing was changed"));
  }
  std::string action = !change.action.empty() ? change.action
                       : kind == "reinstated"   ? "org.reinstate"
                       : kind == "suspended"    ? "org.suspend"
                       : kind == "deregistered" ? "org.deregister"
                                                : "org.revoke";
  const std::int64_t audit_id = reg.audit(action, before.id, "{}");
  auto ins = reg.prepare(
      "INSERT INTO org_event (org_id, kind, on_date, reason, authority, document, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  auto record = [&](const std::string& k, const std::string& date, bool fields) {
    ins.reset();
    ins.bind(1, before.id).bind(2, k).bind(3, date);
    ins.bind(4, fields ? org[kStatusReason] : std::nullopt).bind(5, fields ? org[kStatusAuthority] : std::nullopt);
    ins.bind(6, fields ? org[kStatusDocument] : std::nullopt).bind(7, audit_id);
    ins.run();
    return reg.last_insert_rowid();
  };
  const std::int64_t event = record(kind, decided, kind != "reinstated");
  if (!ended.empty()) record("reinstated", ended, false);
  restate(reg, before.id, event);
  // A hub that closes ends its groups' links that day.
  if (kind == "revoked" || kind == "certificate_revoked" || kind == "deregistered") {
    auto groups = close_hub(reg, before.id, decided);
    if (detached) *detached = std::move(groups);
  }
  Org after = get_by_id(reg, before.id);
  reg.set_audit_detail(audit_id, change_detail(before, after, decided, event));
  tx.commit();
  return after;
}

Org upgrade(Registry& reg, std::string_view token, const io::RawRecord& input) {
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  if (before[kTier] != std::optional<std::string>("grassroots"))
    throw_invalid(trf("{} '{}' is already registered", *before[kKey], *before[kName]));
  if (before[kStatus] != std::optional<std::string>("active"))
    throw_invalid(trf("{} '{}' is {}: only an active filed group can register", *before[kKey], *before[kName],
                      said(spec(kStatus), before[kStatus].value_or(""))));
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, reg.today()};
  for (Field f : {kKey, kTier, kStatus, kStatusDate, kStatusReason, kStatusAuthority, kStatusDocument, kFilingNo,
                  kFiledOn, kFilingOffice, kHub, kHubSince})
    if (input.find(f) && !io::trim(input.find(f)->value).empty())
      c.bad(f, f == kKey ? tr("never changes") : tr("is not part of a registration"));
  Org org = before;
  c.apply(org);
  org.values[kTier] = "registered";
  org.values[kHub].reset();  // a registered org stands on its own
  org.values[kHubSince].reset();
  org.hub_id.reset();
  if (!input.find(kLevel) && org[kLevel] == std::optional<std::string>("community") && !org[kCommunity])
    org.values[kLevel] = "district";
  if (!c.given(kRegisteredOn)) c.bad(kRegisteredOn, tr("is required (the date of registration, ‹registered_on›)"));
  if (!c.given(kCreditCode)) c.bad(kCreditCode, tr("is required (the credit code the registration gave)"));
  c.check(org);
  reg.settle(c.warnings, diags);
  Org after = save_edit(reg, before, org, diags, "filing.upgrade", org[kRegisteredOn].value_or(""));
  restate(reg, after.id);  // the group must have stood active on the day it registered
  if (before.hub_id)
    if (auto why = sync_hub_link(reg, after.id, *after[kRegisteredOn], "upgraded")) throw_invalid(*why);
  tx.commit();
  return after;
}

}  // namespace kunqu::org
