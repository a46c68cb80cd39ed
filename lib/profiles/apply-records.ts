// The profile engine's one write path. Every entry point (REST upload, Web SDK, dashboard) hands it records;
// each record is applied whole or rejected whole, and the accepted ones are written in one transaction:
//   1. check what needs no state (identity values, events)      — pure
//   2. row-lock the devices named, find the profiles of the identities and devices, and row-lock them (FOR UPDATE,
//      devices then profiles, each in a fixed order) — increments cannot be lost, a device cannot move meanwhile
//   3. apply the records in order in memory                       — pure rules: apply-profile-data, resolve-login
//   4. write profiles, identities, devices, changes, events and the merge journal with multi-row statements.
// Activity of a known device alone (events, page views, pings: most Web SDK calls) changes no property and takes a
// shorter path: one statement, no transaction (profile-store's recordDeviceActivity).
//      An identity or device created meanwhile by another request violates a unique index: the whole batch is
//      retried and then finds it (so concurrent logins of one identity end on exactly one profile).
import { enginePool, type Tx, withRetry, withTransaction } from "../db/pool";
import { type EventProperties, validateEvent } from "../events/validate-event";
import { applyProfileData } from "./apply-profile-data";
import { ErrorCode } from "./error-codes";
import { claimKey, identityClaims, identityMatchValue } from "./identity-claims";
import * as store from "./profile-store";
import type { DomainRecord, RecordOutcome, RecordTarget } from "./records";
import { resolveLogin } from "./resolve-login";
import { type ChangeContext, emptyState, type IdentityClaim, type ProfileState, RuleViolation } from "./types";

type Working = {
  key: string;
  id: number | null;
  version: number;
  identified: boolean;
  state: ProfileState;
  identities: IdentityClaim[];
  newIdentities: IdentityClaim[];
  changeSets: Omit<store.ChangeSetRow, "profileId">[];
  changed: boolean;
  firstSeen: Date;
  lastSeen: Date;
};

type Prepared =
  | { record: DomainRecord; context: ChangeContext; claims: IdentityClaim[]; event: { name: string; properties: EventProperties } | null }
  | { record: DomainRecord; error: RuleViolation };
type Accepted = Extract<Prepared, { claims: IdentityClaim[] }>;

/** The identities and devices a record's target names. */
function targetKeys(target: RecordTarget): string[] {
  switch (target.by) {
    case "identity":
      return [
        claimKey("Identity", identityMatchValue("Identity", target.value)),
        claimKey("Email", identityMatchValue("Email", target.value)),
      ];
    case "identityKind":
      return [claimKey(target.kind, identityMatchValue(target.kind, target.value))];
    case "device":
      return [claimKey("device", target.guid)];
    case "profile":
      return [];
  }
}

function prepare(record: DomainRecord, callContext: ChangeContext): Prepared {
  const context = record.context ?? callContext;
  try {
    if (record.kind === "event") return { record, context, claims: [], event: validateEvent(record.name, record.data) };
    return { record, context, claims: identityClaims(record.data), event: null };
  } catch (error) {
    if (error instanceof RuleViolation) return { record, error };
    throw error;
  }
}

class Batch {
  readonly profiles = new Map<string, Working>();
  readonly owners = new Map<string, string>(); // claimKey -> profile key
  readonly devices = new Map<string, { profileKey: string; dirty: boolean; isNew: boolean; seenAt: Date | null; optedOut?: boolean }>();
  readonly events: (Omit<store.EventRow, "profileId"> & { profileKey: string })[] = [];
  readonly merges: (Omit<store.MergeRow, "profileId" | "previousProfileId"> & { profileKey: string; previousKey: string | null })[] = [];
  private nextNew = 0;

  constructor(private readonly unlessOptedOut: boolean) {}

  newWorking(at: Date): Working {
    return {
      key: `new:${this.nextNew++}`,
      id: null,
      version: 0,
      identified: false,
      state: emptyState(),
      identities: [],
      newIdentities: [],
      changeSets: [],
      changed: false,
      firstSeen: at,
      lastSeen: at,
    };
  }

  ownerOf(claim: IdentityClaim): Working | undefined {
    const key = this.owners.get(claimKey(claim.kind, claim.value));
    return key === undefined ? undefined : this.profiles.get(key);
  }

