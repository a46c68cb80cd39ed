import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { invalidInput, Refusal, refused } from "./action-result";

test("input a schema refuses becomes each field's messages and the first problem in words", () => {
  const schema = z.object({ name: z.string().min(1, "Enter a name."), role: z.enum(["viewer", "admin"], { error: "Choose a role." }) });
  const parsed = schema.safeParse({ name: "", role: "root" });
  assert.equal(parsed.success, false);
  assert.deepEqual(invalidInput(parsed.error!), {
    ok: false,
    fieldErrors: { name: ["Enter a name."], role: ["Choose a role."] },
    formError: "Enter a name.",
  });
});

test("a refusal names its field, or is the form's error", () => {
  assert.deepEqual(refused(new Refusal("Taken.", "email")), { ok: false, fieldErrors: { email: ["Taken."] } });
  assert.deepEqual(refused(new Refusal("Last admin.")), { ok: false, formError: "Last admin." });
});
