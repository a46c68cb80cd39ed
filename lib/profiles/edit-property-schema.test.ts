import assert from "node:assert/strict";
import { test } from "node:test";
import { deletePropertySchema, editConsentSchema, editPropertySchema, toFormValue, toProfileData } from "./edit-property-schema";

const target = { profileId: "7", expectedVersion: "3", seenChangeSetId: "0" };

test("each type accepts what fits it and names the problem otherwise", () => {
  const check = (type: string, value: string) => editPropertySchema.safeParse({ ...target, key: "K", type, value });
  assert.equal(check("integer", "42").success, true);
  assert.equal(check("integer", "4.2").success, false);
  assert.equal(check("float", "4.25").success, true);
  assert.equal(check("float", "abc").success, false);
  assert.equal(check("boolean", "true").success, true);
  assert.equal(check("boolean", "yes").success, false);
  assert.equal(check("date", "2024-02-29").success, true);
  assert.equal(check("date", "2023-02-29").success, false);
  assert.equal(check("list", "a\nb").success, true);
  assert.equal(check("list", " \n ").success, false);
  assert.equal(check("string", "").success, false);
  assert.equal(check("object", "x").success, false);
  const bad = check("integer", "x");
  assert.equal(bad.success, false);
  assert.deepEqual(
    bad.error?.issues.map((issue) => [issue.path.join("."), issue.message]),
    [["value", "Enter a whole number."]],
  );
});

test("edits become the API's profile data", () => {
  assert.deepEqual(toProfileData({ key: "Points", type: "integer", value: " 42 " }), { Points: 42 });
  assert.deepEqual(toProfileData({ key: "VIP", type: "boolean", value: "false" }), { VIP: false });
  assert.deepEqual(toProfileData({ key: "Since", type: "date", value: "2024-01-02" }), { Since: "$D_1704153600" });
  assert.deepEqual(toProfileData({ key: "Tags", type: "list", value: "a\n b \n\nc" }), { Tags: { $set: ["a", "b", "c"] } });
  assert.equal(toFormValue("date", 1704153600), "2024-01-02");
  assert.equal(toFormValue("list", ["a", "b"]), "a\nb");
});

test("a consent change needs a known key, on/off and a reason", () => {
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-sms", value: "off", reason: "asked us" }).success, true);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-sms", value: "off", reason: " " }).success, false);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-fax", value: "off", reason: "asked us" }).success, false);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-sms", value: "maybe", reason: "asked us" }).success, false);
});

test("a consent can be set back to not set, with a reason", () => {
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-email", value: "unset", reason: "asked us" }).success, true);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-email", value: "unset", reason: "" }).success, false);
});

test("setting or deleting an MSG-* key as a property needs a reason too; other keys do not", () => {
  const set = { ...target, key: "MSG-whatsapp", type: "boolean", value: "true" };
  const noReason = editPropertySchema.safeParse(set);
  assert.equal(noReason.success, false);
  assert.deepEqual(
    noReason.error?.issues.map((issue) => issue.path.join(".")),
    ["reason"],
  );
  assert.equal(editPropertySchema.safeParse({ ...set, reason: "opted in at the desk" }).success, true);
  assert.equal(editPropertySchema.safeParse({ ...set, key: " MSG-whatsapp ", reason: "" }).success, false);
  assert.equal(editPropertySchema.safeParse({ ...set, key: "Plan", type: "string", value: "pro" }).success, true);
  assert.equal(deletePropertySchema.safeParse({ ...target, key: "MSG-push" }).success, false);
  assert.equal(deletePropertySchema.safeParse({ ...target, key: "MSG-push", reason: "asked us" }).success, true);
  assert.equal(deletePropertySchema.safeParse({ ...target, key: "Plan" }).success, true);
});
