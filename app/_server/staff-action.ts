// The one way to write a dashboard server action: the permission function the pages use, the form's own zod
// schema, the use case, the page refreshed on success, one ActionResult. Written here (20 lines) rather than with
// next-safe-action: that library answers { data, validationErrors, serverError }, a second result shape beside
// the ActionResult our use cases and forms already share, for no check we need beyond these.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { z } from "zod";
import { type ActionResult, invalidInput, Refusal, refused } from "@/lib/action-result";
import { type AuditActor, staffActor } from "@/lib/audit/write-audit";
import type { Permission } from "@/lib/permissions/roles";
import { currentStaff, type Staff } from "./require-staff";

export function staffAction<Schema extends z.ZodType, Data extends object, More extends object = object>(options: {
  /** Who may call it: a permission function of lib/permissions/roles.ts. */
  allowed: Permission;
  /** The answer to a caller without a session or with too low a role. */
  denied: string;
  /** The form's schema; the input is re-checked here whatever the browser checked. */
  schema: Schema;
  /** The use case. It returns a result, or throws a Refusal for an expected problem. `actor` is the staff member as
   * the audit log records them (address and request id of this request): use cases that change anything take it and
   * write their audit entry in their own transaction (profile changes: the engine does it, audit-staff-writes.ts). */
  run: (input: z.output<Schema>, staff: Staff, actor: AuditActor) => Promise<ActionResult<Data, More>>;
  /** The page whose data changed, refreshed after a success. */
  revalidate: string | ((input: z.output<Schema>) => string);
}): (input: unknown) => Promise<ActionResult<Data, More>> {
  return async (input) => {
    const staff = await currentStaff(options.allowed);
    if (!staff) return { ok: false, formError: options.denied };
    const parsed = options.schema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    try {
      const result = await options.run(parsed.data, staff, staffActor(staff, await headers()));
      if (result.ok) revalidatePath(typeof options.revalidate === "string" ? options.revalidate : options.revalidate(parsed.data));
      return result;
    } catch (error) {
      if (error instanceof Refusal) return refused(error);
      console.error("[action] failed", error);
      return { ok: false, formError: "The change could not be saved. Try again." };
    }
  };
}
