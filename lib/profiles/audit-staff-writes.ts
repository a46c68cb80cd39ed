// The staff audit entries of one engine transaction, written in that transaction: every staff action that changes a
// profile goes through applyRecords, so it is audited here once, whatever action sent it (edit, consent, increment,
// link, unmerge, revert, unlink, move): one entry per key the action changed (which profile, old → new, reason) and
// one per device or identity it moved (where it was and where it went). A staff context without
// its audit actor is a programming error: the write is refused rather than left unaudited.
import { type AuditEntry, writeAudit } from "../audit/write-audit";
import type { Tx } from "../db/pool";
import type { ChangeContext, StaffAudit } from "./types";
import type { WorkingSet } from "./working-set";

/** Throws when a staff record carries no audit actor (checked before anything is written). */
export function assertStaffAudited(contexts: Iterable<ChangeContext>): void {
  for (const context of contexts)
    if (context.source === "staff" && !context.audit) throw new Error("a staff change needs its audit actor (ChangeContext.audit)");
}

const isConsentKey = (key: string) => key.startsWith("MSG-");

/** The entries of one staff action: one per key it changed (old → new) and one per device or identity it moved. */
function entriesOf(audit: StaffAudit, context: ChangeContext, set: WorkingSet): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const reason = context.reason ?? null;
  for (const profile of set.profiles.values())
    for (const changeSet of profile.changeSets) {
      if (changeSet.context !== context) continue;
      for (const change of changeSet.changes)
        entries.push({
          action: audit.action === "profile-edit" && isConsentKey(change.key) ? "consent-change" : audit.action,
          actor: audit.actor,
          profileId: profile.id,
          subject: change.key,
          oldValue: change.oldValue,
          newValue: change.newValue,
          reason,
        });
    }
  const idOf = (key: string | null) => (key === null ? null : (set.profiles.get(key)?.id ?? null));
  for (const merge of set.merges) {
    if (merge.context !== context) continue;
    const unlink = merge.action === "unlink";
    // The guid or identity value is the person's: it stays out of the entry (kept after an erasure) and goes into its
    // values, filed under the profile that holds it afterwards (or gave it up), so erasing that person removes them.
    const what = merge.deviceGuid ? `device ${merge.deviceGuid}` : `${merge.identityKind} ${merge.identityValue}`;
    const from = idOf(unlink ? merge.profileKey : merge.previousKey);
    const to = unlink ? null : idOf(merge.profileKey);
    entries.push({
      action: audit.action,
      actor: audit.actor,
      profileId: to ?? from,
      subject: `${merge.action}: ${merge.deviceGuid ? "device" : merge.identityKind}`,
      oldValue: from === null ? "none" : `${what} on profile #${from}`,
      newValue: to === null ? "none" : `${what} on profile #${to}`,
      reason,
    });
  }
  return entries;
}

/** Writes the audit entries of every staff context in this working set (after it was written). */
export async function auditStaffWrites(tx: Tx, set: WorkingSet, contexts: Iterable<ChangeContext>): Promise<void> {
  const entries: AuditEntry[] = [];
  for (const context of new Set(contexts)) {
    if (context.source !== "staff" || !context.audit) continue;
    entries.push(...entriesOf(context.audit, context, set));
  }
  if (entries.length > 0) await writeAudit(tx, entries);
}
