// GET /profiles/export?<list state> — the current filter as CSV, streamed in keyset chunks. Viewers may export.
import { currentStaff } from "@/app/_server/require-staff";
import { dashboardAccountId } from "@/lib/accounts/dashboard-account";
import { canViewProfiles } from "@/lib/permissions/roles";
import { exportCsvStream } from "@/lib/queries/list-export";
import { ListQueryError, pageStatement } from "@/lib/queries/list-sql";
import { firstPage, parseListState, searchParamsRecord } from "@/lib/queries/list-state";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const staff = await currentStaff(canViewProfiles);
  if (!staff) return new Response("Sign in to export profiles.", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const accountId = await dashboardAccountId();
  if (!accountId) return new Response("No account yet.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const url = new URL(request.url);
  const state = firstPage(parseListState(searchParamsRecord(url.searchParams)));
  try {
    pageStatement(accountId, state); // a bad filter answers 400 before the stream starts
  } catch (error) {
    if (error instanceof ListQueryError)
      return new Response(error.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
  return new Response(exportCsvStream(accountId, state), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="profiles.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
