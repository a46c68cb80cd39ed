"use server";
// Save the list's current filters as a segment. Any signed-in staff member (viewer and up) may save one:
// a segment is a bookmark of a view, it changes no profile.
import { revalidatePath } from "next/cache";
import { currentStaff } from "@/lib/auth/require-staff";
import { listAccountId } from "@/lib/queries/list-account";
import { saveSegment } from "@/lib/segments/save-segment";
import type { SaveSegmentResult } from "@/lib/segments/segment-schema";

export async function saveSegmentAction(_previous: SaveSegmentResult | null, form: FormData): Promise<SaveSegmentResult> {
  const staff = await currentStaff("viewer");
  if (!staff) return { ok: false, fieldErrors: {}, formError: "Your session has ended: sign in again." };
  const accountId = await listAccountId();
  if (!accountId) return { ok: false, fieldErrors: {}, formError: "No account yet." };
  try {
    const result = await saveSegment({
      accountId,
      createdBy: staff.email,
      input: { name: form.get("name") ?? "", query: form.get("query") ?? "" },
    });
    if (result.ok) revalidatePath("/segments");
    return result;
  } catch (error) {
    console.error("[segments] save failed", error);
    return { ok: false, fieldErrors: {}, formError: "The segment could not be saved. Try again." };
  }
}
