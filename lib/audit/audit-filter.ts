// The /audit page's filters, from the URL: actor (email prefix), action, profile id, date range (UTC days), and the
// keyset cursor (entries older than `before`). Anything unparsable is dropped, never an error page.
import { z } from "zod";
import { AUDIT_ACTIONS } from "./audit-actions";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => {
    // A real calendar day: Date.parse rolls 2026-02-30 over, PostgreSQL would refuse it.
    const time = Date.parse(`${text}T00:00:00Z`);
    return Number.isFinite(time) && new Date(time).toISOString().startsWith(text);
  });
const loose = <T extends z.ZodType>(inner: T) => inner.optional().catch(undefined);

export const auditFilterSchema = z.object({
  actor: loose(z.string().trim().toLowerCase().min(1).max(320)),
  action: loose(z.enum(AUDIT_ACTIONS)),
  profile: loose(z.string().regex(/^\d{1,15}$/)),
  from: loose(day),
  to: loose(day),
  before: loose(z.string().regex(/^\d{1,18}$/)),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export function parseAuditFilter(params: Record<string, string | string[] | undefined>): AuditFilter {
  const first = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  return auditFilterSchema.parse(first);
}

/** The WHERE clause and its values for a filter (ids newest first; `before` pages on). */
export function auditWhere(filter: AuditFilter): { sql: string; values: unknown[] } {
  const clauses: string[] = [];
  const values: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    values.push(value);
    clauses.push(clause(`$${values.length}`));
  };
  if (filter.actor) add((n) => `starts_with(lower(a.actor_email), ${n})`, filter.actor);
  if (filter.action) add((n) => `a.action = ${n}`, filter.action);
  if (filter.profile) add((n) => `a.profile_id = ${n}::bigint`, filter.profile);
  if (filter.from) add((n) => `a.created_at >= ${n}::date`, filter.from);
  if (filter.to) add((n) => `a.created_at < ${n}::date + 1`, filter.to);
  if (filter.before) add((n) => `a.id < ${n}::bigint`, filter.before);
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", values };
}
