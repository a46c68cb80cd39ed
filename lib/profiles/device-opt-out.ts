// Privacy opt-out of one device (the Web SDK's `privacy.push({optOut:true})`): an opted-out device records nothing
// further until it opts back in. The flag lives on the device row (`device.opted_out`).
import type pg from "pg";
import { pool } from "../db/pool";

/** Is this device opted out? Unknown devices are not. */
export async function isDeviceOptedOut(accountId: string, guid: string, db: pg.Pool | pg.PoolClient = pool()): Promise<boolean> {
  const result = await db.query<{ opted_out: boolean }>("SELECT opted_out FROM device WHERE account_id = $1 AND guid = $2", [
    accountId,
    guid,
  ]);
  return result.rows[0]?.opted_out === true;
}

/** Sets or clears the opt-out flag of an existing device; false when the device does not exist. */
export async function setDeviceOptOut(
  accountId: string,
  guid: string,
  optedOut: boolean,
  db: pg.Pool | pg.PoolClient = pool(),
): Promise<boolean> {
  const result = await db.query("UPDATE device SET opted_out = $3 WHERE account_id = $1 AND guid = $2", [accountId, guid, optedOut]);
  return (result.rowCount ?? 0) > 0;
}
