// The profile engine's one write path. Every entry point (REST upload, Web SDK, dashboard) hands it records; each
// record is applied whole or rejected whole (an identity key it may not have is refused on its own, see
// resolve-target.ts), and everything an accepted request writes is written in one transaction, exactly once:
//   1. check what needs no state (events, identity values)                     — prepare-record.ts, pure
//   2. activity of known devices (events, page views, pings): one statement   — device-activity.ts
//   3. row-lock and load the devices, identities and profiles the rest names  — working-set.ts
//   4. decide each record's profile and apply its data in memory, in order    — resolve-login / resolve-target /
//                                                                                apply-profile-data, pure
//   5. write profiles, identities, devices, changes, events and journal in one statement — working-set.ts
// A request that is only activity of known devices is step 2 alone (one statement, no transaction). An identity or
// device created meanwhile by another request violates a unique index: the whole transaction is retried and then
// finds it (so concurrent logins of one identity end on exactly one profile).

import { applyConsentMerge } from "../consents/apply-consent-merge";
import { enginePool, type Tx, withRetry, withTransaction } from "../db/pool";
import { env } from "../env";
import { locationData } from "../location/location-fix";
import { pinnedLocationKeys } from "../location/pinned-location-keys";
import { errorFields, logger } from "../observability/logger";
import { applyProfileMerge, applyProfileUnmerge } from "./apply-merge";
import { applyProfileData } from "./apply-profile-data";
import { assertStaffAudited, auditStaffWrites } from "./audit-staff-writes";
import { activityByDevice, type Relocation, recordActivity } from "./device-activity";
import { ErrorCode } from "./error-codes";
import { claimKey, identityClaims, identityMatchValue } from "./identity-claims";
import { type Accepted, prepareRecord } from "./prepare-record";
import * as store from "./profile-store";
import type { DomainRecord, RecordOutcome } from "./records";
import { answerRepeats, claimRequestKeys, repeatsWithinBatch } from "./request-keys";
import { resolveLogin } from "./resolve-login";
import { assertAddressable, chooseForPush, splitClaims } from "./resolve-target";
import { restoreChanges } from "./restore-changes";
import { type ChangeContext, type IdentityClaim, RuleViolation } from "./types";
import { loadWorkingSet, versionAfterWrite, type Working, type WorkingSet, writeWorkingSet } from "./working-set";

const FOREIGN_KEY_VIOLATION = "23503";
const isForeignKeyViolation = (error: unknown) => (error as { code?: string }).code === FOREIGN_KEY_VIOLATION;

/** The identities a record's address names (a REST `identity` matches an Identity or an Email). */
function addressClaims(record: DomainRecord): IdentityClaim[] {
  const target = record.target;
  if (target.by === "identity")
    return [
      { kind: "Identity", value: identityMatchValue("Identity", target.value) },
      { kind: "Email", value: identityMatchValue("Email", target.value) },
    ];
  if (target.by === "identityKind") return [{ kind: target.kind, value: identityMatchValue(target.kind, target.value) }];
  return [];
}

/** Decides where one record lands and applies its data in memory; commits it to the working set. Throws a
 * RuleViolation (the record is rejected, nothing of it kept) or returns the profile and the refused keys. */
