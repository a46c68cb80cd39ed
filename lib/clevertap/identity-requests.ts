// The bodies of CleverTap's identity endpoints: POST /1/demerge/profiles.json {"identities": ["x", …]} (at most 100)
// and POST /1/disassociate {"d": [{"type": "phone", "value": "+91…"}, …]} (at most 1000).
import { ApiError } from "../api/api-error";
import { MAX_IDS_PER_DELETE, MAX_RECORDS_PER_UPLOAD } from "../profiles/limits";

export function demergeIdentities(body: unknown): string[] {
  const identities = (body as { identities?: unknown } | null)?.identities;
  if (!Array.isArray(identities) || identities.length === 0 || identities.length > MAX_IDS_PER_DELETE)
    throw new ApiError(400, `Body must be {"identities": [1 to ${MAX_IDS_PER_DELETE} identities]}`);
  return identities.map((value, index) => {
    if ((typeof value !== "string" || value.trim() === "") && typeof value !== "number")
      throw new ApiError(400, `identities[${index}] must be a non-empty string`);
    return String(value).trim();
  });
}

export function disassociateEntries(body: unknown): { record: unknown; phone: unknown; error: string | null }[] {
  const entries = (body as { d?: unknown } | null)?.d;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_RECORDS_PER_UPLOAD)
    throw new ApiError(400, `Body must be {"d": [1 to ${MAX_RECORDS_PER_UPLOAD} {"type": "phone", "value": …}]}`);
  return entries.map((record) => {
    const entry = record as { type?: unknown; value?: unknown } | null;
    if (entry === null || typeof entry !== "object" || entry.type !== "phone")
      return { record, phone: null, error: 'type must be "phone" (only phone numbers are disassociated)' };
    return { record, phone: entry.value, error: null };
  });
}