  /** Decides which profile a record lands on and what else moves with it; changes nothing yet. */
  plan(prepared: Accepted) {
    const { record, claims } = prepared;
    const target = record.target;
    const at = record.at;
    let profile: Working;
    let extraData: Record<string, unknown> = {};
    let device: { guid: string; from: Working | null } | null = null;
    let attach = claims;

    if (target.by === "device") {
      const known = this.devices.get(target.guid);
      if (known?.optedOut && this.unlessOptedOut)
        throw new RuleViolation(ErrorCode.deviceOptedOut, `device ${target.guid} has opted out of tracking`);
      const current = known ? this.profiles.get(known.profileKey)! : this.newWorking(at);
      device = { guid: target.guid, from: known ? current : null };
      if (record.kind === "profile" && claims.length > 0) {
        const login = resolveLogin(current, claims, (claim) => this.ownerOf(claim));
        profile = login.profile ?? this.newWorking(at);
        attach = login.attach;
      } else {
        profile = current;
      }
    } else if (target.by === "profile") {
      const found = this.profiles.get(`id:${target.id}`);
      if (!found) throw new RuleViolation(ErrorCode.invalid, `profile ${target.id} does not exist`);
      if (target.expectedVersion !== undefined && found.version !== target.expectedVersion) {
        throw new RuleViolation(
          ErrorCode.invalid,
          `profile ${target.id} changed since it was read (version ${target.expectedVersion}, now ${found.version})`,
        );
      }
      profile = found;
    } else {
      const kind = target.by === "identity" ? "Identity" : target.kind;
      const lookups: IdentityClaim[] =
        target.by === "identity"
          ? [
              { kind: "Identity", value: identityMatchValue("Identity", target.value) },
              { kind: "Email", value: identityMatchValue("Email", target.value) },
            ]
          : [{ kind, value: identityMatchValue(kind, target.value) }];
      const owner = lookups.map((claim) => this.ownerOf(claim)).find(Boolean);
      if (owner) profile = owner;
      else {
        // "A new user profile will be created if this identity is not found."
        profile = this.newWorking(at);
        const targetClaims = identityClaims({ [kind]: target.value });
        if (record.kind === "event" || !Object.hasOwn(record.data, kind)) extraData = { [kind]: target.value };
        attach = [...targetClaims, ...claims.filter((c) => !targetClaims.some((t) => t.kind === c.kind && t.value === c.value))];
      }
    }

    // An identity owned by another profile can only be reached by logging in from a device, never pushed onto a profile.
    for (const claim of attach) {
      const owner = this.ownerOf(claim);
      if (owner && owner !== profile) {
        throw new RuleViolation(
          ErrorCode.invalid,
          `${claim.kind} '${claim.value}' already belongs to another profile (${owner.id ?? "new"})`,
          claim.kind,
        );
      }
    }
    return { profile, device, attach: attach.filter((claim) => !this.ownerOf(claim)), extraData };
  }

  apply(prepared: Accepted): Working {
    const { record, context } = prepared;
    const plan = this.plan(prepared);
    const { profile } = plan;
    const hasExtra = Object.keys(plan.extraData).length > 0;
    const data = record.kind === "event" ? plan.extraData : hasExtra ? { ...plan.extraData, ...record.data } : record.data;
    const result = applyProfileData(profile.state, data);

    // Accepted: commit to the batch.
    this.profiles.set(profile.key, profile);
    if (plan.device) {
      const previous = plan.device.from;
      const moved = previous !== profile;
      this.devices.set(plan.device.guid, {
        profileKey: profile.key,
        dirty: true,
        isNew: !this.devices.has(plan.device.guid) || this.devices.get(plan.device.guid)!.isNew,
        seenAt: record.at,
      });
      if (moved && (previous !== null || profile.id !== null)) {
        this.merges.push({
          context,
          profileKey: profile.key,
          previousKey: previous?.key ?? null,
          deviceGuid: plan.device.guid,
          action: "attach-device",
          identityKind: null,
          identityValue: null,
        });
      }
    }
    for (const claim of plan.attach) {
      this.owners.set(claimKey(claim.kind, claim.value), profile.key);
      profile.identities.push(claim);
      profile.newIdentities.push(claim);
      // Journal an identity joining an existing profile (an anonymous one becoming identified); a profile born with it is no merge.
      if (profile.id !== null) {
        this.merges.push({
          context,
          profileKey: profile.key,
          previousKey: null,
          deviceGuid: plan.device?.guid ?? null,
          action: "identify",
          identityKind: claim.kind,
          identityValue: claim.value,
        });
      }
    }
    if (plan.attach.length > 0) profile.identified = true;
    profile.state = result.state;
    if (result.changes.length > 0) {
      profile.changeSets.push({ at: record.at, changes: result.changes, context });
      profile.changed = true;
    }
    if (record.at > profile.lastSeen) profile.lastSeen = record.at;
    if (record.at < profile.firstSeen && profile.id === null) profile.firstSeen = record.at;
    if (prepared.event) {
      this.events.push({
        context,
        profileKey: profile.key,
        deviceGuid: plan.device?.guid ?? null,
        name: prepared.event.name,
        properties: prepared.event.properties,
        at: record.at,
      });
    }
    return profile;
  }
}

