// GET /profiles/[id]/export — the person's export (profile, joined anonymous profiles, events, change log, consent
// ledger, merges) as a streamed JSON download. Admins only; audited.
import { headers } from "next/headers";
import { currentStaff } from "@/app/_server/require-staff";
import { staffActor } from "@/lib/audit/write-audit";
import { exportProfileForStaff } from "@/lib/dsr/export-profile";
import { canAudit } from "@/lib/permissions/roles";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await currentStaff(canAudit);
  if (!staff) return text(403, "Only admins can export a person's data.");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) return text(404, "No such profile.");
  const stream = await exportProfileForStaff({ profileId: Number(id), actor: staffActor(staff, await headers()) });
  if (!stream) return text(404, "No such profile.");
  return new Response(stream, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="profile-${id}.json"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
