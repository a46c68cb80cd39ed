// Attaches push tokens to the devices they were sent for, in one statement (inside the caller's transaction when
// given one). A token names one install, so registering it for another device moves it there; a batch that names
// the same token twice keeps the last (PostgreSQL refuses to update one row twice in a statement). A guid this
// account has never seen gets its own error: tokens belong to devices the SDK made, as CleverTap requires.
import type pg from "pg";
import { ErrorCode } from "../profiles/error-codes";
import { type ChangeContext, RuleViolation } from "../profiles/types";
import type { PushToken } from "./push-token";

export type TokenRegistration = PushToken & { guid: string };

export async function registerPushTokens(
  db: Pick<pg.ClientBase, "query">,
  accountId: string,
  tokens: TokenRegistration[],
  context: Pick<ChangeContext, "source" | "requestId">,
): Promise<(RuleViolation | null)[]> {
  if (tokens.length === 0) return [];
  const { rows } = await db.query<{ n: string; known: boolean }>(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
                AS t(guid, token_type, token, p256dh, auth, n)
     ), found AS (
       SELECT input.*, device.id AS device_id FROM input LEFT JOIN device ON device.account_id = $1 AND device.guid = input.guid
     ), written AS (
       INSERT INTO push_token AS t (account_id, token_type, token, device_id, p256dh, auth, source, request_id)
       SELECT DISTINCT ON (token_type, token) $1, token_type, token, device_id, p256dh, auth, $7, $8
         FROM found WHERE device_id IS NOT NULL ORDER BY token_type, token, n DESC
       ON CONFLICT (account_id, token_type, token) DO UPDATE
         SET device_id = excluded.device_id, p256dh = excluded.p256dh, auth = excluded.auth, source = excluded.source,
             request_id = excluded.request_id, updated_at = now(),
             registered_at = CASE WHEN t.device_id = excluded.device_id THEN t.registered_at ELSE now() END
       RETURNING 1
     )
     SELECT n, device_id IS NOT NULL AS known FROM found ORDER BY n`,
    [
      accountId,
      tokens.map((t) => t.guid),
      tokens.map((t) => t.type),
      tokens.map((t) => t.token),
      tokens.map((t) => t.p256dh),
      tokens.map((t) => t.auth),
      context.source,
      context.requestId ?? null,
    ],
  );
  return rows.map((row) =>
    row.known
      ? null
      : new RuleViolation(
          ErrorCode.unknownTokenDevice,
          "objectId is not a device of this account: send the token for a device the SDK created",
          "objectId",
        ),
  );
}

/** The Web SDK's unregister (a browser switching to another signed-in user): the device's tokens are dropped. */
export async function unregisterDeviceTokens(db: Pick<pg.ClientBase, "query">, accountId: string, guid: string): Promise<number> {
  const { rowCount } = await db.query(
    "DELETE FROM push_token WHERE device_id = (SELECT id FROM device WHERE account_id = $1 AND guid = $2)",
    [accountId, guid],
  );
  return rowCount ?? 0;
}
