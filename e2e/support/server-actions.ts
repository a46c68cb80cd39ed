// Server actions replayed over HTTP, as a browser posts them: the action's id (from the build's server-reference
// manifest) in the Next-Action header, its arguments as a JSON array, posted to a page that imports it.
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";

const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const BASE_URL = process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210";

/** "file#exportedName" → action id, for every action of the build. */
export function builtActions(): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST_DIR, "server", "server-reference-manifest.json"), "utf8"));
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries<{ filename: string; exportedName: string }>(manifest.node))
    ids.set(`${entry.filename}#${entry.exportedName}`, id);
  return ids;
}

/** React's reply encoding of plain JSON values: a string starting with "$" is sent as "$$…" ("$" alone introduces
 * references: "$D" a Date, "$K" form data, "$@" a promise…), so that the action receives exactly the value given. */
function encodeReply(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(encodeReply);
  if (value !== null && typeof value === "object") {
    const encoded: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) Object.defineProperty(encoded, key, { value: encodeReply(inner), enumerable: true });
    return encoded;
  }
  return value;
}

/** Calls the action with these arguments (encoded as a browser would), or with a raw body when given a string. */
export function callAction(context: APIRequestContext, page: string, actionId: string, args: unknown[] | string): Promise<APIResponse> {
  return context.post(page, {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: BASE_URL },
    data: typeof args === "string" ? args : JSON.stringify(encodeReply(args)),
    maxRedirects: 0,
  });
}
