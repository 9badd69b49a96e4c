// Single edits of one org: adding, updating, status changes (suspension, revocation,
// deregistration, reinstatement) and a filed group's registration. Each checks the whole
// record, refuses with every problem found, and writes one audit entry.
#include "org/org.h"

#include "org/numbers.h"
#include "i18n/messages.h"
#include "io/json.h"
#include "io/text.h"
#include "org/checker.h"
#include "org/internal.h"
#include "registry/registry.h"

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
  org.id = insert_org(reg, ins, org, std::nullopt);
  Org stored_org = *get(reg, org.id);
  reg.audit(action, org.id, io::JsonObject().add_raw("after", snapshot(stored_org)).str());
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
  tx.commit();
  return after;
}

Org set_status(Registry& reg, std::string_view token, const StatusChange& change) {
  if (change.status != "active" && change.status != "suspended" && change.status != "revoked" &&
      change.status != "deregistered")
    throw_usage(trf("'{}' is not a status (active, suspended, revoked, deregistered)", change.status));
  registry::Transaction tx(reg);
  Org before = find(reg, token);
  if (change.tier && before[kTier] != change.tier)
    throw_invalid(*change.tier == "grassroots" ? trf("{} '{}' is not a filed (grassroots) org", *before[kKey], *before[kName])
                                               : trf("{} '{}' is not a {} org", *before[kKey], *before[kName], *change.tier));
  const std::string from = before[kStatus].value_or("active");
  const std::string& to = change.status;
  auto refuse = [&](const std::string& why) {
    throw_invalid(trf("{} '{}' is {}: {}", *before[kKey], *before[kName], said(spec(kStatus), from), why));
  };
  if (to == "active" && from != "suspended") refuse(tr("only a suspended org can be reinstated"));
  if (to == "suspended" && from != "active") refuse(tr("only an active org can be suspended"));
  if (to == "revoked" && (from == "revoked" || from == "deregistered")) refuse(tr("it is already closed"));
  if (to == "deregistered" && from == "deregistered") refuse(tr("it is already deregistered"));

  io::RawRecord input;
  input.fields.push_back({kStatusDate, change.date, 0, 0});
  std::vector<Diagnostic> diags;
  Lookups L(reg);
  Checker c{L, "", input, diags, reg.today()};
  Org org = before;
  org.values[kStatus] = to;
  org.values[kStatusDate].reset();
  org.values[kStatusReason].reset();
  org.values[kStatusAuthority].reset();
  org.values[kStatusDocument].reset();
  c.apply(org);
  if (change.date.empty()) c.bad(kStatusDate, tr("a date is required (‹date› YYYY-MM-DD)"));
  if (to == "deregistered" && change.reason.empty())
    c.bad(kStatusReason, trf("a reason is required ({})", enum_codes_list(deregistration_reasons())));
  if (org[kStatusDate] && before[kStatusDate] && from != "active" && *org[kStatusDate] < *before[kStatusDate])
    c.bad(kStatusDate, trf("{} is before the current status date {}", *org[kStatusDate], *before[kStatusDate]));
  const std::string decided = org[kStatusDate].value_or("");
  if (to == "active") {
    // Reinstatement clears the suspension; the audit entry keeps it and the date.
    org.values[kStatusDate].reset();
  } else {
    org.values[kStatusReason] = io::trimmed_or_null(change.reason);
    org.values[kStatusAuthority] = io::trimmed_or_null(change.authority);
    org.values[kStatusDocument] = io::trimmed_or_null(change.document);
  }
  c.check(org);
  reg.settle(c.warnings, diags);
  std::string action = !change.action.empty() ? change.action
                       : to == "active"         ? "org.reinstate"
                       : to == "suspended"      ? "org.suspend"
                       : to == "revoked"        ? "org.revoke"
                                                : "org.deregister";
  Org after = save_edit(reg, before, org, diags, action, decided);
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
                  kFiledOn, kFilingOffice, kHub})
    if (input.find(f) && !io::trim(input.find(f)->value).empty())
      c.bad(f, f == kKey ? tr("never changes") : tr("is not part of a registration"));
  Org org = before;
  c.apply(org);
  org.values[kTier] = "registered";
  org.values[kHub].reset();  // a registered org stands on its own
  org.hub_id.reset();
  if (!input.find(kLevel) && org[kLevel] == std::optional<std::string>("community") && !org[kCommunity])
    org.values[kLevel] = "district";
  if (!c.given(kRegisteredOn)) c.bad(kRegisteredOn, tr("is required (the date of registration, ‹registered_on›)"));
  if (!c.given(kCreditCode)) c.bad(kCreditCode, tr("is required (the credit code the registration gave)"));
  c.check(org);
  reg.settle(c.warnings, diags);
  Org after = save_edit(reg, before, org, diags, "filing.upgrade", org[kRegisteredOn].value_or(""));
  tx.commit();
  return after;
}

}  // namespace kunqu::org
