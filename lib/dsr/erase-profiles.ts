// Erasure (a data-subject request): the named profiles and the anonymous profiles joined to them, with their
// identities, devices, events, change sets, merge-journal rows, the audit values that name them, their e-mail and
// phone in the subscribe API's history (unless another profile still holds the value), and their values inside
// saved segments' filters. What remains: a profile_deletion row per profile and a staff audit entry, without personal
// data, and the suppression list (keyed hashes of the identities and device guids, so they are refused if sent again).
// One transaction. The REST API (POST /1/delete/profiles.json) and the dashboard both call it.
import { type AuditActor, writeAudit } from "../audit/write-audit";
import { pool, type Tx, withTransaction } from "../db/pool";
import type { ChangeContext, IdentityKind } from "../profiles/types";
import { addSuppressions } from "../suppression/add-suppressions";
import { forgetSuppressions } from "../suppression/check-suppressed";
import { type ErasureLookup, findErasureTargets } from "./find-erasure-targets";
import { scrubIdempotencyAnswers } from "./scrub-idempotency-answers";
import { scrubSegments } from "./scrub-segments";

export type ErasureResult = { named: number[]; erased: number[] };

/** Every string a profile holds (property values, list items, identities, guids): what must not survive it. */
async function personalValues(tx: Tx, ids: number[]) {
  const [properties, identities, devices] = await Promise.all([
    tx.query<{ value: string }>(
      `SELECT DISTINCT v.value FROM profile p, jsonb_each(p.properties) e,
              LATERAL (SELECT e.value #>> '{}' AS value WHERE jsonb_typeof(e.value) = 'string'
                       UNION ALL SELECT jsonb_array_elements_text(e.value) WHERE jsonb_typeof(e.value) = 'array') v
        WHERE p.id = ANY($1::bigint[])`,
      [ids],
    ),
    tx.query<{ kind: IdentityKind; value: string }>("SELECT kind, value FROM profile_identity WHERE profile_id = ANY($1::bigint[])", [ids]),
    tx.query<{ guid: string }>("SELECT guid FROM device WHERE profile_id = ANY($1::bigint[])", [ids]),
  ]);
  return {
    strings: [
      ...new Set([...properties.rows.map((r) => r.value), ...identities.rows.map((r) => r.value), ...devices.rows.map((r) => r.guid)]),
    ],
    identities: identities.rows,
    guids: devices.rows.map((r) => r.guid),
  };
}

async function eraseInTransaction(
  tx: Tx,
  options: { accountId: string; lookups: ErasureLookup[]; context: ChangeContext; actor?: AuditActor },
): Promise<ErasureResult> {
  const { accountId, context } = options;
  const { named, all } = await findErasureTargets(tx, accountId, options.lookups);
  if (all.length === 0) return { named: [], erased: [] };
  await tx.query("SELECT id FROM profile WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE", [all]);
  // Devices joined meanwhile are found after the lock (the engine moves devices only onto profiles it holds locked).
  const values = await personalValues(tx, all);
  const contacts = await tx.query<{ email: string | null; phone: string | null }>(
    "SELECT lower(properties ->> 'Email') AS email, properties ->> 'Phone' AS phone FROM profile WHERE id = ANY($1::bigint[])",
    [all],
  );

  await tx.query("DELETE FROM profile_identity WHERE account_id = $1 AND profile_id = ANY($2::bigint[])", [accountId, all]);
  await tx.query(
    `DELETE FROM merged_event WHERE merge_id IN (SELECT id FROM profile_merge WHERE account_id = $1
        AND (profile_id = ANY($2::bigint[]) OR previous_profile_id = ANY($2::bigint[])))`,
    [accountId, all],
  );
  await tx.query(
    `DELETE FROM profile_merge WHERE account_id = $1
        AND (profile_id = ANY($2::bigint[]) OR previous_profile_id = ANY($2::bigint[]) OR device_guid = ANY($3::text[]))`,
    [accountId, all, values.guids],
  );
  await tx.query("DELETE FROM profile_change_set WHERE profile_id = ANY($1::bigint[])", [all]);
  await tx.query("DELETE FROM event WHERE profile_id = ANY($1::bigint[])", [all]);
  await tx.query("DELETE FROM device WHERE profile_id = ANY($1::bigint[])", [all]);
  await tx.query("DELETE FROM profile WHERE account_id = $1 AND id = ANY($2::bigint[])", [accountId, all]);
  // Now that the profiles are gone, the audit log lets their values go (its trigger checks exactly that).
  await tx.query("DELETE FROM staff_audit_detail WHERE profile_id = ANY($1::bigint[])", [all]);
  const emails = contacts.rows.flatMap((r) => (r.email ? [r.email] : []));
  const phones = contacts.rows.flatMap((r) => (r.phone ? [r.phone] : []));
  await tx.query(
    `DELETE FROM channel_subscription_change c WHERE c.account_id = $1
        AND ((c.channel = 'email' AND c.value = ANY($2::text[])
              AND NOT EXISTS (SELECT 1 FROM profile p WHERE p.account_id = $1 AND lower(p.properties ->> 'Email') = c.value))
          OR (c.channel = 'phone' AND c.value = ANY($3::text[])
              AND NOT EXISTS (SELECT 1 FROM profile p WHERE p.account_id = $1 AND p.properties ->> 'Phone' = c.value)))`,
    [accountId, emails, phones],
  );
  await scrubSegments(tx, accountId, values.strings);
  await scrubIdempotencyAnswers(tx, accountId, values.strings);
  await tx.query(
    `INSERT INTO profile_deletion (account_id, profile_id, source, actor, request_id)
     SELECT $1, id, $2, $3, $4 FROM unnest($5::bigint[]) id`,
    [accountId, context.source, context.actor ?? null, context.requestId ?? null, all],
  );
  await addSuppressions(tx, {
    accountId,
    values: [...values.identities, ...values.guids.map((guid) => ({ kind: "device" as const, value: guid }))],
    reason: "erased",
    actor: context.actor ?? null,
    requestId: context.requestId ?? null,
  });
  if (options.actor)
    await writeAudit(tx, {
      action: "profile-erase",
      actor: options.actor,
      profileId: named[0] ?? null,
      subject: `${all.length} profile(s)`,
      // No personal data: the ids and counts only (kept: this detail names no profile that exists).
      newValue: {
        named,
        joinedAnonymous: all.filter((id) => !named.includes(id)),
        identities: values.identities.length,
        devices: values.guids.length,
      },
    });
  return { named, erased: all };
}

export async function eraseProfiles(options: {
  accountId: string;
  lookups: ErasureLookup[];
  context: ChangeContext;
  /** the staff member, for the audit log (dashboard erasures) */
  actor?: AuditActor;
}): Promise<ErasureResult> {
  const result = await withTransaction((tx) => eraseInTransaction(tx, options));
  if (result.erased.length > 0) forgetSuppressions(options.accountId);
  return result;
}

/** A staff erasure from the profile page (admins): the profile and its joined anonymous ones, audited. Null: no such profile. */
export async function eraseProfileByStaff(options: { profileId: number; actor: AuditActor }): Promise<ErasureResult | null> {
  const { rows } = await pool().query<{ account_id: string }>("SELECT account_id FROM profile WHERE id = $1", [options.profileId]);
  if (!rows[0]) return null;
  return eraseProfiles({
    accountId: rows[0].account_id,
    lookups: [{ profileId: options.profileId }],
    context: { source: "staff", actor: options.actor.email, requestId: options.actor.requestId },
    actor: options.actor,
  });
}
