// Cursors of /1/profiles.json and /1/events.json: opaque to clients, signed so they cannot be forged or edited
// (HMAC-SHA256 with a key derived from the server's secret, bound to the account), and carrying everything the next
// page needs — the query, the batch size and the last id read. Pages are keyset on the id, which never changes and
// only grows: rows written between two pages are never skipped nor repeated (new matches come at the end).
import crypto from "node:crypto";
import { z } from "zod";

export const CURSOR_LIFETIME_MS = 24 * 3600_000;

export type QueryCursor = { kind: "profiles" | "events"; query: unknown; size: number; after: number; issuedAt: number };

const cursorSchema = z.object({
  k: z.enum(["profiles", "events"]),
  q: z.unknown(),
  n: z.number().int().min(1).max(5000),
  a: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  t: z.number().int(),
});

export class CursorError extends Error {}

const macOf = (key: Buffer, accountId: string, body: string) =>
  crypto.createHmac("sha256", key).update(accountId).update("\n").update(body).digest("base64url");

/** The signing key: derived from the server secret, used for nothing else. */
export const cursorKey = (serverSecret: string) => crypto.createHmac("sha256", serverSecret).update("tapestry query cursor v1").digest();

/** URL-safe as is (base64url and a dot): the Node library puts it in the URL without encoding. */
export function encodeQueryCursor(cursor: QueryCursor, options: { key: Buffer; accountId: string }): string {
  const body = Buffer.from(
    JSON.stringify({ k: cursor.kind, q: cursor.query, n: cursor.size, a: cursor.after, t: cursor.issuedAt }),
  ).toString("base64url");
  return `${body}.${macOf(options.key, options.accountId, body)}`;
}

export function decodeQueryCursor(
  text: string,
  options: { key: Buffer; accountId: string; kind: QueryCursor["kind"]; now?: number },
): QueryCursor {
  const [body, mac, extra] = text.trim().split(".");
  if (!body || !mac || extra !== undefined || text.length > 16_000) throw new CursorError("cursor is not one of this server's");
  const expected = Buffer.from(macOf(options.key, options.accountId, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given))
    throw new CursorError("cursor is not one of this server's");
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw new CursorError("cursor is not one of this server's");
  }
  if (parsed.k !== options.kind) throw new CursorError(`this cursor pages ${parsed.k}.json`);
  if ((options.now ?? Date.now()) - parsed.t > CURSOR_LIFETIME_MS) throw new CursorError("cursor expired (24 hours); ask for a new one");
  return { kind: parsed.k, query: parsed.q, size: parsed.n, after: parsed.a, issuedAt: parsed.t };
}
