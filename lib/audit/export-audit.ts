// The audit log of a filter as CSV (formula-like cells neutralised, as in the profile export).
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { neutraliseFormula } from "../queries/list-export";
import type { AuditFilter } from "./audit-filter";
import { listAllAudit } from "./list-audit";

const HEADER = ["id", "time (UTC)", "actor", "action", "profile", "subject", "old", "new", "reason", "address", "request id"];
const text = (value: unknown) => (value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value));

async function* auditRecords(filter: AuditFilter): AsyncGenerator<string[]> {
  yield HEADER;
  for await (const rows of listAllAudit(filter))
    for (const row of rows)
      yield [
        String(row.id),
        row.at.toISOString(),
        text(row.actorEmail),
        row.action,
        text(row.profileId),
        text(row.subject),
        text(row.oldValue),
        text(row.newValue),
        text(row.reason),
        text(row.ipAddress),
        text(row.requestId),
      ].map(neutraliseFormula);
}

export function auditCsvStream(filter: AuditFilter): ReadableStream<Uint8Array> {
  const csv = Readable.from(auditRecords(filter)).pipe(stringify({ bom: true }));
  return Readable.toWeb(csv) as unknown as ReadableStream<Uint8Array>;
}
