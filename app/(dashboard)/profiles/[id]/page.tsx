// /profiles/[id] — one profile: header facts, properties with provenance, consents, merged history, raw JSON.
// Editors get edit controls; every action re-checks the role on the server.
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaff } from "@/app/_server/require-staff";
import { ConsentForm } from "@/components/profile/consent-form";
import type { EditTarget } from "@/components/profile/edit-target";
import { EraseButton } from "@/components/profile/erase-button";
import { HistoryList } from "@/components/profile/history-list";
import { IncrementForm } from "@/components/profile/increment-form";
import { LinkIdentityForm } from "@/components/profile/link-identity-form";
import { MergeProfilesForm } from "@/components/profile/merge-profiles-form";
import styles from "@/components/profile/profile.module.css";
import { PropertyActions } from "@/components/profile/property-actions";
import { PropertyForm } from "@/components/profile/property-form";
import { StaffConfirmButton } from "@/components/profile/staff-confirm-button";
import forms from "@/components/ui/forms.module.css";
import { type ChannelLedger, getConsentLedger } from "@/lib/consents/consent-ledger";
import { pool } from "@/lib/db/pool";
import { requestScope } from "@/lib/dsr/find-erasure-targets";
import { canAudit, canEditProfile, canViewProfiles } from "@/lib/permissions/roles";
import { toFormValue } from "@/lib/profiles/edit-property-schema";
import { formatDate, formatValue } from "@/lib/profiles/format-value";
import { profileLabel } from "@/lib/profiles/profile-label";
import { canDeleteProperty } from "@/lib/profiles/system-properties";
import { getProfileHistory, lastChangeSetId, parseHistoryQuery } from "@/lib/queries/profile-history";
import { getProfilePage, type Provenance } from "@/lib/queries/profile-page";
import { deletePropertyAction, editConsentAction, editPropertyAction, eraseProfileAction } from "./actions";
import {
  incrementAction,
  linkIdentityAction,
  mergeProfilesAction,
  moveDeviceAction,
  previewLinkAction,
  previewMergeAction,
  previewUnmergeAction,
  revertAction,
  unlinkIdentityAction,
  unmergeAction,
} from "./staff-actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Profile · Tapestry" };

/** A moment, to the second in UTC (the one date format of lib/profiles/format-value.ts). */
const when = (at: Date) => formatDate(Math.floor(at.getTime() / 1000));

function ProvenanceText({ provenance }: { provenance: Provenance | null }) {
  if (!provenance) return <span className={styles.prov}>not recorded</span>;
  return (
    <span className={styles.prov}>
      {provenance.operation} · {provenance.source}
      {provenance.actor ? ` (${provenance.actor})` : ""} · {when(provenance.at)}
      {provenance.reason ? (
        <>
          {" "}
          · reason: <q>{provenance.reason}</q>
        </>
      ) : null}
    </span>
  );
}

/** The consent's address (e-mail or phone) state from the subscribe API, and which one decides. */
function ConsentAddress({ channel }: { channel: ChannelLedger | undefined }) {
  if (!channel?.address) return null;
  return (
    <div className={styles.prov} data-testid="consent-address">
      address {channel.address.value}: {channel.address.status === "Unsubscribe" ? "unsubscribed" : "resubscribed"} · wins:{" "}
      {channel.effective.decidedBy === "address" ? "the address" : "the profile flag"} ({channel.effective.explanation})
    </div>
  );
}

