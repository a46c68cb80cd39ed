// REST demerge (CleverTap's POST /1/demerge/profiles.json, the Node library's `demerge`): for each identity, the
// profile that holds it gives back every device that joined it from another profile and every profile staff merged
// into it — the staff unmerge, by identity. All of one request in one transaction.
import { pool } from "../db/pool";
import { applyRecords } from "./apply-records";
import { findJoins } from "./find-joins";
import { findProfileIds } from "./find-profile";
import type { DomainRecord } from "./records";
import type { ChangeContext } from "./types";
import { unmergeRecords } from "./unmerge-join";
import { openMerges, planUnmerge, unmergeRecord } from "./unmerge-profiles";

export async function demergeProfiles(options: {
  accountId: string;
  identities: string[];
  context: ChangeContext;
}): Promise<{ devices: number; unknown: string[]; errors: string[] }> {
  const db = pool();
  const unknown: string[] = [];
  const records: DomainRecord[] = [];
  let devices = 0;
  const at = new Date();
  for (const identity of options.identities) {
    const [profileId] = await findProfileIds(db, options.accountId, { identity });
    if (profileId === undefined) {
      unknown.push(identity);
      continue;
    }
    const joins = await findJoins({ db, accountId: options.accountId, profileIds: [profileId] });
    devices += joins.devices.length;
    if (joins.mergeIds.length > 0) records.push(...unmergeRecords(joins, profileId, at));
    for (const mergeId of await openMerges(profileId)) {
      const plan = await planUnmerge({ profileId, mergeId });
      if (typeof plan === "string") continue;
      devices += plan.unmerge.devices.length;
      records.push(unmergeRecord(plan, profileId, at));
    }
  }
  const outcomes = records.length > 0 ? await applyRecords({ accountId: options.accountId, records, context: options.context }) : [];
  const errors = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error.message]));
  return { devices, unknown, errors };
}