async function loadBatch(tx: Tx, accountId: string, prepared: Prepared[], unlessOptedOut: boolean): Promise<Batch> {
  const ok = prepared.filter((p): p is Accepted => !("error" in p));
  const pairs = new Map<string, { kind: string; value: string }>();
  const guids = new Set<string>();
  const profileIds = new Set<number>();
  for (const { record, claims } of ok) {
    const keys = [...targetKeys(record.target), ...claims.map((claim) => claimKey(claim.kind, claim.value))];
    for (const key of keys) {
      const cut = key.indexOf("\u001f");
      const kind = key.slice(0, cut);
      if (kind === "device") guids.add(key.slice(cut + 1));
      else pairs.set(key, { kind, value: key.slice(cut + 1) });
    }
    if (record.target.by === "profile") profileIds.add(record.target.id);
  }
  // Devices first, then profiles: every transaction locks in this order (no deadlock), and a locked device cannot be
  // moved by another request before this one commits.
  const {
    devices,
    owners,
    profiles: loaded,
  } = await store.loadForUpdate(tx, accountId, { guids: [...guids], identities: [...pairs.values()], profileIds: [...profileIds] });
  if ([...owners, ...devices].some((row) => !loaded.has(row.profile_id)))
    throw store.conflict("a profile was deleted or created meanwhile");

  const batch = new Batch(unlessOptedOut);
  for (const profile of loaded.values()) {
    batch.profiles.set(`id:${profile.id}`, {
      key: `id:${profile.id}`,
      id: profile.id,
      version: profile.version,
      identified: profile.identified,
      state: profile.state,
      identities: profile.identities as IdentityClaim[],
      newIdentities: [],
      changeSets: [],
      changed: false,
      firstSeen: new Date(0),
      lastSeen: new Date(0),
    });
  }
  for (const row of owners) batch.owners.set(claimKey(row.kind, row.value), `id:${row.profile_id}`);
  for (const row of devices)
    batch.devices.set(row.guid, { profileKey: `id:${row.profile_id}`, dirty: false, isNew: false, seenAt: null, optedOut: row.opted_out });
  return batch;
}

async function writeBatch(tx: Tx, accountId: string, batch: Batch): Promise<void> {
  const created = [...batch.profiles.values()].filter((p) => p.id === null);
  const ids = await store.allocateProfileIds(tx, created.length);
  created.forEach((profile, index) => (profile.id = ids[index]));
  const idOf = (key: string | null) => (key === null ? null : batch.profiles.get(key)!.id!);
  const all = [...batch.profiles.values()];
  const createdSet = new Set(created);
  const touched = all.filter((p) => !createdSet.has(p) && (p.changed || p.newIdentities.length > 0 || p.lastSeen.getTime() > 0));

  const dirtyDevices = [...batch.devices.entries()]
    .filter(([, d]) => d.dirty)
    .map(([guid, d]) => ({ guid, isNew: d.isNew, profileId: idOf(d.profileKey)!, seenAt: d.seenAt ?? new Date() }));
  await store.writeBatch(tx, accountId, {
    newProfiles: created.map((p) => ({
      id: p.id!,
      identified: p.identified,
      state: p.state,
      firstSeen: p.firstSeen,
      lastSeen: p.lastSeen,
    })),
    updatedProfiles: touched.map((p) => ({
      id: p.id!,
      identified: p.identified,
      state: p.state,
      changed: p.changed || p.newIdentities.length > 0,
      firstSeen: p.firstSeen,
      lastSeen: p.lastSeen,
    })),
    identities: all.flatMap((p) => p.newIdentities.map((claim) => ({ profileId: p.id!, ...claim }))),
    newDevices: dirtyDevices.filter((d) => d.isNew),
    updatedDevices: dirtyDevices.filter((d) => !d.isNew),
    changeSets: all.flatMap((p) => p.changeSets.map((set) => ({ ...set, profileId: p.id! }))),
    events: batch.events.map((e) => ({ ...e, profileId: idOf(e.profileKey)! })),
    merges: batch.merges.map((m) => ({ ...m, profileId: idOf(m.profileKey)!, previousProfileId: idOf(m.previousKey) })),
  });
}

const FOREIGN_KEY_VIOLATION = "23503";

/** Is this record only activity of a device (an event, or a profile record without data, i.e. a ping)? */
const isActivity = (p: Accepted) =>
  p.record.target.by === "device" && p.claims.length === 0 && (p.record.kind === "event" || Object.keys(p.record.data).length === 0);

