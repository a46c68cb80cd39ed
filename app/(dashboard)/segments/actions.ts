"use server";
// Save the list's current filters as a segment. Any signed-in staff member (viewer and up) may save one:
// a segment is a bookmark of a view, it changes no profile.
import { staffAction } from "@/app/_server/staff-action";
import { dashboardAccountId } from "@/lib/accounts/dashboard-account";
import { Refusal } from "@/lib/action-result";
import { canViewProfiles } from "@/lib/permissions/roles";
import { saveSegment } from "@/lib/segments/save-segment";
import { segmentInputSchema } from "@/lib/segments/segment-schema";

export const saveSegmentAction = staffAction({
  allowed: canViewProfiles,
  denied: "Your session has ended: sign in again.",
  schema: segmentInputSchema,
  revalidate: "/segments",
  run: async (input, staff) => {
    const accountId = await dashboardAccountId();
    if (!accountId) throw new Refusal("No account yet.");
    return saveSegment({ accountId, input, createdBy: staff.email });
  },
});
