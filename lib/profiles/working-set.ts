// The working set of one transaction of the engine: the profiles, identities and devices its records name, loaded
// row-locked in one statement, changed in memory record by record, and written back in one statement (profile-store).
// It holds no rule: apply-records.ts decides what each record does and commits the decision here.
import type { Tx } from "../db/pool";
import type { EventProperties } from "../events/validate-event";
import { claimKey } from "./identity-claims";
import * as store from "./profile-store";
import { type ChangeContext, emptyState, type IdentityClaim, type ProfileState, type PropertyChange } from "./types";

export type Working = {
  key: string;
  id: number | null;
  version: number;
  identified: boolean;
  state: ProfileState;
  identities: IdentityClaim[];
  newIdentities: IdentityClaim[];
  /** Identities given up (a staff unlink). */
  removedIdentities: IdentityClaim[];
  changeSets: Omit<store.ChangeSetRow, "profileId">[];
  changed: boolean;
  /** An anonymous profile whose device joined this one (the key of the profile it went to). */
  joinedTo: string | null;
  /** A joined profile whose device came back (a staff unmerge): no longer joined. */
  unjoined: boolean;
  /** Made by this working set (no row yet). */
  created: boolean;
  firstSeen: Date;
  lastSeen: Date;
};

type DeviceEntry = { profileKey: string; dirty: boolean; isNew: boolean; seenAt: Date | null; optedOut?: boolean };

/** What one accepted record does, as decided by apply-records. */
export type Decision = {
  profile: Working;
  /** The device the record came from and the profile it pointed at before (null: a new device). */
  device: { guid: string; from: Working | null } | null;
  /** Other devices that move with it to the profile (a staff link), and how a move is journalled. */
  alsoMoved?: { guid: string; from: Working }[];
  journalAs?: "attach-device" | "unmerge" | "move-device" | "merge";
  attach: IdentityClaim[];
  changes: PropertyChange[];
  state: ProfileState;
  event: { name: string; properties: EventProperties } | null;
  at: Date;
  context: ChangeContext;
};

export class WorkingSet {
  readonly profiles = new Map<string, Working>();
  readonly owners = new Map<string, string>(); // claimKey -> profile key
  readonly devices = new Map<string, DeviceEntry>();
  readonly events: (Omit<store.EventRow, "profileId"> & { profileKey: string })[] = [];
  readonly merges: (Omit<store.MergeRow, "profileId" | "previousProfileId"> & { profileKey: string; previousKey: string | null })[] = [];
  readonly undoMerges: number[] = [];
  /** Staff merges (events move to the survivor under the merge's journal row) and unmerges (those events move back). */
  readonly profileMerges: { survivor: Working; other: Working; context: ChangeContext }[] = [];
  readonly profileUnmerges: { survivor: Working; other: Working; mergeId: number }[] = [];
  private nextNew = 0;

  newWorking(at: Date): Working {
    return {
      key: `new:${this.nextNew++}`,
      id: null,
      version: 0,
      identified: false,
      state: emptyState(),
      identities: [],
      newIdentities: [],
      removedIdentities: [],
      changeSets: [],
      changed: false,
      joinedTo: null,
      unjoined: false,
      created: true,
      firstSeen: at,
      lastSeen: at,
    };
  }

  ownerOf = (claim: IdentityClaim): Working | undefined => {
    const key = this.owners.get(claimKey(claim.kind, claim.value));
    return key === undefined ? undefined : this.profiles.get(key);
  };

  /** The profile a known device points at in this working set (undefined: a device not seen yet). */
  profileOfDevice(guid: string): { profile: Working; optedOut: boolean } | undefined {
    const device = this.devices.get(guid);
    return device && { profile: this.profiles.get(device.profileKey)!, optedOut: device.optedOut === true };
  }

  profileById(id: number): Working | undefined {
    return this.profiles.get(`id:${id}`);
  }

  /** The devices in this working set that point at a profile. */
  devicesOf(profile: Working): string[] {
    return [...this.devices.entries()].filter(([, d]) => d.profileKey === profile.key).map(([guid]) => guid);
  }

