// /audit — the staff audit log: filter by actor, action, profile and date range, newest first, keyset-paged, CSV
// export of the same filter. Admins only.

import { requireStaff } from "@/app/_server/require-staff";
import styles from "@/components/profile/profile.module.css";
import forms from "@/components/ui/forms.module.css";
import { AUDIT_ACTIONS } from "@/lib/audit/audit-actions";
import { type AuditFilter, parseAuditFilter } from "@/lib/audit/audit-filter";
import { listAudit } from "@/lib/audit/list-audit";
import { canAudit } from "@/lib/permissions/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log · Tapestry" };

const when = (at: Date) => `${at.toISOString().replace("T", " ").slice(0, 19)} UTC`;
const show = (value: unknown) => (value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));

function query(filter: AuditFilter, extra: Partial<AuditFilter> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, before: undefined, ...extra })) if (value) params.set(key, value);
  return params.toString();
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff(canAudit);
  const filter = parseAuditFilter(await searchParams);
  const { rows, next } = await listAudit(filter);
  return (
    <main style={{ maxWidth: 1300 }}>
      <h1>Audit log</h1>
      <form method="get" className={`${forms.panel} ${styles.row}`} aria-label="Filter the audit log" style={{ flexWrap: "wrap", gap: 12 }}>
        <label>
          Actor <input name="actor" defaultValue={filter.actor ?? ""} className={forms.input} placeholder="email starts with" />
        </label>
        <label>
          Action{" "}
          <select name="action" defaultValue={filter.action ?? ""} className={forms.input}>
            <option value="">any</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label>
          Profile <input name="profile" defaultValue={filter.profile ?? ""} className={forms.input} inputMode="numeric" size={8} />
        </label>
        <label>
          From <input type="date" name="from" defaultValue={filter.from ?? ""} className={forms.input} />
        </label>
        <label>
          To <input type="date" name="to" defaultValue={filter.to ?? ""} className={forms.input} />
        </label>
        <button type="submit" className={forms.button}>
          Filter
        </button>
        <a href={`/audit/export?${query(filter)}`} download>
          Export CSV
        </a>
      </form>
      {rows.length === 0 ? (
        <p className="muted">No audit entries match.</p>
      ) : (
        <table className={styles.table} data-testid="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Profile</th>
              <th scope="col">What</th>
              <th scope="col">Old → new</th>
              <th scope="col">Reason</th>
              <th scope="col">Address</th>
              <th scope="col">Request</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-action={row.action}>
                <td>{when(row.at)}</td>
                <td>{row.actorEmail ?? "—"}</td>
                <td>{row.action}</td>
                <td>{row.profileId === null ? "—" : <a href={`/profiles/${row.profileId}`}>#{row.profileId}</a>}</td>
                <td>{row.subject ?? "—"}</td>
                <td>
                  {show(row.oldValue)} → {show(row.newValue)}
                </td>
                <td>{row.reason ?? "—"}</td>
                <td>{row.ipAddress ?? "—"}</td>
                <td className={styles.prov}>{row.requestId ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages" className={styles.row}>
        {filter.before && <a href={`/audit?${query(filter)}`}>Newest</a>}
        {next && <a href={`/audit?${query(filter, { before: next })}`}>Older →</a>}
      </nav>
    </main>
  );
}