function applyRecord(set: WorkingSet, prepared: Accepted, unlessOptedOut: boolean, junk: ReadonlySet<string>, pins: Pins) {
  const { record, claims } = prepared;
  const target = record.target;
  const at = record.at;
  let profile: Working;
  let device: { guid: string; from: Working | null } | null = null;
  let alsoMoved: { guid: string; from: Working }[] = [];
  let journalAs: "attach-device" | "unmerge" | "move-device" = "attach-device";
  let joining = false;
  let candidates = claims;
  let extraData: Record<string, unknown> = {};

  if (target.by === "device") {
    const known = set.profileOfDevice(target.guid);
    // A relocation never creates a device: one erased meanwhile stays gone.
    if (prepared.locationOnly && !known) throw new RuleViolation(ErrorCode.invalid, `device ${target.guid} does not exist`);
    if (known?.optedOut && unlessOptedOut)
      throw new RuleViolation(ErrorCode.deviceOptedOut, `device ${target.guid} has opted out of tracking`);
    const current = known?.profile ?? set.newWorking(at);
    device = { guid: target.guid, from: known ? current : null };
    if (target.moveTo !== undefined) {
      const destination = set.profileById(target.moveTo);
      if (!destination || !known)
        throw new RuleViolation(ErrorCode.invalid, `device ${target.guid} or profile ${target.moveTo} does not exist`);
      profile = destination;
      journalAs = target.as ?? "move-device";
    } else if (record.kind !== "profile" || claims.length === 0) profile = current;
    else if (target.login) profile = resolveLogin(current, claims, set.ownerOf).profile ?? set.newWorking(at);
    else profile = chooseForPush(current, claims, set.ownerOf);
  } else if (target.by === "profile") {
    const found = set.profileById(target.id);
    if (!found) throw new RuleViolation(ErrorCode.invalid, `profile ${target.id} does not exist`);
    if (target.expectedVersion !== undefined && found.version !== target.expectedVersion)
      throw new RuleViolation(
        ErrorCode.versionConflict,
        `profile ${target.id} changed since it was read (version ${target.expectedVersion}, now ${found.version})`,
      );
    if (record.kind === "profile" && (record.mergeFrom !== undefined || record.unmergeFrom !== undefined)) {
      if (record.mergeFrom !== undefined) applyProfileMerge(set, found, record.mergeFrom, at, prepared.context);
      else applyProfileUnmerge(set, found, record.unmergeFrom!, at, prepared.context);
      set.undoMerges.push(...(record.undoMerges ?? []));
      return { profile: found, refused: prepared.refused };
    }
    // A staff link follows the push rule from every device of the profile: an anonymous one joins the identity's owner.
    profile = target.link ? chooseForPush(found, claims, set.ownerOf) : found;
    joining = profile !== found;
    if (joining) alsoMoved = set.devicesOf(found).map((guid) => ({ guid, from: found }));
  } else {
    const kind = target.by === "identity" ? "Identity" : target.kind;
    assertAddressable(kind, target.value, junk);
    const owner = addressClaims(record)
      .map(set.ownerOf)
      .find((p) => p !== undefined);
    if (owner) profile = owner;
    else {
      // "A new user profile will be created if this identity is not found."
      profile = set.newWorking(at);
      const own = identityClaims({ [kind]: target.value });
      if (record.kind === "event" || !Object.hasOwn(record.data, kind)) extraData = { [kind]: target.value };
      candidates = [...own, ...claims.filter((c) => !own.some((t) => t.kind === c.kind && t.value === c.value))];
    }
  }

  const { attach, refused } = splitClaims(profile, candidates, set.ownerOf);
  const allRefused = [...prepared.refused, ...refused];
  // A staff link that joins another profile brings this one's devices, not data: nothing is written to the owner.
  let data: Record<string, unknown> = record.kind === "event" || joining ? extraData : { ...extraData, ...record.data };
  if (allRefused.length > 0) {
    data = { ...data };
    for (const violation of allRefused) if (violation.key) delete data[violation.key];
  }
  // Where the record came from: the location keys that differ and are not pinned by staff; the record's own keys win.
  if (record.location && !joining) data = { ...locationData(profile.state, record.location, pins.get(profile.key)), ...data };
  // A relocation that changes nothing (the place is already there, or pinned) writes nothing, not even last seen.
  if (prepared.locationOnly && Object.keys(data).length === 0) return { profile, refused: allRefused };
  const applied = applyProfileData(profile.state, data);
  // A staff undo of a link in place also gives back what the link's change set set, where it still stands.
  const restored = record.kind === "profile" && record.restore ? restoreChanges(applied.state, record.restore) : null;
  const result = restored ? { state: restored.state, changes: [...applied.changes, ...restored.changes] } : applied;
  set.commit({
    profile,
    device,
    alsoMoved,
    journalAs,
    attach,
    changes: result.changes,
    state: result.state,
    event: prepared.event,
    at,
    context: prepared.context,
  });
  if (joining && target.by === "profile" && !set.profileById(target.id)!.identified) set.profileById(target.id)!.joinedTo = profile.key;
  if (record.kind === "profile" && record.undoMerges) set.undoMerges.push(...record.undoMerges);
  for (const claim of record.kind === "profile" ? (record.unlink ?? []) : []) {
    if (!profile.identities.some((i) => i.kind === claim.kind && i.value === claim.value))
      throw new RuleViolation(ErrorCode.invalid, `${claim.kind} '${claim.value}' is not an identity of this profile`, claim.kind);
    set.unlink(profile, claim, prepared.context);
  }
  return { profile, refused: allRefused };
}

