// POST /1/delete/profiles.json body: {"identity": "x" | ["x", …]} or {"guid": "g" | ["g", …]}, at most 100 values.
// An identity is matched as an Identity only (an erasure never reaches a profile whose Email happens to equal it).
import { ApiError } from "../api/api-error";
import type { ErasureLookup } from "../dsr/find-erasure-targets";
import { MAX_IDS_PER_DELETE } from "../profiles/limits";
import { unstorableText } from "../profiles/storable-text";

export function deleteLookups(body: unknown): ErasureLookup[] {
  const request = (body ?? {}) as { identity?: unknown; guid?: unknown };
  if (request.identity !== undefined && request.guid !== undefined) throw new ApiError(400, "Give identity or guid, not both");
  const field = request.identity !== undefined ? "identity" : request.guid !== undefined ? "guid" : null;
  if (!field) throw new ApiError(400, 'Body must be {"identity": …} or {"guid": …}');
  const raw = request[field];
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0 || values.length > MAX_IDS_PER_DELETE)
    throw new ApiError(400, `${field} must hold 1 to ${MAX_IDS_PER_DELETE} values`);
  return values.map((value, index) => {
    if ((typeof value !== "string" || value.trim() === "") && typeof value !== "number")
      throw new ApiError(400, `${field}[${index}] must be a non-empty string`);
    // No profile can hold text PostgreSQL cannot store: a bad request, not a database error.
    const unstorable = unstorableText(String(value));
    if (unstorable) throw new ApiError(400, `${field}[${index}] holds ${unstorable}`);
    return field === "identity" ? { kind: "Identity", value: String(value) } : { objectId: String(value) };
  });
}
