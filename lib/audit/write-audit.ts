// The one writer of the staff audit log. Call it with the transaction client of the change it records, so the
// entry and the change commit or roll back together. Works with a pg client (withTransaction) or, through
// auditDbOfPrisma, a Prisma interactive transaction.

import { requestClientAddress } from "../http/client-address";
import { newRequestId, requestIdOf } from "../observability/request-id";
import type { AuditAction } from "./audit-actions";

/** Who acted, from where, in which request. `id` / `email` are null for an unknown caller (a failed sign-in). */
export type AuditActor = { id: string | null; email: string | null; ip: string | null; requestId: string };

export type AuditEntry = {
  action: AuditAction;
  actor: AuditActor;
  profileId?: number | null;
  /** what besides the profile: a property key, a staff member's email, a suppression id */
  subject?: string | null;
  /** old → new and the reason: kept in staff_audit_detail, which goes with an erased profile */
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
};

/** Anything that runs a parameterised statement: a pg.PoolClient, or auditDbOfPrisma(tx). */
export type AuditDb = { query: (text: string, values: unknown[]) => Promise<unknown> };

/** A Prisma interactive transaction as an AuditDb. */
export const auditDbOfPrisma = (tx: { $executeRawUnsafe: (query: string, ...values: unknown[]) => Promise<number> }): AuditDb => ({
  query: (text, values) => tx.$executeRawUnsafe(text, ...values),
});

/** The actor of a dashboard request: the staff member, the request's client address, and the request id the server
 * gave it (the one in its log line), else a fresh one. */
export function staffActor(staff: { id: string; email: string }, headers: Pick<Headers, "get"> | null): AuditActor {
  return {
    id: staff.id,
    email: staff.email,
    ip: requestClientAddress(headers),
    requestId: headers ? requestIdOf(headers as Headers) : newRequestId(),
  };
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

const INSERT = `WITH entry AS (
  INSERT INTO staff_audit (actor_id, actor_email, action, profile_id, subject, ip_address, request_id)
  VALUES ($1, $2, $3, $4::text::bigint, $5, $6, $7) RETURNING id
)
INSERT INTO staff_audit_detail (audit_id, profile_id, old_value, new_value, reason)
SELECT id, $4::text::bigint, $8::text::jsonb, $9::text::jsonb, $10 FROM entry WHERE $11::text = 'yes'`;

export async function writeAudit(db: AuditDb, entries: AuditEntry | AuditEntry[]): Promise<void> {
  for (const entry of Array.isArray(entries) ? entries : [entries]) {
    const hasDetail = entry.oldValue !== undefined || entry.newValue !== undefined || (entry.reason ?? null) !== null;
    await db.query(INSERT, [
      entry.actor.id,
      entry.actor.email,
      entry.action,
      entry.profileId == null ? null : String(entry.profileId),
      entry.subject ?? null,
      entry.actor.ip,
      entry.actor.requestId,
      json(entry.oldValue),
      json(entry.newValue),
      entry.reason ?? null,
      hasDetail ? "yes" : "no",
    ]);
  }
}