  moveDevice(guid: string, from: Working | null, profile: Working, at: Date, context: ChangeContext, action: store.MergeRow["action"]) {
    const known = this.devices.get(guid);
    this.devices.set(guid, { profileKey: profile.key, dirty: true, isNew: !known || known.isNew, seenAt: at, optedOut: known?.optedOut });
    if (from === profile || (from === null && profile.id === null)) return;
    this.merges.push({
      context,
      profileKey: profile.key,
      previousKey: from?.key ?? null,
      previousIdentified: from === null ? null : from.identified,
      deviceGuid: guid,
      action,
      identityKind: null,
      identityValue: null,
    });
    // The anonymous profile left behind by a device that joined a known user (a created profile is nobody's); a
    // joined profile its device comes back to is no longer joined.
    if (from && !from.identified && from.id !== null && profile.id !== null && action === "attach-device") from.joinedTo = profile.key;
    if (profile.id !== null && action !== "attach-device" && action !== "merge") {
      profile.joinedTo = null;
      profile.unjoined = true;
    }
  }

  /** A staff unlink: the profile gives up an identity it holds; anonymous again when it was its last. */
  unlink(profile: Working, claim: IdentityClaim, context: ChangeContext): void {
    profile.identities = profile.identities.filter((i) => !(i.kind === claim.kind && i.value === claim.value));
    profile.removedIdentities.push(claim);
    profile.identified = profile.identities.length > 0;
    this.owners.delete(claimKey(claim.kind, claim.value));
    this.merges.push({
      context,
      profileKey: profile.key,
      previousKey: null,
      previousIdentified: null,
      deviceGuid: null,
      action: "unlink",
      identityKind: claim.kind,
      identityValue: claim.value,
    });
  }

  /** A staff merge or unmerge moves an identity from one profile to another (journalled on the receiving profile). */
  moveIdentity(claim: IdentityClaim, from: Working, to: Working, context: ChangeContext, action: "merge" | "unmerge"): void {
    from.identities = from.identities.filter((i) => !(i.kind === claim.kind && i.value === claim.value));
    from.removedIdentities.push(claim);
    from.identified = from.identities.length > 0;
    to.identities.push(claim);
    to.newIdentities.push(claim);
    to.identified = true;
    this.owners.set(claimKey(claim.kind, claim.value), to.key);
    this.profiles.set(to.key, to);
    this.profiles.set(from.key, from);
    this.merges.push({
      context,
      profileKey: to.key,
      previousKey: from.key,
      previousIdentified: null,
      deviceGuid: null,
      action,
      identityKind: claim.kind,
      identityValue: claim.value,
    });
  }

  /** Applies a decision: the profile's new state and identities, the device pointer, the journal and the event. */
  commit(decision: Decision): void {
    const { profile, context, at } = decision;
    this.profiles.set(profile.key, profile);
    const action = decision.journalAs ?? "attach-device";
    if (decision.device) this.moveDevice(decision.device.guid, decision.device.from, profile, at, context, action);
    for (const other of decision.alsoMoved ?? []) this.moveDevice(other.guid, other.from, profile, at, context, action);
    for (const claim of decision.attach) {
      this.owners.set(claimKey(claim.kind, claim.value), profile.key);
      profile.identities.push(claim);
      profile.newIdentities.push(claim);
      // Journal an identity joining an existing profile (an anonymous one becoming identified); a profile born with it is no merge.
      if (profile.id !== null) {
        this.merges.push({
          context,
          profileKey: profile.key,
          previousKey: null,
          previousIdentified: null,
          deviceGuid: decision.device?.guid ?? null,
          action: "identify",
          identityKind: claim.kind,
          identityValue: claim.value,
        });
      }
    }
    if (decision.attach.length > 0) profile.identified = true;
    profile.state = decision.state;
    if (decision.changes.length > 0) {
      profile.changeSets.push({ at, changes: decision.changes, context });
      profile.changed = true;
    }
    if (at > profile.lastSeen) profile.lastSeen = at;
    if (at < profile.firstSeen && profile.id === null) profile.firstSeen = at;
    if (decision.event) {
      this.events.push({
        context,
        profileKey: profile.key,
        deviceGuid: decision.device?.guid ?? null,
        name: decision.event.name,
        properties: decision.event.properties,
        at,
      });
    }
  }
}

/**
 * Loads what a batch names — devices (row-locked first), the owners of identities, and the profiles of both plus
 * `profileIds` (row-locked) — into a working set. A row committed meanwhile that this statement could not see is a
 * conflict: the caller's transaction is retried.
 */
