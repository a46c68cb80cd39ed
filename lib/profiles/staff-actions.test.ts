// Staff identity actions against the real database (npm test gives the unit tests one): round trips that compare the
// whole state of the profiles involved — properties and their types, identities, devices, events, consents, the
// joined mark and the change log — before and after.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { eraseProfiles } from "../dsr/erase-profiles";
import { applyRecords } from "./apply-records";
import { demergeProfiles } from "./demerge-profiles";
import { findProfileIds } from "./find-profile";
import { incrementProperty } from "./increment-property";
import { linkIdentity, previewLink } from "./link-identity";
import { mergeProfiles, previewMerge } from "./merge-profiles";
import { moveDevice } from "./move-device";
import { revertChange } from "./revert-change";
import { previewUndo, undoJournalEntry } from "./undo-journal-entry";
import { unlinkIdentity } from "./unlink-identity";
import { previewUnmerge, unmergeJoin } from "./unmerge-join";

const ACCOUNT = "TEST-ACC-0001";
const editor = { id: "staff-editor", email: "editor@staff.test", ip: "10.0.0.9", requestId: crypto.randomUUID() };
const staff = { actor: editor, reason: "support ticket" };
/** A staff member acting in a request of its own (the audit entries of one action share its request id). */
const inRequest = () => ({ actor: { ...editor, requestId: crypto.randomUUID() }, reason: "ticket 42" });
const auditOf = async (requestId: string) =>
  (
    await pool().query<{ action: string; actor_email: string; ip_address: string; profile_id: string; subject: string; reason: string }>(
      `SELECT a.action, a.actor_email, a.ip_address, a.profile_id::text, a.subject, d.reason
         FROM staff_audit a LEFT JOIN staff_audit_detail d ON d.audit_id = a.id WHERE a.request_id = $1 ORDER BY a.id`,
      [requestId],
    )
  ).rows;
