// Reads the staff audit log for the /audit page and its CSV export: newest first, keyset-paged by id.
import { pool } from "../db/pool";
import { type AuditFilter, auditWhere } from "./audit-filter";

export type AuditRow = {
  id: number;
  at: Date;
  actorEmail: string | null;
  action: string;
  profileId: number | null;
  subject: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
  ipAddress: string | null;
  requestId: string | null;
};

type Raw = {
  id: number;
  created_at: Date;
  actor_email: string | null;
  action: string;
  profile_id: number | null;
  subject: string | null;
  old_value: unknown;
  new_value: unknown;
  reason: string | null;
  ip_address: string | null;
  request_id: string | null;
};

const toRow = (r: Raw): AuditRow => ({
  id: r.id,
  at: r.created_at,
  actorEmail: r.actor_email,
  action: r.action,
  profileId: r.profile_id,
  subject: r.subject,
  oldValue: r.old_value,
  newValue: r.new_value,
  reason: r.reason,
  ipAddress: r.ip_address,
  requestId: r.request_id,
});

/** One page (`limit` entries) and the cursor of the next one, or null at the end. */
export async function listAudit(filter: AuditFilter, limit = 50): Promise<{ rows: AuditRow[]; next: string | null }> {
  const { sql, values } = auditWhere(filter);
  const { rows } = await pool().query<Raw>(
    `SELECT a.id, a.created_at, a.actor_email, a.action, a.profile_id, a.subject, a.ip_address, a.request_id,
            d.old_value, d.new_value, d.reason
       FROM staff_audit a LEFT JOIN staff_audit_detail d ON d.audit_id = a.id
       ${sql} ORDER BY a.id DESC LIMIT ${limit + 1}`,
    values,
  );
  const page = rows.slice(0, limit).map(toRow);
  return { rows: page, next: rows.length > limit ? String(page[page.length - 1].id) : null };
}

/** Every entry of a filter, in pages of 1,000 (the CSV export). */
export async function* listAllAudit(filter: AuditFilter): AsyncGenerator<AuditRow[]> {
  let before = filter.before;
  for (;;) {
    const page = await listAudit({ ...filter, before }, 1000);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    before = page.next;
  }
}
