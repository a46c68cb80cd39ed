// TAPESTRY_SDK_CONSENT=ignore: the Web SDK's calls carry no proof of who is logged in (anyone holding the public
// account id can log a browser in as any identity), so an operator may have consent keys from the SDK dropped:
// consents then change only through the REST API and staff. The rest of the record still applies.
import type { DomainRecord } from "../profiles/records";
import { isConsentKey } from "./consent-reason";

export type SdkConsentMode = "accept" | "ignore";

export function sdkConsentRecords(records: DomainRecord[], mode: SdkConsentMode): DomainRecord[] {
  if (mode === "accept") return records;
  return records.map((record) => {
    if (record.kind !== "profile" || !Object.keys(record.data).some(isConsentKey)) return record;
    return { ...record, data: Object.fromEntries(Object.entries(record.data).filter(([key]) => !isConsentKey(key))) };
  });
}
