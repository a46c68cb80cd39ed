// /suppressions — erased identities and device guids that the SDK and the API refuse (kept as keyed hashes: the
// list shows kinds and hash prefixes, never values). Look a value up to find its entry; lift an entry to let it back.
// Admins only (here and in the action).

import { requireStaff } from "@/app/_server/require-staff";
import styles from "@/components/profile/profile.module.css";
import forms from "@/components/ui/forms.module.css";
import { LiftButton } from "@/components/ui/lift-button";
import { dashboardAccountId } from "@/lib/accounts/dashboard-account";
import { canAudit } from "@/lib/permissions/roles";
import { findSuppression, listSuppressions } from "@/lib/suppression/list-suppressions";
import { SUPPRESSED_KINDS, type SuppressedKind } from "@/lib/suppression/suppression-hash";
import { liftSuppressionAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Suppressions · Tapestry" };

const when = (at: Date) => `${at.toISOString().replace("T", " ").slice(0, 16)} UTC`;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SuppressionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff(canAudit);
  const accountId = await dashboardAccountId();
  const params = await searchParams;
  const kind = one(params.kind);
  const value = one(params.value)?.slice(0, 600) ?? "";
  const before = /^\d{1,18}$/.test(one(params.before) ?? "") ? Number(one(params.before)) : undefined;
  const lookup =
    accountId && value.trim() && (SUPPRESSED_KINDS as readonly string[]).includes(kind ?? "")
      ? await findSuppression({ accountId, kind: kind as SuppressedKind, value })
      : undefined;
  const { rows, next } = accountId ? await listSuppressions({ accountId, before }) : { rows: [], next: null };
  const row = (entry: (typeof rows)[number]) => (
    <tr key={entry.id} data-testid="suppression">
      <td>{entry.kind}</td>
      <td className={styles.prov}>{entry.hash.slice(0, 16)}…</td>
      <td>{entry.reason}</td>
      <td>{entry.createdBy ?? "—"}</td>
      <td>{when(entry.createdAt)}</td>
      <td>
        <LiftButton id={String(entry.id)} label={`${entry.kind} ${entry.hash.slice(0, 8)}`} action={liftSuppressionAction} />
      </td>
    </tr>
  );
  return (
    <main style={{ maxWidth: 1100 }}>
      <h1>Suppressions</h1>
      <p className="muted">
        Identities and devices of erased people. The SDK drops them silently and the REST API refuses them per record until the suppression
        is lifted. Only keyed hashes are stored: look a value up to find its entry.
      </p>
      <form method="get" className={`${forms.panel} ${styles.row}`} aria-label="Look up a value">
        <label>
          Kind{" "}
          <select name="kind" defaultValue={kind ?? "Identity"} className={forms.input}>
            {SUPPRESSED_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Value <input name="value" defaultValue={value} className={forms.input} />
        </label>
        <button type="submit" className={forms.button}>
          Look up
        </button>
      </form>
      {lookup !== undefined && (
        <section aria-label="Lookup result" className={forms.panel} data-testid="lookup-result">
          {lookup === null ? (
            <p>This value is not suppressed.</p>
          ) : (
            <table className={styles.table}>
              <tbody>{row(lookup)}</tbody>
            </table>
          )}
        </section>
      )}
      <table className={styles.table} data-testid="suppressions">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Hash</th>
            <th scope="col">Reason</th>
            <th scope="col">By</th>
            <th scope="col">Since</th>
            <th scope="col">Lift</th>
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
      </table>
      {next && <a href={`/suppressions?before=${next}`}>Older →</a>}
    </main>
  );
}
