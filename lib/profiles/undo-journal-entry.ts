// The one "Unmerge…" of a history line, whatever the line is: a device that joined from another profile
// (unmerge-join.ts), a merge of two identified profiles (unmerge-profiles.ts) or a link in place (undo-link.ts).
// The journal row's own action decides; the staff actions and the REST demerge call the use case beneath.
import type { ActionResult } from "../action-result";
import { pool } from "../db/pool";
import type { StaffActor } from "./apply-staff-record";
import { type LinkUndoPreview, previewUndoLink, undoLink } from "./undo-link";
import { previewUnmerge, type UnmergePreview, unmergeJoin } from "./unmerge-join";
import { type ProfileUnmergePreview, previewProfileUnmerge, unmergeProfiles } from "./unmerge-profiles";

export type UndoPreview =
  | ({ kind: "join" } & UnmergePreview)
  | ({ kind: "merge" } & ProfileUnmergePreview)
  | ({ kind: "link" } & LinkUndoPreview);

type Entry = { profileId: number; mergeId: number };

async function actionOf(options: Entry): Promise<string | null> {
  const { rows } = await pool().query<{ action: string }>("SELECT action FROM profile_merge WHERE id = $1 AND profile_id = $2", [
    options.mergeId,
    options.profileId,
  ]);
  return rows[0]?.action ?? null;
}

/** The preview of undoing a history line, or why it cannot be undone. */
export async function previewUndo(options: Entry): Promise<UndoPreview | string> {
  const action = await actionOf(options);
  if (action === "merge") {
    const preview = await previewProfileUnmerge(options);
    return typeof preview === "string" ? preview : { kind: "merge", ...preview };
  }
  if (action === "identify") {
    const preview = await previewUndoLink(options);
    return typeof preview === "string" ? preview : { kind: "link", ...preview };
  }
  const preview = action === "attach-device" ? await previewUnmerge(options) : null;
  return preview ? { kind: "join", ...preview } : "This join was already undone, or is not one of this profile's.";
}

/** Undoes a history line as previewed; `backTo`: the profile that got its devices back (none for a link undone). */
export async function undoJournalEntry(options: Entry & { staff: StaffActor }): Promise<ActionResult<{ backTo: number | null }>> {
  const action = await actionOf(options);
  if (action === "merge") return unmergeProfiles(options);
  if (action === "identify") {
    const done = await undoLink(options);
    return done.ok ? { ok: true, backTo: null } : done;
  }
  return unmergeJoin(options);
}
