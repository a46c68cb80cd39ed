"use server";
// Lifting a suppression (admins), through the one action wrapper, then lib/suppression.
import { z } from "zod";
import { staffAction } from "@/app/_server/staff-action";
import { Refusal } from "@/lib/action-result";
import { canAudit } from "@/lib/permissions/roles";
import { liftSuppression } from "@/lib/suppression/lift-suppression";

export const liftSuppressionAction = staffAction({
  allowed: canAudit,
  denied: "Only admins can lift suppressions.",
  schema: z.object({ id: z.string().regex(/^\d{1,18}$/) }),
  revalidate: "/suppressions",
  run: async (input, _staff, actor) => {
    if (!(await liftSuppression({ id: Number(input.id), actor: actor }))) throw new Refusal("Already lifted.");
    return { ok: true as const, message: "Lifted: it may come back." };
  },
});