export async function loadWorkingSet(
  tx: Tx,
  accountId: string,
  want: { guids: Set<string>; identities: Map<string, IdentityClaim>; profileIds: Set<number>; devicesOf: Set<number> },
): Promise<WorkingSet> {
  const {
    devices,
    owners,
    profiles: loaded,
  } = await store.loadForUpdate(tx, accountId, {
    guids: [...want.guids, ...(await store.devicesOfProfiles(tx, accountId, [...want.devicesOf]))],
    identities: [...want.identities.values()],
    profileIds: [...want.profileIds],
  });
  if ([...owners, ...devices].some((row) => !loaded.has(row.profile_id)))
    throw store.conflict("a profile was deleted or created meanwhile");

  const set = new WorkingSet();
  for (const profile of loaded.values()) {
    set.profiles.set(`id:${profile.id}`, {
      key: `id:${profile.id}`,
      id: profile.id,
      version: profile.version,
      identified: profile.identified,
      state: profile.state,
      identities: profile.identities as IdentityClaim[],
      newIdentities: [],
      removedIdentities: [],
      changeSets: [],
      changed: false,
      joinedTo: null,
      unjoined: false,
      created: false,
      firstSeen: new Date(0),
      lastSeen: new Date(0),
    });
  }
  for (const row of owners) set.owners.set(claimKey(row.kind, row.value), `id:${row.profile_id}`);
  for (const row of devices)
    set.devices.set(row.guid, { profileKey: `id:${row.profile_id}`, dirty: false, isNew: false, seenAt: null, optedOut: row.opted_out });
  return set;
}

/** Writes the working set in one statement; new profiles get their ids here. */
export async function writeWorkingSet(tx: Tx, accountId: string, set: WorkingSet): Promise<void> {
  const created = [...set.profiles.values()].filter((p) => p.id === null);
  const ids = await store.allocateProfileIds(tx, created.length);
  for (const [index, profile] of created.entries()) profile.id = ids[index];
  const idOf = (key: string | null) => (key === null ? null : set.profiles.get(key)!.id!);
  const all = [...set.profiles.values()];
  const createdSet = new Set(created);
  const touched = all.filter(
    (p) =>
      !createdSet.has(p) &&
      (p.changed ||
        p.newIdentities.length > 0 ||
        p.removedIdentities.length > 0 ||
        p.lastSeen.getTime() > 0 ||
        p.joinedTo !== null ||
        p.unjoined),
  );

  // Released first: a merge or unmerge re-inserts the same identities on another profile in the batch below.
  await store.removeIdentities(
    tx,
    accountId,
    all.flatMap((p) => p.removedIdentities.map((claim) => ({ profileId: p.id!, ...claim }))),
  );
  const dirtyDevices = [...set.devices.entries()]
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
      changed: p.changed || p.newIdentities.length > 0 || p.removedIdentities.length > 0,
      joinedTo: idOf(p.joinedTo) ?? (p.unjoined ? 0 : null),
      firstSeen: p.firstSeen,
      lastSeen: p.lastSeen,
    })),
    identities: all.flatMap((p) => p.newIdentities.map((claim) => ({ profileId: p.id!, ...claim }))),
    newDevices: dirtyDevices.filter((d) => d.isNew),
    updatedDevices: dirtyDevices.filter((d) => !d.isNew),
    changeSets: all.flatMap((p) => p.changeSets.map((set) => ({ ...set, profileId: p.id! }))),
    events: set.events.map((e) => ({ ...e, profileId: idOf(e.profileKey)! })),
    merges: set.merges.map((m) => ({ ...m, profileId: idOf(m.profileKey)!, previousProfileId: idOf(m.previousKey) })),
  });
  await store.markMergesUndone(tx, accountId, set.undoMerges);
  for (const merge of set.profileMerges)
    await store.mergeEvents(tx, accountId, { survivorId: merge.survivor.id!, otherId: merge.other.id!, context: merge.context });
  for (const unmerge of set.profileUnmerges)
    await store.unmergeEvents(tx, accountId, { survivorId: unmerge.survivor.id!, otherId: unmerge.other.id!, mergeId: unmerge.mergeId });
}

/** The version a profile has once written (a change or a new identity bumps it; a new profile starts at 1). */
export const versionAfterWrite = (p: Working): number =>
  p.created ? 1 : p.version + (p.changed || p.newIdentities.length > 0 || p.removedIdentities.length > 0 ? 1 : 0);
