// A profile's devices with their push tokens, as the profile page and the data-subject export show them.
import type pg from "pg";

export type DevicePushToken = {
  type: string;
  token: string;
  p256dh: string | null;
  auth: string | null;
  source: string;
  registered_at: string;
};
export type DeviceRow = {
  guid: string;
  platform: string;
  opted_out: boolean;
  first_seen: Date;
  last_seen: Date;
  push_tokens: DevicePushToken[];
};

export async function profileDevices(db: Pick<pg.Pool, "query">, profileId: number): Promise<DeviceRow[]> {
  const { rows } = await db.query<DeviceRow>(
    `SELECT d.guid, d.platform, d.opted_out, d.first_seen, d.last_seen,
            COALESCE((SELECT json_agg(json_build_object('type', t.token_type, 'token', t.token, 'p256dh', t.p256dh, 'auth', t.auth,
                                                        'source', t.source, 'registered_at', t.registered_at)
                                      ORDER BY t.registered_at, t.token)
                        FROM push_token t WHERE t.device_id = d.id), '[]') AS push_tokens
       FROM device d WHERE d.profile_id = $1 ORDER BY d.first_seen, d.id`,
    [profileId],
  );
  return rows;
}

/** A token as staff see it: its type and its last characters (enough to tell two apart, not to send with). */
export const maskedToken = (token: DevicePushToken): string => `${token.type} …${token.token.slice(-8)}`;
