// GET /1/profile.json?identity=|email=|objectId= . The official Node library does not URL-encode the value,
// so an e-mail such as a+b@x.io arrives with a raw "+": decode without turning "+" into a space.
import { ApiError } from "../api/api-error";
import type { ProfileLookup } from "../profiles/find-profile";
import { unstorableText } from "../profiles/storable-text";

export function profileLookupFromUrl(url: string): ProfileLookup {
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  const params = new Map<string, string>();
  for (const part of query.split("&")) {
    const [rawKey, ...rest] = part.split("=");
    if (!rawKey) continue;
    try {
      params.set(decodeURIComponent(rawKey), decodeURIComponent(rest.join("=")));
    } catch {
      throw new ApiError(400, `Query parameter ${rawKey} is not valid URL encoding`);
    }
  }
  const given = (["identity", "email", "objectId"] as const).filter((key) => params.get(key));
  if (given.length !== 1) throw new ApiError(400, "Give exactly one of identity, email or objectId");
  const key = given[0];
  const value = params.get(key)!;
  // A NUL would fail PostgreSQL's text comparison (a 500): no profile can hold it, so the lookup is a bad request.
  const unstorable = unstorableText(value);
  if (unstorable) throw new ApiError(400, `${key} holds ${unstorable}`);
  return key === "identity" ? { identity: value } : key === "email" ? { email: value } : { objectId: value };
}
