// The list's current filter as CSV: a header row, then every matching profile in keyset chunks. Cells that a
// spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe.

import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { cellText, columnLabel } from "./list-columns";
import { listAllProfiles } from "./list-profiles";
import type { ListState } from "./list-state";

export const neutraliseFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** The exported columns: the profile id, then the columns the user sees. */
export const exportColumns = (state: ListState) => ["id", ...state.cols.filter((c) => c !== "id")];

export async function* exportRecords(accountId: string, state: ListState): AsyncGenerator<string[]> {
  const columns = exportColumns(state);
  yield columns.map((c) => neutraliseFormula(c === "id" ? "Profile id" : columnLabel(c)));
  for await (const chunk of listAllProfiles(accountId, state)) {
    for (const row of chunk) yield columns.map((c) => (c === "id" ? String(row.id) : neutraliseFormula(cellText(row, c))));
  }
}

/** A web ReadableStream of CSV bytes, produced as the client reads (back-pressure through Node streams). */
export function exportCsvStream(accountId: string, state: ListState): ReadableStream<Uint8Array> {
  const csv = Readable.from(exportRecords(accountId, state)).pipe(stringify({ bom: true }));
  return Readable.toWeb(csv) as unknown as ReadableStream<Uint8Array>;
}