/** What the transaction must lock and load for these records. */
function wanted(records: Accepted[]) {
  const want = {
    guids: new Set<string>(),
    identities: new Map<string, IdentityClaim>(),
    profileIds: new Set<number>(),
    devicesOf: new Set<number>(),
  };
  for (const { record, claims } of records) {
    const target = record.target;
    if (target.by === "device") want.guids.add(target.guid);
    if (target.by === "device" && target.moveTo !== undefined) want.profileIds.add(target.moveTo);
    if (target.by === "profile") want.profileIds.add(target.id);
    if (target.by === "profile" && target.link) want.devicesOf.add(target.id);
    if (record.kind === "profile" && record.mergeFrom !== undefined) {
      want.profileIds.add(record.mergeFrom);
      want.devicesOf.add(record.mergeFrom);
    }
    if (record.kind === "profile" && record.unmergeFrom) {
      want.profileIds.add(record.unmergeFrom.profileId);
      for (const guid of record.unmergeFrom.devices) want.guids.add(guid);
    }
    if (record.kind === "profile") for (const claim of record.unlink ?? []) want.identities.set(claimKey(claim.kind, claim.value), claim);
    for (const claim of [...addressClaims(record), ...claims]) want.identities.set(claimKey(claim.kind, claim.value), claim);
  }
  return want;
}

/** Work of the caller's own inside the request's transaction: `first` runs before anything is locked or written (it may
 * throw to write nothing), `last` after every record is written, with their outcomes (e.g. the answer kept for an
 * Idempotency-Key, see lib/clevertap/upload-once.ts): both commit with the records, or neither does. */
export type TransactionHooks = {
  first: (tx: Tx) => Promise<void>;
  last: (tx: Tx, outcomes: RecordOutcome[]) => Promise<void>;
};

type Options = {
  accountId: string;
  records: DomainRecord[];
  context: ChangeContext;
  unlessOptedOut?: boolean;
  within?: TransactionHooks;
};

/**
 * Applies records in order; returns one outcome per record. Rejected records change nothing. Each record is written
 * with its own `context` when it has one (a batch may gather several requests), else `context`.
 * `unlessOptedOut`: records addressed to a device that opted out of tracking are refused (ErrorCode.deviceOptedOut).
 */