export default async function ProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const staff = await requireStaff(canViewProfiles);
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  const profileId = Number(id);
  const { kinds, page } = parseHistoryQuery(await searchParams);
  const [profile, history, seen, ledger] = await Promise.all([
    getProfilePage(profileId),
    getProfileHistory(profileId, kinds, page),
    lastChangeSetId(profileId),
    getConsentLedger(profileId),
  ]);
  if (!profile) notFound();
  const canEdit = canEditProfile(staff);
  const scope = canAudit(staff) ? await requestScope(pool(), profile.id) : null;
  // The list's name for it (lib/profiles/profile-label.ts): an anonymous profile by its most recently seen device.
  const lastDevice = profile.devices.reduce<(typeof profile.devices)[number] | null>(
    (a, d) => (a && a.lastSeen >= d.lastSeen ? a : d),
    null,
  );
  const personName = profileLabel({
    id: profile.id,
    identified: profile.identified,
    properties: { Name: profile.name, Identity: profile.identity, Email: profile.email, Phone: profile.phone },
    deviceGuid: lastDevice?.guid,
  });
  const target: EditTarget = { profileId: String(profile.id), expectedVersion: String(profile.version), seenChangeSetId: String(seen) };
  const consentKeys = new Set<string>(profile.consents.map((c) => c.key));

  return (
    <main className={styles.page} style={{ maxWidth: 1100 }}>
      <p>
        <a href="/profiles">← Profiles</a>
      </p>
      <header className={styles.header}>
        <div>
          <h1>
            {personName}
            <span className={`${styles.badge} ${profile.identified ? styles.identified : ""}`} data-testid="identified-badge">
              {profile.identified ? "Identified" : "Anonymous"}
            </span>
            {profile.customer && (
              <span className={`${styles.badge} ${styles.identified}`} data-testid="customer-badge">
                Customer
              </span>
            )}
          </h1>
          <p className="muted">
            Profile #{profile.id} · version {profile.version}
            {canEdit ? "" : " · read only"}
          </p>
          {profile.joinedTo !== null && profile.mergedByStaff && (
            <p data-testid="joined-to">
              Merged by staff into profile <Link href={`/profiles/${profile.joinedTo}`}>#{profile.joinedTo}</Link>, which holds its devices,
              identities and events now and shows its change log; an unmerge there gives it back.
            </p>
          )}
          {profile.joinedTo !== null && !profile.mergedByStaff && (
            <p data-testid="joined-to">
              Joined: its device signed in as profile <Link href={`/profiles/${profile.joinedTo}`}>#{profile.joinedTo}</Link>, whose history
              shows this profile&apos;s activity as before sign-in.
            </p>
          )}
        </div>
      </header>
      {scope && (
        <section aria-labelledby="dsr-heading" className={forms.panel} data-testid="data-subject-requests">
          <h2 id="dsr-heading">Data-subject requests</h2>
          <p className="muted">
            Export or erase everything held about this person
            {scope.joinedAnonymous.length > 0 ? `, with the ${scope.joinedAnonymous.length} anonymous profile(s) joined to them` : ""}.
          </p>
          <div className={styles.row}>
            <a href={`/profiles/${profile.id}/export`} download className={forms.secondary}>
              Export (JSON)
            </a>
            <EraseButton
              profileId={String(profile.id)}
              personName={personName}
              joinedAnonymous={scope.joinedAnonymous.length}
              action={eraseProfileAction}
            />
          </div>
        </section>
      )}
      <dl className={`${styles.facts} ${forms.panel}`}>
        <div>
          <dt>Identity</dt>
          <dd>{profile.identity ?? "—"}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{profile.email ?? "—"}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{profile.phone ?? "—"}</dd>
        </div>
        <div>
          <dt>Age</dt>
          <dd data-testid="age">{profile.age ?? "—"}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>{when(profile.firstSeen)}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>{when(profile.lastSeen)}</dd>
        </div>
        <div>
          <dt>Identities</dt>
          <dd>
            {profile.identities.length === 0
              ? "none"
              : profile.identities.map((i) => (
                  <div key={`${i.kind}:${i.value}`}>
                    {i.kind}: {i.value}{" "}
                    {canEdit && (
                      <StaffConfirmButton
                        label={`Unlink ${i.kind} ${i.value}`}
                        confirmLabel="Confirm unlink"
                        input={{ profileId: String(profile.id), kind: i.kind, value: i.value }}
                        action={unlinkIdentityAction}
                      />
                    )}
                  </div>
                ))}
          </dd>
        </div>
        <div>
          <dt>Devices ({profile.devices.length})</dt>
          <dd>
            {profile.devices.length === 0
              ? "none"
              : profile.devices.map((d) => (
                  <div key={d.guid}>
                    {`${d.guid.slice(0, 12)}… ${d.platform}${d.optedOut ? " (opted out)" : ""}`}{" "}
                    {d.pushTokens.length > 0 && <span data-testid="push-tokens">{`push: ${d.pushTokens.join(", ")}`} </span>}
                    {canEdit && (
                      <StaffConfirmButton
                        label={`Move device ${d.guid}`}
                        confirmLabel="Move device"
                        askProfile
                        input={{ profileId: String(profile.id), guid: d.guid }}
                        action={moveDeviceAction}
                      />
                    )}
                  </div>
                ))}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="consents-heading" className={forms.panel}>
        <h2 id="consents-heading">Consents</h2>
        <div className={styles.consents}>
          {profile.consents.map((consent) => (
            <div key={consent.key} className={styles.consent} data-testid={`consent-${consent.key}`}>
              <div className={styles.row}>
                <strong>{consent.key}</strong>
                <span
                  className={consent.value === true ? styles.on : consent.value === false ? styles.off : styles.unset}
                  data-testid="consent-state"
                >
                  {consent.value === true ? "on" : consent.value === false ? "off" : "not set"}
                </span>
              </div>
              <div>
                <ProvenanceText provenance={consent.provenance} />
              </div>
              <ConsentAddress channel={ledger?.find((entry) => entry.key === consent.key)} />
              {canEdit && (
                <ConsentForm
                  key={`${consent.key}-${profile.version}`}
                  target={target}
                  consentKey={consent.key}
                  current={consent.value}
                  action={editConsentAction}
                />
              )}
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="ledger-heading" className={forms.panel}>
        <h2 id="ledger-heading">Consent ledger</h2>
        <p className="muted">Every change of each consent, newest first: the profile's flag and its address (subscribe API).</p>
        {(ledger ?? []).map((channel) => (
          <details key={channel.key} data-testid={`ledger-${channel.key}`} open={channel.entries.length > 0}>
            <summary>
              {channel.key} ({channel.entries.length} {channel.entries.length === 1 ? "change" : "changes"})
            </summary>
            {channel.entries.length === 0 ? (
              <p className="muted">No change recorded.</p>
            ) : (
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Of</th>
                    <th scope="col">Change</th>
                    <th scope="col">Source</th>
                    <th scope="col">By</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Request</th>
                  </tr>
                </thead>
                <tbody>
                  {channel.entries.map((entry, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a ledger entry has no id of its own (one request may write several)
                    <tr key={`${entry.requestId}-${index}`} data-testid="ledger-entry">
                      <td>{when(entry.at)}</td>
                      <td>{entry.scope === "address" ? "address" : "profile flag"}</td>
                      <td>
                        {entry.from ?? "—"} → {entry.to}
                      </td>
                      <td>{entry.source}</td>
                      <td>{entry.actor ?? "—"}</td>
                      <td>{entry.reason ?? "—"}</td>
                      <td className={styles.prov}>{entry.requestId ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </details>
        ))}
      </section>

      <section aria-labelledby="properties-heading" className={forms.panel}>
        <h2 id="properties-heading">Properties</h2>
        {profile.properties.length === 0 ? (
          <p className="muted">This profile has no properties yet.</p>
        ) : (
          <table className={styles.table} data-testid="properties">
            <caption className={forms.srOnly}>Properties with their type and the last change</caption>
            <thead>
              <tr>
                <th scope="col">Property</th>
                <th scope="col">Value</th>
                <th scope="col">Last change</th>
                {canEdit && <th scope="col">Edit</th>}
              </tr>
            </thead>
            <tbody>
              {profile.properties
                .filter((p) => !consentKeys.has(p.key))
                .map((property) => (
                  <tr key={property.key} data-key={property.key}>
                    <th scope="row" className={styles.key}>
                      {property.key}
                      <div className={styles.type}>{property.type}</div>
                    </th>
                    <td className={styles.value} data-testid="property-value">
                      {formatValue(property.value, property.type, property.key)}
                    </td>
                    <td>
                      <ProvenanceText provenance={property.provenance} />
                    </td>
                    {canEdit && (
                      <td>
                        <PropertyActions
                          key={`${property.key}-${profile.version}`}
                          target={target}
                          property={{
                            key: property.key,
                            type: property.type,
                            value: toFormValue(property.type, property.value, property.key),
                          }}
                          editAction={editPropertyAction}
                          deleteAction={deletePropertyAction}
                          deletable={canDeleteProperty(property.key)}
                        />
                        {(property.type === "integer" || property.type === "float") && (
                          <IncrementForm profileId={String(profile.id)} propertyKey={property.key} action={incrementAction} />
                        )}
                      </td>
                    )}
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        {canEdit && (
          <details style={{ marginTop: "1rem" }}>
            <summary>Add a property</summary>
            <PropertyForm key={`add-${profile.version}`} target={target} action={editPropertyAction} />
          </details>
        )}
      </section>

      {canEdit && (
        <section aria-labelledby="identity-heading" className={forms.panel}>
          <h2 id="identity-heading">Identity</h2>
          <LinkIdentityForm profileId={String(profile.id)} previewAction={previewLinkAction} linkAction={linkIdentityAction} />
          {profile.identified && (
            <>
              <h3>Merge two profiles of the same person</h3>
              <MergeProfilesForm profileId={String(profile.id)} previewAction={previewMergeAction} mergeAction={mergeProfilesAction} />
            </>
          )}
        </section>
      )}

      <HistoryList
        profileId={profile.id}
        kinds={kinds}
        history={history}
        controls={canEdit ? { previewUnmerge: previewUnmergeAction, unmerge: unmergeAction, revert: revertAction } : undefined}
      />

      <section aria-labelledby="raw-heading" className={forms.panel}>
        <details>
          <summary>
            <h2 id="raw-heading" style={{ display: "inline" }}>
              Raw JSON
            </h2>
          </summary>
          <pre
            className={styles.raw}
            data-testid="raw-json"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so a keyboard must reach it (axe: scrollable-region-focusable)
            tabIndex={0}
          >
            {JSON.stringify(profile.raw, null, 2)}
          </pre>
        </details>
      </section>
    </main>
  );
}