const guid = () => crypto.randomBytes(16).toString("hex");
const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(5).toString("hex")}`;
const now = () => new Date();
const findIdentity = (identity: string) => findProfileIds(pool(), ACCOUNT, { identity });
const profileOf = async (g: string) =>
  Number((await pool().query<{ profile_id: number }>("SELECT profile_id FROM device WHERE guid = $1", [g])).rows[0].profile_id);

/** Everything a person's profiles hold, in a comparable form. */
async function snapshot(ids: number[]) {
  const q = async (text: string) => (await pool().query(text, [ids])).rows;
  return {
    profiles: await q(
      "SELECT id, identified, properties, property_types, joined_to_profile_id FROM profile WHERE id = ANY($1::bigint[]) ORDER BY id",
    ),
    identities: await q("SELECT profile_id, kind, value FROM profile_identity WHERE profile_id = ANY($1::bigint[]) ORDER BY kind, value"),
    devices: await q("SELECT guid, profile_id FROM device WHERE profile_id = ANY($1::bigint[]) ORDER BY guid"),
    events: await q("SELECT id, profile_id, name, device_guid, properties FROM event WHERE profile_id = ANY($1::bigint[]) ORDER BY id"),
    changeLog: await q(
      `SELECT id, profile_id, changes::text, source, actor, reason
         FROM profile_change_set WHERE profile_id = ANY($1::bigint[]) ORDER BY id`,
    ),
  };
}

async function identifiedOwner() {
  const identity = unique("owner");
  const device = guid();
  await applyRecords({
    accountId: ACCOUNT,
    records: [
      { kind: "profile", target: { by: "device", guid: device }, data: { Identity: identity, Name: "Owner", Score: 5 }, at: now() },
      { kind: "event", target: { by: "device", guid: device }, name: "Owner event", data: {}, at: now() },
    ],
    context: { source: "api" },
  });
  return { identity, device, id: await profileOf(device) };
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;
/** A snapshot without consents and the consent rule's own change sets (source merge): what a merge and its unmerge
 * give back exactly. Consents follow the one consent merge rule instead (an opt-out is never lost), asserted apart. */
function withoutConsents(state: Snapshot): Snapshot {
  const strip = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([key]) => !key.startsWith("MSG-")));
  return {
    ...state,
    profiles: state.profiles.map((p) => ({ ...p, properties: strip(p.properties), property_types: strip(p.property_types) })),
    changeLog: state.changeLog.filter((set) => set.source !== "merge"),
  };
}

/** An identified person with a device, consents, an event and a change log of two change sets. */
async function person(options: { name: string; data: Record<string, unknown> }) {
  const identity = unique(options.name.replace(/\W/g, ""));
  const email = `${identity}@mail.test`;
  const device = guid();
  await applyRecords({
    accountId: ACCOUNT,
    records: [
      {
        kind: "profile",
        target: { by: "device", guid: device },
        data: { Identity: identity, Email: email, Name: options.name },
        at: now(),
      },
      { kind: "profile", target: { by: "device", guid: device }, data: options.data, at: now() },
      { kind: "event", target: { by: "device", guid: device }, name: `${options.name} event`, data: { n: 1 }, at: now() },
    ],
    context: { source: "api" },
  });
  return { identity, email, device, id: await profileOf(device) };
}

async function anonymousVisitor() {
  const device = guid();
  await applyRecords({
    accountId: ACCOUNT,
    records: [
      { kind: "profile", target: { by: "device", guid: device }, data: { Plan: "trial", "MSG-email": false }, at: now() },
      { kind: "event", target: { by: "device", guid: device }, name: "Browsed", data: { Page: 1 }, at: now() },
    ],
    context: { source: "sdk" },
  });
  return { device, id: await profileOf(device) };
}

describe("staff identity actions", { skip: !process.env.DATABASE_URL && "needs DATABASE_URL (npm test)" }, () => {
  after(() => closePools());

  it("link → unmerge: an anonymous profile joins an identity's owner, and unmerging gives back the exact state", async () => {
    const owner = await identifiedOwner();
    const visitor = await anonymousVisitor();
    const before = await snapshot([owner.id, visitor.id]);

    const preview = await previewLink({ profileId: visitor.id, kind: "Identity", value: owner.identity });
    assert.equal(preview.mode, "join");
    assert.deepEqual(preview.mode === "join" && preview.devices, [visitor.device]);
    const linked = await linkIdentity({ profileId: visitor.id, kind: "Identity", value: owner.identity, staff });
    assert.deepEqual(linked, { ok: true, profileId: owner.id });
    assert.equal(await profileOf(visitor.device), owner.id);
    const joined = await pool().query("SELECT joined_to_profile_id FROM profile WHERE id = $1", [visitor.id]);
    assert.equal(Number(joined.rows[0].joined_to_profile_id), owner.id);
    const merge = await pool().query<{ id: number; actor: string; source: string }>(
      "SELECT id, actor, source FROM profile_merge WHERE profile_id = $1 AND previous_profile_id = $2",
      [owner.id, visitor.id],
    );
    assert.deepEqual({ actor: merge.rows[0].actor, source: merge.rows[0].source }, { actor: editor.email, source: "staff" });

    const unmergePreview = await previewUnmerge({ profileId: owner.id, mergeId: Number(merge.rows[0].id) });
    assert.deepEqual(unmergePreview?.devices, [visitor.device]);
    assert.deepEqual(await unmergeJoin({ profileId: owner.id, mergeId: Number(merge.rows[0].id), staff }), {
      ok: true,
      backTo: visitor.id,
    });
    // Exactly as before, but for the consent merge rule: the opt-out the visitor's device brought on the join stays
    // with the owner (an unsubscribe is never lost to a merge or an unmerge), written as a change set of source merge.
    const unmerged = await snapshot([owner.id, visitor.id]);
    const ownerRow = unmerged.profiles.find((row) => Number(row.id) === owner.id)!;
    assert.equal(ownerRow.properties["MSG-email"], false);
    delete ownerRow.properties["MSG-email"];
    delete ownerRow.property_types["MSG-email"];
    assert.deepEqual(
      unmerged.changeLog.filter((set) => set.source === "merge").map((set) => [Number(set.profile_id), JSON.parse(set.changes)[0].key]),
      [[owner.id, "MSG-email"]],
    );
    assert.deepEqual({ ...unmerged, changeLog: unmerged.changeLog.filter((set) => set.source !== "merge") }, before);
    // Linking again gives back the merged state.
    assert.deepEqual(await linkIdentity({ profileId: visitor.id, kind: "Identity", value: owner.identity, staff }), {
      ok: true,
      profileId: owner.id,
    });
    assert.equal(await profileOf(visitor.device), owner.id);
  });

  it("a link of a free identity identifies an anonymous profile in place; a held one on an identified profile is refused", async () => {
    const visitor = await anonymousVisitor();
    const identity = unique("fresh");
    assert.equal((await previewLink({ profileId: visitor.id, kind: "Identity", value: identity })).mode, "identify");
    assert.deepEqual(await linkIdentity({ profileId: visitor.id, kind: "Identity", value: identity, staff }), {
      ok: true,
      profileId: visitor.id,
    });
    const owner = await identifiedOwner();
    assert.equal((await previewLink({ profileId: visitor.id, kind: "Identity", value: owner.identity })).mode, "refused");
    const refused = await linkIdentity({ profileId: visitor.id, kind: "Identity", value: owner.identity, staff });
    assert.equal(refused.ok, false);
    assert.equal(await profileOf(owner.device), owner.id);
  });

  it("revert → revert: reverting a change and then that revert gives back the state, with two staff changes logged", async () => {
    const owner = await identifiedOwner();
    await applyRecords({
      accountId: ACCOUNT,
      records: [{ kind: "profile", target: { by: "profile", id: owner.id }, data: { Plan: "pro" }, at: now() }],
      context: { source: "staff", actor: editor.email, audit: { actor: editor, action: "profile-edit", profileId: owner.id } },
    });
    const before = await snapshot([owner.id]);
    const lastSet = async () =>
      Number((await pool().query("SELECT max(id) AS id FROM profile_change_set WHERE profile_id = $1", [owner.id])).rows[0].id);

    assert.deepEqual(await revertChange({ profileId: owner.id, changeSetId: await lastSet(), key: "Plan", staff, confirmChanged: false }), {
      ok: true,
    });
    assert.equal((await snapshot([owner.id])).profiles[0].properties.Plan, undefined);
    assert.deepEqual(await revertChange({ profileId: owner.id, changeSetId: await lastSet(), key: "Plan", staff, confirmChanged: false }), {
      ok: true,
    });
    const after = await snapshot([owner.id]);
    assert.deepEqual({ ...after, changeLog: after.changeLog.slice(0, before.changeLog.length) }, before);
    assert.deepEqual(
      after.changeLog.slice(before.changeLog.length).map((set) => [set.source, set.actor, set.reason]),
      [
        ["staff", editor.email, staff.reason],
        ["staff", editor.email, staff.reason],
      ],
    );
  });

  it("a revert of a value changed since shows both and needs confirming; increments follow the $incr rules", async () => {
    const owner = await identifiedOwner();
    const first = Number((await pool().query("SELECT min(id) AS id FROM profile_change_set WHERE profile_id = $1", [owner.id])).rows[0].id);
    assert.equal((await incrementProperty({ profileId: owner.id, key: "Score", amount: 2.5, direction: "increment", staff })).ok, true);
    const asked = await revertChange({ profileId: owner.id, changeSetId: first, key: "Score", staff, confirmChanged: false });
    assert.deepEqual(asked, { ok: false, changedSince: { was: 5, now: 7.5, revertTo: null } });
    const bad = await incrementProperty({ profileId: owner.id, key: "Name", amount: 1, direction: "decrement", staff });
    assert.equal(bad.ok, false);
    assert.deepEqual(await revertChange({ profileId: owner.id, changeSetId: first, key: "Score", staff, confirmChanged: true }), {
      ok: true,
    });
    const props = (await snapshot([owner.id])).profiles[0].properties;
    assert.equal(props.Score, undefined);
  });

  it("unlink: the identity no longer finds the profile, the journal keeps it; a moved device lands where staff put it", async () => {
    const owner = await identifiedOwner();
    assert.deepEqual(await unlinkIdentity({ profileId: owner.id, kind: "Identity", value: owner.identity, staff }), { ok: true });
    const held = await pool().query("SELECT 1 FROM profile_identity WHERE value = $1", [owner.identity]);
    assert.equal(held.rowCount, 0);
    const row = await pool().query("SELECT identified FROM profile WHERE id = $1", [owner.id]);
    assert.equal(row.rows[0].identified, false);
    const journal = await pool().query(
      "SELECT action, identity_value, actor FROM profile_merge WHERE profile_id = $1 AND action = 'unlink'",
      [owner.id],
    );
    assert.deepEqual(journal.rows, [{ action: "unlink", identity_value: owner.identity, actor: editor.email }]);
    assert.equal((await unlinkIdentity({ profileId: owner.id, kind: "Identity", value: owner.identity, staff })).ok, false);

    const visitor = await anonymousVisitor();
    assert.deepEqual(await moveDevice({ profileId: visitor.id, guid: visitor.device, toProfileId: owner.id, staff }), { ok: true });
    assert.equal(await profileOf(visitor.device), owner.id);
  });

  it("every identity action writes its staff audit entries in its own transaction; a staff write without an actor is refused", async () => {
    const owner = await identifiedOwner();
    const visitor = await anonymousVisitor();
    const audited = async (run: (who: ReturnType<typeof inRequest>) => Promise<{ ok: boolean }>) => {
      const who = inRequest();
      assert.equal((await run(who)).ok, true);
      return auditOf(who.actor.requestId);
    };
    const increment = await audited((who) =>
      incrementProperty({ profileId: owner.id, key: "Score", amount: 2, direction: "increment", staff: who }),
    );
    assert.deepEqual(increment, [
      {
        action: "profile-increment",
        actor_email: editor.email,
        ip_address: "10.0.0.9",
        profile_id: String(owner.id),
        subject: "Score",
        reason: "ticket 42",
      },
    ]);
    const last = Number((await pool().query("SELECT max(id) AS id FROM profile_change_set WHERE profile_id = $1", [owner.id])).rows[0].id);
    const link = await audited((who) => linkIdentity({ profileId: visitor.id, kind: "Identity", value: owner.identity, staff: who }));
    assert.ok(link.length > 0 && link.every((row) => row.action === "profile-link"));
    assert.ok(link.some((row) => row.subject === "attach-device: device" && row.profile_id === String(owner.id)));
    const merge = await pool().query<{ id: string }>(
      "SELECT id FROM profile_merge WHERE profile_id = $1 AND device_guid = $2 AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
      [owner.id, visitor.device],
    );
    const unmerge = await audited((who) => unmergeJoin({ profileId: owner.id, mergeId: Number(merge.rows[0].id), staff: who }));
    assert.ok(unmerge.some((row) => row.action === "profile-unmerge" && row.subject === "unmerge: device"));
    const revert = await audited((who) =>
      revertChange({ profileId: owner.id, changeSetId: last, key: "Score", staff: who, confirmChanged: true }),
    );
    assert.deepEqual(
      revert.map((row) => [row.action, row.subject]),
      [["profile-revert", "Score"]],
    );
    const move = await audited((who) => moveDevice({ profileId: visitor.id, guid: visitor.device, toProfileId: owner.id, staff: who }));
    assert.ok(move.some((row) => row.action === "device-move" && row.subject === "move-device: device"));
    const unlink = await audited((who) => unlinkIdentity({ profileId: owner.id, kind: "Identity", value: owner.identity, staff: who }));
    assert.ok(unlink.some((row) => row.action === "identity-unlink" && row.subject === "unlink: Identity"));

    // A staff context without its audit actor writes nothing at all.
    const version = (await pool().query("SELECT version FROM profile WHERE id = $1", [owner.id])).rows[0].version;
    await assert.rejects(
      applyRecords({
        accountId: ACCOUNT,
        records: [{ kind: "profile", target: { by: "profile", id: owner.id }, data: { Plan: "unaudited" }, at: now() }],
        context: { source: "staff", actor: editor.email },
      }),
      /audit actor/,
    );
    assert.equal((await pool().query("SELECT version FROM profile WHERE id = $1", [owner.id])).rows[0].version, version);
  });

  it("erasing a person takes the personal values out of the staff audit log and keeps its entries", async () => {
    const owner = await identifiedOwner();
    const visitor = await anonymousVisitor();
    const who = inRequest();
    assert.equal((await linkIdentity({ profileId: visitor.id, kind: "Identity", value: owner.identity, staff: who })).ok, true);
    const name = unique("Secret Name");
    const edited = await applyRecords({
      accountId: ACCOUNT,
      records: [{ kind: "profile", target: { by: "profile", id: owner.id }, data: { Name: name }, at: now() }],
      context: {
        source: "staff",
        actor: editor.email,
        requestId: who.actor.requestId,
        audit: { ...who, action: "profile-edit", profileId: owner.id },
      },
    });
    assert.equal(edited[0].ok, true);
    const naming = async () =>
      Number(
        (
          await pool().query(
            `SELECT count(*) AS n FROM staff_audit a LEFT JOIN staff_audit_detail d ON d.audit_id = a.id
              WHERE a.request_id = $1 AND (a::text || coalesce(d::text, '')) ILIKE ANY ($2::text[])`,
            [who.actor.requestId, [owner.identity, visitor.device, name].map((value) => `%${value}%`)],
          )
        ).rows[0].n,
      );
    assert.ok((await naming()) >= 2);
    const entries = (await pool().query("SELECT count(*) AS n FROM staff_audit WHERE request_id = $1", [who.actor.requestId])).rows[0].n;

    const { erased } = await eraseProfiles({ accountId: ACCOUNT, lookups: [{ profileId: owner.id }], context: { source: "api" } });
    assert.deepEqual(
      erased,
      [owner.id, visitor.id].sort((a, b) => a - b),
    );
    assert.equal(await naming(), 0);
    assert.equal(
      (await pool().query("SELECT count(*) AS n FROM staff_audit WHERE request_id = $1", [who.actor.requestId])).rows[0].n,
      entries,
    );
  });

  it("a staff device move brings consents by the merge rule: a newer opt-in lifts an older opt-out, not the reverse", async () => {
    const consentOf = async (id: number) =>
      (await pool().query("SELECT properties -> 'MSG-sms' AS v FROM profile WHERE id = $1", [id])).rows[0].v as boolean | null;
    const push = (target: { by: "profile"; id: number } | { by: "device"; guid: string }, value: boolean) =>
      applyRecords({
        accountId: ACCOUNT,
        records: [{ kind: "profile", target, data: { "MSG-sms": value }, at: now() }],
        context: { source: "api" },
      });

    // The owner opted out first; the visitor's device opted in afterwards: the newer opt-in wins on the owner.
    const owner = await identifiedOwner();
    await push({ by: "profile", id: owner.id }, false);
    const visitor = await anonymousVisitor();
    await push({ by: "device", guid: visitor.device }, true);
    assert.deepEqual(await moveDevice({ profileId: visitor.id, guid: visitor.device, toProfileId: owner.id, staff: inRequest() }), {
      ok: true,
    });
    assert.equal(await consentOf(owner.id), true);

    // The other way: an opt-in older than the moving device's opt-out does not survive it.
    const other = await identifiedOwner();
    await push({ by: "profile", id: other.id }, true);
    const second = await anonymousVisitor();
    await push({ by: "device", guid: second.device }, false);
    assert.deepEqual(await moveDevice({ profileId: second.id, guid: second.device, toProfileId: other.id, staff: inRequest() }), {
      ok: true,
    });
    assert.equal(await consentOf(other.id), false);
    const merged = await pool().query("SELECT source FROM profile_change_set WHERE profile_id = $1 ORDER BY id DESC LIMIT 1", [other.id]);
    assert.equal(merged.rows[0].source, "merge");
  });

  it("merge → unmerge: two identified profiles merge through the preview, and unmerging gives back the exact state", async () => {
    const alice = await person({ name: "Alice", data: { Plan: "pro", Score: 3, "MSG-email": true, "MSG-sms": true } });
    const other = await person({ name: "Alice B", data: { Plan: "free", Tier: "gold", "MSG-email": false, "MSG-push": true } });
    const before = await snapshot([alice.id, other.id]);

    const preview = await previewMerge({ profileId: alice.id, otherProfileId: other.id });
    assert.equal(preview.mode, "merge");
    if (preview.mode !== "merge") return;
    assert.deepEqual(
      preview.conflicts.map((c) => [c.key, c.survivor, c.other, c.winner, c.rule]),
      [
        ["Email", alice.email, other.email, "survivor", "survivor wins"],
        ["Identity", alice.identity, other.identity, "survivor", "survivor wins"],
        ["MSG-email", true, false, "other", "opt-out wins unless the opt-in is newer"],
        ["Name", "Alice", "Alice B", "survivor", "survivor wins"],
        ["Plan", "pro", "free", "survivor", "survivor wins"],
      ],
    );
    assert.deepEqual(preview.copied, [
      { key: "MSG-push", value: true, type: "boolean" },
      { key: "Tier", value: "gold", type: "string" },
    ]);
    assert.deepEqual(preview.other.devices, [other.device]);
    assert.equal(preview.other.events, 1);
    // A reason is required.
    assert.equal((await mergeProfiles({ profileId: alice.id, otherProfileId: other.id, staff: { actor: editor } })).ok, false);
    assert.deepEqual(before, await snapshot([alice.id, other.id]));

    assert.deepEqual(await mergeProfiles({ profileId: alice.id, otherProfileId: other.id, staff }), { ok: true, profileId: alice.id });
    const merged = await snapshot([alice.id, other.id]);
    const survivor = merged.profiles.find((p) => Number(p.id) === alice.id);
    assert.deepEqual(
      { Plan: survivor.properties.Plan, Tier: survivor.properties.Tier, email: survivor.properties["MSG-email"] },
      { Plan: "pro", Tier: "gold", email: false },
    );
    assert.deepEqual(
      merged.devices.map((d) => [d.guid, Number(d.profile_id)]),
      [alice.device, other.device].sort().map((g) => [g, alice.id]),
    );
    assert.ok(merged.identities.every((i) => Number(i.profile_id) === alice.id));
    assert.ok(merged.events.every((e) => Number(e.profile_id) === alice.id));
    const gone = merged.profiles.find((p) => Number(p.id) === other.id);
    assert.deepEqual([gone.identified, Number(gone.joined_to_profile_id)], [false, alice.id]);
    // Its own properties and change log are untouched.
    assert.deepEqual(gone.properties, before.profiles.find((p) => Number(p.id) === other.id).properties);
    // Logins of either identity now find the survivor; the journal keeps who and why.
    const [found] = await findIdentity(other.identity);
    assert.equal(found, alice.id);
    const head = await pool().query<{ id: string; actor: string; reason: string }>(
      `SELECT id::text, actor, reason FROM profile_merge
        WHERE profile_id = $1 AND action = 'merge' AND device_guid IS NULL AND identity_kind IS NULL`,
      [alice.id],
    );
    assert.deepEqual([head.rows[0].actor, head.rows[0].reason], [editor.email, staff.reason]);
    assert.equal((await previewMerge({ profileId: alice.id, otherProfileId: other.id })).mode, "refused");

    const undo = await previewUndo({ profileId: alice.id, mergeId: Number(head.rows[0].id) });
    assert.ok(typeof undo !== "string" && undo.kind === "merge");
    assert.deepEqual(undo.kind === "merge" && [undo.devices, undo.events, undo.back.id], [[other.device], 1, other.id]);
    assert.deepEqual(await undoJournalEntry({ profileId: alice.id, mergeId: Number(head.rows[0].id), staff }), {
      ok: true,
      backTo: other.id,
    });
    const after = await snapshot([alice.id, other.id]);
    // Everything as before but consents; the change log gained the merge's and the unmerge's change sets, both the
    // staff member's. The opt-out the merged profile brought stays with the survivor (the consent merge rule).
    const kept = withoutConsents(after);
    assert.deepEqual({ ...kept, changeLog: kept.changeLog.slice(0, before.changeLog.length) }, withoutConsents(before));
    assert.equal(after.profiles.find((p) => Number(p.id) === alice.id).properties["MSG-email"], false);
    assert.equal(after.profiles.find((p) => Number(p.id) === other.id).properties["MSG-email"], false);
    assert.deepEqual(
      kept.changeLog.slice(before.changeLog.length).map((set) => [Number(set.profile_id), set.source, set.actor, set.reason]),
      [
        [alice.id, "staff", editor.email, staff.reason],
        [alice.id, "staff", editor.email, staff.reason],
      ],
    );
    // The same merge again gives back the merged state.
    assert.deepEqual(await mergeProfiles({ profileId: alice.id, otherProfileId: other.id, staff }), { ok: true, profileId: alice.id });
    const again = await snapshot([alice.id, other.id]);
    assert.deepEqual({ ...withoutConsents(again), changeLog: [] }, { ...withoutConsents(merged), changeLog: [] });
  });

  it("merge → unmerge keeps what happened after the merge where it was made", async () => {
    const alice = await person({ name: "Ann", data: { Plan: "pro" } });
    const other = await person({ name: "Ann B", data: { Tier: "gold" } });
    await mergeProfiles({ profileId: alice.id, otherProfileId: other.id, staff });
    // After the merge: the merged-in device sends an event, staff change the copied Tier.
    await applyRecords({
      accountId: ACCOUNT,
      records: [
        { kind: "event", target: { by: "device", guid: other.device }, name: "After merge", data: {}, at: now() },
        { kind: "profile", target: { by: "profile", id: alice.id }, data: { Tier: "platinum" }, at: now() },
      ],
      context: { source: "api" },
    });
    const head = await pool().query<{ id: string }>(
      "SELECT id::text FROM profile_merge WHERE profile_id = $1 AND action = 'merge' AND device_guid IS NULL AND identity_kind IS NULL",
      [alice.id],
    );
    const undo = await previewUndo({ profileId: alice.id, mergeId: Number(head.rows[0].id) });
    assert.deepEqual(typeof undo !== "string" && undo.kind === "merge" && undo.keptSince, ["Tier"]);
    assert.equal((await undoJournalEntry({ profileId: alice.id, mergeId: Number(head.rows[0].id), staff })).ok, true);
    const after = await snapshot([alice.id, other.id]);
    assert.equal(after.profiles.find((p) => Number(p.id) === alice.id).properties.Tier, "platinum");
    assert.deepEqual(
      after.events.map((e) => [e.name, Number(e.profile_id)]),
      [
        ["Ann event", alice.id],
        ["Ann B event", other.id],
        ["After merge", alice.id],
      ],
    );
    assert.equal(await profileOf(other.device), other.id);
  });

  it("link in place → unmerge: the identity and the property it set are undone in one step, the exact state comes back", async () => {
    const visitor = await anonymousVisitor();
    const before = await snapshot([visitor.id]);
    const identity = unique("in-place");
    assert.deepEqual(await linkIdentity({ profileId: visitor.id, kind: "Identity", value: identity, staff }), {
      ok: true,
      profileId: visitor.id,
    });
    const entry = await pool().query<{ id: string }>("SELECT id::text FROM profile_merge WHERE profile_id = $1 AND action = 'identify'", [
      visitor.id,
    ]);
    const undo = await previewUndo({ profileId: visitor.id, mergeId: Number(entry.rows[0].id) });
    assert.ok(typeof undo !== "string" && undo.kind === "link" && undo.becomesAnonymous);
    assert.deepEqual(await undoJournalEntry({ profileId: visitor.id, mergeId: Number(entry.rows[0].id), staff }), {
      ok: true,
      backTo: null,
    });
    const after = await snapshot([visitor.id]);
    assert.deepEqual({ ...after, changeLog: after.changeLog.slice(0, before.changeLog.length) }, before);
    assert.equal(after.changeLog.length, before.changeLog.length + 2);
    // Linking again gives back the linked state.
    assert.equal((await linkIdentity({ profileId: visitor.id, kind: "Identity", value: identity, staff })).ok, true);
    assert.deepEqual(
      (await snapshot([visitor.id])).identities.map((i) => i.value),
      [identity],
    );
  });

  it("REST demerge by an identity of the merged profile undoes a staff merge too, back to the exact state", async () => {
    const first = await person({ name: "Rita", data: { Plan: "pro", "MSG-sms": true } });
    const second = await person({ name: "RitaOld", data: { Tier: "gold", "MSG-sms": false } });
    const before = await snapshot([first.id, second.id]);
    assert.equal((await mergeProfiles({ profileId: first.id, otherProfileId: second.id, staff })).ok, true);
    const answer = await demergeProfiles({ accountId: ACCOUNT, identities: [second.identity], context: { source: "api" } });
    assert.deepEqual(answer, { devices: 1, unknown: [], errors: [] });
    const after = withoutConsents(await snapshot([first.id, second.id]));
    assert.deepEqual({ ...after, changeLog: after.changeLog.slice(0, before.changeLog.length) }, withoutConsents(before));
  });
});