export async function applyRecords(options: Options): Promise<RecordOutcome[]> {
  const { accountId, records, context, within } = options;
  const contexts = [context, ...records.flatMap((record) => (record.context ? [record.context] : []))];
  assertStaffAudited(contexts);
  const unlessOptedOut = options.unlessOptedOut ?? false;
  const junk = env().TAPESTRY_JUNK_IDENTITIES;
  const prepared = records.map((record) => prepareRecord(record, context, junk));
  const outcomes: (RecordOutcome | undefined)[] = prepared.map((p) => ("error" in p ? { ok: false, error: p.error } : undefined));
  const byDevice = activityByDevice(prepared);
  const repeats = repeatsWithinBatch(prepared);
  const onceKeyOf = (index: number) => {
    const p = prepared[index];
    return "error" in p ? null : (p.context.onceKey ?? null);
  };
  const activityCount = [...byDevice.values()].reduce((n, indexes) => n + indexes.length, 0);

  const settle = (done: (RecordOutcome | undefined)[], written: Map<string, number>) => {
    for (const [guid, profileId] of written)
      for (const index of byDevice.get(guid)!) done[index] = { ok: true, profileId, deviceGuid: guid, version: null, refused: [] };
  };

  // Only activity: one statement that writes all of it or nothing (then the transaction below does it all).
  if (!within && activityCount > 0 && activityCount === outcomes.filter((o) => o === undefined).length) {
    const activity = await withRetry(() =>
      recordActivity(enginePool(), accountId, prepared, byDevice, { unlessOptedOut, allOrNothing: true, claimKeys: true, skip: repeats }),
    ).catch((error: unknown) => {
      if (isForeignKeyViolation(error)) return null; // a profile was just deleted: the transaction path
      throw error;
    });
    if (activity && activity.profileOf.size > 0) {
      settle(outcomes, activity.profileOf);
      if (activity.relocate.size > 0) await relocateAfterActivity(accountId, activity.relocate, junk, contexts);
      return outcomes as RecordOutcome[];
    }
  }

  return withTransaction(async (tx) => {
    await within?.first(tx);
    const done = [...outcomes];
    // Calls already applied (a key claimed before, or earlier in this batch) write nothing and get their device's answer.
    const replayed = new Set(repeats);
    const undecided = done.flatMap((outcome, index) => (outcome === undefined && !replayed.has(index) ? [index] : []));
    const keys = [...new Set(undecided.map(onceKeyOf).filter((key) => key !== null))];
    const fresh = await claimRequestKeys(tx, keys);
    for (const index of undecided) if (onceKeyOf(index) !== null && !fresh.has(onceKeyOf(index)!)) replayed.add(index);
    const activityOptions = { unlessOptedOut, allOrNothing: false, claimKeys: false, skip: replayed };
    const activity =
      byDevice.size === 0
        ? { profileOf: new Map<string, number>(), relocate: new Map<string, Relocation>() }
        : await recordActivity(tx, accountId, prepared, byDevice, activityOptions).catch((error: unknown) => {
            // A profile deleted meanwhile: retry the transaction, which then finds its devices gone.
            if (isForeignKeyViolation(error)) throw store.conflict("a profile was deleted meanwhile");
            throw error;
          });
    const written = activity.profileOf;
    const rest = prepared.flatMap((p, index) =>
      done[index] === undefined && !replayed.has(index) && !(p.record.target.by === "device" && written.has(p.record.target.guid))
        ? [index]
        : [],
    );
    const relocations = relocationRecords(activity.relocate);
    if (rest.length > 0 || relocations.length > 0) {
      const applied = await applyInWorkingSet(tx, accountId, [...rest.map((index) => prepared[index] as Accepted), ...relocations], {
        unlessOptedOut,
        junk,
        contexts,
      });
      rest.forEach((index, n) => {
        const result = applied[n];
        const target = prepared[index].record.target;
        done[index] =
          result instanceof RuleViolation
            ? { ok: false, error: result }
            : {
                ok: true,
                profileId: result.profile.id!,
                deviceGuid: target.by === "device" ? target.guid : null,
                version: versionAfterWrite(result.profile),
                refused: result.refused,
              };
      });
    }
    settle(done, written);
    const unanswered = [...replayed].filter((index) => done[index] === undefined);
    const answers = await answerRepeats(
      tx,
      accountId,
      unanswered.map((index) => (prepared[index] as Accepted).record),
      unlessOptedOut,
    );
    unanswered.forEach((index, n) => {
      done[index] = answers[n];
    });
    await within?.last(tx, done as RecordOutcome[]);
    return done as RecordOutcome[];
  });
}

/** Location keys staff pinned, by working-set profile key. */
type Pins = Map<string, ReadonlySet<string>>;

