// The profile page's read model: header facts, each property with its type and provenance (the last change that
// touched it), the consent keys and the raw stored row. One account's profile by id; null when there is none.

import { dashboardPool } from "../db/pool";
import { ageFromDob } from "../profiles/age";
import { CONSENT_KEYS } from "../profiles/system-properties";
import type { PropertyType, StoredValue } from "../profiles/types";
import { maskedToken, profileDevices } from "../push-tokens/profile-devices";
import { CHARGED_EVENT } from "./query-schema";

export type Provenance = { operation: string; source: string; actor: string | null; reason: string | null; at: Date };
export type PropertyRow = { key: string; type: PropertyType; value: StoredValue; provenance: Provenance | null };
export type ConsentState = { key: (typeof CONSENT_KEYS)[number]; value: boolean | null; provenance: Provenance | null };

export type ProfilePage = {
  id: number;
  accountId: string;
  version: number;
  identified: boolean;
  /** The profile this anonymous one's device joined when its user signed in (it belongs to that person now). */
  joinedTo: number | null;
  /** It was joined by a staff merge of two identified profiles (not by its device signing in). */
  mergedByStaff: boolean;
  /** has a Charged event: profile type Customer */
  customer: boolean;
  name: string | null;
  identity: string | null;
  email: string | null;
  phone: string | null;
  age: number | null;
  firstSeen: Date;
  lastSeen: Date;
  identities: { kind: string; value: string }[];
  devices: { guid: string; platform: string; optedOut: boolean; firstSeen: Date; lastSeen: Date; pushTokens: string[] }[];
  properties: PropertyRow[];
  consents: ConsentState[];
  raw: Record<string, unknown>;
};

type ProfileDbRow = {
  id: string;
  account_id: string;
  identified: boolean;
  joined_to_profile_id: string | null;
  merged_by_staff: boolean;
  version: number;
  properties: Record<string, StoredValue>;
  property_types: Record<string, PropertyType>;
  first_seen: Date;
  last_seen: Date;
  created_at: Date;
};
type ProvenanceDbRow = { key: string; operation: string; source: string; actor: string | null; reason: string | null; created_at: Date };

const text = (value: StoredValue | undefined) => (typeof value === "string" || typeof value === "number" ? String(value) : null);

export async function getProfilePage(profileId: number): Promise<ProfilePage | null> {
  if (!Number.isSafeInteger(profileId) || profileId <= 0) return null;
  const db = dashboardPool();
  const profile = await db.query<ProfileDbRow>(
    `SELECT id::text, account_id, identified, joined_to_profile_id::text, version, properties, property_types,
            first_seen, last_seen, created_at,
            EXISTS (SELECT 1 FROM profile_merge m WHERE m.previous_profile_id = p.id AND m.profile_id = p.joined_to_profile_id
                      AND m.action = 'merge' AND m.undone_at IS NULL) AS merged_by_staff
       FROM profile p WHERE id = $1`,
    [profileId],
  );
  const row = profile.rows[0];
  if (!row) return null;
  const [identities, devices, provenance, customer] = await Promise.all([
    db.query<{ kind: string; value: string }>(
      "SELECT kind, value FROM profile_identity WHERE profile_id = $1 ORDER BY created_at, kind, value",
      [profileId],
    ),
    profileDevices(db, profileId),
    db.query<ProvenanceDbRow>(
      `SELECT DISTINCT ON (key) key, operation, source, actor, reason, created_at
         FROM profile_change WHERE profile_id = $1 ORDER BY key, id DESC`,
      [profileId],
    ),
    db.query<{ customer: boolean }>("SELECT EXISTS (SELECT 1 FROM event WHERE profile_id = $1 AND name = $2) AS customer", [
      profileId,
      CHARGED_EVENT,
    ]),
  ]);
  const byKey = new Map<string, Provenance>(
    provenance.rows.map((p) => [p.key, { operation: p.operation, source: p.source, actor: p.actor, reason: p.reason, at: p.created_at }]),
  );
  const props = row.properties ?? {};
  const types = row.property_types ?? {};
  const properties = Object.keys(props)
    .sort((a, b) => a.localeCompare(b))
    .map((key) => ({ key, type: types[key] ?? "string", value: props[key], provenance: byKey.get(key) ?? null }));
  const dob = types.DOB === "date" && typeof props.DOB === "number" ? props.DOB : null;
  return {
    id: Number(row.id),
    accountId: row.account_id,
    version: row.version,
    identified: row.identified,
    joinedTo: row.joined_to_profile_id === null ? null : Number(row.joined_to_profile_id),
    mergedByStaff: row.merged_by_staff,
    customer: customer.rows[0].customer,
    name: text(props.Name),
    identity: text(props.Identity) ?? identities.rows.find((i) => i.kind === "Identity")?.value ?? null,
    email: text(props.Email) ?? identities.rows.find((i) => i.kind === "Email")?.value ?? null,
    phone: text(props.Phone),
    age: dob === null ? null : ageFromDob(dob),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    identities: identities.rows,
    devices: devices.map((d) => ({
      guid: d.guid,
      platform: d.platform,
      optedOut: d.opted_out,
      firstSeen: d.first_seen,
      lastSeen: d.last_seen,
      pushTokens: d.push_tokens.map(maskedToken),
    })),
    properties,
    consents: CONSENT_KEYS.map((key) => ({
      key,
      value: typeof props[key] === "boolean" ? (props[key] as boolean) : null,
      provenance: byKey.get(key) ?? null,
    })),
    raw: {
      id: Number(row.id),
      identified: row.identified,
      version: row.version,
      first_seen: row.first_seen,
      last_seen: row.last_seen,
      created_at: row.created_at,
      identities: identities.rows,
      devices: devices.map(({ push_tokens, ...device }) => ({ ...device, push_tokens: push_tokens.map(maskedToken) })),
      properties: props,
      property_types: types,
    },
  };
}
