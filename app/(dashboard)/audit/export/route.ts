// GET /audit/export?<filter> — the audit log of the filter as CSV, streamed. Admins only.

import { currentStaff } from "@/app/_server/require-staff";
import { parseAuditFilter } from "@/lib/audit/audit-filter";
import { auditCsvStream } from "@/lib/audit/export-audit";
import { canAudit } from "@/lib/permissions/roles";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  if (!(await currentStaff(canAudit)))
    return new Response("Only admins can export the audit log.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const filter = parseAuditFilter(Object.fromEntries(new URL(request.url).searchParams));
  return new Response(auditCsvStream({ ...filter, before: undefined }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