/** Loads, decides and writes records through the working set (steps 3–5), in the caller's transaction. */
async function applyInWorkingSet(
  tx: Tx,
  accountId: string,
  records: Accepted[],
  options: { unlessOptedOut: boolean; junk: ReadonlySet<string>; contexts: ChangeContext[] },
) {
  const set = await loadWorkingSet(tx, accountId, wanted(records));
  const pins = await loadPins(tx, accountId, set, records);
  const applied = records.map((record) => {
    try {
      return applyRecord(set, record, options.unlessOptedOut, options.junk, pins);
    } catch (error) {
      if (error instanceof RuleViolation) return error;
      throw error;
    }
  });
  await writeWorkingSet(tx, accountId, set);
  await mergeJoinedConsents(tx, accountId, set);
  await auditStaffWrites(tx, set, options.contexts);
  return applied;
}

/** The staff pins of the profiles a record's location would change (none asked when nothing would change). A record
 * is checked against the profiles it can land on: its device's, the one it names, the owners of its identities. */
async function loadPins(tx: Tx, accountId: string, set: WorkingSet, records: Accepted[]): Promise<Pins> {
  const ids = new Set<number>();
  for (const { record, claims } of records) {
    if (!record.location) continue;
    const target = record.target;
    const candidates = [...addressClaims(record), ...claims].map(set.ownerOf);
    if (target.by === "device") candidates.push(set.profileOfDevice(target.guid)?.profile);
    if (target.by === "profile") candidates.push(set.profileById(target.id));
    for (const profile of candidates)
      if (profile?.id != null && Object.keys(locationData(profile.state, record.location)).length > 0) ids.add(profile.id);
  }
  const pinned = await pinnedLocationKeys(tx, accountId, [...ids]);
  return new Map([...pinned].map(([id, keys]) => [`id:${id}`, keys]));
}

/** Profile records that only bring a device's place to its profile (see device-activity.ts): no data, no event. */
function relocationRecords(relocate: Map<string, Relocation>): Accepted[] {
  return [...relocate].map(([guid, { place, at, context }]) => ({
    record: { kind: "profile", target: { by: "device", guid }, data: {}, at, location: { place } },
    context,
    claims: [],
    refused: [],
    event: null,
    locationOnly: true,
  }));
}

/** After an activity-only request: the place of devices whose profile is elsewhere, in a transaction of its own. The
 * activity is already written (and answered): a failure here is logged, never a failure of the request (a retry
 * would write its events twice); the next call from that place tries again. */
async function relocateAfterActivity(
  accountId: string,
  relocate: Map<string, Relocation>,
  junk: ReadonlySet<string>,
  contexts: ChangeContext[],
): Promise<void> {
  await withTransaction((tx) =>
    applyInWorkingSet(tx, accountId, relocationRecords(relocate), { unlessOptedOut: true, junk, contexts }),
  ).catch((error: unknown) => logger().warn({ accountId, ...errorFields(error) }, "location update after device activity failed"));
}

/** Every device that moved onto another profile — a login joining a known person (SDK, API), a staff link, move or
 * unmerge — brings its consents under the one merge rule (lib/consents/merge-consents.ts), written to the profile it
 * landed on as a change set with source "merge". The profile it left keeps its own. */
function mergeJoinedConsents(tx: Tx, accountId: string, set: WorkingSet) {
  return applyConsentMerge(
    tx,
    accountId,
    set.merges.flatMap((m, index) => {
      // A staff merge brings the merged profile's consents even when it has no device: once per merge.
      const once = m.action === "merge" && set.merges.findIndex((o) => o.action === "merge" && o.previousKey === m.previousKey) === index;
      if (m.previousKey === null || m.previousKey === m.profileKey || (m.action === "merge" ? !once : m.deviceGuid === null)) return [];
      const to = set.profiles.get(m.profileKey)?.id;
      const from = set.profiles.get(m.previousKey)?.id;
      return to != null && from != null ? [{ profileId: to, fromProfileId: from, context: m.context }] : [];
    }),
  );
}