/** The records of devices whose records in this call are all activity, by device (their order kept). */
function activityByDevice(prepared: Prepared[]): Map<string, number[]> {
  const byDevice = new Map<string, number[]>();
  const other = new Set<string>();
  prepared.forEach((p, index) => {
    if ("error" in p || p.record.target.by !== "device") return;
    const guid = p.record.target.guid;
    if (!isActivity(p)) other.add(guid);
    else if (byDevice.has(guid)) byDevice.get(guid)!.push(index);
    else byDevice.set(guid, [index]);
  });
  for (const guid of other) byDevice.delete(guid);
  return byDevice;
}

/** The short path: activity of known devices in one statement. Returns the outcomes of the records it recorded. */
async function recordActivity(accountId: string, prepared: Prepared[], unlessOptedOut: boolean): Promise<Map<number, RecordOutcome>> {
  const outcomes = new Map<number, RecordOutcome>();
  const byDevice = activityByDevice(prepared);
  if (byDevice.size === 0) return outcomes;
  const devices: { guid: string; seenAt: Date }[] = [];
  const events: Omit<store.EventRow, "profileId">[] = [];
  for (const [guid, indexes] of byDevice) {
    let seenAt = new Date(0);
    for (const index of indexes) {
      const { record, event, context } = prepared[index] as Accepted;
      if (record.at > seenAt) seenAt = record.at;
      if (event) events.push({ deviceGuid: guid, name: event.name, properties: event.properties, at: record.at, context });
    }
    devices.push({ guid, seenAt });
  }
  const recorded = await withRetry(() => store.recordDeviceActivity(enginePool(), accountId, { devices, events, unlessOptedOut })).catch(
    (error: unknown) => {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return new Map<string, number>(); // a profile was just deleted: general path
      throw error;
    },
  );
  for (const [guid, profileId] of recorded)
    for (const index of byDevice.get(guid)!) outcomes.set(index, { ok: true, profileId, deviceGuid: guid });
  return outcomes;
}

/** The general path: one transaction that locks, applies the rules and writes (see the top of this file). */
function applyInTransaction(accountId: string, prepared: Prepared[], unlessOptedOut: boolean): Promise<RecordOutcome[]> {
  return withTransaction(async (tx) => {
    const batch = await loadBatch(tx, accountId, prepared, unlessOptedOut);
    const applied: (Working | RuleViolation)[] = prepared.map((p) => {
      if ("error" in p) return p.error;
      try {
        return batch.apply(p);
      } catch (error) {
        if (error instanceof RuleViolation) return error;
        throw error;
      }
    });
    await writeBatch(tx, accountId, batch);
    return applied.map((result, index): RecordOutcome => {
      if (result instanceof RuleViolation) return { ok: false, error: result };
      const target = prepared[index].record.target;
      return { ok: true, profileId: result.id!, deviceGuid: target.by === "device" ? target.guid : null };
    });
  });
}

/**
 * Applies records in order; returns one outcome per record. Rejected records change nothing.
 * Each record is written with its own `context` when it has one (a batch may gather several requests), else `context`.
 * `unlessOptedOut`: records addressed to a device that opted out of tracking are refused (ErrorCode.deviceOptedOut).
 */
export async function applyRecords(options: {
  accountId: string;
  records: DomainRecord[];
  context: ChangeContext;
  unlessOptedOut?: boolean;
}): Promise<RecordOutcome[]> {
  const { accountId, records, context } = options;
  const unlessOptedOut = options.unlessOptedOut ?? false;
  const prepared = records.map((record) => prepare(record, context));
  const outcomes: (RecordOutcome | undefined)[] = prepared.map((p) => ("error" in p ? { ok: false, error: p.error } : undefined));

  const recorded = await recordActivity(accountId, prepared, unlessOptedOut);
  for (const [index, outcome] of recorded) outcomes[index] = outcome;
  const rest = prepared.flatMap((p, index) => (outcomes[index] === undefined ? [index] : []));
  if (rest.length > 0) {
    const applied = await applyInTransaction(
      accountId,
      rest.map((index) => prepared[index]),
      unlessOptedOut,
    ).catch((error: unknown) => {
      // The activity is already written: say which records are, so a caller that retries does not write them twice.
      throw recorded.size > 0 ? new PartlyApplied(outcomes, error) : error;
    });
    rest.forEach((index, n) => (outcomes[index] = applied[n]));
  }
  return outcomes as RecordOutcome[];
}

/** applyRecords failed after writing some records (the activity path commits on its own): `outcomes` holds theirs,
 * undefined for the records that were not written. */
export class PartlyApplied extends Error {
  constructor(
    readonly outcomes: (RecordOutcome | undefined)[],
    readonly error: unknown,
  ) {
    super(`some records were written before: ${error instanceof Error ? error.message : String(error)}`);
    this.name = "PartlyApplied";
  }
}
